"""LaTeX as real documents write it (issue: read real derivations): each pitfall once."""
import pytest
import sympy as sp

from derive.latex.chains import chains_of
from derive.latex.parser import ParseError, index_symbol, read_chain, read_expr
from derive.notation import Optimum, Sigmoid

z, x, s, t = (sp.Symbol(n, real=True) for n in "zxst")
j = sp.Symbol("j", integer=True, positive=True)


def test_powers_of_applied_functions_are_powers_of_the_value():
    assert read_expr(r"\sigma(z)^2") == Sigmoid(z) ** 2
    assert read_expr(r"\sigma^2(z)") == Sigmoid(z) ** 2
    assert read_expr(r"\tanh^2 x") == sp.tanh(x) ** 2
    assert read_expr(r"\tanh(z)^2") == sp.tanh(z) ** 2
    assert read_expr(r"\ln(x)^2") == sp.log(x) ** 2
    f = sp.Function("f", real=True)
    assert read_expr("f(z)^2", frozenset({"f"})) == f(z) ** 2


def test_a_function_without_brackets_takes_a_number_joined_to_names():
    # \tanh 2x is tanh(2x) in every text, never tanh(2)·x; the term ends at an operator
    # or a space, and a number alone is the whole argument
    assert read_expr(r"\tanh 2x") == sp.tanh(2 * x)
    assert read_expr(r"\tanh^2 2x") == sp.tanh(2 * x) ** 2
    assert read_expr(r"e^{-\tanh 2x}") == sp.exp(-sp.tanh(2 * x))
    assert read_expr(r"\sin 2\pi t") == sp.sin(2 * sp.pi * t)
    assert read_expr(r"\tanh 2x \cdot s") == s * sp.tanh(2 * x)
    assert read_expr(r"\ln 2 + x") == sp.log(2) + x
    assert read_expr(r"z\ln 2") == z * sp.log(2)
    # an error after the braces put in is still shown where it is written
    with pytest.raises(ParseError) as err:
        read_expr(r"\tanh 2x + {x")
    assert err.value.position == len(r"\tanh 2x + ")
    spans = []
    read_chain(r"\tanh 2x = s", spans=spans)
    assert spans == [r"\tanh 2x", "s"]


def test_an_upright_word_before_a_bracket_is_an_operator_applied():
    # \operatorname, \mathrm and \text declare a word an operator's name: RBF(x·w) is the
    # function applied, never the product RBF·x·w; alone it stays a name
    for text in (r"\text{RBF}(x w)", r"\mathrm{RBF}(x w)", r"\operatorname{RBF}(x w)"):
        value = read_expr(text)
        assert str(value.func) == "RBF" and value.args == (x * sp.Symbol("w", real=True),)
    assert read_expr(r"2\mathrm{MSE} + 1") == 2 * sp.Symbol("MSE", real=True) + 1


def test_function_names_spelled_out():
    assert read_expr(r"\operatorname{sigmoid}(x)") == Sigmoid(x)
    assert read_expr(r"\exp(x)") == sp.exp(x)
    assert read_expr(r"\text{log}\left(s\right) - \text{log}(t)") == sp.log(s) - sp.log(t)
    assert read_expr("log(s)") == sp.log(s)                     # no backslash
    assert read_expr("a(1-a)") == sp.Symbol("a", real=True) * (1 - sp.Symbol("a", real=True))


def test_decorations_are_part_of_a_name():
    hat = read_expr(r"\hat{y}_j")
    assert isinstance(hat, sp.Indexed) and str(hat.base) == r"\hat{y}" and hat.indices == (j,)
    assert read_expr(r"\mathbf{o}") != read_expr("o")
    assert str(read_expr(r"\boldsymbol{\theta}")) == r"\boldsymbol{\theta}"
    assert read_expr(r"W^\top") == read_expr("W^T")


def test_a_negative_factor_after_a_product_sign():
    assert read_expr(r"e^{-z} \cdot -1") == -sp.exp(-z)


def test_eqnarray_alignment_and_tags():
    assert [c.text.split() for c in chains_of(r"a & = & b \nonumber \\ & = & c \tag{57}")] \
        == [["a", "=", "b", "=", "c"]]


def test_an_index_relation_after_a_chain_is_its_condition():
    (chain,) = chains_of(r"\frac{\partial a_j}{\partial z_i} = a_i(1 - a_i), \quad i = j")
    assert chain.condition == "i = j"
    (chain,) = chains_of(r"\frac{\partial p_i}{\partial a_j} = p_i(1-p_j) \text{if } i = j")
    assert chain.condition == "i = j"


def test_an_unknown_command_is_named():
    with pytest.raises(ParseError, match=r"unknown command \\sigmoid"):
        read_chain(r"\sigmoid(x) = 1")


def test_an_error_names_what_is_written_not_a_mark_of_the_reader():
    with pytest.raises(ParseError) as err:      # |b| under \lim: its bar, as written
        read_chain(r"\lim_{|b| \rightarrow \infty} x = 1")
    assert err.value.message == "unexpected '|'" and err.value.position == 6


def test_an_unclosed_brace_is_reported_where_it_opens():
    with pytest.raises(ParseError) as err:
        read_chain(r"\frac{a}{b = c")
    assert err.value.position == 8 and "never closed" in err.value.message


def test_a_function_of_a_call():
    assert read_expr(r"\ln \sigma(z)") == sp.log(Sigmoid(z))          # was (ln σ)·z
    p = sp.Function("p", real=True)
    w = sp.Symbol("w", real=True)
    assert read_expr(r"\log p(w)", frozenset({"p"})) == sp.log(p(w))


def test_notation_kept_whole_is_one_name():
    left, right = read_chain(r"\|Y - X w\|^2_2 = \|Y - X w\|_2^2")[0]
    assert left == right and len(left.free_symbols) == 1
    (cond,) = read_chain(r"P(t=1 | z)")[0]
    assert isinstance(cond, sp.Symbol) and str(cond) == "P(t=1|z)"


# --- ellipses -------------------------------------------------------------------------------

def test_a_sum_written_with_an_ellipsis_is_the_sum_its_pattern_gives():
    [lhs, rhs], _ = read_chain(r"w_0x_0 + w_1x_1 + \dots + w_mx_m = \sum_{j=0}^{m} w_j x_j")
    assert isinstance(lhs, sp.Sum) and lhs.limits[0][1:] == rhs.limits[0][1:]
    [open_sum], _ = read_chain(r"w_{i1}x_1 + \dots")         # the last term left unwritten
    assert isinstance(open_sum, sp.Sum) and open_sum.limits[0][1] == 1


def test_an_ellipsis_is_never_a_variable():
    from derive.check import check_text
    # read as a name, \dots once was \dot{s}: this true step came out invalid
    steps = check_text(r"$$ \max(s_0, s_1, ..., s_n) - z = \max(s_0 - z, s_1 - z, "
                       r"\dots, s_n - z) $$").steps()
    assert [(s.verdict, s.reason_kind) for s in steps] == [("unknown", "not-checked")]
    assert [s.verdict for s in check_text(
        r"$$ \frac{\partial (w_{i1}x_1 + \dots)}{\partial w_{ij}} = x_j $$").steps()] == ["valid"]
    assert [s.verdict for s in check_text(
        r"$$ \frac{\partial (w_{i1}x_1 + \dots)}{\partial w_{ij}} = x_i $$").steps()] == ["invalid"]


def test_terms_after_a_sum_that_use_its_index_are_inside_it():
    i, n = index_symbol("i"), index_symbol("n")
    t, y = sp.IndexedBase("t"), sp.IndexedBase("y")
    body = t[i] * sp.log(y[i]) + (1 - t[i]) * sp.log(1 - y[i])
    assert str(read_expr(r"-\sum_{i=1}^{n} t_i \log y_i + (1-t_i) \log(1 - y_i)")) == \
        str(-sp.Sum(body, (i, 1, n)))
    # a term that does not use the index ends the sum; a free i before it keeps i free
    assert "c" in map(str, read_expr(r"\sum_{i=1}^{n} t_i + c").args)
    assert "t[i]" in map(str, read_expr(r"y_i + \sum_{i=1}^{n} t_i + t_i").args)


def test_big_operator_scripts_in_either_order():
    assert str(read_expr(r"\sum^{m}_{l=0} w_l")) == str(read_expr(r"\sum_{l=0}^{m} w_l"))
    assert str(read_expr(r"\prod^{n}_{i=1} p_i")) == str(read_expr(r"\prod_{i=1}^{n} p_i"))


def test_softmax_by_name_is_a_function_never_a_product_of_letters():
    for text in (r"Softmax(x_i)", r"\mathrm{softmax}(x_i)", r"\operatorname{softmax}(x_i)"):
        value = read_expr(text)
        assert value.has(sp.exp) and value.has(sp.Sum) and not value.has(sp.Symbol("S"))
    assert "softmax" in str(read_expr(r"\operatorname{softmax}(z)").func)


def test_a_derivative_with_respect_to_the_value_of_an_expression():
    from derive.notation import ByValue
    value = read_expr(r"\frac{\partial \log(\sigma(A_i))}{\partial \sigma(A_i)}")
    assert isinstance(value, ByValue) and value.take().has(Sigmoid)


def test_a_component_of_a_vector_valued_call():
    # softmax's is known; σ's is element by element; any other is a name of its own
    assert str(read_expr(r"\mathrm{softmax}(\mathbf{o})_j")) == str(read_expr(r"\mathrm{softmax}(o_j)"))
    assert str(read_expr(r"[\sigma(\mathbf{a})]_i")) == "Sigmoid(a[i])"
    inside = read_expr(r"\prod_{c=1}^{C} \varsigma(\mathbf{z})_c^{t_c}")
    assert isinstance(inside, sp.Product) and not inside.free_symbols & {index_symbol("c")}
    with pytest.raises(ParseError, match="subscript on an expression"):
        read_expr(r"(W P + b)_k")              # a vector expression's entry: not read yet


def test_an_inner_product_written_with_angle_signs():
    assert read_expr(r"\langle w, x \rangle - <w, x>") == 0
    # spaced, it is two inequalities, never an inner product
    exprs, rels = read_chain(r"0 < x", frozenset())
    assert rels == ["<"]


def test_an_acronym_before_parentheses_names_a_function():
    # MSE(C), NLL(θ), KL(p, q): a function, never the product M·S·E·C
    value = read_expr(r"MSE(C)")
    assert isinstance(value, sp.Function) and str(value.func) == "MSE"
    assert str(read_expr(r"KL(p, q)").func) == "KL"
    # one capital letter is still a name times a bracket, and a lowercase run stays
    # letters (a product) unless it spells a known function
    assert read_expr(r"W(x + y)") == sp.Symbol("W", real=True) * (sp.Symbol("x", real=True)
                                                                  + sp.Symbol("y", real=True))
    assert not isinstance(read_expr(r"ab(c)"), sp.Function)


def test_reading_the_same_display_again_gives_the_same_result():
    first, second = [], []
    assert read_chain(r"a = b + c \le d", spans=first) == read_chain(r"a = b + c \le d",
                                                                     spans=second)
    assert first == second == ["a", "b + c", "d"]
    for _ in range(2):
        with pytest.raises(ParseError, match=r"unknown command \\sigmoid"):
            read_chain(r"\sigmoid(x)")


def test_a_function_word_set_as_text_takes_its_argument_as_the_command_does():
    # `\text{log}\,e^{u}` is log e^u, never the product log·e^u; `{\text{max}}(a, b)` too
    u = sp.Symbol("u", real=True)
    assert read_expr(r"\text{log}\,e^{u}") == read_expr(r"\log e^{u}")
    assert read_expr(r"{\text{max}} \left(a, b\right)") == read_expr(r"\max(a, b)")
    assert read_expr(r"\operatorname*{min}(a, b)") == read_expr(r"\min(a, b)")
    spans = []
    read_chain(r"\text{log}\,e^{u} = u", spans=spans)
    assert spans[0] == r"\text{log}\,e^{u}"              # as written, not as rewritten


def test_gradient_and_subscripted_partial_are_derivative_operators():
    w, L = sp.Symbol("w", real=True), sp.Symbol("L", real=True)
    assert read_expr(r"\nabla_w L") == sp.Derivative(L, w)
    assert read_expr(r"\partial_{w} L") == sp.Derivative(L, w)
    bold = read_expr(r"\mathbf{w}")
    assert read_expr(r"\nabla_{\mathbf{w}} (\mathbf{w} x)") == sp.Derivative(bold * x, bold)
    f = sp.Function("f", real=True)
    assert read_expr(r"\nabla f(x)") == sp.Derivative(f(x), x)     # f: a function of x
    with pytest.raises(ParseError, match="needs its variable"):
        read_expr(r"\nabla (x + y)")
    # `\nabla C \cdot \Delta v`: the gradient of a cost whose variable the text leaves
    # unwritten is one name (as `\Delta v` is), never ∇ times C
    assert {str(s) for s in read_expr(r"\nabla C \cdot \nabla C").free_symbols} == {"\\nabla C"}
    assert read_expr(r"\nabla^2 f(x)") == sp.Derivative(f(x), (x, 2))   # one variable: f''
    assert read_expr(r"\nabla^2_w L") == sp.Derivative(L, (w, 2))


def test_a_partial_with_a_power_is_a_higher_derivative():
    w, L, y = (sp.Symbol(n, real=True) for n in ("w", "L", "y"))
    wj, wk = (sp.IndexedBase("w", real=True)[index_symbol(n)] for n in "jk")
    assert read_expr(r"\frac{\partial^2 L}{\partial w^2}") == sp.Derivative(L, (w, 2))
    assert read_expr(r"\frac{\partial^{2} L}{\partial w_j \, \partial w_k}") \
        == sp.Derivative(L, wj, wk)
    assert read_expr(r"\frac{\partial^2}{\partial x^2} x^3").doit() == 6 * x
    with pytest.raises(ParseError, match="2 above, but 1"):
        read_expr(r"\frac{\partial^2 L}{\partial w}")
    # ∂ above with no power: ∂σ² below is by the variance σ², never a second derivative
    sigma = sp.Symbol("sigma", real=True)
    assert read_expr(r"\frac{\partial}{\partial \sigma^2} \sqrt{\sigma^2 + y}").take() \
        .equals(1 / (2 * sp.sqrt(sigma ** 2 + y)))


def test_tex_shorthands_of_one_token_arguments_and_scripts():
    S = sp.Symbol("S", real=True)
    assert read_expr(r"\tfrac12 S") == S / 2                 # one digit each, as TeX reads it
    assert read_expr(r"\frac 1 2 + \frac{10}{3}") == sp.Rational(1, 2) + sp.Rational(10, 3)
    assert read_expr(r"w^\star") == read_expr(r"w^*")          # the optimum, either way
    # thin spaces are no part of a name kept whole: KL(P‖Q) is one name however spaced
    assert read_expr(r"\mathrm{KL}(P \,\|\, Q)") == read_expr(r"\mathrm{KL}(P\|Q)")
    W, C, l = (sp.Symbol(n, real=True) for n in "WCl")
    assert read_expr(r"\nabla_{W^l} C") == read_expr(r"\frac{\partial C}{\partial W^l}")


def test_old_style_and_padded_groups():
    a, b = sp.symbols("a b", real=True)
    assert read_expr(r"{a \over b}") == a / b
    y = sp.IndexedBase("y", real=True)[j]
    assert read_expr(r"\frac{\partial \log(y_j)}{\partial z}{}") == sp.Derivative(sp.log(y), z)
    assert read_expr(r"\frac{\partial}{{\partial z}} \frac{1}{1+e^{-z}}") == \
        sp.Derivative(1 / (1 + sp.exp(-z)), z)
    assert read_expr(r"\sigma{(z)}") == Sigmoid(z)                  # a call, braces padded


def test_an_increment_is_one_name():
    assert str(read_expr(r"\Delta w")) == r"\Delta w"
    step = read_expr(r"\Delta \mathbf{w}_j")
    assert isinstance(step, sp.Indexed) and str(step.base) == r"\Delta \mathbf{w}"
    assert read_expr(r"\Delta") == sp.Symbol("Delta", real=True)


def test_indicator_of_indices_and_a_sum_in_a_denominator():
    i = sp.Symbol("i", integer=True, positive=True)
    sig = sp.IndexedBase("sigma", real=True)
    assert read_expr(r"\sigma_i(1_{i=j} - \sigma_j)") == sig[i] * (sp.KroneckerDelta(i, j) - sig[j])
    assert read_expr(r"1_{i \neq j}") == 1 - sp.KroneckerDelta(i, j)
    with pytest.raises(ParseError, match="relation as a subscript"):
        read_expr(r"x_{i=j}")
    f = sp.IndexedBase("f", real=True)
    k = sp.Symbol("k", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    assert read_expr(r"e^{f_k} / \sum_j e^{f_j}") == sp.exp(f[k]) / sp.Sum(sp.exp(f[j]), (j, 1, n))
    a, b = sp.symbols("a b", real=True)
    assert read_expr(r"a \odot b") == a * b          # entrywise: the product of components


def test_an_elided_argument_list_is_a_signature_not_a_value():
    f, s = sp.IndexedBase("f", real=True), sp.IndexedBase("s", real=True)
    K = sp.Symbol("K", integer=True, positive=True)
    head, body = read_chain(r"f_K(s_1, s_2, \dots, s_K) = e^{s_K}")[0]
    assert head == f[K] and body == sp.exp(s[K])
    assert read_expr(r"\ln f_K(s_1, s_2, \dots, s_K)") == sp.log(f[K])
    with pytest.raises(ParseError):
        read_expr(r"(s_1, \dots, s_K)")                  # alone, a list is still no value


def test_an_integral_over_the_variable_of_its_closing_differential():
    assert read_expr(r"\int_0^1 x^2 \, \mathrm{d}x") == sp.Integral(x ** 2, (x, 0, 1))
    assert read_expr(r"\int_x x \, dx") == sp.Integral(x, x)       # \int_x: x's domain
    bold = read_expr(r"\mathbf{z}")
    assert read_expr(r"\int \mathbf{z} \, d\mathbf{z}") == sp.Integral(bold, bold)
    with pytest.raises(ParseError, match="differential"):
        read_expr(r"\int x")


def test_a_divergence_with_a_double_bar_is_one_name():
    for text in (r"D_\text{KL}( q(z \vert x) \| p(z \vert x) )", r"KL(P || Q)", r"D_{KL}(p || q)"):
        value = read_expr(text)
        assert isinstance(value, sp.Symbol) and "KL" in value.name, text


@pytest.mark.parametrize("text", [
    r"\operatorname*{argmax}_\theta L", r"\arg\max_\theta L", r"\arg\,\max_{\theta} L",
    r"\text{argmax}_\theta L", r"\underset{\theta}{\text{argmax}}\; L",
    r"\underset{\theta}{\operatorname{arg\,max}} L", r"\argmax_\theta L",
])
def test_every_spelling_of_argmax_is_one_optimum(text):
    theta, big_l = sp.Symbol("theta", real=True), sp.Symbol("L", real=True)
    assert read_expr(text) == Optimum(sp.Symbol("argmax"), big_l, theta)


def test_an_optimum_takes_what_follows_and_a_max_of_a_list_stays_a_function():
    a, b, d = sp.symbols("a b D", real=True)
    assert read_expr(r"\max_D 2 a + 1") == Optimum(sp.Symbol("max"), 2 * a, d) + 1
    assert read_expr(r"\max(a, b)") == sp.Max(a, b)
    outer = read_expr(r"\min_G \max_D V")
    assert outer.kind == "min" and outer.objective.kind == "max"


def test_an_expectation_over_a_distribution_with_scripts_is_one_name():
    value = read_expr(r"\mathbb{E}_{x \sim p_{r}(x)} [\log D(x)] + 1")
    assert value - 1 in {s for s in value.free_symbols} and len(value.free_symbols) == 1


def test_iversons_bracket_is_an_indicator_and_a_bracket_stays_a_bracket():
    y, i = sp.IndexedBase("y", real=True), index_symbol("i")
    assert read_expr(r"[y_i = +1]") == sp.Piecewise((1, sp.Eq(y[i], 1)), (0, True))
    assert read_expr(r"[i = j]") == sp.KroneckerDelta(i, j)
    assert read_expr(r"[x + 1] x") == x * (x + 1)


def test_log_spelled_without_a_backslash_takes_what_follows():
    assert read_expr(r"- log {e^{x}}") == -sp.log(sp.exp(x))
    assert read_expr(r"log x + 1") == sp.log(x) + 1


def test_underset_under_a_sum_is_its_index():
    a = sp.IndexedBase("a", real=True)
    i, n = index_symbol("i"), sp.Symbol("n", integer=True, positive=True)
    assert read_expr(r"\underset i \sum e^{a_i}") == sp.Sum(sp.exp(a[i]), (i, 1, n))
    both = read_expr(r"\sum_{\underset{j \neq c}{j=0}}^{C-1} e^{a_j}")     # j = 0 and j ≠ c
    assert str(both) == "Sum((1 - KroneckerDelta(c, j))*exp(a[j]), (j, 0, C - 1))"


def test_an_expectation_with_no_bracket_applies_to_the_factors_after_it():
    value = read_expr(r"\mathbb{E}_{z \sim q} \log p - 1")
    [over] = value.atoms(Optimum)
    assert value == over - 1 and over.objective == sp.log(sp.Symbol("p", real=True))


def test_a_component_of_a_matrix_vector_expression_is_written_in_indices():
    k, m = index_symbol("k"), index_symbol("m")
    n = sp.Symbol("n", integer=True, positive=True)
    w, p, b = (sp.IndexedBase(c, real=True) for c in "WPb")
    assert read_expr(r"( W \vec P + \vec b )_k") == sp.Sum(w[k, m] * p[m], (m, 1, n)) + b[k]
    with pytest.raises(ParseError, match="subscript on an expression"):
        read_expr(r"(W + V)_k")                        # a matrix has no k-th entry


def test_a_row_or_a_column_of_a_matrix_times_a_vector_is_a_dot_product():
    j, k, m = index_symbol("j"), index_symbol("k"), index_symbol("m")
    n = sp.Symbol("n", integer=True, positive=True)
    w, xs = sp.IndexedBase("W", real=True), sp.IndexedBase("x", real=True)
    assert read_expr(r"W_{j,:} \cdot x") == sp.Sum(w[j, m] * xs[m], (m, 1, n))
    assert read_expr(r"W_{j,:} \mathbf{x} + 1") == sp.Sum(w[j, m] * xs[m], (m, 1, n)) + 1
    assert read_expr(r"x \cdot W_{:,k}") == sp.Sum(xs[m] * w[m, k], (m, 1, n))
    with pytest.raises(ParseError, match="of W is read only times a vector"):
        read_expr(r"W_{j,:} + 1")                     # a whole row, alone: not a number
    with pytest.raises(ParseError, match="read only as a row"):
        read_expr(r"W_{:,:} x")


def test_a_brace_note_is_set_aside():
    # seed 002: `\underbrace{\nabla_{ij} g_i}_{=x_j}`: the note says why, it is not read
    x_, y_, a_, b_, c_ = (sp.Symbol(n, real=True) for n in "xyabc")
    assert read_expr(r"2 \underbrace{x y}_{=0,\, i \neq k} + \overbrace{a b}^{\textcircled{1}} c") \
        == 2 * x_ * y_ + a_ * b_ * c_
    assert read_expr(r"\underbrace{x + y} z") == (x_ + y_) * sp.Symbol("z", real=True)


def test_a_quantity_named_by_a_word_is_one_name():
    # notebooks type `loss = - a_{correct} + log …`: one name each, never l·o·s², c·o·r²…
    loss, correct = sp.Symbol("loss", real=True), index_symbol("correct")
    a, L = sp.IndexedBase("a", real=True), sp.IndexedBase("L", real=True)
    [left, right], _ = read_chain(r"loss = - a_{correct} + x")
    assert left == loss and right == x - a[correct]
    assert read_expr(r"L_{reg} + L_{data}") == L[index_symbol("reg")] + L[index_symbol("data")]
    assert read_expr(r"loss_i") == sp.IndexedBase("loss", real=True)[index_symbol("i")]
    # letters around the word keep the product reading; index runs stay indices
    assert read_expr("xloss") != x * loss and read_expr("a_{ij}") == a[index_symbol("i"),
                                                                           index_symbol("j")]


def test_a_derivative_written_with_a_slash():
    # blogs write ∂ξ/∂z inline as `{\partial \xi}/{\partial z}`
    xi = sp.Symbol("xi", real=True)
    assert read_expr(r"{\partial \xi}/{\partial z}") == sp.Derivative(xi, z)
    with pytest.raises(ParseError):
        read_expr(r"x/{\partial z}")


def test_absolute_value_bars_written_plainly_or_sized():
    y, c = sp.Symbol("y", real=True), sp.Symbol("C", real=True)
    assert read_expr(r"|x|") == sp.Abs(x)
    assert read_expr(r"\left|y - C\right|") == sp.Abs(y - c)
    assert read_expr(r"|x| + |y - 1|") == sp.Abs(x) + sp.Abs(y - 1)
    # a conditional's bar and a norm's are no absolute values
    assert "|" in str(read_expr(r"p(y|x)")) and "\\|" in str(read_expr(r"\|x\|^2 + |z|"))


def test_a_named_function_with_a_prime_is_its_derivative():
    assert read_expr(r"\tanh'(z)") == 1 - sp.tanh(z) ** 2
    assert read_expr(r"\log'(x)") == 1 / x
    assert read_expr(r"\tanh'(z)^2") == (1 - sp.tanh(z) ** 2) ** 2


def test_a_divergence_with_a_worded_subscript_and_vert_bars_is_one_name():
    assert read_expr(r"D_{\mathrm{KL}}(p \Vert q)") == read_expr(r"D_{\mathrm{KL}}(p \| q)")
    assert read_expr(r"D_{\mathrm{KL}}(p \| q)").is_Symbol


def test_an_indicator_of_a_samples_label_is_a_kronecker_delta():
    # y_i the class sample i is of, as in p_{y_i}
    label = read_expr(r"p_{y_i}").indices[0]
    assert read_expr(r"\mathbb{1}(y_i = k)") == sp.KroneckerDelta(index_symbol("k"), label)
    assert read_expr(r"\mathbb{1}_{i=j}") == sp.KroneckerDelta(index_symbol("i"),
                                                               index_symbol("j"))
    assert read_expr(r"2\mathbb{1}") == 2
    # a label against a value (y_i = +1) is no index: a condition on the value
    assert read_expr(r"[y_i = -1]").func is sp.Piecewise


def test_an_indicator_of_several_conditions_is_one_when_all_hold():
    m, n, k, l = (index_symbol(c) for c in "mnkl")
    assert read_expr(r"\mathbb{1}(m = k, n = l)") == sp.KroneckerDelta(m, k) * \
        sp.KroneckerDelta(n, l)
    assert read_expr(r"I(m = k, n \neq l)") == sp.KroneckerDelta(m, k) * \
        (1 - sp.KroneckerDelta(n, l))
    with pytest.raises(ParseError):
        read_expr(r"f(m = k, n = l)")       # (a function of a relation: no reading)


def test_an_evaluation_bar_is_the_expression_at_its_point():
    at = read_expr(r"\left.\frac{d}{dz}\sigma(z)\right|_{z=0}")
    assert isinstance(at, sp.Subs) and at.point == (0,)
    assert read_expr(r"\left. x^2 \right\vert_{x = 3}") == sp.Subs(x ** 2, x, 3)
    with pytest.raises(ParseError):
        read_expr(r"\left. x^2 \right|_{x > 3}")


def test_a_primed_function_at_a_number():
    # \tanh(0) is already 0 before the prime could be read: the derivative is taken first
    assert read_expr(r"\tanh'(0)") == 1
    assert read_expr(r"\tanh'(x)") == 1 - sp.tanh(x) ** 2


def test_a_primed_name_with_an_index_is_an_entry_of_another_vector():
    # ‖x − x′‖ written out: x'_j is the j-th entry of x′, not a derivative of x
    xp = sp.IndexedBase("x'", real=True)
    assert read_expr(r"x_j - x'_j") == sp.IndexedBase("x", real=True)[j] - xp[j]
    # with its argument written, a prime is a derivative as before
    assert read_expr(r"\tanh'(x_j)") == 1 - sp.tanh(sp.IndexedBase("x", real=True)[j]) ** 2


def test_infinity_as_a_script_without_braces():
    assert read_expr(r"v_\infty") == read_expr(r"v_{\infty}")
    assert read_expr(r"\sum_{k=0}^\infty x^k") == read_expr(r"\sum_{k=0}^{\infty} x^k")


def test_a_numbered_decay_rate_to_the_step_count_is_a_power():
    # Adam's bias correction 1 − β_1^t; a layer label stays a label
    beta = sp.IndexedBase("beta", real=True)
    assert read_expr(r"1 - \beta_1^t") == 1 - beta[1] ** t
    assert read_expr(r"\beta_2^{t-1}") == beta[2] ** (t - 1)
    assert read_expr(r"a^L_j") == sp.IndexedBase("a^{L}", real=True)[j]


def test_a_sum_over_the_indices_that_meet_a_condition():
    # \sum_{i:\, y_i = 1} (Russian boosting notes): each term times its indicator
    got = read_expr(r"\sum_{i:\, y_i = 1} w_i")
    y, w = sp.IndexedBase("y", real=True), sp.IndexedBase("w", real=True)
    i = index_symbol("i")
    n = index_symbol("n")
    assert got == sp.Sum(sp.Piecewise((w[i], sp.Eq(y[i], 1)), (0, True)), (i, 1, n))


def test_a_braced_star_is_the_starred_name_not_the_plain_one():
    # `w^{*}` read as w made "Минимум в точке $w^{*} = 5$" the fact w = 5
    star = read_expr(r"w^*")
    for text in (r"w^{*}", r"w^{ * }", r"w^{\ast}", r"w^\ast", r"w^\star"):
        assert read_expr(text) == star
    assert read_expr(r"w^{*}") != read_expr("w")


def test_a_logarithm_to_a_written_base():
    # \log_2 was read as an optimum over the variable 2
    assert read_expr(r"\log_2 8") == sp.log(8) / sp.log(2)
    x = read_expr("x")
    assert read_expr(r"\log_{10} x") == sp.log(x) / sp.log(10)
    assert read_expr(r"\log_2(x)^2") == (sp.log(x) / sp.log(2)) ** 2
    assert isinstance(read_expr(r"\max_D V(D)"), Optimum)


def test_a_factorial():
    k = read_expr("k")
    assert read_expr(r"\frac{\lambda^k e^{-\lambda}}{k!}") == \
        read_expr(r"\lambda^k e^{-\lambda}") / sp.factorial(k)
    assert read_chain(r"3! = 6", frozenset())[0] == [6, 6]
    assert read_chain(r"a \neq b", frozenset())[1] == ["!="]
    with pytest.raises(ParseError, match="more than this checker reads"):
        read_expr("1000000!")                  # computed as it is read: hostile input


def test_a_decimal_comma_in_braces_is_a_decimal_point():
    # Russian typesetting: `0{,}5` is 0.5; a bare comma still separates a list
    from derive.check import check_text
    doc = (r"$$1 - 0{,}1 \cdot (-6) = 1{,}6$$" "\n\n" r"$$2 \cdot 0{,}4791 = 0{,}9482$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "invalid"]
    assert read_expr(r"x^{0{,}5}") == x ** sp.Rational(1, 2)


def test_a_tuple_is_a_vector_written_out():
    # `(0.5, -1) - 0.1 \cdot (-2, -1)` and `(2;\ 1)` are columns, compared entry by entry
    from derive.check import check_text
    doc = (r"$$(0.5, -1) - 0.1 \cdot (-2, -1) = (0.7, -0.9)$$" "\n\n"
           r"$$(0.5; -1) + (1;\ 1) = (1.5;\ 0)$$" "\n\n"
           r"$$(0.5, -1) - 0.1 \cdot (-2, -1) = (0.7, -0.8)$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == \
        ["valid", "valid", "invalid"]
    assert read_expr("(1, 2)") == sp.ImmutableMatrix([[1], [2]])


def test_the_variance_is_an_operator_never_a_factor():
    # D(cξ̄) = cDξ̄ holds if D is a number; D, 𝔻, Var are the variance: no step about them
    # is valid by commuting a factor past it, and the right rule c² is no false alarm
    from derive.check import check_text
    head = r"Пусть $\bar\xi = \frac{1}{n}\sum_{i=1}^n \xi_i$." "\n\n"
    for op in ("D", r"\mathbb{D}", r"\operatorname{D}", r"\operatorname{Var}"):
        for power in ("", "^2"):
            doc = head + rf"$$ {op}(c\bar\xi) = c{power} {op}\bar\xi $$"
            assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["unknown"], op
    value = read_expr(r"c \mathbb{D}\bar\xi")
    assert value.atoms(Optimum)
    # a D that counts (x ∈ ℝ^D) stays a name
    counted = check_text(r"Let $x \in \mathbb{R}^D$." "\n\n" r"$$D(a + b) = Da + Db$$",
                         timeout=10).steps()
    assert [s.verdict for s in counted] == ["valid"]


def test_an_entry_of_a_transposed_matrix_swaps_its_indices():
    # `\left(X^\top\right)_{ji}` is X_{ij}: the swapped-index slip beside it is refuted
    assert read_expr(r"\left(X^\top\right)_{ji}") == read_expr("X_{ij}")
    assert read_expr(r"(W^T)_{k,l}") == read_expr("W_{l,k}")
    with pytest.raises(ParseError):
        read_expr(r"(X^\top)_{j}")


def test_a_sign_superscript_is_part_of_a_name_and_never_a_lost_operand():
    from derive.latex.parser import ParseError, read_chain
    exprs, _ = read_chain(r"L = \max\bigl(0,\; m - s^+ + s^-\bigr) + s^{-}_k")
    names = {str(s) for s in exprs[1].free_symbols}
    assert {"s^{+}", "s^{-}"} <= names
    assert str(read_chain(r"\mathbf{v}^+ - \mathbf{v}^- = 1")[0][0]) == r"\mathbf{v}^{+} - \mathbf{v}^{-}"
    assert read_chain(r"x^{-1} = 1/x")[0][0] == read_chain(r"1/x = 1")[0][0]
    for text in (r"e^-x = 1", r"a - b^- c = 1"):      # a sign with an operand after it
        try:
            exprs, _ = read_chain(text)
        except ParseError:
            continue
        assert not any("^{-}" in str(s) for s in exprs[0].free_symbols), text


def test_an_inner_decoration_may_leave_its_letter_unbraced():
    from derive.latex.parser import read_chain
    for loose, braced in ((r"\hat{\boldsymbol\beta}", r"\hat{\boldsymbol{\beta}}"),
                          (r"\hat{\mathbf w}", r"\hat{\mathbf{w}}")):
        left, right = read_chain(f"{loose} = {braced}")[0]
        assert left == right


def test_the_inverse_of_a_matrix_written_out_is_its_inverse():
    from derive.latex.parser import ParseError, read_chain
    left, right = read_chain(r"\begin{pmatrix} 3 & 1 \\ 1 & 3 \end{pmatrix}^{-1} = "
                             r"\frac{1}{8}\begin{pmatrix} 3 & -1 \\ -1 & 3 \end{pmatrix}")[0]
    assert left == right
    try:
        read_chain(r"\begin{pmatrix} 1 & 1 \\ 1 & 1 \end{pmatrix}^{-1} = 1")
    except ParseError as err:
        assert "determinant is 0" in err.message
    else:
        raise AssertionError("a singular matrix inverted")


def test_a_normal_density_with_its_variance_written_is_the_density():
    # 𝒩(y | μ, σ²): the density at y; the variance written as a square or a number makes
    # the reading sure — with σ alone, or a covariance I, it stays a name
    y, mu, sigma = (sp.Symbol(n, real=True) for n in ("y", "mu", "sigma"))
    got = read_expr(r"\mathcal{N}(y \mid \mu, \sigma^2)")
    assert sp.simplify(got - sp.exp(-(y - mu) ** 2 / (2 * sigma ** 2))
                       / sp.sqrt(2 * sp.pi * sigma ** 2)) == 0
    assert read_expr(r"\mathcal{N}(x | 0, 1)") == sp.exp(-x ** 2 / 2) / sp.sqrt(2 * sp.pi)
    for kept in (r"\mathcal{N}(y \mid \mu, \sigma)", r"\mathcal{N}(w \mid 0, I)"):
        assert isinstance(read_expr(kept), sp.Symbol)


def test_a_delta_between_the_label_and_an_index_is_kroneckers():
    # y_j = δ_{yj}: the one-hot label, as δ_{ij}; δ_{oi}, δ_{hi} stay a layer's errors
    y = sp.Symbol("y", integer=True, positive=True)
    assert read_expr(r"\delta_{yj}") == sp.KroneckerDelta(y, j)
    assert not isinstance(read_expr(r"\delta_{oi}"), sp.KroneckerDelta)


def test_plain_tex_font_switches_read_as_the_latex_commands():
    from derive.latex.macros import MacroTable
    expand = MacroTable().expand
    assert read_expr(expand(r"{\rm sgn}(w)")) == read_expr(r"\mathrm{sgn}(w)")
    assert read_expr(expand(r"C_{\rm reg}")) == read_expr(r"C_{\mathrm{reg}}")
    assert read_expr(expand(r"{\bf x}")) == read_expr(r"\mathbf{x}")


def test_a_letter_written_before_a_subscript_labels_the_name():
    # a^z_{t,1}, b^h_i: a gate's pre-activation and bias (GRU, LSTM); a power is written
    # after the subscript, or is a number
    t = index_symbol("t")
    assert read_expr(r"a^z_{t,1}") == sp.IndexedBase("a^{z}", real=True)[t, 1]
    assert read_expr(r"a^{z}_{t,1}") == read_expr(r"a^z_{t,1}")
    a = sp.IndexedBase("a", real=True)
    assert read_expr(r"a_{t,1}^z") == a[t, 1] ** sp.Symbol("z", real=True)
    assert read_expr(r"a^2_j") == a[j] ** 2


def test_an_entry_of_a_gradient_is_the_derivative_by_that_entry():
    x = sp.IndexedBase("x", real=True)
    n = sp.Symbol("n", integer=True, positive=True)
    y, f = sp.Symbol("y", real=True), sp.Symbol("f", real=True)
    assert read_expr(r"\left( \frac{\partial y}{\partial x} \right)_n") == sp.Derivative(y, x[n])
    assert read_expr(r"(\nabla_{\mathbf{x}} f)_n") == sp.Derivative(f, x[n])
    with pytest.raises(ParseError):         # two indices: which layout is not guessed here
        read_expr(r"\left( \frac{\partial y}{\partial x} \right)_{n,m}")


def test_a_primed_index_is_an_index_of_its_own():
    # `\sum_{k'=1}^K`, `y_{k'}`, `[k' = k]`: a second index beside k, named k' in what is read
    k, kp, K = (sp.Symbol(n, integer=True, positive=True) for n in ("k", "k'", "K"))
    y = sp.IndexedBase("y", real=True)
    assert read_expr(r"\sum_{k'=1}^{K} y_{k'} \mathbb{1}[k' = k]") == \
        sp.Sum(y[kp] * sp.KroneckerDelta(k, kp), (kp, 1, K))
    assert read_expr(r"f'(x)") != read_expr(r"f(x)")        # a prime on a function: d/dx


def test_a_derivative_written_with_a_slash_inline():
    # "∂C/∂w^l_{jk}" as books write it in the words: the fraction of the factor after each ∂
    C, z = sp.Symbol("C", real=True), sp.Symbol("z", real=True)
    w, x = sp.IndexedBase("w", real=True), sp.IndexedBase("x", real=True)
    j = sp.Symbol("j", integer=True, positive=True)
    assert read_expr(r"\partial C / \partial z") == sp.Derivative(C, z)
    assert read_expr(r"\partial C / \partial w_j x_j") == sp.Derivative(C, w[j]) * x[j]
    with pytest.raises(ParseError):
        read_expr(r"a / \partial z")


def test_a_sum_over_n_with_no_bounds_runs_to_a_count_of_its_own():
    # Σ_n over the samples: n = 1 … N, never Σ_{n=1}^{n} (its variable its own bound, which
    # any value given to the count wrote into the variable: "Invalid limits")
    n = index_symbol("n")
    value = read_expr(r"\sum_n x_n")
    assert value.limits == ((n, 1, index_symbol("N")),)
    assert read_expr(r"\sum_i x_i").limits[0][2] == n
