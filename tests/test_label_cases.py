"""A function defined by the cases of a label's values (y_p = +1, y_p = −1), as texts
write the two-class costs, and functions written with a subscript (g_p(w), f_K(s)): a
step about them is decided case by case with the label put in."""
import pytest

from derive.check import check_text

COST = r"""
The point-wise cost is

$$g_p(w) = \begin{cases} -\log(\sigma(x_p w)) & \text{if } y_p = +1 \\
-\log(\sigma(-x_p w)) & \text{if } y_p = -1 \end{cases}$$

"""

# the rows as a notebook writes them: no `&`, spaces before the condition, a period
COST_NO_AMPERSAND = r"""
$$g_{p}\left(w\right)=
\begin{cases}
-\text{log}\left(\sigma\left( x_{p} w \right) \right) \,\,\,\,\,\,  \text{if} \,\, y_p = +1 \\
-\text{log}\left(\sigma\left( -x_{p} w \right) \right) \,\,\,\,\,\text{if} \,\, y_p = -1. \\
\end{cases}$$

"""


def _steps(text):
    return check_text(text, timeout=20).steps()


@pytest.mark.parametrize("cost", [COST, COST_NO_AMPERSAND])
def test_both_cases_in_one_line_are_valid_case_by_case(cost):
    one, two = _steps(cost + "so\n\n$$g_p(w) = -\\log(\\sigma(y_p x_p w))$$\n\n"
                      "$$g_p(w) = \\log(1 + e^{-y_p x_p w})$$\n")
    for step in (one, two):
        assert step.verdict == "valid", step.reason
        assert "the case ${y}_{p} = 1$" in step.reason and "${y}_{p} = -1$" in step.reason


def test_a_line_true_in_one_case_only_is_invalid_naming_the_case():
    [step] = _steps(COST + "$$g_p(w) = -\\log(\\sigma(x_p w))$$\n")
    assert step.verdict == "invalid"
    assert "the case ${y}_{p} = -1$" in step.reason and step.counterexample


def test_a_sum_over_the_labels_is_decided_term_by_term():
    right, wrong = _steps(COST + r"""
$$\frac{1}{P}\sum_{p=1}^P g_p(w) = \frac{1}{P}\sum_{p=1}^P \log(1 + e^{-y_p x_p w})$$

$$\frac{1}{P}\sum_{p=1}^P g_p(w) = \frac{1}{P}\sum_{p=1}^P \log(1 + e^{y_p x_p w})$$
""")
    assert right.verdict == "valid" and "term by term" in right.reason, right.reason
    # every p with one label together shows nothing about the sum: not valid
    assert wrong.verdict != "valid", wrong.reason


def test_a_subscript_of_a_function_is_an_argument_of_it():
    right, wrong = _steps(r"""
$$f_K(s) = \frac{e^{s_K}}{\sum_{i=1}^{n} e^{s_i}}$$

$$f_1(s) = \frac{e^{s_1}}{\sum_{i=1}^{n} e^{s_i}}$$

$$f_1(s) = \frac{e^{s_2}}{\sum_{i=1}^{n} e^{s_i}}$$
""")
    assert right.verdict == "valid", right.reason
    assert wrong.verdict == "invalid", wrong.reason


def test_the_cost_of_a_sample_and_the_average_cost_are_two_functions():
    # g(w) is defined by its first equality; the second is the step
    [step] = _steps(COST + r"""
$$g(w) = \frac{1}{P}\sum_{p=1}^P g_p(w) = \frac{1}{P}\sum_{p=1}^P \log(1 + e^{-y_p x_p w})$$
""")
    assert step.verdict == "valid", step.reason


def test_a_label_another_definition_uses_never_refutes():
    # h_p keeps y_p free in the case y_p = 1: a difference there is no slip of the step
    [step] = _steps(COST + "$$h_p = y_p x_p w$$\n\n$$g_p(w) = -\\log(\\sigma(h_p))$$\n")
    assert step.verdict != "invalid", step.reason


def test_the_plain_name_stands_for_the_function_written_with_a_subscript():
    # slides: `f_a(x) = ax → df/dx = a`, then f defined anew
    steps = _steps(r"""
$$f(x) = e^x \rightarrow \frac{df}{dx} = e^x$$

$$f_a(x) = ax \rightarrow \frac{df}{dx} = a$$

$$f_a(x) = ax \rightarrow \frac{df}{dx} = x$$

$$f(x) = \frac{1}{x} \rightarrow \frac{df}{dx} = -1/x^2$$
""")
    # the second f_a(x) = ax restates the definition: a step of its own, valid
    assert [s.verdict for s in steps] == ["valid", "valid", "valid", "invalid", "valid"], \
        [s.reason for s in steps]


def test_an_applied_plain_name_is_not_the_subscripted_function():
    # g(w) applied, never defined: not g_p's cases with p left free
    [step] = _steps(COST + "$$\\frac{d}{dw} g(w) = 0$$\n")
    assert step.verdict == "unknown", step.reason


def test_labels_of_two_values_are_decided_value_by_value():
    # «метки $y_i \in \{-1, +1\}$»: y_i σ(−y_i z_i) = [y_i = +1] − σ(z_i) holds at both values;
    # and [y_i = +1] + [y_i = -1] is 1, never y_i
    text = (r"Пусть метки $y_i \in \{-1, +1\}$, а $\sigma(z) = \frac{1}{1 + e^{-z}}$." "\n\n"
            r"$$ y_i \sigma(-y_i z_i) = [y_i = +1](1 - \sigma(z_i)) - [y_i = -1] \sigma(z_i) "
            r"= [y_i = +1] - \sigma(z_i) $$" "\n\n"
            r"$$ [y_i = +1] - [y_i = -1] = y_i = [y_i = +1] + [y_i = -1] $$" "\n")
    assert [s.verdict for s in check_text(text, timeout=10).steps()] == \
        ["valid", "valid", "valid", "invalid"]
