"""A step as a claim, and the claim's proof read as a verdict.

The step `lhs rel rhs` becomes a one-part Claim under the scope's definitions and
hypotheses (index letters unified, σ written out, index ranges given) and is decided by
the same prover as every lemma.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ..claim import Claim, Compare, Equals, Part, Source, tex
from ..latex.parser import APART_DIM, DEFAULT_DIM
from ..notation import Optimum, Sigmoid, kept_whole, sigma
from ..outcome import ReasonKind
from ..prover import PROVED, REFUTED, prove
from ..prover.context import Context, bound_written_alike, same_labels
from ..prover.exprs import free_symbols, mentions, sum_bounds
from ..prover.sampling import expand_finite
from ..sandbox import deadline, remaining
from .results import DIFFERENCE, INVALID, UNKNOWN, VALID
from .norms import inner_products, written_out
from .scope import Scope, read_bare

_SOURCE = Source("homework", "a derivation")


def write_logistic(expr):
    """σ is the logistic function: write it out so every strategy sees exp."""
    if isinstance(expr, sp.Basic) and expr.has(Sigmoid):
        return expr.replace(lambda e: isinstance(e, Sigmoid), lambda e: sigma(e.args[0]))
    return expr


def _integer_symbols(items) -> set:
    """The integer symbols of expressions and definitions (a Lambda's variables too)."""
    found = set()
    for e in items:
        if isinstance(e, sp.Lambda):
            found |= {v for v in e.variables if v.is_integer}
            e = e.expr
        if isinstance(e, sp.Basic):
            found |= {s for s in free_symbols(e) if s.is_integer}
    return found


def _index_ranges(exprs, defs):
    """(indices, dims, starts): every integer index symbol ranges over 1..n, n the
    dimension of the sums in play; with several dimensions, an index ranges where the
    slots it fills do (`_slot_ranges`); one that fills only slots the sums run from 0
    ranges as they do (`_from_zero`)."""
    items = list(exprs) + list(defs.values())
    ranges, least = _ranges_from_one(items)
    zero = _from_zero(items, set(ranges) | (_integer_symbols(items) - sum_bounds(items)))
    return {**ranges, **zero}, least, {i: sp.Integer(0) for i in zero}


def _ranges_from_one(items):
    bounds = sum_bounds(items)
    indices = _integer_symbols(items) - bounds
    if not indices and not bounds:
        return {}, {}
    if not bounds:
        # Σ_{k=1}^{3} e^{z_k} alone: z has three entries, and a free z_k is one of them
        tops = {lim[2] for e in items if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)
                for lim in s.limits if lim[1] == 1}
        if len(tops) == 1 and next(iter(tops)).is_Integer and next(iter(tops)) >= 1:
            return {i: next(iter(tops)) for i in indices}, {}
    dims = sorted(bounds, key=str) or [DEFAULT_DIM]
    if len(dims) > 1:
        # which index runs to which bound is not written down but shown by use: k in
        # a_k, where Σ_{k=1}^m a_k runs a's index to m. An index with no such use, or
        # uses that disagree, gets no range, so no Σ_k δ_ik f_k = f_i is ever used for
        # an i that might lie outside 1..bound
        slots = _slot_ranges(items)
        filled = _slots_filled(items)
        ranges = {}
        for i in indices:
            seen = {slots.get(slot) for slot in filled.get(i, ())}
            if len(seen) == 1 and None not in seen:
                ranges[i] = seen.pop()
        return ranges, _least(items, dims, slots)
    return {i: dims[0] for i in indices}, _least(items, dims, _slot_ranges(items))


def _from_zero(items, indices) -> dict:
    """{index: upper bound} for the indices whose slots the sums run from 0 alone (k of
    ∂/∂w_k beside Σ_{j=0}^{K-1} w_j x_{i+j} lies in 0..K − 1, never at K)."""
    runs = _slot_runs(items)
    filled = _slots_filled(items)
    out = {}
    for i in indices:
        seen = {r for slot in filled.get(i, ()) for r in runs.get(slot, ())}
        if len(seen) == 1 and next(iter(seen))[0] == 0:
            out[i] = next(iter(seen))[1]
    return out


def _digit_pairs(exprs, defs) -> list:
    """W_{12} as W_{1,2} where W is written with two indices elsewhere in the step or its
    definitions (W_{ij}): the entry in row 1, column 2, as a matrix written out means it,
    not the twelfth."""
    items = [e for e in list(exprs) + list(defs.values()) if isinstance(e, sp.Basic)]
    two = {x.base for e in items for x in e.atoms(sp.Indexed) if len(x.indices) == 2}
    if not two:
        return list(exprs)

    def split(x):
        digits = str(x.indices[0])
        return x.base[int(digits[0]), int(digits[1])]
    return [e.replace(lambda x: isinstance(x, sp.Indexed) and x.base in two
                      and len(x.indices) == 1 and x.indices[0].is_Integer
                      and 10 <= x.indices[0] <= 99, split)
            if isinstance(e, sp.Basic) else e for e in exprs]


def _paired_entries(defs: dict, exprs) -> dict:
    """`$$w_{11} = 0.2, w_{12} = -0.4$$` beside h_j = σ(w_{j1} x_1 + w_{j2} x_2 + b_j): the
    values given as w_{11} are those of the entries w_{1,1}, w_{1,2} the definitions use
    (as `_digit_pairs` reads a step's own w_{11})."""
    items = [e for e in list(exprs) + [v.expr if isinstance(v, sp.Lambda) else v
                                      for v in defs.values()] if isinstance(e, sp.Basic)]
    two = {x.base for e in items for x in e.atoms(sp.Indexed) if len(x.indices) == 2}
    out = {}
    for key, value in defs.items():
        if isinstance(key, sp.Indexed) and key.base in two and len(key.indices) == 1 \
                and key.indices[0].is_Integer and 10 < key.indices[0] < 100 \
                and key.indices[0] % 10:
            row, col = divmod(int(key.indices[0]), 10)
            pair = key.base[sp.Integer(row), sp.Integer(col)]
            if pair not in defs:
                out[pair] = value
    return out


def _least(items, dims, slots: dict) -> dict:
    """Each dimension's least value: 1, or the largest entry written of a slot that runs
    to it (`slots`, _slot_ranges: z_2 beside Σ_{k=1}^n e^{z_k}: n ≥ 2 — the step speaks of
    a second entry)."""
    least = {d: 1 for d in dims}
    for e in items:
        if isinstance(e, sp.Basic):
            for x in e.atoms(sp.Indexed):
                for pos, i in enumerate(x.indices):
                    bound = slots.get((x.base, pos))
                    if i.is_Integer and bound in least:
                        least[bound] = max(least[bound], int(i))
    return least


def _slots_filled(items) -> dict:
    """{symbol: the (name, position) slots it fills as an index}: k in w_{jk} fills (w, 2)."""
    found: dict = {}
    for e in items:
        if isinstance(e, sp.Basic):
            for x in e.atoms(sp.Indexed):
                for pos, i in enumerate(x.indices):
                    found.setdefault(i, set()).add((x.base, pos))
    return found


def _slot_runs(items) -> dict:
    """{slot: the (first, last) of each sum over it}, for the sums from 0 or 1
    (Σ_{k=1}^m w_{jk} a_k: (w, 2) and (a, 1) run (1, m))."""
    found: dict = {}
    for e in items:
        if not isinstance(e, sp.Basic):
            continue
        for s in e.atoms(sp.Sum):
            inside = _slots_filled([s.function])
            for lim in s.limits:
                if len(lim) == 3 and lim[1] in (0, 1):
                    for slot in inside.get(lim[0], ()):
                        found.setdefault(slot, set()).add((int(lim[1]), lim[2]))
    return found


def _slot_ranges(items) -> dict:
    """The upper bound each slot runs to in the sums from 1 (Σ_{k=1}^m w_{jk} a_k: (w, 2)
    and (a, 1) to m); a slot summed to two bounds has none."""
    out = {}
    for slot, runs in _slot_runs(items).items():
        tops = {hi for lo, hi in runs if lo == 1}
        if len(tops) == 1:
            out[slot] = tops.pop()
    return out


def _unify_indices(items, quantities=frozenset()):
    """A letter used as an index anywhere (k in z_k) is that index everywhere (k ≠ j) —
    but for a letter the document defines as a quantity (`quantities`: z = σ(a_z), the
    gate z beside the labels of a_z, b_z), which stays that quantity where written alone."""
    by_name = {s.name: s for s in _integer_symbols(items) if s.name not in quantities}
    mapping = {sp.Symbol(name, real=True): s for name, s in by_name.items()}

    def unify(e):
        if not isinstance(e, sp.Basic):
            return e
        # f_t beside a_f: the index f is not the name f (an array's label is kept)
        held = {b: sp.IndexedBase(sp.Dummy(str(b.label)), **b.assumptions0)
                for b in e.atoms(sp.IndexedBase) if b.label in mapping}
        out = e.xreplace(held).xreplace(mapping)
        return out.xreplace({v: k for k, v in held.items()}) if held else out
    return unify


def unifier(exprs, scope: Scope, conditions=()):
    """The index letters of a step made one (`_unify_indices`) over its expressions, the
    scope and its conditions; σ is written out (`write_logistic`) before it is applied."""
    # (and c = e^b beside a family of gates f_c(x) = c + x: a letter defined by a formula
    # of other names is that quantity, whatever subscript it labels elsewhere)
    quantities = {k.name for k, v in scope.defs.items() if isinstance(k, sp.Symbol)
                  and isinstance(v, sp.Basic) and not v.is_number and (v.atoms(sp.Indexed)
                  and any(k.name in map(str, i.free_symbols) for e in v.atoms(sp.Indexed)
                          for i in e.indices) or not v.atoms(sp.Indexed) and v.free_symbols
                  and not any(s.is_integer for s in v.free_symbols))}
    items = list(exprs) + list(scope.hypotheses) + list(conditions) + list(scope.defs.values())
    # (∂/∂m beside the row `m < 1`: what a step differentiates by varies — no index, in
    # its conditions too)
    varying = {v.name for e in exprs if isinstance(e, sp.Basic)
               for d in e.atoms(sp.Derivative) for v in d.variables
               if isinstance(v, sp.Symbol) and not v.is_integer}
    unify = _unify_indices(items, quantities | varying)
    reals = {s: sp.Symbol(s.name, real=True) for s in _integer_symbols(items)
             if s.name in varying}
    if not reals:
        return unify
    return lambda e: unify(e.xreplace(reals)) if isinstance(e, sp.Basic) else unify(e)


def reachable(defs: dict, exprs) -> set:
    """The definitions a step depends on: those of the names it uses, and of the names
    those use, and so on. Others stay out of its claim (a definition elsewhere in the
    document with a bound j of its own must not touch a step's free j)."""
    seen: set = set()
    todo = set().union(*(mentions(e) for e in exprs))
    # (∂z/∂s with s = log σ²: the variable's own definition relates it to z's σ)
    todo |= {v for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)
             for v in d.variables if isinstance(v, sp.Symbol)}
    while todo:
        name = todo.pop()
        if name in defs and name not in seen:
            seen.add(name)
            body = defs[name]
            todo |= mentions(body)
    return seen


def unknown_derivatives(exprs, defs: dict) -> dict:
    """∂I/∂P with I a name the document does not define (or P a variable no definition
    mentions) and nothing relating I to P: an unknown quantity, not 0 (I is not a
    constant; the document has not said how it depends on P). Each becomes a name of its
    own — the same on both sides, so that Σ_k ∂I/∂Q_k ∂Q_k/∂b_i = ∂I/∂Q_i still holds —
    and a step can never be `valid` only because such a derivative was taken to be 0."""
    out = {}
    mentioned = set().union(*map(mentions, defs.values()))
    for d in (d for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)):
        variables = {v.base if isinstance(v, sp.Indexed) else v for v in d.variables}
        names = _names(d.expr)
        if _another_entry(d) and d.expr.base not in defs:
            out[d] = _linear(d.expr, d.variable_count)   # ∂h_t/∂h_{t-1}, h defined nowhere
            continue
        if d in out or not names or _depends(d.expr, defs) & variables \
                or variables & set(defs) and not names - set(defs) or _folds(d, defs):
            continue                    # (∂f/∂q with f, q defined: f down to q, in context)
        # an undefined name in it, or a variable no definition relates to anything
        # (∂Z_o/∂w_{oj}, w_{oj} a row of W_o said in words): its derivative is not 0
        if names - set(defs) or not variables & mentioned:
            out[d] = _linear(d.expr, d.variable_count)
    return out


def _folds(d, defs: dict) -> bool:
    """∂f/∂q of f = (x + y)z written out, with q = x + y: every variable a name defined by
    what the expression writes, which the context puts back (f = qz, ∂f/∂q = z)."""
    return all(isinstance(v, sp.Symbol) and isinstance(defs.get(v), sp.Expr)
               and not defs[v].is_Atom and d.expr.subs(defs[v], v).has(v)
               for v in d.variables)


def stated_used(lhs, rhs, scope: Scope) -> dict:
    """The derivatives of the step that an earlier display states (and nothing defined
    computes): {derivative: the value stated}."""
    if not scope.stated_derivatives:
        return {}
    unknown = unknown_derivatives([lhs, rhs], scope.defs)
    return {d: v for d, v in scope.stated_derivatives.items() if d in unknown}


def unknown_derivative(e, scope: Scope) -> bool:
    """Whether e is a first-order derivative that nothing the document defines computes."""
    return isinstance(e, sp.Derivative) and _first_order(e) \
        and e in unknown_derivatives([e], scope.defs)


def _derivative_names(scope: Scope) -> dict:
    """δ_k := ∂L/∂z_k with L defined nowhere: {δ: its definition}, for `_named_derivatives`."""
    rules = {}
    for key, body in scope.defs.items():
        value = body.expr if isinstance(body, sp.Lambda) else body
        if isinstance(value, sp.Derivative) and unknown_derivatives([value], scope.defs):
            rules[key] = body
    return rules


def _named_derivatives(expr, rules: dict):
    """δ written as the derivative it names (`_derivative_names`), so that it is the same
    unknown as a ∂L/∂z_k beside it (left to the definitions, it would be differentiated as
    written, and L taken for a constant)."""
    if not rules or not isinstance(expr, sp.Basic):
        return expr
    return expr.replace(
        lambda e: isinstance(e, sp.Indexed) and isinstance(rules.get(e.base), sp.Lambda)
        and len(rules[e.base].variables) == len(e.indices)
        or isinstance(e, sp.Symbol) and e in rules and not isinstance(rules[e], sp.Lambda),
        lambda e: rules[e.base](*e.indices) if isinstance(e, sp.Indexed) else rules[e])


def _another_entry(d) -> bool:
    """∂h_t/∂h_{t-1}: an entry by another entry of the same letter — a relation between
    them (a recurrence) the document states, or says in words; SymPy would give 0."""
    return isinstance(d.expr, sp.Indexed) and len(d.variables) == 1 \
        and isinstance(d.variables[0], sp.Indexed) and d.variables[0].base == d.expr.base \
        and d.variables[0].indices != d.expr.indices


def _linear(expr, variable_count):
    """An unknown derivative, split as the derivative is linear (numbers out, sums and
    terms apart), so that ∂/∂w (½ Σ_i e_i) and ½ Σ_i ∂e_i/∂w are the same unknown."""
    if isinstance(expr, sp.Add):
        return sp.Add(*[_linear(t, variable_count) for t in expr.args])
    if isinstance(expr, sp.Sum):
        return sp.Sum(_linear(expr.function, variable_count), *expr.limits)
    coeff, rest = expr.as_coeff_Mul() if isinstance(expr, sp.Mul) else (sp.Integer(1), expr)
    if coeff != 1:
        return coeff * _linear(rest, variable_count)
    if not _names(expr):
        return sp.Integer(0)                              # a constant
    return _opaque_derivative(sp.Derivative(expr, *variable_count))


def _depends(expr, defs: dict) -> set:
    """The names expr uses, directly or through definitions."""
    seen = mentions(expr)
    for name in reachable(defs, [expr]):
        body = defs[name]
        seen |= mentions(body)
    return seen


def through(exprs, defs: dict, unknown: dict) -> tuple[dict, str]:
    """The chain rule a step writes: ∂I/∂b_i beside ∂I/∂Q_k, with Q defined in terms of b,
    means I depends on b through Q, so ∂I/∂b_i = Σ_k ∂I/∂Q_k · ∂Q_k/∂b_i (∂f/∂x beside
    ∂f/∂g and ∂g/∂x: f through g; ∂ξ/∂w beside ∂ξ/∂y, ∂y/∂z, ∂z/∂w: through y, then z).
    Each unknown ∂N/∂v of first order with such an M is rewritten so; returns the
    rewriting and the words naming it ("" if none)."""
    out, words = {}, []
    derivatives = [d for d in unknown if _first_order(d)]
    written = [d for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)
               if _first_order(d)]
    for d in derivatives:
        v = d.variables[0]
        vb = _base(v)
        for other in written:              # ∂I/∂M the step writes, known or not
            m = other.variables[0]
            mb = _base(m)
            if other.expr != d.expr or mb == vb or other in out:
                continue
            inner = _link(m, v, defs, unknown, written, {vb, _base(d.expr)})
            if inner is None:
                continue
            term = other.xreplace(unknown) * inner
            # (the k of ∂ log(p_k)/∂o_i is its own, not a component of p to sum over)
            own = {i for x in (d.expr, v) for i in x.free_symbols if i.is_integer}
            free = [i for i in (m.indices if isinstance(m, sp.Indexed) else ())
                    if isinstance(i, sp.Symbol) and i not in own]
            if free:                               # Σ over the components of M
                run = _sum_run(exprs, free[0])
                if run is None:
                    continue
                term = sp.Sum(term, (free[0], *run))
            out[d] = term
            words.append(f"{sp.latex(d.expr)} depends on {sp.latex(vb)} through "
                         f"{sp.latex(mb)}")
            break
    return out, "; ".join(dict.fromkeys(words))


def _first_order(d) -> bool:
    return len(d.variables) == 1 and d.variable_count[0][1] == 1


def _base(x):
    return x.base if isinstance(x, sp.Indexed) else x


def _link(m, v, defs: dict, unknown: dict, written: list, avoid: set, depth: int = 3):
    """∂m/∂v as the step lets it be known: through m's definition, as an unknown the step
    writes, or through a chain it writes, ∂m/∂k · ∂k/∂v — k a variable it differentiates m
    by, or a name m is defined with that it differentiates (y = σ(z) beside ∂z/∂w) — k
    with no free index of its own; None if the step does not relate m to v."""
    inner = sp.Derivative(m, v)
    if _base(v) in _depends(m, defs) or inner in unknown:
        return inner.xreplace(unknown)
    if depth == 0:
        return None
    own = set(getattr(m, "indices", ())) | set(getattr(v, "indices", ()))
    uses = _depends(m, defs)
    for step in written:
        if step.expr == m:
            k, factor = step.variables[0], step.xreplace(unknown)
        elif isinstance(step.expr, (sp.Symbol, sp.Indexed)) and _base(step.expr) in uses:
            k, factor = step.expr, sp.Derivative(m, step.expr)
        else:
            continue
        if _base(k) in avoid | {_base(m)} or set(getattr(k, "indices", ())) - own:
            continue
        rest = _link(k, v, defs, unknown, written, avoid | {_base(m)}, depth - 1)
        if rest is not None:
            return factor * rest
    return None


def _sum_run(exprs, index):
    """(first, last) of a sum over `index` in the step (Σ_k ∂I/∂Q_k …), else None."""
    for e in exprs:
        if isinstance(e, sp.Basic):
            for s in e.atoms(sp.Sum):
                for lim in s.limits:
                    if lim[0] == index:
                        return lim[1], lim[2]
    return None


def _opaque_derivative(d):
    """∂N/∂v as a name of its own, indexed by N's and v's indices (∂(…)/∂v by v's)."""
    plain = isinstance(d.expr, (sp.Symbol, sp.Indexed))
    base = (d.expr.base if isinstance(d.expr, sp.Indexed) else d.expr) if plain \
        else sp.Symbol(rf"\left({sp.latex(d.expr)}\right)")
    indices = tuple(d.expr.indices) if isinstance(d.expr, sp.Indexed) else ()
    below = []
    for v, count in d.variable_count:
        vb = v.base if isinstance(v, sp.Indexed) else v
        below.append(rf"\partial {sp.latex(vb)}" + (f"^{{{count}}}" if count > 1 else ""))
        indices += tuple(v.indices) if isinstance(v, sp.Indexed) else ()
    order = sum(c for _, c in d.variable_count)
    top = rf"\partial{'^' + str(order) if order > 1 else ''} {sp.latex(base)}"
    label = rf"\frac{{{top}}}{{{' '.join(below)}}}"
    return sp.IndexedBase(label, real=True)[indices] if indices \
        else sp.Symbol(label, real=True)


def _beside_case(hypotheses, conditions) -> list:
    """The scope's hypotheses a step's own case leaves standing: where the case sets a name
    to a number (`z = 0{,}8:\\quad w^* = …`), what earlier lines assumed of that name
    (`z > \\lambda` in the case analysis before) is the case's business, not a hypothesis."""
    fixed = {c.lhs for c in conditions
             if isinstance(c, sp.Eq) and c.lhs.is_Symbol and c.rhs.is_number}
    return [h for h in hypotheses
            if not (fixed and isinstance(h, sp.Basic) and h.free_symbols & fixed)]


def _touching(hypotheses, exprs, defs: dict) -> list:
    """The hypotheses that say something of what the step writes: those sharing a name
    with it (through the definitions it reaches), or with a hypothesis already kept. One
    about other names restricts none of the step's values (`E w_i = 0` beside
    `(r - (-r))^2/12 = r^2/3`), and one the sampler cannot meet would leave no point."""
    def names(e) -> set:        # (as written: `k \neq j` of the words is the step's k)
        found = mentions(e)
        found |= set().union(*(mentions(defs[k]) for k in reachable(defs, [e])))
        return {str(m.label if isinstance(m, sp.IndexedBase) else m) for m in found
                if not isinstance(m, type) or isinstance(m, sp.core.function.UndefinedFunction)}
    seen = set().union(*(names(e) for e in exprs))
    kept, left = [], [h for h in hypotheses if isinstance(h, sp.Basic)]
    grew = True
    while grew:
        grew = False
        for h in list(left):
            if names(h) & seen:
                kept.append(h)
                left.remove(h)
                seen |= names(h)
                grew = True
    return [h for h in hypotheses if h in kept or not isinstance(h, sp.Basic)]


def step_claim(lhs, rel: str, rhs, scope: Scope, conditions=(), stated: bool = False) -> Claim:
    """The one-part claim a step is: lhs rel rhs under the scope's hypotheses and its own
    conditions (a cases row's i ≠ j), indices unified, σ written out, ranges given.
    `stated`: with the derivatives earlier displays state put in (`stated_used`)."""
    given = _touching(_beside_case(scope.hypotheses, conditions),
                      [lhs, rhs, *conditions], scope.defs)
    hypotheses = given + list(conditions)
    bare = scope.bare_functions([lhs, rhs])
    named = _derivative_names(scope)
    lhs, rhs = (_named_derivatives(read_bare(e, bare), named) for e in (lhs, rhs))
    lhs, rhs = _digit_pairs([lhs, rhs], scope.defs)
    norms, norm_reading = written_out([lhs, rhs])
    if norms:                   # ‖w‖ beside Σ_j w_j²: the norm in those entries
        lhs, rhs = (e.xreplace(norms) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))
    reached = reachable(scope.defs, [lhs, rhs])
    products, product_reading = inner_products(
        [lhs, rhs] + [v.expr if isinstance(v, sp.Lambda) else v
                      for k, v in scope.defs.items() if k in reached])
    if products:                # ⟨w, x⟩ beside w_j, x_j: Σ_k w_k x_k
        lhs, rhs = (e.xreplace(products) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))
        norm_reading = "; ".join(filter(None, [norm_reading, product_reading]))
    stated = stated_used(lhs, rhs, scope) if stated else {}
    if stated:                  # the value an earlier display gave it, as the writer uses it
        lhs, rhs = (e.xreplace(stated) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))
    unify = unifier([lhs, rhs], scope, conditions)
    every = {**scope.defs, **_paired_entries(scope.defs, [lhs, rhs])}
    entries = {k: v for k, v in bare.items() if isinstance(k, sp.IndexedBase)}
    if entries:                 # (z̄ = Σ_j p_j z_j beside p_i(T) = …: p_j(T) there too)
        every = {k: sp.Lambda(v.variables, read_bare(v.expr, entries))
                 if isinstance(v, sp.Lambda) else read_bare(v, entries)
                 for k, v in every.items()}
    used = reachable(every, [lhs, rhs] + hypotheses)
    defs = {k: unify(sp.Lambda(v.variables, write_logistic(v.expr.xreplace(products)))
                     if isinstance(v, sp.Lambda) else write_logistic(v.xreplace(products)))
            for k, v in every.items() if k in used}
    left, right = unify(write_logistic(lhs)), unify(write_logistic(rhs))
    unknown = unknown_derivatives([left, right], scope.defs)
    note = ""
    if unknown:
        chain, note = through([left, right], scope.defs, unknown)
        left, right = (e.xreplace(chain).xreplace(unknown) for e in (left, right))
    note = "; ".join(filter(None, [note, norm_reading]))
    if stated:
        note = "; ".join(filter(None, [note, "with " + ", ".join(
            f"${sp.latex(d)} = {sp.latex(v)}$" for d, v in stated.items())
            + " as stated earlier in the document"]))
    hypotheses = [unify(h) for h in hypotheses]
    relation = Equals(left, right) if rel == "=" else Compare(left, rel, right)
    indices, dims, starts = _index_ranges([left, right] + hypotheses, defs)
    local = tuple(hypotheses[len(given):])        # a cases row's condition
    return Claim("step", "a step", _SOURCE, (Part(relation, hypotheses=local),),
                 hypotheses=tuple(hypotheses[:len(given)]),
                 indices=indices, dims=dims, defs=defs, where_defined=True, note=note,
                 starts=starts)


FULL_SHARE = 0.85        # of a step's budget, for the step as written; the rest for
KEPT_SHARE = 0.1         # the readings with names kept, each at most this share


def kept_claims(claim: Claim) -> Iterator[tuple[Claim, list]]:
    """The step with defined names kept as names (Context.keeping), with the kept names it
    still writes: all of them; those it differentiates by; the lowest of those; those the
    chain rule runs through. Lecture steps are mostly algebra on the names they define
    (-y_i + y_i a_i + Σ_{j≠i} y_j a_i = -y_i + Σ_j y_j a_i): unfolded, a^L brings z^L and
    z^L its own Σ over another bound, and the identity is lost in the sums."""
    part = claim.parts[0]
    rel = part.relation
    if not claim.defs or not isinstance(rel, (Equals, Compare)):
        return
    sides = (rel.lhs, rel.rhs)
    every = {v.base if isinstance(v, sp.Indexed) else v
             for e in sides if isinstance(e, sp.Basic)
             for d in e.atoms(sp.Derivative) for v in d.variables}
    variables = every & set(claim.defs)
    # the lowest of them: ∂C/∂z_i = Σ_j ∂C/∂a_j ∂a_j/∂z_i holds with a written in z
    lowest = {v for v in variables if not (_depends(claim.defs[v], claim.defs) - {v})
              & variables}
    # the names defined directly in terms of a variable that is not itself defined: the
    # chain rule runs through them (∂C/∂b_i through z_i = Σ_k w_ik a_k + b_i)
    above = {q for q, body in claim.defs.items()
             if mentions(body)
             & (every - variables)}
    ctx = Context(dict(claim.indices), dict(claim.dims), tuple(claim.hypotheses),
                  dict(claim.defs), starts=dict(claim.starts))
    # the names for derivatives (δ_k = ∂L/∂o_k, ε_j = ∂L/∂z_j) written out, the rest kept:
    # ε_j x_i = (1 − h_j²) x_i Σ_k δ_k v_kj is the chain rule in the layer's own names
    derivatives = {q for q, body in claim.defs.items() if isinstance(body, sp.Basic)
                   and (body.expr if isinstance(body, sp.Lambda) else body).has(sp.Derivative)}
    rest = set(claim.defs) - derivatives if derivatives else set()
    # the names defined through a moment or an optimum kept whole (σ with 𝔻ε = σ²): no
    # value at a sampled point, so the numeric check of a proof needs them as names
    opaque = {q for q, body in claim.defs.items() if isinstance(body, sp.Basic)
              and body.has(Optimum)}
    for kept in dict.fromkeys(map(frozenset, (claim.defs, variables, lowest, above, rest,
                                              opaque))):
        if not kept:
            continue
        left, right = (_fold_applied(ctx.keeping(e, kept), kept, claim.defs) for e in sides)
        local = [ctx.keeping(h, kept) for h in part.hypotheses]
        hypotheses = _reaching([ctx.keeping(h, kept) for h in claim.hypotheses],
                               [left, right, *local])
        relation = Equals(left, right) if isinstance(rel, Equals) else \
            Compare(left, rel.op, right)
        indices, dims, starts = _index_ranges([left, right] + hypotheses + local, {})
        shown = mentions(left) | mentions(right)       # the kept names still written
        yield (replace(claim, parts=(Part(relation, hypotheses=tuple(local)),),
                       hypotheses=tuple(hypotheses), indices=indices, dims=dims, defs={},
                       starts=starts),
               sorted(kept & shown, key=str))


def _reaching(hypotheses: list, exprs: list) -> list:
    """The hypotheses that bear on exprs, directly or through one another: with σ kept as a
    name, 𝔼ε = 0 says nothing of the step (and, kept whole, leaves no point to sample)."""
    def names(e):
        return e.free_symbols | e.atoms(sp.IndexedBase) if isinstance(e, sp.Basic) else set()
    reached = set().union(*(names(e) for e in exprs))
    out, rest = [], list(hypotheses)
    while True:
        found = [h for h in rest if not names(h) or names(h) & reached]
        if not found:
            return [h for h in hypotheses if h in out]
        out += found
        rest = [h for h in rest if h not in found]
        reached |= set().union(*(names(h) for h in found))


def _fold_applied(expr, kept, defs: dict):
    """A kept name put back where a derivative wrote what it stands for: h_j for tanh(z_j)
    after ∂h_j/∂z_j = 1 − tanh²(z_j) with h_j = tanh(z_j) — one name on both sides. (The
    value is the same: h_j is tanh(z_j) by its definition.) Only names defined as one
    function applied, activations."""
    if not isinstance(expr, sp.Basic):
        return expr
    for name in kept:
        body = defs.get(name)
        if isinstance(body, sp.Lambda) and len(body.variables) == 1 \
                and isinstance(body.expr, sp.Function) and isinstance(name, sp.IndexedBase):
            w = sp.Wild("w")
            expr = expr.replace(body.expr.xreplace({body.variables[0]: w}), name[w])
        elif isinstance(body, sp.Lambda) and len(body.variables) == 1 \
                and isinstance(body.expr, sp.Add) and isinstance(name, sp.IndexedBase) \
                and expr.has(sp.Sum):
            # o_k = Σ_j v_kj h_j + c_k, written out where L was taken down to h: o_k again
            renamed = bound_written_alike(expr)
            for i in {i for a in renamed.atoms(sp.Indexed) for i in a.indices if i.is_Symbol}:
                value = bound_written_alike(body(i))
                terms = set(value.args)        # (inside a sum over i, where subs will not go)
                folded = renamed.replace(
                    lambda e, terms=terms: isinstance(e, sp.Add) and terms <= set(e.args),
                    lambda e, terms=terms, i=i: sp.Add(name[i], *(set(e.args) - terms)))
                if len(folded.atoms(sp.Sum)) < len(renamed.atoms(sp.Sum)):
                    expr = renamed = folded
        elif isinstance(body, sp.Function) and isinstance(name, sp.Symbol):
            expr = expr.xreplace({body: name})
    return expr


def _mapped(claim: Claim, fn) -> Claim | None:
    """The claim with `fn` applied to its sides, hypotheses and definitions: the step under
    another reading of its notation. None for a claim that is no relation."""
    part = claim.parts[0]
    rel = part.relation
    if not isinstance(rel, (Equals, Compare)):
        return None
    left, right = fn(rel.lhs), fn(rel.rhs)
    hypotheses = [fn(h) for h in claim.hypotheses]
    local = [fn(h) for h in part.hypotheses]
    defs = {k: fn(v) for k, v in claim.defs.items()}
    relation = Equals(left, right) if isinstance(rel, Equals) else Compare(left, rel.op, right)
    indices, dims, starts = _index_ranges([left, right] + hypotheses + local, defs)
    return replace(claim, parts=(Part(relation, hypotheses=tuple(local)),),
                   hypotheses=tuple(hypotheses), indices=indices, dims=dims, defs=defs,
                   starts=starts)


def _claim_items(claim: Claim) -> list:
    part = claim.parts[0]
    rel = part.relation
    sides = [rel.lhs, rel.rhs] if isinstance(rel, (Equals, Compare)) else []
    return [*sides, *claim.hypotheses, *part.hypotheses, *claim.defs.values()]


def one_count(claim: Claim) -> tuple[Claim, str] | None:
    """The step with every count its sums run to made one (S_j defined with Σ_{k=1}^n,
    the step writing Σ_{k=1}^N): lectures name one dimension two ways. With the reading
    said in words; None where the step has one count or fewer."""
    counts = sorted((b for b in sum_bounds(_claim_items(claim))
                     if isinstance(b, sp.Symbol) and b.is_integer), key=str)
    if len(counts) < 2:
        return None
    one = {c: counts[0] for c in counts[1:]}
    same = _mapped(claim, lambda e: e.xreplace(one))
    names = ", ".join(f"${sp.latex(c)}$" for c in counts)
    return (same, f"false as read, with the counts {names} of its sums different; true if "
                  "they are one count — the document does not say whether they are") \
        if same is not None else None


def fixed_count(claim: Claim, lengths: dict, defined) -> str | None:
    """Where `one_count` makes the counts of a step one: the words saying the document
    fixes them so — each count bounds only sums from 1 over the entries of vectors that
    a vector written out gives one length, the same for all (Σ_{k=1}^N e^{x_k} beside
    `X = (x_1; …; x_n)`: N is n). None where a count is defined or runs over anything
    else. `lengths`: a vector's name → (length, line), `Scope.lengths`."""
    found = _counts_written_out(claim, lengths, defined)
    if found is None or len(found[0]) < 2 or len(set(found[0].values())) != 1:
        return None
    said = {c: said for c, said in found[1].items() if c != said[1]}
    return "; ".join(f"${sp.latex(c)}$ read as ${sp.latex(n)}$: its sum runs over the entries "
                     f"of ${v}$, which the vector written out at line {line} gives ${sp.latex(n)}$"
                     for c, (v, n, line) in sorted(said.items(), key=str)) or None


def written_length(claim: Claim, lengths: dict, defined):
    """(the claim with its counts put in, the words) where each count bounds only sums
    from 1 over a vector the document writes out with a number of entries (Σ_{j=1}^n
    e^{z_j} beside `$z = (1, 2, 3)$`: n is 3); None otherwise."""
    found = _counts_written_out(claim, lengths, defined)
    if found is None or not all(getattr(n, "is_Integer", False) for n in found[0].values()):
        return None
    meant, said = found
    same = _mapped(claim, lambda e: e.xreplace(meant))
    return (same, "; ".join(
        f"${sp.latex(c)} = {n}$: its sum runs over the entries of ${v}$, which line {line} "
        f"writes out" for c, (v, n, line) in sorted(said.items(), key=str))) \
        if same is not None else None


def _counts_written_out(claim: Claim, lengths: dict, defined):
    """({count: the length it is}, {count: (vector, length, line)}) where every count of
    the step's sums bounds only sums from 1 over the entries of vectors the document
    writes out (`Scope.lengths`), one length per count; None otherwise."""
    items = [e for e in _claim_items(claim) if isinstance(e, sp.Basic)]
    counts = {b for b in sum_bounds(items) if isinstance(b, sp.Symbol) and b.is_integer}
    if not counts or counts & set(defined):
        return None
    meant, said = {}, {}
    for s in (s for e in items for s in e.atoms(sp.Sum)):
        for var, lo, hi in s.limits:
            if not hi.free_symbols & counts:
                continue
            over = {str(a.base.label) for a in s.function.atoms(sp.Indexed)
                    if a.indices == (var,)}
            known = sorted(v for v in over if v in lengths)
            if hi not in counts or lo != 1 or len({lengths[v][0] for v in known}) != 1:
                return None
            length, line = lengths[known[0]]
            if meant.setdefault(hi, length) != length:
                return None
            said[hi] = (known[0], length, line)
    return (meant, said) if set(meant) == counts else None


def placeholder_count(claim: Claim, lengths: dict, written, defined) -> tuple[Claim, str] | None:
    """(the claim with the placeholder count n read as the one count K its other sums run
    to, the words) where n is no name the document writes (`written`: its bare letters) —
    the count of a library function's sum, softmax(z)_i's Σ_{j=1}^n — and K is the length
    the document gives a vector (`z_1, \\dots, z_K`); None otherwise."""
    items = [e for e in _claim_items(claim) if isinstance(e, sp.Basic)]
    counts = {b for b in sum_bounds(items) if isinstance(b, sp.Symbol) and b.is_integer}
    if DEFAULT_DIM not in counts or str(DEFAULT_DIM) in (written or ()) or len(counts) != 2:
        return None
    (other,) = counts - {DEFAULT_DIM}
    vectors = sorted(v for v, (length, _) in lengths.items() if length == other)
    if not vectors or other in defined:
        return None
    same = _mapped(claim, lambda e: e.xreplace({DEFAULT_DIM: other}))
    return (same, f"the count ${sp.latex(DEFAULT_DIM)}$ of a library function's sum read as "
                  f"${sp.latex(other)}$, the length the document writes for ${vectors[0]}$") \
        if same is not None else None


def unwritten_count(claim: Claim, bounds: frozenset, defined) -> str | None:
    """Where `one_count` makes the counts of a step one: the words saying the document
    fixes them so — each Σ_k written with no bounds (its count the placeholder n) runs
    over the one range the document writes for that index, 1…K, the step's other count.
    `bounds`: (index, bound) pairs the document writes (Document.upper_bounds). None
    otherwise."""
    items = [e for e in _claim_items(claim) if isinstance(e, sp.Basic)]
    counts = {b for b in sum_bounds(items) if isinstance(b, sp.Symbol) and b.is_integer}
    unwritten = counts & {DEFAULT_DIM, APART_DIM}
    if len(counts - unwritten) != 1 or not unwritten:
        return None
    (count,) = counts - unwritten
    if count in defined:
        return None
    open_sums = [lim[0].name for e in items for s in e.atoms(sp.Sum, sp.Product)
                 for lim in s.limits if lim[2] in unwritten]
    for index in set(open_sums):
        if {b for i, b in bounds if i == index} != {count.name}:
            return None
    return (f"a sum written with no bounds read over ${', '.join(sorted(set(open_sums)))}"
            f" = 1, \\dots, {sp.latex(count)}$, the one range the document writes for it")


def log_bases(claim: Claim) -> Iterator[tuple[Claim, str]]:
    """The step with `log` to base 10, then base 2, where it writes a logarithm of a
    variable (a logarithm of a number, ln 10, is written so on purpose): texts leave the
    base to the reader."""
    if not any(not a.args[0].is_number for e in _claim_items(claim) if isinstance(e, sp.Basic)
               for a in e.atoms(sp.log)):
        return
    for base in (10, 2):
        def rebased(e, base=base):
            return e.replace(lambda a: isinstance(a, sp.log) and not a.args[0].is_number,
                             lambda a: sp.log(a.args[0]) / sp.log(base))
        found = _mapped(claim, rebased)
        if found is not None:
            yield found, (f"false with log the natural logarithm; true with log to base "
                          f"{base} — the document does not say which base")


def held_fixed(claim: Claim) -> Iterator[tuple[Claim, str]]:
    """The step with the defined names it writes as themselves, and whose definitions move
    with what it differentiates by, held fixed (their definitions set aside): ∂Q/∂μ_1 =
    Σ_i γ_i (x_i − μ_1)/σ² of an EM step holds the responsibilities γ_i at the last
    parameters, as a stop-gradient holds its input — a reading texts leave to the reader."""
    part = claim.parts[0]
    rel = part.relation
    if not claim.defs or not isinstance(rel, (Equals, Compare)):
        return
    sides = [e for e in (rel.lhs, rel.rhs) if isinstance(e, sp.Basic)]
    by = {v.base if isinstance(v, sp.Indexed) else v for e in sides
          for d in e.atoms(sp.Derivative) for v in d.variables}
    if not by:
        return
    ctx = Context(dict(claim.indices), dict(claim.dims), tuple(claim.hypotheses),
                  dict(claim.defs), starts=dict(claim.starts))
    written = {getattr(q, "base", q) for e in sides for q in e.atoms(sp.Symbol, sp.Indexed)}
    # what is differentiated (x̂ of ∂x̂_i/∂x_i) moves; the named nodes its definition is made
    # of (μ, σ² of x̂ = (x − μ)/√(σ² + ε)) are held, as a computational graph's local
    # derivative holds them
    differentiated = {getattr(q, "base", q) for e in sides for d in e.atoms(sp.Derivative)
                      for q in d.expr.atoms(sp.Symbol, sp.Indexed)}
    made_of = set()
    for name in differentiated & set(claim.defs):
        body = claim.defs[name]
        body = body.expr if isinstance(body, sp.Lambda) else body
        if isinstance(body, sp.Basic):
            made_of |= {getattr(q, "base", q) for q in body.atoms(sp.Symbol, sp.Indexed)}
    moving = []
    for name, body in claim.defs.items():
        if name not in written | made_of or name in by or name in differentiated:
            continue
        try:
            unfolded = ctx.unfold(body.expr if isinstance(body, sp.Lambda) else body)
        except Exception:
            continue
        if isinstance(unfolded, sp.Basic) and mentions(unfolded) & by:
            moving.append(name)
    if not moving:
        return
    defs = {k: v for k, v in claim.defs.items() if k not in moving}
    indices, dims, starts = _index_ranges([rel.lhs, rel.rhs, *claim.hypotheses], defs)
    names = ", ".join(f"${sp.latex(getattr(m, 'label', m))}$" for m in sorted(moving, key=str))
    yield (replace(claim, defs=defs, indices=indices, dims=dims, starts=starts),
           f"false with {names} differentiated through {'its' if len(moving) == 1 else 'their'}"
           f" definition; true with {names} held fixed (as an EM step holds the "
           "responsibilities, or a stop-gradient its input) — the document does not say which")


def _proved(proof) -> bool:
    """Proved for every n, with no alarm and a numeric check at some admissible point."""
    part = proof.parts[0]
    return proof.status == PROVED and not proof.partial and not proof.alarm \
        and part.crosscheck is not None and part.crosscheck.points > 0


def judge(claim: Claim, budget: float) -> dict:
    """Prove a step's claim and read the proof as a verdict (the reason of an invalid one
    is left to the caller): the step as written first; what that leaves undecided, with
    defined names kept as names (`kept_claims`), in the time left."""
    began = time.process_time()
    if _nested(claim.defs):
        # o_k = Σ_j v_kj h_j, h_j = tanh(z_j), z_j = Σ_i w_ji x_i: written out, the sums
        # nest and sampling them costs the step's time; the step is algebra on the names
        # first (an identity in them holds whatever values the definitions give them)
        kept = _kept_proof(claim, EARLY_SHARE * budget, EARLY_SHARE * budget / 2)
        if kept is not None:
            return _kept_verdict(kept, claim)
        budget -= time.process_time() - began
        began = time.process_time()
    proof = prove(claim, budget=FULL_SHARE * budget)
    if proof.status == REFUTED or _proved(proof):
        return _verdict(proof, claim, proof.method)
    kept = _kept_proof(claim, budget - (time.process_time() - began), KEPT_SHARE * budget)
    if kept is not None:
        return _kept_verdict(kept, claim)
    return _verdict(proof, claim, proof.method)


def _kept_verdict(kept, claim: Claim) -> dict:
    """The verdict of a proof with names kept (`_kept_proof`), naming the names."""
    kept_proof, names = kept
    return _verdict(kept_proof, claim, f"{kept_proof.method} ({names} kept as names)"
                    if names else kept_proof.method)


EARLY_SHARE = 0.05       # of a step's budget, for the names kept before the step as written


def _nested(defs: dict) -> bool:
    """Whether a definition is made of another one with a sum in either (layers)."""
    bodies = {k: b.expr if isinstance(b, sp.Lambda) else b for k, b in defs.items()
              if isinstance(b, sp.Basic)}
    return any(inner in defs and (body.has(sp.Sum) or inner in bodies
                                  and bodies[inner].has(sp.Sum))
               for body in bodies.values() for inner in mentions(body))


def _kept_proof(claim: Claim, seconds: float, each: float):
    """The first reading with names kept that is proved (`kept_claims`), with the kept
    names it still writes; None if none is, within `seconds`."""
    if seconds <= 0.01:
        return None
    try:
        with deadline(seconds):
            for kept_claim, kept in kept_claims(claim):
                proof = prove(kept_claim, budget=min(each, remaining()), refute=False)
                if _proved(proof):
                    return proof, ", ".join(f"${sp.latex(getattr(k, 'label', k))}$"
                                            for k in kept)
    except Exception:            # out of time, or a reading that cannot be built:
        pass                     # it proves nothing
    return None


def _verdict(proof, claim: Claim, method: str) -> dict:
    part = proof.parts[0]
    out = {"method": method, "hypotheses": part.hypotheses}
    limit = getattr(proof, "limit", None)
    if proof.partial:
        out.update(verdict=UNKNOWN, method="", hypotheses=[], reason_kind=ReasonKind.PARTIAL,
                   reason=f"proved for {proof.scope}, not for every n")
    elif proof.status == PROVED and not proof.alarm and part.crosscheck \
            and part.crosscheck.points == 0:
        out.update(verdict=UNKNOWN, method="", hypotheses=[], reason_kind=ReasonKind.PARTIAL,
                   reason=f"{proof.method}, but no admissible point to check it numerically")
    elif proof.status == PROVED and not proof.alarm:
        if claim.note:                         # the chain rule the step writes (`through`)
            out["reading"] = claim.note
        out.update(verdict=VALID, reason_kind=ReasonKind.PROVED,
                   reason=f"{method}; numeric check: "
                   f"{part.crosscheck.detail if part.crosscheck else 'none'}")
    elif proof.status == REFUTED:
        if claim.note:                         # the reading it was refuted under
            out["reading"] = claim.note
        ce = dict(part.counterexample or {})
        values = {k: ce.pop(k) for k in ("lhs", "rhs") if k in ce}
        out.update(verdict=INVALID, counterexample=ce, values=values, reason="",
                   hypotheses=[], reason_kind=ReasonKind.COUNTEREXAMPLE)
    else:
        why = proof.alarm or _tried(part.tried) or "no strategy applied"
        kind = ReasonKind(limit) if limit else ReasonKind.NOT_REDUCED
        out.update(verdict=UNKNOWN, reason=f"undecided: {why}", method="", hypotheses=[],
                   reason_kind=kind)
    return out


def _quantities(expr, loose: set, shifted: set) -> set:
    """`_names`, with an entry at fixed indices (x_1, θ_0) a quantity of its own where the
    step writes its letter nowhere else (`loose`: by an index letter, x_k, or whole): θ_1 =
    θ_0 − f(θ_0)/f'(θ_0) names a new θ_1, while x_1 w_1 + x_2 w_2 = Σ_k x_k w_k is about
    one x."""
    if not isinstance(expr, sp.Basic):
        return set()
    fixed = {i for i in expr.atoms(sp.Indexed)
             if all(j.is_Integer for j in i.indices) and str(i.base.label) not in loose
             or str(i.base.label) in shifted}
    return (_names(expr) - {i.base for i in fixed}) | fixed


def _shifted_bases(expr) -> set:
    """The letters an expression writes at a shifted index (h_{t-1}): their entries — h_t,
    h_{t-1} — are quantities of their own, one time step and the one before."""
    if not isinstance(expr, sp.Basic):
        return set()
    return {str(i.base.label) for i in expr.atoms(sp.Indexed)
            if any(j.is_Add and any(t.is_Integer for t in j.args) for j in i.indices)}


def _loose_bases(expr) -> set:
    """The letters an expression writes by an index letter (x_k) or whole (x)."""
    if not isinstance(expr, sp.Basic):
        return set()
    entries = expr.atoms(sp.Indexed)
    labels = {i.base.label for i in entries}
    return {str(i.base.label) for i in entries if not all(j.is_Integer for j in i.indices)} \
        | {s.name for s in expr.free_symbols if isinstance(s, sp.Symbol) and s not in labels}


def _the_sum_named(name) -> bool:
    """Σ written for the sum a page means (`\\frac{e^{z_j}}{\\sum}`, read as the letter):
    a sum of the very variables a derivative is by, whatever it is defined as."""
    return str(getattr(name, "label", name)) == "\\Sigma"     # (`derive.latex.macros.SUM_NAME`)


def _names(expr) -> set:
    """The names an expression uses: plain symbols (not indices) and indexed bases."""
    if not isinstance(expr, sp.Basic):
        return set()
    bases = {i.base for i in expr.atoms(sp.Indexed)}
    labels = {b.label for b in bases}                  # a_j's a is the base, not a name
    found = {s for s in free_symbols(expr) if isinstance(s, sp.Symbol) and not s.is_integer
             and s not in labels}
    found |= bases
    found |= {type(f) for f in expr.atoms(sp.Function)
              if isinstance(type(f), sp.core.function.UndefinedFunction)}
    return found


def _unknown_entries(side) -> set:
    """The unknown derivatives a side uses (`_unknown_derivative`), each entry at numbers
    apart once finite sums are written out: Σ_{t=1}^{2} (h_t − y_t) dh_t/dw uses dh_1/dw,
    which a right side that writes it out (and dh_2/dw) may not."""
    if not isinstance(side, sp.Basic):
        return set()
    side = expand_finite(side)
    entries = {a for a in side.atoms(sp.Indexed) if _unknown_derivative(a.base)
               and all(i.is_Integer for i in a.indices)}
    return entries | {n for n in _names(side.xreplace({a: sp.Integer(0) for a in entries}))
                      if _unknown_derivative(n)}


def _unknown_derivative(name) -> bool:
    """A name `unknown_derivatives` made: the derivative of an undefined name."""
    text = str(name.label) if isinstance(name, sp.IndexedBase) else str(name)
    return text.startswith(r"\frac{\partial")


def _whole_atoms(expr, defs: dict) -> set:
    """The atoms kept whole (derive.latex.atoms) in expr and the definitions it reaches."""
    bodies = [expr] + [defs[k].expr if isinstance(defs[k], sp.Lambda) else defs[k]
                       for k in reachable(defs, [expr])]
    return {a for b in bodies if isinstance(b, sp.Basic)
            for a in b.atoms(sp.Symbol) - {i.label for i in b.atoms(sp.IndexedBase)}
            if kept_whole(str(a))}      # (y^{(i)}, a sample's entry, is a variable)


def _written_in(variable, text: str) -> bool:
    """Whether an atom kept whole writes the variable (μ in `f(x_i \\mid \\mu)`)."""
    name = variable.base.label if isinstance(variable, sp.Indexed) else variable
    spelled = sp.latex(name)
    before = "" if spelled.startswith("\\") else r"(?<![a-zA-Z\\])"
    return re.search(before + re.escape(spelled) + r"(?![a-zA-Z])", text) is not None


def _estimate(name) -> bool:
    """ŷ, θ̃: a name with a hat or a tilde."""
    text = str(name.label) if isinstance(name, sp.IndexedBase) else \
        str(name.base.label) if isinstance(name, sp.Indexed) else str(name)
    return text.startswith(("\\hat", "\\widehat", "\\tilde", "\\widetilde"))


def _opaque(name) -> bool:
    """An opaque atom (derive.latex.atoms), or an unknown derivative named as one: notation
    kept whole, never a free variable."""
    text = str(name.label) if isinstance(name, sp.IndexedBase) else str(name)
    return kept_whole(text) or "\\partial" in text


def _misfits(defs: dict, sides) -> set:
    """Names defined with one number of indices and used with another (δ_o defined,
    δ_{oi} used), or at another layer's label (δ_{hi} defined, δ_{oi} used): what is used
    is not what was defined."""
    out = set()
    for side in sides:
        if not isinstance(side, sp.Basic):
            continue
        for use in side.atoms(sp.Indexed):
            body = defs.get(use.base)
            if isinstance(body, sp.Lambda) and (len(body.variables) != len(use.indices)
                                                or not same_labels(body, use.indices)):
                out.add(use.base)       # (δ_{oi} beside δ_{hi} defined: another layer's)
    return out


def undefined_names(claim: Claim, scope: Scope) -> list[str]:
    """Names that make a refuted step say nothing definite, so it is not `invalid`:
    an undefined name differentiated with respect to another variable (∂y/∂z with y never
    defined), or an undefined name on one side only once definitions are expanded and
    derivatives taken (y in σ(z)(1 − σ(z)) = y(1 − y)). Either could be defined in words
    the checker does not read; a reading exists in which the step is true."""
    from ..prover.context import Context
    relation = claim.parts[0].relation
    ctx = Context.of(claim, claim.parts[0])
    misfits = _misfits(claim.defs, (relation.lhs, relation.rhs))
    defined = set(claim.defs) - misfits
    found = []
    # an unknown derivative (∂I/∂Q_k, I never defined) on one side only: a definition of I
    # could make the step hold; on both sides, the step relates it to itself, and a step
    # false for every value of it is false whatever I is (Σ_k ∂I/∂Q_k δ_ik ≠ n ∂I/∂Q_i)
    unknown = [_unknown_entries(side) for side in (relation.lhs, relation.rhs)]
    found += sorted(unknown[0] ^ unknown[1], key=str)
    for side in (relation.lhs, relation.rhs):
        if not isinstance(side, sp.Basic):
            continue
        for at in side.atoms(sp.Subs):          # ℓ'(μ): the derivative taken at μ
            found += [a for a in _whole_atoms(at.expr, claim.defs)
                      if any(_written_in(v, str(a)) for v in at.point if v.is_Symbol)]
        for d in side.atoms(sp.Derivative):
            variables = {v.base if isinstance(v, sp.Indexed) else v for v in d.variables}
            if variables & defined:
                continue    # ∂f/∂s with s = log σ² defined: by s held as the variable
            inner = ctx.unfold(d.expr)
            for name in _names(d.expr) - variables - defined:
                if not (_names(inner) & variables) or _the_sum_named(name):
                    found.append(name)      # (Σ for the page's sum: a sum of the variables)
            # f(x_i | μ) kept whole, its variable only in its text: d/dμ of it is no 0
            found += [a for a in _whole_atoms(d.expr, claim.defs)
                      if any(_written_in(v, str(a)) for v in d.variables)]
            if _names(d.expr) & defined and not (_names(inner) & variables):
                # ∂L/∂o_i with L, p defined and no definition mentioning o: the document
                # relates them somewhere the checker cannot see (a slide, a figure)
                found += [v for v in variables if v not in defined]
    free = set()            # names that are plainly variables: arguments, ∂-variables,
    for side in (relation.lhs, relation.rhs):        # what the definitions are made of
        if isinstance(side, sp.Basic):
            for f in side.atoms(sp.Function, sp.Pow):
                args = f.args if isinstance(f, sp.Function) else (f.exp,)
                # (a hat or a tilde names an estimate or a prediction made elsewhere: log ŷ_j
                # of a ŷ never defined is no function of a variable ŷ)
                free |= {n for a in args for n in _names(a) if not _estimate(n)}
            for d in side.atoms(sp.Derivative):
                free |= {v.base if isinstance(v, sp.Indexed) else v for v in d.variables}
    applied = {type(f) for side in (relation.lhs, relation.rhs) if isinstance(side, sp.Basic)
               for f in side.atoms(sp.Function)}
    for key, value in scope.defs.items():  # the document's, not only those the claim needs
        if not isinstance(value, (sp.Basic, sp.Lambda)):
            continue
        params, body = (tuple(value.variables), value.expr) if isinstance(value, sp.Lambda) \
            else ((), value)
        # (not the entries p_k of a parameter p of H(p, q) = −Σ_k p_k log q_k where the step
        # does not apply H: H's, which a later page's p_k, named in words, is not)
        own = {str(v) for v in params} if key not in applied else set()
        free |= set(params) | {n for n in _names(body)
                               if str(getattr(n, "label", n)) not in own}
    free = {n for n in free if not _opaque(n)}  # P(t=1|z), \|x\| name things, not variables
    # the counts the document's sums run to (Σ_{i=1}^d): sizes of the problem, no names
    # waiting for a definition
    counts = {bound for _, bound in scope.bounds}
    try:
        with deadline(1.0):
            left, right = ctx.expand(relation.lhs), ctx.expand(relation.rhs)
    except Exception:       # no time to expand: the names as written
        left, right = relation.lhs, relation.rhs
    try:
        loose = _loose_bases(left) | _loose_bases(right)
        shifted = _shifted_bases(left) | _shifted_bases(right)
        sides = [_quantities(left, loose, shifted), _quantities(right, loose, shifted)]
        dropped = _dropped_family(relation, sides, scope.summed)
        one_side = {q for q in (sides[0] ^ sides[1]) - defined - free - dropped
                    if not (isinstance(q, sp.Symbol) and q.name in counts)}
        one_side = {q for q in one_side if not (isinstance(q, sp.Indexed) and q.base in defined)}
        # (P_{c} used where P_{nk} is defined: no variable of the problem, whatever words or
        # arguments write the letter — another object the document did not define)
        one_side |= {q for q in sides[0] ^ sides[1]
                     if isinstance(q, sp.Indexed) and q.base in misfits}
        hypothesis_names = set().union(*(_names(h) for h in claim.hypotheses)) \
            if claim.hypotheses else set()
        found += sorted(one_side - hypothesis_names, key=str)
        found += sorted(_argument_names(left, right, defined), key=str)
        if any(isinstance(e, sp.Basic) and e.has(sp.Derivative)
               for e in (relation.lhs, relation.rhs)):
            # Σ for the page's sum in a step that differentiates: a function of the very
            # variables (`(\\sum)' = e^{z_i}`), whatever it is defined as
            found += sorted((n for n in _names(left) | _names(right)
                             if _the_sum_named(n) and n not in defined), key=str)
        # g on one side, the g_t of a definition on the other (`s_t/(1 − γ^t) = g²`): the
        # step is about the case the words set, every g_t = g ("for a constant gradient"),
        # not false for g and the g_t apart
        for mine, other in ((sides[0], sides[1]), (sides[1], sides[0])):
            found += sorted((q for q in mine - other - defined if isinstance(q, sp.Symbol)
                             and any(isinstance(o, (sp.Indexed, sp.IndexedBase))
                                     and str(getattr(o, "base", o).label) == q.name
                                     for o in other - mine)), key=str)
    except Exception:       # an expansion that fails says nothing about names
        pass
    shown = {str(n.label) if isinstance(n, sp.IndexedBase) else
             f"{n.base.label}_{{{','.join(map(str, n.indices))}}}" if isinstance(n, sp.Indexed)
             else str(n)
             for n in found if not isinstance(n, sp.Dummy)
             and not isinstance(getattr(n, "label", None), sp.Dummy)}
    return sorted(n for n in shown if n[:1].isalpha() or n[:1] == "\\")


def _argument_names(left, right, defined) -> set:
    """Undefined names a function is applied to on one side (σ(z_i)) where the other side
    applies the same function to an expression without them (σ(wᵀx_i)), its definitions
    expanded: z_i may name that expression, as words often say (z_i = wᵀx_i)."""
    out = set()
    for mine, other in ((left, right), (right, left)):
        if not (isinstance(mine, sp.Basic) and isinstance(other, sp.Basic)):
            continue
        for f in mine.atoms(sp.Function):
            # (a function of the entry itself, σ(z_i) or e^{−z_i}; not log(p_y/p_k))
            names = _names(f) if len(f.args) == 1 and (isinstance(f.args[0], sp.Indexed) or (
                f.args[0].is_Mul and len(f.args[0].args) == 2 and f.args[0].args[0] == -1
                and isinstance(f.args[0].args[1], sp.Indexed))) else set()
            if len(names) != 1:
                continue
            name = next(iter(names))
            if not isinstance(name, sp.IndexedBase) or name in defined or other.has(name):
                continue
            entries = [a for a in f.atoms(sp.Indexed) if a.base == name]
            indices = {i for a in entries for i in a.indices if isinstance(i, sp.Symbol)}
            # (the same sample's: σ(z_i) beside σ(wᵀx_i), never ln L beside ln of a sum)
            if indices and any(type(g) is type(f) and len(g.args) == 1 and len(_names(g)) > 1
                               and not g.has(name) and {str(a).lstrip("_") for a in g.atoms(sp.Symbol)}
                               & {str(i) for i in indices}
                               for g in other.atoms(sp.Function)):
                out.add(name)
    return out


def _dropped_family(relation, sides, summed) -> set:
    """The entries of a family the document sums over (Y of Σ_k Y_k log σ(A_k)) that a
    step writes on its left and replaces by a value (σ(A_i) − Y_i = σ(A_i) − 1): a claim
    about a variable of the problem, no name waiting for a definition in words. Only a
    step as written — no derivative (whose expansion may reach a family the checker
    failed to link), a right side that is no number (a worked example's value, or 0 under
    a constraint such as π_1 + π_2 = 1), one entry of the family outside any sum."""
    left, right = relation.lhs, relation.rhs
    if not isinstance(left, sp.Basic) or not isinstance(right, sp.Basic) \
            or right.is_number or left.has(sp.Derivative) or right.has(sp.Derivative):
        return set()
    # one entry, outside any sum: no constraint of the family (Σ_k t_k = 1, t_1 + t_2 = 1,
    # t_i ∈ {0, 1} of one-hot targets) makes a single free entry take one value
    summed_here = {i.base for s in left.atoms(sp.Sum) for i in s.function.atoms(sp.Indexed)}
    entries: dict = {}
    for i in left.atoms(sp.Indexed):
        entries.setdefault(i.base, set()).add(i)
    single = {b for b, found in entries.items() if len(found) == 1 and b not in summed_here}
    return {q for q in sides[0] - sides[1]
            if (q.base if isinstance(q, sp.Indexed) else q) in summed & single}


def difference(claim, left, right) -> str | None:
    """Where the sides differ: their simplified difference, when it is short; None where
    it simplifies to 0 (a refutation at a point that the algebra contradicts)."""
    from ..prover.context import Context
    from ..prover.sums import Atoms, normalize
    try:
        with deadline(1.0):
            ctx = Context.of(claim, claim.parts[0])
            atoms = Atoms()
            d = atoms.atomize(normalize(ctx.expand(left) - ctx.expand(right), ctx))
            d = atoms.restore(sp.simplify(d))
        if d == 0:
            return None
        text = tex(d)
        if len(text) <= 300:
            return DIFFERENCE + text
    except Exception:        # only the wording of the reason depends on this
        pass
    return "the sides differ at the counterexample"




def dependence(lhs, rhs, scope: Scope, concrete: bool = False):
    """The reading a derivation gives the names it differentiates and never defines:
    `∂ log(p_k)/∂o_i` says p_k depends on o_i, so p_k is read as an unknown function of
    o_i (ξ_i of y_i), the same function wherever p appears — in the step and in the
    definitions it uses (L = −Σ_i y_i log p_i). A step that holds for every such
    function holds whatever p is. Only where each name is differentiated by one variable
    that no definition mentions (o_i becomes a plain symbol: no index of a sum can
    capture it). With `concrete`, each unknown function is one fixed smooth positive
    function instead (2 + sin(…)): an instance to check numerically what was proved for
    every function. Returns (lhs, rhs, scope, words) or None."""
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    used = reachable(scope.defs, sides)
    bodies = {k: scope.defs[k] for k in used}
    mentioned = set().union(*map(mentions, bodies.values()))
    by: dict = {}                                     # undefined name → its variables
    for d in (d for e in sides for d in e.atoms(sp.Derivative)):
        variables = {v for v, _ in d.variable_count}
        for name in _names(d.expr):                   # written inside ∂(…)/∂v itself
            if isinstance(name, (sp.Symbol, sp.IndexedBase)) and name not in scope.defs \
                    and name not in {_base(v) for v in variables}:
                by.setdefault(name, set()).update(variables)
    by = {n: vs for n, vs in by.items() if isinstance(n, sp.IndexedBase) or n.name.isalpha()
          or n.name.startswith("\\") or re.fullmatch(r"[a-zA-Z]_\{\d+\}", n.name)}
    if not by or any(len(vs) != 1 for vs in by.values()):
        return None
    functions_defined = {getattr(k, "__name__", None) for k in scope.defs}
    if any(str(n.label if isinstance(n, sp.IndexedBase) else n) in functions_defined
           for n in by):
        return None     # L of L(w) = … defined: a function of its own, never a new unknown
    variables = set().union(*by.values())
    if any(_base(v) in mentioned or _base(v) in scope.defs for v in variables):
        return None
    if any(a.base == _base(v) and a != v for v in variables for e in sides
           for a in e.atoms(sp.Indexed)):
        return None                 # o_j beside ∂/∂o_i: o_i is no plain symbol (j may be i)
    plain = {v: sp.Symbol(sp.latex(v), real=True) if isinstance(v, sp.Indexed) else v
             for v in variables}
    functions = {n: sp.Function(str(n.label) if isinstance(n, sp.IndexedBase) else n.name,
                                real=True) for n in by}
    if concrete:
        for phase, name in enumerate(sorted(by, key=str), start=1):
            args = sp.symbols("_x0:%d" % (_arity(name, lhs, rhs, scope) + 1), real=True)
            *slots, x = args
            functions[name] = sp.Lambda(args, 2 + sp.sin(x + sum(slots) / 3 + phase))

    def depend(expr):
        if not isinstance(expr, sp.Basic):
            return expr
        expr = expr.xreplace(plain)
        swap = {}
        for name, vs in by.items():
            x = plain[next(iter(vs))]
            if isinstance(name, sp.IndexedBase):
                swap.update({a: functions[name](*a.indices, x) for a in expr.atoms(sp.Indexed)
                             if a.base == name})
            else:
                swap[name] = functions[name](x)
        return expr.xreplace(swap)

    wider = scope.copy()
    for key in used:
        body = scope.defs[key]
        wider.defs[key] = sp.Lambda(body.variables, depend(body.expr)) \
            if isinstance(body, sp.Lambda) else depend(body)
    wider.hypotheses = [depend(h) for h in scope.hypotheses]
    words = ", ".join(f"${sp.latex(n.label if isinstance(n, sp.IndexedBase) else n)}$ as a "
                      f"function of ${sp.latex(next(iter(vs)))}$" for n, vs in by.items())
    return depend(lhs), depend(rhs), wider, words


def _arity(name, lhs, rhs, scope: Scope) -> int:
    """How many indices an undefined name is written with (p_k: 1)."""
    if not isinstance(name, sp.IndexedBase):
        return 0
    exprs = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)] + [
        b.expr if isinstance(b, sp.Lambda) else b for b in scope.defs.values()]
    for e in exprs:
        for a in e.atoms(sp.Indexed):
            if a.base == name:
                return len(a.indices)
    return 0


def dependent_verdict(lhs, rel: str, rhs, scope: Scope, conditions, seconds: float):
    """The step decided under `dependence` within `seconds`: proved (the numeric check on
    an instance, unknown functions having no values), or refuted where the unknown
    functions cancel — with definitions expanded and derivatives taken, the sides'
    difference has none of them left (C = C_0 + λ/n Σ_w |w|, then w − η ∂C/∂w = w − η
    ∂C_0/∂w + ηλ/n sgn w: −2ηλ/n sgn w apart for every C_0). Where a function is left, a
    definition of it could still make the step hold, and nothing is said. Returns (the
    verdict naming the reading, the claim decided) or None."""
    if seconds <= 0.05:
        return None
    try:
        with deadline(seconds):
            read = dependence(lhs, rhs, scope)
            if read is None:
                return None
            left, right, wider, words = read
            claim = step_claim(left, rel, right, wider, conditions)
            proof = prove(claim, budget=remaining() / 2, refute=False)
            if proof.status == PROVED and not proof.partial and not proof.alarm:
                left, right, wider, _ = dependence(lhs, rhs, scope, concrete=True)
                instance = step_claim(left, rel, right, wider, conditions)
                check = prove(instance, budget=remaining(), refute=False)
                if not _proved(check):
                    return None
                proof.parts[0].crosscheck = check.parts[0].crosscheck
                return dict(_verdict(proof, claim, proof.method),
                            reading=f"{words}, as the step differentiates"), claim
            return _refuted_apart(claim, rel, wider, conditions, words)
    except Exception:            # out of time, or a reading that cannot be built
        return None


def _refuted_apart(claim: Claim, rel: str, wider: Scope, conditions, words: str):
    """`dependent_verdict`'s refutation: the sides' difference, free of the unknown
    functions, refuted (the functions have no values to sample)."""
    if rel != "=" or undefined_names(claim, wider):
        return None     # (a name a definition in words could still give a value)
    relation = claim.parts[0].relation
    ctx = Context.of(claim, claim.parts[0])
    gap = sp.expand(ctx.expand(relation.lhs) - ctx.expand(relation.rhs))
    if not isinstance(gap, sp.Expr) or gap.has(AppliedUndef, sp.Derivative, sp.Subs):
        return None
    apart = step_claim(gap, rel, sp.Integer(0), wider, conditions)
    proof = prove(apart, budget=remaining(), refute=True)
    if proof.status != REFUTED:
        return None
    return dict(_verdict(proof, apart, proof.method), values=None,
                reading=f"{words}, as the step differentiates: false whatever it is"), apart


def _tried(tried: list) -> str:
    """What each method met, each reason said once with the methods that met it (a whole
    array differentiated: one reason, not five)."""
    said: dict = {}
    for t in tried:
        method, _, why = t.partition(": ")
        said.setdefault(why, []).append(method)
    if len(tried) > 1 and len(said) == 1 and "did not reduce" not in said:
        return f"{next(iter(said))} (every method)"
    return "; ".join(f"{', '.join(methods)}: {why}" for why, methods in said.items())
