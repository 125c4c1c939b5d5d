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
