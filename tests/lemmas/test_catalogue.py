"""Every catalogue row ends as it must: true claims proved (for all n where SPEC says so),
lecture slips refuted with a counterexample that was re-checked."""
import re

import pytest
import sympy as sp

from derive import prove
from tests.conftest import SHARED

SPEC_IDS = [
    "sigmoid.derivative", "sigmoid.logistic-forms", "sigmoid.range", "sigmoid.vanishing",
    "softmax.range", "softmax.normalized", "softmax.jacobian", "softmax.shift-invariance",
    "softmax.linear-input-gradient", "softmax.loss-forms", "xent.nonnegative",
    "xent.minimum", "xent.table", "xent.grad-activation", "xent.grad-logits",
    "xent.grad-bias-weight", "xent.indicator-form", "info.kl-decomposition",
    "info.kl-nonnegative", "bce.nonnegative", "bce.limit", "bce.gradients",
    "bce.multi-output-delta", "mse.sigmoid-gradients", "backprop.bp1-bp4",
    "graph.local-gradients", "graph.example-add-mul", "graph.example-sigmoid-neuron",
    "graph.gate-patterns", "graph.relu-backward", "linear.backward",
    "linear.no-activation-collapse", "linear.l2-gradient", "linear.hinge-gradient",
    "twolayer.numpy-gradients", "activations.derivatives", "experiment.learning-slowdown",
]
SLIPS = ["linear.hinge-gradient.lecture-slip", "softmax.jacobian.lecture-slip",
         "numerics.float-range.lecture-slip", "sigmoid.derivative.lecture-slip"]
ALL_N = ["softmax.range", "softmax.normalized", "softmax.jacobian", "softmax.shift-invariance",
         "softmax.linear-input-gradient", "softmax.loss-forms", "xent.nonnegative",
         "xent.minimum", "xent.grad-activation", "xent.grad-logits", "xent.grad-bias-weight",
         "info.kl-decomposition", "info.kl-nonnegative", "bce.gradients",
         "bce.multi-output-delta"]


def test_spec_ids_are_all_in_the_catalogue(catalogue):
    assert set(SPEC_IDS) <= set(catalogue)
    assert set(SLIPS) <= set(catalogue)


def test_spec_table_matches_when_available(catalogue):
    spec = SHARED / "SPEC.md"
    if not spec.exists():
        pytest.skip("shared/SPEC.md is not beside this checkout")
    ids = re.findall(r"^\| ([a-z0-9]+\.[a-z0-9.-]+) \|", spec.read_text(), re.M)
    assert ids and set(ids) <= set(catalogue)


def test_every_hypothesis_speaks_about_the_claim(catalogue):
    """A hypothesis on a name the claim never uses is a silent typo (a[j] vs a_j)."""
    for c in catalogue.values():
        names = set()
        for p in c.parts:
            for side in vars(p.relation).values():
                if isinstance(side, (sp.Basic, sp.MatrixBase)):
                    names |= _names(side)
        for body in c.defs.values():
            names |= _names(body)
        names |= set(c.defs)
        for h in c.hypotheses:
            missing = _names(h) - names - set(c.indices) - set(c.dims)
            assert not missing, (c.id, h, missing)


def _names(e):
    if isinstance(e, sp.MatrixBase):
        return set().union(*[_names(x) for x in e])
    if isinstance(e, sp.Lambda):
        return _names(e.expr) - set(e.variables)
    out = {s for s in e.free_symbols}
    out |= {x.base for x in e.atoms(sp.Indexed)}
    return out


@pytest.mark.parametrize("claim_id", SPEC_IDS + SLIPS)
def test_claim_ends_as_expected(catalogue, claim_id):
    claim = catalogue[claim_id]
    proof = prove(claim, budget=120)
    assert not proof.alarm, proof.alarm
    if claim_id in SLIPS:
        assert proof.status == "refuted"
        assert proof.counterexample
    else:
        assert proof.status == "proved", [p.tried for p in proof.parts]
        for p, spec in zip(proof.parts, claim.parts):
            cc = p.crosscheck
            assert cc is not None and cc.ok
            if type(spec.relation).__name__ in ("Equals", "Compare", "Minimum", "ZeroIff"):
                assert cc.points >= 20, (p.label, cc.points)
    if claim_id in ALL_N:
        assert proof.scope.startswith("all"), proof.scope


MATRIX_FORMS = {"matrix.quadratic-form": ("proved", "all shapes"),
                "matrix.linear-backward": ("proved", "sizes 1–4"),
                "matrix.backprop": ("proved", "sizes 1–4"),
                "matrix.softmax-jacobian": ("proved", "sizes 1–4"),
                "matrix.two-layers-collapse": ("proved", "all shapes"),
                "matrix.hinge-gradient": ("proved", "sizes 1–4"),
                "matrix.hinge-gradient-row-y-slip": ("refuted", ""),
                "matrix.quadratic-form-symmetric-slip": ("refuted", ""),
                "matrix.transpose-order-slip": ("refuted", "")}


@pytest.mark.parametrize("cid", sorted(MATRIX_FORMS))
def test_matrix_forms_end_with_their_scope(catalogue, cid):
    """"all shapes" only where SymPy's matrix algebra shows it for symbolic shapes; a
    proof at concrete sizes says "sizes 1–4"; a slip is refuted at a size."""
    proof = prove(catalogue[cid], budget=60)
    status, scope = MATRIX_FORMS[cid]
    assert (proof.status, proof.scope) == (status, scope), proof
    for result in proof.parts:
        if result.status == "proved":
            assert result.crosscheck.ok and result.crosscheck.points >= 3
            assert (result.scope == "all shapes") == result.method.startswith("matrix algebra")
