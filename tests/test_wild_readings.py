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


def test_a_plain_names_definition_may_be_carried_to_its_layer_indexed_uses():
    # seed 003: a = σ(z) for one neuron, then a_i^{(L)} for the output layer
    doc = (r"$$ a = \sigma(z) $$" "\n\n" r"$$ C = - \sum_j y_j \ln a_j^{(L)} $$" "\n\n"
           r"$$ \sigma(z_i^{(L)}) - y_i = a_i^{(L)} - y_i $$" "\n\n"
           r"$$ \sigma(z_i^{(L)}) - y_i = a_i^{(L)} + y_i $$")
    right, wrong = steps(doc)
    assert right.verdict == "unknown" and "carried to its indexed" in right.reading
    assert wrong.verdict == "invalid"
