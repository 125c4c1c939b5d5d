"""Grading against a catalogue claim: complete, incomplete (which end), wrong (which step)."""
import pytest

from tests.conftest import batch_options

from derive.homework.grade import grade
from derive.check import check_text
from tests.batch.conftest import XENT

HEAD = "---\ncontext: softmax\n---\n"


@pytest.fixture(scope="module")
def claim(catalogue):
    return catalogue["xent.grad-logits"]


def _grade(text, claim):
    return grade(check_text(text, "hw.md"), claim, batch_options())


def test_a_valid_chain_from_the_left_side_to_the_right_side_is_complete(claim):
    assert _grade(XENT, claim) == {"assignment": "xent.grad-logits", "status": "complete"}


def test_the_ends_are_matched_up_to_equivalence_not_as_text(claim):
    text = HEAD + r"""
$$
-\sum_{j=1}^{n} y_j \frac{\partial \ln a_j}{\partial z_i}
= -\sum_{j=1}^{n} y_j \left(\delta_{ij} - a_i\right)
= a_i \sum_{j=1}^{n} y_j - y_i
$$
"""
    assert _grade(text, claim)["status"] == "complete"


def test_a_chain_with_a_slip_is_wrong_and_names_its_first_invalid_step(claim):
    text = HEAD + r"""
$$
\frac{\partial C}{\partial z_i}
= -\sum_{j=1}^{n} y_j \left(\delta_{ij} - a_i\right)
= -y_i - a_i \sum_{j=1}^{n} y_j
= -a_i - y_i
$$
"""
    got = _grade(text, claim)
    assert got["status"] == "wrong"
    assert got["first_invalid"]["step"] == 2 and got["first_invalid"]["verdict"] == "invalid"


def test_a_submission_that_never_reaches_the_claim_is_incomplete(claim):
    text = HEAD + r"""
$$
\frac{\partial a_j}{\partial z_j} = a_j (1 - a_j)
$$
"""
    got = _grade(text, claim)
    assert got["status"] == "incomplete" and got["missing"] == "both sides"


def test_a_chain_that_reaches_the_right_side_from_elsewhere_is_wrong(claim):
    text = HEAD + r"""
$$
\frac{\partial C}{\partial y_i} = a_i - y_i
$$
"""
    got = _grade(text, claim)
    assert got["status"] == "wrong" and got["first_invalid"]["step"] == 1


def test_a_file_that_redefines_the_claims_names_is_not_complete(claim):
    text = r"""---
define:
  "a_j": "z_j"
  "C": "-\\sum_{j=1}^{n} y_j z_j"
---
$$
\frac{\partial C}{\partial z_i} = -y_i
$$
"""
    got = _grade(text, claim)
    assert got["status"] != "complete"


def test_the_batch_records_and_counts_grades(tmp_path, claim):
    from derive.batch.runner import run_batch
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text(XENT)
    bad.write_text(HEAD + "$$\n\\frac{\\partial a_j}{\\partial z_j} = a_j (1 - a_j)\n$$\n")
    summary = run_batch([good, bad], tmp_path / "r.jsonl",
                        batch_options(assignment="xent.grad-logits"), jobs=2)
    assert summary.grades == {"complete": 1, "incomplete": 1}
