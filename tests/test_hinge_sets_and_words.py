"""Readings that pages in the styles of the independent set asked for: the hinge loss's
gradient per row of W (max and the indicator of a 1×1 product, a derivative by one member
of a family a sum runs over, Δ a margin), a sum over the members of a set, a name the
words make positive, ∇C without its variable, a worked example's numbers put in for
names, a vector's example entries beside its formula, a parameter of H(p, q) that is not
the p_k named later in words."""
from derive.check import check_text
from derive.latex.blocks import _said
from derive.latex.parser import read_chain, read_expr


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


def test_the_gradient_of_max_of_a_product_in_matrix_notation_is_its_indicator():
    text = (r"Let $L = \max(0, w^T x + c)$ with $w, x \in \mathbb{R}^d$." "\n\n"
            r"$$\nabla_{w} L = \mathbb{1}(w^T x + c > 0)\, x$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"\, x$$", r"\, x^T x$$"))[0] != "valid"
    assert verdicts(text.replace(r"= \mathbb{1}", r"= -\mathbb{1}")) == ["invalid"]


HINGE = (r"The loss of example $i$ is" "\n\n"
         r"$$L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)$$" "\n\n"
         r"Its gradient with respect to the row $w_{y_i}$:" "\n\n"
         r"$$\nabla_{w_{y_i}} L_i = - \left( \sum_{j\neq y_i} "
         r"\mathbb{1}(w_j^Tx_i - w_{y_i}^Tx_i + \Delta > 0) \right) x_i$$" "\n\n"
         r"For the other rows, where $j \neq y_i$:" "\n\n"
         r"$$\nabla_{w_j} L_i = \mathbb{1}(w_j^Tx_i - w_{y_i}^Tx_i + \Delta > 0) x_i$$" "\n")


def test_the_hinge_gradient_per_row_is_proved_with_every_member_placed():
    # ∇ by w_{y_i}, one of the w_j the sum runs over: each member in turn, at sizes 1–3
    # (Δ, a capital Greek letter, is tried as a number as well as a matrix)
    found = steps(HINGE)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert "j \\neq y_{i}" in found[1].reading          # the case the words state


def test_a_sign_slip_in_the_hinge_gradient_is_refuted():
    wrong = HINGE.replace(r"= - \left( \sum_{j\neq y_i}", r"= \left( \sum_{j\neq y_i}")
    assert verdicts(wrong)[0] == "invalid"


def test_a_row_gradient_that_fails_only_where_the_rows_coincide_is_never_invalid():
    # without "where j ≠ y_i" the formula fails at j = y_i only: a case the words may set
    # aside, so unknown, never a false alarm
    text = HINGE.replace("For the other rows, where $j \\neq y_i$:", "For the other rows:")
    found = steps(text)
    assert found[1].verdict == "unknown" and "j = y_{i}" in found[1].reason


def test_a_sum_over_the_members_of_a_set_runs_to_its_count():
    [left, right] = read_chain(r"\sum_{i \in \mathcal{B}} 1 = |\mathcal{B}|", frozenset())[0]
    assert left.doit() == right
    text = (r"$$\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} (a_i + b_i) = "
            r"\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} a_i + "
            r"\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} b_i$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"} b_i$$", r"} 2 b_i$$")) == ["invalid"]


def test_words_make_a_name_positive():
    assert _said(r"we choose $\Delta v = -\eta \nabla C$, where $\eta$ is a small, "
                 "positive parameter") == (("positive", r"\eta"),)
    assert _said(r"где $\eta$ — положительный шаг") == (("positive", r"\eta"),)
    assert _said(r"$x$ is not positive") == ()
    assert _said(r"$A$ is positive semi-definite") == ()


def test_a_gradient_written_without_its_variable_is_one_name():
    [left, right] = read_chain(r"\nabla C \cdot \nabla C = \nabla C^2", frozenset())[0]
    assert left == right
    assert read_expr(r"\nabla f(x)", frozenset()).is_Derivative


WEIGHT_DECAY = (r"The penalty is $\frac{\lambda}{2} \|\mathbf{w}\|^2$:" "\n\n"
                r"$$L_\lambda(\mathbf{w}, b) = L(\mathbf{w}, b) + "
                r"\frac{\lambda}{2} \|\mathbf{w}\|^2.$$" "\n\n"
                r"For instance, with $\eta = 0.1$ and $\lambda = 0.5$," "\n\n"
                r"$$(1 - \eta\lambda)^2 \mathbf{w}_0 = 0.95^2 \, \mathbf{w}_0$$" "\n")


def test_numbers_put_in_for_the_names_an_example_values_are_checked_there():
    # η was taken as defined (0.1) and λ left free: the step was refuted at λ = 1
    found = steps(WEIGHT_DECAY)
    assert [s.verdict for s in found] == ["valid"] and "worked example" in found[0].reading
    assert verdicts(WEIGHT_DECAY.replace("0.95^2", "0.9^2")) == ["invalid"]


BATCH = (r"$$\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad "
         r"\mu_B = \frac{1}{m} \sum_{i=1}^m x_i$$" "\n\n"
         r"For $x = [1, 2, 3, 6]$ and $\epsilon = 0$:" "\n\n"
         r"$$\hat{x} = \frac{1}{\sqrt{3.5}} [-2, -1, 0, 3]$$" "\n\n"
         r"The normalized values always sum to zero:" "\n\n"
         r"$$\sum_{i=1}^m \hat{x}_i = \frac{1}{\sqrt{\sigma_B^2 + \epsilon}} "
         r"\sum_{i=1}^m (x_i - \mu_B) = 0$$" "\n")


def test_a_vectors_example_entries_never_replace_its_formula():
    # x̂ = (numbers) after x̂_i = …: the example's, and the general sum after it is still
    # about x̂_i as defined (it had been refuted at m = 1 with x̂_1 = −2/√3.5)
    assert verdicts(BATCH)[-2:] == ["valid", "valid"]


def test_a_parameter_of_a_function_is_not_the_name_the_words_give_later():
    text = (r"The cross-entropy $H(p, q) = -\sum_k p_k \log q_k$ compares two "
            "distributions.\n\n"
            r"Writing $p_k$ for the softmax probability of class $k$," "\n\n"
            r"$$-\mathbb{1}(k = y) + \frac{e^{f_k}}{\sum_j e^{f_j}} = "
            r"p_k - \mathbb{1}(k = y)$$" "\n")
    assert verdicts(text) == ["unknown"]


def test_a_static_sites_front_matter_is_not_derives():
    # `layout: page` above course notes made an error of the front matter, and every
    # reading the document's own notation asks for was lost with it
    text = ("---\nlayout: page\npermalink: /matmul/\n---\n\n"
            r"Backprop hands us $dD = \partial L / \partial D$ for $D = W X$." "\n\n"
            r"$$dW = \frac{\partial L}{\partial W} = dD \, X^T$$" "\n")
    result = check_text(text, timeout=10)
    assert not result.errors
    assert "invalid" not in [s.verdict for s in result.steps()]
    assert check_text("---\nlayout: sideways\n---\n" + text.split("---\n", 2)[2],
                      timeout=10).errors


def test_a_gradient_named_dx_is_one_name():
    functions = frozenset({"∂name:D", "∂name:W"})
    [left, right] = read_chain(r"dW = dD \, X^T", functions)[0]
    assert {str(s) for s in left.free_symbols} == {"dW"}
    assert {str(s) for s in right.free_symbols} == {"dD", "X^{T}"}
    from derive.latex.blocks import read_document
    doc = read_document(r"Let $dD = \partial L / \partial D$ and "
                        r"$dW = \frac{\partial L}{\partial W}$." "\n")
    assert doc.gradient_names() == {"D", "W"}


def test_a_sum_over_the_weights_differentiated_by_one_of_them():
    # Σ_{w'} w'² read as a count (1² + … + n²) had no w in it: the right 2w was refuted
    text = (r"$$C = C_0 + \frac{\lambda}{2n} \sum_w w^2$$" "\n\n"
            r"$$\frac{\partial C_0}{\partial w} + \frac{\lambda}{2n} \frac{\partial}{\partial w}"
            r" \sum_{w'} w'^2 = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"\frac{\lambda}{n} w$$", r"\frac{\lambda}{2n} w$$")) \
        == ["invalid"]


def test_a_norm_read_whole_never_hides_a_defined_name_from_a_refutation():
    text = (r"We take $\eta = \epsilon / \|\nabla C\|$, so that" "\n\n"
            r"$$\| -\eta \nabla C \| = \eta \|\nabla C\| = \epsilon$$" "\n")
    assert "invalid" not in verdicts(text)


def test_a_general_form_in_the_words_is_no_new_meaning_of_the_name():
    # "This is just the cost $C = …$ in the special case of one neuron" had made C the
    # general cost, with no w in it: every ∂C/∂w after it was unknown
    text = (r"A neuron outputs $a = \sigma(z)$, where $z = wx+b$, and" "\n\n"
            r"$$C = \frac{(y-a)^2}{2}.$$" "\n\n"
            r"This is just the cost $C = \frac{1}{2n} \sum_x \|y(x)-a^L(x)\|^2$ in the special "
            "case of one neuron.\n\n"
            r"$$\frac{\partial C}{\partial w} = (a-y)\sigma'(z) x$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"(a-y)\sigma'(z) x$$", r"(y-a)\sigma'(z) x$$")) == ["invalid"]


def test_the_text_under_a_brace_note_is_never_read_as_letters():
    [_, right] = read_chain(r"L = \underbrace{ \frac{1}{N} \sum_i L_i }_\text{data loss} + "
                            r"\underbrace{ \lambda R(W) }_\text{regularization loss}",
                            frozenset())[0]
    assert not {"o", "t", "x"} & {str(s) for s in right.free_symbols}


def test_a_second_partial_written_with_its_variable_below():
    assert read_expr(r"\partial^2_{x} (x^3)", frozenset()).doit() \
        == read_expr(r"\partial_{x}^2 (x^3)", frozenset()).doit() \
        == read_expr(r"6 x", frozenset())


def test_mid_in_pairs_is_an_absolute_value_and_alone_a_conditional():
    value = read_expr(r"\frac{\mid 12 - 12.5 \mid}{\max(\mid 12 \mid, \mid 12.5 \mid)}",
                      frozenset())
    assert value == read_expr(r"\frac{0.5}{12.5}", frozenset())
    assert read_expr(r"p(y \mid x)", frozenset()).is_Symbol


def test_sigma_of_a_sum_is_the_logistic_function_never_a_softmax_output():
    # a_j = σ(Σ_k w_jk a_k + b_j): σ of a number; read as the j-th softmax output in
    # σ(z_j) beside it, the right step was left unknown
    text = (r"$$a^l_j = \sigma\left( \sum_k w^l_{jk} a^{l-1}_k + b^l_j \right) = "
            r"\sigma(z^l_j)$$" "\n\n"
            r"where $z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j$." "\n\n"
            r"$$\sum_j v_{kj} a^l_j + c_k = \sum_j v_{kj} \sigma(z^l_j) + c_k$$" "\n")
    assert verdicts(text)[-1] == "valid"


def test_a_comma_list_below_a_name_splits_letter_pairs_into_indices():
    [entry] = read_chain(r"W_{2,kj}", frozenset())[0]
    assert [str(i) for i in entry.indices] == ["2", "k", "j"]
    text = (r"Since $s_m = \sum_j W_{2,mj} h_j + b_{2,m}$," "\n\n"
            r"$$\frac{\partial L}{\partial W_{2,kj}} = \sum_m \frac{\partial L}{\partial s_m} "
            r"\frac{\partial s_m}{\partial W_{2,kj}} = \frac{\partial L}{\partial s_k} h_j$$" "\n")
    assert verdicts(text) == ["valid", "valid"]


def test_the_formula_at_the_examples_values_is_no_new_meaning():
    # `L_i = -\log p_0` after L_i = −log p_{y_i} and "$y_i = 0$": the example's instance,
    # and the general derivative after it is of L_i as defined (it was refuted by δ_{k y_i})
    text = (r"$$p_k = \frac{e^{f_k}}{\sum_j e^{f_j}} \hspace{0.5in} L_i = -\log p_{y_i}$$" "\n\n"
            r"Let the correct class be the first one, $y_i = 0$. Then" "\n\n"
            r"$$L_i = -\log p_0 = -\log 0.25$$" "\n\n"
            r"In general," "\n\n"
            r"$$\frac{\partial L_i}{\partial f_k} = -\mathbb{1}(k = y_i) + "
            r"\frac{e^{f_k}}{\sum_j e^{f_j}}$$" "\n")
    assert verdicts(text)[-1] == "valid"


def test_sigma_defined_in_the_words_stays_the_librarys_sigma():
    # σ(z) = 1/(1 + e^{-z}) in the words had made σ a function of the page's own, whose σ'
    # was taken down to e^{-z}: the cross-entropy gradient ran out of time, unknown
    text = (r"The output is $a = \sigma(z)$, where $z = \sum_j w_j x_j+b$." "\n\n"
            r"$$C = -\frac{1}{n} \sum_x \left[y \ln a + (1-y ) \ln (1-a) \right]$$" "\n\n"
            r"Next we need the sigmoid $\sigma(z) = 1/(1+e^{-z})$ itself." "\n\n"
            r"$$\frac{\partial C}{\partial w_j} = -\frac{1}{n} \sum_x "
            r"\frac{\sigma'(z) x_j}{\sigma(z)(1-\sigma(z))} (y - \sigma(z))$$" "\n")
    assert verdicts(text) == ["valid"]
    # one sample (no Σ_x, whose x_j is each sample's entry): a slip is refuted
    one = text.replace(r"-\frac{1}{n} \sum_x ", "-")
    assert verdicts(one) == ["valid"]
    assert verdicts(one.replace(r"(y - \sigma(z))$$", r"(y + \sigma(z))$$")) == ["invalid"]


def test_an_estimated_variance_defines_its_standard_deviation():
    # σ̂_B² = … was a step with σ̂_B undefined, and the expanded square beside it refuted
    text = (r"$$\hat{\mu}_\mathcal{B} = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} x_i, "
            r"\qquad \hat{\sigma}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}}"
            r" \left(x_i - \hat{\mu}_\mathcal{B}\right)^2.$$" "\n\n"
            r"$$\hat{\sigma}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} "
            r"x_i^2 - \hat{\mu}_\mathcal{B}^2$$" "\n")
    assert verdicts(text) == ["valid"]
    assert verdicts(text.replace(r"x_i^2 - \hat{\mu}", r"x_i^2 + \hat{\mu}")) == ["invalid"]


def test_expectations_read_whole_are_never_free_numbers_of_a_refutation():
    text = (r"$$\mathrm{Var}[\mathbf{q}^\top \mathbf{k}] = \mathbb{E}\left[\left(\sum_{l=1}^{d} "
            r"q_l k_l\right)^2\right] - \left(\mathbb{E}[\mathbf{q}^\top \mathbf{k}]\right)^2 "
            r"= d$$" "\n\n"
            r"$$\frac{1}{(\sqrt{d})^2} \mathrm{Var}[\mathbf{q}^\top \mathbf{k}] = \frac{d}{d}$$"
            "\n")
    assert "invalid" not in verdicts(text)


def test_an_infinite_series_at_an_examples_value_is_no_counterexample():
    text = (r"For $\beta = 0$ we recover plain gradient descent. For $0 \leq \beta < 1$:" "\n\n"
            r"$$\sum_{\tau=0}^{\infty} \beta^{\tau} - \sum_{\tau=1}^{\infty} \beta^{\tau} = "
            r"\beta^0$$" "\n")
    assert verdicts(text) == ["unknown"]


def test_a_gradient_put_at_a_point_and_matrices_multiplied_entrywise():
    [_, right] = read_chain(r"v_{t+1} = \mu v_t - \alpha \nabla f(x_t + \mu v_t)",
                            frozenset())[0]
    assert right.has(read_expr("x_t", frozenset())) and "Subs" in str(type(
        next(iter(right.atoms(__import__("sympy").Subs)))))
    [left, right] = read_chain(r"\begin{bmatrix} 0.25 \\ -1.5 \end{bmatrix} \odot "
                               r"\begin{bmatrix} 1 \\ 0 \end{bmatrix} = "
                               r"\begin{bmatrix} 0.25 \\ 0 \end{bmatrix}", frozenset())[0]
    assert left == right


def test_a_function_restated_with_other_arguments_is_no_instance_of_the_old():
    # f(w, x) = 1/(1 + e^{-(…)}) after f(x, y, z) = (x + y)z and "$x = 4$": the check of
    # "an instance at the example" put 4 in the old function's signature and the whole
    # block failed — f then kept the old example's value −6
    text = (r"Take $f(x,y,z) = (x + y) z$ with $x = 4$, $y = -6$, $z = 3$:" "\n\n"
            r"$$f = (4 - 6) \cdot 3 = -6$$" "\n\n"
            r"A sigmoid neuron:" "\n\n"
            r"$$f(w,x) = \frac{1}{1+e^{-(w_0x_0+w_1x_1+w_2)}}$$" "\n\n"
            r"Take $w_0 = 1$, $x_0 = 2$, $w_1 = -3$, $x_1 = 1$, $w_2 = 2$:" "\n\n"
            r"$$f = \frac{1}{1+e^{-1}} \approx 0.7311$$" "\n")
    result = check_text(text, timeout=10)
    assert not any(s.verdict == "unknown" and "failed" in s.reason for s in result.steps())
    assert "invalid" not in [s.verdict for s in result.steps()]


def test_sigma_defined_beside_a_function_of_it_is_the_librarys():
    # `silu(x) = x σ(x), \qquad σ(x) = 1/(1 + e^{-x})`: σ in silu's body had become a
    # function of the page's own, defined nowhere once σ stayed the library's
    text = (r"$$\operatorname{silu}(x) = x\,\sigma(x), \qquad \sigma(x) = \frac{1}{1 + e^{-x}} .$$"
            "\n\n"
            r"$$\frac{d}{dx}\operatorname{silu}(x) = \sigma(x)\left(1 + x\left(1 - \sigma(x)"
            r"\right)\right)$$" "\n")
    assert verdicts(text) == ["valid", "valid"]
    assert verdicts(text.replace(r"\left(1 + x\left(1 -", r"\left(1 + x\left(1 +"))[-1] \
        == "invalid"
