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


GAUSS = (r"The density of one observation is" "\n\n"
         r"$$p(x \mid \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}}"
         r"\exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right).$$" "\n\n"
         r"$$\ell(\mu, \sigma^2) = \log\prod_{i=1}^{n} p(x_i \mid \mu, \sigma^2) = "
         r"-\frac{n}{2}\log(2\pi) - \frac{n}{2}\log\sigma^2 - \frac{1}{2\sigma^2}"
         r"\sum_{i=1}^{n}(x_i-\mu)^2$$" "\n\n"
         r"$$\frac{\partial \ell}{\partial \mu} = \frac{1}{\sigma^2}\sum_{i=1}^{n}(x_i - \mu)$$"
         "\n\n"
         r"$$\frac{\partial \ell}{\partial \sigma^2} = -\frac{n}{2\sigma^2} + "
         r"\frac{1}{2\sigma^4}\sum_{i=1}^{n}(x_i-\mu)^2$$" "\n")


def test_a_density_given_its_parameters_and_a_likelihood_in_the_variance():
    # p(x | μ, σ²) = … defines p of three arguments (the bar one of the commas), so the
    # likelihood's p(x_i | μ, σ²) is p there; ℓ(μ, σ²) is a function of the variance, and
    # ∂ℓ/∂σ² differentiates by σ² wherever σ stands (1/(2σ²) too), never taking it for 0
    assert verdicts(GAUSS) == ["valid"] * 3
    # the slip of a lost n, and a lost 1/2 in the σ² derivative
    assert verdicts(GAUSS.replace(r"= -\frac{n}{2\sigma^2} +", r"= -\frac{1}{2\sigma^2} +"))[-1] \
        == "invalid"
    assert verdicts(GAUSS.replace(r"(x_i - \mu)$$", r"(x_i - \mu)^2$$"))[1] == "invalid"


def test_a_derivative_by_a_square_differentiates_the_root_too():
    page = (r"We write $\ell(\mu, \sigma^2) = -\frac{n}{2}\log\sigma^2 - \frac{1}{2\sigma^2}"
            r"\sum_{i=1}^{n}(x_i-\mu)^2$ for the log-likelihood. Then" "\n\n"
            r"$$\frac{\partial \ell}{\partial \sigma^2} = 0$$" "\n")
    # before: ℓ held 1/(2σ²) as a constant in σ², and ∂ℓ/∂σ² = 0 came out valid
    assert "valid" not in verdicts(page.replace(r"= 0$$", r"= 0 + 0$$"))


def test_an_otherwise_row_holds_where_the_rows_before_it_do_not():
    huber = (r"For a residual $r$ the Huber loss is" "\n\n"
             r"$$L_\delta(r) = \begin{cases} \frac{1}{2}r^2 & \text{if } |r| \le \delta, \\ "
             r"\delta\left(|r| - \frac{1}{2}\delta\right) & \text{otherwise.} \end{cases}$$"
             "\n")
    assert verdicts(huber) == []             # a definition by cases, no step to refute
    relu = (r"$$\frac{d}{dx}\max(0, x) = \begin{cases} 1 & \text{if } x > 0, \\ "
            r"0 & \text{otherwise} \end{cases}$$" "\n")
    assert verdicts(relu) == ["valid", "valid"]
    assert verdicts(relu.replace(r"0 & \text{otherwise}", r"1 & \text{otherwise}")) \
        == ["valid", "invalid"]


def test_a_subscripted_function_letter_alone_is_the_entry_the_words_name():
    page = (r"Let $\sigma(z) = 1/(1 + e^{-z})$ and write $\sigma_i = \sigma(w x_i)$." "\n\n"
            r"$$\sigma_i (1 - \sigma_i) = \sigma_i - \sigma_i^2$$" "\n")
    assert verdicts(page) == ["valid"]
    assert verdicts(page.replace(r"\sigma_i - \sigma_i^2$$", r"\sigma_i - \sigma_i^3$$")) \
        == ["invalid"]
    # beside σ(z) defined, σ_i(1 − σ_i) is σ_i times the bracket — never σ(1 − σ_i) — and
    # σ_1, σ_2 with no bracket are entries
    functions = frozenset({"sigma"})
    assert str(read_expr(r"\sigma_i(1-\sigma_i)", functions)) == "(1 - sigma[i])*sigma[i]"
    assert str(read_expr(r"\sigma_1^2 + \sigma_2", functions)) == "sigma[1]**2 + sigma[2]"


def test_labels_that_take_two_values_are_sampled_on_them():
    page = (r"The data are $(x_i, y_i)$ with $y_i \in \{0, 1\}$. Let "
            r"$\sigma(z) = 1/(1 + e^{-z})$. For one example with input $x$ and label $y$ the "
            r"loss is $\ell(w) = -y\log\sigma(wx) - (1-y)\log(1 - \sigma(wx))$." "\n\n"
            r"$$\frac{d\ell}{dw} = (\sigma(wx) - y)x$$" "\n")
    # y_1 … y_n drawn on {0, 1} (a value of y never reaches the label of y_1): the
    # symbolic proof gets its numeric check
    assert verdicts(page) == ["valid"]
    assert verdicts(page.replace("- y)x$$", "+ y)x$$")) == ["invalid"]


def test_an_example_number_is_put_in_only_for_a_name_the_step_no_longer_writes():
    page = (r"With $\delta = 1$ and a residual $r = 3$ the loss is $2.5$." "\n\n"
            r"The pseudo-Huber loss $h(r) = \delta^2\left(\sqrt{1 + (r/\delta)^2} - 1\right)$"
            " is smooth. Its derivative is\n\n"
            r"$$\frac{r}{\sqrt{1 + (r/\delta)^2}} = \frac{r}{\sqrt{1 + r^2/\delta}}$$" "\n")
    # the 1 of √(1 + …) is no δ = 1 while δ is written: false in general, never valid
    [step] = steps(page)
    assert step.verdict == "invalid" or "false in general" in step.reason


RIDGE_GRADIENT = (r"With $\mathbf{X} \in \mathbb{R}^{n \times d}$, $\mathbf{y} \in \mathbb{R}^n$,"
                  r" $\mathbf{w} \in \mathbb{R}^d$ and $\lambda > 0$:" "\n\n"
                  r"$$2\mathbf{X}^T\left(\mathbf{X}\mathbf{w} - \mathbf{y}\right) + "
                  r"2\lambda\mathbf{w} = 2\left(\mathbf{X}^T\mathbf{X} + \lambda\mathbf{I}"
                  r"\right)\mathbf{w} - 2\mathbf{X}^T\mathbf{y}$$" "\n")


def test_a_matrix_refutation_at_a_point_the_hypotheses_allow_stands():
    # λ > 0 mentions λ, but the counterexample has λ > 0: it refutes the step under it;
    # 𝐈 is the identity, notation — never a name on one side that words could define
    assert verdicts(RIDGE_GRADIENT) == ["valid"]
    [slip] = steps(RIDGE_GRADIENT.replace(r"- 2\mathbf{X}^T\mathbf{y}$$",
                                          r"- \mathbf{X}^T\mathbf{y}$$"))
    assert slip.verdict == "invalid" and slip.counterexample["\\lambda"] > 0


def test_the_derivative_of_a_function_with_a_subscript_is_of_that_function():
    # h_δ'(r) differentiates h_δ, never a plain h the page does not define
    functions = frozenset({"h"})
    assert str(read_expr(r"h_\delta'(r)", functions).expr.expr) == r"h_{\cdot}(delta, _t)"
    page = (r"The pseudo-Huber loss $h_\delta(r) = \delta^2\left(\sqrt{1 + (r/\delta)^2} - 1"
            r"\right)$ is smooth. Its derivative is" "\n\n"
            r"$$h_\delta'(r) = \frac{r}{\sqrt{1 + (r/\delta)^2}}$$" "\n")
    assert verdicts(page) == ["valid"]
    assert verdicts(page.replace(r"\frac{r}{", r"\frac{2r}{")) == ["invalid"]


def test_an_inequality_after_an_equation_is_the_case_it_holds_in():
    # `…, \quad a < -\lambda`: the row's case, as `\text{if } a < -\lambda` is — a point
    # outside it (a = 3.3) refutes nothing
    page = (r"Let $\lambda > 0$ be the threshold." "\n\n"
            r"$$\max(|a| - \lambda, 0) = -a - \lambda, \quad a < -\lambda$$" "\n")
    assert "invalid" not in verdicts(page)
    assert verdicts(page.replace(r"= -a - \lambda,", r"= a - \lambda,")) == ["invalid"]


def test_a_derivative_of_a_max_over_an_index_is_not_refuted():
    # max pooling: ∂y/∂x_j = 1[j = j*] for y = max_i x_i holds where the max is attained
    # once; SymPy differentiates the max as if i were free, which is no counterexample
    page = ("Here $y = \\max_i x_i$. If the maximum is attained at a unique index "
            "$j^\\ast$, then near it $y = x_{j^\\ast}$. Therefore\n\n"
            "$$\\frac{\\partial y}{\\partial x_j} = \\mathbb{1}[\\,j = j^\\ast\\,]$$\n")
    [step] = check_text(page, timeout=10).steps()
    assert step.verdict == "unknown" and step.reason_kind == "not-reduced"
