"""Differentials in matrix notation (`\\mathrm{d}(x^\\top A x)`, `X \\mathrm{d}w`,
`\\mathrm{d}\\ln\\det X`), as courses that derive gradients through differentials write
them: \\mathrm{d} takes the one factor after it, the names whose differential the step
writes vary and the others are constants, and the step is decided at sizes 1–3 as
Σ ∂F/∂s · ds over the entries. Every step here was written for this test."""
import pytest
import sympy as sp

from derive.check import check_text
from derive.latex.parser import MATRIX_READING, read_chain
from derive.notation import DifferentialOf
from derive.prover import matrices

from .test_matrix_soundness import mutants, numeric_equal

M = frozenset({MATRIX_READING})


def step(text, timeout=10):
    [found] = check_text(f"$$ {text} $$", timeout=timeout).steps()
    return found


CORRECT = [
    r"\mathrm{d}(x^\top A x) = (\mathrm{d}x)^\top A x + x^\top A \, \mathrm{d}x",
    r"(\mathrm{d}x)^\top A x + x^\top A \, \mathrm{d}x = \langle (A + A^\top) x, \mathrm{d}x \rangle",
    r"\mathrm{d}(Xw - y) = X \, \mathrm{d}w",
    r"\mathrm{d}\|Xw - y\|^2 = 2 (Xw - y)^\top X \, \mathrm{d}w",
    r"\mathrm{d}(AXB) = A \, \mathrm{d}X \, B",
    r"\mathrm{d}(X^{-1}) = -X^{-1} \, \mathrm{d}X \, X^{-1}",
    r"\mathrm{d}(XY) = \mathrm{d}X \, Y + X \, \mathrm{d}Y",
    r"\mathrm{d}\, \mathrm{tr}(X^\top A) = \mathrm{tr}(A^\top \mathrm{d}X)",
    r"\mathrm{d} \ln \det X = \mathrm{tr}(X^{-1} \mathrm{d}X)",
    r"\mathrm{d}\|x\|^2 = 2 x^\top \mathrm{d}x",
    r"\mathrm{d}\, e^{w^\top x} = e^{w^\top x} x^\top \mathrm{d}w",
    r"\mathrm{d}\, \sigma(w^\top x) = \sigma(w^\top x)(1 - \sigma(w^\top x)) \, x^\top \mathrm{d}w",
    r"\mathrm{d} \|x\|^{3} = 3 \|x\| \, x^\top \mathrm{d}x",
    r"\mathrm{d} (x^\top x)^2 = 4 x^\top x \, x^\top \mathrm{d}x",
]

SLIPS = [
    (r"\mathrm{d}(x^\top A x) = 2 x^\top A \, \mathrm{d}x", "A taken as symmetric"),
    (r"\mathrm{d}(Xw - y) = X^\top \mathrm{d}w", "an extra transpose"),
    (r"\mathrm{d}(AXB) = B \, \mathrm{d}X \, A", "factors in the wrong order"),
    (r"\mathrm{d}(X^{-1}) = -X^{-2} \, \mathrm{d}X", "the scalar rule for an inverse"),
    (r"\mathrm{d}(XY) = Y \, \mathrm{d}X + X \, \mathrm{d}Y", "the order in the product rule"),
    (r"\mathrm{d}\, \mathrm{tr}(X^\top A) = \mathrm{tr}(A \, \mathrm{d}X)", "a transpose lost"),
    (r"\mathrm{d}\|x\|^2 = x^\top \mathrm{d}x", "the factor 2 lost"),
    (r"\mathrm{d}\|Xw - y\|^2 = 2 (Xw - y)^\top X^\top \mathrm{d}w", "an extra transpose"),
    (r"\mathrm{d} \ln \det X = \mathrm{tr}(X \, \mathrm{d}X)", "X for its inverse"),
    (r"\mathrm{d} (x^\top x)^2 = 2 x^\top x \, x^\top \mathrm{d}x", "the inner derivative's 2 lost"),
]


@pytest.mark.parametrize("text", CORRECT)
def test_a_correct_differential_is_valid(text):
    found = step(text)
    assert found.verdict == "valid", found.reason
    assert "sizes" in found.reason and "varying" in found.reading


@pytest.mark.parametrize("text,slip", SLIPS)
def test_a_slip_in_a_differential_is_invalid(text, slip):
    found = step(text)
    assert found.verdict == "invalid", (slip, found.reason)
    assert found.counterexample


def test_d_takes_the_factor_after_it():
    read = read_chain(r"\mathrm{d}(x^\top) \cdot Ax + x^\top \mathrm{d}x", M)[0][0]
    inner = {str(d.args[0]) for d in read.atoms(DifferentialOf)}
    assert inner == {"Transposed(x)", "x"}
    # d of a power: the whole power (d‖x‖^{3/2}), of a call: the call (d L(w))
    [power] = read_chain(r"\mathrm{d} \| x \|^\frac{3}{2}", M)[0][0].atoms(DifferentialOf)
    assert power.args[0].is_Pow


def test_the_d_of_a_derivative_and_of_an_integral_stays_theirs():
    assert read_chain(r"\frac{\mathrm{d} f}{\mathrm{d} x}", M)[0][0].is_Derivative
    assert read_chain(r"\frac{\mathrm{d}}{\mathrm{d} x} x^2", M)[0][0].is_Derivative
    assert isinstance(read_chain(r"\int_a^b x^T w \, \mathrm{d}w", M)[0][0], sp.Integral)
    assert step(r"\frac{\mathrm{d}}{\mathrm{d}x} x^2 = 2x").verdict == "valid"


def test_names_held_constant_are_not_names_on_one_side_only():
    # y vanishes under d: the step says w varies by writing dw
    found = step(r"\mathrm{d}(Xw - y) = X^\top X \, \mathrm{d}w")
    assert found.verdict == "invalid"


def test_a_step_that_does_not_say_what_varies_is_never_refuted():
    # with every name varying d(Xw) has a dX term; the writer may hold X constant
    found = step(r"\mathrm{d}\left(\frac{1}{N}\|Xw - y\|^2\right) = \frac{2}{N}(Xw - y)^\top X "
                 r"\mathrm{d}w")
    assert found.verdict == "valid"             # dw written: w varies, X and y do not
    found = step(r"\mathrm{d}(Xw) = \mathrm{d}(wX)")
    assert found.verdict != "invalid"


def test_a_differential_in_a_named_variable():
    # esokolov's course: \mathrm{d}_w f (there `\dx_w`), the differential of f as w varies
    assert step(r"\mathrm{d}_w[(y - Xw)^T(y - Xw)] = -2 (y - Xw)^T X \mathrm{d} w").verdict \
        == "valid"
    assert step(r"\mathrm{d}_w[(y - Xw)^T(y - Xw)] = 2 (y - Xw)^T X \mathrm{d} w").verdict \
        == "invalid"
    assert step(r"\mathrm{d}_w [X^T X w] = X^T X \mathrm{d} w").verdict == "valid"
    assert step(r"\mathrm{d}_w [X^T X w] = X X^T \mathrm{d} w").verdict == "invalid"


def test_a_lecture_derivation_through_differentials():
    page = r"""
Пусть $f(x) = x^\top A x$, где $A$ — квадратная матрица. Найдём дифференциал:

$$ \mathrm{d} f = \mathrm{d}(x^\top) A x + x^\top \mathrm{d}(A x)
   = (\mathrm{d} x)^\top A x + x^\top A \, \mathrm{d} x
   = \langle (A + A^\top) x, \, \mathrm{d} x \rangle $$

Значит, $\nabla f(x) = (A + A^\top) x$:

$$ \nabla f(x) = (A + A^\top) x $$
"""
    steps = check_text(page).steps()
    assert [s.verdict for s in steps] == ["valid"] * 4, [s.reason for s in steps]


def _pairs():
    for text in CORRECT:
        left, right = text.split(" = ")
        yield text, read_chain(left, M)[0][0], read_chain(right, M)[0][0]


@pytest.mark.parametrize("text,lhs,rhs", list(_pairs()), ids=lambda x: str(x)[:40])
def test_no_differential_mutant_is_proved_unless_numpy_agrees(text, lhs, rhs):
    """Each correct step with a transpose added or removed or two factors swapped: a
    mutant the decider proves must agree with NumPy's central differences."""
    proved_wrong = []
    for mutant in mutants(rhs):
        try:
            found = matrices.decide(lhs, mutant)
        except matrices.NotModelled:
            continue
        if found.holds is True:
            for kinds in matrices.readings([lhs, mutant]):
                try:
                    if numeric_equal(lhs, mutant, kinds) is False:
                        proved_wrong.append(str(mutant))
                except NotImplementedError:
                    pass
    assert proved_wrong == []
