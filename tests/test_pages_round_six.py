"""Notation met on a sixth round of real pages (and in textbook styles written for these
tests): a random variable given by a cases display of values and chances, expectations
taken under a named law, a mean and a scale as parameters, a primed name squared."""
from derive.check import check_text
from derive.latex.parser import read_expr

import sympy as sp


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=20).steps()]


# ------------------------------------------------------------ a primed name to a power
def test_a_power_on_a_primed_name_is_kept():
    h1 = sp.Symbol("h'", real=True)
    assert read_expr(r"h'^2") == h1 ** 2
    assert read_expr(r"x'^2 + y") == sp.Symbol("x'", real=True) ** 2 + sp.Symbol("y", real=True)
    # the entry of a primed vector keeps its prime under a power too
    entry = read_expr(r"x'_j^2")
    assert "x'" in str(entry.base) and entry.exp == 2


def test_a_primed_name_squared_is_no_longer_the_name():
    # h'^2 = h' was read as h' = h' (the power dropped): a wrong step called valid
    assert verdicts("$$h'^2 = h'$$") == ["invalid"]


# ------------------------------------------------------------ dropout: a law by cases
DROPOUT = (
    "With dropout probability $p$, each activation $h$ is replaced by a random variable "
    "$h'$ as follows:\n\n"
    "$$\n\\begin{aligned}\nh' =\n\\begin{cases}\n    0 & \\textrm{ with probability } p \\\\\n"
    "    \\frac{h}{1-p} & \\textrm{ otherwise}\n\\end{cases}\n\\end{aligned}\n$$\n\n"
    "By design, the expectation remains unchanged:\n\n"
    "$$E[h'] = p \\cdot 0 + (1-p) \\frac{h}{1-p} = h$$\n\n"
    "$$\\mathrm{Var}[h'] = E[h'^2] - E[h']^2 = \\frac{h^2}{1-p} - h^2 = \\frac{p h^2}{1-p}$$\n")


def test_a_cases_display_of_chances_gives_a_law():
    result = check_text(DROPOUT, timeout=20)
    assert [s.verdict for s in result.steps()] == ["valid"] * 5
    first = result.derivations[0]
    assert not first.steps and "with probability p" in first.given[0]


def test_a_slip_in_an_expectation_under_the_law_is_found():
    slip = DROPOUT.replace(r"$$E[h'] = p \cdot 0 + (1-p) \frac{h}{1-p} = h$$",
                           r"$$E[h'] = p \frac{h}{1-p}$$")
    assert verdicts(slip)[0] == "invalid"
    wrong_square = DROPOUT.replace(r"= \frac{h^2}{1-p} - h^2", r"= \frac{h}{1-p} - h^2")
    assert "invalid" in verdicts(wrong_square)


def test_rows_with_conditions_stay_cases():
    # a cases display with conditions (no chances) is still a function by cases
    doc = (r"$$f(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}$$"
           "\n\n$$f(2) = 2$$\n")
    assert verdicts(doc) == ["valid"]


# ------------------------------------------------------------ a mean written in an expectation
def test_a_mean_inside_an_expectation_is_a_number():
    doc = r"$$V = \mathbb{E}[(z-\mu)^2] = \mathbb{E}[z^2] - 2\mu\mathbb{E}[z] + \mu^2$$"
    [step] = check_text(doc, timeout=20).steps()
    assert step.verdict == "valid" and "a parameter" in step.reason


def test_a_parameter_reading_never_refutes():
    # E[μ] = μ₀ is false with μ a number, but a posterior's mean takes μ random
    assert verdicts(r"$$A = \mathbb{E}[\mu] = \mu_0$$") == ["unknown"]
    assert verdicts(r"$$B = \mathbb{E}[x + \mu] = \mathbb{E}[x] + 2\mu$$") == ["unknown"]


# ------------------------------------------------------------ expectations under a named law
KL_TERM = (
    "From the definition of variance we know that\n\n"
    r"$$\mathbb{E}_q[(z - \mu_q)^2] = \sigma_q^2$$" "\n\n"
    "so\n\n"
    r"$$\begin{align}" "\n"
    r"\frac{1}{2 \sigma_p^2} \mathbb{E}_q[(z - \mu_p)^2] &= \frac{1}{2 \sigma_p^2} "
    r"\mathbb{E}_q[(z - \mu_q + \mu_q - \mu_p)^2] \\ &= \frac{1}{2 \sigma_p^2} "
    r"\mathbb{E}_q[(z - \mu_q)^2 + (\mu_q - \mu_p)^2 + 2(z - \mu_q)(\mu_q - \mu_p)] \\ "
    r"&= \frac{1}{2 \sigma_p^2} \left\{ \mathbb{E}_q[(z - \mu_q)^2] + \mathbb{E}_q[(\mu_q "
    r"- \mu_p)^2] + 2\mathbb{E}_q[(z - \mu_q)(\mu_q - \mu_p)] \right\}" "\n"
    r"\end{align}$$" "\n")


def test_expectations_under_one_named_law_are_reduced():
    assert verdicts(KL_TERM) == ["valid", "valid", "valid"]
    slip = KL_TERM.replace(r"+ 2\mathbb{E}_q[(z - \mu_q)(\mu_q - \mu_p)] \right\}",
                           r"+ \mathbb{E}_q[(z - \mu_q)(\mu_q - \mu_p)] \right\}")
    assert verdicts(slip)[-1] != "valid"


def test_expectations_under_two_laws_are_not_one():
    # 𝔼_p and 𝔼_q are of two laws: never reduced as one expectation
    doc = r"$$A = \mathbb{E}_p[z^2] = \mathbb{E}_q[z^2]$$"
    assert verdicts(doc)[-1] != "valid"
    doc = r"$$A = \mathbb{E}_p[z] + \mathbb{E}_q[z] = 2\mathbb{E}_q[z]$$"
    assert verdicts(doc)[-1] != "valid"


# ------------------------------------------------------------ labels in indicators
def test_an_indicator_of_a_label_equal_to_zero_is_no_zero():
    # 1_{y_i = 0} was read as 0 (the label taken for a positive index)
    e = read_expr(r"1_{y_i=0}")
    assert e != 0 and isinstance(e, sp.KroneckerDelta)


def test_a_sum_of_a_label_indicator_counts_entries():
    # Σ_i 1_{y_i = 1} was read as N times one 1_{y_i = 1} (the entry hidden in a name)
    s = read_expr(r"\sum_{i=1}^{N} 1_{y_i=1}")
    assert isinstance(s, sp.Sum) and s.function.has(sp.Indexed)
    assert verdicts(r"$$A = \sum_{i=1}^{N} 1_{y_i=1} = N 1_{y_1=1}$$")[-1] != "valid"


# ------------------------------------------------------------ a sum written without brackets
def test_a_sum_over_the_rest_of_its_line_is_a_reading_that_validates():
    doc = (r"$$B = \sum_{i=1}^{N}\frac{1}{p}y_i-\frac{1}{1-p}(1-y_i) = "
           r"\frac{1}{1-p}\sum_{i=1}^{N}\frac{1}{p}y_i-1$$")
    [step] = check_text(doc, timeout=20).steps()
    assert step.verdict == "unknown" and "without brackets" in step.reason
    # the reading speaks only for the step: a slip stays invalid under both
    slip = doc.replace(r"\frac{1}{p}y_i-1$$", r"\frac{1}{p}y_i-2$$")
    assert verdicts(slip)[-1] == "invalid"


def test_two_sums_are_never_read_one_inside_the_other():
    doc = r"$$C = \frac{1}{N}\sum_{i=1}^N a_i + \lambda \sum_{k=1}^K w_k^2 = \frac{1}{N}\sum_{i=1}^N a_i - \lambda \sum_{k=1}^K w_k^2$$"
    assert verdicts(doc)[-1] == "invalid"


# ------------------------------------------------------------ commands as pages type them
def test_blanks_after_a_command_and_markdown_escapes_are_read():
    from derive.latex.macros import MacroTable
    table = MacroTable()
    assert table.expand(r"\tag {15}") == r"\tag{15}"
    assert table.expand(r"h\_w(x\_i)^{y\_i}") == r"h_w(x_i)^{y_i}"
    assert table.expand(r"\left\lbrace a \right\rbrace") == r"\left\{ a \right\}"
    doc = (r"$$\sum\_{i=1}^m (h\_w(x\_i) - y\_i) x\_{ij} = \sum\_{i=1}^m h\_w(x\_i) x\_{ij}"
           r" - \sum\_{i=1}^m y\_i x\_{ij} \tag {3}$$")
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace(r"- \sum\_{i=1}^m y\_i", r"+ \sum\_{i=1}^m y\_i")) == ["invalid"]


def test_a_list_above_a_name_is_a_label():
    # b^{L,L+1}: the weights between two layers, never a power
    e = read_expr(r"b^{L,L+1}_i")
    assert isinstance(e, sp.Indexed) and "L,L+1" in str(e.base)
    doc = (r"Let $z_j = \sum_k W^{L,L+1}_{jk} h_k + b^{L,L+1}_j$." "\n\n"
           r"$$\frac{\partial z_j}{\partial b^{L,L+1}_j} = 1$$" "\n")
    assert verdicts(doc) == ["valid"]


def test_a_greek_subscript_of_a_function_is_a_parameter_not_a_count():
    # l_φ(θ): the terms with φ — φ stays a real number (log(1 − φ) is checked at φ < 1)
    doc = (r"$$\begin{align*}\mathcal{l}_\phi(\theta) &= \sum_{i = 1}^n y^{(i)} \log \phi + "
           r"\sum_{i = 1}^n (1 - y^{(i)}) \log(1 - \phi) \\ &= \log \phi \sum_{i=1}^n y^{(i)}"
           r" + \log(1 - \phi) \left( n - \sum_{i = 1}^n y^{(i)} \right)\end{align*}$$")
    assert verdicts(doc) == ["valid"]


def test_a_gradient_of_a_function_of_several_arguments_is_read_as_one_name():
    # ∇L(X, w), ∇²H(p, q): by which argument is unwritten — read, never decided against
    e = read_expr(r"\nabla L(X, w_0, w_1, \ldots, w_d)")
    assert isinstance(e, sp.Symbol) and e.name.startswith(r"\nabla L(")
    assert isinstance(read_expr(r"\nabla^{2} H(p, q)"), sp.Symbol)
    assert isinstance(read_expr(r"\nabla f(x)"), sp.Derivative)      # one argument: ∂/∂x
    doc = r"$$A = \nabla L(X, w) = \frac{2}{n}X^\top (Xw-y)$$"
    assert verdicts(doc) == ["unknown"]
