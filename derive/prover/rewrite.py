"""Deciding that an expression is zero by rewriting, with only sound rewrites.

Each variant is a SymPy rewrite that respects assumptions: logarithms are expanded by
`expand_log` *without* force, so log(xy) = log x + log y is used only where SymPy knows
x, y > 0 (expand_log(force=True) "proves" it at x = y = −1). Any exception inside a
variant (SymPy's simplify can raise on sums, sympy issue 14570) means the variant failed.
"""
from __future__ import annotations

import sympy as sp

from ..sandbox import Timeout


def warm() -> None:
    """Import now what `sp.simplify` imports on its first call (sympy.physics.units, a
    tenth of a second): every forked step worker would otherwise pay it from its budget."""
    import sympy.physics.units  # noqa: F401


def _exp_form(e):
    return sp.simplify(sp.powsimp(sp.expand(e.rewrite(sp.exp))))


def _function_atoms(e):
    """Every function application (σ(…), e^{…}) as an independent symbol: an identity
    of the resulting rational function holds for the real functions in particular."""
    names = {f: sp.Dummy() for f in e.atoms(sp.Function)}
    num, _ = sp.fraction(sp.together(e.xreplace(names)))
    return sp.expand(num)


VARIANTS = [
    ("direct computation", lambda e: e),
    ("polynomial identity", _function_atoms),
    ("cancellation", lambda e: sp.cancel(sp.together(sp.expand(e)))),
    ("exponential normal form", lambda e: sp.cancel(sp.powsimp(sp.expand(e, power_exp=True)))),
    ("simplification", sp.simplify),
    ("log expansion under positivity", lambda e: sp.simplify(sp.expand_log(sp.expand(e)))),
    ("exp rewriting", _exp_form),
]


def is_zero(expr) -> str | None:
    """The name of the first rewrite that brings expr to 0, else None."""
    for name, variant in VARIANTS:
        try:
            if _zero(variant(expr)):
                return name
        except Timeout:
            raise
        except Exception:
            continue
    return None


def _zero(e) -> bool:
    if isinstance(e, sp.MatrixBase):
        return all(_zero(x) for x in e)
    if isinstance(e, sp.Piecewise):         # 0 except where a side is undefined (σ = 0 of
        return all(v == 0 or v in _UNDEFINED for v, _ in e.args)   # sign(σ)/|σ| − 1/σ)
    return e == 0 or (isinstance(e, sp.Basic) and e.is_zero is True and not e.has(sp.Sum))


_UNDEFINED = (sp.zoo, sp.nan, sp.oo, -sp.oo)


def matrix_zero(expr) -> str | None:
    """is_zero entry by entry; the method is the strongest rewrite an entry needed."""
    if not isinstance(expr, sp.MatrixBase):
        return is_zero(expr)
    names = [is_zero(x) for x in expr]
    if any(n is None for n in names):
        return None
    order = [n for n, _ in VARIANTS]
    return max(names, key=order.index) if names else "direct computation"
