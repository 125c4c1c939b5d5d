"""Readings found on real pages collected for this round: a step size written bare is a
coefficient (η (g + λθ) is a product), a list of names declared at once (`x, μ ∈ ℝ^d`), and
a matrix declared with its shape and then called symmetric."""
from derive.check import check_text


def steps(text):
    return check_text(text, timeout=10).steps()


ADAMW = (r"The decoupled update is" "\n\n"
         r"$$\theta_t = \theta_{t-1} - \eta \left( \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"
         r" + \lambda \theta_{t-1} \right) = (1 - \eta\lambda)\theta_{t-1} - \eta "
         r"\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}$$" "\n")


def test_a_step_size_written_bare_is_a_coefficient_before_a_bracket():
    # η is written bare (η m̂/(√v̂ + ε)) and never at a point: η(…) is η times the bracket
    assert [s.verdict for s in steps(ADAMW)] == ["valid"]
    wrong = ADAMW.replace(r"(1 - \eta\lambda)", r"(1 + \eta\lambda)")
    found = steps(wrong)
    assert [s.verdict for s in found] == ["invalid"]
    assert found[0].counterexample


def test_a_letter_at_a_point_somewhere_keeps_the_function_reading():
    # η(t) written once at a plain argument: η may be a function, so η(g + λθ) is not refuted
    doc = ADAMW.replace("The decoupled update is",
                        r"The step size $\eta(t)$ follows a schedule. The decoupled update is")
    wrong = doc.replace(r"(1 - \eta\lambda)", r"(1 + \eta\lambda)")
    assert [s.verdict for s in steps(wrong)] != ["invalid"]


GAUSS = (r"Let $x, \mu \in \mathbb{R}^d$ and let $\Sigma \in \mathbb{R}^{d\times d}$ be "
         r"symmetric positive definite." "\n\n"
         r"$$\ell = -\frac{1}{2}(x-\mu)^\top \Sigma^{-1} (x-\mu)$$" "\n\n"
         r"$$\nabla_\mu \ell = \Sigma^{-1}(x - \mu)$$" "\n")


def test_names_declared_in_a_list_each_take_the_shape():
    assert [s.verdict for s in steps(GAUSS)] == ["valid"]
    found = steps(GAUSS.replace(r"= \Sigma^{-1}(x - \mu)", r"= -\Sigma^{-1}(x - \mu)"))
    assert [s.verdict for s in found] == ["invalid"]


def test_without_symmetry_the_gradient_is_not_confirmed():
    # the same gradient of a general Σ is ½(Σ⁻¹ + Σ⁻ᵀ)(x − μ): never `valid`
    doc = GAUSS.replace(" be symmetric positive definite", " be invertible")
    assert [s.verdict for s in steps(doc)] != ["valid"]


SOFTMAX = (r"Let $z \in \mathbb{R}^K$ and $s = \mathrm{softmax}(z)$, that is $s_i = "
           r"\frac{e^{z_i}}{\sum_{k=1}^K e^{z_k}}$." "\n\n"
           r"$$\frac{\partial s}{\partial z} = \operatorname{diag}(s) - s s^\top$$" "\n")


def test_the_softmax_jacobian_in_matrix_notation():
    # softmax(z) is a vector of z's shape (not entry by entry): its Jacobian is checked
    assert [s.verdict for s in steps(SOFTMAX)] == ["valid"]
    swapped = SOFTMAX.replace(r"\operatorname{diag}(s) - s s^\top", r"s s^\top - \operatorname{diag}(s)")
    assert [s.verdict for s in steps(swapped)] == ["invalid"]
    # sᵀs is a number: the order of a product with the softmax in it is kept
    inner = SOFTMAX.replace(r"s s^\top", r"s^\top s")
    assert [s.verdict for s in steps(inner)] != ["valid"]


TRACE = (r"For matrices $A, B \in \mathbb{R}^{n\times n}$:" "\n\n"
         r"$$\operatorname{tr}(A^\top B) = \sum_{i=1}^n \sum_{j=1}^n A_{ij} B_{ij}$$" "\n")


def test_entries_of_a_matrix_beside_it_by_two_indices():
    # A_{ij} written beside the matrix A is its entry: tr(AᵀB) as a double sum is checked
    assert [s.verdict for s in steps(TRACE)] == ["valid"]
    assert [s.verdict for s in steps(TRACE.replace("A^\\top B", "A B"))] == ["invalid"]


def test_layers_in_square_brackets_are_labels():
    # z^{[l]} (as Ng's course writes layers) names the layer's z: a definition, no step
    doc = r"$$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$$" "\n"
    found = check_text(doc, timeout=10)
    assert found.steps() == []


def test_display_dollars_inside_a_sentence_are_its_inline_math():
    # kramdown writes inline math as $$…$$: "positive samples ($$y_i=1$$) and negative
    # samples ($$y_i=0$$)" gives y_i no value (two cases), and the cases after it are checked
    doc = ("### Sigmoid\n\n"
           r"In this case $$o_i=\frac{1}{1+e^{-z_i}}$$, for the positive samples ($$y_i=1$$) "
           r"and the negative samples ($$y_i=0$$)." "\n\n"
           r"$$- \log \left( 1 - \frac{1}{1+e^{-z_i}} \right) = \log \left( "
           r"\frac{e^{-z_i}}{1+e^{-z_i}} \right)$$" "\n")
    result = check_text(doc, timeout=10)
    assert [s.verdict for s in result.steps()] == ["invalid"]
    # the block keeps its number: the three in the sentence count before it
    assert [b.block for b in result.derivations if b.steps] == [4]


def test_a_display_in_a_quote_is_still_a_display():
    doc = "> $$ \\sigma(z)(1 - \\sigma(z)) = \\sigma(z) - \\sigma(z)^2 $$\n"
    assert [s.verdict for s in steps(doc)] == ["valid"]


def test_a_family_defined_by_its_index_alone_is_not_used_to_refute():
    # p_j = e^j / Σ_i e^i (for e^{o_j}): each p_k a number, while the steps compute with o
    doc = (r"$$ p_j = \dfrac{e^j}{\displaystyle\sum_{i} e^i} $$" "\n\n"
           r"$$ - \dfrac{1}{p_k} \Bigg( p_k - \dfrac{(e^{o_k})^2}{\Big({\displaystyle\sum_{i} "
           r"e^{o_i}}\Big)^2}\Bigg) = - \dfrac{1}{p_k} \Bigg( p_k - (p_k)^2\Bigg) $$" "\n")
    [found] = steps(doc)
    assert found.verdict == "unknown" and "index alone" in found.reason


def test_an_activation_of_an_undefined_pre_activation_beside_its_expression():
    # σ(z_i) on one side, σ(wᵀx_i) (the definitions unfolded) on the other, z never
    # defined: z_i may name wᵀx_i — not refuted
    doc = (r"$$\ell(\mathbf{w}) = \sum_{i=1}^n [y_i \ln(\sigma(\mathbf{w}^T\mathbf{x}_i)) + "
           r"(1 - y_i) \ln(1 - \sigma(\mathbf{w}^T\mathbf{x}_i))]$$" "\n\n"
           r"$$\frac{\partial \ell}{\partial w_j} = [y_i(1-\sigma(z_i)) - (1-y_i)\sigma(z_i)]"
           r"x_{ij}$$" "\n")
    [found] = steps(doc)
    assert found.verdict == "unknown" and "z" in found.reason


def test_a_local_derivative_holds_the_nodes_its_name_is_made_of():
    # batch norm: ∂x̂_i/∂x_i = 1/√(σ² + ε) holds μ and σ² (nodes of the graph) fixed
    doc = (r"$$\hat{x}_i = \frac{(x_i - \mu)}{\sqrt{\sigma^2 + \epsilon}}$$" "\n\n"
           r"$$\sigma^2 = \frac{1}{m} \sum\limits_{i=1}^m (x_i - \mu)^2$$" "\n\n"
           r"$$\dfrac{\partial \hat{x}_i}{\partial x_i} = \dfrac{1}{\sqrt{\sigma^2 + \epsilon}}$$"
           "\n")
    found = steps(doc)[-1]
    assert found.verdict == "unknown" and "held fixed" in found.reason


def test_a_name_rewritten_after_the_words_say_so_is_a_step():
    # "I'm gonna rewrite x̂": the display restates x̂ (wrongly here) — checked, never a
    # new meaning of x̂
    doc = (r"$$\hat{x}_i = \frac{(x_i - \mu)}{\sqrt{\sigma^2 + \epsilon}}$$" "\n\n"
           r"I'm gonna rewrite $$\hat{x}$$ to make its derivative easier to compute:" "\n\n"
           r"$$\hat{x}_i = (x_i - \mu)(\sqrt{\sigma^2 + \epsilon})^{-0.5}$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["invalid"]
    right = doc.replace(r"(\sqrt{\sigma^2 + \epsilon})^{-0.5}", r"(\sigma^2 + \epsilon)^{-0.5}")
    assert [s.verdict for s in steps(right)] == ["valid"]


def test_notation_of_this_round():
    # a space written with `=` for `\in`; \large; a log before a product with \left( … \right)
    [shape] = steps(r"$$\hat{y} - \vec{y} = \mathbb{R}^{k \times 1}$$")
    assert shape.verdict == "unknown"       # (ŷ declared nowhere: it may be the vector)
    [claim] = steps(r"Let $W \in \mathbb{R}^{k\times d}$ and $x \in \mathbb{R}^d$." "\n\n"
                    r"$$W x = \mathbb{R}^{k \times 3}$$" "\n")
    assert claim.verdict == "invalid" and "k \\times 1" in claim.reason
    assert [s.verdict for s in steps(r"$$\large \log \theta^{2} = \Large 2 \log \theta$$")] \
        == ["valid"]
    [product] = steps(r"$$\log \theta^{3} \left(1 - \theta\right)^{5} = 3 \log \theta + "
                      r"5 \log \left(1 - \theta\right)$$")
    assert product.verdict != "invalid" and "whole product" in product.reason


def test_an_array_that_wraps_the_display_lays_out_rows():
    # `\Large \begin{array}{rcl} … &=& … \\ &=& … \end{array}`, as notebooks write chains
    doc = (r"$$\Large \begin{array}{rcl} \sigma(z)(1 - \sigma(z)) &=& \sigma(z) - \sigma(z)^2 \\"
           "\n" r"&=& \sigma(z) - \sigma^2(z) \end{array}$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid", "valid"]
    # an array inside a formula is still a matrix written out
    inner = r"$$\left(\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}\right) = 2$$"
    assert [s.verdict for s in steps(inner)] != ["valid"]


def test_text_mode_bold_and_an_upright_transpose():
    # `\textbf{X}^{\text{T}} \textbf{X} \textbf w`: bold names and the transpose
    doc = (r"$$\frac{\partial}{\partial \textbf{w}} \frac{1}{2n} \left( \textbf{y}^{\text{T}} "
           r"\textbf{y} -2\textbf{y}^{\text{T}} \textbf{X} \textbf{w} + \textbf{w}^{\text{T}} "
           r"\textbf{X}^{\text{T}} \textbf{X} \textbf{w}\right) = \frac{1}{2n} \left(-2 "
           r"\textbf{X}^{\text{T}} \textbf{y} + 2\textbf{X}^{\text{T}} \textbf{X} \textbf{w}"
           r"\right)$$" "\n")
    assert [s.verdict for s in steps(doc)] == ["valid"]
    wrong = doc.replace(r"-2 \textbf{X}^{\text{T}} \textbf{y}", r"-2 \textbf{X} \textbf{y}")
    assert [s.verdict for s in steps(wrong)] != ["valid"]


def test_a_fractional_power_of_a_matrix_is_never_its_zeroth():
    # soundness: X^{1/2} was computed as X^0 = I at sizes above 1, so this was `valid`
    doc = (r"Let $X, A \in \mathbb{R}^{n \times n}$." "\n\n"
           r"$$\operatorname{tr}(X^{1/2} A X^{1/2}) = \operatorname{tr}(A)$$" "\n")
    assert [s.verdict for s in steps(doc)] != ["valid"]


def test_a_log_det_chain_through_a_matrix_root_is_not_refuted():
    # the increment ΔX is a matrix; X^{1/2} is not modelled; log det[A] det[B] may be the log
    # of the product; a 1 × 1 X only scaling a 3 × 3 ΔX is no reading
    doc = (r"$$\log\det\left[ X+ \Delta X\right] = \log \det \left[ X^{1/2} \left(I + "
           r"X^{-1/2} \Delta X X^{-1/2}\right)X^{1/2}\right] = \log \det \left[ X \right]\det "
           r"\left[ I + X^{-1/2} \Delta X X^{-1/2}\right] = \log \det \left[ X \right] + "
           r"\log\det \left[ I + X^{-1/2} \Delta X X^{-1/2}\right]$$" "\n")
    assert all(s.verdict != "invalid" for s in steps(doc))
