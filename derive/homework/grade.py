"""Grading a submission against the question it answers: a catalogue claim.

A submission is complete when one of its chains starts at the claim's left side and ends
at its right side with every step valid. "Starts at" is decided by the checker, not by
string equality: the chain's first expression = the claim's left side is itself a step,
decided under the claim's definitions and hypotheses (the question fixes what C and a_j
mean). A name the file defines differently from the claim is graded incomplete, since its
steps were checked against the file's own definition.

Otherwise it is wrong (a chain that reaches one end has an invalid step: the first one is
named) or incomplete (which end is missing, or which step is not known to be valid).
"""
from __future__ import annotations

import sympy as sp

from .decide import cached_verdict
from .results import VALID
from .scope import Scope
from ..claim import Equals

COMPLETE, INCOMPLETE, WRONG = "complete", "incomplete", "wrong"
_WHY = {"right side": "a chain starts at the left side but none reaches the right side",
        "left side": "a chain reaches the right side but none starts at the left side",
        "both sides": "no chain starts at the left side or reaches the right side"}


def _as_read(expr):
    """A claim's objects spelled as the LaTeX reader spells them (plain names are real)."""
    if not isinstance(expr, sp.Basic):
        return expr
    plain = {s: sp.Symbol(s.name, real=True) for s in expr.atoms(sp.Symbol)
             if type(s) is sp.Symbol and not s.assumptions0}
    return expr.xreplace(plain) if plain else expr


class _Judge:
    """Decides equalities under the claim's definitions, each at most once per file."""

    def __init__(self, claim, opts, cache):
        self.opts, self.cache = opts, cache
        self.defs = {_as_read(k): _as_read(v) for k, v in claim.defs.items()}
        self.hypotheses = [_as_read(h) for h in claim.hypotheses]
        self.memo: dict = {}

    def scope(self, file_scope: Scope) -> Scope:
        defs = dict(file_scope.defs)
        defs.update(self.defs)
        return Scope(defs, set(file_scope.functions), list(self.hypotheses))

    def same(self, a, b, file_scope: Scope) -> bool:
        if a == b:
            return True
        scope = self.scope(file_scope)
        key = (sp.srepr(a), sp.srepr(b), tuple(sorted(map(sp.srepr, scope.defs.values()))))
        if key not in self.memo:
            verdict = cached_verdict(self.cache, a, "=", b, scope, None, self.opts.timeout,
                                      self.opts.memory_mb)
            self.memo[key] = verdict.get("verdict") == VALID
        return self.memo[key]

    def redefined(self, file_scope: Scope) -> list[str]:
        """The claim's names that the file defines otherwise."""
        out = []
        for key, mine in self.defs.items():
            theirs = file_scope.defs.get(key)
            if theirs is None or theirs == mine:
                continue
            if isinstance(mine, sp.Lambda) != isinstance(theirs, sp.Lambda):
                out.append(str(key))
                continue
            if isinstance(mine, sp.Lambda):
                if len(mine.variables) != len(theirs.variables):
                    out.append(str(key))
                    continue
                mine, theirs = mine(*mine.variables), theirs(*mine.variables)
            if not self.same(theirs, mine, Scope()):
                out.append(str(key))
        return out


def _step(result, number) -> dict:
    block, step = number
    s = next(s for b in result.derivations if b.block == block for s in b.steps
             if s.step == step)
    return {"block": block, "step": step, "lhs": s.lhs, "rhs": s.rhs, "verdict": s.verdict}


def grade(result, claim, opts, cache=None) -> dict:
    """{"assignment", "status": complete | incomplete | wrong, and why} for one file."""
    judge = _Judge(claim, opts, cache)
    verdicts = {(b.block, s.step): s.verdict for b in result.derivations for s in b.steps}
    chains = [c for b in result.derivations for c in b.chains]
    out = {"assignment": claim.id}
    parts = [p for p in claim.parts if isinstance(p.relation, Equals)]
    if not parts:
        return {**out, "status": INCOMPLETE, "missing": "a claim with an equality to reach"}
    for part in parts:
        lhs, rhs = _as_read(part.relation.lhs), _as_read(part.relation.rhs)
        starts = [c for c in chains if judge.same(c.start, lhs, c.scope)]
        # a chain of valid steps that does not start at the left side cannot end at the
        # right side (both sides are equal): only the others need their end decided
        ends = [c for c in chains if (c in starts or any(verdicts[n] != VALID for n in c.steps))
                and judge.same(c.end, rhs, c.scope)]
        both = [c for c in starts if c in ends and set(c.relations) == {"="}]
        complete = [c for c in both if all(verdicts[n] == VALID for n in c.steps)]
        if complete:
            redefined = judge.redefined(complete[0].scope)
            if redefined:
                return {**out, "status": INCOMPLETE, "missing": "definitions",
                        "reason": f"defines {', '.join(redefined)} otherwise than the question"}
            continue
        for c in both + starts + ends:
            bad = [n for n in c.steps if verdicts[n] == "invalid"]
            if bad:
                return {**out, "status": WRONG, "first_invalid": _step(result, bad[0])}
        if both:
            first = next(n for n in both[0].steps if verdicts[n] != VALID)
            return {**out, "status": INCOMPLETE, "missing": "steps",
                    "reason": "a step is not known to be valid", "step": _step(result, first)}
        missing = "right side" if starts else "left side" if ends else "both sides"
        return {**out, "status": INCOMPLETE, "missing": missing, "reason": _WHY[missing]}
    return {**out, "status": COMPLETE}
