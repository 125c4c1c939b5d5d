"""Likelihoods and optima as lecture notes write them: products over a sample (Π_i a_i
Π_i b_i is two products, Π e^{x_i} = e^{Σ x_i}), and a starred name (w^*, w^*_reg) given
as the solution of an objective the page defines — checked as a stationary point of it.
Each case is an excerpt in our own words, with a variant that must come out otherwise."""
import sympy as sp

from derive.check import check_text
from derive.latex.parser import read_expr


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


def test_a_product_after_a_product_over_the_same_index_is_a_second_product():
    # as a factor of the first product's body the second would be a constant, raised to
    # the n-th: nobody writing Π_i a_i Π_i b_i means that
    got = read_expr(r"\prod_{i=1}^{n} a_i \prod_{i=1}^{n} b_i")
    assert isinstance(got, sp.Mul) and len(got.atoms(sp.Product)) == 2
    assert all(p.function.atoms(sp.Product) == set() for p in got.atoms(sp.Product))
    # a sum right after a sum reads the same either way, and is kept so
    assert len(read_expr(r"\sum_{i=1}^{n} a_i \sum_{i=1}^{n} b_i").atoms(sp.Sum)) == 2
    # a product over another index stays inside: Π_i Π_j a_ij is one double product
    nested = read_expr(r"\prod_{i=1}^{n} \prod_{j=1}^{n} a_{ij}")
    assert isinstance(nested, sp.Product) and len(nested.limits) == 2


def test_products_over_a_sample_are_decided():
    page = (r"$$\prod_{i=1}^{n} a_i b_i = \prod_{i=1}^{n} a_i \prod_{i=1}^{n} b_i$$" "\n\n"
            r"$$\prod_{i=1}^{n} e^{x_i} = e^{\sum_{i=1}^n x_i}$$" "\n\n"
            r"$$\prod_{i=1}^{n} e^{x_i} = e^{\sum_{i=1}^n x_i^2}$$" "\n")
    got = verdicts(page)
    assert got[:2] == ["valid", "valid"]
    assert got[2] != "valid"


LINE = (r"The loss of a line through the origin is $L(w) = \sum_{i=1}^n (y_i - w x_i)^2$."
        "\n\nIts minimum is at\n\n"
        r"$$w^* = \frac{\sum_{i=1}^n x_i y_i}{\sum_{i=1}^n x_i^2}$$" "\n")


def test_a_starred_name_is_the_stationary_point_of_the_objective():
    [step] = steps(LINE)
    assert step.verdict == "valid" and "stationary point of $L(w)$" in step.reading
    # the slip (x_i for x_i^2): not a stationary point; w^* may be meant otherwise, so
    # never invalid — but never valid
    [slip] = steps(LINE.replace("x_i^2}", "x_i}"))
    assert slip.verdict == "unknown" and "the gradient there is not 0" in slip.reason


RIDGE = (r"In case of linear model and MSE loss" "\n\n"
         r"$$Q(Y, X, \mathbf{w}) = MSE(Y, X\mathbf{w}) = \|Y - X\mathbf{w}\|^2_2$$" "\n\n"
         "analytical solution takes simple form:\n\n"
         r"$$\mathbf{w}^* = (X^T X)^{-1}X^T Y.$$" "\n\n"
         "With the L2 regularization term:\n\n"
         r"$$Q_{\text{reg}}(Y, X, \mathbf{w}) = MSE(Y, X\mathbf{w}) + "
         r"\lambda\|\mathbf{w}\|_2^2$$" "\n\n"
         r"$$\mathbf{w}^*_{\text{reg}} = (X^T X + \lambda I_p)^{-1}X^T Y,$$" "\n")


def test_the_normal_equations_in_matrix_notation():
    # w^*_reg is the optimum of Q_reg (the subscript the star carries), w^* of Q; the call
    # MSE(Y, Xw) is what the definition of Q states it to be
    got = steps(RIDGE)
    assert [s.verdict for s in got] == ["valid", "valid"]
    assert "Q_{\\text{reg}}" in got[1].reading
    # the ridge solution is no stationary point of Q_reg without its λI
    slipped = steps(RIDGE.replace(r"(X^T X + \lambda I_p)^{-1}X^T Y,", r"(X^T X)^{-1}X^T Y,"))
    assert slipped[1].verdict != "valid"
