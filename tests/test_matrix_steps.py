"""Steps in matrix notation: factors keep their order, `^T` transposes, names get the
kinds their notation gives them, and a step is decided at concrete sizes (1–3). Before
the matrix reading, `X^T X w = X X^T w` was `valid` (the factors commuted)."""
import pytest

from derive.check import check_text
from derive.latex.parser import MATRIX_READING, read_chain
from derive.notation import Transposed
from derive.prover import matrices

M = frozenset({MATRIX_READING})


def step(text, timeout=10):
    doc = check_text(f"$$ {text} $$", timeout=timeout)
    [found] = [s for b in doc.derivations for s in b.steps]
    return found


CORRECT = [
    r"(AB)^T = B^T A^T",
    r"(A + B)^\top = A^\top + B^\top",
    r"(A^T)^T = A",
    r"\mathbf{w}^T\mathbf{x} = \mathbf{x}^T\mathbf{w}",
    r"x^\top A x = x^\top A^\top x",
    r"(A + A^\top)x = Ax + A^\top x",
    r"-2X^TY + 2X^TX\mathbf{w} = 2X^T(X\mathbf{w} - Y)",
    r"(y - Xw)^T(y - Xw) = y^Ty - 2w^TX^Ty + w^TX^TXw",
    r"\frac{2}{N} X^\top (Xw - y) = \frac{2}{N}X^\top X w - \frac{2}{N} X^\top y",
    r"X^T(y - Xw) = X^Ty - X^TXw",
    r"(X^TX)^{-1}X^TX = I",
    r"(X^T X + \lambda I)w = X^TXw + \lambda w",
    r"e^{x_p^T w_c} = e^{w_c^T x_p}",
    r"\sigma(\mathbf{w}^T\mathbf{x}) = \frac{1}{1+e^{-\mathbf{x}^T\mathbf{w}}}",
    r"X W_1 W_2 + X W_1 = X W_1 (W_2 + I)",
    r"\mathbf{u}^T(\mathbf{v} + \mathbf{w}) = \mathbf{u}^T\mathbf{v} + \mathbf{w}^T\mathbf{u}",
    r"(A B C)^T = C^T B^T A^T",
    r"\mathbf{x}^T \mathbf{x} \, \mathbf{y} = \mathbf{y} \, \mathbf{x}^T \mathbf{x}",
    r"(W x)^\top (W x) = x^\top W^\top W x",
    r"(\mathbf{A}\mathbf{B})^{T} = \mathbf{B}^{T}\mathbf{A}^{T}",
    r"\sum_i (y_i - x_i^T w)^2 = \sum_i (y_i - w^T x_i)^2",
    r"\mathbf{z}^T \left(\frac{1}{P} \sum_{p=1}^{P}\sigma_p \mathbf{x}_p\mathbf{x}_p^T\right) "
    r"\mathbf{z} = \frac{1}{P}\sum_{p=1}^{P}\sigma_p \left(\mathbf{z}^T\mathbf{x}_p\right)^2",
    r"\sum_{i=1}^n x_i x_i^T w = \sum_{i=1}^n x_i^T w \, x_i",
    r"\frac{1}{P} \sum_{p=1}^P \mathbf{x}_p^T \mathbf{x}_p = \frac{1}{P} \sum_{p=1}^P "
    r"\mathbf{x}_p^T \mathbf{x}_p",
    r"\frac{1}{N}\sum_{i=1}^N (\mathbf{w}^T\mathbf{x}_i) = \mathbf{w}^T \left(\frac{1}{N}"
    r"\sum_{i=1}^N \mathbf{x}_i\right)",
    # the Hessian of a number by a vector, entry by entry
    r"\nabla^2_{\mathbf{w}} (\mathbf{w}^T A \mathbf{w}) = A + A^T",
    r"\nabla^2_{\mathbf{w}} \left((y - X\mathbf{w})^T(y - X\mathbf{w})\right) = 2X^TX",
    # a sum from 0 (w_0 the bias's weight, x_0 = 1): its count is one less than the entries
    r"\sum_{j=0}^{m} w_j x_j = \mathbf{w}^T\mathbf{x}",
]


@pytest.mark.parametrize("text", CORRECT)
def test_a_correct_step_in_matrix_notation_is_valid(text):
    found = step(text)
    assert found.verdict == "valid", found.reason
    assert "sizes" in found.reason and "50 digits" in found.reason


SLIPS = [
    (r"X^T X w = X X^T w", "transpose on the wrong factor"),
    (r"A^\top B^\top = B^\top A^\top", "order of factors"),
    (r"(AB)^T = A^T B^T", "transpose of a product, order kept"),
    (r"(A B C)^T = A^T B^T C^T", "transpose of three, order kept"),
    (r"X^T(y - Xw) = X^Ty - XX^Tw", "order in the second term"),
    (r"-2X^TY + 2X^TX\mathbf{w} = 2X^T(X\mathbf{w} + Y)", "a sign"),
    (r"(y - Xw)^T(y - Xw) = y^Ty - 2w^TX^Ty + w^TXX^Tw", "X X^T for X^T X"),
    (r"(A + A^\top)x = 2Ax", "A + A^T as 2A"),
    (r"\nabla^2_{\mathbf{w}} (\mathbf{w}^T A \mathbf{w}) = 2A", "a Hessian as 2A"),
    (r"x^\top A x = x^\top A^2 x", "A for A^2"),
    (r"\mathbf{X}\mathbf{W}_1\mathbf{W}_2 = \mathbf{X} \mathbf{W}_2 \mathbf{W}_1", "layers swapped"),
    (r"(A^T)^T = A^T", "a double transpose kept"),
    (r"(A + B)^\top = A^\top + B", "a transpose dropped in a sum"),
    (r"\sum_{i=1}^n x_i x_i^T w = \sum_{i=1}^n w x_i^T x_i", "order inside a sum"),
    (r"(\mathbf{A}\mathbf{B})^{-1} = \mathbf{A}^{-1}\mathbf{B}^{-1}",
     "the inverse of a product, order kept"),
    (r"(W x)^\top (W x) = x^\top W W^\top x", "W W^T for W^T W"),
    (r"\|A\mathbf{x}\|^2 = \mathbf{x}^T A A^T \mathbf{x}", "a norm's Gram matrix reversed"),
    (r"(\mathbf{I} + \mathbf{A})^2 = \mathbf{I} + \mathbf{A}^2", "the cross term 2A dropped"),
    (r"\frac{2}{N} X^\top (Xw - y) = \frac{2}{N}X X^\top w - \frac{2}{N} X^\top y",
     "X X^T for X^T X"),
    (r"\mathbf{z}^T \left(\sum_{p=1}^{P} \mathbf{x}_p\mathbf{x}_p^T\right) \mathbf{z} = "
     r"\sum_{p=1}^{P} \mathbf{z}^T\mathbf{x}_p", "a square dropped"),
    (r"\frac{1}{N}\sum_{i=1}^N (\mathbf{w}^T\mathbf{x}_i) = \mathbf{w}^T "
     r"\sum_{i=1}^N \mathbf{x}_i", "1/N dropped"),
    (r"\sum_{j=0}^{m} w_j x_j = \mathbf{w}^T\mathbf{x} + w_0", "the bias counted twice"),
    (r"\sum_{j=0}^{m} 2 w_j x_j = \mathbf{w}^T\mathbf{x}", "a factor 2"),
]


@pytest.mark.parametrize("text,slip", SLIPS)
def test_a_matrix_slip_is_invalid_with_sizes_and_entry(text, slip):
    found = step(text)
    assert found.verdict == "invalid", (slip, found.reason)
    assert "sizes" not in found.reason and "differ at" in found.reason
    assert found.counterexample                                   # the entries it used
    assert found.values["lhs"] != found.values["rhs"]


def test_a_count_and_the_same_letter_as_a_number_are_one():
    # P in 1/P is the count the sum runs to
    assert step(r"\frac{1}{P}\sum_{p=1}^P \mathbf{x}_p^T\mathbf{x}_p \cdot P = "
                r"\sum_{p=1}^P \mathbf{x}_p^T\mathbf{x}_p").verdict == "valid"


def test_transposes_and_order_are_read():
    [e] = read_chain(r"X^T X w", M)[0]
    assert [type(f) for f in e.args][0] is Transposed and not e.is_commutative
    assert read_chain(r"X^T X w", M)[0] != read_chain(r"X X^T w", M)[0]
    # outside the matrix reading, X^T stays one name, as before
    [plain] = read_chain(r"X^T X w", frozenset())[0]
    assert plain.is_commutative


def test_kinds_come_from_notation():
    e = read_chain(r"\mathbf{W}\mathbf{x} + b - \lambda \frac{1}{N} y", M)[0][0]
    kinds = {str(k): v for k, v in matrices.readings([e])[0].items()}
    assert kinds[r"\mathbf{W}"] == "matrix" and kinds[r"\mathbf{x}"] == "vector"
    assert kinds["lambda"] == "scalar" and kinds["N"] == "scalar"
    # b and y are plain lower case: tried as vectors and as scalars
    assert {r["b"] for r in ({str(k): v for k, v in r.items()}
                             for r in matrices.readings([e]))} == {"vector", "scalar"}


def test_a_power_T_of_a_number_is_no_transpose():
    found = step(r"\gamma^T \gamma = \gamma^{T+1}")
    assert found.verdict != "invalid"


def test_a_definition_is_expanded_and_one_it_cannot_read_blocks_a_refutation():
    from derive.homework.matrices import matrix_verdict
    from derive.homework.scope import add_definition, base_scope
    doc = check_text("$$ Q = X^T X $$\n\n$$ Q w = X X^T w $$")
    assert [s.verdict for b in doc.derivations for s in b.steps] == ["invalid"]
    # a definition known only as scalar algebra (no text to read again) blocks it
    scope = base_scope()
    add_definition(scope, read_chain("Q", frozenset())[0][0],
                   read_chain("X^T X", frozenset())[0][0])
    lhs, rhs = (read_chain(t, M)[0][0] for t in ("Q w", "X X^T w"))
    found = matrix_verdict(lhs, "=", rhs, scope, (), 5.0)
    assert found["verdict"] == "unknown" and "defined in the document" in found["reason"]


def test_a_name_on_one_side_blocks_a_refutation():
    assert step(r"X^T X w = X^T v").verdict == "unknown"


def test_plain_capitals_are_matrices_or_numbers_unless_the_step_marks_matrices():
    # true for numbers, false for matrices, and nothing says which: not invalid
    assert step(r"X W_1 W_2 = X W_2 W_1").verdict == "unknown"
    assert step(r"X W_1 W_2 + X = X (W_1 W_2 + I)").verdict == "valid"


def test_a_slip_true_only_if_a_capital_were_a_number_is_never_valid():
    # the bias as a column forces W_2 to be 1×1; read as numbers the slip holds
    found = step(r"(XW_1 + b_1)W_2 + b_2 = X W_2 W_1 + b_1 W_2 + b_2")
    assert found.verdict == "unknown"


def test_sums_of_matrices_are_decided_at_each_count():
    assert step(r"\sum_i X^T X w_i = \sum_i X X^T w_i").verdict == "invalid"
    assert step(r"\sum_i X^T X w_i = X^T X \sum_i w_i").verdict == "valid"


def test_a_product_the_reading_cannot_model_is_not_decided_by_scalar_algebra():
    # a derivative is beyond the matrix reading, and the factors' order matters outside
    # it: read as numbers, t A B = t B A would be valid
    found = step(r"\frac{d}{dt}\left(t A^T B\right) = B A^T")
    assert found.verdict == "unknown" and "derivative" in found.reason


def test_a_scalar_inner_product_inside_a_function_keeps_its_scalar_verdict():
    found = step(r"\log\left(\sum_{c=1}^C e^{x_p^T w_c}\right) - x_p^T w_y = "
                 r"-\log \frac{e^{x_p^T w_y}}{\sum_{c=1}^C e^{x_p^T w_c}}")
    assert found.verdict == "valid"


def test_a_scalar_refutation_never_stands_in_matrix_notation():
    # read as numbers, w^T is a name unrelated to w, and the step is refuted so
    found = step(r"\frac{\partial (A^T w)}{\partial w} = A")    # a Jacobian: not read yet
    assert found.verdict == "unknown"
    assert step(r"\sum_{c=1}^C e^{x_p^T w_c} = \sum_{c=1}^C e^{w_c^T x_p}").verdict == "valid"


def test_one_expression_written_twice_is_valid_even_beyond_the_reading():
    # the derivative of a matrix (an array of three indices) is not modelled; the two
    # sides are one expression all the same
    found = step(r"\frac{\partial (A^T w w^T)}{\partial w} = \frac{\partial (A^\top \cdot w "
                 r"w^\top)}{\partial w}")
    assert found.verdict == "valid" and "one expression" in found.reason


def test_a_plain_d_that_is_a_number_is_no_differential():
    found = step(r"\log \frac{1}{\sqrt{2\pi}^d} - \frac{w^T w}{2} = - \frac d 2 \log (2\pi) "
                 r"- \frac{w^T w}{2}")
    assert found.verdict == "valid"
    found = step(r"\log \frac{1}{\sqrt{2\pi}^d} - \frac{w^T w}{2} = - \frac d 2 \log \pi "
                 r"- \frac{w^T w}{2}")
    assert found.verdict == "invalid"


GRADIENTS = [
    (r"\frac{\partial}{\partial w}\left(w^T A w\right) = (A + A^T) w", "valid"),
    (r"\nabla_{\mathbf{w}} \|X\mathbf{w} - y\|^2 = 2X^\top(X\mathbf{w} - y)", "valid"),
    (r"\nabla_{\mathbf{w}} \|X\mathbf{w} - y\|_2^2 = -2X^\top y + 2 X^\top X \mathbf{w}",
     "valid"),
    (r"\frac{\partial (\mathbf{x}_i \cdot \mathbf{w})}{\partial \mathbf{w}} = \mathbf{x}_i",
     "valid"),
    (r"\nabla_{\mathbf{w}} \left(\frac{\lambda}{2}\|\mathbf{w}\|^2\right) = \lambda \mathbf{w}",
     "valid"),
    (r"\frac{\partial}{\partial w}\left(w^T A w\right) = 2 A w", "invalid"),
    (r"\nabla_{\mathbf{w}} \|X\mathbf{w} - y\|^2 = 2X^\top(y - X\mathbf{w})", "invalid"),
    (r"\nabla_{\mathbf{w}} \|X\mathbf{w} - y\|^2 = 2X(X^\top\mathbf{w} - y)", "invalid"),
    (r"\nabla_{\mathbf{w}} \left(\frac{\lambda}{2}\|\mathbf{w}\|^2\right) = \lambda", "unknown"),
]


@pytest.mark.parametrize("text,verdict", GRADIENTS)
def test_gradients_by_a_vector_are_taken_entry_by_entry(text, verdict):
    found = step(text)
    assert found.verdict == verdict, found.reason


def test_a_gradient_by_a_matrix_holds_in_one_layout_only_unknown():
    # denominator layout (the shape of W) makes it true; numerator layout (W^T) false
    found = step(r"\frac{\partial}{\partial W} \|W x - y\|^2 = 2 (W x - y) x^T")
    assert found.verdict == "unknown" and "layout" in found.reason


def test_norms_and_inner_products_are_read_inside():
    assert step(r"\|\mathbf{x}\|^2 = \mathbf{x}^T \mathbf{x}").verdict == "valid"
    assert step(r"\mathbf{x}^T A^T \mathbf{y} = \langle A\mathbf{x}, \mathbf{y} \rangle"
                ).verdict == "valid"
    assert step(r"\mathbf{x}^T A \mathbf{y} = \langle A\mathbf{x}, \mathbf{y} \rangle"
                ).verdict == "invalid"
    assert step(r"\|X\|_F^2 = \|X^T\|_F^2").verdict == "valid"


def test_definitions_are_read_again_in_matrix_notation():
    text = (r"$$ Q(w) = (y - Xw)^T(y - Xw) $$" "\n\n"
            r"$$ \nabla_w Q(w) = -2X^T(y - Xw) = 2X^T X w - 2X^T y $$" "\n\n"
            r"$$ \nabla_w Q(w) = 2X X^T w - 2X^T y $$")
    doc = check_text(text)
    verdicts = [s.verdict for b in doc.derivations for s in b.steps]
    assert verdicts == ["valid", "valid", "invalid"]


DECLARED = (r"$$x \in \mathbb{R}^D, W_1 \in \mathbb{R}^{H \times D}, "
            r"W_2 \in \mathbb{R}^{C \times H}$$" "\n\n")


def steps_of(text):
    doc = check_text(text)
    return [(s.relation, s.verdict, s.reason) for b in doc.derivations for s in b.steps]


def test_a_declared_shape_that_the_product_does_not_have_is_invalid_with_the_shapes():
    [(relation, verdict, reason)] = steps_of(
        DECLARED + r"$$W_3 = W_2 W_1 \in \mathbb{R}^{C \times H}$$")
    assert (relation, verdict) == ("in", "invalid")
    assert "C \\times D" in reason and "declared C \\times H" in reason
    [(_, verdict, reason)] = steps_of(DECLARED + r"$$W_2 W_1 x \in \mathbb{R}^{C}$$")
    assert verdict == "valid" and "as declared" in reason


def test_a_product_the_declared_shapes_forbid_is_invalid():
    [(_, verdict, reason)] = steps_of(DECLARED + r"$$W_1 W_2 x = W_2 W_1 x$$")
    assert verdict == "invalid" and "rows" in reason and "columns" in reason


def test_a_name_declared_a_matrix_is_read_in_matrix_notation():
    # no transpose or bold here: the declaration says W_3 and W_2 W_1 are matrices
    found = steps_of(DECLARED + r"$$W_3 = W_2 W_1 \in \mathbb{R}^{C \times D}$$" "\n\n"
                     r"$$f = W_2 W_1 x$$" "\n\n" r"$$f = W_3 x$$")
    assert [(r, v) for r, v, _ in found] == [("in", "valid"), ("=", "valid")]


def test_other_sets_declare_nothing():
    assert steps_of(r"$$y \in \{-1, +1\}$$") == []
    from derive.homework.matrices import declared_shape
    assert declared_shape(r"\mathbb{R}^{m \times n}") is not False
    assert declared_shape(r"\mathbb{R}") is None and declared_shape(r"\mathbb{N}") is False


def test_a_declaration_in_the_prose_counts_too():
    text = (r"Here $A \in \mathbb{R}^{m \times n}$ and $B \in \mathbb{R}^{n \times k}$." "\n\n"
            r"$$A B \in \mathbb{R}^{m \times k}$$" "\n\n" r"$$B A = A B$$")
    assert [(r, v) for r, v, _ in steps_of(text)] == [("in", "valid"), ("=", "invalid")]


def test_a_declared_name_is_a_variable_and_its_shape_ends_with_its_section():
    text = ("# Graph\n\n$$x = -2$$\n\n$$x \\in \\mathbb{R}^N, y \\in \\mathbb{R}$$\n\n"
            "$$\\frac{\\partial y}{\\partial x} \\in \\mathbb{R}^N$$\n\n"
            "# Functions\n\n$$f(x) = e^x$$\n\n$$\\frac{df}{dx} = e^x$$\n\n"
            "$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$")
    # x declared a vector is a variable there (x = -2 before is no claim about it); the
    # next section's x is a number
    assert [(r, v) for r, v, _ in steps_of(text)] == [("in", "valid"), ("=", "valid"),
                                                      ("=", "valid")]


def test_a_step_with_no_matrix_notation_is_never_invalid_for_a_shape_declared_before():
    text = (r"$$x \in \mathbb{R}^D$$" "\n\n" r"$$\frac{x}{1 + x} = 1 - \frac{1}{1 + x}$$"
            "\n\n" r"$$x^2 = x \cdot x$$")
    assert "invalid" not in [v for _, v, _ in steps_of(text)]


@pytest.mark.parametrize("text, verdict", [
    (r"A \odot B = A B", "unknown"),                      # never valid: ⊙ is no matrix product
    (r"W^T (A \odot B) = W^T (B \odot A)", "valid"),      # ⊙ commutes (a false alarm before)
    (r"W^T \delta \odot \sigma(Z) = \sigma(Z) \odot (W^T \delta)", "valid"),
    (r"W^T (A \circ B) = (B \circ A)^T W", "invalid"),
])
def test_the_entrywise_product_is_read_entry_by_entry(text, verdict):
    [step] = check_text(f"$$ {text} $$\n", timeout=10).steps()
    assert step.verdict == verdict, step.reason


def test_a_composition_is_not_read_as_a_product():
    [step] = check_text(r"$$ (f \circ g)(x) = f(g(x)) $$" "\n", timeout=10).steps()
    assert step.verdict == "unparsed" and "composition" in step.reason


HINGE = (r"$$s = f(x; W) = Wx$$" "\n\n"
         r"$$L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1)$$" "\n\n"
         r"$$= \sum_{j \neq y_i} \max(0, W_{j,:} \cdot x {sign} W_{y_i,:} \cdot x + 1)$$")


def test_a_name_for_a_matrix_times_a_vector_names_its_entries():
    # seed 001: s = Wx, then the hinge loss written with s_j and again with rows of W
    [right] = [s for b in check_text(HINGE.replace("{sign}", "-"), timeout=10).derivations
               for s in b.steps]
    assert right.verdict == "valid"
    [slip] = [s for b in check_text(HINGE.replace("{sign}", "+"), timeout=10).derivations
              for s in b.steps]
    assert slip.verdict == "invalid"          # the correct class's score with its sign lost


def test_a_gradient_by_a_whole_matrix_is_not_taken_as_zero():
    # ∂/∂W of an expression written in W's entries: SymPy's diff says 0 on both sides,
    # which made any such step valid; it is compared entry by entry, where it differs by
    # x_a — and x is defined nowhere, so the step is unknown, not invalid
    found = step(r"\nabla_W \left( \sum_{j} W_{j} x_j \right) = "
                 r"\nabla_W \left( \sum_{j} 2 W_{j} x_j \right)")
    assert found.verdict == "unknown" and "entry by entry" in found.reading


def test_a_sums_upper_bound_before_a_name_is_no_matrix_product():
    found = step(r"\frac{1}{N} \sum_{i=1}^N L_i + 1 = 1 + \frac{1}{N} \sum_{i=1}^N L_i")
    assert found.verdict == "valid" and "matrix" not in found.reason


WHOLE_HINGE = r"""
$$s = f(x; W) = Wx$$

$$L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1)$$

$$L = \frac{1}{N} \sum_{i=1}^N L_i + \lambda \sum_k W_k^2$$

$$\nabla_W L = \nabla_W \left( \frac{1}{N} \sum_{i=1}^N \sum_{j \neq y_i}
  \max(0, W_{j,:} \cdot x SIGN W_{y_i,:} \cdot x + 1) + \lambda \sum_k W_k^2 \right)$$
"""


def test_a_gradient_by_a_whole_matrix_is_compared_entry_by_entry():
    """∇_W of a loss written with W's entries: the gradients agree where ∂(A − B)/∂W_{ab}
    is 0 for every entry; the regulariser's W_k, written on both sides, cancels."""
    right = check_text(WHOLE_HINGE.replace("SIGN", "-")).steps()[-1]
    assert right.verdict == "valid", right.reason
    assert "gradients of one function" in right.reason
    slip = check_text(WHOLE_HINGE.replace("SIGN", "+")).steps()[-1]
    assert slip.verdict == "invalid", slip.reason
    assert "entry" in slip.reason and slip.counterexample


def test_an_entry_is_never_a_name_unrelated_to_the_same_array_counted_otherwise():
    # Σ_k W_k² counts W's entries with one index, W_{ab} with two: SymPy alone gives 0
    found = step(r"\frac{\partial}{\partial W_{ab}} \sum_k W_k^2 = 0")
    assert found.verdict != "valid"
    page = WHOLE_HINGE.replace("SIGN", "-").replace(r"+ \lambda \sum_k W_k^2 \right)",
                                               r"+ 2\lambda \sum_k W_k^2 \right)")
    assert check_text(page).steps()[-1].verdict != "valid"


MATRIX_REPAIRS = [
    (r"X^T X w = X X^T w", "order"),
    (r"(AB)^T = A^T B^T", "order"),
    (r"(A B C)^T = A^T B^T C^T", "order"),
    (r"(W x)^\top (W x) = x^\top W W^\top x", "order"),
    (r"\mathrm{d}(Xw - y) = X^\top \mathrm{d}w", "transpose"),
    (r"(A + B)^\top = A^\top + B", "transpose"),
    (r"-2X^TY + 2X^TX\mathbf{w} = 2X^T(X\mathbf{w} + Y)", "sign"),
    (r"(\mathbf{A} \odot \mathbf{B})\mathbf{x} = \mathbf{A}\mathbf{B}\mathbf{x}", "product"),
]


@pytest.mark.parametrize("text,kind", MATRIX_REPAIRS)
def test_a_matrix_slip_is_named_and_its_repair_holds(text, kind):
    found = step(text)
    assert found.verdict == "invalid"
    assert found.diagnosis and found.diagnosis[0]["kind"] == kind, found.diagnosis
    lhs = text.split(" = ")[0]
    again = step(f"{lhs} = {found.diagnosis[0]['corrected']}")
    assert again.verdict == "valid", again.reason



def test_slides_of_one_section_share_their_declarations():
    """Slides exported one heading each: a heading that repeats the last one's title
    continues the section, and the shapes declared on an earlier slide still hold."""
    slides = r"""
# Two layers

$$x \in \mathbb{R}^D, W_1 \in \mathbb{R}^{H \times D}, W_2 \in \mathbb{R}^{C \times H}$$

# Two layers

$$f = W_2 W_1 x \quad W_3 = W_2 W_1 \in \mathbb{R}^{C \times H}$$
"""
    found = [s for s in check_text(slides).steps() if s.method == "shapes"]
    assert found and found[0].verdict == "invalid" and "C \\times D" in found[0].reason
    other = slides.replace("# Two layers\n\n$$f", "# Activations\n\n$$f")
    assert not [s for s in check_text(other).steps() if s.verdict == "invalid"]


def test_a_hessian_stated_earlier_is_used_in_its_place():
    # jermwatt: ∇²g(w) = (1/P) Σ σ_p x_p x_p^T stated (g's formula is on another page),
    # then z^T ∇²g(w) z: the Hessian in its place between z^T and z, never ∇² of g(w)·z
    doc = (r"$$ \nabla^2 g\left(\mathbf{w}\right) = \frac{1}{P}\sum_{p = 1}^P \sigma_p "
           r"\mathbf{x}_p\mathbf{x}_p^T $$" "\n\n"
           r"$$ \mathbf{z}^T \nabla^2 g\left(\mathbf{w}\right) \mathbf{z} = SIDE $$")
    side = r"\frac{K}{P}\sum_{p=1}^{P} \sigma_p \left(\mathbf{z}^T\mathbf{x}_{p}\right)^2"
    _, right = check_text(doc.replace("SIDE", side.replace("K", "1")), timeout=10).steps()
    assert right.verdict == "valid" and "stated earlier" in right.reading
    _, wrong = check_text(doc.replace("SIDE", side.replace("K", "2")), timeout=10).steps()
    assert wrong.verdict == "unknown" and "stated earlier" in wrong.reason


def test_a_coefficient_of_a_definition_is_a_variable_of_the_problem():
    # girafe-ai: the L2 term's λ lost in the last form; λ is in Q_reg's definition, so it
    # cannot be "defined in words" to be 1
    doc = (r"$$ Q_{\text{reg}}(Y, X, \mathbf{w}) = \|Y - X\mathbf{w}\|^2_2 + \lambda\|\mathbf{w}\|^2_2"
           r" = \sum_i (y_i - \mathbf{x}^T_i \mathbf{w})^2 + \lambda \sum_p w^2_p $$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"]
    slip = doc.replace(r"+ \lambda \sum_p", r"+ \sum_p")
    [found] = check_text(slip, timeout=10).steps()
    assert found.verdict == "invalid"


def test_the_words_of_a_page_may_fix_the_layout():
    # "the matrix of partials … of the same shape as X" is the denominator layout
    doc = ("For a scalar $f$ we write the matrix of partials, of the same shape as $X$.\n\n"
           r"$$ \frac{\partial}{\partial X} \operatorname{tr}(AX) = A^T $$")
    [right] = check_text(doc, timeout=10).steps()
    assert right.verdict == "valid" and "as the document says" in right.reading


def test_a_shape_refuted_only_with_an_undeclared_name_a_number_is_open():
    # δ_1 x^⊤ ∈ R^{h×d} with x declared and δ_1 declared nowhere (the same display says
    # ∂L/∂b_1 = δ_1 ∈ R^h): 1×d only if δ_1 is a number — no refutation
    doc = ("Вход $x \\in \\mathbb{R}^{d}$.\n\n"
           "$$ G = \\delta_1 x^\\top \\in \\mathbb{R}^{h\\times d} $$")
    out = check_text(doc, timeout=10).steps()
    assert out[-1].verdict == "unknown" and "no declaration gives" in out[-1].reason
    # with δ_1 declared a vector of h entries the shape is proved; declared d, refuted
    right = doc.replace("Вход $x \\in \\mathbb{R}^{d}$.", "Вход $x \\in \\mathbb{R}^{d}$, "
                        "$\\delta_1 \\in \\mathbb{R}^{h}$.")
    assert check_text(right, timeout=10).steps()[-1].verdict == "valid"
    wrong = right.replace("\\mathbb{R}^{h\\times d} $$", "\\mathbb{R}^{d\\times h} $$")
    assert check_text(wrong, timeout=10).steps()[-1].verdict == "invalid"


def test_a_row_after_declarations_in_an_aligned_block_is_read():
    doc = ("$$\n\\begin{aligned}\nz_1 &= W_1 x + b_1, \\qquad W_1 \\in \\mathbb{R}^{h \\times d},"
           "\\; b_1 \\in \\mathbb{R}^{h}, \\\\\na_1 &= \\sigma(z_1), \\\\\n\\end{aligned}\n$$\n\n"
           "$$ \\frac{\\partial a_1}{\\partial z_1} = a_1 (1 - a_1) $$")
    result = check_text(doc, timeout=10)
    names = [d["name"] for b in result.derivations for d in b.definitions]
    assert names == ["z_1", "a_1"]
    assert [s.verdict for s in result.steps()] == ["valid"]


def test_a_bias_row_is_broadcast_over_the_rows_and_a_defined_product_keeps_its_factors():
    doc = (r"A batch $X \in \mathbb{R}^{N \times D}$, $W_1 \in \mathbb{R}^{D \times H}$, "
           r"$\mathbf{b}_1 \in \mathbb{R}^{1 \times H}$, $W_2 \in \mathbb{R}^{H \times C}$, "
           r"$\mathbf{b}_2 \in \mathbb{R}^{1 \times C}$, the bias rows broadcast over the rows."
           "\n\n"
           r"$$(XW_1 + \mathbf{b}_1)W_2 + \mathbf{b}_2 = XW_1W_2 + \mathbf{b}_1W_2 + \mathbf{b}_2$$"
           "\n\n"
           r"$$W = W_1 W_2 \in \mathbb{R}^{D \times C}, \qquad "
           r"\mathbf{b} = \mathbf{b}_1 W_2 + \mathbf{b}_2 \in \mathbb{R}^{1 \times C}.$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"] * 3
    slips = doc.replace(r"= XW_1W_2 + \mathbf{b}_1W_2", r"= XW_1W_2 + W_2\mathbf{b}_1") \
        .replace(r"{D \times C}, \qquad", r"{D \times H}, \qquad")
    assert [s.verdict for s in check_text(slips, timeout=10).steps()] == \
        ["invalid", "invalid", "valid"]
    # a column and a row are never broadcast into a square: a transpose slip
    col = (r"Let $\mathbf{x} \in \mathbb{R}^{n}$ and $\mathbf{y} \in \mathbb{R}^{n}$." "\n\n"
           r"$$\mathbf{x} + \mathbf{y}^T = \mathbf{y} + \mathbf{x}$$")
    assert [s.verdict for s in check_text(col, timeout=10).steps()] == ["invalid"]


def test_an_equation_solved_after_an_arrow_is_imposed_not_claimed():
    # the gradient set to zero, `UV^TV = XV ⇒ U = XV(V^TV)^{-1}`: no identity, never refuted
    doc = (r"**Условие.** Дана матрица $X \in \mathbb{R}^{m \times n}$. Ищется приближение "
           r"$X \approx UV^T$ ранга $k$, где $U \in \mathbb{R}^{m \times k}$, "
           r"$V \in \mathbb{R}^{n \times k}$, минимизирующее" "\n\n"
           r"$$L(U, V) = \|X - UV^T\|_F^2 .$$" "\n\n"
           r"Обозначим $R = X - UV^T \in \mathbb{R}^{m \times n}$. Тогда" "\n\n"
           r"$$UV^TV = XV \quad\Longrightarrow\quad U = XV\big(V^TV\big)^{-1}.$$")
    out = check_text(doc, timeout=10).steps()
    # (the imposed equation holds at the solution the next line derives, proved so)
    assert [s.verdict for s in out] == ["valid", "valid"]
    assert "equation imposed" in out[0].reading and "holds at $U = " in out[0].reading
    assert "on the right" in out[1].reading
    # the inverse put on the wrong side is no solution
    wrong = doc.replace(r"U = XV\big(V^TV\big)^{-1}", r"U = \big(V^TV\big)^{-1}XV")
    assert [s.verdict for s in check_text(wrong, timeout=10).steps()][1] != "valid"
    # with no solution after it, the same equation is a claim, and false
    claim = doc.replace(r" \quad\Longrightarrow\quad U = XV\big(V^TV\big)^{-1}", "")
    assert [s.verdict for s in check_text(claim, timeout=10).steps()] == ["invalid"]


NORMAL = (r"$$Q(w) = (y - Xw)^T(y - Xw).$$" "\n\n"
          r"Приравняем производную к нулю:" "\n\n"
          r"\[ 2X^T(y-Xw) = 0 \quad \Rightarrow \quad REARRANGED \quad \Rightarrow \quad "
          r"SOLVED. \]")


def test_the_rows_after_a_gradient_set_to_zero_are_its_consequences_in_matrix_notation():
    # X^Ty = X^TXw is the equation halved; w = (X^TX)^{-1}X^Ty that, times the inverse
    rows = check_text(NORMAL.replace("REARRANGED", "X^Ty = X^TX w").replace(
        "SOLVED", "w = (X^TX)^{-1} X^Ty"), timeout=10).steps()
    assert [s.verdict for s in rows] == ["valid", "valid", "valid"]
    assert "multiplied by" in rows[2].reading
    # the gradient set to zero, no identity, holds at the solution the rows derive
    assert "holds at $w = (X^TX)^{-1} X^Ty$" in rows[0].reading
    # a factor 2 too many, and the inverse on the wrong side: never valid
    rows = check_text(NORMAL.replace("REARRANGED", "X^Ty = 2X^TX w").replace(
        "SOLVED", "w = X^Ty (X^TX)^{-1}"), timeout=10).steps()
    assert "valid" not in [s.verdict for s in rows]


def test_an_entry_of_a_bold_vector_is_its_entry_in_a_derivative():
    # ∂(bᵀx)/∂x_k = b_k with bold b and x: x_k is x's k-th entry, no vector of its own
    doc = (r"Let $\mathbf{x}, \mathbf{b} \in \mathbb{R}^n$." "\n\n"
           r"$$\frac{\partial}{\partial x_k}\left(\mathbf{b}^\top\mathbf{x}\right) = b_k$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] != ["invalid"]


def test_a_transposed_vector_times_a_vector_beside_entries_is_their_sum_of_products():
    # ∂σ(wᵀx_i)/∂w_j as logistic-regression notes write it: wᵀx_i = Σ_k w_k x_{ik}
    doc = (r"$$\frac{\partial}{\partial w_j} (w^T x) = x_j, \qquad "
           r"\frac{\partial}{\partial w_j} \sigma(w^T x_i) = "
           r"\sigma(w^T x_i)(1 - \sigma(w^T x_i)) x_{ij}$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    slip = doc.replace(r"(1 - \sigma(w^T x_i)) x_{ij}", r"(1 - \sigma(w^T x_i))")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["valid", "invalid"]


SEMINAR = """\

**Задача 2.** Пусть $w, x \\in \\mathbb{R}^n$, $y \\in \\mathbb{R}$. Найдите градиент функции $f(w) = (w^T x - y)^2$ по $w$.

*Решение.* Распишем скалярное произведение покомпонентно: $w^T x = \\sum_{k=1}^{n} w_k x_k$. Тогда для любого $j$

$$
\\frac{\\partial f}{\\partial w_j} = 2(w^T x - y)\\cdot\\frac{\\partial}{\\partial w_j}\\Bigl(\\sum_{k=1}^{n} w_k x_k - y\\Bigr) = 2(w^T x - y)\\, x_j,
$$

поскольку от $w_j$ зависит только слагаемое суммы с $k = j$. Собирая компоненты в вектор, получаем $\\nabla_w f = 2(w^T x - y)\\,x$.

**Задача 2'.** (с регуляризацией) Та же задача для $g(w) = (w^T x - y)^2 + \\lambda\\|w\\|^2$, где $\\|w\\|^2 = \\sum_{k=1}^{n} w_k^2$ и $\\lambda > 0$.

*Решение.* Первое слагаемое мы уже продифференцировали в задаче 2, а во втором от $w_j$ зависит только $w_j^2$. Поэтому

$$
\\frac{\\partial g}{\\partial w_j} = 2(w^T x - y)\\,x_j + \\lambda w_j.
$$
"""


def test_declared_vectors_differentiated_by_an_entry_are_read_in_index_notation():
    # `w, x ∈ R^n` declared, then ∂g/∂w_j of (wᵀx − y)² + λ‖w‖² beside x_j, w_j: index
    # notation, which the matrix reading (w_j a vector of its own) leaves undecided
    right = SEMINAR.replace(r"+ \lambda w_j.", r"+ 2\lambda w_j.")
    assert [s.verdict for s in check_text(right, timeout=10).steps()] == ["valid"] * 3
    assert [s.verdict for s in check_text(SEMINAR, timeout=10).steps()] == \
        ["valid", "valid", "invalid"]                  # the 2 of λ‖w‖² dropped


CHAIN_STATED = (
    r"$$\frac{\partial \xi_i}{\partial \mathbf{w}} = \frac{\partial \xi_i}{\partial y_i} "
    r"\frac{\partial y_i}{\partial z_i} \frac{\partial z_i}{\partial \mathbf{w}}$$" "\n\n"
    r"Where $y_i = \sigma(z_i)$ and $z_i = \mathbf{x}_i \cdot \mathbf{w}^T$." "\n\n"
    r"$$\frac{\partial \xi_i}{\partial y_i} = \frac{y_i - t_i}{y_i (1 - y_i)}$$" "\n\n"
    r"$$\frac{\partial z_i}{\partial \mathbf{w}} = \mathbf{x}_i$$" "\n\n"
    r"$$\frac{\partial \xi_i}{\partial y_i} \frac{\partial y_i}{\partial z_i} "
    r"\frac{\partial z_i}{\partial \mathbf{w}} = RHS$$")


def test_a_name_the_step_differentiates_by_stays_a_name_on_both_sides():
    # ∂ξ_i/∂y_i and ∂z_i/∂w stated above; ∂y_i/∂z_i is left, so z_i stays a name on the
    # right too (y_i = σ(z_i) there, not σ(x_i wᵀ)), and the product is proved
    right = check_text(CHAIN_STATED.replace(
        "RHS", r"\mathbf{x}_i \cdot y_i (1 - y_i) \cdot \frac{y_i - t_i}{y_i (1-y_i)}"),
        timeout=10).steps()[-1]
    assert right.verdict == "valid" and "$z$ kept as names on both sides" in right.reading
    # a factor lost is never valid
    for slip in (r"\mathbf{x}_i \cdot y_i \cdot \frac{y_i - t_i}{y_i (1-y_i)}",
                 r"\mathbf{x}_i \cdot y_i (1 - y_i) \cdot \frac{y_i + t_i}{y_i (1-y_i)}"):
        last = check_text(CHAIN_STATED.replace("RHS", slip), timeout=10).steps()[-1]
        assert last.verdict != "valid", slip


LAYER = (r"Пусть известно $\frac{\partial I}{\partial \vec R}$." "\n\n"
         r"$$\vec Q = W \vec P + \vec b$$" "\n\n" r"$$\vec R = \sigma(\vec Q)$$" "\n\n"
         r"$$STEP$$")


def test_an_unknown_loss_differentiated_through_a_layer_is_a_function_of_its_output():
    # I is defined nowhere: a number that depends on P, W, b through Q (and Q through R),
    # an unknown function of their entries; the backpropagation rules hold for every such
    # function, a transposed one fails for one the counterexample names
    def verdict(step):
        return check_text(LAYER.replace("STEP", step), timeout=20).steps()[-1]
    for right in (r"\frac{\partial I}{\partial \vec Q} = \frac{\partial I}{\partial \vec R} "
                  r"\odot \sigma'(\vec Q)",
                  r"\frac{\partial I}{\partial \vec P} = W^T \frac{\partial I}{\partial \vec Q}"):
        found = verdict(right)
        assert found.verdict == "valid", right
        assert "a function of" in found.reading, right
    # (the bias, read entry by entry: ∂I/∂b_k = ∂I/∂Q_k, as before)
    assert verdict(r"\frac{\partial I}{\partial \vec b} = \frac{\partial I}{\partial \vec Q}"
                   ).verdict == "valid"
    slip = verdict(r"\frac{\partial I}{\partial \vec P} = \frac{\partial I}{\partial \vec Q} W^T")
    assert slip.verdict == "invalid" and slip.counterexample
    assert "of its argument's entries taken as" in slip.reading
    # a factor σ' lost is refuted too
    assert verdict(r"\frac{\partial I}{\partial \vec Q} = \frac{\partial I}{\partial \vec R}"
                   ).verdict == "invalid"


def test_values_of_functions_of_a_vector_multiply_entry_by_entry():
    # σ(z)(1 − σ(z)) of a bold z is the vector of σ(z_k)(1 − σ(z_k)), never a dot product
    doc = (r"$$\mathbf{a} = \sigma(\mathbf{z})$$" "\n\n"
           r"$$\sigma(\mathbf{z}) \left(1 - \sigma(\mathbf{z})\right) = "
           r"\mathbf{a} \odot (1 - \mathbf{a})$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"]
    slip = doc.replace(r"\mathbf{a} \odot (1 - \mathbf{a})", r"\mathbf{a} \odot \mathbf{a}")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["invalid"]


def test_an_unknown_loss_with_a_second_way_to_a_name_is_not_read_through_one():
    # S = R + P is a skip connection: I may depend on P through S besides Q, so
    # ∂I/∂P = Wᵀ ∂I/∂Q leaves a term out — never valid by the layer's reading
    doc = LAYER.replace(r"$$\vec R = \sigma(\vec Q)$$", r"$$\vec R = \sigma(\vec Q)$$" "\n\n"
                        r"$$\vec S = \vec R + \vec P$$").replace(
        "STEP", r"\frac{\partial I}{\partial \vec P} = W^T \frac{\partial I}{\partial \vec Q}")
    assert check_text(doc, timeout=20).steps()[-1].verdict != "valid"


LOGISTIC = (r"Let $\mathbf{x} \in \mathbb{R}^d$ be a feature vector, $y \in \{0, 1\}$ its label "
            r"and $\mathbf{w} \in \mathbb{R}^d$ the weights. Then" "\n\n"
            r"$$-\left(y \log \sigma(\mathbf{w}^\top \mathbf{x}) + (1-y) \log\left(1 - "
            r"\sigma(\mathbf{w}^\top \mathbf{x})\right)\right) = -y \log \sigma(\mathbf{w}^\top "
            r"\mathbf{x}) - (1-y) \log\left(1 - \sigma(\mathbf{w}^\top \mathbf{x})\right)$$" "\n")


def test_a_scalar_refutation_is_the_instance_of_one_entry_arrays():
    # wᵀx stands only inside σ: read with d = 1, the sign slip is refuted under y ∈ {0, 1}
    [right] = check_text(LOGISTIC, timeout=10).steps()
    assert right.verdict == "valid"
    [slip] = check_text(LOGISTIC.replace(r"\mathbf{x}) - (1-y)", r"\mathbf{x}) + (1-y)"),
                        timeout=10).steps()
    assert slip.verdict == "invalid" and "one entry" in slip.reading
    assert slip.counterexample["y"] in (0, 1)
    # w written plain beside its transpose: the scalar names are unrelated, no instance
    [both] = check_text(r"$$\mathbf{w}^\top \mathbf{x} + \mathbf{w} = \mathbf{x}^\top "
                        r"\mathbf{w}$$", timeout=10).steps()
    assert both.verdict != "invalid" or "one entry" not in both.reading
