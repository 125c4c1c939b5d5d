"""One letter for two functions told apart by their arguments (entropy H(p) and
cross-entropy H(p, q), as information-theory notes write them), and a worked example's
entrywise products of vectors written out ([0.25; −1.5] ⊙ [1; 0])."""
from derive.check import check_text

ENTROPY = (r"Let $p$ and $q$ be distributions on $K$ classes, all $q_k > 0$. Entropy and "
           r"cross-entropy are" "\n\n"
           r"$$H(p) = -\sum_{k=1}^{K} p_k \log p_k, \qquad H(p, q) = -\sum_{k=1}^{K} p_k "
           r"\log q_k, \qquad \mathrm{KL}(p \,\|\, q) = \sum_{k=1}^{K} p_k \log "
           r"\frac{p_k}{q_k}$$" "\n\n"
           r"Writing out the sum:" "\n\n"
           r"$$H(p) + \mathrm{KL}(p \,\|\, q) = -\sum_{k} p_k \log p_k + \sum_{k} p_k \log "
           r"\frac{p_k}{q_k} = -\sum_{k} p_k \log q_k = H(p, q)$$" "\n\n"
           r"So, in short," "\n\n"
           r"$$H(p, q) = H(p) + \mathrm{KL}(p \,\|\, q) \tag{1}$$" "\n\n"
           r"and differentiating," "\n\n"
           r"$$\frac{\partial H(p, q)}{\partial q_k} = -\frac{p_k}{q_k}$$" "\n")

GATE = (r"The upstream gradient is passed where the unit was active:" "\n\n"
        r"$$\begin{bmatrix} 0.25 \\ -1.5 \end{bmatrix} \odot \begin{bmatrix} 1 \\ 0 "
        r"\end{bmatrix} = \begin{bmatrix} 0.25 \\ 0 \end{bmatrix}, \qquad (0.6 - 1, \; 0.2 - "
        r"0)^T \odot (0.24, \; 0.16)^T = (-0.4 \times 0.24, \; 0.2 \times 0.16)^T$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_entropy_and_cross_entropy_share_their_letter():
    found = steps(ENTROPY)
    assert [s.verdict for s in found] == ["valid"] * 5
    # (1) restates what the chain proved: a step under both meanings, no redefinition
    assert found[3].lhs == "H(p, q)" and found[3].rhs.startswith("H(p) +")


def test_each_function_keeps_its_own_body():
    slipped = steps(ENTROPY.replace(r"\log q_k = H(p, q)$$", r"\log q_k = H(p)$$"))
    assert [s.verdict for s in slipped][:3] == ["valid", "valid", "invalid"]
    sign = steps(ENTROPY.replace(r"= -\frac{p_k}{q_k}$$", r"= \frac{p_k}{q_k}$$"))
    assert sign[-1].verdict == "invalid"


def test_an_entrywise_product_of_vectors_written_out_is_computed():
    assert [s.verdict for s in steps(GATE)] == ["valid", "valid"]
    slipped = steps(GATE.replace(r"= \begin{bmatrix} 0.25 \\ 0 \end{bmatrix}",
                                 r"= \begin{bmatrix} 0.25 \\ -1.5 \end{bmatrix}"))
    assert slipped[0].verdict == "invalid"


ATTENTION = (r"Assume that all elements of the query $\mathbf{q} \in \mathbb{R}^d$ and of the key "
             r"$\mathbf{k} \in \mathbb{R}^d$ are independent random variables with zero mean and "
             r"unit variance. Then" "\n\n"
             r"$$\mathrm{Var}\left[\mathbf{q}^\top \mathbf{k}\right] = \sum_{i=1}^d "
             r"\mathrm{Var}\left[q_i k_i\right] = \sum_{i=1}^d E\left[q_i^2\right] "
             r"E\left[k_i^2\right] = d.$$" "\n\n"
             r"Scaling the dot product:" "\n\n"
             r"$$\mathrm{Var}\left[\frac{\mathbf{q}^\top \mathbf{k}}{\sqrt{d}}\right] = "
             r"\frac{1}{d}\, \mathrm{Var}\left[\mathbf{q}^\top \mathbf{k}\right] = \frac{d}{d} = 1."
             r"$$" "\n")


def test_random_vectors_declared_with_their_space_have_random_entries():
    # (the words' "$\mathbf{q} \in \mathbb{R}^d$ … independent, zero mean, unit variance":
    # Var[qᵀk] is a variance to compute, never a name defined, nor 0 as of constants)
    assert [s.verdict for s in steps(ATTENTION)] == ["valid"] * 6
    slipped = steps(ATTENTION.replace(r"\frac{d}{d} = 1", r"\frac{d}{d^2} = 1"))
    assert "invalid" in [s.verdict for s in slipped[3:]]


BERNOULLI = (r"For $x \in \{0, 1\}$ the Bernoulli distribution with parameter $\pi$ is "
             r"$p(x \mid \pi) = \pi^x (1 - \pi)^{1 - x}$. Reading off the terms, the natural "
             r"parameter is $\eta = \log \frac{\pi}{1 - \pi}$ and $A(\eta) = -\log(1 - \pi) = "
             r"\log(1 + e^{\eta})$, so" "\n\n"
             r"$$A'(\eta) = \frac{e^{\eta}}{1 + e^{\eta}} = \frac{1}{1 + e^{-\eta}} = "
             r"\sigma(\eta).$$" "\n")


def test_pi_written_as_a_probability_is_a_parameter_and_a_function_is_its_formula_in_it():
    assert [s.verdict for s in steps(BERNOULLI)] == ["valid"] * 3
    slipped = steps(BERNOULLI.replace(r"A'(\eta) = \frac{e^{\eta}}{1 + e^{\eta}}",
                                      r"A'(\eta) = \frac{1}{1 + e^{\eta}}"))
    assert slipped[0].verdict == "invalid"


DIFFERENTIALS = (r"For functions of a matrix $X \in \mathbb{R}^{m\times n}$ the rules are" "\n\n"
                 r"$$\mathrm{d}\operatorname{tr}X = \operatorname{tr}\mathrm{d}X, \qquad "
                 r"\mathrm{d}\det X = \det X \cdot \operatorname{tr}(X^{-1}\mathrm{d}X).$$" "\n\n"
                 r"Differentiating $X X^{-1} = I$:" "\n\n"
                 r"$$\mathrm{d}(X X^{-1}) = \mathrm{d}X\, X^{-1} + X\, \mathrm{d}(X^{-1}).$$"
                 "\n\n"
                 r"$$\mathrm{d}\log\det X = \frac{\mathrm{d}\det X}{\det X} = "
                 r"\operatorname{tr} X^{-1}\mathrm{d}X.$$" "\n")


def test_a_trace_without_brackets_and_an_inverse_of_a_general_matrix():
    # (tr X, tr X⁻¹dX as texts write them; with X declared square, each step proved)
    square = DIFFERENTIALS.replace(r"m\times n", r"n\times n")
    assert [s.verdict for s in steps(square)] == ["valid"] * 5
    slipped = steps(square.replace(r"\det X \cdot \operatorname{tr}(X^{-1}\mathrm{d}X)",
                                   r"\operatorname{tr}(X^{-1}\mathrm{d}X)"))
    assert [s.verdict for s in slipped][:2] == ["valid", "invalid"]
    # X declared m × n: its trace, inverse and determinant hold for a square X, which the
    # declaration does not say — never `invalid` (the shapes "did not fit" before), and
    # never `valid` either
    general = [s.verdict for s in steps(DIFFERENTIALS)]
    assert "invalid" not in general and general.count("valid") < 5


BATCH = (r"A batch of $N$ inputs gives logits $Z \in \mathbb{R}^{N \times K}$ and, row by row," "\n\n"
         r"$$P_{nk} = \frac{e^{Z_{nk}}}{\sum_{j=1}^{K} e^{Z_{nj}}}.$$" "\n\n"
         r"If $c_n$ is the class of example $n$," "\n\n"
         r"$$-\log P_{n c_n} = -\log \frac{e^{Z_{n c_n}}}{\sum_j e^{Z_{nj}}} = -Z_{n c_n} + "
         r"\log\sum_{j=1}^{K} e^{Z_{nj}}.$$" "\n")


def test_an_entry_at_an_index_that_is_an_entry_itself():
    # (P_{n c_n}: row n, column c_n — two indices, never the product n·c_n)
    assert [s.verdict for s in steps(BATCH)] == ["valid"] * 2


CONSTANT_GRADIENT = (r"RMSProp keeps a leaky average with decay $\gamma \in (0, 1)$:" "\n\n"
                     r"$$s_t = \gamma s_{t-1} + (1-\gamma)\, g_t^2 .$$" "\n\n"
                     r"If every gradient has the same value $g > 0$, dividing by $1 - \gamma^t$ "
                     r"gives back" "\n\n"
                     r"$$\hat s_t = \frac{s_t}{1-\gamma^t} = \frac{g^2 (1 - \gamma^t)}"
                     r"{1-\gamma^t} = g^2 .$$" "\n")


def test_a_bare_letter_beside_its_entries_is_a_case_the_words_set():
    # (g against the g_t of s_t's recurrence: "the same value g" — no refutation with g and
    # the g_t apart)
    found = steps(CONSTANT_GRADIENT)
    assert [s.verdict for s in found] == ["unknown", "valid"]
    assert "g is not defined" in found[0].reason


def test_an_html_page_s_entities_are_the_characters_they_stand_for():
    page = ("<h2>Layer norm</h2>\n<p>With \\(0 &lt; s\\) the mean of the row is</p>\n"
            "\\begin{eqnarray}\n\\mu &amp; = &amp; \\frac{1}{d}\\sum_{i=1}^{d} x_i, \\nonumber\n"
            "\\end{eqnarray}\n<p>so that</p>\n\\begin{eqnarray}\n"
            "\\frac{\\partial \\mu}{\\partial x_j} &amp; = &amp; \\frac{1}{d}\\sum_{i=1}^{d} "
            "\\delta_{ij} \\nonumber \\\\\n &amp; = &amp; \\frac{1}{d}. \\nonumber\n"
            "\\end{eqnarray}\n")
    found = steps(page)
    assert [s.verdict for s in found] == ["valid", "valid"]
    # (the same text as Markdown: an `&amp;` there is the writer's, read as it stands)
    assert check_text(page.replace("<h2>", "## ").replace("</h2>", "").replace("<p>", "")
                      .replace("</p>", ""), timeout=10).steps()[0].verdict == "unparsed"


def test_the_k_th_output_of_a_function_of_a_vector():
    text = (r"The posteriors are a softmax of $a_k = \boldsymbol{w}_k^{\mathrm{T}} "
            r"\boldsymbol{\phi}$:" "\n\n"
            r"$$p(\mathcal{C}_k \mid \boldsymbol{\phi}) = y_k(\boldsymbol{\phi}) = "
            r"\frac{\exp(a_k)}{\sum_j \exp(a_j)}$$" "\n\n"
            r"$$\frac{\partial y_k}{\partial a_j} = y_k (\delta_{kj} - y_j)$$" "\n")
    # (y_k(φ) a call, y_k(δ_kj − y_j) a product: the bracket a vector, or a computation)
    assert [s.verdict for s in steps(text)] == ["valid"]
    assert steps(text.replace(r"y_k (\delta_{kj} - y_j)", r"y_k (\delta_{kj} + y_j)"))[0] \
        .verdict == "invalid"


def test_a_vector_written_as_its_transposed_run_of_entries_gives_its_length():
    text = (r"Пусть $z = (z_1, \ldots, z_K)^T \in \mathbb{R}^K$ — вектор логитов:" "\n\n"
            r"$$p_i = \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$"
            "\n")
    found = steps(text)
    assert [s.verdict for s in found] == ["valid"] and "$K$" in found[0].reading


def test_a_case_in_brackets_after_a_chain_and_a_calligraphic_letter_without_braces():
    text = (r"Writing $\Delta(x) = \tanh(\operatorname{softplus}(x))$ and $f(x) = x\Delta(x)$,"
            "\n\n"
            r"$$\begin{aligned} f'(x) &= \Delta(x) + x\, \operatorname{sech}^2"
            r"(\operatorname{softplus}(x))\, \sigma(x) \\ &= \frac{f(x)}{x} + x\,\sigma(x)"
            r"\left(1 - \frac{f(x)^2}{x^2}\right) \qquad (x \neq 0). \end{aligned}$$" "\n\n"
            r"The density is $p(x) = \mathcal N(x \mid \mu, \sigma^2)$, so" "\n\n"
            r"$$\log p(x) = -\frac{1}{2}\log(2\pi\sigma^2) - \frac{(x - \mu)^2}{2\sigma^2}$$"
            "\n")
    assert [s.verdict for s in steps(text)] == ["valid"] * 3


ADAM = (r"Adam keeps a moving average of the gradient $g_t$, initialised at zero:" "\n\n"
        r"$$\begin{aligned} m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, & m_0 &= 0. "
        r"\end{aligned}$$" "\n\n"
        r"For a small $t$ we can just substitute:" "\n\n"
        r"$$\begin{aligned} m_3 &= \beta_1 m_2 + (1-\beta_1)\, g_3 \\ &= \beta_1^2 m_1 + "
        r"\beta_1(1-\beta_1)\, g_2 + (1-\beta_1)\, g_3 \\ &= (1-\beta_1)\bigl(\beta_1^2 g_1 + "
        r"\beta_1 g_2 + g_3\bigr). \end{aligned}$$" "\n")


def test_numbered_members_of_a_recurrence_are_written_down_to_its_start():
    found = check_text(ADAM, timeout=10)
    assert [g.split("=")[0].strip() for g in found.derivations[0].given] == ["m_0"]   # a start
    assert [s.verdict for s in found.steps()] == ["valid"] * 3
    slipped = steps(ADAM.replace(r"\beta_1^2 g_1 + \beta_1 g_2", r"\beta_1^3 g_1 + \beta_1 g_2"))
    assert [s.verdict for s in slipped] == ["valid", "valid", "invalid"]
    assert "down to ${m}_{0}$" in slipped[-1].reason


def test_the_inner_product_of_two_matrices_is_the_frobenius_product():
    text = (r"For $X \in \mathbb{R}^{n\times n}$, a constant $A$ and $\langle A, B \rangle = "
            r"\operatorname{tr}(A^T B)$:" "\n\n"
            r"$$\operatorname{tr}(A\, \mathrm{d}X) = \langle A^T, \mathrm{d}X \rangle$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    assert steps(text.replace(r"\langle A^T, \mathrm{d}X", r"\langle A, \mathrm{d}X"))[0] \
        .verdict == "invalid"


def test_a_transposed_greek_letter_is_a_parameter_vector():
    text = (r"For an input $x \in \mathbb{R}^d$ logistic regression uses the hypothesis" "\n\n"
            r"$$h_\theta(x) = g(\theta^T x) = \frac{1}{1 + e^{-\theta^T x}},$$" "\n\n"
            r"where $g(z) = 1/(1+e^{-z})$." "\n")
    # (θᵀx: θ a vector as x is, never "a transposed scalar", a shape error)
    assert [s.verdict for s in steps(text)] == ["valid"]


def test_a_constraint_written_as_equal_forms_is_a_fact_for_what_follows():
    text = (r"We maximise $u^T\Sigma u$ subject to $\|u\|_2^2 = u^T u = 1$. With a Lagrange "
            r"multiplier," "\n\n"
            r"$$\mathcal{L}(u, \lambda) = u^T \Sigma u - \lambda\left(u^T u - 1\right).$$" "\n\n"
            r"At a unit eigenvector, $\Sigma u = \lambda u$," "\n\n"
            r"$$u^T \Sigma u = u^T(\lambda u) = \lambda\, u^T u = \lambda .$$" "\n")
    # (at sizes 1, λu² = λ is false: the constraint the words state excludes that point —
    # without it, the matrix reading refuted the last step there)
    assert "invalid" not in [s.verdict for s in steps(text)]


def test_an_inverse_of_a_matrix_declared_with_two_sizes():
    # X⁻¹ of an X ∈ R^{n×d}: it holds for a square X only, which the declaration does not
    # say — never `valid` (scalars invert freely), never a shape error either
    text = (r"Let $X \in \mathbb{R}^{n \times d}$ and $y \in \mathbb{R}^n$." "\n\n"
            r"$$(X^T X)^{-1} X^T y = X^{-1} y$$" "\n")
    [found] = steps(text)
    assert found.verdict == "unknown" and "n = d" in found.reason
    assert steps(text.replace("= X^{-1} y", "= X^T y"))[0].verdict == "invalid"


def test_entropy_written_with_a_square_bracket():
    # (d2l writes H[P]; H always before a bracket — square or round — and P passed whole
    # to it: H is the page's function, H[P] its call, never H times P)
    text = (r"The entropy of a distribution $P$ is" "\n\n"
            r"$$H[P] = -\sum_{j=1}^q P(j) \log P(j).$$" "\n\n"
            r"and the cross-entropy and the divergence are" "\n\n"
            r"$$H(P, Q) = -\sum_{j=1}^q P(j) \log Q(j), \qquad D_{\mathrm{KL}}(P \| Q) = "
            r"\sum_{j=1}^q P(j) \log \frac{P(j)}{Q(j)}.$$" "\n\n"
            r"$$-\sum_{j=1}^q P(j) \log P(j) + \sum_{j=1}^q P(j) \log \frac{P(j)}{Q(j)} = "
            r"H[P] + D_{\mathrm{KL}}(P \| Q)$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    slipped = steps(text.replace(r"= H[P] + D_{\mathrm{KL}}", r"= H[P] - D_{\mathrm{KL}}"))
    assert slipped[0].verdict != "valid"
