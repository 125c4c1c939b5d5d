"""Lecture notation → SymPy, and the measured pitfalls of other parsers, each a test."""
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.latex.parser import ParseError, index_symbol, read_chain, read_expr
from derive.notation import Sigmoid, dsigma

x, y, z, a, b, t, A, W = (sp.Symbol(s, real=True) for s in "xyzabtAW")
i, j, k, l, n = (index_symbol(s) for s in "ijkln")
X, Zb, Y = (sp.IndexedBase(s, real=True) for s in "xzy")


def test_case_survives():                      # latex2sympy2_extended lowercases A x
    assert read_expr("A x") == A * x


def test_trailing_letters_are_not_units():     # Math-Verify reads x + 2t as x + 2
    assert read_expr("x + 2t") == x + 2 * t


def test_primes_survive():                     # Math-Verify reads σ'(z) as σ(z)
    assert read_expr(r"\sigma'(z)") == dsigma(z)
    assert read_expr(r"\sigma'(z)") != read_expr(r"\sigma(z)")
    assert read_expr("f'(z)", frozenset({"f"})).expr.has(sp.Derivative)


def test_transposes_survive():                 # Math-Verify drops them
    assert read_expr("W^T x") == sp.Symbol("W^{T}", real=True) * x


def test_e_is_the_exponential():               # SymPy's antlr backend: a free symbol e
    assert read_expr("e^{-z}") == sp.exp(-z)
    assert read_expr("e") == sp.E


def test_two_letter_subscripts_are_two_indices():   # antlr: x_{ij} as x_{i·j}
    assert read_expr("x_{ij}") == X[i, j]


def test_a_product_is_not_a_call():            # antlr: a(1-a) as a function call
    assert read_expr("a(1-a)") == a * (1 - a)


def test_a_defined_function_is_called():
    f = sp.Function("f", real=True)
    assert read_expr("f(x, y)", frozenset({"f"})) == f(x, y)


def test_left_right_and_ln_binding():          # lark: \left and \ln a + b misread
    assert read_expr(r"\left(a + b\right) x") == (a + b) * x
    assert read_expr(r"\ln a + b") == sp.log(a) + b


def test_sums_without_bounds_and_with_exclusions():   # none of the parsers read these
    assert read_expr(r"\sum_j x_j") == sp.Sum(X[j], (j, 1, n))
    excl = read_expr(r"\sum_{j \neq i} x_j")
    stack = read_expr(r"\sum_{\substack{j=1\\ j\neq i}}^{n} x_j")
    assert excl == stack == sp.Sum(X[j] * (1 - sp.KroneckerDelta(j, i)), (j, 1, n))


def test_the_summation_letter_is_bound_in_the_summand():
    assert read_expr(r"\sum_{j=1}^{n} j^2") == sp.Sum(j ** 2, (j, 1, n))


def test_partial_derivatives():                # none read \partial z_i
    C = sp.Symbol("C", real=True)
    assert read_expr(r"\frac{\partial C}{\partial z_i}") == sp.Derivative(C, Zb[i])
    assert read_expr(r"\frac{\partial}{\partial z_i}\left(z_i^2\right)") == \
        sp.Derivative(Zb[i] ** 2, Zb[i])
    assert read_expr(r"\frac{d}{dx} x^3") == sp.Derivative(x ** 3, x)


def test_layer_labels_are_names_not_powers():
    assert read_expr("a_j^L") == sp.IndexedBase("a^{L}", real=True)[j]
    assert read_expr("a_k^{L-1}") == sp.IndexedBase("a^{L-1}", real=True)[k]
    # L and (L) are one layer (SPEC §3.1); a sample label is an index: y^{(i)} is the i-th
    # sample's y, so that a sum over i runs over it
    assert read_expr("z_i^{(l)}") == sp.IndexedBase("z^{l}", real=True)[i]
    assert read_expr("a_i^{(L)}") == read_expr("a_i^L")
    assert read_expr("y^{(i)}") == sp.IndexedBase(r"y^{(\cdot)}", real=True)[i]
    assert read_expr("x^2") == x ** 2


def test_kronecker_and_indicator():
    assert read_expr(r"\delta_{ij}") == sp.KroneckerDelta(i, j)
    assert read_expr("I(k = l)") == sp.KroneckerDelta(k, l)
    # I of anything but a relation is a function's value (a loss I(a), information I(X; Y)),
    # never the identity times a bracket
    assert read_expr(r"I(\vec a)") == sp.Function("I", real=True)(
        sp.Symbol(r"\vec{a}", real=True))


def test_sigma_and_functions():
    assert read_expr(r"\sigma(z)(1-\sigma(z))") == Sigmoid(z) * (1 - Sigmoid(z))
    assert read_expr(r"\max(0, x)") == sp.Max(0, x)
    assert read_expr(r"\tanh x + \exp(x) + \sqrt{x} + \log x") == \
        sp.tanh(x) + sp.exp(x) + sp.sqrt(x) + sp.log(x)


def test_chain_relations():
    exprs, rels = read_chain(r"a \le b < x = y \ge z")
    assert rels == ["<=", "<", "=", ">="] and exprs == [a, b, x, y, z]


@pytest.mark.parametrize("text", [
    r"\def\x{1} \x", r"\input{/etc/passwd}", "__import__('os').system('ls')",
    r"10^{10^{10}}", "{" * 1000 + "x" + "}" * 1000, "x + " * 300_000 + "x",
    "\x00\xff\x10 binary", r"\frac{e^{x_j} {\sum_k", "",
])
def test_hostile_input_is_a_parse_error(text):
    with pytest.raises(ParseError):
        read_chain(text)


TOKENS = ["x", "y_i", "a_j^L", "e^{", "}", "{", "(", ")", r"\frac{", r"\sum_{j=1}^{n}", "+",
          "-", "=", r"\cdot", r"\partial", r"\sigma(", r"\ln", "^", "_", "2", r"\left(",
          r"\right)", "'", ",", r"\delta_{ij}", r"\def", "\\", "&", r"\\", "$", "é", "1e9"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_random_token_soup_never_crashes(tokens):
    try:
        read_chain(" ".join(tokens))
    except ParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_crashes(text):
    try:
        read_chain(text)
    except ParseError:
        pass
