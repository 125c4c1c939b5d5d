"""x_i beside X is X's i-th row (or column), y_i beside y (or Y) its i-th entry: the
convention ML texts write sums over samples in. Each written reading is tried; one that
would make X square (where nothing declares it so) is not the convention."""
import pytest

from derive.check import check_text
from derive.latex.parser import MATRIX_READING, read_chain
from derive.prover import matrices

M = frozenset({MATRIX_READING})

RIGHT = [
    (r"\|Y - X\mathbf{w}\|^2_2 = \sum_{i=1}^{N} (y_i - \mathbf{x}^T_i \mathbf{w})^2", "rows"),
    (r"\|Y - X\mathbf{w}\|^2_2 = \sum_i (y_i - \mathbf{x}^T_i \mathbf{w})^2", "rows"),
    (r"X^T (X w - y) = \sum_{i=1}^{N} x_i (x_i^T w - y_i)", "rows"),
    (r"X^T X = \sum_{i=1}^{N} x_i x_i^T", "rows"),
    (r"X X^T = \sum_{i=1}^{N} x_i x_i^T", "columns"),
    (r"\frac{1}{N} \| X w - y \|_2^2 = \frac{1}{N} \sum_{i=1}^N (x_i^T w - y_i)^2", "rows"),
    (r"\|Y - X\mathbf{w}\|^2_2 + \lambda\|\mathbf{w}\|^2_2 = \sum_i (y_i - \mathbf{x}^T_i "
     r"\mathbf{w})^2 + \lambda \sum_p w^2_p", "rows"),
    (r"\nabla_w \|X w - y\|^2 = 2 \sum_{i=1}^{N} x_i (x_i^T w - y_i)", "rows"),
]

SLIPS = [
    r"\|Y - X\mathbf{w}\|^2_2 = \sum_i (y_i - \mathbf{x}^T_i \mathbf{w})",       # no square
    r"X^T (X w - y) = \sum_{i=1}^{N} x_i (x_i^T w + y_i)",                        # a sign
    r"X^T X = \frac{1}{N} \sum_{i=1}^{N} x_i x_i^T",                               # a 1/N
    r"\nabla_w \|X w - y\|^2 = \sum_{i=1}^{N} x_i (x_i^T w - y_i)",               # the 2
]


def _step(text):
    [step] = check_text(f"$${text}$$\n", timeout=20).steps()
    return step


@pytest.mark.parametrize("text, how", RIGHT)
def test_a_sum_over_the_rows_of_x_is_read_so(text, how):
    step = _step(text)
    assert step.verdict == "valid", step.reason
    assert f"the {how} of $X$" in step.reading, step.reading


@pytest.mark.parametrize("text", SLIPS)
def test_a_slip_in_a_sum_over_rows_is_found(text):
    step = _step(text)
    assert step.verdict == "invalid", step.reason
    assert "the rows of $X$" in step.reading


def test_a_name_on_one_side_only_still_stands_in_the_way():
    # λ‖w‖² dropped to Σ w_p²: false unless λ = 1, which words could say
    step = _step(r"\|Y - X\mathbf{w}\|^2_2 + \lambda\|\mathbf{w}\|^2_2 = \sum_i (y_i - "
                 r"\mathbf{x}^T_i \mathbf{w})^2 + \sum_p w^2_p")
    assert step.verdict == "unknown" and "lambda" in step.reason


def test_a_count_written_for_each_sum_is_its_own():
    # Σ_i over the rows of X and Σ_p over the entries of w: two counts, not one n that
    # would make X square (the step is true for every shape of X)
    step = _step(r"\|X\mathbf{w}\|^2 + \|\mathbf{w}\|^2 = \sum_i (\mathbf{x}^T_i \mathbf{w})^2"
                 r" + \sum_p w_p^2")
    assert step.verdict == "valid", step.reason


@pytest.mark.parametrize("text, verdict", [
    (r"\sum_{l=1}^{m} w_l x_l + b = \mathbf{w}^T\mathbf{x} + b", "valid"),
    (r"\sum_{l=1}^{m} w_l^2 = \mathbf{w}^T\mathbf{w}", "valid"),
    (r"\sum_{l=1}^{m} w_l x_l + b = \mathbf{w}^T\mathbf{x} - b", "invalid"),
])
def test_plain_letters_beside_their_bold_vector_are_its_entries(text, verdict):
    # w_l read as vectors of their own (Σ_l w_l·x_l, dot products) is not the notation's
    step = _step(text)
    assert step.verdict == verdict, step.reason
    assert "the entries of $\\mathbf{w}$" in step.reading and "vector" in step.reading


def test_plain_letters_beside_bold_vectors_are_numbers():
    # peterroelants: x_i bold, y_i and t_i plain — the typography says which are vectors
    (lhs, rhs), _ = read_chain(r"\mathbf{x}_i \cdot y_i (1 - y_i) \cdot \frac{y_i - t_i}"
                               r"{y_i (1-y_i)} = \mathbf{x}_i \cdot (y_i-t_i)", M)
    found = matrices.decide(lhs, rhs)
    assert found.holds is True and "plain letters read as numbers" in found.reading
    (lhs, rhs), _ = read_chain(r"\mathbf{x}_i \cdot y_i (1 - y_i) \cdot \frac{y_i - t_i}"
                               r"{y_i (1-y_i)} = \mathbf{x}_i \cdot (y_i+t_i)", M)
    assert matrices.decide(lhs, rhs).holds is not True
