"""Small edits of an expression: a sign flipped, a term or a factor dropped, two indices
swapped, an exponent's sign flipped, a power changed by one, a sum's range changed, a
logarithm of a quotient turned over, a constant changed.

They are the kinds of slips students make, used both ways: `mutants` makes a correct
expression wrong (the soundness test: no mutant of a true claim may be proved), `edits`
lists the small changes of a written expression that the diagnosis of a wrong step tries
as repairs (derive.diagnosis); `matrix_edits` the slips of matrix notation (a transpose,
an order of factors, ⊙ for a product), for the repairs of a step refuted there.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from .notation import Hadamard, Transposed

_LEAVES = (sp.Indexed, sp.IndexedBase, sp.KroneckerDelta)
_BINDERS = (sp.Sum, sp.Product, sp.Derivative, sp.Integral)


# --- positions in a tree -------------------------------------------------------------------

def positions(expr, into_limits: bool = False):
    """(path, subtree) of every subtree of expr, parents first. An indexed name and δ are
    leaves; the limits of a sum or a derivative are skipped unless `into_limits`."""
    out = []

    def walk(e, path):
        out.append((path, e))
        if not isinstance(e, sp.Basic) or isinstance(e, _LEAVES) or not e.args:
            return
        args = e.args if into_limits or not isinstance(e, _BINDERS) else e.args[:1]
        for n, a in enumerate(args):
            if isinstance(a, sp.Basic):
                walk(a, path + (n,))
    walk(expr, ())
    return out


def replace_at(expr, path: tuple, new):
    """expr with the subtree at `path` (argument numbers from the root) replaced."""
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


def _parent(expr, path):
    node = expr
    for n in path[:-1]:
        node = node.args[n]
    return node if path else None


def _replace_at(expr, target, new):
    """expr with the first occurrence of the subtree `target` replaced."""
    path = next((p for p, e in positions(expr, into_limits=True) if e is target), None)
    return expr if path is None else replace_at(expr, path, new)


# --- slips, as edits of a written expression --------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """One small change: `old` (None when something is added) became `new`, giving `result`."""
    kind: str       # sign, factor, index, exponent, power, range, log
    how: str        # what exactly: "term", "drop", "restore", "swap", "one", "all", …
    old: object
    new: object
    result: object

    @property
    def size(self) -> int:
        """How much of the expression the edit touches: the nodes of what it changed."""
        part = self.old if self.old is not None else self.new
        return sum(1 for _ in sp.preorder_traversal(part)) if isinstance(part, sp.Basic) else 1


def _is_log_term(t) -> bool:
    return t.has(sp.log)


def _excluded(body, var):
    """(factor, x) when body carries the factor (1 − δ_{var x}) of a sum over var ≠ x."""
    for f in sp.Mul.make_args(body):
        for d in f.atoms(sp.KroneckerDelta) if f.is_Add else ():
            if var in d.args and sp.expand(f - (1 - d)) == 0:
                return f, next((a for a in d.args if a != var), var)
    return None


def edits(expr, indices=(), other=None, limit: int = 12, factors=(), scales=(),
          names=()) -> list[Edit]:
    """Small edits of expr: every kind at up to `limit` places. `indices` are the free index
    symbols of the step (for swaps and ranges); `other` is the other side of the step,
    whose factors a product may have lost, and `factors` more such (a chain-rule factor,
    the derivative of an inner function: restored on the whole side or inside a sum);
    `scales` the small factors a side may have lost or gained (2, 1/2, n, 1/n); `names`
    the variables of the problem, one of which may stand where another was meant."""
    nodes = positions(expr)
    out: list[Edit] = []

    def add(kind, how, path, old, new):
        out.append(Edit(kind, how, old, new, replace_at(expr, path, new)))

    def bound_at(path):
        """The summation indices in force at a path (a j of Σ_j is usable inside it)."""
        found, node = [], expr
        for n in path:
            if isinstance(node, sp.Sum):
                found += [lim[0] for lim in node.limits]
            node = node.args[n]
        return found

    # the sign of the whole side, of a term of a sum, of a factor that is itself a sum
    signs = [(p, e) for p, e in nodes if not p or (
        _parent(expr, p).is_Add or (_parent(expr, p).is_Mul and e.is_Add))]
    for p, e in signs[:limit]:
        # a term's sign inside an exponent (e^{z_j − D} for e^{z_j + D}) is the exponent's
        kind = "exponent" if _in_exponent(expr, p) else "sign"
        add(kind, "whole" if not p else "term" if _parent(expr, p).is_Add else "factor",
            p, e, -e)
    if (expr.is_Symbol or isinstance(expr, sp.Indexed)) and not expr.is_integer:
        out.append(Edit("factor", "drop", None, expr, sp.Integer(1)))    # ∂z/∂b = x for 1
    # a factor dropped (never the sign), or one the other side has restored
    muls = [(p, e) for p, e in nodes if e.is_Mul]
    for p, m in muls[:limit]:
        for n, f in enumerate(m.args):
            if f != -1:
                add("factor", "drop", p, f, sp.Mul(*(m.args[:n] + m.args[n + 1:])))
    lost = list(factors)
    if other is not None and isinstance(other, sp.Basic) and other.is_Mul \
            and not other.has(sp.Derivative):
        lost += list(other.args)
    mine = set(sp.Mul.make_args(expr))
    for f in dict.fromkeys(lost):
        if f not in mine and not f.is_Number:
            out.append(Edit("factor", "restore", None, f, expr * f))
    for f in dict.fromkeys(factors):             # inside a sum: Σ_i (w x_i − y_i) x_i
        for p, e in nodes:
            if isinstance(e, sp.Sum) and f.has(*[lim[0] for lim in e.limits]):
                add("factor", "restore", p, f, sp.Sum(e.function * f, *e.limits))
                out[-1] = Edit("factor", "restore", None, f, out[-1].result)
    if expr.is_Add:                             # on one term: d/dx(x³ + e^{2x}) = 3x² + e^{2x}
        for n, term in enumerate(expr.args[:limit]):
            for f in dict.fromkeys(factors):
                if f not in (1, -1) and f not in sp.Mul.make_args(term):
                    out.append(Edit("factor", "restore", None, f,
                                    replace_at(expr, (n,), term * f)))
    for c in scales:
        out.append(Edit("factor", "scale", None, c, expr * c))
    if scales:                                 # a constant term lost: ln(p/q) for ln(p/q) + 1
        for c in (sp.Integer(1), sp.Integer(-1)):
            out.append(Edit("sign", "constant", None, c, expr + c))
    # an exponent's sign: e^{-z} ↔ e^{z}, x^{-2} ↔ x^{2}
    for p, e in nodes:
        if isinstance(e, sp.exp):
            add("exponent", "exp", p, e, sp.exp(-e.args[0]))
        elif e.is_Pow and e.exp not in (1, -1):
            add("exponent", "pow", p, e, e.base ** (-e.exp))
    # a power changed by one
    for p, e in nodes:
        if e.is_Pow and e.exp.is_Integer:
            for k in (e.exp - 1, e.exp + 1):
                if k != 0:
                    add("power", "pow", p, e, e.base ** k)
        elif p and _parent(expr, p).is_Mul and not e.is_Number and not e.is_Pow:
            add("power", "pow", p, e, e ** 2)
    # an index: one indexed name's index replaced, a matrix entry's indices turned round,
    # two free indices swapped throughout
    for p, e in [(p, e) for p, e in nodes if isinstance(e, (sp.Indexed, sp.KroneckerDelta))
                 ][:limit]:
        subs = e.indices if isinstance(e, sp.Indexed) else e.args
        mark = len(out)
        usable = list(dict.fromkeys(list(indices) + bound_at(p)))
        for n, s in enumerate(subs):
            for t in usable:
                if isinstance(s, sp.Symbol) and t != s:
                    new = list(subs)
                    new[n] = t
                    add("index", "one", p, e, e.func(*((e.base,) if isinstance(
                        e, sp.Indexed) else ()), *new))
        if isinstance(e, sp.Indexed) and len(subs) > 1 and len(set(subs)) > 1:
            add("index", "turn", p, e, e.func(e.base, *reversed(subs)))
        up = _parent(expr, p)
        if up is not None and up.is_Pow and up.exp.is_Integer and up.exp > 1:
            # one of the equal factors of a_j a_j = a_j² was meant as another index
            for x in [x for x in out[mark:] if x.old is e]:
                out.append(Edit("index", "one", e, x.new, replace_at(
                    expr, p[:-1], up.base ** (up.exp - 1) * x.new)))
    # a variable written where another was meant (∂f/∂y = x for z; w_0 for x_0)
    for p, e in [(p, e) for p, e in nodes if e in names or isinstance(e, sp.Indexed)
                 and e.base in names][:limit]:
        for t in names:
            if isinstance(e, sp.Indexed) and isinstance(t, sp.IndexedBase) and t != e.base:
                add("index", "one", p, e, t[e.indices])
            elif isinstance(e, sp.Symbol) and isinstance(t, sp.Symbol) and t != e:
                add("index", "one", p, e, t)
    bound = {lim[0] for s in expr.atoms(sp.Sum) for lim in s.limits} \
        if isinstance(expr, sp.Basic) else set()
    present = [i for i in indices if isinstance(expr, sp.Basic) and expr.has(i) and i not in bound]
    for a, b in itertools.combinations(present, 2):
        out.append(Edit("index", "swap", sp.Tuple(a, b), sp.Tuple(b, a),
                        expr.xreplace({a: b, b: a})))
    # a sum's range: j ≠ i ↔ all j
    for p, e in nodes:
        if isinstance(e, sp.Sum) and len(e.limits) == 1:
            var = e.limits[0][0]
            found = _excluded(e.function, var)
            if found:
                factor, x = found
                add("range", "all", p, e, sp.Sum(sp.Mul(*[
                    f for f in sp.Mul.make_args(e.function) if f is not factor]), *e.limits))
            else:
                for x in indices:
                    if x != var:
                        add("range", "except", p, e, sp.Sum(
                            e.function * (1 - sp.KroneckerDelta(var, x)), *e.limits))
            for x in indices:                      # the sum kept where one term was meant
                if x != var and not e.function.has(x):
                    add("range", "term", p, e, e.function.xreplace({var: x}))
            _, lo, hi = e.limits[0]                # a bound off by one (Σ_{k=1} for Σ_{k=2})
            for new in ((var, lo + 1, hi), (var, lo - 1, hi), (var, lo, hi - 1)):
                add("range", "bound", p, e, sp.Sum(e.function, new))
    # a logarithm of a quotient split with the opposite sign: ln b − ln a for ln a − ln b
    for p, e in nodes:
        if e.is_Add:
            logs = [n for n, t in enumerate(e.args) if _is_log_term(t)]
            if len(logs) >= 2:
                add("log", "split", p, e, sp.Add(*[-t if n in logs else t
                                                   for n, t in enumerate(e.args)]))
    # a function's argument scaled or squared: tanh x for tanh 2x, tanh² x for tanh² x²
    for p, e in [(p, e) for p, e in nodes if p and isinstance(_parent(expr, p), sp.Function)
                 and not e.is_Number][:limit]:
        for new, kind in ((2 * e, "factor"), (e / 2, "factor"), (e ** 2, "power")):
            add(kind, "argument", p, e, new)
    # a logarithm rule misapplied: ln(ab) written ln a · ln b, ln(a/b) as ln a / ln b,
    # ln(a + b) as ln a + ln b — the product (or quotient, or sum) of logarithms repaired
    for p, e in nodes:
        for new in _log_rule_repairs(e):
            add("log", "rule", p, e, new)
    return [x for x in out if x.result != expr]


def _in_exponent(expr, path) -> bool:
    node = expr
    for n in path:
        if isinstance(node, sp.exp) or node.is_Pow and n == 1:
            return True
        node = node.args[n]
    return False


def _log_rule_repairs(e) -> list:
    """What a product, quotient or sum of logarithms was meant to be (at most 8)."""
    out = []
    if e.is_Mul:
        logs = [f for f in e.args if isinstance(f, sp.log) or (
            f.is_Pow and f.exp == -1 and isinstance(f.base, sp.log))]
        rest = [f for f in e.args if f not in logs]
        if 1 <= len(logs) <= 3 and len(rest) <= 4 and (len(logs) > 1 or rest):
            terms = [lg if isinstance(lg, sp.log) else -lg.base for lg in logs]
            if len(logs) == 1:              # z ln u for z + ln u, −z / ln u for −z − ln u
                out.append(sp.Mul(*rest) + terms[0])
            else:                           # each other factor goes with one logarithm,
                out.append(sp.Mul(*rest) * sp.Add(*terms))     # or with all of them
                for owners in itertools.product(range(len(terms)), repeat=len(rest)):
                    groups = [sp.Mul(*[f for f, o in zip(rest, owners) if o == n]) * t
                              for n, t in enumerate(terms)]
                    out.append(sp.Add(*groups))
    elif e.is_Add:
        logs = [t for t in e.args if isinstance(t, sp.log)]
        if len(logs) >= 2:                  # ln a + ln b for ln(a + b)
            others = [t for t in e.args if t not in logs]
            out.append(sp.Add(*others, sp.log(sp.Add(*[lg.args[0] for lg in logs]))))
    return list(dict.fromkeys(out))[:8]


def mutants(expr, index_symbols=()) -> list[tuple[str, sp.Expr]]:
    """Mutants of expr, each (kind, expression), none structurally equal to expr."""
    out = [("sign", -expr)]
    adds = [e for e in sp.preorder_traversal(expr) if isinstance(e, sp.Add)]
    for add in adds[:3]:
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


def matrix_edits(expr):
    """(kind, expr edited once, what the edit undoes) for each matrix slip: a transpose
    written that should not be, one missing on a name, two neighbouring factors in the
    wrong order (or all of them reversed), ⊙ written for a matrix product and a product
    for ⊙, the sign of a term."""
    def shown(e):
        return f"${sp.latex(e)}$"
    out, seen = [], {expr}

    def add(kind, edited, what):
        if edited not in seen:
            seen.add(edited)
            out.append((kind, edited, what))
    under = {a.args[0] for a in sp.preorder_traversal(expr) if isinstance(a, Transposed)}
    for node in sp.preorder_traversal(expr):
        if isinstance(node, Transposed):
            add("transpose", expr.xreplace({node: node.args[0]}),
                f"an extra transpose on {shown(node.args[0])}")
        elif isinstance(node, (sp.Symbol, sp.Indexed)) and node.is_commutative is False \
                and node not in under:
            add("transpose", expr.xreplace({node: Transposed(node)}),
                f"a transpose missing on {shown(node)}")
        elif isinstance(node, Hadamard):
            add("product", expr.xreplace({node: node.args[0] * node.args[1]}),
                "⊙ (entry by entry) where the matrix product is meant")
        if isinstance(node, sp.Add):
            for term in node.args:
                add("sign", expr.xreplace({node: node - 2 * term}),
                    f"the sign of {shown(term)}")
        if isinstance(node, sp.Mul):
            args = list(node.args)
            arrays = [a for a in args if not a.is_commutative]
            if len(arrays) >= 3:            # (ABC)^T = C^T B^T A^T written A^T B^T C^T
                numbers = [a for a in args if a.is_commutative]
                add("order", expr.xreplace({node: sp.Mul(*numbers, *reversed(arrays))}),
                    f"the factors of {shown(node)} in reverse order")
            for i in range(len(args) - 1):
                a, b = args[i], args[i + 1]
                if a.is_commutative or b.is_commutative or a == b:
                    continue
                add("order", expr.xreplace({node: sp.Mul(*args[:i], b, a, *args[i + 2:])}),
                    f"the factors {shown(a)} and {shown(b)} in the wrong order")
                add("product", expr.xreplace({node: sp.Mul(*args[:i], Hadamard(a, b),
                                                            *args[i + 2:])}),
                    f"the matrix product of {shown(a)} and {shown(b)} where ⊙ is meant")
    # the smallest first: a transpose or a sign, then an order, then a product
    rank = {"transpose": 0, "sign": 0, "order": 1, "product": 2}
    return sorted(out, key=lambda c: rank[c[0]])
