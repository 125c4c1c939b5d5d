"""No mutant of a true claim may come out proved.

Every true equality of the catalogue is mutated (a sign flipped, a term dropped, two
indices swapped, a constant changed). A mutant that is still true (numerically equal at
admissible points) is no mutant and is skipped; every other must not be `proved`.
"""
import random

import pytest
import sympy as sp

from derive import Claim, Equals, HOLDS, prove
from derive.mutations import mutants
from derive.prover.context import Context
from derive.prover.numeric import spot_check

TRIED = {"mutants": 0, "refuted": 0, "unknown": 0, "still true": 0}


def _equality_parts(catalogue):
    for c in catalogue.values():
        if c.expect != HOLDS:
            continue
        for p in c.parts:
            if isinstance(p.relation, Equals) and isinstance(p.relation.rhs, sp.Expr):
                yield c, p


def _cases():
    from lemmas import catalogue
    return [(c.id, p.label) for c, p in _equality_parts(catalogue())]


@pytest.mark.parametrize("claim_id,label", _cases())
def test_no_mutant_is_proved(catalogue, claim_id, label):
    claim = catalogue[claim_id]
    part = next(p for p in claim.parts if p.label == label)
    for kind, rhs in mutants(part.relation.rhs, tuple(claim.indices))[:8]:
        rel = Equals(part.relation.lhs, rhs)
        ctx = Context.of(claim, part)
        truth = spot_check(rel, ctx, random.Random(0), points=10, dps=30)
        if truth.failure is None:
            TRIED["still true"] += 1
            continue
        mutant = Claim(claim.id + "~" + kind, "mutant", claim.source,
                       (part.__class__(rel, part.label, part.hypotheses),),
                       scope=claim.scope, hypotheses=claim.hypotheses, indices=claim.indices,
                       dims=claim.dims, defs=claim.defs)
        proof = prove(mutant, budget=30)
        TRIED["mutants"] += 1
        TRIED[proof.status if proof.status != "proved" else "PROVED"] = \
            TRIED.get(proof.status, 0) + 1
        assert proof.status != "proved", (claim_id, label, kind, rhs)


def test_report_mutant_count(capsys):
    with capsys.disabled():
        print(f"\nsoundness: {TRIED}")


def test_a_refutation_the_algebra_contradicts_is_no_verdict():
    # the sides differ at a sampled point (an indicator [j = 0] at the index a sum starts
    # from) while their difference simplifies to 0: one computation is wrong, neither is
    # a counterexample to show
    from derive.check import check_text
    text = (r"Let $s_0, s_1, \dots, s_K$ be similarities and $\tau > 0$ a temperature:" "\n"
            r"$$\mathcal{L} = -\ln \frac{e^{s_0/\tau}}{\sum_{l=0}^{K} e^{s_l/\tau}}.$$" "\n"
            r"With the indicator $[j = 0]$," "\n"
            r"$$\frac{\partial \mathcal{L}}{\partial s_j} = -\frac{[j = 0]}{\tau} + "
            r"\frac{\partial}{\partial s_j} \ln \sum_{l=0}^{K} e^{s_l/\tau}$$")
    [step] = check_text(text, timeout=10).steps()
    assert step.verdict != "invalid", step.reason
