"""Notation met on a fifth round of real pages: a likelihood written as a distribution the
page never defines, then as the product it means."""
from derive.check import check_text


def verdicts(text):
    return [s.verdict for s in check_text(text, timeout=20).steps()]


# ------------------------------------------------------------ a likelihood named by a chain
LIKELIHOOD = (
    r"The model is $\sigma(z) = \frac{1}{1 + e^{-z}}$." "\n\n"
    r"$$L(w) = P(\mathbf{y} \mid X; w) = \prod_{i=1}^{n} P(y_i \mid x_i; w)"
    r" = \prod_{i=1}^{n} \sigma(z_i)^{y_i} (1 - \sigma(z_i))^{1 - y_i}$$" "\n\n"
    "assuming the samples are independent. Its logarithm:\n\n"
    r"$$\log L(w) = \sum_{i=1}^{n} y_i \log \sigma(z_i) + (1 - y_i) \log(1 - \sigma(z_i))$$" "\n")


def test_a_likelihood_is_taken_in_the_form_its_chain_ends_at():
    # the steps through P(·|·) are not checkable (the page never defines P), but the
    # chain gives the likelihood its meaning: the log-likelihood after it is checked
    assert verdicts(LIKELIHOOD)[-1] == "valid"
    assert verdicts(LIKELIHOOD)[:2] == ["unknown", "unknown"]
    slip = LIKELIHOOD.replace(r"+ (1 - y_i) \log(1 - \sigma(z_i))$$",
                              r"+ (1 - y_i) \log(1 + \sigma(z_i))$$")
    assert verdicts(slip)[-1] == "invalid"


def test_a_defined_distribution_keeps_its_meaning():
    # p defined by the words: the chain's step is checked (a slip found), and L keeps the
    # meaning of its first link, which the log after it uses
    doc = (r"The model gives $p(y \mid x) = \sigma(x)^{y} (1 - \sigma(x))^{1 - y}$." "\n\n"
           r"$$L = p(y \mid x) = \sigma(x)^{y} (1 + \sigma(x))^{1 - y}$$" "\n\n"
           r"$$\log L = y \log \sigma(x) + (1 - y) \log (1 - \sigma(x))$$" "\n")
    assert verdicts(doc) == ["invalid", "valid"]
