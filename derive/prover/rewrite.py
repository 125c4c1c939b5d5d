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


def exps_as_atoms(e):
    """e with every e^u a new positive name t_u, and e^{−u} its inverse 1/t_u: a rational
    function of few names where σ(M)σ(−M) − σ(M)(1 − σ(M)) is one, cheap to cancel (an
    identity in the names holds for the exponentials in particular). Expanding instead
    multiplies e^{−y(w_1 x_1 + w_2 x_2)} out into products of exponentials."""
    names, put = {}, {}
    for power in e.atoms(sp.exp):
        u = sp.expand(power.args[0])
        negative = u.could_extract_minus_sign()
        name = names.setdefault(-u if negative else u, sp.Dummy("t", positive=True))
        put[power] = 1 / name if negative else name
    return e.xreplace(put)


def rational_in_exps(e):
    return sp.cancel(sp.together(exps_as_atoms(e)))


VARIANTS = [
    ("direct computation", lambda e: e),
    ("polynomial identity", _function_atoms),
    ("exponentials as names", rational_in_exps),
    ("cancellation", lambda e: sp.cancel(sp.together(sp.expand(e)))),
    ("exponential normal form", lambda e: sp.cancel(sp.powsimp(sp.expand(e, power_exp=True)))),
    ("simplification", sp.simplify),
    ("log expansion under positivity", lambda e: sp.simplify(sp.expand_log(sp.expand(e)))),
    ("exp rewriting", _exp_form),
]


# the rewrites that stay cheap on a large expression (simplify may not)
QUICK = ("direct computation", "polynomial identity", "exponentials as names", "cancellation")


def is_zero(expr, quick: bool = False) -> str | None:
    """The name of the first rewrite that brings expr to 0, else None (`quick`: of the
    cheap ones only)."""
    for name, variant in VARIANTS:
        if quick and name not in QUICK:
            continue
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
