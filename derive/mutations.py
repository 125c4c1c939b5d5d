"""Small wrong edits of a correct expression: a sign flipped, a term dropped, two indices
swapped, a constant changed. The soundness test feeds them to the prover (no mutant of a
true claim may be proved); they are also the kinds of slips students make."""
from __future__ import annotations

import itertools

import sympy as sp


def _replace_at(expr, target, new):
    """expr with the single subtree `target` (by identity of position) replaced."""
    if expr is target:
        return new
    if not expr.args or isinstance(expr, (sp.Indexed, sp.IndexedBase)):
        return expr
    args = list(expr.args)
    for n, a in enumerate(args):
        if a is target or (isinstance(a, sp.Basic) and target in sp.preorder_traversal(a)):
            args[n] = _replace_at(a, target, new)
            return expr.func(*args)
    return expr


def _adds(expr):
    return [e for e in sp.preorder_traversal(expr) if isinstance(e, sp.Add)]


def mutants(expr, index_symbols=()) -> list[tuple[str, sp.Expr]]:
    """Mutants of expr, each (kind, expression), none structurally equal to expr."""
    out = [("sign", -expr)]
    for add in _adds(expr)[:3]:
        for n, term in enumerate(add.args[:3]):
            flipped = sp.Add(*[(-t if m == n else t) for m, t in enumerate(add.args)])
            out.append(("sign", _replace_at(expr, add, flipped)))
            dropped = sp.Add(*[t for m, t in enumerate(add.args) if m != n])
            out.append(("term", _replace_at(expr, add, dropped)))
    present = [i for i in index_symbols if isinstance(expr, sp.Basic) and expr.has(i)]
    for a, b in itertools.combinations(present, 2):
        out.append(("index", expr.xreplace({a: b, b: a})))
    for a in present:
        for b in index_symbols:
            if b != a and not expr.has(b):
                out.append(("index", expr.xreplace({a: b})))
                break
    numbers = sorted({x for x in sp.preorder_traversal(expr)
                      if isinstance(x, sp.Number) and x not in (0, -1, 1)}, key=str)
    for x in numbers[:2]:
        out.append(("constant", expr.xreplace({x: x + 1})))
    out.append(("constant", 2 * expr))
    out.append(("constant", expr + 1))
    seen, unique = set(), []
    for kind, m in out:
        if m != expr and m not in seen:
            seen.add(m)
            unique.append((kind, m))
    return unique
