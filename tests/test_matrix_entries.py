"""An entry of a matrix expression, `(\\mathbf{W}^\\top \\boldsymbol{\\delta})_j`,
`[AB]_{ij}`, `(x y^T)_{ij}`: read in index notation with the factors in the order written
(the scalar reading commutes them, so a product of two matrices is read again in matrix
notation), then decided as index notation — a transposed or swapped index is refuted."""
import pytest

from derive.check import check_text
from derive.latex.parser import ParseError, read_chain


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=10).steps()]


def one(display):
    return verdicts(f"Let $A, B \\in \\mathbb{{R}}^{{n \\times n}}$.\n\n$${display}$$\n")


@pytest.mark.parametrize("display", [
    r"[\mathbf{W}\mathbf{x}]_k = \sum_{j=1}^n W_{kj} x_j",
    r"(\mathbf{W}^\top \boldsymbol{\delta})_j = \sum_k W_{kj} \delta_k",
    r"(\mathbf{x}^\top W)_j = \sum_i x_i W_{ij}",
    r"[A B]_{ij} = \sum_k A_{ik} B_{kj}",
    r"(A B^T)_{ij} = \sum_k A_{ik} B_{jk}",
    r"(A^T B)_{ij} = \sum_k A_{ki} B_{kj}",
    r"\left(\lambda A B + C\right)_{ij} = \lambda \sum_k A_{ik} B_{kj} + C_{ij}",
    r"(\mathbf{x}\mathbf{y}^T)_{ij} = x_i y_j",
    r"(A^T)_{ij} = A_{ji}",
])
def test_an_entry_written_right_is_valid(display):
    assert one(display) == ["valid"]


@pytest.mark.parametrize("display", [
    r"\left[\mathbf{W}^\top \boldsymbol{\delta}\right]_j = \sum_k W_{jk} \delta_k",
    r"(\mathbf{W} \mathbf{x})_k = \sum_j W_{jk} x_j",
    r"[A B]_{ij} = \sum_k A_{kj} B_{ik}",
    r"(A B^T)_{ij} = \sum_k A_{ik} B_{kj}",
    r"(\mathbf{x}\mathbf{y}^T)_{ij} = x_j y_i",
])
def test_a_transposed_or_swapped_entry_is_invalid(display):
    assert one(display) == ["invalid"]


def test_the_order_of_two_matrices_is_the_order_written():
    ab, = read_chain(r"(A B)_{ij}", frozenset())[0]
    ba, = read_chain(r"(B A)_{ij}", frozenset())[0]
    assert ab != ba


def test_an_entry_of_what_is_no_product_of_arrays_stays_unread():
    # two columns side by side; a number (xᵀy) has no entry i
    for text in (r"(\mathbf{x}\mathbf{y})_{ij}", r"(\mathbf{x}^T \mathbf{y})_{i}"):
        with pytest.raises(ParseError, match="subscript on an expression"):
            read_chain(text, frozenset())


WORKED = (r"Write $dW = \frac{\partial L}{\partial W}$ and $dD = \frac{\partial L}{\partial D}$ "
          r"for $D = W X$. Take $W = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$, "
          r"$X = \begin{bmatrix} 2 \\ -1 \end{bmatrix}$ and upstream gradient "
          r"$dD = \begin{bmatrix} 1 \\ 3 \end{bmatrix}$." "\n\n"
          r"$$dD \, X^T = \begin{bmatrix} 1 \\ 3 \end{bmatrix} \begin{bmatrix} 2 & -1 "
          r"\end{bmatrix}$$" "\n\n"
          r"$$W^T dD = {right} \begin{bmatrix} 1 \\ 3 \end{bmatrix}$$" "\n")


def test_a_named_gradient_given_numbers_in_a_worked_example_is_put_in():
    # dD = ∂L/∂D defined, then given numbers: the example's value, put in with W and X
    found = check_text(WORKED.replace("{right}", r"\begin{bmatrix} 1 & 0 \\ 2 & -1 "
                                      r"\end{bmatrix}"), timeout=10).steps()
    assert [s.verdict for s in found] == ["valid", "valid"]


def test_the_transpose_dropped_in_a_worked_example_is_refuted_at_its_numbers():
    found = check_text(WORKED.replace("{right}", r"\begin{bmatrix} 1 & 2 \\ 0 & -1 "
                                      r"\end{bmatrix}"), timeout=10).steps()
    assert [s.verdict for s in found] == ["valid", "invalid"]
    assert "worked example" in found[1].reading


def test_a_scalar_refutation_never_stands_for_a_step_in_matrix_notation():
    # ⟨w, x_i⟩ beside [y_i = ±1], which says what y_i is: the scalar reading, with y_i any
    # number, refutes it; the matrix reading decides nothing — that is no `invalid` (it was
    # a false alarm for one version of this session)
    text = (r"Substituting the model's answer into the loss:" "\n\n"
            r"$$-\sum_{i=1}^{\ell} \left([y_i = +1] \log \frac{1}{1 + \exp(-\langle w, x_i "
            r"\rangle)} + [y_i = -1] \log \frac{1}{1 + \exp(\langle w, x_i \rangle)}\right) = "
            r"\sum_{i=1}^{\ell} \log\left(1 + \exp(-y_i \langle w, x_i \rangle)\right)$$" "\n")
    assert check_text(text, timeout=10).steps()[0].verdict != "invalid"
