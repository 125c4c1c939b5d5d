"""Worked examples in matrix notation beside I, 𝟏 and 𝟎, whose sizes the arrays given
in numbers fix (`Y = XW + \\mathbf{1}b^T` at a 2×2 example), and the readings the
session's new pages needed."""
from derive.check import check_text

FORWARD = (r"Let $X \in \mathbb{R}^{N \times D}$, $W \in \mathbb{R}^{D \times M}$ and "
           r"$b \in \mathbb{R}^{M}$. Take $N = D = M = 2$ and let" "\n\n"
           r"$$X = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}, \qquad W = "
           r"\begin{bmatrix} 3 & -1 \\ 2 & 1 \end{bmatrix}, \qquad b = \begin{bmatrix} 1 \\ 0 "
           r"\end{bmatrix}.$$" "\n\n"
           "The forward pass gives\n\n"
           r"$$XW + \mathbf{1}b^T = \begin{bmatrix} 7 & 1 \\ -2 & -1 \end{bmatrix} + "
           r"\begin{bmatrix} 1 & 0 \\ 1 & 0 \end{bmatrix} = \begin{bmatrix} 8 & 1 \\ -1 & -1 "
           r"\end{bmatrix}$$" "\n")


def steps(text):
    return check_text(text, timeout=10).steps()


def test_a_column_of_ones_takes_the_size_the_example_fixes():
    found = steps(FORWARD)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert "worked example" in found[0].reading


def test_a_slip_beside_the_column_of_ones_is_refuted():
    slipped = FORWARD.replace(r"\begin{bmatrix} 1 & 0 \\ 1 & 0 \end{bmatrix} =",
                              r"\begin{bmatrix} 0 & 1 \\ 0 & 1 \end{bmatrix} =")
    assert [s.verdict for s in steps(slipped)][0] == "invalid"


OUTER = (r"Let $\mathbf{u} \in \mathbb{R}^3$ and $\mathbf{v} \in \mathbb{R}^2$." "\n\n"
         r"$$\mathbf{u} \otimes \mathbf{v} = \mathbf{u}\mathbf{v}^\top$$" "\n\n"
         r"$$(\mathbf{u} \otimes \mathbf{v})^\top = \mathbf{v} \otimes \mathbf{u}$$" "\n")


def test_otimes_of_vectors_is_read_as_the_outer_product():
    found = steps(OUTER)
    assert [s.verdict for s in found] == ["valid", "valid"]
    assert all("outer product" in s.reading for s in found)


def test_otimes_refuted_as_an_outer_product_stays_unknown():
    # (u ⊗ v)ᵀ = u ⊗ v: false for the outer product; the Kronecker column is not decided
    wrong = OUTER.replace(r"= \mathbf{v} \otimes \mathbf{u}$$", r"= \mathbf{u} \otimes \mathbf{v}$$")
    found = steps(wrong)
    assert [s.verdict for s in found] == ["valid", "unknown"]
    assert "Kronecker" in found[1].reason


def test_otimes_of_matrices_is_not_decided():
    found = steps(r"$$(A \otimes B)(C \otimes D) = AC \otimes BD$$" "\n")
    assert [s.verdict for s in found] == ["unknown"]
    assert "Kronecker" in found[0].reason


def test_otimes_of_columns_written_out():
    text = (r"$$\begin{bmatrix} 1 \\ 2 \end{bmatrix} \otimes \begin{bmatrix} 3 \\ 4 "
            r"\end{bmatrix} = \begin{bmatrix} 3 & 4 \\ 6 & 8 \end{bmatrix}$$" "\n")
    assert [s.verdict for s in steps(text)] == ["valid"]
    stacked = text.replace(r"3 & 4 \\ 6 & 8", r"3 \\ 4 \\ 6 \\ 8")
    assert [s.verdict for s in steps(stacked)] == ["unknown"]
