"""Activation functions as lecture notes define them: `ReLU(z) = max(0, z) = cases` names the
function by its first formula and derives the cases from it; a function's Greek subscript
(f_α, L_δ) is the real parameter the words constrain ("for $0 < α < 1$"), never a count,
also where a worked example gives it a typical value; and a library function (softmax) whose
sums run to its own count is read with the count the document writes for its argument."""
from derive.check import check_text

RELU = (r"The function and its derivative are defined by cases:" "\n\n"
        r"$$\operatorname{ReLU}(z) = \max(0, z) = \begin{cases} z, & z > 0, \\ 0, & z \le 0, "
        r"\end{cases} \qquad \operatorname{ReLU}'(z) = \begin{cases} 1, & z > 0, \\ 0, & z < 0."
        r" \end{cases}$$" "\n\n"
        r"At the example input:" "\n\n"
        r"$$\operatorname{ReLU}(3) + \operatorname{ReLU}(-2) = 3$$" "\n")

LEAKY = (r"A simple fix keeps a small slope $\alpha$ on the negative side. For $0 < \alpha < 1$"
         "\n\n"
         r"$$f_{\alpha}(z) = \max(\alpha z, z) = \begin{cases} z, & z > 0, \\ \alpha z, & z "
         r"\le 0, \end{cases} \qquad f_{\alpha}'(z) = \begin{cases} 1, & z > 0, \\ \alpha, & "
         r"z < 0. \end{cases}$$" "\n")

SOFTMAX = (r"The logits $z_1, \dots, z_K$ become probabilities:" "\n\n"
           r"$$p_i = \operatorname{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{k=1}^{K} "
           r"e^{z_k}}, \qquad i = 1, \dots, K.$$" "\n\n"
           r"By the chain rule," "\n\n"
           r"$$\frac{\partial L}{\partial z_k} = -\sum_{i=1}^{K} \frac{y_i}{p_i} "
           r"\frac{\partial p_i}{\partial z_k} = -\sum_{i=1}^{K} \frac{y_i}{p_i}\, p_i "
           r"(\delta_{ik} - p_k)$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_a_function_named_by_its_formula_before_its_cases_is_defined_by_it():
    found = steps(RELU)
    assert [(s.lhs, s.verdict) for s in found] == [
        (r"\max(0, z)", "valid"), (r"\max(0, z)", "valid"),
        (r"\operatorname{ReLU}'(z)", "valid"), (r"\operatorname{ReLU}'(z)", "valid"),
        (r"\operatorname{ReLU}(3) + \operatorname{ReLU}(-2)", "valid")]


def test_a_case_that_does_not_follow_from_the_formula_is_refuted():
    found = steps(RELU.replace(r"0, & z \le 0, \end{cases} \qquad",
                               r"z, & z \le 0, \end{cases} \qquad"))
    assert [s.verdict for s in found[:2]] == ["valid", "invalid"]
    found = steps(RELU.replace("= 3$$", "= 1$$"))
    assert found[-1].verdict == "invalid"


def test_a_greek_subscript_is_the_parameter_the_words_constrain():
    found = steps(LEAKY)
    assert [s.verdict for s in found] == ["valid"] * 4
    slipped = steps(LEAKY.replace(r"\begin{cases} 1, & z > 0, \\ \alpha, &",
                                  r"\begin{cases} \alpha, & z > 0, \\ \alpha, &"))
    assert [s.verdict for s in slipped] == ["valid", "valid", "invalid", "valid"]


def test_a_typical_value_in_the_same_words_leaves_the_rows_unrefuted():
    # without "For 0 < α < 1", max(αz, z) = z for z > 0 is false (α = 2): not valid
    found = steps(LEAKY.replace(r"For $0 < \alpha < 1$", "Then"))
    assert found[0].verdict != "valid"
    # "(typically α = 0.01)" beside the range: the rows hold at the example; the words
    # may also be a remark on it ("the customary 0 < α < 1 does not hold here"), so
    # neither reading decides them in general
    typical = steps(LEAKY.replace("on the negative side.", "on the negative side (typically "
                                  r"$\alpha = 0.01$)."))
    assert "invalid" not in [s.verdict for s in typical]
    remark = steps(r"In this exercise take the slope $\alpha = 2$. Note that the customary "
                   r"condition $0 < \alpha < 1$ does not hold here. For $z > 0$" "\n\n"
                   r"$$\max(\alpha z, z) = z.$$" "\n\n" r"For $z > 0$, correctly," "\n\n"
                   r"$$\max(\alpha z, z) = \alpha z.$$" "\n")
    assert [s.verdict for s in remark] != ["valid", "invalid"] and remark[0].verdict != "valid"


def test_a_library_function_takes_the_count_the_document_writes():
    found = steps(SOFTMAX)
    assert found[-1].verdict == "valid"
    assert "K" in found[-1].reading
    slipped = steps(SOFTMAX.replace(r"(\delta_{ik} - p_k)$$", r"(\delta_{ik} - p_i)$$"))
    assert slipped[-1].verdict == "invalid"


CASE = (r"For $z = 40$ the sigmoid rounds to one. Stably," "\n\n"
        r"$$\ell(z, y) = z - zy + \log\left(1 + e^{-z}\right).$$" "\n\n"
        r"## Case $z < 0$" "\n\n"
        r"Now $\max(z, 0) = 0$ and $-|z| = z$, so pulling $e^{-z}$ out of the logarithm," "\n\n"
        r"$$z - zy + \log\left(1 + e^{-z}\right) = z - zy + \log\Big(e^{-z}\left(e^{z} + 1"
        r"\right)\Big) = -zy + \log\left(1 + e^{z}\right)$$" "\n")


def test_an_equation_through_a_max_is_the_range_it_holds_on():
    # max(z, 0) = 0 is z ≤ 0 (points to sample), and the example's z = 40 lies outside it
    found = steps(CASE)
    assert [s.verdict for s in found] == ["valid", "valid"]
    slipped = steps(CASE.replace(r"= -zy + \log", r"= zy + \log"))
    assert [s.verdict for s in slipped] == ["valid", "invalid"]
    assert slipped[-1].counterexample["z"] <= 0


def test_a_set_declared_beside_a_display_is_a_hypothesis():
    # `\qquad y \in \{0, 1\}`: y² = y from then on; `\alpha \in (0, 1)`: α² < α
    text = (r"$$\ell(z, y) = -y z, \qquad y \in \{0, 1\},$$" "\n\n"
            r"so $$y^2 z = y z$$" "\n")
    doc = check_text(text, timeout=10)
    assert [s.verdict for s in doc.steps()] == ["valid"]
    assert any(r"y \in \{0, 1\}" in g for b in doc.derivations for g in b.given)
    assert [s.verdict for s in steps(text.replace("y^2 z = y z", "y^2 z = 2 y z"))] \
        == ["invalid"]
    assert [s.verdict for s in steps(r"$$\alpha \in (0, 1)$$ so $$|\alpha - \alpha^2| = "
                                     r"\alpha - \alpha^2$$")] == ["valid"]


SMOOTHED = (r"Label smoothing mixes the one-hot $y$ with the uniform distribution over the $K$ "
            r"classes:" "\n\n"
            r"$$q_k = (1-\varepsilon)\,y_k + \frac{\varepsilon}{K}, \qquad k = 1,\dots,K.$$" "\n\n"
            r"With $\partial \log p_k / \partial z_j = \delta_{kj} - p_j$," "\n\n"
            r"$$-\sum_k q_k\,\bigl(\delta_{kj} - p_j\bigr) = -q_j + p_j \sum_k q_k$$" "\n")


def test_a_sum_written_with_no_bounds_runs_over_the_one_range_the_page_writes():
    [step] = steps(SMOOTHED)
    assert step.verdict == "valid"
    [slip] = steps(SMOOTHED.replace("= -q_j + p_j", "= q_j + p_j"))
    assert slip.verdict == "invalid"
    # a page that writes an n of its own: Σ_k's count is no placeholder to read as K
    [own] = steps(SMOOTHED.replace("classes:", "classes, over $n$ samples:"))
    assert own.verdict != "invalid"


def test_a_cases_display_with_no_head_is_read_as_before():
    # seed 001's ELU: `\begin{cases} x & x \geq 0 \\ … \end{cases}` alone, nothing to check
    doc = check_text(r"ELU:" "\n\n" r"$$\begin{cases} x & x \geq 0 \\ \alpha(e^x - 1) & x < 0 "
                     r"\end{cases}$$" "\n", timeout=10)
    assert doc.steps() == [] and not doc.errors
