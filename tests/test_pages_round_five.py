"""Notation met on a fifth round of real pages: a likelihood written as a distribution the
page never defines, then as the product it means."""
from derive.check import check_text


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=20).steps()]


# ------------------------------------------------------------ a likelihood named by a chain
LIKELIHOOD = (
    r"The model is $\sigma(z) = \frac{1}{1 + e^{-z}}$." "\n\n"
    r"$$L(w) = P(\mathbf{y} \mid X; w) = \prod_{i=1}^{n} P(y_i \mid x_i; w)"
    r" = \prod_{i=1}^{n} \sigma(z_i)^{y_i} (1 - \sigma(z_i))^{1 - y_i}$$" "\n\n"
    "assuming the samples are independent. Its logarithm:\n\n"
    r"$$\log L(w) = \sum_{i=1}^{n} y_i \log \sigma(z_i) + (1 - y_i) \log(1 - \sigma(z_i))$$" "\n")


def test_a_likelihood_is_taken_in_the_form_its_chain_ends_at():
    # the steps through P(·|·) are not checkable (the page never defines P), but the
    # chain gives the likelihood its meaning: the log-likelihood after it is checked
    assert verdicts(LIKELIHOOD)[-1] == "valid"
    assert verdicts(LIKELIHOOD)[:2] == ["unknown", "unknown"]
    slip = LIKELIHOOD.replace(r"+ (1 - y_i) \log(1 - \sigma(z_i))$$",
                              r"+ (1 - y_i) \log(1 + \sigma(z_i))$$")
    assert verdicts(slip)[-1] == "invalid"


def test_a_defined_distribution_keeps_its_meaning():
    # p defined by the words: the chain's step is checked (a slip found), and L keeps the
    # meaning of its first link, which the log after it uses
    doc = (r"The model gives $p(y \mid x) = \sigma(x)^{y} (1 - \sigma(x))^{1 - y}$." "\n\n"
           r"$$L = p(y \mid x) = \sigma(x)^{y} (1 + \sigma(x))^{1 - y}$$" "\n\n"
           r"$$\log L = y \log \sigma(x) + (1 - y) \log (1 - \sigma(x))$$" "\n")
    assert verdicts(doc) == ["invalid", "valid"]


# ------------------------------------------------------------ an induction step over a sum
INDUCTION = (
    r"The moment follows $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$ from $m_0 = 0$."
    "\n\n"
    r"$$m_t = (1 - \beta_1) \sum_{i=1}^{t} \beta_1^{t-i} g_i$$" "\n\n"
    r"- Base case ($t=1$): $m_1 = (1 - \beta_1) g_1$" "\n"
    r"- Inductive step: if it holds for $t$, then" "\n\n"
    r"$$\begin{align}" "\n"
    r"m_{t+1} &= \beta_1 m_t + (1 - \beta_1) g_{t+1} \\" "\n"
    r"&= \beta_1 (1 - \beta_1) \sum_{i=1}^{t} \beta_1^{t-i} g_i + (1 - \beta_1) g_{t+1} \\" "\n"
    r"&= (1 - \beta_1) \left[\sum_{i=1}^{t} \beta_1^{t+1-i} g_i + g_{t+1}\right] \\" "\n"
    r"&= (1 - \beta_1) \sum_{i=1}^{t+1} \beta_1^{t+1-i} g_i" "\n"
    r"\end{align}$$" "\n")


def test_an_induction_step_over_a_sum_is_proved():
    # the sum to t + 1 splits off its last term, β^{t+1−i} gives β a factor outside the
    # sum, and the member g_{t+1} after the sum's last is checked at points like the rest
    got = verdicts(INDUCTION)
    assert got[-4:] == ["valid"] * 4, got
    slip = INDUCTION.replace(r"\left[\sum_{i=1}^{t} \beta_1^{t+1-i} g_i + g_{t+1}\right]",
                             r"\left[\sum_{i=1}^{t} \beta_1^{t-i} g_i + g_{t+1}\right]")
    # (g is a name the page never defines: the slip is left undecided, never valid)
    assert verdicts(slip)[-4:-2] == ["valid", "valid"]
    assert "valid" not in verdicts(slip)[-2:]


def test_a_base_case_value_is_no_value_of_the_page():
    # "Base case ($t=1$)" names the case the bullet checks; t stays the page's variable,
    # so the slip below (1 − β^{1−t} for 1 − β^{−t}) is refuted, not excused at t = 1
    doc = (r"- Base case ($t=1$): $m_1 = (1 - \beta) g_1$" "\n\n"
           r"$$\beta^{t-1} \sum_{i=1}^{t} \beta^{1-i}"
           r" = \beta^{t-1} \cdot \frac{1 - \beta^{-t+1}}{1 - \beta^{-1}}$$" "\n")
    assert verdicts(doc) == ["invalid"]
    assert verdicts(doc.replace(r"\beta^{-t+1}}", r"\beta^{-t}}")) == ["valid"]
    # "in this case, $o = …$" names no case: o is defined there
    defined = ("In this case, $o = \\frac{1}{1+e^{-z}}$.\n\n"
               r"$$\frac{\partial o}{\partial z} = o (1 - o)$$" "\n")
    assert verdicts(defined) == ["valid"]


# ------------------------------------------------------------ a geometric series written out
def test_a_geometric_series_with_an_ellipsis_is_read_as_its_sum():
    doc = (r"$$\sum_{i=1}^{t} \beta_1^{t-i} = \beta_1^{t-1} + \beta_1^{t-2} + \cdots + \beta_1 + 1"
           r" = \frac{1 - \beta_1^t}{1 - \beta_1}$$" "\n")
    assert verdicts(doc) == ["valid", "valid"]
    assert verdicts(doc.replace(r"\frac{1 - \beta_1^t}", r"\frac{1 - \beta_1^{t+1}}")) \
        == ["valid", "invalid"]
    assert verdicts(r"$$1 + x + x^2 + \dots + x^n = \frac{1 - x^{n+1}}{1 - x}$$" "\n") \
        == ["valid"]
    # powers that skip (x^3 + x^5 + …) are no run: not decided
    assert verdicts(r"$$x + x^3 + \dots + x^n = \frac{x - x^{n+1}}{1 - x}$$" "\n") \
        == ["unknown"]


# ------------------------------------------------------------ a case of two equal indices
def test_an_equation_under_equal_indices_is_proved_with_one_of_them():
    doc = ("When $i = k$, we have\n\n"
           r"$$ \partial z_i / \partial x_k = y_i^{-1} \cdot y_i \cdot (1 - y_i) = 1 - y_k $$"
           "\n")
    assert verdicts(doc)[-1] == "valid"
    assert verdicts(doc.replace("= 1 - y_k", "= 1 + y_k"))[-1] == "invalid"
    # without the case the same step is a claim for every i, k: refuted
    assert verdicts(r"$$ y_i^{-1} \cdot y_i \cdot (1 - y_i) = 1 - y_k $$" "\n") == ["invalid"]


# ------------------------------------------------------------ MathJax's \bbox
def test_a_box_with_options_is_its_content():
    doc = r"$$\bbox[yellow,5px,border:2px solid red]{\frac{d}{dx} x^2 = 2x}$$" "\n"
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace("= 2x", "= 2x^2")) == ["invalid"]


# ------------------------------------------------------------ a reason given aside (∵)
BECAUSE = (r"$$\begin{align*}" "\n"
           r"J(w) &= -\ln\left(\frac{1}{1 + e^{-z}}\right) \\" "\n"
           r"\because \ln(\frac{N}{M}) &= \ln(N) - \ln(M) \quad (N, M > 0) \\" "\n"
           r"&= -(\ln(1) - \ln(1 + e^{-z})) \\" "\n"
           r"\because \ln(1) &= 0 \\" "\n"
           r"&= \ln(1 + e^{-z})" "\n"
           r"\end{align*}$$" "\n")


def test_a_reason_given_aside_is_checked_and_the_chain_goes_on_past_it():
    # each ∵ row is a claim of its own; the row after it continues the row before it
    got = [(s.lhs.strip(), s.verdict) for s in check_text(BECAUSE, timeout=20).steps()]
    assert [v for _, v in got] == ["valid"] * 4, got
    assert got[1][0].startswith(r"-\ln") and got[3][0].startswith(r"-(\ln(1)"), got
    slip = BECAUSE.replace(r"&= \ln(1 + e^{-z})", r"&= -\ln(1 + e^{-z})")
    assert [s.verdict for s in check_text(slip, timeout=20).steps()][-1] == "invalid"


def test_a_reason_in_names_never_defined_leaves_its_step_open():
    # `∵ σ(z_i) = P_i = …` with P never defined, the step after it uses p_i: false as
    # read, but it rests on that reason — unknown, never a false alarm
    doc = (r"$$\begin{align*}" "\n"
           r"J &= -\frac{1}{N}\sum_{i=1}^{N} y_i \ln(p_i) \\" "\n"
           r"\because \sigma(z_i) &= P_i = \frac{1}{1 + e^{-z_i}} \\" "\n"
           r"&= -\frac{1}{N}\sum_{i=1}^{N} y_i \ln(\frac{1}{1 + e^{-z_i}})" "\n"
           r"\end{align*}$$" "\n")
    got = check_text(doc, timeout=20).steps()
    assert "invalid" not in [s.verdict for s in got]
    assert "rests on the reason" in got[-1].reason


def test_an_arrow_typed_as_equals_greater_separates_chains():
    doc = (r"$$\text{Let } u = -z => \frac{d}{dz} e^{-z} = \frac{d}{dz} e^{u}$$" "\n")
    got = check_text(doc, timeout=20).steps()
    assert all(">" not in s.lhs + s.rhs for s in got)
    assert not any(s.lhs.strip().startswith(r"\text") for s in got)


# ------------------------------------------------------------ rows named in words
def test_words_heading_a_row_name_the_quantity_it_computes():
    # each row computes its own quantity: never "0.32 = −(1/100)[30 log 0.3 + …]"
    doc = (r"$$\begin{align*}" "\n"
           r"\text{Cross Entropy of model A} &= - \frac{1}{100} \left[10 \log(0.1) + "
           r"90 \log(0.9) \right] = 0.325 \\" "\n"
           r"\text{Cross Entropy of model B} &= - \frac{1}{100} \left[30 \log(0.3) + "
           r"70 \log(0.7) \right] = 0.61" "\n"
           r"\end{align*}$$" "\n")
    got = check_text(doc, timeout=20).steps()
    assert [s.verdict for s in got] == ["valid", "valid"], [(s.lhs, s.rhs) for s in got]
    assert [s.verdict for s in check_text(doc.replace("= 0.61", "= 0.71"),
                                          timeout=20).steps()] == ["valid", "invalid"]


# ------------------------------------------------------------ `\\\` at a row's end
def test_a_control_space_after_a_row_break_is_a_space():
    doc = (r"$$\begin{align*}" "\n"
           r"f(x) &= \ln e^{2x} \\\ " "\n"
           r"&= 2x \\\ " "\n"
           r"&= x + x" "\n"
           r"\end{align*}$$" "\n")
    assert verdicts(doc) == ["valid", "valid"]


# ------------------------------------------------------------ a product over n, refuted
def test_a_product_over_a_symbolic_range_is_refuted_where_every_name_is_positive():
    right = (r"$$\prod_{i=1}^n \frac{1}{\sqrt{2 \pi} \sigma} e^{-\frac{(x_i - \mu)^2}{2\sigma^2}}"
             r" = \frac{1}{(\sqrt{2 \pi})^n \sigma^n} e^{-\frac{\sum_{i=1}^n (x_i - \mu)^2}"
             r"{2\sigma^2}}$$" "\n")
    assert verdicts(right) == ["valid"]
    # √(2πσ) for √(2π)σ: false at positive σ too, so a counterexample, not a branch
    assert verdicts(right.replace(r"{\sqrt{2 \pi} \sigma}", r"{\sqrt{2 \pi \sigma}}")) \
        == ["invalid"]


# ------------------------------------------------------------ E(…) where words say "expected"
def test_e_with_round_brackets_is_an_expectation_where_the_words_speak_of_one():
    doc = ("The expected value of the mean:\n\n"
           r"$$\frac{1}{n} E\left(\sum_{i=1}^n x_i\right) = \frac{1}{n} \sum_{i=1}^n E(x_i)$$"
           "\n")
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace(r"= \frac{1}{n} \sum", r"= \frac{1}{n^2} \sum")) \
        == ["invalid"]
    assert "expectations" in check_text(doc, timeout=20).steps()[0].reason
    # without such words E is a name (here E times the bracket), no expectation
    plain = check_text(doc.replace("The expected value of the mean:", "The mean:"),
                       timeout=20).steps()
    assert "expectations" not in plain[0].reason


def test_an_error_function_e_of_its_parameters_stays_a_function():
    from derive.latex.parser import EXPECTATION_ROUND, read_chain
    flags = frozenset({EXPECTATION_ROUND})
    assert "E[" not in str(read_chain(r"E(w) = \frac{1}{2} (y - w x)^2", flags)[0][0])
    assert "E[" not in str(read_chain(r"E(\mathbf{w}, b) = 1", flags)[0][0])
    assert "E[" in str(read_chain(r"E(x_i) = \mu", flags)[0][0])


# ------------------------------------------------------------ the reach of max_θ
def test_an_optimum_takes_the_terms_after_it_that_depend_on_its_variable():
    from derive.latex.parser import read_chain
    from derive.notation import Optimum
    best = read_chain(r"\max_\theta \log p(\theta) + \log p(y \mid \theta, X) = 1")[0][0]
    assert isinstance(best, Optimum) and len(best.objective.args) == 2
    # a constant after it stays outside
    assert not isinstance(read_chain(r"\min_w (w - 1)^2 + c = 1")[0][0], Optimum)
    assert verdicts(r"$$\max_\theta \log(\theta e^{-\theta}) = \max_\theta \log \theta - \theta$$"
                    "\n") == ["valid"]


# ------------------------------------------------------------ marked relations, ∝, bold θ_0
def test_a_marked_equals_sign_is_an_equals_sign():
    assert verdicts(r"$$(a + b)^2 \stackrel{*}{=} a^2 + 2ab + b^2"
                    r" \overset{(1)}{=} a^2 + b^2$$" "\n") == ["valid", "invalid"]


def test_proportional_to_parts_the_chain_and_a_bold_greek_keeps_its_subscript():
    got = check_text(r"$$p(\theta \mid y) \propto p(\theta) p(y \mid \theta) = a b$$" "\n",
                     timeout=20).steps()
    assert all(r"\propto" not in s.lhs + s.rhs for s in got)
    from derive.latex.parser import read_chain
    assert str(read_chain(r"\boldsymbol{\theta_0} = 1")[0][0]) == r"\boldsymbol{\theta}[0]"


# ------------------------------------------------------------ plain-text habits
def test_an_exponent_typed_without_braces_after_a_minus():
    assert verdicts(r"$$\frac{1}{(1 + e^-x)^2} \cdot e^-x = \frac{e^{-x}}{(1 + e^{-x})^2}$$"
                    "\n") == ["valid"]
    from derive.latex.parser import read_chain
    assert str(read_chain(r"s^- = 1")[0][0]) == "s^{-}"      # a sign label stays a label


def test_a_doubled_row_break_in_a_matrix_is_one_break():
    from derive.latex.parser import read_chain
    m = read_chain(r"J = \begin{bmatrix} 1 - y_1 & - y_2 \\\\ - y_1 & 1 - y_2 \end{bmatrix}")[0][1]
    assert m.shape == (2, 2)


def test_braces_around_an_integrand_and_its_differential():
    from derive.latex.parser import read_chain
    import sympy as sp
    assert read_chain(r"\int_0^1 { x^2 dx} = c")[0][0] == sp.Integral(
        read_chain(r"x^2 = c")[0][0], (read_chain("x = c")[0][0], 0, 1))


def test_a_size_command_before_an_aligned_relation_is_layout():
    doc = (r"$$\begin{align*}" "\n" r"f &= \ln e^{3x} \\" "\n" r"\Large &= 3x" "\n"
           r"\end{align*}$$" "\n")
    assert verdicts(doc) == ["valid"]


# ------------------------------------------------------------ "dropping constants"
def test_a_display_after_words_that_drop_constants_holds_up_to_one():
    doc = (r"The density is $P(x) = \frac{1}{2} \exp(-|x| / b)$." "\n\n"
           r"$$L = -\log P(x | y) - \log P(x)$$" "\n\n"
           r"Dropping the constant, with $\frac{1}{b} = \lambda$, we get" "\n\n"
           r"$$L = -\log P(x | y) + \lambda |x|$$" "\n")
    got = check_text(doc, timeout=20).steps()
    assert got[-1].verdict == "valid" and "additive constant" in got[-1].reading
    # a difference that is no constant stays a slip
    # (a new meaning of L then, no step)
    wrong = check_text(doc.replace(r"+ \lambda |x|$$", r"+ \lambda x^2$$"), timeout=20).steps()
    assert not [s for s in wrong if "x^2" in s.rhs and s.verdict == "valid"]
    # without such words the constant is a difference
    plain = check_text(doc.replace("Dropping the constant, with", "With"), timeout=20).steps()
    assert not [s for s in plain if r"\lambda |x|" in s.rhs and s.verdict == "valid"]


# ------------------------------------------------------------ macros and Unicode as typed
def test_tex_def_macros_with_parameters_are_learned():
    doc = (r"$$\gdef\par#1#2{\frac{\partial #1}{\partial #2}}$$" "\n\n"
           r"$$\par{}{x} x^3 = 3x^2$$" "\n")
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace("= 3x^2", "= 3x")) == ["invalid"]


def test_greek_letters_and_full_width_punctuation_typed_as_unicode():
    from derive.latex.macros import MacroTable
    from derive.latex.parser import read_chain
    table = MacroTable()
    assert read_chain(table.expand("l(β) = β^2"))[0] == read_chain(r"l(\beta) = \beta^2")[0]
    assert table.expand(r"\frac{dJ}{dZ}，\delta_i（x）") == r"\frac{dJ}{dZ}, \delta_i(x)"
    assert verdicts("$$\\frac{d}{dβ} β^2 = 2β$$\n") == ["valid"]


def test_the_sum_sign_alone_names_the_sum_and_is_never_taken_for_a_constant():
    from derive.latex.macros import MacroTable
    table = MacroTable()
    assert table.expand(r"\frac{e^{z_j}}{\sum}") == r"\frac{e^{z_j}}{\mathrm{\Sigma}}"
    assert table.expand(r"\sum_i^n x_i") == r"\sum_i^n x_i"          # a sum, as written
    # Σ the page's sum, defined nowhere: a derivative through it is never refuted
    doc = r"$$\frac{\partial}{\partial z_j}(e^{z_j}/\sum) = \frac{e^{z_j}\sum - e^{z_j}e^{z_j}}{(\sum)^2}$$" "\n"
    assert verdicts(doc) == ["unknown"]
    assert verdicts(r"$$\frac{e^{z_j}\sum - e^{z_j}e^{z_j}}{(\sum)^2} = \frac{e^{z_j}}{\sum}"
                    r" - \frac{e^{2z_j}}{(\sum)^2}$$" "\n") == ["valid"]


# ------------------------------------------------------------ layers numbered by a letter
LAYERS = (r"$$\begin{aligned}" "\n" r"z^l &= w^l a^{l-1} + b^l \\" "\n"
          r"a^l &= g(z^l)" "\n" r"\end{aligned}$$" "\n\n"
          r"$$\frac{\partial C}{\partial w^l} = \frac{\partial C}{\partial z^l}"
          r"\frac{\partial z^l}{\partial w^l} = \frac{\partial C}{\partial z^l} a^{l-1}$$" "\n\n"
          r"$$\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}"
          r"\frac{\partial z^l}{\partial b^l} = \frac{\partial C}{\partial z^l}$$" "\n")


def test_a_letter_above_names_that_writes_a_layer_and_its_neighbour_is_a_layer():
    # z^l, w^l, a^{l-1}: layer labels, never powers — so the displays define z^l and a^l
    assert verdicts(LAYERS) == ["valid"] * 4
    slip = LAYERS.replace(r"\frac{\partial z^l}{\partial b^l} = \frac{\partial C}{\partial z^l}$$",
                          r"\frac{\partial z^l}{\partial b^l} = \frac{\partial C}{\partial z^l}"
                          r" a^{l-1}$$")
    assert verdicts(slip)[-1] == "invalid"
    # one letter alone with a power l (x^l, x^{l+1}) is a power
    assert verdicts(r"$$x^l \cdot x = x^{l+1}$$" "\n") == ["valid"]


# ------------------------------------------------------------ p(x_i) inside sums
def test_values_of_undefined_functions_at_data_points_are_decided_as_families():
    doc = ("Entropy and KL divergence of two distributions.\n\n"
           r"$$\sum_{i=1}^n p(x_i) \log p(x_i) - \sum_{i=1}^n p(x_i) \log q(x_i) = "
           r"\sum_{i=1}^n p(x_i) \log \frac{p(x_i)}{q(x_i)}$$" "\n")
    assert verdicts(doc) == ["valid"]
    wrong = check_text(doc.replace(r"\frac{p(x_i)}{q(x_i)}", r"\frac{q(x_i)}{p(x_i)}"),
                       timeout=20).steps()
    assert [s.verdict for s in wrong] == ["invalid"]
    assert "values of functions" in wrong[0].reading


def test_a_sum_sign_with_a_count_below_named_in_the_words_is_that_sum():
    doc = (r"Define $\sum_K = \sum_{j=1}^{K}\exp(\theta_j)$." "\n\n"
           r"$$\frac{\partial}{\partial \theta_i} \frac{\exp(\theta_i)}{\sum_K} = "
           r"\frac{\exp(\theta_i)\sum_K - \exp(\theta_i)\exp(\theta_i)}{(\sum_K)^2}$$" "\n")
    assert verdicts(doc) == ["valid"]
    assert verdicts(doc.replace(r"\sum_K - \exp", r"\sum_K + \exp")) == ["invalid"]


def test_a_divergence_written_with_square_brackets_is_one_quantity():
    from derive.latex.parser import read_chain
    left = read_chain(r"- D_{KL}[q(z \vert x) \| p(z)] = \log s")[0][0]
    assert len(left.free_symbols) == 1          # −D, one name: never D·[…]
