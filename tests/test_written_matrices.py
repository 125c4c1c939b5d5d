"""Matrices and vectors written out (`pmatrix`, `bmatrix`, …) as lecture notes write them:
read, used as definitions entry by entry, and compared entry by entry."""
import pytest
import sympy as sp

from derive.check import check_text
from derive.latex.chains import chains_of
from derive.latex.parser import ParseError, read_chain


def test_rows_and_cells_of_a_matrix_are_its_entries_not_a_chain_layout():
    [chain] = chains_of(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} = "
                        r"\begin{bmatrix} x \\ \vdots \\ y \end{bmatrix}")
    exprs, rels = read_chain(chain.text)
    assert rels == ["="]
    assert exprs[0].shape == (2, 2) and exprs[1].shape == (3, 1)


@pytest.mark.parametrize("text, shape", [
    (r"\begin{pmatrix} x_1 \\ x_2 \\ x_3 \end{pmatrix}", (3, 1)),
    (r"\begin{bmatrix} x_1 & x_2 \end{bmatrix}", (1, 2)),
    (r"\begin{vmatrix} a & b \\ c & d \\ \end{vmatrix}", (2, 2)),          # a trailing \\
    (r"\begin{pmatrix} x_1 \\ x_2 \end{pmatrix}^T", (1, 2)),
    (r"\frac{1}{2} \begin{pmatrix} x_1 \\ x_2 \end{pmatrix}", (2, 1)),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix} + \begin{pmatrix} a \\ b \end{pmatrix}", (2, 1)),
])
def test_a_written_matrix_reads_with_its_shape(text, shape):
    [value], _ = read_chain(text)
    assert isinstance(value, sp.MatrixBase) and value.shape == shape


@pytest.mark.parametrize("text, message", [
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix} + x", "another shape"),
    (r"\begin{pmatrix} a & \\ c & d \end{pmatrix}", "empty entry"),
    (r"\begin{pmatrix} a & b \\ c \end{pmatrix}", "different lengths"),
    (r"\begin{pmatrix} a \\ b \end{pmatrix}^2", "power of a matrix"),
])
def test_what_a_written_matrix_cannot_be_is_said(text, message):
    with pytest.raises(ParseError, match=message):
        read_chain(text)


def test_a_script_inside_a_decoration_is_the_decorated_names_index():
    assert read_chain(r"\hat{y_1} + \hat{y_{ij}}")[0] == read_chain(r"\hat{y}_1 + \hat{y}_{ij}")[0]


def _verdicts(text, **kw):
    result = check_text(text, timeout=10, **kw)
    return [(s.verdict, s.reason) for s in result.steps()], result


SOFTMAX = r"""
$$S(x) = \begin{pmatrix} \frac{e^{x_1}}{\sum_{j=1}^n e^{x_j}} \\ \vdots \\
\frac{e^{x_n}}{\sum_{j=1}^n e^{x_j}} \end{pmatrix} \in \mathbb{R}^n$$
"""


def test_a_vector_written_with_dots_defines_its_general_entry():
    steps, _ = _verdicts(SOFTMAX + r"""
$$\frac{\partial S_j}{\partial x_i} = S_j (\delta_{ij} - S_i)$$

$$\frac{\partial S_j}{\partial x_i} = S_j (\delta_{ij} + S_i)$$
""")
    assert [v for v, _ in steps] == ["valid", "invalid"]


def test_written_names_are_defined_entry_by_entry():
    steps, result = _verdicts(r"""
$$\begin{pmatrix} \frac{e^{z_1}}{e^{z_1} + e^{z_2}} \\ \frac{e^{z_2}}{e^{z_1} + e^{z_2}}
\end{pmatrix} = \begin{pmatrix} a_1 \\ a_2 \end{pmatrix}$$

$$\frac{\partial a_1}{\partial z_2} = -a_1 a_2$$

$$\frac{\partial a_2}{\partial z_2} = a_2 a_1$$
""")
    assert [v for v, _ in steps] == ["valid", "valid"]
    assert result.derivations[0].definitions        # reported as a definition, not a step


def test_a_step_between_written_matrices_is_decided_entry_by_entry():
    steps, _ = _verdicts(r"""
$$\begin{pmatrix} a + b \\ 2 c \end{pmatrix} = \begin{pmatrix} b + a \\ c + c \end{pmatrix}
= \begin{pmatrix} b + a \\ 3 c \end{pmatrix}$$
""")
    (ok, why_ok), (bad, why_bad) = steps
    assert ok == "valid" and "entry by entry" in why_ok and "numeric check" in why_ok
    assert bad == "invalid" and why_bad.startswith("entry 2:")


def test_runs_with_dots_are_compared_by_their_general_entry():
    steps, _ = _verdicts(r"""
$$\begin{pmatrix} x_1 \\ \vdots \\ x_n \end{pmatrix} + \begin{pmatrix} 1 \\ \vdots \\ 1
\end{pmatrix} = \begin{pmatrix} x_1 + 1 \\ \vdots \\ x_n + 1 \end{pmatrix}
= \begin{pmatrix} x_1 + 2 \\ \vdots \\ x_n + 2 \end{pmatrix}$$
""")
    assert [v for v, _ in steps] == ["valid", "invalid"]


@pytest.mark.parametrize("text", [
    r"$$\begin{pmatrix} a \\ b \end{pmatrix} = \begin{pmatrix} a & b \end{pmatrix}$$",   # shapes
    r"$$\begin{pmatrix} x_1 \\ \vdots \\ y \end{pmatrix} = \begin{pmatrix} x_1 \\ \vdots \\ y"
    r"\end{pmatrix}$$",                                                    # no pattern
])
def test_written_matrices_that_cannot_be_paired_are_not_decided(text):
    steps, _ = _verdicts(text)
    assert [v for v, _ in steps] == ["unknown"]


def test_a_count_named_two_ways_is_a_reading_not_a_slip():
    steps, _ = _verdicts(SOFTMAX + r"""
$$\frac{\partial S_j}{\partial x_i} = \frac{\partial}{\partial x_i}
\left(\frac{e^{x_j}}{\sum_{k=1}^N e^{x_k}} \right)$$

$$\frac{\partial S_j}{\partial x_i} = \frac{\partial}{\partial x_i}
\left(\frac{2 e^{x_j}}{\sum_{k=1}^N e^{x_k}} \right)$$
""")
    (first, why), (second, _) = steps
    assert first == "unknown" and "one count" in why     # true if n and N are one count
    assert second == "invalid"                            # false under that reading too


def test_a_product_of_written_matrices_whose_shapes_do_not_fit_is_a_slip():
    steps, _ = _verdicts(r"""
$$\begin{pmatrix} a & b \end{pmatrix} \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}
= \begin{pmatrix} a \\ b \end{pmatrix} \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}
= \begin{pmatrix} a & b \end{pmatrix}$$
""")
    assert [v for v, _ in steps] == ["invalid", "invalid"]
    assert all("2×1 matrix times a 2×2" in why for _, why in steps)


SOFTMAX_OF_A = r"Let $a_j = \frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}$."


def test_a_jacobian_against_a_matrix_written_out_is_decided_entry_by_entry():
    page = SOFTMAX_OF_A + r"""

$$\frac{\partial \mathbf{a}}{\partial \mathbf{z}} = \begin{pmatrix} a_1(1 - a_1) & -a_1a_2 \\
-a_1a_2 & a_2(1 - a_2) \end{pmatrix}$$

$$\frac{\partial \mathbf{a}}{\partial \mathbf{z}} = \begin{pmatrix} a_1(1 - a_1) & a_1a_2 \\
-a_1a_2 & a_2(1 - a_2) \end{pmatrix}$$
"""
    right, slip = check_text(page).steps()
    assert right.verdict == "valid" and "either layout" in right.reading, right.reason
    assert slip.verdict == "invalid" and "entry (1, 2)" in slip.reason, (slip.reason, slip.reading)


def test_a_jacobian_true_in_one_layout_only_says_which():
    page = r"""
Let $y_i = \sum_{j=1}^{2} W_{ij} x_j$.

$$\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \begin{pmatrix} W_{11} & W_{12} \\
W_{21} & W_{22} \end{pmatrix}$$
"""
    [found] = check_text(page).steps()
    assert found.verdict == "unknown" and "numerator layout" in found.reason, found.reason


def test_an_entry_written_says_its_vector_has_that_many_entries():
    # a_2 and z_2 are written: n ≥ 2 (at n = 1, z_2 would not be in the sum: a false alarm)
    page = SOFTMAX_OF_A + "\n\n$$\\frac{\\partial a_1}{\\partial z_2} = -a_1 a_2$$\n"
    [found] = check_text(page).steps()
    assert found.verdict == "valid", found.reason


def test_a_count_is_the_length_of_a_vector_written_out():
    # seed 002: x written out as (x_1; …; x_n), then a sum over x to N: N is n, valid
    # naming the reading; a vector written with dots only as S(x)'s argument fixes none
    vector = r"$$X = \begin{pmatrix} x_1 \\ \vdots \\ x_n \end{pmatrix}$$" "\n\n"
    steps, result = _verdicts(vector + SOFTMAX + r"""
$$\frac{\partial S_j}{\partial x_i} = \frac{\partial}{\partial x_i}
\left(\frac{e^{x_j}}{\sum_{k=1}^N e^{x_k}} \right)$$

$$\frac{\partial S_j}{\partial x_i} = \frac{\partial}{\partial x_i}
\left(\frac{2 e^{x_j}}{\sum_{k=1}^N e^{x_k}} \right)$$

$$\frac{\partial S_j}{\partial x_i} = \frac{\partial}{\partial x_i}
\left(\frac{e^{x_j}}{\sum_{k=1}^N e^{x_k} + \sum_{k=1}^M e^{2 x_k}} \right)$$
""")
    (first, _), (second, _), (third, _) = steps
    assert first == "valid"
    assert "$N$ read as $n$" in result.steps()[0].reading and "line 1" in result.steps()[0].reading
    assert second == "invalid"                            # false under that reading too
    assert third != "valid"
    # a restatement of S_j so: a step that keeps the reading it holds under
    restated = check_text(vector + SOFTMAX + r"$$ S_j = \frac{e^{x_j}}{\sum_{k=1}^N e^{x_k}} $$",
                          timeout=10).steps()
    assert [s.verdict for s in restated] == ["valid"] and "$N$ read as $n$" in restated[0].reading


def test_a_product_of_matrices_given_in_numbers_is_computed_in_its_order():
    # `W x = [5; -1]` after `$W = [[1, 2], [0, -1]]$`, `$x = [3; 1]$`: computed, entry by entry
    given = (r"With $A = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$, "
             r"$B = \begin{bmatrix} 0 & 1 \\ 1 & 0 \end{bmatrix}$ and "
             r"$x = \begin{bmatrix} 3 \\ 1 \end{bmatrix}$:" "\n\n")
    doc = given + (r"$$A x = \begin{bmatrix} 5 \\ -1 \end{bmatrix}, \qquad "
                   r"A^T x = \begin{bmatrix} 3 \\ 5 \end{bmatrix}, \qquad "
                   r"A B = \begin{bmatrix} 2 & 1 \\ -1 & 0 \end{bmatrix}$$")
    out = check_text(doc, timeout=10).steps()
    assert [s.verdict for s in out] == ["valid"] * 3
    assert "worked example" in out[0].reading
    # B A is [[0, -1], [1, 2]]: the factors' order is kept, never commuted
    swapped = doc.replace(r"A B = \begin{bmatrix} 2 & 1 \\ -1 & 0", r"B A = \begin{bmatrix} 2 & 1 \\ -1 & 0")
    assert [s.verdict for s in check_text(swapped, timeout=10).steps()] == ["valid", "valid", "invalid"]
    slip = doc.replace(r"\begin{bmatrix} 3 \\ 5", r"\begin{bmatrix} 3 \\ 6")
    got = check_text(slip, timeout=10).steps()
    assert [s.verdict for s in got] == ["valid", "invalid", "valid"]


def test_a_vector_given_by_its_entries_is_computed_entry_by_entry_within_rounding():
    doc = (r"Scores $f = (2, 0, -1)$ give" "\n\n"
           r"$$e^{f} = (7.389, 1.000, 0.368), \qquad f - 2 = (0, -2, -3)$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    slip = doc.replace("7.389", "7.1")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["invalid", "valid"]
    # a name not given in numbers (`dD`, read d times D) leaves the step as it was
    unread = (r"With $W = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$, $X = \begin{bmatrix} 3 "
              r"\\ 1 \end{bmatrix}$:" "\n\n" r"$$dW = dD \, X^T$$")
    assert [s.verdict for s in check_text(unread, timeout=10).steps()] != ["invalid"]


def test_a_bold_vector_given_by_its_entries_is_a_column_in_a_product():
    doc = (r"Through the points $(0,1)$, $(1,2)$, $(2,2)$: $\mathbf{y} = (1, 2, 2)^\top$ and"
           "\n\n" r"$$X = \begin{bmatrix} 1 & 0 \\ 1 & 1 \\ 1 & 2 \end{bmatrix},\qquad "
           r"X^\top \mathbf{y} = \begin{bmatrix} 5 \\ 6 \end{bmatrix}.$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid"]
    slip = doc.replace(r"5 \\ 6", r"5 \\ 7")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["invalid"]


def test_a_vector_written_in_its_own_entries_is_computed_with_symbolically():
    doc = ("Take\n\n" r"$$A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}, \qquad "
           r"\mathbf{x} = \begin{pmatrix} x_1 \\ x_2 \end{pmatrix}.$$" "\n\n"
           "Multiplying out the quadratic form,\n\n"
           r"$$\mathbf{x}^\top A\mathbf{x} = x_1^2 + 5x_1x_2 + 4x_2^2, \qquad "
           r"(A + A^\top)\mathbf{x} = \begin{pmatrix} 2x_1 + 5x_2 \\ 5x_1 + 8x_2 \end{pmatrix}$$")
    assert [s.verdict for s in check_text(doc, timeout=10).steps()] == ["valid", "valid"]
    slip = doc.replace("x_1^2 + 5x_1x_2", "x_1^2 + 4x_1x_2").replace("5x_1 + 8x_2", "5x_1 + 7x_2")
    assert [s.verdict for s in check_text(slip, timeout=10).steps()] == ["invalid", "invalid"]


NEWTON = r"""**Example 4.2.** Take $n = 4$, an intercept and one feature, so $x_i = (1, t_i)$ with $t = (-1, 0, 1, 2)$ and labels $y = (0, 1, 0, 1)$. Starting from $w^{(0)} = 0$ every $p_i = \tfrac12$ and every $s_i = \tfrac14$. The gradient (4.3) has components
\begin{align}
g_1 &= \sum_{i=1}^{4}(p_i - y_i) = 0.5 - 0.5 + 0.5 - 0.5 = 0, \\
g_2 &= \sum_{i=1}^{4}(p_i - y_i)\,t_i = 0.5\cdot(-1) + (-0.5)\cdot 0 + 0.5\cdot 1 + (-0.5)\cdot 2 = -0.5 + 0 + 0.5 - 1 = -1 .
\end{align}
From (4.4), with $\sum_i t_i = 2$ and $\sum_i t_i^2 = 6$,
$$
H = \frac14\begin{pmatrix} 4 & \sum_i t_i \\ \sum_i t_i & \sum_i t_i^2 \end{pmatrix} = \frac14\begin{pmatrix} 4 & 2 \\ 2 & 6 \end{pmatrix} = \begin{pmatrix} 1 & 0.5 \\ 0.5 & 1.5 \end{pmatrix}, \qquad \det H = 1.5 - 0.25 = 1.25 .
$$
The inverse of a $2\times 2$ matrix is
$$
H^{-1} = \frac{1}{\det H}\begin{pmatrix} H_{22} & -H_{12} \\ -H_{21} & H_{11} \end{pmatrix} = \frac{1}{1.25}\begin{pmatrix} 1.5 & 0.5 \\ 0.5 & 1 \end{pmatrix} = \begin{pmatrix} 1.2 & 0.4 \\ 0.4 & 0.8 \end{pmatrix},
$$
and the first Newton iterate $w^{(1)} = w^{(0)} - H^{-1}g$ comes out as
"""


def test_an_inverse_sympy_cannot_take_of_the_examples_matrix_breaks_no_block():
    # H_{22} … beside H given in numbers: the inverse SymPy cannot take of entries it keeps
    # non-commutative is no value (it said PolynomialError and lost the block)
    out = check_text(NEWTON, timeout=10)
    failed = [s.reason for s in out.steps() if s.reason_kind == "failed"]
    assert not failed, failed
    assert "invalid" not in [s.verdict for s in out.steps()]
