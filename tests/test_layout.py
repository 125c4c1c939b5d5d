"""The layout of matrix derivatives taken from the document (its words, its front matter)
or tried both ways: a step that holds only in the layout the document does not use is
`unknown` saying so, never `invalid`; one false in both layouts is `invalid`."""
import pytest

from derive.check import check_text
from derive.latex.blocks import layout_named

GRADIENT = r"""
$$\frac{\partial (W \mathbf{x})}{\partial \mathbf{x}} = W$$

$$\frac{\partial (W \mathbf{x})}{\partial \mathbf{x}} = W^T$$

$$\frac{\partial (W \mathbf{x})}{\partial \mathbf{x}} = W + W^T$$
"""


def _steps(text):
    return check_text(text, timeout=10).steps()


@pytest.mark.parametrize("words, layout", [
    ("We use the numerator layout throughout.", "numerator"),
    ("Derivatives are in denominator layout (the gradient has the shape of W).",
     "denominator"),
    ("This is the Jacobian formulation.", "numerator"),
    ("Производные записываем в раскладке числителя.", "numerator"),
    ("Используем раскладку знаменателя.", "denominator"),
    ("Numerator layout and denominator layout differ by a transpose.", None),
    ("The numerator of the fraction is positive.", None),
])
def test_the_words_that_fix_a_layout(words, layout):
    assert layout_named(words) == layout


def test_a_layout_the_document_states_decides():
    natural, transposed, wrong = _steps("We use the numerator layout.\n" + GRADIENT)
    assert natural.verdict == "valid" and "numerator layout, as the document says" in \
        natural.reading, (natural.verdict, natural.reason)
    assert transposed.verdict == "unknown" and "false in the numerator layout the " \
        "document uses" in transposed.reason and "holds in the denominator" in transposed.reason
    assert wrong.verdict == "invalid", wrong.reason


def test_the_front_matter_states_a_layout_too():
    natural, transposed, wrong = _steps("---\nlayout: denominator\n---\n" + GRADIENT)
    assert natural.verdict == "unknown" and "false in the denominator layout" in natural.reason
    assert transposed.verdict == "valid" and "denominator layout, as the document says" in \
        transposed.reading
    assert wrong.verdict == "invalid"


def test_with_no_layout_stated_both_are_tried_and_the_step_says_which_holds():
    natural, transposed, wrong = _steps(GRADIENT)
    for step, holding in ((natural, "numerator"), (transposed, "denominator")):
        assert step.verdict == "unknown", step.reason
        assert f"holds with $W$ matrix; $\\mathbf{{x}}$ vector; derivatives in {holding} " \
               f"layout" in step.reason and "does not say which layout" in step.reason
    assert wrong.verdict == "invalid"


def test_a_layout_that_is_neither_is_an_error_and_the_rest_is_checked():
    result = check_text("---\nlayout: sideways\n---\n" + GRADIENT, timeout=10)
    assert any("layout must be numerator or denominator" in e for e in result.errors)
    assert [s.verdict for s in result.steps()] == ["unknown", "unknown", "invalid"]


def test_a_jacobian_written_out_in_the_documents_layout():
    page = r"""
Let $y_i = \sum_{j=1}^{2} W_{ij} x_j$. Derivatives are in numerator layout.

$$\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \begin{pmatrix} W_{11} & W_{12} \\
W_{21} & W_{22} \end{pmatrix}$$

$$\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \begin{pmatrix} W_{11} & W_{21} \\
W_{12} & W_{22} \end{pmatrix}$$

$$\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \begin{pmatrix} W_{11} & W_{12} \\
W_{12} & W_{22} \end{pmatrix}$$
"""
    natural, transposed, wrong = _steps(page)
    assert natural.verdict == "valid" and "numerator layout, as the document says" in \
        natural.reading, natural.reason
    assert transposed.verdict == "unknown" and "holds in the other layout" in transposed.reason
    assert wrong.verdict == "invalid", wrong.reason
