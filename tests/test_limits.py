"""`\\lim_{x \\to a}` read and decided: SymPy's limit for the proof, mpmath's extrapolation
(two of them, which must agree) for the numeric check."""
from derive.check import check_text


def verdicts(text, timeout=20):
    # memory: a step's worker is forked from this (large, late in the suite) test process,
    # and its address-space limit counts what it inherits
    return [s.verdict for s in check_text(text, timeout=timeout, memory_mb=4096).steps()]


def test_limits_of_the_sigmoid_and_a_difference_quotient():
    doc = (r"$$ \lim_{z \rightarrow +\infty} \sigma'(z) = 0 $$" "\n\n"
           r"$$ \lim_{z \to -\infty} \sigma'(z) = 0 $$" "\n\n"
           r"$$ \lim_{h \to 0} \frac{(x+h)^2 - x^2}{h} = 2x $$" "\n\n"
           r"$$ \lim\limits_{z \to +\infty} \sigma(z) = 1 $$")
    assert verdicts(doc) == ["valid"] * 4


def test_a_wrong_limit_is_invalid_not_an_equation_to_solve():
    # `… = 0` with nothing left to solve for is an identity to check
    # (the default budget: a wrong step's slip search runs until its deadline)
    assert verdicts(r"$$ \lim_{z \rightarrow +\infty} \sigma(z) = 0 $$", 5) == ["invalid"]
    assert verdicts(r"$$ \lim_{h \to 0} \frac{(x+h)^2 - x^2}{h} = x $$", 5) == ["invalid"]


def test_the_definition_of_the_derivative_for_an_undefined_function():
    right = r"$$ \frac{df(x)}{dx} = \lim_{h \rightarrow 0} \frac{f(x + h) - f(x)}{h} $$"
    assert verdicts(right) == ["valid"]
    wrong = r"$$ \frac{df(x)}{dx} = \lim_{h \rightarrow 0} \frac{f(x + h) - f(x)}{2h} $$"
    assert verdicts(wrong, 5) != ["valid"]      # (f(x) might be f·x: unknown, not invalid)


def test_a_difference_quotient_of_a_function_is_its_derivative_for_every_smooth_function():
    # read with f a function: l'Hôpital's rule on the 0/0 quotient, and the numeric check
    # draws a smooth f at random (a product f·x would make the wrong one below valid too)
    central = r"$$ f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x - h)}{2h} $$"
    assert verdicts(central) == ["valid"]
    halved = r"$$ f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x - h)}{h} $$"
    assert verdicts(halved, 5) == ["unknown"]
    additive = r"$$ g(x + y) = g(x) + g(y) $$"      # true only with g times the bracket
    assert verdicts(additive, 5) == ["unknown"]
