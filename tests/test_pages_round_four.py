"""Notation met on another round of real pages: the capital sigma written as the summation
sign, `\\exp^{x}` for e^x, the probability of an event with a lower-case or upright p, a
derivative whose ∂ below is missing, a TeX comment and a continued row in `align`, an
update rule after a size command, and a shape written under a factor."""
from derive.check import check_text
from derive.latex.parser import ParseError, read_chain


def steps(text):
    return check_text(text, timeout=10).steps()


def read(text):
    return read_chain(text)[0]


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
