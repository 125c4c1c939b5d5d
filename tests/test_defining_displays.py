"""Displays that say what a name means, as real notes write them: `σ(z)_i = e^{z_i}/Σ_j
e^{z_j}` defines σ as the softmax for the rest of the page, and a bare σ_i is then the i-th
output at the vector the step works with. Each case is an excerpt in our own words, with a
variant that must come out otherwise."""
from derive.check import check_text


def steps(text):
    return check_text(text, timeout=10).steps()


SOFTMAX = ("# Softmax\n"
           r"$$\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}$$" "\n\n"
           "# Derivative\n")


def test_a_display_of_sigma_at_an_entry_defines_the_softmax_for_the_page():
    got = steps(SOFTMAX +
                r"$$\frac{\partial [\sigma(\mathbf{a})]_i}{\partial a_j} = "
                r"\frac{\partial}{\partial a_j}\frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}} "
                r"= \sigma_i(\delta_{ij} - \sigma_j)$$" "\n")
    assert [s.verdict for s in got] == ["valid", "valid", "valid"]
    assert "this display defines σ" in got[0].reading


def test_a_slip_in_the_softmax_jacobian_is_found_with_the_softmax_values():
    got = steps(SOFTMAX +
                r"$$\frac{\partial \sigma(\mathbf{z})_i}{\partial z_j} = "
                r"\sigma(\mathbf{z})_i (\delta_{ij} + \sigma(\mathbf{z})_j)$$" "\n")
    assert [s.verdict for s in got] == ["valid", "invalid"]
    assert "cosh" not in got[1].reason and "softmax" in got[1].reading


def test_without_the_defining_display_sigma_stays_open():
    got = steps(r"$$\frac{\partial}{\partial a_j}\frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}} "
                r"= \sigma_i(\delta_{ij} - \sigma_j)$$" "\n")
    assert [s.verdict for s in got] == ["unknown"]


def test_a_defining_display_that_is_not_the_softmax_fixes_nothing():
    got = steps(r"$$\sigma(\mathbf{z})_i = \frac{e^{z_i}}{1 + \sum_{j=1}^K e^{z_j}}$$" "\n\n"
                r"$$\sigma'(z) = \sigma(z)(1 - \sigma(z))$$" "\n")
    assert [s.verdict for s in got] == ["invalid", "valid"]


def test_a_derivative_by_a_name_finds_the_name_in_what_it_stands_for():
    # y written with wx + b, not with z: ∂y/∂z is σ'(z), never 0 (the logistic written
    # out as 1/(1 + e^{-b-wx}), a sum renamed inside a definition: the same)
    got = steps("The output is\n$$y = \\sigma(w x + b)$$\n"
                "and the loss is $L = (y - t)^2$. With $z = w x + b$ we have\n\n"
                r"$$\frac{\partial y}{\partial z} = y(1-y)$$" "\n\n"
                r"$$\frac{\partial L}{\partial z} = 2(y - t) y (1 - y)$$" "\n\n"
                r"$$\frac{\partial y}{\partial w} = \frac{\partial y}{\partial z}"
                r"\frac{\partial z}{\partial w} = y(1-y) x$$" "\n\n"
                "Each unit computes\n"
                r"$$a_i = \tanh\Big(\sum_{j=1}^n w_{ij} x_j + b_i\Big)$$" "\n"
                r"where $z_i = \sum_{j=1}^n w_{ij} x_j + b_i$. Then" "\n\n"
                r"$$\frac{\partial a_i}{\partial z_i} = 1 - a_i^2$$" "\n")
    assert [s.verdict for s in got] == ["valid"] * 5


def test_a_slip_in_a_derivative_by_a_folded_name_is_still_found():
    got = steps("The output is\n$$y = \\sigma(w x + b)$$\n"
                "and the loss is $L = (y - t)^2$. With $z = w x + b$ we have\n\n"
                r"$$\frac{\partial y}{\partial z} = y(1+y)$$" "\n\n"
                r"$$\frac{\partial L}{\partial w} = 2(y - t) y (1 - y)$$" "\n\n"
                r"$$a_i = \tanh\Big(\sum_{j=1}^n w_{ij} x_j + b_i\Big)$$" "\n"
                r"where $z_i = \sum_{j=1}^n w_{ij} x_j + b_i$. Then" "\n\n"
                r"$$\frac{\partial a_i}{\partial b_i} = 1 + a_i^2$$" "\n")
    assert [s.verdict for s in got] == ["invalid"] * 3


def test_a_matrix_a_worked_example_gives_is_put_in_with_its_transpose():
    page = ("Let\n$$X = \\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{pmatrix}$$\n\nThen\n\n"
            r"$$X^\top X = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$$" "\n\n"
            r"$$X X^\top = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$$" "\n")
    got = steps(page)
    assert [s.verdict for s in got] == ["valid", "invalid"]


def test_a_sum_to_the_examples_count_is_written_out_at_the_examples_entries():
    page = ("Let $S = \\sum_{k=1}^K e^{z_k}$ and $\\sigma_i = e^{z_i}/S$.\n\n"
            "Take $K = 3$ and $\\mathbf{z} = (1, 2, 0)$. Then\n\n"
            r"$$\sigma_1 = \frac{e}{S} \approx 0.2447, \quad \sigma_3 = \frac{1}{S} \approx 0.0900$$"
            "\n\n" r"$$\frac{e^2}{S} \approx 0.6562$$" "\n")
    got = steps(page)
    assert [s.verdict for s in got] == ["valid", "valid", "valid", "valid", "invalid"]


NORMAL = ("The density is $f(x\\mid\\mu) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}}"
          "\\exp\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)$. The log-likelihood:\n\n"
          r"$$\ell(\mu) = \sum_{i=1}^n \ln f(x_i\mid\mu) = -\frac{n}{2}\ln(2\pi\sigma^2) "
          r"- \frac{1}{2\sigma^2}\sum_{i=1}^n (x_i - \mu)^2$$" "\n\n")


def test_a_density_defined_in_words_with_a_bar_is_called_where_a_display_writes_it():
    got = steps(NORMAL + r"$$\ell'(\mu) = \frac{1}{\sigma^2}\sum_{i=1}^n (x_i - \mu)$$" "\n\n"
                r"$$\ell'(\mu) = \frac{1}{2\sigma^2}\sum_{i=1}^n (x_i - \mu)$$" "\n")
    assert [s.verdict for s in got] == ["valid", "valid", "invalid"]


def test_a_conditional_kept_whole_is_no_constant_of_the_variable_it_writes():
    # f never defined: f(x_i | μ) is read whole, and d/dμ of it is not known to be 0
    got = steps(r"$$\ell(\mu) = \sum_{i=1}^n \ln f(x_i\mid\mu)$$" "\n\n"
                r"$$\ell'(\mu) = \frac{1}{\sigma^2}\sum_{i=1}^n (x_i - \mu)$$" "\n")
    assert [s.verdict for s in got] == ["unknown"]


def test_a_where_clause_after_a_quad_defines_its_name_for_the_whole_display():
    # the constant named after the chain that uses it: the step is decided with it, and a
    # dropped term is found; a number there is the worked example's value
    mle = (r"$$\sum_{i=1}^n \Bigl(-\frac12 \log(2\pi) - \log\sigma - \frac{(y_i - w x_i)^2}"
           r"{2\sigma^2}\Bigr) = C - \frac{1}{2\sigma^2}\sum_{i=1}^n (y_i - w x_i)^2, "
           r"\quad C = {}$$" "\n")
    right = steps(mle.replace("{}", r"-\frac n 2 \log(2\pi) - n\log\sigma"))
    assert [s.verdict for s in right] == ["valid"]
    slip = steps(mle.replace("{}", r"-\frac n 2 \log(2\pi)"))
    assert [s.verdict for s in slip] == ["invalid"]
    example = steps(r"$$L = a + b = 2 + b, \qquad a = 2$$" "\n")
    assert [s.verdict for s in example] == ["valid"]
    alone = steps(r"$$L = a + b = 2 + b$$" "\n")
    assert [s.verdict for s in alone] == ["invalid"]
    # after an arrow the name is solved for, never defined: the equation stays one
    solved = steps(r"$$L = (w - 3)^2 + 1$$" "\n\n"
                   r"$$\frac{dL}{dw} = 2(w - 3) = 0 \quad\Rightarrow\quad w = 3$$" "\n")
    assert [s.verdict for s in solved] == ["valid", "unknown"]


def test_a_normal_density_is_read_as_the_density_in_a_maximum_likelihood_chain():
    got = steps(r"$$\sum_{i=1}^n \log \mathcal{N}(y_i \mid \mathbf{x}_i^\top \mathbf{w}, "
                r"\sigma^2) = \sum_{i=1}^n \Bigl(-\log(\sqrt{2\pi}\sigma) - \frac{(y_i - "
                r"\mathbf{w}^\top \mathbf{x}_i)^2}{2\sigma^2}\Bigr) = -n\log(2\pi\sigma) - "
                r"\frac{1}{2\sigma^2}\sum_{i=1}^n (y_i - \mathbf{w}^\top \mathbf{x}_i)^2$$" "\n")
    assert [s.verdict for s in got] == ["valid", "invalid"]


def test_a_loss_labelled_by_its_sample_is_the_function_at_the_documents_arguments():
    # l^{(i)}(w, b) defined in the words: a bare l^{(i)} is sample i's loss at w and b, by
    # b and by the bold w alike; a slip in the gradient is found, not excused
    text = (r"For one example the loss is $l^{(i)}(\mathbf{w}, b) = \frac{1}{2}\left(\hat{y}^{(i)}"
            r" - y^{(i)}\right)^2$, where $\hat{y}^{(i)} = \mathbf{w}^\top \mathbf{x}^{(i)} + b$."
            "\n\n" r"$$\partial_b l^{(i)} = \hat{y}^{(i)} - y^{(i)}$$" "\n\n"
            r"$$\partial_{\mathbf{w}} l^{(i)} = \mathbf{x}^{(i)} {}$$" "\n")
    right = steps(text.replace("{}", r"\left(\hat{y}^{(i)} - y^{(i)}\right)"))
    assert [s.verdict for s in right] == ["valid", "valid"]
    slip = steps(text.replace("{}", r"\left(y^{(i)} - \hat{y}^{(i)}\right)"))
    assert [s.verdict for s in slip] == ["valid", "invalid"]


def test_a_loss_named_i_is_defined_by_its_signature_and_differentiated():
    text = ("Loss:\n\n$$\nI(\\vec a) = -\\sum_{i=1}^{n} ( y_i \\ln a_i + (1 - y_i) \\ln(1 - a_i) )"
            "\n$$\n\nThen\n\n$$\n\\frac{\\partial I}{\\partial a_k} = "
            "\\frac{a_k - y_k}{a_k (1 - a_k)}\n$$\n\n$$\n\\frac{\\partial I}{\\partial a_k} = "
            "\\frac{a_k + y_k}{a_k (1 - a_k)}\n$$\n")
    assert [s.verdict for s in steps(text)] == ["valid", "invalid"]


def test_an_optimum_written_with_a_star_is_a_function_it_defines():
    text = ("Let $p = P(y = 1 \\mid x)$.\n\n$$\na^*(x) = \\frac{1}{2} \\ln \\frac{p}{1 - p}\n$$\n\n"
            "$$\n\\frac{1}{1 + e^{-2a^*}} = \\frac{1}{1 + \\frac{1 - p}{p}} = p\n$$\n\n"
            "$$\ne^{2a^*} = \\frac{1 - p}{p}\n$$\n")
    assert [s.verdict for s in steps(text)] == ["valid", "valid", "invalid"]


def test_a_number_for_a_formula_named_before_is_its_value_in_an_example():
    # cs231n-style: L_i = −log p_{y_i}, then a worked example's L_i = −log 0.3 ≈ 1.204 — the
    # derivative after it is still of the formula, and never a false alarm
    text = ("Scores $f_j$ and\n\n$$\np_k = \\frac{e^{f_k}}{\\sum_j e^{f_j}}, \\qquad L_i = -\\log p_{y_i}\n$$\n\n"
            "For the example, \n\n$$\nL_i = -\\log 0.3\n$$\n\n"
            "$$\n\\frac{\\partial L_i}{\\partial f_k} = p_k - \\mathbb{1}(y_i = k)\n$$\n\n"
            "$$\n\\frac{\\partial L_i}{\\partial f_k} = p_k + \\mathbb{1}(y_i = k)\n$$\n")
    assert [s.verdict for s in steps(text)] == ["valid", "invalid"]
