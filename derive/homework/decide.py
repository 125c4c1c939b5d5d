"""Deciding one step in a bounded worker, with the slip named when it is wrong, and the
decision looked up in and stored to the cache when there is one."""
from __future__ import annotations

import functools
import random
import re
import time
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ..latex.parser import APART_DIM, DEFAULT_DIM, PARAMETER_GREEK, ParseError, bold_letter, read_expr
from ..notation import ELLIPSIS, Optimum
from ..outcome import ReasonKind
from ..prover.context import Context
from ..prover.exprs import bare_letter
from ..prover.matrices import differentiates_unwritten_count, is_matrix_reading
from ..prover.moments import (Irreducible, Moment, Randomness, has_moments, law_conditions,
                              laws_below, letters_outside, moment_arguments,
                              letters_inside, reduce)
from ..prover.sampling import evaluate, expand_finite
from ..sandbox import Budget, run_bounded
from .diagnose import diagnose as search
from .entries import entry_texts, is_written, jacobian_pairs, pairs
from .matrices import matrix_repairs, matrix_verdict
from .results import INVALID, UNKNOWN, VALID
from .scope import Scope, contradicts
from .step import (dependent_verdict, difference, fixed_count, held_fixed, judge,
                   log_bases, one_count, placeholder_count, reachable, stated_used, step_claim,
                   undefined_names, unknown_derivatives, unwritten_count, written_length)


def decide(lhs, rel: str, rhs, scope: Scope, condition=None, budget: float = 5.0,
           diagnose: bool = True, decimals: tuple = (), written: tuple = ()) -> dict:
    """The verdict on lhs rel rhs; runs in a worker, returns plain data. `condition` is
    one relation or a tuple of them. An invalid step also gets its `diagnosis`: the small
    edits that would make it valid (derive.diagnosis), searched in the time left. Every
    budget here is CPU seconds: a loaded machine must not change a verdict or a diagnosis.
    `decimals`: the numbers the step writes with a decimal point, as written; `written`:
    its two sides as written."""
    scope = _variables_apart(lhs, rhs, scope)
    cpu = time.process_time()
    out = _decide(lhs, rel, rhs, scope, condition, budget, diagnose, decimals, written)
    families = _function_values_as_families(lhs, rhs, scope) \
        if out["verdict"] == UNKNOWN and out.get("reason_kind") == ReasonKind.NOT_REDUCED \
        else None
    left = budget - (time.process_time() - cpu)
    if families is not None and left > 0.5:
        again = _decide(*families[:1], rel, families[1], scope, condition, left, diagnose,
                        decimals, written)
        if again["verdict"] in (VALID, INVALID):
            out = dict(again, reading="; ".join(filter(None, [
                again.get("reading"), f"{families[2]} taken as the values of functions the "
                "document defines nowhere at distinct points — numbers of their own"])))
    if out["verdict"] == INVALID and any(
            isinstance(e, sp.Basic) and any(b.has(sp.oo, -sp.oo) for s in e.atoms(sp.Sum, sp.Product)
                                            for lim in s.limits for b in lim[1:])
            for e in (lhs, rhs)):
        # (Σ_{τ≥0} β^τ at a worked example's β, by whichever path: no evidence either)
        out = dict(out, verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", diagnosis=[], reason="an infinite series is not "
                   "decided (its values at sampled points are not reliable)")
    if out["verdict"] == INVALID and _unwritten_count(lhs, rhs, scope):
        # (½ Σ_{n,m} Y_nm² at a worked example's Y: the count m runs to is not written, and
        # a count taken for it is no evidence)
        out = dict(out, verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", diagnosis=[], reason="a sum the step uses runs to a "
                   "count the text does not write, and the sides differ only at a count "
                   "taken for it")
    if out["verdict"] == VALID:
        out = _in_general(out, lhs, rel, rhs, scope, condition, budget / 2, decimals)
    return out


def _unwritten_count(lhs, rhs, scope: Scope) -> bool:
    """Whether the step, or a definition it uses, sums to a count no bound writes (n_*) —
    or differentiates such a sum (#m) beside a matrix written out in numbers, whose sizes
    the matrix reading does not take for the count."""
    bodies = [lhs, rhs] + [scope.defs[k] for k in reachable(scope.defs, [lhs, rhs])
                           if k in scope.defs]
    return any(isinstance(e, sp.Basic) and any(getattr(a, "name", None) == APART_DIM.name
                                               for a in e.free_symbols) for e in bodies) \
        or (is_written(lhs) or is_written(rhs)) \
        and any(differentiates_unwritten_count(e) for e in (lhs, rhs))


def _function_values_as_families(lhs, rhs, scope: Scope):
    """(lhs, rhs, names) with p(x_i), q(x_i) — functions the document defines nowhere, at
    the entries of a family, in a step that differentiates nothing — written as families of
    their own (the values p takes at x_1, …, x_n: any numbers, p being any function and the
    points distinct), so that sums of them are decided as sums of entries are; None where
    the step writes no such value."""
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    if len(sides) != 2 or any(e.has(sp.Derivative, sp.Subs, sp.Integral) for e in sides):
        return None
    calls = {c for e in sides for c in e.atoms(AppliedUndef)
             if len(c.args) == 1 and isinstance(c.args[0], sp.Indexed)
             and type(c) not in scope.defs}
    if not calls:
        return None
    values = {c: sp.IndexedBase(f"{c.func}({c.args[0].base.label})", real=True)[c.args[0].indices]
              for c in calls}
    names = ", ".join(sorted({f"${sp.latex(c.func(c.args[0].base.label))}$" for c in calls}))
    return lhs.xreplace(values), rhs.xreplace(values), names


def _variables_apart(lhs, rhs, scope: Scope) -> Scope:
    """The scope for a step that differentiates by a name a worked example gave numbers
    (`$W = \\begin{bmatrix} 1 & -2 \\\\ 0.5 & 0 \\end{bmatrix}$`, then ∇_W R(W)): that
    name is the variable there, its example's value left out."""
    by = {v for e in (lhs, rhs) if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)
          for v in d.variables if isinstance(scope.defs.get(v), sp.MatrixBase)}
    if not by:
        return scope
    apart = scope.copy()
    for v in by:
        del apart.defs[v]
    return apart


def _decide(lhs, rel, rhs, scope: Scope, condition, budget, diagnose, decimals,
            written=()) -> dict:
    start, cpu = time.monotonic(), time.process_time()
    conditions = _conditions(condition)
    numbers = not any(isinstance(e, sp.Basic) and (e.free_symbols or e.atoms(sp.Indexed))
                      for e in (lhs, rhs))
    written_out = is_written(lhs) or is_written(rhs)
    # (numbers: whatever the words assume; a worked example's section: its values)
    if (decimals or rel == "~" or numbers or scope.examples) and not written_out:
        out = _rounded(lhs, rel, rhs, scope, conditions, decimals, written)
        if out is None and rel == "~":
            out = {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_CHECKED,
                   "reason": "an approximation (\\approx) between expressions that are not "
                             "both numbers is not checked"}
        if out is not None:
            out["seconds"] = time.monotonic() - start
            return out
    if written_out:
        out = _entry_by_entry(lhs, rel, rhs, scope, conditions, budget, diagnose, decimals,
                              written)
        out["seconds"] = time.monotonic() - start
        return out
    if has_moments(lhs) or has_moments(rhs):
        out = _moment_step(lhs, rel, rhs, scope, conditions, budget, decimals, written)
        if out is not None:
            out["seconds"] = time.monotonic() - start
            return out
    if any(isinstance(e, sp.Basic) and e.has(Optimum) for e in (lhs, rhs)):
        out = _optimum_step(lhs, rel, rhs, scope, conditions, budget)
        out["seconds"] = time.monotonic() - start
        return out
    if is_matrix_reading(lhs, rhs):
        out = matrix_verdict(lhs, rel, rhs, scope, conditions, budget)
        out["seconds"] = time.monotonic() - start
        return out
    entry = _gradient_entry(lhs, rel, rhs, scope)
    if entry is not None:
        out = _gradients_of_whole_arrays(_into_gradient(lhs), _into_gradient(rhs), entry,
                                         scope, condition, budget)
        out["seconds"] = time.monotonic() - start
        return out
    entry = _gradient_as_written(lhs, rel, rhs, scope)
    if entry is not None:
        out = _entry_by_entry_gradient(entry, scope, condition, budget)
        out["seconds"] = time.monotonic() - start
        return out
    out = _without_common_factors(lhs, rel, rhs, scope, conditions, COMMON_SHARE * budget)
    if out is None:
        out = _by_label_cases(lhs, rel, rhs, scope, conditions, budget, diagnose)
    if out is not None:
        out["seconds"] = time.monotonic() - start
        return out
    claim = step_claim(lhs, rel, rhs, scope, conditions)
    out = judge(claim, budget - (time.process_time() - cpu))
    if out["verdict"] == INVALID and any(isinstance(e, sp.Basic) and e.has(sp.Product)
                                          for e in (lhs, rhs)):
        out = _product_refuted_at_positives(lhs, rel, rhs, scope, conditions, out,
                                            budget - (time.process_time() - cpu))
    if out["verdict"] == INVALID and any(isinstance(e, sp.Basic) and e.has(sp.Product)
                                          for e in (lhs, rhs)) and not out.pop("positive", False):
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", reason="a product over a symbolic range is not "
                   "decided (its counterexamples are not reliable)")
    if out["verdict"] == INVALID and _infinite_series(claim):
        # SymPy sums Σ_{k≥0} μ^k at a float μ to 1: a series' value at a point is no
        # evidence, and a refutation that rests on one is no counterexample
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", reason="an infinite series is not decided (its "
                   "values at sampled points are not reliable)")
    if out["verdict"] == INVALID and _differentiated_optimum(claim):
        # ∂y/∂x_j for y = max_i x_i: SymPy differentiates the max as if i were free — no
        # counterexample (the max moves its argument only where it is attained)
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", reason="a derivative of a max or min over an "
                   "index (or of an argmax) is not decided")
    if out["verdict"] in (VALID, INVALID) and _through_numbers(lhs, rhs, scope):
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", reason="a derivative taken through a name a worked "
                   "example gives as a number (o = σ(1.0769)): what it is a function of is not "
                   "written there")
    by_index = _index_only_family(lhs, rhs, scope) if out["verdict"] == INVALID else None
    if by_index is not None:
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED, counterexample=None,
                   values=None, method="", reason=f"${by_index}$ makes each entry a number "
                   "fixed by its index alone, while the step computes with variables: the "
                   "definition may have lost them (e^j for e^{o_j}); not decided")
    if out["verdict"] == INVALID:
        out = _under_readings(out, claim, budget - (time.process_time() - cpu), budget, scope)
    elif out["verdict"] == UNKNOWN and out.get("reason_kind") == ReasonKind.NOT_REDUCED:
        out = _under_fixed_count(out, claim, budget - (time.process_time() - cpu), scope)
    unmet = _for_every_index(claim) if out["verdict"] == INVALID else None
    if unmet is not None:
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED.value,
                   counterexample=None, values=None, method="", reason="the sides differ at "
                   f"a point that need not meet ${sp.latex(unmet)}$ for every index the step "
                   "sums over: no counterexample")
    apart = _transposed_apart(claim, lhs, rhs) if out["verdict"] == INVALID else None
    if apart:
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.READING.value, counterexample=None,
                   values=None, method="", reason=f"false only in scalar algebra, which reads "
                   f"${apart}^T$ as a name unrelated to ${apart}$ (its definitions write "
                   "matrix notation the step does not)")
    if out["verdict"] == INVALID and all(_CONST in _names_of(e) for e in (lhs, rhs)):
        # `… + \text{const}` on both sides: a term free of the quantity the derivation is
        # about, which changes from line to line as terms are moved into it
        out.update(verdict=UNKNOWN, reason_kind=ReasonKind.READING.value, counterexample=None,
                   values=None, method="", reason="both sides end in “const”, which stands "
                   "for whatever does not depend on the quantity of interest and may absorb "
                   "terms from line to line: the sides differ by terms it may absorb")
    undecided = out["verdict"] == UNKNOWN
    if out["verdict"] == INVALID:
        names = undefined_names(claim, scope)
        undecided = bool(names)
        if names:
            out.update(verdict=UNKNOWN, reason_kind=ReasonKind.UNDEFINED_NAME,
                       counterexample=None, values=None, method="",
                       reason=f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} "
                              "not defined: the step is false if "
                              f"{'it is a free variable' if len(names) == 1 else 'they are free variables'}"
                              ", and may hold under a definition given in words")
    if undecided:
        dependent = dependent_verdict(lhs, rel, rhs, scope, conditions,
                                      budget - (time.process_time() - cpu))
        if dependent is not None:
            out, claim = dependent
    if out["verdict"] == UNKNOWN and stated_used(lhs, rhs, scope):
        out = _with_stated(out, lhs, rel, rhs, scope, conditions,
                           budget - (time.process_time() - cpu))
    if out["verdict"] == INVALID:
        relation = claim.parts[0].relation
        out["reason"] = difference(claim, relation.lhs, relation.rhs)
        if out["reason"] is None:
            # the sides differ at a point, their difference simplifies to 0: one of the two
            # computations is wrong about this step, and neither is a verdict
            return dict(out, verdict=UNKNOWN, reason_kind=ReasonKind.NOT_REDUCED,
                        counterexample=None, values=None, method="",
                        reason="the sides differ at a sampled point, but their difference "
                               "simplifies to 0: not decided", seconds=time.monotonic() - start)
        if diagnose:
            out.update(name_slip(lhs, rel, rhs, scope, conditions,
                                 budget - (time.process_time() - cpu), out["counterexample"]))
    out["seconds"] = time.monotonic() - start
    return out


ROUNDING_DIGITS = 50      # the exact value, against which the digits written are compared
WRONG_BEYOND = 10         # roundings: further off than this many times their sum, it is wrong


def _places(literal: str) -> sp.Rational:
    """Half a unit in the last place written: 0.62246 is a rounding within 5·10⁻⁶."""
    return sp.Rational(1, 2 * 10 ** (len(literal.split(".")[1]) if "." in literal else 0))


_ALONE = re.compile(r"\s*[-+]?\s*(\d+(?:\.\d+)?)\s*")
# arithmetic on numbers written, nothing else: the operands of a computation, exact as written
_ARITHMETIC = re.compile(r"(?:[\d.+\-*/()\s{}^]|\\(?:cdot|times|frac|dfrac|left|right|,|;|!|quad))*")


NUDGE_DIGITS = 3     # a literal nudged by 10⁻³ of a unit in its last place


def _is_number_as_written(text: str, functions) -> bool:
    try:
        e = read_expr(text, functions)
    except ParseError:
        return False
    return isinstance(e, sp.Basic) and e.is_number


def _sensitivities(written, decimals, scope: Scope) -> dict:
    """{literal: |∂(lhs − rhs)/∂literal|} where both sides as written are arithmetic on
    numbers (`0.999 · 0.004 + 0.001 · 1.8^2 = 0.003996 + 0.00364`): each side read again
    with the literal nudged (every place it is written), the move of their difference
    measured. A 1 or a 0.999 that multiplies a small term carries little of its rounding
    into the sides; {} where a side is no number as written (its names defined elsewhere)."""
    if len(written) != 2:
        return {}
    functions = frozenset(scope.functions)

    def gap(texts):
        # (a side that is no number as written — ∂L/∂w = (0.7311 − 1) · 2 + 0.05 — moves
        # with none of the literals: the other side's move is the gap's)
        try:
            sides = [read_expr(t, functions) for t in texts]
        except ParseError:
            return None
        # (a side that is a matrix written out is no one number: its entries are decided
        # each with its own texts, `entry_texts`)
        numbers = [e if isinstance(e, sp.Expr) and e.is_number else sp.S.Zero for e in sides]
        if all(e is sp.S.Zero and not (isinstance(s, sp.Basic) and s.is_zero)
               for e, s in zip(numbers, sides)):
            return None
        value = evaluate(numbers[0] - numbers[1], {}, ROUNDING_DIGITS)
        return value if isinstance(value, sp.Expr) else None

    base = gap(written)
    if base is None:
        return {}
    numeric = [_is_number_as_written(t, functions) for t in written]
    out = {}
    for d in decimals:
        step = sp.Rational(1, 10 ** (len(d.split(".")[1]) + NUDGE_DIGITS)) if "." in d \
            else sp.Rational(1, 10 ** NUDGE_DIGITS)
        nudged = sp.Rational(d) + step
        shown = f"{sp.Float(nudged, len(d) + NUDGE_DIGITS + 2):.{len(d) + NUDGE_DIGITS}f}"
        pattern = re.compile(r"(?<![\w.])" + re.escape(d) + r"(?![\d])")
        if any(pattern.search(t) for t, number in zip(written, numeric) if not number):
            return {}           # (σ(0.27418) with σ the page's own: its move is not measured)
        if sum(len(pattern.findall(t)) for t in written) == 1 and any(
                (m := _ALONE.fullmatch(t)) and m.group(1) == d for t in written):
            out[d] = sp.Integer(1)      # a side that is the number alone moves with it, 1:1
            continue
        moved = gap([pattern.sub(shown, t) for t in written])
        if moved is None:
            return {}
        out[d] = abs(moved - base) / step * sp.Rational(3, 2)    # (first order, with room)
    return out


def rounded_literals(written, rel: str) -> tuple:
    """The numbers a step writes that may be roundings: a side that is one number alone
    (σ(1) = 0.73; with ≈ a whole number too, π ≈ 3), and on a side that stands for exact
    quantities computed elsewhere those with three significant digits or more (0.24492 ·
    0.62246 for (ŷ − y)h; 0.5 and 0.25 are a problem's data). A computation on numbers
    written, set equal to one number (`(0.5987 − 1) · 0.2403 · 1.5 ≈ −0.1447`, `0.004 / (1 −
    0.999) = 4`), takes its operands as written: only the result may be rounded."""
    out = []
    for side, other in zip(written, reversed(written)):
        alone = _ALONE.fullmatch(side)
        if alone and ("." in alone.group(1) or rel == "~"):
            out.append(alone.group(1))
            continue
        if _ALONE.fullmatch(other) and _ARITHMETIC.fullmatch(side):
            continue       # (= 5 after 0.004/(1 − 0.999): the data are exact, 4 is no 5)
        out += [d for d in _DECIMAL.findall(side)
                if len(d.replace(".", "").lstrip("0")) >= 3]
    return tuple(dict.fromkeys(out))


def _in_general(found: dict, lhs, rel, rhs, scope, condition, budget, decimals) -> dict:
    """A step written in symbols on both sides (`−[y(1 − σ) − (1 − y)σ] = yσ − y`) that
    holds at the numbers the words give its names ("at $z = 0.3$, $y = 1$"): decided in
    general too. False in general, it is no identity the writer derived: `unknown`, naming
    the values at which it holds; never `valid` for one point's agreement."""
    written = {a for e in (lhs, rhs) if isinstance(e, sp.Basic)
               for a in e.atoms(sp.Symbol, sp.Indexed)}
    if any(not isinstance(e, sp.Basic) or not e.free_symbols & written
           and not e.atoms(sp.Indexed) & written for e in (lhs, rhs)):
        return found            # a side that is a number: the step computes at the values
    # (its names, and those its definitions reach: v = log σ² after "when $σ = 1$")
    reached = set(reachable(scope.defs, [lhs, rhs]))
    reached |= {a for k in reached for a in getattr(scope.defs[k], "free_symbols", ())}
    # (never a variable it only differentiates by: ∂C/∂z_1 after "$z = (2, 1, 0.1)$" is
    # taken in general, then at z; the x of d/dx x² = 2x² is written, and given)
    varying = {v for e in (lhs, rhs) if isinstance(e, sp.Basic)
               for d in e.atoms(sp.Derivative) for v in d.variables}
    outside = {a for e in (lhs, rhs) if isinstance(e, sp.Basic)
               for a in e.replace(lambda d: isinstance(d, sp.Derivative), lambda d: d.expr)
               .atoms(sp.Symbol, sp.Indexed)}
    given = {a for a in (written | reached) - (varying - outside)
             if str(a) in scope.examples
             and getattr(scope.defs.get(a, sp.S.Zero), "is_number", False)}
    # (or the entries of a vector the step writes, a sum over it written out at them:
    # Σ p_i log p_i — not those its definitions reach, the example's data: y of C(y, z))
    bases = {str(a.base.label) if isinstance(a, sp.Indexed) else str(a)
             for e in (lhs, rhs) if isinstance(e, sp.Basic)
             for a in e.replace(lambda d: isinstance(d, sp.Derivative), lambda d: d.expr)
             .atoms(sp.Symbol, sp.Indexed)}
    entries = {k for k in found.get("at_example") or () if k.split("[")[0] in bases} \
        - {str(a) for a in given}
    if not given and not entries:
        return found
    general = scope.copy()
    general.defs = {k: v for k, v in scope.defs.items() if k not in given}
    general.examples = {k: v for k, v in scope.examples.items()
                        if k not in {str(a) for a in given} | entries}
    again = decide(lhs, rel, rhs, general, condition, budget, diagnose=False,
                   decimals=decimals)
    if again["verdict"] == VALID:
        return dict(again, seconds=found.get("seconds", 0.0) + again.get("seconds", 0.0))
    said = ", ".join([f"${sp.latex(a)} = {sp.latex(scope.examples[str(a)][0])}$ (line "
                      f"{scope.examples[str(a)][1]})" for a in sorted(given, key=str)]
                     + [f"${Scope.example_latex(k)} = {sp.latex(scope.examples[k][0])}$"
                        for k in sorted(entries)])
    if again["verdict"] != INVALID and not entries:
        return found            # (proved in general where it could be: a stronger proof)
    if again["verdict"] != INVALID:
        # a formula over a vector holds at the example's entries: one point, no proof
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value, "method": "",
                "seconds": found.get("seconds", 0.0) + again.get("seconds", 0.0),
                "reading": f"at the values the words give, {said}",
                "reason": f"holds at {said}, not proved in general: {again['reason']}"}
    return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value, "method": "",
            "seconds": found.get("seconds", 0.0) + again.get("seconds", 0.0),
            "reading": f"at the values the words give, {said}",
            "reason": f"holds at {said}, but is false in general: {again['reason']}",
            "counterexample": again.get("counterexample")}


def _rounded(lhs, rel, rhs, scope, conditions, decimals, texts=()) -> dict | None:
    """A step between numbers that writes rounded ones (`σ(z_1) = \\frac{1}{1+e^{-0.5}}
    ≈ 0.62246`, `0.24492 · 2 · 0.62246 (1 − 0.62246) = 0.11511`): both sides' exact values
    to 50 digits, compared within what rounding the numbers written can explain — half a
    unit in each one's last place, scaled to the size of the sides (0.00123 · 1000 carries
    1000 times 0.00123's). `valid` within that, `invalid` beyond ten times it, else
    `unknown`. None where a side is no number (its names undefined, or variables), for
    the other strategies."""
    if rel not in ("=", "~"):
        return None             # `1 + 1/σ² > 0`: an inequality, the prover's
    claim = step_claim(lhs, "=", rhs, scope, conditions)
    relation = claim.parts[0].relation
    ctx = Context(dict(claim.indices), dict(claim.dims), tuple(claim.hypotheses),
                  dict(claim.defs), starts=dict(claim.starts))
    if unknown_derivatives([relation.lhs, relation.rhs], claim.defs):
        return None      # ∂y_1/∂x_2 with y_1 defined nowhere: no number (SymPy would say 0)
    try:
        sides = [ctx.expand(e) for e in (relation.lhs, relation.rhs)]
    except Exception:                       # a side the reader cannot unfold: not numbers
        return None
    if any(not isinstance(e, sp.Basic) or e.has(sp.Derivative, sp.Limit) for e in sides) \
            or _through_numbers(lhs, rhs, scope):
        return None     # (∂E/∂w_5 through o = σ(1.0769): the numbers carry no derivative)
    sides = [expand_finite(e) for e in sides]          # Σ_{k=1}^{3} written out
    reading, put = "", {}
    # (z_k under Σ_{k=1}^{K}: no name of its own — the example's K writes the sum out, and
    # its z_1, …, z_K are then the example's too)
    bound = {lim[0] for e in sides for t in e.atoms(sp.Sum) for lim in t.limits} if any(
        isinstance(e, sp.Basic) and e.is_number for e in (lhs, rhs)) else set()
    names = {a for e in sides for a in e.atoms(sp.Symbol, sp.Indexed)
             if a.free_symbols and not any(a in i.free_symbols for i in e.atoms(sp.Indexed))
             and a not in bound or isinstance(a, sp.Indexed) and not a.free_symbols & bound}
    # (what a derivative is taken of is written: x in d/dx sin(x²) — only a variable it is
    # taken by, and nowhere else, is the example's point)
    written = {str(a) for e in (lhs, rhs) if isinstance(e, sp.Basic)
               for a in e.replace(lambda d: isinstance(d, sp.Derivative), lambda d: d.expr)
               .atoms(sp.Symbol, sp.Indexed)}
    # a point the step's own case or the words fix: ŷ = 2.5 after ∂/∂ŷ, `z = 0{,}8:` before it
    def points(hypotheses):
        return {h.lhs: h.rhs for h in hypotheses if isinstance(h, sp.Equality)
                and isinstance(h.lhs, (sp.Symbol, sp.Indexed)) and h.rhs.is_number}
    case = points(claim.parts[0].hypotheses)
    fixed = {**points(claim.hypotheses), **case}
    names -= set(case)
    if names and scope.examples and all(str(a) in scope.examples for a in names) \
            and (not written & set(scope.examples) or any(
                isinstance(e, sp.Basic) and e.is_number for e in (lhs, rhs))):   # (x² = 2x at x = 2 is about x)
        # a_1 + a_2 + a_3 ≈ 0.09003 + … after "$z_1 = 1$, $z_2 = 2$, $z_3 = 3$"
        put = {a: scope.examples[str(a)][0] for a in names}
        sides = [expand_finite(e.xreplace(put)) for e in sides]
        inner = {a for e in sides for a in e.atoms(sp.Indexed) if str(a) in scope.examples}
        if inner and bound:
            put |= {a: scope.examples[str(a)][0] for a in inner}
            sides = [e.xreplace(put) for e in sides]
        lines = sorted({scope.examples[str(a)][1] for a in put})
        reading = ("at the worked example's values " + ", ".join(
            f"${Scope.example_latex(str(a))} = {sp.latex(v)}$" for a, v in put.items())
            + f" (line {', '.join(map(str, lines))})")
    sides = [e.xreplace(fixed) for e in sides]
    if case and any(e.free_symbols for e in (relation.lhs, relation.rhs)):
        reading = "; ".join(filter(None, ["in its case " + ", ".join(
            f"${sp.latex(a)} = {sp.latex(v)}$" for a, v in case.items()), reading]))
    if any(e.free_symbols for e in sides):
        return None
    for h in (*claim.parts[0].hypotheses, *claim.hypotheses):
        if isinstance(h, sp.core.relational.Relational) \
                and h.xreplace({**put, **fixed}) is sp.false:
            return None     # the words' x = 0 beside a row for x > 0: not that row's point
    values = [evaluate(e, {}, ROUNDING_DIGITS) for e in sides]
    if any(not isinstance(v, sp.Expr) for v in values):
        return None             # (no value, or a vector's: its entries are compared each)
    left, right = values
    size = max(abs(left), abs(right))
    weights = _sensitivities(texts, decimals, scope) if decimals else {}
    # what each number's rounding can move the sides apart by: its half unit times how
    # much the sides move with it (read from the sides with it nudged, where they are
    # arithmetic on numbers); else as if it multiplied the whole side (0.00123 · 1000)
    allowed = sum((_places(d) * (weights[d] if d in weights else
                                 max(1, size / abs(sp.Rational(d)))) for d in decimals
                   if sp.Rational(d) != 0), sp.Float(0, ROUNDING_DIGITS))
    distance = abs(left - right)
    shown = {"lhs": float(left), "rhs": float(right)}
    said = f"{float(left):.10g} and {float(right):.10g}"
    if distance <= allowed + sp.Float(10) ** -40 * (1 + size):
        return {"verdict": VALID, "reason_kind": ReasonKind.PROVED.value,
                "method": "exact values of both sides", "hypotheses": [], "values": shown,
                "reason": f"exact values of both sides: {said}; numeric check: "
                          f"{ROUNDING_DIGITS} digits, within the rounding of the numbers "
                          f"written ({float(allowed):.1e})",
                "reading": "; ".join(r for r in (reading, "" if distance == 0 else
                                                 "the numbers written as roundings") if r),
                "at_example": sorted(str(a) for a in put)}
    negligible = _negligible(texts, scope, size, distance, allowed)
    if negligible is not None:
        return {"verdict": VALID, "reason_kind": ReasonKind.PROVED.value,
                "method": "exact values of both sides", "hypotheses": [], "values": shown,
                "reason": f"exact values of both sides: {said}; numeric check: "
                          f"{ROUNDING_DIGITS} digits, equal with {negligible} left out",
                "reading": "; ".join(r for r in (reading, f"{negligible} taken as negligible "
                                                 "beside the numbers it is added to") if r),
                "at_example": sorted(str(a) for a in put)}
    again = [evaluate(e, {}, ROUNDING_DIGITS + 30) for e in sides]     # re-checked

    def wrong(gap):
        # far beyond the rounding; or beyond a digit cut (one unit in the last place) and
        # a quarter of the value besides: −0.8 written −0.4 is a slip, not a cut
        return gap > WRONG_BEYOND * allowed or gap > 2.5 * allowed and gap > size / 4
    if rel == "~" and distance <= size / 100 and not _digits_swapped(texts, decimals, again):
        # `692.8 ≈ ln 2/(ηλ) = 693.1`: ≈ between two values also marks an approximation
        # (−ln(1 − x) ≈ x), not only a rounding: a hundredth apart is no slip
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value, "method": "",
                "hypotheses": [], "values": shown,
                "reason": f"the sides are {said}: {float(distance):.2g} apart, more than "
                          "rounding explains; ≈ may mark an approximation, which is not checked"}
    if None not in again and (wrong(distance) and wrong(abs(again[0] - again[1]))
                              or _neither_rounded_nor_cut(texts, decimals, again)
                              and distance > _operands_rounding(texts, size)):
        return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE.value,
                "method": "counterexample", "hypotheses": [], "counterexample": {},
                "values": shown, "reason": f"the sides are {said}: {float(distance):.3g} "
                f"apart, more than rounding the numbers written can make"}
    return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value, "method": "",
            "hypotheses": [], "values": shown,
            "reason": f"the sides are {said}: {float(distance):.2g} apart, more than rounding "
                      "the numbers written explains, too little for a slip (cut rather than "
                      "rounded?)"}


def _digits_swapped(texts, decimals, values) -> bool:
    """A number written alone whose digits are those of the other side's value, rounded to
    as many places, in another order (0.6904 for 0.6940): a slip, not an approximation."""
    if len(texts) != 2 or None in values:
        return False
    for n, side in enumerate(texts):
        alone = _ALONE.fullmatch(side)
        if alone and alone.group(1) in decimals and "." in alone.group(1):
            written = alone.group(1)
            places = len(written.split(".")[1])
            exact = abs(values[1 - n])
            rounded = f"{float(exact):.{places}f}"
            return rounded != written and sorted(rounded) == sorted(written)
    return False


def _operands_rounding(texts, size):
    """How far the operands of a computation on numbers could move it, were those of three
    significant digits or more roundings of earlier results (`0.5 \\cdot 0.1966 = 0.09831`,
    with 0.1966 = σ'(1) rounded): within it, a last digit is no slip to call."""
    return sum((_places(d) * max(1, size / abs(sp.Rational(d)))
                for side in texts if not _ALONE.fullmatch(side)
                for d in _DECIMAL.findall(side)
                if len(d.replace(".", "").lstrip("0")) >= 3 and sp.Rational(d) != 0),
               sp.Float(0, ROUNDING_DIGITS))


def _neither_rounded_nor_cut(texts, decimals, values) -> bool:
    """A number written alone as the result of a computation on data taken as exact
    (`-1 - 0.1 \\cdot (-1) = -0.8`): the only rounding is its own, so it is wrong when it
    is neither the exact value rounded nor cut to its places (−0.9 has no other digits)."""
    if len(texts) != 2 or len(decimals) != 1:
        return False
    for n, side in enumerate(texts):
        alone = _ALONE.fullmatch(side)
        if alone and alone.group(1) == decimals[0]:
            places = len(decimals[0].split(".")[1]) if "." in decimals[0] else 0
            written, exact = values[n], values[1 - n]
            unit = sp.Rational(1, 10 ** places)
            scaled = exact / unit
            near = {sp.floor(scaled), sp.ceiling(scaled)}      # rounded or cut, either way
            return all(abs(written - k * unit) > unit / 1000 for k in near)
    return False


NEGLIGIBLE = sp.Rational(1, 10 ** 6)
# a number written as a tiny power of ten, or a decimal with six zeros after the point
_TINY = re.compile(r"(?<![\w.^])(?:10\s*+\^\s*+\{\s*+-\s*+(?P<power>\d+)\s*+\}|10\s*+\^\s*+-\s*+(?P<digit>\d)"
                   r"|0[.,]0{6,}[1-9]\d*+|\d(?:\.\d+)?e-(?P<exp>\d+))(?![\d.])")


def _is_tiny(m) -> bool:
    power = m.group("power") or m.group("digit") or m.group("exp")
    return power is None or int(power) >= 6          # (0.0000001: six zeros at least)


def _negligible(written, scope: Scope, size, distance, allowed) -> str | None:
    """`√0.25 + 10^{-8}` written 0.5: an ε added for numerical safety (10⁻⁸ in Adam, 10⁻¹²
    in a log) that the next line leaves out, as worked examples do — the sides a few parts
    in a million apart, and equal once every such number written is 0. Its LaTeX, or None."""
    if len(written) != 2 or distance > size * NEGLIGIBLE:
        return None
    found = [m.group(0) for t in written for m in _TINY.finditer(t) if _is_tiny(m)]
    if not found:
        return None
    try:
        sides = [read_expr(_TINY.sub(lambda m: "0" if _is_tiny(m) else m.group(0), t),
                           frozenset(scope.functions)) for t in written]
    except ParseError:
        return None
    if not all(isinstance(e, sp.Basic) and e.is_number for e in sides):
        return None
    dropped = [evaluate(e, {}, ROUNDING_DIGITS) for e in sides]
    if None in dropped or abs(dropped[0] - dropped[1]) > allowed + \
            sp.Float(10) ** -40 * (1 + size):
        return None
    return ", ".join(f"${t}$" for t in dict.fromkeys(found))


def _through_numbers(lhs, rhs, scope: Scope) -> bool:
    """Whether the step differentiates a name defined, directly or through others, by a
    worked example's numbers alone (∂o/∂net_o after `o = σ(1.0769)`): the derivative is 0
    there only because the example wrote the value, not the function."""
    for d in (d for e in (lhs, rhs) if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)):
        reached = {k for k in reachable(scope.defs, [d.expr]) if k not in d.variables}
        numbers = {k for k in reached if isinstance(scope.defs[k], sp.Basic)
                   and not isinstance(scope.defs[k], sp.Lambda)       # (a function: no value)
                   and not scope.defs[k].free_symbols and not scope.defs[k].is_Integer}
        if not numbers:
            continue
        # (∂(λw²)/∂w with λ = 0.01 still has w: only a derivative that loses its variable)
        plain = {k: scope.defs[k] for k in reached if isinstance(scope.defs[k], sp.Basic)
                 and not isinstance(scope.defs[k], sp.Lambda)}
        family = {k: scope.defs[k] for k in reached if isinstance(scope.defs[k], sp.Lambda)}
        body = d.expr
        try:
            for _ in range(6):
                body = body.xreplace(plain).replace(
                    lambda a: isinstance(a, sp.Indexed) and a.base in family
                    and len(family[a.base].variables) == len(a.indices),
                    lambda a: family[a.base](*a.indices))
        except (TypeError, ValueError, AttributeError):
            continue            # (a matrix given where a number stands: no certainty)
        if not isinstance(body, sp.Basic) or isinstance(body, sp.MatrixBase):
            continue
        # (only where every definition it reaches was put in: else no certainty)
        left = body.free_symbols | body.atoms(sp.Indexed, sp.Function)
        # (w_{11} is the entry w_{1,1} too: a variable's letter left in the body may be it)
        letters = {v.base for v in d.variables if isinstance(v, sp.Indexed)}
        if not set(d.variables) & body.free_symbols \
                and not any(a.base in letters for a in body.atoms(sp.Indexed)) \
                and not any(a in scope.defs or getattr(a, "base", None) in scope.defs
                            for a in left if a not in d.variables):
            return True
    return False


def _index_only_family(lhs, rhs, scope: Scope) -> str | None:
    """A family the step writes whose definition gives each entry by its index alone
    (p_j = e^j / Σ_i e^i, with no variable in it) beside variables of the step (e^{o_k}):
    as a lecture's softmax it has lost its argument — its definition, LaTeX, else None."""
    exprs = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    by_name = {str(getattr(k, "label", k)): v for k, v in scope.defs.items()}
    variables = {a for e in exprs for a in e.free_symbols | e.atoms(sp.Indexed)
                 if not getattr(a, "is_integer", False) and (
                     not isinstance(by_name.get(str(a.base.label)), sp.Lambda)
                     if isinstance(a, sp.Indexed) else str(a) not in by_name)}
    if not variables:
        return None
    for base in {a.base for e in exprs for a in e.atoms(sp.Indexed)}:
        body = by_name.get(str(base.label))
        if not isinstance(body, sp.Lambda) or not isinstance(body.expr, sp.Basic):
            continue
        own = {str(v) for v in body.variables}
        free = {str(s) for s in body.expr.free_symbols}
        # (a function of the index, as e^j: a one-hot y_k = δ_kc is a number by its index
        # rightly)
        of_index = [f for f in body.expr.atoms(sp.Function)
                    if not isinstance(f, sp.KroneckerDelta)
                    and {str(s) for s in f.free_symbols} & own]
        if all(s.is_integer or str(s) in own for s in body.expr.free_symbols) \
                and not body.expr.atoms(sp.Indexed) and own and own <= free and of_index:
            return f"{sp.latex(base.label)}_{{{', '.join(map(sp.latex, body.variables))}}} = " \
                   f"{sp.latex(body.expr)}"
    return None


def _differentiated_optimum(claim) -> bool:
    """Whether the step differentiates a max, min or arg-optimum, its definitions unfolded
    into the derivative (y = max_i x_i in ∂y/∂x_j)."""
    rel = claim.parts[0].relation
    def optimum(e) -> bool:              # (has() does not look inside an Optimum's args)
        return isinstance(e, sp.Basic) and bool(e.atoms(Optimum))
    optima = {str(k) for k, v in claim.defs.items()      # (by name: a key's assumptions
              if optimum(v.expr if isinstance(v, sp.Lambda) else v)}     # may differ)
    return any(isinstance(e, sp.Basic) and any(
        optimum(d.expr) or {str(a) for a in d.expr.free_symbols} & optima
        for d in e.atoms(sp.Derivative)) for e in (rel.lhs, rel.rhs))


def _product_refuted_at_positives(lhs, rel, rhs, scope: Scope, conditions, out: dict,
                                  budget: float) -> dict:
    """A product over a symbolic range refuted again where every name is positive: there
    no power of a negative base leaves the real numbers (√(2πσ) at σ < 0, a branch of
    (∏ x_i)^{1/2}), so the counterexample says the step is false, not which root was
    taken. `out` marked `positive` when it stands; else as it was."""
    names = [x for e in (lhs, rhs) if isinstance(e, sp.Basic) for x in e.free_symbols
             if isinstance(x, sp.Symbol) and not x.is_integer]
    families = {i.base for e in (lhs, rhs) if isinstance(e, sp.Basic)
                for i in e.atoms(sp.Indexed)}
    k = sp.Dummy("k", integer=True, positive=True)
    positive = tuple(sp.Gt(x, 0) for x in set(names)) + tuple(sp.Gt(f[k], 0) for f in families)
    if budget <= 0.5 or not positive:
        return out
    again = judge(step_claim(lhs, rel, rhs, scope, tuple(conditions or ()) + positive),
                  budget)
    return dict(again, positive=True) if again["verdict"] == INVALID else out


def _infinite_series(claim) -> bool:
    """Whether the step, its definitions unfolded, has a Σ or Π with an infinite bound."""
    rel = claim.parts[0].relation
    exprs = [rel.lhs, rel.rhs, *[v.expr if isinstance(v, sp.Lambda) else v
                                 for v in claim.defs.values()]]
    return any(isinstance(e, sp.Basic) and any(
        b.has(sp.oo, -sp.oo) for s in e.atoms(sp.Sum, sp.Product) for lim in s.limits
        for b in lim[1:]) for e in exprs)


def _label_cases(body) -> list | None:
    """[(label, value, piece)] of a definition by the cases of a label's values
    (g_p(w) = −log σ(x_p w) if y_p = +1, −log σ(−x_p w) if y_p = −1), else None."""
    if not isinstance(body, sp.Piecewise):
        return None
    out = []
    for piece, cond in body.args:
        if cond is sp.true and piece is sp.nan:
            continue                                  # undefined elsewhere
        if not (isinstance(cond, sp.Eq) and isinstance(cond.lhs, (sp.Symbol, sp.Indexed))
                and cond.rhs.is_number):
            return None
        out.append((cond.lhs, cond.rhs, piece))
    return out or None


def _by_label_cases(lhs, rel, rhs, scope: Scope, conditions, budget, diagnose) -> dict | None:
    """A step about a function defined by the cases of a label's values, decided case by
    case with the label put in (where the definition is undefined, so is the step):
    valid when every case is, invalid when one is (that case named), else unknown. None
    where the step uses no such definition, or uses it at more than one argument."""
    for key in sorted(reachable(scope.defs, [lhs, rhs]), key=str):
        body = scope.defs[key]
        lam = body if isinstance(body, sp.Lambda) else None
        cases = _label_cases(lam.expr if lam else body)
        if cases is None:
            continue
        calls = {a for e in (lhs, rhs) if isinstance(e, sp.Basic) for a in e.atoms(sp.Function)
                 if a.func == key} if lam else set()
        if lam and len(calls) != 1:
            return None
        at = dict(zip(lam.variables, next(iter(calls)).args)) if lam else {}
        bound = {v for e in (lhs, rhs) if isinstance(e, sp.Basic)
                 for s in e.atoms(sp.Sum, sp.Product) for v in s.variables}
        if any(label.xreplace(at).free_symbols & bound for label, _, _ in cases):
            # y_p of Σ_p: one case for every p together proves nothing; the same sum on
            # both sides is equal where its terms are, which the cases decide
            terms = _same_sums(lhs, rhs)
            if terms is None:
                return None
            out = _by_label_cases(*terms[:1], rel, *terms[1:], scope, conditions, budget,
                                  False)
            if out is None or out["verdict"] != VALID:
                return None
            return {**out, "method": f"term by term, {out['method']}",
                    "reason": f"the sums agree term by term: {out['reason']}"}
        # a label another definition also uses is not put in there: such a case can
        # prove the step (it then holds for every value there) but never refute it
        elsewhere = any(_base(label) in sp.preorder_traversal(scope.defs[k])
                        for k in reachable(scope.defs, [lhs, rhs]) if k != key
                        for label, _, _ in cases)
        cpu, decided = time.process_time(), []
        for n, (label, value, piece) in enumerate(cases):
            label = label.xreplace(at)
            inner = scope.copy()
            inner.defs[key] = sp.Lambda(lam.variables, piece) if lam else piece
            share = (budget - (time.process_time() - cpu)) / (len(cases) - n)
            out = decide(lhs.xreplace({label: value}), rel, rhs.xreplace({label: value}),
                         inner, conditions, share, diagnose)
            where = f"the case ${sp.latex(label)} = {sp.latex(value)}$ of the definition"
            if out["verdict"] == INVALID and elsewhere:
                return None
            if out["verdict"] == INVALID:
                out["reason"] = f"{where}: {out['reason']}"
                out["counterexample"] = {**(out.get("counterexample") or {}),
                                         sp.latex(label): float(value)}
                return out
            decided.append((where, out))
        unknown = [(w, o) for w, o in decided if o["verdict"] != VALID]
        if unknown:
            where, out = unknown[0]
            return {**out, "reason": f"{where}: {out['reason']}"}
        first = decided[0][1]
        return {**first, "method": "by the cases of the definition ("
                + ", ".join(sorted({o["method"] for _, o in decided})) + ")",
                "reason": "; ".join(f"{w}: {o['reason']}" for w, o in decided)}
    return None


def _base(label):
    return label.base if isinstance(label, sp.Indexed) else label


def _same_sums(lhs, rhs):
    """(a, b) where lhs = c Σ a and rhs = c Σ b, one sum each over the same range with the
    same factor c; else None."""
    parts = []
    for side in (lhs, rhs):
        factors = sp.Mul.make_args(side) if isinstance(side, sp.Basic) else ()
        sums = [f for f in factors if isinstance(f, sp.Sum)]
        if len(sums) != 1:
            return None
        parts.append((sp.Mul(*[f for f in factors if f is not sums[0]]), sums[0]))
    (c, a), (d, b) = parts
    if c != d or a.limits != b.limits:
        return None
    return a.function, b.function


def _gradient_entry(lhs, rel, rhs, scope: Scope):
    """∇_W A = ∇_W B with W a vector or matrix whose entries the step or its definitions
    write (W_{jm}, W_k): the gradients agree where ∂(A − B)/∂W_{ab} = 0 for every entry,
    which is read in index notation (SymPy alone takes W and W_{jm} for unrelated names).
    That derivative, at an entry with free indices; None for any other step. Where the
    entries are written with two numbers of indices (Σ_k W_k² beside W_{jm}), the one
    the difference keeps is used; a difference that keeps both is not read (context.diff)."""
    lhs, rhs = _into_gradient(lhs), _into_gradient(rhs)
    if rel != "=" or not all(isinstance(e, sp.Derivative) and len(e.variable_count) == 1
                             for e in (lhs, rhs)) \
            or lhs.variable_count != rhs.variable_count or lhs.variable_count[0][1] != 1 \
            or not isinstance(lhs.variables[0], sp.Symbol):
        return None
    name = lhs.variables[0].name
    bodies = [lhs.expr, rhs.expr] + [scope.defs[k] for k in reachable(scope.defs,
                                                                       [lhs.expr, rhs.expr])]
    ranks = sorted({len(e.indices) for b in bodies if isinstance(b, sp.Basic)
                    for e in b.atoms(sp.Indexed) if str(e.base.label) == name}, reverse=True)
    if not ranks:
        return None
    entry = sp.IndexedBase(name, real=True)[tuple(sp.Symbol(f"{n}'", integer=True)
                                                  for n in "abcd"[:ranks[0]])]
    return sp.Derivative(lhs.expr - rhs.expr, entry)


def _into_gradient(e):
    """λ ∇_W A as ∇_W (λA): a number before one gradient, free of its variable and of any
    array (a capital, a transpose), taken inside it; anything else as it is."""
    if not isinstance(e, sp.Mul):
        return e
    gradients = [f for f in e.args if isinstance(f, sp.Derivative)]
    if len(gradients) != 1:
        return e
    number = sp.Mul(*[f for f in e.args if f is not gradients[0]])
    if number.has(*gradients[0].variables) or any(
            s.name[:1].isupper() or "^{T}" in s.name for s in number.free_symbols):
        return e
    return sp.Derivative(number * gradients[0].expr, *gradients[0].variable_count)


_ENTRYWISE = (sp.sign, sp.Abs)


def _gradient_as_written(lhs, rel, rhs, scope: Scope):
    """∇_W A = B with the entries of W written in A or its definitions (Σ_k Σ_l W_{k,l}²)
    and B the whole W, times numbers, or sign(W) or |W| so (`2λW`, `λ sign(W)`): entry by
    entry, ∂A/∂W_{a'b'} − B_{a'b'} (B at W's entry: 2λW_{a'b'}). None for any other step —
    a product or power of W, or another array beside it, has no entry read so."""
    gradient = _into_gradient(lhs)          # (λ ∇_W A: ∇_W (λA), entry by entry)
    if rel != "=" or not isinstance(gradient, sp.Derivative) \
            or len(gradient.variable_count) != 1 or gradient.variable_count[0][1] != 1 \
            or not isinstance(gradient.variables[0], sp.Symbol) \
            or not isinstance(rhs, sp.Expr) or rhs.has(sp.Derivative):
        return None
    by = gradient.variables[0]
    if by not in rhs.free_symbols or any(s.name[:1].isupper() and s != by
                                         for s in rhs.free_symbols):
        return None
    entry = _gradient_entry(gradient, rel, sp.Derivative(sp.Integer(0), by), scope)
    if entry is None:
        return None
    at = entry.variables[0]
    free, rest = rhs.as_independent(by, as_Add=True)
    if free != 0:
        return None
    for term in sp.Add.make_args(rest):
        marked = [f for f in sp.Mul.make_args(term) if f.has(by)]
        if len(marked) != 1 or not (marked[0] == by or isinstance(marked[0], _ENTRYWISE)
                                    and marked[0].args[0] == by):
            return None
    return sp.Derivative(gradient.expr, at) - rhs.xreplace({by: at})


def _entry_by_entry_gradient(entry, scope, condition, budget: float) -> dict:
    """`_gradient_as_written`'s difference decided as 0 for every entry."""
    out = decide(entry, "=", sp.Integer(0), scope, condition, budget, False)
    at = entry.atoms(sp.Derivative).pop().variables[0]
    by = sp.Symbol(str(at.base.label), real=True)
    if out["verdict"] == INVALID:
        where = ", ".join(f"{i} = {out['counterexample'].get(str(i))}" for i in at.indices)
        out["reason"] = (f"the gradient differs from the right side in entry ({where}): "
                         f"{out['values']['lhs']:.6g} apart at the counterexample")
    out["reading"] = "; ".join(filter(None, [
        f"$\\nabla_{{{sp.latex(by)}}}$ compared entry by entry with the right side at "
        f"${sp.latex(at)}$", out.get("reading")]))
    return out


def _gradients_of_whole_arrays(lhs, rhs, entry, scope, condition, budget: float) -> dict:
    """∇_W A = ∇_W B: valid where A = B (one function, its gradient written twice);
    otherwise decided entry by entry (`_gradient_entry`), in the time left."""
    cpu = time.process_time()
    # (a third of the time: one function written twice is proved quickly; a slip is found
    # entry by entry, which takes the sampling time)
    same = decide(lhs.expr, "=", rhs.expr, scope, condition, budget / 3, False)
    if same["verdict"] == VALID:
        return {**same, "method": f"the gradients of one function: {same['method']}",
                "reason": f"the gradients of one function: {same['reason']}"}
    out = decide(entry, "=", sp.Integer(0), scope, condition,
                 budget - (time.process_time() - cpu), False)
    if out["verdict"] == INVALID:
        by = entry.variables[0]
        at = ", ".join(f"{i} = {out['counterexample'].get(str(i))}" for i in by.indices)
        out["reason"] = (f"the gradients differ in entry ({at}): ∂/∂{sp.latex(by)} of the "
                         f"difference of the two sides is {out['values']['lhs']:.6g}, not 0, "
                         "at the counterexample")
    out["reading"] = "; ".join(filter(None, [
        f"$\\nabla_{{{sp.latex(lhs.variables[0])}}}$ compared entry by entry: "
        f"${sp.latex(entry)} = 0$ for every entry", out.get("reading")]))
    return out


def _with_stated(out: dict, lhs, rel, rhs, scope, conditions, seconds: float) -> dict:
    """An undecided step that uses a derivative an earlier display states (and nothing
    defined computes), decided again with that value put in: `valid` so, naming it;
    otherwise the step stays as it was — that display was not checked, so a step false
    against it may be the right one."""
    if seconds <= 0.05:
        return out
    try:
        found = judge(step_claim(lhs, rel, rhs, scope, conditions, stated=True), seconds)
    except Exception:              # a reading that cannot be built proves nothing
        return out
    return found if found["verdict"] == VALID else out


_CONST = "const"


def _names_of(e) -> set:
    return {s.name for s in e.free_symbols if isinstance(s, sp.Symbol)} \
        if isinstance(e, sp.Basic) else set()


def _for_every_index(claim):
    """A fact of the claim's that sums over one index for every value of another
    (`\\sum_k y_{ik} = 1`, i free) that the step sums over (Σ_i …): the points sampled
    meet it at one i at most, so a refutation there is none. The fact; None where there
    is none such."""
    part = claim.parts[0].relation
    sides = [e for e in (part.lhs, part.rhs) if isinstance(e, sp.Basic)]
    free = set().union(*(e.free_symbols for e in sides))
    bound = {lim[0] for e in sides for s in e.atoms(sp.Sum, sp.Product) for lim in s.limits}
    for fact in claim.hypotheses:     # (y_j ≥ 0, entry by entry, every point meets)
        if isinstance(fact, sp.Basic) and fact.has(sp.Sum, sp.Product) and any(
                s.is_integer and s not in free and s.name in {b.name for b in bound}
                for s in fact.free_symbols if isinstance(s, sp.Symbol)):
            return fact
    return None


def _transposed_apart(claim, lhs, rhs) -> str | None:
    """The letter a refuted scalar claim writes both transposed and not, or transposed and
    differentiated by (∂L/∂w with z = \\mathbf{w}^T\\mathbf{x} + b): scalar algebra reads w^T
    as a name of its own, and its refutation is no counterexample. None otherwise."""
    def letter(name: str) -> str:
        return bold_letter(name) or name
    part = claim.parts[0].relation
    sides = [e for e in (part.lhs, part.rhs, *claim.defs.values()) if isinstance(e, sp.Basic)]
    names = {s.name for e in sides for s in e.atoms(sp.Symbol)}
    transposed = {letter(n[:-len("^{T}")]) for n in names if n.endswith("^{T}")}
    varying = {v.name for e in (lhs, rhs) if isinstance(e, sp.Basic)
               for d in e.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)}
    plain = {letter(n) for n in names | varying if not n.endswith("^{T}")}
    both = sorted(transposed & plain)
    return both[0] if both else None


def _moment_step(lhs, rel, rhs, scope: Scope, conditions, budget, decimals, written,
                 as_parameters: bool = True):
    """A step with expectations or variances, both sides reduced to the moments that
    remain (derive.prover.moments) under what the words say of independence, with the
    document's definitions put in (D y, y = Σ w_i x_i) and the values the words give moments
    (`$\\mathbb{E}\\, w_i = 0$`); the reduced step is decided as any other. Valid where it
    holds, naming the rules. Invalid only where the sides differ by what no moment left
    enters (a named law's moments are its parameters'): moments are not free numbers
    (E[w²] ≥ (E w)²), so a point of them is no counterexample. None where a side does not
    reduce."""
    if any(isinstance(a, str) and _OUTER.search(a) for e in (lhs, rhs)
           for a in moment_arguments(e)) or any(_OUTER.search(t) for t in written or ()):
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_REDUCED.value,
                "reason": "an expectation of an outer product (εεᵀ, a covariance matrix) is "
                          "not reduced to moments, which are of numbers"}
    # (`mean $\mu = \mathbb{E}[x_i]$`: a name for a moment is put in too — never a moment
    # named by the link of a chain before, E[S_n] = Σ E[x_i], which is the step's claim)
    plain = {k: v for k, v in scope.defs.items()
             if isinstance(k, (sp.Symbol, sp.IndexedBase)) and not isinstance(v, sp.Lambda)
             and (not has_moments(v) or not has_moments(k))}
    families = {k: v for k, v in scope.defs.items() if isinstance(k, sp.IndexedBase)
                and isinstance(v, sp.Lambda) and not has_moments(v.expr)}

    def put(e):         # (ỹ_i of `\tilde y_i = m_i x_i / (1 - p)` too)
        if not isinstance(e, sp.Basic):
            return e
        e = e.replace(lambda x: isinstance(x, sp.Indexed) and x.base in families
                      and len(x.indices) == len(families[x.base].variables),
                      lambda x: families[x.base](*x.indices))
        return e.xreplace(plain)

    def read(text: str):            # (the inside of an atom `\mathrm{Var}[\mathbf{q}^\top \mathbf{k}]`)
        try:
            inner = put(read_expr(text, frozenset(scope.functions)))
            return _put_dots(inner, _random_dot_products([inner, lhs, rhs], scope))
        except ParseError as error:
            raise Irreducible(text) from error

    facts: dict = {}
    try:
        laws = {letter: (law, tuple(read(t) for t in params))
                for letter, (law, params) in scope.laws.items()}
        # (a count the words call independent, "the $d$ products are independent", is no
        # random variable: the letters the sums run to are taken out)
        counts = {str(top) for _, top in scope.bounds} | {
            str(b) for e in (lhs, rhs) if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)
            for b in s.limits[0][2].free_symbols}
        said = scope.independent | scope.identical | scope.centred | scope.unit | set(laws)
        # μ, σ_q (a mean, a scale), and any parameter letter written outside every
        # expectation of the step (a result of E[…] holds no random variable): numbers,
        # unless the words call them random — read so, and said
        written = {x.lstrip("\\") for e in (lhs, rhs) for x in letters_inside(put(e))}
        parameters = frozenset(
            x for e in (lhs, rhs) for x in letters_outside(put(e)) | _MEAN_AND_SCALE
            if x in _PARAMETER_LETTERS and x in written and x not in said) \
            if as_parameters else frozenset()
        # (𝔼_p[x] and 𝔼_q[x] are of two laws: a step with expectations under more than
        # one is not reduced — one law below them all names the moments)
        below = laws_below(put(lhs)) | laws_below(put(rhs))
        if len(below) > 1:
            return None
        rnd = Randomness(*(frozenset(x for x in letters if x not in counts) for letters in (
            scope.independent, scope.identical, scope.centred, scope.unit)), laws, read=read,
            parameters=parameters, below=below.pop() if below else "")
        # what the document states of moments: `E w = 0` (a hypothesis), `𝔼_q[(z − μ_q)²]
        # = σ_q²` (a display naming that expectation) — each a value of one moment, the
        # highest it writes where it writes several (E[z²] = σ_q² + 2μ_q E[z] − μ_q²)
        stated = [(put(h.lhs), h.rhs) for h in scope.hypotheses if isinstance(h, sp.Eq)] + [
            (k, v) for k, v in scope.defs.items() if isinstance(k, sp.Symbol)
            and has_moments(k) and isinstance(v, sp.Expr)]
        for _ in range(2):          # E w = 0 first, then Var w = 1 is E[w²] = 1
            for left, right in stated:
                if has_moments(left) and not has_moments(right) and all(
                        x in _PARAMETER_LETTERS and x not in said for x in letters_outside(right)):
                    _moment_fact(reduce(left, replace(rnd, facts=facts)), right, facts)
        rnd = replace(rnd, facts=facts)
        dots = _random_dot_products([lhs, rhs], scope)
        left, right = (reduce(_put_dots(put(e), dots), rnd).replace(
            lambda x: isinstance(x, sp.Sum), lambda x: x.doit()) for e in (lhs, rhs))
    except (Irreducible, ParseError, TypeError, ValueError):
        return None
    held = Scope(**{**scope.__dict__, "hypotheses": [
        h for h in scope.hypotheses if not (isinstance(h, sp.Basic) and has_moments(h))]
        + [c for law, params in laws.values() for c in law_conditions(law, params)]})
    out = _decide(left, rel, right, held, conditions, budget, False, decimals, written)
    rules = _moment_rules(scope, letters_inside(put(lhs)) | letters_inside(put(rhs)), facts,
                          rnd.fixed, parameters)
    if out["verdict"] == VALID:
        return {**out, "reading": "; ".join(filter(None, [out.get("reading"), rules])),
                "method": f"{rules}: {out.get('method', '')}",
                "reason": f"{rules}: {out.get('reason', '')}"}
    if out["verdict"] == INVALID and parameters:
        # (μ a number is a reading — E[μ] = μ₀ of a posterior takes μ random: a refutation
        # stands only where it stands with them random too)
        again = _moment_step(lhs, rel, rhs, scope, conditions, budget, decimals, written,
                             as_parameters=False)
        if again is not None and again["verdict"] == INVALID:
            return again
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                "reason": f"{rules}: false so; with "
                          f"{', '.join(f'${sp.latex(sp.Symbol(p))}$' for p in sorted(parameters))}"
                          " random the sides are other moments, and are not refuted"}
    if out["verdict"] == INVALID and isinstance(left - right, sp.Expr) and (not any(
            isinstance(a, Moment) for a in sp.expand(left - right).free_symbols)
            or _one_moment_times(left - right)):
        # the sides differ by what no moment enters (every one left is a named law's, or
        # they cancel: E Y = 2 E X + 2 for Y = 2X + 3): false for every distribution, at
        # the point of the parameters the refutation gives — or by one moment times what
        # none enters (E[g²](1 − β^t) against E[g²](1 − β^{t−1})): false wherever that
        # moment is not 0, as it is for every g but g = 0
        return {**out, "reading": rules, "reason": f"{rules}: {out.get('reason', '')}"}
    return {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_REDUCED.value,
            "reason": f"{rules}, the sides are "
                      f"${sp.latex(left)}$ and ${sp.latex(right)}$, not proved equal; never "
                      "refuted so: moments are not free numbers, and the words may assume more"}


# a column times a row: a bold name (or a bracket) right before a transposed one, `\boldsymbol
# \varepsilon\boldsymbol\varepsilon^\top`, `(\mathbf z - \mu)(\mathbf z - \mu)^\top`
_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{[^{}]*\}|\\?[a-zA-Z]+)"
_OUTER = re.compile(rf"(?:{_BOLD}|\))\s*(?:{_BOLD}|\([^()]*\))\s*\^\s*\{{?\s*(?:\\top|T|\\intercal)"
                    rf"(?![a-zA-Z])")


def _moment_fact(got, value, facts: dict) -> None:
    """Into `facts`, the moment a statement `got = value` gives: got itself where it is one
    moment, else the highest moment got is linear in, solved for."""
    if isinstance(got, Moment):
        facts.setdefault(got, value)
        return
    moments = sorted((m for m in got.free_symbols if isinstance(m, Moment) and m not in facts),
                     key=lambda m: (len(m.name), m.name), reverse=True) \
        if isinstance(got, sp.Expr) else []
    for m in moments[:1]:
        slope = sp.diff(got, m)
        if slope.is_number and slope != 0 and not sp.diff(slope, m).free_symbols:
            facts[m] = sp.expand((value - (got - slope * m)) / slope)


def _one_moment_times(d) -> bool:
    """Whether d is one moment (to a power) times an expression no moment enters."""
    factors = sp.Mul.make_args(sp.factor_terms(d))
    moments = {f.as_base_exp()[0] for f in factors
               if any(isinstance(a, Moment) for a in f.free_symbols)}
    return len(moments) == 1 and isinstance(next(iter(moments)), Moment)


def _random_dot_products(exprs, scope: Scope) -> dict:
    """{qᵀk: Σ_i q_i k_i} for a product of two random vectors whose entries the words make
    random (`$q_1, \\dots, q_d, k_1, \\dots, k_d$ are independent`), over the one range
    the step's sums run to; {} where it has none or several."""
    said = scope.independent | scope.identical | scope.centred | scope.unit | set(scope.laws)
    tops = {s.limits[0][2] for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)}
    if not tops:            # (else the one count the document's sums run to)
        tops = {top for _, top in scope.bounds}
    if len(tops) != 1:
        return {}
    (top,) = tops
    written = {a.name: a for e in exprs if isinstance(e, sp.Basic) for a in e.free_symbols}
    top = written.get(str(top), top)    # (the d of √d the step writes, not a count of its own)
    found = {}
    for e in exprs:
        for m in (e.atoms(sp.Mul) if isinstance(e, sp.Basic) else ()):
            names = [a for a in m.args if isinstance(a, sp.Symbol)]
            ts = [a for a in names if a.name.endswith("^{T}")]
            for t in ts:
                other = [a for a in names if a is not t and not a.name.endswith("^{T}")]
                letters = [bare_letter(t.name[:-4])] + [bare_letter(a.name) for a in other]
                if len(other) == 1 and all(x in said for x in letters):
                    i = sp.Dummy("i", integer=True, positive=True)
                    q, k = (sp.IndexedBase(x, real=True) for x in letters)
                    found[t * other[0]] = sp.Sum(q[i] * k[i], (i, 1, top))
    return found


def _put_dots(e, dots: dict):
    """e with each product qᵀk (also inside a longer product, qᵀk/√d) written as its sum."""
    for pair, total in dots.items():
        t, o = pair.args
        e = e.replace(lambda x, t=t, o=o: isinstance(x, sp.Mul) and t in x.args and o in x.args,
                      lambda x, t=t, o=o, total=total: x / (t * o) * total)
    return e


# Greek letters lectures give parameters (a mean μ, a scale σ, weights θ) — those a function's
# subscript names so, and π — less the ones probability texts give random variables (ξ, η,
# ε, ζ) and δ, a difference
_PARAMETER_LETTERS = frozenset(PARAMETER_GREEK | {"pi"}) - {
    "delta", "epsilon", "varepsilon", "eta", "vartheta", "xi", "zeta"}
_MEAN_AND_SCALE = {"mu", "sigma"}


def _moment_rules(scope: Scope, used: set, facts: dict, fixed: set,
                  parameters: frozenset = frozenset()) -> str:
    """The rules and the words a reduction to moments used, for the letters it met."""
    def of(letters) -> str:
        return ", ".join(f"${letter}$" for letter in sorted(set(letters) & used))

    said = scope.independent | scope.identical | scope.centred | scope.unit | set(scope.laws)
    parts = ["linearity", "Var X = E[X²] − (E X)²"]
    parts += [f"{of(scope.independent)} independent as the words say"] \
        if set(scope.independent) & used else []
    parts += [f"each of {of(scope.identical)} identically distributed"] \
        if set(scope.identical) & used else []
    parts += [f"{of(scope.centred)} of mean zero"] if set(scope.centred) & used else []
    parts += [f"{of(scope.unit)} of variance one"] if set(scope.unit) & used else []
    parts += [f"${letter}$ " + ", ".join(f"${v}$ with probability ${c}$" for v, c in
                                        zip(params[::2], params[1::2]))
              if law == "discrete" else f"${letter} \\sim$ {law}({', '.join(params)})"
              for letter, (law, params) in sorted(scope.laws.items()) if letter in used]
    parts += [f"{', '.join(f'${sp.latex(sp.Symbol(p))}$' for p in sorted(parameters))} a "
              "number, a parameter (no random variable)"] if parameters else []
    fixed = set(fixed) - parameters
    parts += [f"{', '.join(f'${f}$' for f in sorted(fixed))} not random (the words call "
              f"only {', '.join(f'${s}$' for s in sorted(said))} so)"] if fixed else []
    parts += [f"with {', '.join(f'${sp.latex(k)} = {sp.latex(v)}$' for k, v in facts.items())}"] \
        if facts else []
    return f"expectations reduced to moments ({'; '.join(parts)})"


def _optimum_step(lhs, rel, rhs, scope, conditions, budget) -> dict:
    """argmax_θ F = argmax_θ G holds where F = G, and also where G is any increasing
    function of F (log F, 2F + c): so it is valid when the objectives are proved equal,
    never invalid, and otherwise unknown."""
    if rel == "=" and isinstance(lhs, Optimum) and isinstance(rhs, Optimum) \
            and (lhs.kind, lhs.variable) == (rhs.kind, rhs.variable):
        out = decide(lhs.objective, "=", rhs.objective, scope, conditions, budget, False)
        if out["verdict"] == VALID:
            return {**out, "method": f"the same objective: {out['method']}",
                    "reason": f"the same objective under {lhs.kind}: {out['reason']}"}
        why = ("the step holds where one is an increasing function of the other (a "
               "logarithm, a positive factor, an added constant), which is not decided"
               if lhs.kind.startswith("arg") else "their values are not compared")
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_REDUCED.value,
                "reason": f"${sp.latex(lhs)}$ and ${sp.latex(rhs)}$: what they apply to is not "
                          f"proved equal, and {why}"}
    return {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_CHECKED.value,
            "reason": "an optimum (argmax, argmin, max, min), an expectation or a variance "
                      "written as an operator is decided only against another of the same "
                      "kind over the same variable"}


def _shapes_apart(lhs, rhs) -> bool:
    """Two matrices written out in full that no reading makes one: different numbers of
    entries, or two matrices (neither a row nor a column) of different shapes. (A row
    beside a column of the same entries is one vector as texts write it.)"""
    if not all(isinstance(e, sp.MatrixBase) and not e.has(ELLIPSIS) and not e.free_symbols
               for e in (lhs, rhs)):
        return False        # (Xᵀy with y unread is no 2×3 matrix: a name may be a vector)
    if any(isinstance(x, sp.MatrixBase) for e in (lhs, rhs) for x in e):
        return False        # (−xᵀ over xᵀ: a block matrix, its rows the vector's entries)
    if len(lhs) != len(rhs):
        return True
    return min(lhs.shape) > 1 and min(rhs.shape) > 1 and lhs.shape != rhs.shape


def _entry_by_entry(lhs, rel, rhs, scope, conditions, budget, diagnose, decimals=(),
                    written=()) -> dict:
    """A step between matrices written out: one step per entry, each decided as any step
    in an equal share of the time — with the numbers written in that entry, each within
    its own rounding (`entry_texts`). Valid when every entry is, invalid when one is (that
    entry named), else unknown."""
    layouts = jacobian_pairs(lhs, rhs) if rel == "=" else None
    if layouts:
        return _jacobian_by_entry(layouts, rel, scope, conditions, budget, diagnose)
    # (`≈` between two written matrices: each entry within the rounding of its own numbers)
    found = pairs(lhs, rhs) if rel in ("=", "~") else None
    entries = _by_its_entries(lhs, rhs, scope) if not found and rel == "=" else None
    if entries is not None:
        # `p = [2/8; 1/8; 5/8]` after p_k = e^{f_k}/Σ_j e^{f_j}: the name is the column
        # of its entries, each compared with the one written beside it — a proof only (an
        # entry's data may be given in words not read: no refutation at other data)
        (left, right), said = entries
        out = _entry_by_entry(left, rel, right, scope, conditions, budget, diagnose, decimals,
                              written)
        if out["verdict"] == VALID:
            return {**out, "reading": "; ".join(filter(None, [out.get("reading"), said]))}
    if not found and rel == "=" and _shapes_apart(lhs, rhs):
        (a, b), (c, d) = lhs.shape, rhs.shape
        return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE.value,
                "method": "shapes", "counterexample": {"shapes": [[a, b], [c, d]]},
                "reason": f"the left side is a {a}×{b} matrix, the right side a {c}×{d} one"}
    if not found:
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.NOT_CHECKED.value,
                "reason": "a matrix written out is compared only with one of the same shape "
                          "written out (with entries, or a pattern, that can be paired)"}
    texts = [entry_texts(w, len(found)) for w in written] if len(written) == 2 else []
    if len(texts) == 2 and any(texts):      # (a side computed, `e^{f}`: as written for each)
        texts = [t or [w] * len(found) for t, w in zip(texts, written)]
        each = [(rounded_literals(pair, rel), pair) for pair in zip(*texts)]
    else:                   # (entries not found as written: the step's numbers for each)
        each = [(decimals, ())] * len(found)
    return _each_entry(found, rel, scope, conditions, budget, diagnose, each)


def _by_its_entries(lhs, rhs, scope: Scope):
    """((lhs, rhs), words) with a name compared with a vector written out replaced by the
    column (or row) of its entries — p_1, p_2, … (p_0 first for a letter the document counts
    from 0) — where the document defines or gives those entries; None otherwise."""
    for name, other in ((lhs, rhs), (rhs, lhs)):
        if not isinstance(other, sp.MatrixBase) or isinstance(name, sp.MatrixBase) \
                or not isinstance(name, sp.Symbol) or other.has(ELLIPSIS) \
                or min(other.shape) != 1 or len(other) < 2:
            continue
        letter = bold_letter(name.name) or name.name
        if not re.fullmatch(r"[a-zA-Z]", letter):
            continue
        first = 0 if letter in scope.from_zero else 1
        at = range(first, first + len(other))
        family = any(isinstance(k, sp.IndexedBase) and str(k.label) == letter
                     for k in scope.defs)
        listed = {k for k in scope.examples if re.fullmatch(rf"{letter}\[-?\d+\]", k)}
        given = listed == {f"{letter}[{k}]" for k in at}
        # (as many entries as it has: the words give its length, or its example every entry)
        if not (family and scope.lengths.get(letter, (None,))[0] == len(other) or given):
            continue
        base = sp.IndexedBase(letter, real=True)
        column = sp.ImmutableMatrix(other.shape[0], other.shape[1], [base[k] for k in at])
        said = (f"${sp.latex(name)}$ read as its entries ${sp.latex(base[at[0]])}, \\dots, "
                f"{sp.latex(base[at[-1]])}$")
        return ((column, other) if name is lhs else (other, column)), said
    return None


def _jacobian_by_entry(layouts: dict, rel, scope, conditions, budget, diagnose) -> dict:
    """∂a/∂z against a matrix written out, entry by entry in each layout: valid where
    both layouts hold (a symmetric Jacobian), invalid where neither does, else unknown
    naming the layout in which it holds."""
    cpu, found = time.process_time(), {}
    for n, (name, rows) in enumerate(layouts.items()):
        left = budget - (time.process_time() - cpu)
        found[name] = _each_entry(rows, rel, scope, conditions, left / (len(layouts) - n),
                                  diagnose)
    verdicts = {o["verdict"] for o in found.values()}
    first = next(iter(found.values()))
    if scope.layout in found:                         # the layout the document fixes
        mine = found[scope.layout]
        other = next(o for name, o in found.items() if name != scope.layout)
        if mine["verdict"] == VALID:
            return {**mine, "reading": f"the Jacobian in the {scope.layout} layout, as the "
                    "document says"}
        if mine["verdict"] == INVALID and other["verdict"] == VALID:
            return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                    "reading": "", "reason": f"false in the {scope.layout} layout the "
                    f"document uses ({mine['reason']}); holds in the other layout"}
        return mine
    if verdicts == {VALID}:
        return {**first, "reading": "the Jacobian entry by entry, in either layout"}
    if verdicts == {INVALID}:
        return {**first, "reading": "the Jacobian entry by entry, in either layout "
                "(∂a_i/∂z_j in row i, or in column i)"}
    holding = [name for name, o in found.items() if o["verdict"] == VALID]
    if holding:
        other = next(o for o in found.values() if o["verdict"] != VALID)
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                "reading": f"the Jacobian in the {holding[0]} layout",
                "reason": f"holds in the {holding[0]} layout (∂a_i/∂z_j in "
                          f"{'row' if holding[0] == 'numerator' else 'column'} i); in the "
                          f"other: {other['reason']} — the document does not say which"}
    return next(o for o in found.values() if o["verdict"] != VALID)


def _each_entry(found, rel, scope, conditions, budget, diagnose, written=None) -> dict:
    """Each pair (where, a, b) decided as a step in an equal share of the time left;
    `written`: for each, the numbers it writes and its two sides as written."""
    cpu, decided = time.process_time(), []
    for n, (where, a, b) in enumerate(found):
        share = (budget - (time.process_time() - cpu)) / (len(found) - n)
        decimals, texts = written[n] if written else ((), ())
        out = decide(a, rel, b, scope, conditions, share, diagnose, decimals, texts)
        if out["verdict"] == INVALID:
            out["reason"] = f"{where}: {out['reason']}"
            return out
        decided.append((where, out))
    unknown = [(w, o) for w, o in decided if o["verdict"] != VALID]
    if unknown:
        where, out = unknown[0]
        out["reason"] = f"{where}: {out['reason']}"
        return out
    methods = sorted({o["method"] for _, o in decided})
    first = decided[0][1]
    return {**first, "method": f"entry by entry ({', '.join(methods)})",
            "reason": f"entry by entry, {len(decided)} "
                      f"entr{'y' if len(decided) == 1 else 'ies'}: "
                      + "; ".join(f"{w}: {o['reason']}" for w, o in decided)}


READING_SHARE = 0.1      # of a step's time, for each other reading of an invalid step
FIXED_SHARE = 0.5        # of the time left, for the reading the document itself fixes


def _under_readings(out: dict, claim, seconds: float, budget: float, scope: Scope) -> dict:
    """An invalid step that another customary reading of its notation makes true (its
    sums' counts one, log to another base) is not invalid under every reading: unknown,
    naming the reading — valid where the document itself fixes that reading (counts made
    one by a vector written out, `fixed_count`). Each reading is tried in a share of the
    step's time (the rest is the diagnosis's)."""
    cpu = time.process_time()
    lengthened = written_length(claim, scope.lengths, scope.defs)
    if lengthened is not None:
        # `$z = (1, 2, 3)$`: the document fixes the count of a sum over z's entries
        try:
            again = judge(lengthened[0], FIXED_SHARE * seconds)
        except Exception:           # a reading that cannot be built proves nothing
            again = {"verdict": INVALID}
        if again["verdict"] == VALID:
            return {**out, **again, "counterexample": None, "values": None,
                    "reading": lengthened[1]}
        if again["verdict"] == UNKNOWN:
            return {**out, "verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                    "counterexample": None, "values": None, "method": "",
                    "reading": lengthened[1], "reason": f"false as read; with "
                    f"{lengthened[1]}, the step is not refuted ({again['reason']})"}
    readings = [r for r in [one_count(claim)] if r is not None]
    fixed = (fixed_count(claim, scope.lengths, scope.defs)
             or unwritten_count(claim, scope.bounds, scope.defs)
             or (placeholder_count(claim, scope.lengths, scope.bare_written, scope.defs)
                 or (None, None))[1]) if readings else None
    for other, why in [*readings, *log_bases(claim), *held_fixed(claim)]:
        left = min(READING_SHARE * budget, seconds - (time.process_time() - cpu))
        if fixed and other is readings[0][0]:
            # the document's own reading: decided with half the time left, not a share
            left = FIXED_SHARE * (seconds - (time.process_time() - cpu))
        if left <= 0.05:
            break
        try:
            again = judge(other, left)
        except Exception:           # a reading that cannot be built proves nothing
            continue
        if again["verdict"] == VALID and fixed and other is readings[0][0]:
            # the document itself makes the counts one: valid, naming how
            return {**out, **again, "counterexample": None, "values": None,
                    "reading": fixed}
        if again["verdict"] == VALID:
            return {**out, "verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                    "counterexample": None, "values": None, "method": "", "reason": why}
        if again["verdict"] == UNKNOWN and fixed and other is readings[0][0]:
            # the reading the document fixes is not refuted: the literal one is not its
            return {**out, "verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                    "counterexample": None, "values": None, "method": "",
                    "reading": fixed, "reason": f"false as read; with {fixed} the step is "
                    f"not refuted ({again['reason']})"}
    return out


def _under_fixed_count(out: dict, claim, seconds: float, scope: Scope) -> dict:
    """An undecided step whose sums run to a library function's count n and to the K of
    `logits $z_1, …, z_K$` (softmax(z)_i's Σ_{j=1}^n beside the page's Σ_{i=1}^K), where
    the page writes no n of its own: decided again with n read as K. Only a proof
    counts, naming that reading; `out` otherwise."""
    found = placeholder_count(claim, scope.lengths, scope.bare_written, scope.defs)
    if found is None and str(DEFAULT_DIM) not in (scope.bare_written or ()):
        # Σ_k written with no bounds beside the one range `k = 1, \dots, K` the page writes
        counts = one_count(claim)
        said = counts and unwritten_count(claim, scope.bounds, scope.defs)
        found = (counts[0], said) if said else None
    if found is None or seconds * FIXED_SHARE <= 0.05:
        return out
    try:
        again = judge(found[0], FIXED_SHARE * seconds)
    except Exception:               # a reading that cannot be built proves nothing
        return out
    return {**out, **again, "reading": found[1]} if again["verdict"] == VALID else out


COMMON_SHARE = 0.3     # of a step's time, for the step with its common factors set aside


def _without_common_factors(lhs, rel, rhs, scope, conditions, seconds) -> dict | None:
    """F·A = F·B holds wherever A = B does: with a factor both sides write set aside
    (∂C/∂z_i · ∂z_i/∂w_ik = ∂C/∂z_i · a_k), the rest is often quick to prove where the
    whole is not. Only a proof counts; None otherwise."""
    if rel != "=" or not (isinstance(lhs, sp.Mul) and isinstance(rhs, sp.Mul)):
        return None
    common = {a for a in set(lhs.args) & set(rhs.args) if not a.is_number}
    if not common:
        return None
    left = sp.Mul(*[a for a in lhs.args if a not in common])
    right = sp.Mul(*[a for a in rhs.args if a not in common])
    try:
        found = judge(step_claim(left, rel, right, scope, conditions), seconds)
    except Exception:              # a reduced claim that cannot be built proves nothing
        return None
    if found["verdict"] != VALID:
        return None
    found["method"] = f"{found['method']} (a factor both sides write set aside)"
    found["reason"] = f"{found['method']}; {found['reason'].partition('; ')[2]}"
    return found


def _conditions(condition) -> tuple:
    return tuple(condition) if isinstance(condition, (tuple, list)) \
        else (condition,) if condition is not None else ()


def name_slip(lhs, rel, rhs, scope, conditions, seconds: float, counterexample,
              written=None) -> dict:
    """The `diagnosis` of an invalid step (and the seconds spent on it), searched for
    `seconds` at most; a search that fails finds nothing. `written`: the step's two sides
    as the document wrote them, to name what a repair changes in the writer's LaTeX."""
    began = time.monotonic()
    try:
        found = matrix_repairs(lhs, rhs, scope, seconds) if is_matrix_reading(lhs, rhs) \
            else search(lhs, rel, rhs, scope, conditions, seconds=seconds,
                        counterexample=counterexample, written=written)
    except Exception:               # naming the slip is a help: it never costs the verdict
        found = []
    return {"diagnosis": found, "diagnosis_seconds": time.monotonic() - began}


_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")


def verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb, written=None) -> dict:
    if rel == "!=":
        return {"verdict": UNKNOWN, "reason": "a \\neq step is not checked", "relation": rel,
                "reason_kind": ReasonKind.NOT_CHECKED.value}
    if any(isinstance(e, sp.Basic) and e.has(ELLIPSIS) for e in (lhs, rhs)) \
            and not (is_written(lhs) or is_written(rhs)):        # their own patterns
        return {"verdict": UNKNOWN, "relation": rel, "reason_kind": ReasonKind.NOT_CHECKED.value,
                "reason": "an ellipsis (…) stands for terms derive does not expand: a step "
                          "with one is read but not decided"}
    decimals = rounded_literals(written, rel) if written else ()
    outcome = run_bounded(decide, lhs, rel, rhs, scope, condition, timeout, False, decimals,
                          tuple(written or ()),
                          timeout=timeout + 5, memory_mb=memory_mb)
    if not outcome.ok:
        kind = getattr(outcome, "kind", None) or ReasonKind.FAILED
        detail = getattr(outcome, "detail", "") if outcome.error == "exception" else ""
        return {"verdict": UNKNOWN, "reason": f"{outcome.error or 'failed'}"
                f"{': ' + detail if detail else ''}",
                "seconds": outcome.seconds, "relation": rel,
                "reason_kind": ReasonKind(kind).value}
    v = outcome.value
    left = timeout - v["seconds"]
    if v["verdict"] == INVALID and left > 0.05 and v.get("method") != "shapes":
        # a worker of its own: a search that runs out of memory or time loses only itself
        found = run_bounded(name_slip, lhs, rel, rhs, scope, _conditions(condition), left,
                            v["counterexample"], written, timeout=left + 2, memory_mb=memory_mb)
        if found.ok:
            v.update(found.value)
            v["seconds"] += found.value["diagnosis_seconds"]
    return {"verdict": v["verdict"], "reason_kind": str(v.get("reason_kind", "")),
            "reason": v["reason"], "counterexample":
            v.get("counterexample"), "seconds": v["seconds"], "relation": rel,
            "hypotheses": v.get("hypotheses") or [], "method": v.get("method", ""),
            "values": v.get("values"), "diagnosis": v.get("diagnosis") or [],
            "diagnosis_seconds": v.get("diagnosis_seconds", 0.0),
            "reading": v.get("reading", ""),
            # (the matrix reading holds only with declared sizes made one: a scalar proof
            # says nothing there — derive.homework.document._in_matrix_notation)
            **({"squared": True} if v.get("squared") else {}),
            **({"shapes": v["shapes"]} if "shapes" in v else {})}


def constant_apart(lhs, rhs, scope: Scope, condition, budget: float):
    """lhs − rhs as a number, where the two sides (their definitions written out) differ
    by one — `L = −\\log P(x|y) + λ|x|` after L = −log P(x|y) + log 2 + |x|/b with λ = 1/b;
    None otherwise. Run in a worker (`up_to_a_constant`)."""
    from ..sandbox import deadline
    claim = step_claim(lhs, "=", rhs, scope, _conditions(condition))
    ctx = Context.of(claim, claim.parts[0])
    with deadline(budget):
        # (logs split freely: only to find the candidate; the step with it added is
        # proved on its own)
        d = sp.simplify(sp.expand_log(ctx.expand(lhs) - ctx.expand(rhs), force=True))
    return d if isinstance(d, sp.Expr) and d.is_number and d.is_finite and d != 0 \
        and d.is_real else None


def up_to_a_constant(work: "Work", lhs, rhs, scope: Scope, condition) -> dict | None:
    """The verdict on lhs = rhs + c, c the number the sides differ by, for a display the
    words before it say drops constants ("dropping constants", «с точностью до
    константы», 省略常数); None where they differ by no number."""
    found = run_bounded(constant_apart, lhs, rhs, scope, condition, work.timeout,
                        timeout=work.timeout + 2, memory_mb=work.memory_mb)
    if not found.ok or found.value is None:
        return None
    c = found.value
    out = work.verdict(lhs, "=", rhs + c, scope, condition)
    if out["verdict"] != VALID:
        return None
    return dict(out, reading="; ".join(filter(None, [
        out.get("reading"), f"up to the additive constant ${sp.latex(c)}$, which the words "
                            "before the display drop"])))


def cached_verdict(cache, lhs, rel, rhs, scope, condition, timeout, memory_mb,
                   written=None) -> dict:
    """`verdict`, looked up in and stored to the cache when there is one."""
    if cache is None:
        return verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb, written)
    key = cache.key(lhs, rel, rhs, scope, condition, timeout, written)
    found = cache.get(key)
    if found is None:
        found = verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb, written)
        cache.put(key, found)
    return found


def outside_case(name: str, value, cases) -> bool:
    """Whether an example's value of a name lies outside one of a step's own cases."""
    for case in cases:
        names = [x for x in case.free_symbols if str(x) == name]
        if len(names) == 1 and len(case.free_symbols) == 1:
            try:
                if case.subs(names[0], value) == sp.false:
                    return True
            except (TypeError, ValueError):
                continue
    return False


@functools.lru_cache(maxsize=4096)
def _superseded(fact, case, facts: tuple) -> bool:
    """Whether a step's own case sets aside a fact the words stated before: one that holds
    nowhere in the case (`x > 0` for the row `x \\le 0`; `x > αx` with 0 < α < 1 there), by
    the exact test for one quantity, else by 200 sampled points finding none."""
    if not isinstance(fact, sp.core.relational.Relational) or fact == case:
        return False
    if contradicts(fact, case):
        return True
    names = fact.free_symbols | case.free_symbols
    if not fact.free_symbols & case.free_symbols or len(names) > 4 \
            or not all(isinstance(n, sp.Symbol) for n in names):
        return False
    bounds = [f for f in facts if isinstance(f, sp.core.relational.Relational)
              and f.free_symbols and f.free_symbols <= names]
    together = [fact, case, *bounds]
    if sum(sp.count_ops(r) for r in together) > 60:
        return False
    rng = random.Random(0)
    for _ in range(200):
        point = {n: sp.Float(rng.uniform(-10, 10), 15) for n in names}
        try:
            if all(bool(r.xreplace(point)) for r in together):
                return False
        except TypeError:               # (a relation that does not come out true or false)
            return False
    return True


@dataclass
class Work:
    """How the steps of one file are decided: each step's CPU seconds and memory, the
    cache (or None), and the whole file's budget, checked before every step."""
    timeout: float = 5.0
    memory_mb: int = 2048
    cache: object = None
    budget: Budget = field(default_factory=Budget)

    def verdict(self, lhs, rel, rhs, scope, condition, written=None) -> dict:
        self.budget.check()
        said = [c for c in condition or () if isinstance(c, sp.core.relational.Relational)]
        # (relations only: all it can set aside, and hashable for the memo)
        facts = tuple(h for h in scope.hypotheses
                      if isinstance(h, sp.core.relational.Relational)) if said else ()
        superseded = [h for h in facts if any(_superseded(h, c, facts) for c in said)]
        outside = [n for n, (v, _) in scope.examples.items() if outside_case(n, v, said)]
        outside += [str(k) for k, v in scope.defs.items() if isinstance(k, sp.Symbol)
                    and isinstance(v, sp.Basic) and v.is_number and outside_case(str(k), v, said)]
        if superseded or outside:
            # a row's own case (`αx, & x \le 0`) over what the words said of x before
            # ("$x > \alpha x$ exactly when $x > 0$"): the case is where the step holds; an
            # example's value outside it ("not differentiable at $m = 1$" before the rows
            # m < 1, m > 1) is no point of it
            scope = scope.copy()
            scope.hypotheses = [h for h in scope.hypotheses if h not in superseded]
            scope.examples = {n: v for n, v in scope.examples.items() if n not in outside}
            scope.defs = {k: v for k, v in scope.defs.items() if str(k) not in outside}
        return cached_verdict(self.cache, lhs, rel, rhs, scope, condition, self.timeout,
                              self.memory_mb, written)
