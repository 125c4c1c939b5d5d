"""Small helpers that treat a scalar expression and a matrix of them alike."""
from __future__ import annotations

import functools
import re

import sympy as sp
from sympy.core.function import AppliedUndef


def entries(e) -> list:
    if isinstance(e, sp.MatrixBase):
        return list(e)
    return [e] if isinstance(e, sp.Basic) else []


def has(e, *what) -> bool:
    return any(x.has(*what) for x in entries(e))


def atoms(e, kind) -> set:
    return set().union(*[x.atoms(kind) for x in entries(e)]) if entries(e) else set()


def xreplace(e, mapping):
    if isinstance(e, sp.MatrixBase):
        return e.applyfunc(lambda x: x.xreplace(mapping))
    return e.xreplace(mapping) if isinstance(e, sp.Basic) else e


def as_int(bound, assignment) -> int:
    """An index range's upper bound at concrete dimensions."""
    return int(bound.xreplace(assignment)) if isinstance(bound, sp.Basic) else int(bound)


def free_symbols(e) -> set:
    """Free symbols, counting the indices of what a derivative is taken with respect to
    (SymPy's Derivative.free_symbols leaves out the i of ∂/∂z_i)."""
    found = set()
    for x in entries(e):
        found |= x.free_symbols
        # (the k of ∂/∂p_k inside Σ_k is the sum's own)
        bound = {lim[0] for s in x.atoms(sp.Sum, sp.Product) for lim in s.limits}
        for d in x.atoms(sp.Derivative):
            for v in d.variables:
                found |= v.free_symbols - bound
    return found


def mentions(expr) -> set:
    """Every name an expression (or a definition's body, a Lambda) could be using a
    definition of: symbols, indexed bases and the functions it applies."""
    if isinstance(expr, sp.Lambda):
        expr = expr.expr
    if not isinstance(expr, sp.Basic):
        return set()
    found = set(expr.free_symbols) | set(expr.atoms(sp.IndexedBase))
    found |= {i.base for i in expr.atoms(sp.Indexed)}
    found |= {type(f) for f in expr.atoms(sp.Function)}
    found |= {by_arity(type(f), len(f.args)) for f in expr.atoms(AppliedUndef)}
    return found


@functools.lru_cache(maxsize=1024)
def by_arity(function, arity: int):
    """The key of a document's function of that many arguments where one letter names two
    (entropy H(p) and cross-entropy H(p, q)): printed as the letter, a name of its own."""
    kept = {k: v for k, v in getattr(function, "_kwargs", {}).items() if k != "nargs"}
    return sp.Function(function.__name__, nargs=arity, **kept)


def is_by_arity(key) -> bool:
    """Whether a definition's key is `by_arity`'s: a function kept for calls of its arity
    only — the bare letter is the function the document defined last."""
    return isinstance(key, sp.core.function.UndefinedFunction) and key.nargs != sp.Naturals0


def sum_bounds(exprs) -> set:
    """The symbols in the upper bounds of the sums of exprs (n of Σ_{k=1}^n): dimensions,
    not indices."""
    return {b for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)
            for lim in s.limits for b in lim[2].free_symbols}


def summed_families(exprs) -> set:
    """The IndexedBases a sum of exprs runs over by one of their indices (Y of
    Σ_k Y_k log σ(A_k)): data the derivation ranges over, variables of the problem."""
    return {i.base for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)
            for i in s.function.atoms(sp.Indexed)
            if any(lim[0] in i.indices for lim in s.limits)}


_DECORATED = re.compile(r"^\\(?:mathbf|boldsymbol|vec|bm)\{(.*)\}$")


def bare_letter(name: str) -> str:
    """A vector's name without its decoration (`\\mathbf{z}` → z): the letter its entries
    z_i are written with."""
    m = _DECORATED.match(name)
    return m.group(1) if m else name


def is_decorated(name: str) -> bool:
    """Whether a name is written bold or with an arrow: a vector's."""
    return _DECORATED.match(name) is not None
