"""Readings of notation that real texts leave open: a step false as read but true under
another customary reading is `unknown`, naming that reading; never `invalid`."""
from derive.check import check_text


def steps(text):
    return check_text(text, timeout=10).steps()


def test_an_operator_before_a_bracket_may_apply_to_the_bracket_only():
    # seed 004: the product rule written out, ∂/∂s(A)·B meaning (∂A/∂s)·B
    [step] = steps(r"$$ \frac{\partial}{\partial s_L} \left(\frac{1}{\sum_{i=1}^k e^{s_i}}"
                   r"\right) e^{s_k} = - \frac{e^{s_k}}{\sum_{i=1}^k e^{s_i}} \cdot "
                   r"\frac{e^{s_L}}{\sum_{i=1}^k e^{s_i}} $$")
    assert step.verdict == "unknown" and "bracket only" in step.reading
    # wrong under both readings: still invalid
    [wrong] = steps(r"$$ \frac{d}{dx}(x^2) e^x = 3x e^x $$")
    assert wrong.verdict == "invalid"
