"""Readings that new pages in the corpus's styles asked for: a formula after «при» is a
point, never a definition; a display that defines two functions reads each as a function
in the other; a function written with a subscript is also read times its bracket; a sign
as a subscript, a sum over two indices, fonts without braces, a bold zero."""
from derive.check import check_text
from derive.latex.macros import MacroTable
from derive.latex.parser import APART_DIM, read_expr


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=10).steps()]


GAUSSIAN = ("Сеть выдаёт $s = \\log \\sigma^2$.\n\n"
            r"$$\ell(\mu, s) = \frac{1}{2}\log(2\pi) + \frac{s}{2} + \frac{(y - \mu)^2}{2} e^{-s}$$"
            "\n\n"
            "Градиент по $s$ обращается в ноль при $\\sigma^2 = (y - \\mu)^2$.\n\n"
            "## Пример\n\n"
            "Пусть $y = 2$, $\\mu = 1.5$, $s = 0$. Тогда\n\n"
            r"$$\ell = \frac{1}{2}\log(2\pi) + 0 + \frac{0.25}{2} \approx 1.0439$$" "\n")


def test_a_formula_after_pri_is_a_point_never_a_definition():
    # «обращается в ноль при σ² = (y − μ)²» made σ = |y − μ| a definition, and the example's
    # ℓ came out 0.7258 (a false alarm); it is where the gradient vanishes, no more
    assert verdicts(GAUSSIAN) == ["valid", "valid"]
    assert verdicts(GAUSSIAN.replace(r"\frac{0.25}{2}", r"\frac{0.25}{4}"))[0] == "invalid"


TEMPERATURE = (r"Для логитов $z_1, \dots, z_K$ и температуры $T > 0$ положим" "\n\n"
               r"$$p_i(T) = \frac{\exp(z_i / T)}{Z(T)}, \qquad "
               r"Z(T) = \sum_{j=1}^{K} \exp(z_j / T).$$" "\n\n"
               r"$$\frac{d}{dT} \ln Z = \frac{1}{Z} \sum_{j} \exp(z_j/T) \cdot "
               r"\left( -\frac{z_j}{T^2} \right) = -\frac{1}{T^2} \sum_j p_j z_j$$" "\n")


def test_a_function_a_display_defines_is_one_in_the_chains_beside_it():
    # Z(T) in p_i's definition, before Z's own: Z at T, never Z times T (which made every
    # p_j carry an extra 1/T and refuted the right step)
    assert verdicts(TEMPERATURE) == ["valid", "valid"]
    assert verdicts(TEMPERATURE.replace(r"= -\frac{1}{T^2} \sum_j p_j z_j",
                                        r"= -\frac{1}{T} \sum_j p_j z_j"))[-1] == "invalid"


def test_a_function_written_with_a_subscript_is_also_read_times_its_bracket():
    # p_i(δ_ik − p_k) beside p_i(T): the value times the bracket is what the algebra says;
    # read as p_i at δ_ik − p_k it is false — two readings, so never `invalid`
    text = TEMPERATURE.split("$$\\frac{d}{dT}")[0] + (
        r"$$\frac{\exp(z_i/T)\, Z - \exp(z_i/T) \exp(z_k/T)}{Z^2} = "
        r"p_i \left( 1 - p_k \right)$$" "\n")
    [(verdict, reading)] = [(s.verdict, s.reading) for s in
                            check_text(text, timeout=10).steps()]
    assert verdict == "unknown" and "product" in reading
    # a step false under both readings still is
    wrong = text.replace(r"p_i \left( 1 - p_k \right)", r"p_i \left( 1 + p_k \right)")
    assert verdicts(wrong) == ["invalid"]


def test_a_sign_below_a_letter_is_part_of_its_name():
    assert {str(s) for s in read_expr(r"s_+ - s_-", frozenset()).free_symbols} == {
        "s_{+}", "s_{-}"}
    text = (r"$$\frac{\partial}{\partial s_+} \log\left(\exp(s_+/\tau) + \sum_{k=1}^{N}"
            r" \exp(s_k/\tau)\right) = \frac{\exp(s_+/\tau)}{\tau\left(\exp(s_+/\tau) + "
            r"\sum_{k=1}^{N} \exp(s_k/\tau)\right)}$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"{\tau\left(", r"{\left(")) == ["invalid"]   # 1/τ lost


def test_a_sum_over_two_indices_is_a_sum_over_each():
    expr = read_expr(r"\sum_{m,k} G_{mk}", frozenset())
    assert {str(v) for v in expr.variables} == {"m", "k"}
    text = (r"Пусть $y_{mk} = \sum_{p=1}^{n} x_{mp} w_{pk}$." "\n\n"
            r"$$\sum_{m,k} g_{mk} \frac{\partial y_{mk}}{\partial w_{ij}} = "
            r"\sum_{m,k} g_{mk} x_{mi} \delta_{kj} = \sum_{m} g_{mj} x_{mi}$$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace(r"x_{mi} \delta_{kj} =", r"x_{mj} \delta_{ki} ="))[0] \
        == "invalid"


def test_fonts_and_accents_without_braces_read_as_with_them():
    expand = MacroTable().expand
    assert expand(r"\mathbb E_p[x] + \mathbf 0 + \boldsymbol\theta + \hat y_i") == \
        r"\mathbb{E}_p[x] + \mathbf{0} + \boldsymbol\theta + \hat y_i"
    assert str(read_expr(r"\mathbf 0 + \hat y + \boldsymbol\theta", frozenset())) == \
        str(read_expr(r"\mathbf{0} + \hat{y} + \boldsymbol{\theta}", frozenset()))
    text = (r"$$\mathbb E\left[(x - \mu)^2 + 1\right] = \mathbb E\left[(x - \mu)^2\right] + 1$$"
            "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace("\\right] + 1$$", "\\right] + 2$$")) == ["invalid"]


def test_a_bold_zero_is_the_zero_vector():
    text = (r"Let $\mathbf{p} \in \mathbb{R}^K$." "\n\n"
            r"$$2\mathbf{p} - \mathbf{p} + \mathbf 0 = \mathbf{p}$$" "\n")
    [(verdict, reading)] = [(s.verdict, s.reading) for s in
                            check_text(text, timeout=10).steps()]
    assert verdict == "valid" and "zeros" in reading
    # (a false one is not refuted yet: the scalar reading takes 𝟎 for a name of its own)
    assert verdicts(text.replace(r"= \mathbf{p}$$", r"= 2\mathbf{p}$$")) != ["valid"]


SILU = ("SiLU is $\\operatorname{silu}(x) = x\\,\\sigma(x)$. Setting the derivative to zero and "
        "dividing by $\\sigma(x) > 0$:\n\n"
        r"$$1 + x\left(1 - \sigma(x)\right) = 0 \;\Longrightarrow\; \sigma(x) = 1 + \frac1x .$$"
        "\n\n## Second derivative\n\n"
        r"$$\frac{d}{dx}\left(x\,\sigma(x)\right) = \sigma(x) + x\,\sigma(x)\left(1 - \sigma(x)\right)$$"
        "\n")


def test_an_equation_the_words_set_to_zero_is_no_fact_for_the_page():
    # `1 + x(1 − σ(x)) = 0` after "Setting the derivative to zero": imposed where it stands;
    # as a fact for the page it left no point to sample in the sections after it
    out = check_text(SILU, timeout=10).steps()
    assert [s.verdict for s in out] == ["unknown", "unknown", "valid"]
    assert "imposed" in out[0].reason
    assert verdicts(SILU.replace(r"\sigma(x) + x\,\sigma(x)\left(1 - \sigma(x)\right)$$",
                                 r"\sigma(x) + x\,\sigma(x)\left(1 + \sigma(x)\right)$$"))[-1] \
        == "invalid"


XAVIER = ("Чтобы $\\operatorname{Var}(y) = \\operatorname{Var}(x)$, нужно "
          "$n_{\\text{in}} \\operatorname{Var}(w) = 1$. На обратном проходе требуется "
          "$n_{\\text{out}} \\operatorname{Var}(w) = 1$. Берут компромисс:\n\n"
          r"$$\operatorname{Var}(w) = \frac{1}{\frac{1}{2}\left(n_{\text{in}} + n_{\text{out}}\right)}"
          r" = \frac{2}{n_{\text{in}} + n_{\text{out}}}$$" "\n")


def test_a_requirement_in_words_is_no_fact():
    # «нужно $n_{in} Var(w) = 1$», «требуется $n_{out} Var(w) = 1$»: what would be needed
    # (both at once only where n_in = n_out), never facts — no point met them all
    assert verdicts(XAVIER) == ["valid"]
    assert verdicts(XAVIER.replace(r"= \frac{2}{n_{\text{in}}", r"= \frac{1}{n_{\text{in}}")) \
        == ["invalid"]


def test_an_unwritten_count_is_never_an_index_the_sum_writes():
    # Σ_m Σ_k G_{mk} δ_{mn}: n is the sample's index, the counts a count of their own —
    # neither n nor a letter the document may write (its N of samples); a count written
    # (Σ_{i=1}^{n}) stays as written, and Σ_i Σ_j keeps its one count n
    apart = read_expr(r"\sum_{m,k} G_{mk}\, \delta_{mn} W_{ik}", frozenset())
    assert {lim[2] for lim in apart.limits} == {APART_DIM}
    assert APART_DIM.name not in ("n", "N")
    for text in (r"\sum_{i=1}^{n} \sum_{j=1}^{n} c_{ij}", r"\sum_i \sum_j a_{ij}"):
        assert {str(lim[2]) for s in read_expr(text, frozenset()).atoms(type(apart))
                for lim in s.limits} == {"n"}
