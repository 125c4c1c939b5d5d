"""Worked examples in matrix notation beside I, 𝟏 and 𝟎, whose sizes the arrays given
in numbers fix (`Y = XW + \\mathbf{1}b^T` at a 2×2 example), and the readings the
session's new pages needed."""
import sympy as sp

from derive.check import check_text

FORWARD = (r"Let $X \in \mathbb{R}^{N \times D}$, $W \in \mathbb{R}^{D \times M}$ and "
           r"$b \in \mathbb{R}^{M}$. Take $N = D = M = 2$ and let" "\n\n"
           r"$$X = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}, \qquad W = "
           r"\begin{bmatrix} 3 & -1 \\ 2 & 1 \end{bmatrix}, \qquad b = \begin{bmatrix} 1 \\ 0 "
           r"\end{bmatrix}.$$" "\n\n"
           "The forward pass gives\n\n"
           r"$$XW + \mathbf{1}b^T = \begin{bmatrix} 7 & 1 \\ -2 & -1 \end{bmatrix} + "
           r"\begin{bmatrix} 1 & 0 \\ 1 & 0 \end{bmatrix} = \begin{bmatrix} 8 & 1 \\ -1 & -1 "
           r"\end{bmatrix}$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_a_column_of_ones_takes_the_size_the_example_fixes():
    found = steps(FORWARD)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert "worked example" in found[0].reading


def test_a_slip_beside_the_column_of_ones_is_refuted():
    slipped = FORWARD.replace(r"\begin{bmatrix} 1 & 0 \\ 1 & 0 \end{bmatrix} =",
                              r"\begin{bmatrix} 0 & 1 \\ 0 & 1 \end{bmatrix} =")
    assert [s.verdict for s in steps(slipped)][0] == "invalid"


OUTER = (r"Let $\mathbf{u} \in \mathbb{R}^3$ and $\mathbf{v} \in \mathbb{R}^2$." "\n\n"
         r"$$\mathbf{u} \otimes \mathbf{v} = \mathbf{u}\mathbf{v}^\top$$" "\n\n"
         r"$$(\mathbf{u} \otimes \mathbf{v})^\top = \mathbf{v} \otimes \mathbf{u}$$" "\n")


def test_otimes_of_vectors_is_read_as_the_outer_product():
    found = steps(OUTER)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert all("outer product" in s.reading for s in found)


def test_otimes_refuted_as_an_outer_product_stays_unknown():
    # (u ⊗ v)ᵀ = u ⊗ v: false for the outer product; the Kronecker column is not decided
    wrong = OUTER.replace(r"= \mathbf{v} \otimes \mathbf{u}$$", r"= \mathbf{u} \otimes \mathbf{v}$$")
    found = steps(wrong)
    assert [s.verdict for s in found] == ["valid", "unknown"]
    assert "Kronecker" in found[1].reason


def test_otimes_of_matrices_is_not_decided():
    found = steps(r"$$(A \otimes B)(C \otimes D) = AC \otimes BD$$" "\n")
    assert [s.verdict for s in found] == ["unknown"]
    assert "Kronecker" in found[0].reason


def test_otimes_of_columns_written_out():
    text = (r"$$\begin{bmatrix} 1 \\ 2 \end{bmatrix} \otimes \begin{bmatrix} 3 \\ 4 "
            r"\end{bmatrix} = \begin{bmatrix} 3 & 4 \\ 6 & 8 \end{bmatrix}$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    stacked = text.replace(r"3 & 4 \\ 6 & 8", r"3 \\ 4 \\ 6 \\ 8")
    assert [s.verdict for s in steps(stacked)] == ["unknown"]


DICE = ("**Задание:** найти производную.\n\n**Решение:**\n\n"
        r"Введём обозначения $I = \sum_k p_k g_k$, $U = \sum_k p_k + \sum_k g_k$. Тогда "
        r"$D = \frac{2I+s}{U+s}$." "\n\n"
        r"$$\frac{\partial D}{\partial p_i} = \frac{2g_i\,(U+s) - (2I+s)}{(U+s)^2}$$" "\n")


def test_a_solution_heading_is_no_equation_solved_for_a_point():
    # «Решение:» heads the solution; the definitions after it are no point an equation
    # was solved at ("solving for w", «решая»)
    assert [s.verdict for s in steps(DICE)] == ["valid"]
    slipped = DICE.replace(r"- (2I+s)}{(U+s)^2}", r"+ (2I+s)}{(U+s)^2}")
    assert [s.verdict for s in steps(slipped)] == ["invalid"]


def test_a_derivative_through_an_examples_number_is_not_decided():
    # o = σ(1.0769) is the example's value of o, not its formula: ∂o/∂net_o is no 0
    doc = (r"Inputs $x_1 = 0.35$, target $t = 0.50$, weights $w_5 = 0.30$, $h_1 = 0.7417$."
           "\n\n" r"$$E = \tfrac{1}{2}(t - o)^2 .$$" "\n\n"
           r"$$\mathrm{net}_o = w_5 h_1 + 0.20 = 0.4225, \qquad o = \sigma(0.4225) = 0.6041$$"
           "\n\n" r"$$\frac{\partial E}{\partial w_5} = \frac{\partial E}{\partial o} \cdot "
           r"\frac{\partial o}{\partial \mathrm{net}_o} \cdot \frac{\partial \mathrm{net}_o}"
           r"{\partial w_5} = (o - t) \cdot o(1 - o) \cdot h_1$$" "\n")
    last = steps(doc)[-2:]
    assert [s.verdict for s in last] == ["unknown", "unknown"]
    assert all("worked example gives as a number" in s.reason for s in last)


def test_an_integral_by_quadrature_is_no_counterexample():
    # ζ as ∫σ: its value by quadrature agrees to ~1e-15 only, and a difference that small
    # refutes nothing (at x = −40 both sides printed −40.0 beside `invalid`)
    doc = (r"$$\zeta(x) = \int_{-\infty}^{x} \sigma(t)\, \mathrm{d}t$$" "\n\n"
           r"$$\zeta(x) - \zeta(-x) = \ln \frac{1 + e^{x}}{1 + e^{-x}}$$" "\n")
    assert [s.verdict for s in steps(doc)] != ["invalid"]


def test_an_integral_restated_in_words_keeps_the_closed_form():
    doc = (r"$$\zeta(x) = \ln\left(1 + e^{x}\right),$$" "\n\n"
           r"or equivalently $\zeta(x) = \int_{-\infty}^{x} \sigma(t)\, \mathrm{d}t$." "\n\n"
           r"$$\zeta(x) - \zeta(-x) = \ln \frac{1 + e^{x}}{1 + e^{-x}}$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]


def test_a_gradient_of_an_update_defined_name_does_not_stop_the_block():
    doc = (r"Take $\eta = 0.01$, $\lambda = 0.1$." "\n\n"
           r"$$\theta_t = \theta_{t-1} - \eta\,\frac{\nabla L(\theta_{t-1}) + \lambda"
           r"\theta_{t-1}}{\sqrt{v_t}+\epsilon} = \Bigl(1 - \frac{\eta\lambda}{\sqrt{v_t}"
           r"+\epsilon}\Bigr)\theta_{t-1} - \eta\,\frac{\nabla L(\theta_{t-1})}{\sqrt{v_t}"
           r"+\epsilon}$$" "\n\n"
           r"$$\theta_t = \theta_{t-1} - \eta\,\nabla L(\theta_{t-1}) = \theta_{t-1} + "
           r"\eta\,\nabla L(\theta_{t-1})$$" "\n")
    found = steps(doc)
    assert "checking this block failed" not in " ".join(s.reason for s in found)
    assert found[0].verdict != "invalid"


def test_a_density_with_a_subscript_is_read_as_a_function_too():
    # p_θ(c), p_n(c): densities at c as much as products, so never refuted as products
    doc = (r"Given a word $c$, if the model density is $p_\theta(c)$, then" "\n\n"
           r"$$\frac{p_\theta(c)}{p_\theta(c) + k\, p_n(c)} = \frac{1}{1 + k\, p_n(c) / "
           r"p_\theta(c)}$$" "\n")
    [found] = steps(doc)
    assert found.verdict == "unknown" and "function of its argument" in found.reading


def test_a_symmetric_matrix_declared_with_its_shape():
    doc = (r"Let $X \in \mathbb{R}^{n \times d}$, $W \in \mathbb{R}^{d \times k}$, $Y \in "
           r"\mathbb{R}^{n \times k}$. For a weighted problem with a symmetric weight matrix "
           r"$\Omega \in \mathbb{R}^{n \times n}$," "\n\n"
           r"$$\nabla_W\operatorname{tr}\bigl((XW - Y)^T\Omega(XW - Y)\bigr) = "
           r"2X^T\Omega(XW - Y).$$" "\n")
    [found] = steps(doc)
    assert found.verdict == "valid" and "symmetric" in found.reading
    # without the word, the step is false for an Ω of any entries
    [plain] = steps(doc.replace("a symmetric weight matrix", "a weight matrix"))
    assert plain.verdict == "invalid"
    # "symmetric about zero" names no matrix
    [about] = steps(doc.replace("a symmetric weight matrix", "a noise symmetric about zero,"))
    assert about.verdict == "invalid"


HAT = (r"Let $X \in \mathbb{R}^{n \times d}$ with $n \ge d$, and assume that $X$ has full column "
       r"rank. Every such $X$ can be written as $X = QR$, where $Q \in \mathbb{R}^{n \times d}$ "
       r"has orthonormal columns, $Q^\intercal Q = I_d$, and $R \in \mathbb{R}^{d \times d}$ is "
       r"upper triangular, hence invertible." "\n\n"
       r"The fitted values are $\hat{\mathbf{y}} = H\mathbf{y}$ with the hat matrix" "\n"
       r"\begin{equation}" "\n" r"H = X(X^\intercal X)^{-1}X^\intercal = QQ^\intercal ." "\n"
       r"\end{equation}" "\n" r"From $H = QQ^\intercal$ its basic properties follow." "\n\n"
       r"For the intercept-only model, $X = \mathbf{1} = (1, 1, 1)^\intercal$ with $n = 3$ and "
       r"$d = 1$. Here $Q = \mathbf{1}/\sqrt{3}$ and $R = \sqrt{3}$, so" "\n"
       r"\[" "\n" r"\operatorname{tr}H = 1, \qquad H = QQ^\intercal = \frac{1}{3}\mathbf{1}"
       r"\mathbf{1}^\intercal" "\n" r"\]" "\n")


def test_a_matrix_step_refuted_only_at_sizes_the_example_does_not_have():
    # tr H = 1 at Q = 𝟏/√3: false for a 𝟏 of one entry (tr H = n/3), true at n = 3
    found = steps(HAT)
    [trace] = [s for s in found if s.lhs.startswith(r"\operatorname{tr}H")]
    assert trace.verdict == "unknown" and "worked example does not have" in trace.reason
    assert "invalid" not in [s.verdict for s in found]


def test_the_inverse_of_a_transpose_as_texts_write_it():
    base = r"Let $R \in \mathbb{R}^{d \times d}$ be invertible." "\n\n"
    for inverse in (r"R^{-\top}", r"R^{-T}", r"R^{-\intercal}"):
        right = base + rf"$$(R^\top R)^{{-1}} = R^{{-1}}{inverse}$$" "\n"
        slipped = base + rf"$$(R^\top R)^{{-1}} = {inverse}R^{{-1}}$$" "\n"
        assert [s.verdict for s in steps(right)] == ["valid"], inverse
        assert [s.verdict for s in steps(slipped)] == ["invalid"], inverse


def test_notation_of_the_new_pages_is_read():
    from derive.latex.parser import read_chain
    # a function of an integral, =: naming the right side, a run of entries as one name,
    # the entry of Wᵀδ with backpropagation's δ a vector
    exprs, rels = read_chain(r"\log \int_0^1 x^2\, dx = \log \frac{1}{3}")
    assert rels == ["="] and exprs[0].has(sp.Integral) and exprs[0].func == sp.log
    assert read_chain(r"a + b =: c")[1] == ["="]
    exprs, _ = read_chain(r"\mathbf{y}_{1:d} = \mathbf{x}_{1:d}")
    assert all(isinstance(e, sp.Symbol) for e in exprs) and exprs[0] != exprs[1]
    exprs, _ = read_chain(r"(W^\top \delta)_j = \sum_k W_{kj}\delta_k")
    assert exprs[0].has(sp.Sum)
    # a sum over a set with a script of its own (the items user i rated, Ω_i); Ω^j another
    exprs, rels = read_chain(r"\sum_{j\in\Omega_i} 2 e_{ij} = 2\sum_{j \in \Omega_i} e_{ij}")
    assert rels == ["="] and sp.simplify(exprs[0] - exprs[1]) == 0
    [other] = read_chain(r"\sum_{i\in\Omega^j} e_{ij}")[0]
    assert other.limits[0][2] != exprs[1].args[1].limits[0][2]


def test_a_function_of_an_integral_is_checked():
    doc = r"$$\log \int_0^1 x^2\, \mathrm{d}x = \log \frac{1}{3} = -\log 3$$" "\n"
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]
    assert [s.verdict for s in steps(doc.replace(r"\frac{1}{3}", r"\frac{1}{2}"))][0] == "invalid"


def test_an_entry_of_w_transposed_delta():
    doc = (r"$$(W^\top \delta)_j = \sum_k W_{kj}\delta_k$$" "\n\n"
           r"$$(W^\top \delta)_j = \sum_k W_{jk}\delta_k$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid", "invalid"]


RMS = (r"**Задание:** Слой RMSNorm для вектора $x\in\mathbb{R}^d$ задаётся формулой" "\n"
       r"$$y_i = \frac{g_i\,x_i}{\operatorname{RMS}(x)}, \qquad \operatorname{RMS}(x) = "
       r"\sqrt{\frac{1}{d}\sum_{k=1}^{d}x_k^2 + \varepsilon},$$" "\n"
       r"где $g\in\mathbb{R}^d$ — масштаб. Посчитать для $x = (1, 2, 2)$, $g = (1,1,1)$, "
       r"$\varepsilon = 0$." "\n\n" r"**Решение:** Обозначу $r = \operatorname{RMS}(x)$. "
       r"Пусть сверху пришёл $\gamma_i = \partial L/\partial y_i$. Тогда" "\n"
       r"$$\sum_{i=1}^{d}\frac{\gamma_i g_i}{r}\Bigl(\delta_{ij} - \frac{x_i x_j}{d\,r^2}\Bigr)"
       r" = \frac{\gamma_j g_j}{r} - \frac{x_j}{r^3}\sum_{i=1}^{d}\gamma_i g_i x_i$$" "\n")


def test_a_general_step_is_never_proved_at_an_examples_vector_with_a_free_index():
    # x = (1, 2, 2) given for the numbers later: x_j at a free j has no value there, and
    # the dropped 1/d was `valid` as "0 and 0 at the worked example's values"
    [found] = steps(RMS)
    assert found.verdict != "valid"
    [right] = steps(RMS.replace(r"- \frac{x_j}{r^3}", r"- \frac{x_j}{d\,r^3}"))
    assert right.verdict != "invalid"


def test_entries_with_a_free_term_of_their_own_leave_the_vector_free():
    # y_i = wᵀx_i + ε_i: y is any vector, so a missing transpose beside it is refuted;
    # p_i = e^{z_i}/Σ_k e^{z_k} ties 𝐩's entries together, which blocks the refutation
    doc = (r"Let $X \in \mathbb{R}^{n \times d}$, $\mathbf{y} \in \mathbb{R}^n$, $\mathbf{w} "
           r"\in \mathbb{R}^d$ and $y_i = \mathbf{w}^\top \mathbf{x}_i + \varepsilon_i$." "\n\n"
           r"$$(\mathbf{y} - X\mathbf{w})^\top (\mathbf{y} - X\mathbf{w}) = \mathbf{y}^\top "
           r"\mathbf{y} - 2\mathbf{w}^\top X \mathbf{y} + \mathbf{w}^\top X^\top X \mathbf{w}$$"
           "\n")
    assert [s.verdict for s in steps(doc)] == ["invalid"]
    right = doc.replace(r"2\mathbf{w}^\top X \mathbf{y}", r"2\mathbf{w}^\top X^\top \mathbf{y}")
    assert [s.verdict for s in steps(right)] == ["valid"]


def test_a_worked_examples_vector_in_a_definition_does_not_break_a_chain_rule():
    # h = max(0, W_1 x + b_1) with x = [1, −1, 2]^T given: the derivative's expansion meets
    # a matrix where a number stands, which decides nothing (it raised, reported as an
    # exception)
    doc = (r"$$h = \max(0, W_1 x + b_1) \hspace{0.5in} s = W_2 h + b_2$$" "\n\n"
           r"With \\(x = [1, -1, 2]^T\\) the hidden layer is computed. Since \\(s_m = \sum_j "
           r"W_{2,mj} h_j + b_{2,m}\\)," "\n\n"
           r"$$\frac{\partial L}{\partial W_{2,kj}} = \sum_m \frac{\partial L}{\partial s_m} "
           r"\frac{\partial s_m}{\partial W_{2,kj}} = \frac{\partial L}{\partial s_k} h_j$$" "\n")
    found = steps(doc)
    assert not any("exception" in s.reason for s in found)
    assert [s.verdict for s in found] == ["valid", "valid"]


def test_a_normal_density_after_a_thin_space():
    # `\mathcal{N}\!\left(y \mid μ, σ^2\right)`: the density, as without the \! (it was
    # "unknown command \mid")
    doc = (r"$$\ln \mathcal{N}\!\left(y \mid \mu, \sigma^2\right) = -\frac{1}{2}\ln(2\pi"
           r"\sigma^2) - \frac{(y - \mu)^2}{2\sigma^2}$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    assert [s.verdict for s in steps(doc.replace(r"- \frac{(y", r"+ \frac{(y"))] == ["invalid"]
