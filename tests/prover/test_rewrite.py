"""Rewrites must be sound: the known traps of SymPy's rewriting tools."""
import sympy as sp

from derive import Claim, Equals, Source, part, prove
from derive.prover.rewrite import is_zero

SRC = Source("test", "test")


def test_log_of_a_product_is_not_split_without_positivity():
    x, y = sp.symbols("x y", real=True)
    # expand_log(force=True) would "prove" this, though it fails at x = y = -1
    assert sp.expand_log(sp.log(x * y), force=True) - sp.log(x) - sp.log(y) == 0
    assert is_zero(sp.log(x * y) - sp.log(x) - sp.log(y)) is None


def test_log_of_a_product_is_split_for_positive_factors():
    x, y = sp.symbols("x y", positive=True)
    assert is_zero(sp.log(x * y) - sp.log(x) - sp.log(y)) is not None


def test_the_false_log_rule_is_refuted_with_a_counterexample():
    x, y = sp.symbols("x y", real=True)
    claim = Claim("t.log", "log rule for reals", SRC,
                  (part(Equals(sp.log(x * y), sp.log(x) + sp.log(y))),),
                  hypotheses=(sp.Ne(x, 0), sp.Ne(y, 0)))
    proof = prove(claim, budget=20)
    assert proof.status != "proved"


def test_sqrt_of_a_square_is_not_the_identity_for_reals():
    x = sp.Symbol("x", real=True)
    claim = Claim("t.sqrt", "sqrt(x^2) = x", SRC, (part(Equals(sp.sqrt(x ** 2), x)),))
    proof = prove(claim, budget=20)
    assert proof.status == "refuted"
    assert proof.counterexample["x"] < 0
