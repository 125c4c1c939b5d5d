"""Sums over one range compared term by term (a seminar's Hessian, σ(M_i)σ(−M_i) beside
σ(M_i)(1 − σ(M_i))), a homework's update rule with a layer's entry on the left
(`W^{(1)}_{11} \\leftarrow 1 - 0.1 \\cdot 1.125 = 0.8875`), and `\\approx` between vectors
written out, as worked examples write them."""
from derive.check import check_text

HESSIAN = (r"Дано: $L(w) = \sum_{i=1}^{\ell} \log\bigl(1 + \exp(-y_i \langle w, x_i\rangle)"
           r"\bigr)$, $y_i \in \{-1, +1\}$." "\n\n"
           r"Обозначу $M_i = y_i\langle w, x_i \rangle$ (отступ), $\sigma(z) = "
           r"\frac{1}{1+e^{-z}}$." "\n\n"
           r"$$\sum_{i} \sigma(M_i)\sigma(-M_i)\, x_i x_i^T = \sum_i \sigma(M_i)(1-\sigma(M_i))"
           r"\, x_ix_i^T$$" "\n")

UPDATE = (r"Шаг градиентного спуска с $\eta = 0.1$:" "\n\n"
          r"$$W^{(1)}_{11} \leftarrow 1 - 0.1 \cdot 1.125 = 0.8875, \qquad b^{(1)}_1 "
          r"\leftarrow -0.5 - 0.1 \cdot 1.125 = -0.6125$$" "\n")

APPROX = (r"Plugging in the numbers," "\n\n"
          r"$$g \approx -0.3775 \begin{bmatrix} 0.5 \\ 0.5 \end{bmatrix} + 0.2689 "
          r"\begin{bmatrix} -1 \\ 1 \end{bmatrix} \approx \begin{bmatrix} -0.4577 \\ 0.0802 "
          r"\end{bmatrix}.$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_sums_over_one_range_agree_term_by_term():
    found = steps(HESSIAN)
    assert [s.verdict for s in found] == ["valid"]


def test_a_summand_that_differs_is_still_refuted():
    slipped = HESSIAN.replace(r"(1-\sigma(M_i))\, x_ix_i^T", r"(1+\sigma(M_i))\, x_ix_i^T")
    assert [s.verdict for s in steps(slipped)] != ["valid"]
    # (refuted in matrix notation where no hypothesis on the labels y_i stands in the way)
    free = slipped.replace(r", $y_i \in \{-1, +1\}$", "")
    assert [s.verdict for s in steps(free)] == ["invalid"]


def test_an_update_rule_checks_the_computation_it_assigns():
    found = steps(UPDATE)
    assert [(s.lhs, s.verdict) for s in found] == [
        (r"1 - 0.1 \cdot 1.125", "valid"), (r"-0.5 - 0.1 \cdot 1.125", "valid")]
    slipped = steps(UPDATE.replace("= 0.8875", "= 0.9875"))
    assert [s.verdict for s in slipped] == ["invalid", "valid"]


def test_approximately_equal_vectors_are_compared_entry_by_entry():
    found = steps(APPROX)
    assert found[-1].verdict == "valid"
    slipped = steps(APPROX.replace("-0.4577", "-0.5577"))
    assert slipped[-1].verdict == "invalid"


POISSON = (r"Пусть $\lambda_i = e^{\langle w, x_i\rangle}$." "\n"
           r"$$" "\n" r"\begin{aligned}" "\n"
           r"\mathcal{L}(w) = \log \prod_{i=1}^{\ell} \frac{\lambda_i^{y_i} e^{-\lambda_i}}"
           r"{y_i!}" "\n"
           r"&= \sum_{i=1}^{\ell} \bigl( y_i \log\lambda_i - \lambda_i - \log y_i! \bigr) \\"
           "\n"
           r"&= \sum_{i=1}^{\ell} \bigl( y_i \langle w, x_i\rangle - e^{\langle w, x_i\rangle}"
           r" - \log y_i! \bigr)." "\n" r"\end{aligned}" "\n" r"$$" "\n\n"
           r"$$\nabla_w \mathcal{L}(w) = \sum_{i=1}^{\ell} \bigl(y_i - e^{\langle w, x_i"
           r"\rangle}\bigr) x_i$$" "\n")


def test_a_name_is_differentiated_in_the_last_form_its_chain_proved():
    # the chain's last link, proved in matrix notation (w and x_i vectors), is the form
    # ∇_w differentiates: the log of the product is never taken apart in matrices
    found = steps(POISSON)
    assert [s.verdict for s in found] == ["valid"] * 3
    slipped = steps(POISSON.replace(r"\bigl(y_i - e^{\langle w, x_i\rangle}\bigr) x_i",
                                    r"\bigl(e^{\langle w, x_i\rangle} - y_i\bigr) x_i"))
    assert [s.verdict for s in slipped] == ["valid", "valid", "invalid"]


TRACE = (r"**Пример 5** (комбинация). $f(X) = \operatorname{tr}(A X^{-1})$." "\n"
         r"$$" "\n"
         r"\mathrm{d}f = \operatorname{tr}\bigl(A\, \mathrm{d}(X^{-1})\bigr) = "
         r"-\operatorname{tr}\bigl(A X^{-1}\, \mathrm{d}X\, X^{-1}\bigr) = "
         r"-\operatorname{tr}\bigl(X^{-1} A X^{-1}\, \mathrm{d}X\bigr)." "\n" r"$$" "\n")


def test_factors_inside_a_trace_keep_their_order():
    # the trace turns its factors only cyclically: scalar algebra, which cancels X X⁻¹
    # inside it, never decides such a step
    found = steps(TRACE)
    assert [s.verdict for s in found[1:]] == ["valid", "valid"]
    slipped = steps(TRACE.replace(r"X^{-1} A X^{-1}\, \mathrm{d}X", r"A X^{-1} X^{-1}\, "
                                  r"\mathrm{d}X"))
    assert slipped[-1].verdict == "invalid"


def test_sigma_that_the_page_uses_as_a_number_is_also_read_as_one():
    # z = μ + σε makes σ a number: σ²(3 − 1) may be σ² times 2, never only sigmoid(2)²
    text = (r"Reparameterise $z = \mu + \sigma\varepsilon$ with $\varepsilon$ standard "
            r"normal. Then" "\n\n"
            r"$$\frac{1}{\sigma}\, \sigma^2 (3 - 1) = 2\sigma$$" "\n")
    assert [s.verdict for s in steps(text)] != ["invalid"]


def test_one_hot_entries_with_the_other_class_named_by_an_inequality():
    text = (r"The label is one-hot, $\sum_{k=1}^{K} y_k = 1$. The exponent selects a factor: "
            r"every factor with $y_k = 0$ equals $1$." "\n\n"
            r"Let $c$ be the true class, so $y_c = 1$ and $y_k = 0$ for $k \neq c$:" "\n\n"
            r"$$-\sum_{k=1}^{K} y_k \log \pi_k = -\log \pi_c$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    assert [s.verdict for s in steps(text.replace(r"= -\log \pi_c", r"= -\log \pi_k"))] \
        != ["valid"]


def test_const_absorbs_what_changes_between_lines():
    text = (r"Collecting what does not depend on $w$ into const:" "\n\n"
            r"$$-\frac{1}{2}(y - w x)^2 + \text{const} = -\frac{1}{2} x^2 w^2 + x y w + "
            r"\text{const}$$" "\n")
    assert [s.verdict for s in steps(text)] != ["invalid"]


def test_an_expectation_of_an_outer_product_is_not_read_as_numbers():
    text = (r"Set $\mathbf z = \boldsymbol\mu + L\boldsymbol\varepsilon$ with "
            r"$\boldsymbol\varepsilon \sim \mathcal N(\mathbf 0, I)$:" "\n\n"
            r"$$L\, \mathbb E\bigl[\boldsymbol\varepsilon\boldsymbol\varepsilon^\top\bigr] "
            r"L^\top = L L^\top$$" "\n")
    assert [s.verdict for s in steps(text)] != ["invalid"]


def test_a_matrix_the_words_call_symmetric_is_read_so():
    text = (r"Using $\nabla_{\mathbf{a}}(\mathbf{a}^T\mathbf{A}\mathbf{a}) = "
            r"(\mathbf{A}+\mathbf{A}^T)\mathbf{a}$ and the symmetry of $\boldsymbol{\Lambda}$:"
            "\n\n"
            r"$$\nabla_{\boldsymbol{\mu}}\bigl\{(\mathbf{x}-\boldsymbol{\mu})^T\boldsymbol{"
            r"\Lambda}(\mathbf{x}-\boldsymbol{\mu})\bigr\} = -2\boldsymbol{\Lambda}(\mathbf{x}"
            r"-\boldsymbol{\mu})$$" "\n")
    found = steps(text)
    assert [s.verdict for s in found] == ["valid"] and "symmetric" in found[0].reading
    # without the words, the step is false for a matrix of any entries
    plain = text.replace(r" and the symmetry of $\boldsymbol{\Lambda}$", "")
    assert [s.verdict for s in steps(plain)] == ["invalid"]


def test_entries_of_a_vector_defined_as_a_softmax():
    text = (r"Write $\mathbf{a} = \mathrm{softmax}(\mathbf{s})$. By the quotient rule," "\n\n"
            r"$$\frac{\partial a_j}{\partial s_k} = \frac{\delta_{jk}\exp(s_j)\sum_{l}"
            r"\exp(s_l) - \exp(s_j)\exp(s_k)}{\left(\sum_{l}\exp(s_l)\right)^2} = a_j"
            r"\delta_{jk} - a_j a_k$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid", "valid"]
    slipped = steps(text.replace(r"- a_j a_k$$", r"+ a_j a_k$$"))
    assert [s.verdict for s in slipped] == ["valid", "invalid"]


def test_subscripts_that_are_the_pages_vectors_are_labels():
    # d_p and d_n: the distances to p and n, two names — never two entries of one d
    text = (r"With $d_p = \|\mathbf{a} - \mathbf{p}\|^2$ and $d_n = \|\mathbf{a} - "
            r"\mathbf{n}\|^2$," "\n\n"
            r"$$d_p - d_n = 2\,\mathbf{a}^\top(\mathbf{n} - \mathbf{p}) + \|\mathbf{p}\|^2 - "
            r"\|\mathbf{n}\|^2$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]


def test_a_case_the_words_end_at_is_the_displays_and_no_fact():
    text = (r"Let $L = \max(0, u)$. For an active unit, i.e. $u > 0$:" "\n\n"
            r"$$\frac{\partial L}{\partial u} = 1$$" "\n\n"
            r"and otherwise" "\n\n" r"$$\frac{\partial L}{\partial u} = 0$$" "\n")
    assert [s.verdict for s in steps(text)][0] != "invalid"


def test_a_product_inside_an_integral_ends_before_its_differential():
    import sympy as sp
    from derive.latex.parser import read_expr
    e = read_expr(r"\int_{0}^{\infty} e^{-x} \prod_{j \neq k} e^{-a_j x} \, \mathrm{d}x")
    [integral] = e.atoms(sp.Integral)
    [product] = integral.atoms(sp.Product)
    assert integral.limits[0][0] == sp.Symbol("x", real=True)
    assert not product.has(sp.Symbol(r"\mathrm{d}", real=True), sp.Symbol("d", real=True))
    # the factor a product leaves out is a factor 1, never 0
    left_out = read_expr(r"\prod_{j \neq k} a_j")
    (j, _, n), k = left_out.limits[0], sp.Symbol("k", integer=True, positive=True)
    a = sp.IndexedBase(sp.Symbol("a", real=True))
    assert left_out.subs({n: 3, k: 2}).doit() == a[1] * a[3]


def test_cases_the_words_name_are_no_facts_of_the_page():
    # "negative for k(a) < τn and positive for k(a) > τn": two cases, never both at once
    # (as facts they leave no point to check a step at)
    text = (r"Пусть $\tau \in (0, 1)$. Производная отрицательна при $k(a) < \tau n$ и "
            r"положительна при $k(a) > \tau n$; недопрогноз ($a < y$) при $\tau = 0.9$ "
            r"штрафуется в $\tau/(1-\tau) = 9$ раз сильнее." "\n\n"
            r"$$-\tau\,\bigl(n - k(a)\bigr) + (1 - \tau)\, k(a) = -\tau n + \tau k(a) + k(a) - "
            r"\tau k(a) = k(a) - \tau n$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid", "valid"]


def test_a_labels_square_is_one_in_matrix_notation_too():
    text = HESSIAN.replace(r"\sigma(M_i)\sigma(-M_i)\, x_i x_i^T", r"\sigma(M_i)\sigma(-M_i)\, "
                           r"y_i^2\, x_i x_i^T")
    found = steps(text)
    assert [s.verdict for s in found] == ["valid"] and "square 1" in found[0].reading
    # with no word of the labels' values, y_i² stays a number of its own
    free = text.replace(r", $y_i \in \{-1, +1\}$", "")
    assert [s.verdict for s in steps(free)] != ["valid"]


def test_numbers_side_by_side_are_a_row_never_a_product():
    import pytest
    from derive.latex.parser import ParseError, read_expr
    with pytest.raises(ParseError, match="side by side"):
        read_expr(r"[\,1\;\;2\,]")
    assert str(read_expr(r"\tfrac12 \log_2 2")) == "1/2"      # (a value, then another)


def test_a_trace_step_is_never_valid_by_scalar_algebra():
    # with a hypothesis on X the matrix reading's counterexample is set aside; the scalar
    # reading, which cancels X X⁻¹ inside the trace, must not decide the step then either
    slipped = (r"Пусть $\det X > 0$. " + TRACE).replace(
        r"X^{-1} A X^{-1}\, \mathrm{d}X", r"A X^{-1} X^{-1}\, \mathrm{d}X")
    assert steps(slipped)[-1].verdict != "valid"


def test_a_geometric_sum_in_closed_form():
    text = (r"Momentum with a constant gradient $g$:" "\n\n"
            r"$$ g \sum_{m=0}^{t-1}\beta^m = g\,\frac{1 - \beta^t}{1 - \beta} "
            r"\;\xrightarrow[t\to\infty]{}\; \frac{g}{1 - \beta} $$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    slipped = text.replace(r"\frac{1 - \beta^t}{1 - \beta}", r"\frac{1 - \beta^{t+1}}{1 - \beta}")
    assert [s.verdict for s in steps(slipped)] == ["invalid"]


def test_a_sum_reindexed_is_the_same_geometric_sum():
    # Σ_{k=1}^t β^{t−k} = Σ_{m=0}^{t−1} β^m: SymPy's closed forms hold by cases (β = 1
    # apart), and the step holds in both
    text = r"$$ \sum_{k=1}^{t} \beta^{t-k} = \sum_{m=0}^{t-1} \beta^{m} $$" "\n"
    assert [s.verdict for s in steps(text)] == ["valid"]
