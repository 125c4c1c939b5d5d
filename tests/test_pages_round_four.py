"""Notation met on another round of real pages: the capital sigma written as the summation
sign, `\\exp^{x}` for e^x, the probability of an event with a lower-case or upright p, a
derivative whose ∂ below is missing, a TeX comment and a continued row in `align`, an
update rule after a size command, and a shape written under a factor."""
from derive.check import check_text
from derive.latex.macros import MacroTable
from derive.latex.parser import ParseError, read_chain


def steps(text):
    return check_text(text, timeout=10).steps()


def read(text):
    return read_chain(text)[0]


def expanded(text):
    """As a document reads a formula: its macros (the course table's) expanded first."""
    return read(MacroTable().expand(text))


# ------------------------------------------------------------ Σ as the summation sign
BATCH_MEAN = (r"The mean of a mini-batch is $\mu_B = \frac{1}{m} \Sigma^m_{i=1} x_i$." "\n\n"
              r"$$\frac{\partial \mu_B}{\partial x_j} = \frac{1}{m}$$" "\n")


def test_capital_sigma_with_an_index_set_is_a_sum():
    assert read(r"\Sigma^m_{i=1} x_i = s") == read(r"\sum_{i=1}^m x_i = s")
    assert read(r"\Sigma_{i=1}^n x_i = s") == read(r"\sum_{i=1}^n x_i = s")
    assert read(r"\Sigma^k_j e^{f_j} = s") == read(r"\sum^k_j e^{f_j} = s")
    assert [s.verdict for s in steps(BATCH_MEAN)] == ["valid"]
    wrong = steps(BATCH_MEAN.replace(r"= \frac{1}{m}$$", r"= \frac{1}{m^2}$$"))
    assert [s.verdict for s in wrong] == ["invalid"]


def test_a_covariance_stays_a_matrix():
    # Σ alone, Σ_k, Σ^{-1}, Σ_k^T: a covariance, never a sum
    for text in (r"\Sigma_k^T = \Sigma_k", r"\Sigma^T_j = A", r"\Sigma^{-1} x = y",
                 r"x \Sigma_{ij} = 1"):
        assert not any(e.has(__import__("sympy").Sum) for e in read(text)), text


# ------------------------------------------------------------ \exp^{x}
def test_exp_written_as_a_power_is_e_to_the_power():
    assert read(r"\frac{1}{1 + \exp^{-t}} = 1") == read(r"\frac{1}{1 + e^{-t}} = 1")
    doc = r"$$\frac{\exp^{t}}{1 + \exp^{t}} = \frac{1}{1 + \exp^{-t}}$$" "\n"
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace(r"{1 + \exp^{-t}}", r"{1 + \exp^{t}}"))] \
        == ["invalid"]


# ------------------------------------------------------------ probabilities of events
def test_the_probability_of_an_event_with_any_p_is_one_name():
    for text in (r"p(y_i = 1) = q", r"\text{P}\left(y_i = 1 \mid x_i, w\right) = q",
                 r"\mathrm{P}(y = 1) + \mathrm{P}(y = 0) = 1"):
        exprs = read(text)
        assert len(exprs) == 2, text
    doc = (r"Let $p(y = 1) = \sigma(z)$." "\n\n"
           r"$$1 - p(y = 1) = \sigma(-z)$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace(r"= \sigma(-z)$$", r"= \sigma(z)$$"))] \
        == ["invalid"]


# ------------------------------------------------------------ ∂ below missing
SLIPPED = (r"Let $L = -\log(p_k)$ with $p_k = \frac{e^{o_k}}{\sum_i e^{o_i}}$." "\n\n"
           r"$$\dfrac{\partial L}{\partial o_k} = -\dfrac{\partial}{o_k}(\log(p_k)) = "
           r"- \dfrac{1}{p_k}\dfrac{\partial}{o_k}(p_k) = p_k - 1$$" "\n")


def test_a_derivative_with_no_partial_below_is_read_as_one_and_says_so():
    found = steps(SLIPPED)
    assert [s.verdict for s in found] == ["valid"] * 3
    assert all("o_k" in s.reading and "missing" in s.reading for s in found)
    wrong = steps(SLIPPED.replace("= p_k - 1$$", "= p_k + 1$$"))
    assert [s.verdict for s in wrong] == ["valid", "valid", "invalid"]
    assert wrong[-1].counterexample


def test_a_fraction_of_other_things_below_is_not_repaired():
    # ∂ above a sum below is no derivative by a name: the error stays
    doc = r"$$\frac{\partial L}{a + b} = 1$$" "\n"
    assert [s.verdict for s in steps(doc)] == ["unparsed"]
    try:
        read(r"\frac{\partial L}{o_k} = 1")
    except ParseError as err:
        assert "partial" in err.message
    else:
        raise AssertionError("the parser itself does not guess")


# ------------------------------------------------------------ layout
def test_a_tex_comment_in_a_display_is_not_read():
    doc = ("$$\n\\begin{aligned}\nL &= \\log 2 + \\log 3 \\\\\n% &= 7 \\\\\n"
           "&= \\log 6\n\\end{aligned}\n$$\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]


def test_a_row_that_starts_with_a_plus_after_spacing_continues_the_row_before():
    doc = ("$$\n\\begin{align*}\nL & = \\log 2 \\\\\n& \\;\\;\\;\\; + \\log 3 \\\\\n"
           "& = \\log 6\n\\end{align*}\n$$\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    wrong = steps(doc.replace("\\log 6", "\\log 5"))
    assert [s.verdict for s in wrong] == ["invalid"]


def test_an_update_rule_after_a_size_command_is_no_step():
    doc = (r"$$\Large w_0 \leftarrow w_0 - \frac{2\eta}{\ell} \sum_{i=1}^\ell (w_0 - y_i)$$"
           "\n")
    assert steps(doc) == []


def test_a_shape_written_under_a_factor_is_not_read_as_math():
    assert read(r"\underset{n \times 1}{\dfrac{\partial f}{\partial x}} = "
                r"\underset{n \times p}{A} b") == read(r"\dfrac{\partial f}{\partial x} = A b")


def test_a_tilde_is_a_space():
    assert read(r"a~b = c") == read(r"a\,b = c")


def test_a_calligraphic_name_with_its_script_inside():
    assert read(r"\mathcal{L_{i}} = 1") == read(r"\mathcal{L}_{i} = 1")


# ------------------------------------------------------------ marks and symbols as typed
def test_cancelled_terms_stay_terms_of_the_sum():
    # `y \cancel{- y h}` is y − yh as the page shows it, never y·(−yh)
    doc = (r"$$a - a b - c + a b = a \cancel{- a b} - c \cancel{+ a b} = a - c$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]
    assert expanded(r"\frac{1}{\cancel{h}} \cancel{h} = 1") == read(r"\frac{1}{h} h = 1")


def test_colour_marks_leave_what_they_colour():
    assert expanded(r"a {\color{red}{-b}} = c") == read(r"a - b = c")
    assert expanded(r"\textcolor{blue}{x} + 1 = y") == read(r"x + 1 = y")


def test_unicode_symbols_typed_in_math():
    doc = "$$\\frac{∂}{∂a} \\frac{1}{2}(a−y)^2 = (a − y)$$\n"
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert expanded("(2×1) + (−1×3) = −1") == read(r"(2\times 1) + (-1\times 3) = -1")


def test_short_partial_and_over_fractions():
    assert expanded(r"\dfrac{\part y}{\part x} = 1") == read(r"\dfrac{\partial y}{\partial x} = 1")
    assert read(r"{1 \over 2} {\partial \over \partial u}\left( u^3 \right) = 1") \
        == read(r"\frac{1}{2} \frac{\partial}{\partial u}\left( u^3 \right) = 1")


def test_hyperbolic_functions_spelled_without_a_backslash():
    assert read(r"cosh^2(x) - sinh^2(x) = 1") == read(r"\cosh^2(x) - \sinh^2(x) = 1")
    assert read(r"\frac{d}{dx}tanhx = 1") == read(r"\frac{d}{dx}\tanh x = 1")
    doc = (r"$$\frac{d}{dx}\frac{sinh(x)}{cosh(x)} = \frac{cosh^2(x)-sinh^2(x)}{cosh^2(x)} "
           r"= 1-tanh^2(x)$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]
    wrong = steps(doc.replace("= 1-tanh^2(x)", "= 1+tanh^2(x)"))
    assert [s.verdict for s in wrong] == ["valid", "invalid"]


# ------------------------------------------------------------ names and cases from words
PREDICTED = (r"Let $Y_{\text{pred},ik} = \frac{e^{Z_{ik}}}{\sum_{j} e^{Z_{ij}}}$ and "
             r"$L_i = -\sum_{k} Y_{ik} \log(Y_{\text{pred},ik})$." "\n\n"
             r"$$\frac{\partial L_i}{\partial Y_{\text{pred},ik}} = "
             r"-\frac{Y_{ik}}{Y_{\text{pred},ik}}$$" "\n\n"
             r"$$\frac{\partial L_i}{\partial Z_{ik}} = Y_{\text{pred},ik} - Y_{ik}$$" "\n")


def test_a_worded_label_before_the_indices_names_another_matrix():
    # Y_{pred,ik} is entry ik of Y_pred — never entry (pred, i, k) of the labels Y
    assert str(read(r"Y_{\text{pred},ik} = 1")[0]) == "Y_{pred}[i, k]"
    found = steps(PREDICTED)
    assert found[0].verdict == "valid"
    # true only where each row of Y sums to one, which the page does not state: not refuted
    assert found[1].verdict == "unknown"
    assert r"Y_{i,j}" in found[1].reason


def test_the_rows_hypothesis_does_not_rescue_a_wrong_gradient():
    wrong = steps(PREDICTED.replace(r"= Y_{\text{pred},ik} - Y_{ik}$$",
                                    r"= Y_{ik} - Y_{\text{pred},ik}$$"))
    assert wrong[1].verdict == "invalid"


def test_words_restricting_a_formula_to_some_indices_give_no_value():
    # "$Y_{il} = 0$ for all $l \neq k$" is a case; read as the value of every entry it
    # made the labels all zero and a wrong step valid
    doc = (r"Let $P_{ik} = \frac{e^{Z_{ik}}}{\sum_{j} e^{Z_{ij}}}$ and "
           r"$L_i = -\sum_{k} Y_{ik} \log(P_{ik})$." "\n\n"
           r"$$\frac{\partial L_i}{\partial Z_{ik}} = -\frac{Y_{il}}{P_{il}} \cdot "
           r"(-P_{ik} P_{il})$$" "\n\n"
           r"Since $Y_{il} = 0$ for all $l \neq k$, the term vanishes." "\n")
    assert [s.verdict for s in steps(doc)] != ["valid"]
    assert [s.verdict for s in steps(doc.replace("for all", "для всех"))] != ["valid"]


def test_a_restatement_that_ends_at_the_old_meaning_is_a_derivation_with_a_slip():
    # C = 3(a − y)² restated as 3a² − 6ay + 2y² … = 3(a − y)²: the chain ends where C's
    # meaning says it does, so its first step is a slip, never a new meaning of C
    doc = ("The loss is\n\n$$C = (a - y)^2 \\cdot 3$$\n\nExpanding it:\n\n"
           "$$C = 3a^2 - 6ay + 2y^2 = 3(a^2 - 2ay + y^2) - y^2 = 3(a-y)^2$$\n")
    report = check_text(doc, timeout=10)
    assert [s.verdict for s in report.steps()] == ["invalid", "valid", "invalid"]
    # a restatement that ends elsewhere is still a new meaning, reported as one
    other = doc.replace("= 3(a^2 - 2ay + y^2) - y^2 = 3(a-y)^2", "")
    assert [s.verdict for s in check_text(other, timeout=10).steps()] == []


# ------------------------------------------------------------ vectors by their entries
SMOOTHED = (r"Given the input $\mathbf z \in \mathbb R^v$ and a one-hot label $\mathbf y \in "
            r"\mathbb R^v, y_k = 1$, along with $\lambda \in [0, 1]$:" "\n"
            "$$\n\\mathbf {\\bar y} = (1-\\lambda) \\mathbf y + \\lambda / v \\mathbf 1\n$$\n\n"
            "$$\no = - \\sum_{i=1}^v \\bar y_i z_i = - \\sum_{i=1}^v \\left((1-\\lambda) y_i + "
            "\\lambda / v \\right) z_i = - (1-\\lambda) z_k - \\lambda / v \\sum_{i=1}^v z_i\n$$\n")


def test_a_combination_of_vectors_defines_its_entries():
    # ȳ = (1 − λ)y + λ/v·1 makes ȳ_i = (1 − λ) y_i + λ/v; y one-hot at k makes Σ y_i z_i = z_k
    assert [s.verdict for s in steps(SMOOTHED)] == ["valid", "valid"]
    wrong = steps(SMOOTHED.replace(r"- (1-\lambda) z_k", r"- (1+\lambda) z_k"))
    assert [s.verdict for s in wrong] == ["valid", "invalid"]
    wrong = steps(SMOOTHED.replace(r"\left((1-\lambda) y_i", r"\left((1+\lambda) y_i"))
    assert wrong[0].verdict == "invalid"


def test_plain_entries_of_bold_vectors():
    doc = ("Let $\\mathbf y \\in \\mathbb R^v$.\n$$\\mathbf{u} = 2\\mathbf{y} - \\mathbf{0}$$\n\n"
           "$$\\sum_{i=1}^v u_i z_i = 2\\sum_{i=1}^v y_i z_i$$\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace("= 2\\sum", "= 3\\sum"))] == ["invalid"]
    # a product of two vectors is no combination: its entries are not guessed
    outer = doc.replace("2\\mathbf{y} - \\mathbf{0}", "\\mathbf{y}^\\top \\mathbf{y} \\mathbf{y}")
    assert [s.verdict for s in steps(outer)] != ["valid"]


def test_a_plain_name_restating_a_function_in_a_new_section_is_a_new_meaning():
    # L(z) = ½(σ(z) − y)² in one section, L = −[y log p + (1 − y) log(1 − p)] in the next
    doc = ("### 4.1\n\nTake $L(z) = \\tfrac12\\big(\\sigma(z) - y\\big)^2$, where $p = "
           "\\sigma(z)$.\n\n### 5.1\n\n$$\nL = -\\big[y\\log p + (1-y)\\log(1-p)\\big], "
           "\\qquad p = \\sigma(z)\n$$\n\n$$\n\\frac{\\partial L}{\\partial p} = -\\frac{y}{p} + "
           "\\frac{1-y}{1-p}\n$$\n")
    found = steps(doc)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert [s.verdict for s in steps(doc.replace("-\\frac{y}{p} +", "\\frac{y}{p} +"))][-1] \
        == "invalid"


# ------------------------------------------------------------ more spellings from pages
def test_a_bold_one_before_a_condition_is_the_indicator():
    assert read(r"\sum_{i=1}^d q_i \mathbf{1}_{i=k} = q_k") \
        == read(r"\sum_{i=1}^d q_i 1_{i=k} = q_k")
    doc = (r"$$\sum_{i=1}^n q_i (\mathbf{1}_{i=k}-1/n) = q_k - \frac{1}{n} \sum_{i=1}^n q_i$$"
           "\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace("q_k -", "q_k +"))] == ["invalid"]


def test_a_layer_label_and_a_prime_in_one_superscript():
    # φ^{(l)′}(z): layer l's φ, differentiated — as φ^{(l)}′(z) reads; never unparsed
    assert read(r"\phi^{(l)\prime}(z) = 1") == read(r"\phi^{(l)}'(z) = 1")
    assert "Derivative" in str(read(r"\phi^{(l)\prime}(z) = 1")[0])


def test_a_quantifier_after_an_equation_is_its_range():
    doc = ("$$\n\\hat{y}_i = \\frac{e^{\\theta_i}}{\\sum_k e^{\\theta_k}}, \\forall i = 1, 2,3\n"
           "$$\n\n$$\\frac{\\partial \\hat y_i}{\\partial \\theta_i} = \\hat{y}_i(1 - \\hat y_i)$$\n")
    found = steps(doc)
    assert [s.verdict for s in found] == ["valid"]


def test_two_bold_letters_set_apart_are_one_name():
    assert read(r"\mathbf {d r} = \mathbf{dr}") == read(r"\mathbf{dr} = \mathbf{dr}")


# ------------------------------------------------------------ Einstein's convention
INDEX_NOTATION = (
    "We write the loss in index notation; $j$ is a dummy index.\n\n"
    "$$\n\\begin{aligned}\ns_{i} & =\\frac{e^{x_{i}}}{\\mathbf{1}_{j} e^{x_{j}}} \\\\\n"
    "\\sigma & =\\mathbf{1}_{j} e^{x_{j}}\n\\end{aligned}\n$$\n\n"
    "$$\n\\mathbf{1}_{j} e^{x_{j}} \\delta_{j k} = e^{x_{k}}\n$$\n")


def test_a_repeated_index_is_summed_where_the_words_say_so():
    # "a dummy index": Einstein's convention is the page's; 𝟏_j e^{x_j} δ_jn is Σ_j e^{x_j} δ_jn
    found = steps(INDEX_NOTATION)
    assert [s.verdict for s in found] == ["valid"]
    wrong = steps(INDEX_NOTATION.replace("= e^{x_{k}}", "= e^{2 x_{k}}"))
    assert [s.verdict for s in wrong] == ["invalid"]


def test_a_repeated_index_is_a_reading_where_the_words_are_silent():
    # without the words the convention is a reading: never `invalid` for a step true under
    # it, and a step false under it too stays refuted
    silent = INDEX_NOTATION.replace("; $j$ is a dummy index", "")
    found = steps(silent)
    assert [s.verdict for s in found] == ["unknown"]
    assert "Einstein" in found[0].reason
    assert [s.verdict for s in steps(silent.replace("= e^{x_{k}}", "= e^{2 x_{k}}"))] \
        == ["invalid"]


def test_a_free_index_of_the_step_is_never_summed():
    # p is written once on the left: free, though the right writes it three times
    doc = ("$$\\frac{\\partial l}{\\partial y_{b h}}\\left(-\\mu_{b h} \\sigma_{b}^{-2} "
           "\\gamma_{h} \\delta_{b p}\\right) = -\\frac{\\partial l}{\\partial y_{p h}} \\mu_{p h} "
           "\\sigma_{p}^{-2} \\gamma_{h}$$\n")
    found = steps(doc)
    assert [s.verdict for s in found] == ["unknown"] and "Einstein" in found[0].reason
    assert [s.verdict for s in steps(doc.replace("= -\\frac", "= \\frac"))] == ["invalid"]


def test_a_name_defined_with_a_count_is_a_factor_before_it():
    # μ = (1/n) Σ_r x_r depends on the x_r, not on the count: μ(n) is μ times n
    doc = ("Let $\\mu = \\frac{1}{n}\\sum_{r=1}^n x_r$.\n\n"
           "$$\\sum_{r=1}^n x_r - \\mu \\sum_{r=1}^n 1 = (n\\mu) - \\mu(n) = 0$$\n")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]


def test_const_with_a_full_stop_is_the_constant_term():
    doc = ("$$\n\\begin{align*}\nL & = \\log 2 + x^2 \\\\\n& = x^2 + \\text{const.}\n"
           "\\end{align*}\n$$\n")
    found = steps(doc)
    assert [s.verdict for s in found] != ["unparsed"]
    assert all(s.verdict != "invalid" for s in found)


def test_a_step_that_writes_its_sums_is_read_without_the_convention():
    # Σ written in the step: its writer sums explicitly, so y_i z_i is one term
    doc = "$$\\sum_{k=1}^n y_k z_k + y_i z_i = 2 y_i z_i$$\n"
    found = steps(doc)
    assert [s.verdict for s in found] == ["invalid"] and found[0].counterexample
