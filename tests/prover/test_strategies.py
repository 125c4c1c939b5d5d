"""Each strategy on small claims of its own: what it proves, and what it must not."""
import sympy as sp

from derive import Approx, Claim, Compare, Equals, Limit, Minimum, Source, ZeroIff, part
from derive.notation import dim, indices, vector
from derive.prover import equality, inequality, special
from derive.prover.context import Context

SRC = Source("test", "test")
x = sp.Symbol("x", real=True)
n = dim("n")
i, j, k = indices("i j k")
p, q = vector("p", positive=True), vector("q", positive=True)


def ctx_of(claim):
    return Context.of(claim, claim.parts[0])


def run(strategy, claim):
    return strategy(claim.parts[0].relation, ctx_of(claim))


def test_rewriting_uses_a_sign_hypothesis_and_names_it():
    c = Claim("t", "t", SRC, (part(Equals(sp.Max(0, x), x)),), hypotheses=(x > 0,))
    out = run(equality.rewriting, c)
    assert out is not None and out.hypotheses == ["x > 0"]
    assert run(equality.rewriting, Claim("t", "t", SRC, (part(Equals(sp.Max(0, x), x)),))) is None


def test_symbolic_sums_substitutes_an_equality_hypothesis():
    y = vector("y")
    lhs = sp.Sum(y[k] * 3, (k, 1, n))
    c = Claim("t", "t", SRC, (part(Equals(lhs, 3)),), indices={k: n}, dims={n: 1},
              hypotheses=(sp.Eq(sp.Sum(y[j], (j, 1, n)), 1),))
    out = run(equality.symbolic_sums, c)
    assert out is not None and out.hypotheses
    bare = Claim("t", "t", SRC, (part(Equals(lhs, 3)),), indices={k: n}, dims={n: 1})
    assert run(equality.symbolic_sums, bare) is None


def test_sign_analysis_needs_n_at_least_two_for_a_strict_softmax_bound():
    z = vector("z")
    a = sp.exp(z[j]) / sp.Sum(sp.exp(z[k]), (k, 1, n))
    two = Claim("t", "t", SRC, (part(Compare(a, "<", 1)),), indices={j: n, k: n}, dims={n: 2})
    one = Claim("t", "t", SRC, (part(Compare(a, "<", 1)),), indices={j: n, k: n}, dims={n: 1})
    assert run(inequality.sign_analysis, two) is not None
    assert run(inequality.sign_analysis, one) is None


def test_gibbs_proves_a_finite_instance_and_not_the_reverse_inequality():
    kl = sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, n))
    hyps = (sp.Eq(sp.Sum(p[i], (i, 1, n)), 1), sp.Eq(sp.Sum(q[i], (i, 1, n)), 1))
    good = Claim("t", "t", SRC, (part(Compare(kl, ">=", 0)),), indices={i: n}, dims={n: 1},
                 hypotheses=hyps)
    bad = Claim("t", "t", SRC, (part(Compare(kl, "<=", 0)),), indices={i: n}, dims={n: 1},
                hypotheses=hyps)
    assert run(inequality.gibbs, good) is not None
    assert run(inequality.gibbs, bad) is None


def test_gibbs_needs_the_normalisation_hypotheses():
    kl = sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, n))
    c = Claim("t", "t", SRC, (part(Compare(kl, ">=", 0)),), indices={i: n}, dims={n: 1})
    assert run(inequality.gibbs, c) is None


def test_zero_iff_rejects_a_wrong_condition():
    kl = sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, n))
    hyps = (sp.Eq(sp.Sum(p[i], (i, 1, n)), 1), sp.Eq(sp.Sum(q[i], (i, 1, n)), 1))
    right = Claim("t", "t", SRC, (part(ZeroIff(kl, ((q, p),))),), indices={i: n}, dims={n: 1},
                  hypotheses=hyps)
    r = vector("r", positive=True)
    wrong = Claim("t", "t", SRC, (part(ZeroIff(kl, ((q, r),))),), indices={i: n},
                  dims={n: 1}, hypotheses=hyps)
    assert run(special.zero_iff_by_tangent, right) is not None
    assert run(special.zero_iff_by_tangent, wrong) is None


def test_limit_with_a_wrong_value_is_not_proved():
    good = Claim("t", "t", SRC, (part(Limit(sp.exp(-x), x, sp.oo, 0)),))
    bad = Claim("t", "t", SRC, (part(Limit(sp.exp(-x), x, sp.oo, 1)),))
    assert run(special.sympy_limit, good) is not None
    assert run(special.sympy_limit, bad) is None


def test_convex_minimum_in_one_variable():
    f = (x - 2) ** 2 + 1
    good = Claim("t", "t", SRC, (part(Minimum(f, ((x, 2),), 1)),))
    wrong_place = Claim("t", "t", SRC, (part(Minimum(f, ((x, 3),), 2)),))
    concave = Claim("t", "t", SRC, (part(Minimum(-f, ((x, 2),), -1)),))
    assert run(special.minimum_convex_1d, good) is not None
    assert run(special.minimum_convex_1d, wrong_place) is None
    assert run(special.minimum_convex_1d, concave) is None


def test_exact_value_refutes_a_wrong_rounding():
    good = Claim("t", "t", SRC, (part(Approx(sp.pi, sp.Float("3.14"), sp.Rational(1, 200))),))
    bad = Claim("t", "t", SRC, (part(Approx(sp.pi, sp.Float("3.15"), sp.Rational(1, 200))),))
    assert run(special.exact_value, good).status == "proved"
    out = run(special.exact_value, bad)
    assert out.status == "refuted" and abs(out.counterexample["value"] - 3.14159) < 1e-4


def test_symbolic_products_split_factor_by_factor():
    t, y, z = vector("t"), vector("y"), vector("z")
    sig = 1 / (1 + sp.exp(-z[k]))
    lhs = sp.Product(y[k] ** t[k] * (1 - y[k]) ** (1 - t[k]), (k, 1, n))
    rhs = sp.Product(sig ** t[k], (j, 1, n)).xreplace({k: j}) \
        * sp.Product((1 - sig) ** (1 - t[k]), (k, 1, n))
    defs = {y: sp.Lambda((k,), sig)}
    c = Claim("t", "t", SRC, (part(Equals(lhs, rhs)),), dims={n: 1}, defs=defs)
    out = run(equality.symbolic_products, c)
    assert out is not None and out.method.startswith("symbolic products")
    # Π 2 x_k = 2^n Π x_k; a base that does not depend on k: Π c^{t_k} = c^{Σ t_k}
    two = Claim("t", "t", SRC, (part(Equals(sp.Product(2 * y[k], (k, 1, n)),
                                             2 ** n * sp.Product(y[j], (j, 1, n)))),),
                dims={n: 1})
    assert run(equality.symbolic_products, two) is not None
    power = Claim("t", "t", SRC, (part(Equals(sp.Product(x ** t[k], (k, 1, n)),
                                               x ** sp.Sum(t[j], (j, 1, n)))),), dims={n: 1})
    assert run(equality.symbolic_products, power) is not None
    # factors that differ are not made one: σ^{1-t} for (1 − σ)^{1-t} is not proved
    wrong = Claim("t", "t", SRC, (part(Equals(lhs, sp.Product(sig ** t[k] * sig ** (1 - t[k]),
                                                               (k, 1, n)))),),
                  dims={n: 1}, defs=defs)
    assert run(equality.symbolic_products, wrong) is None


def test_log_rules_read_the_modulus_of_a_logged_name_as_the_name():
    # the Gaussian log-likelihood: log(1/√(2πσ²)) = −½ log 2π − log σ, σ > 0 where log σ is
    s = sp.Symbol("sigma", real=True)
    lhs = sp.log(1 / sp.sqrt(2 * sp.pi * s ** 2))
    rhs = -sp.log(2 * sp.pi) / 2 - sp.log(s)
    ctx = Context({}, {}, (), {}, (), True)
    assert equality.log_rules(Equals(lhs, rhs), ctx) is not None
    assert equality.log_rules(Equals(lhs, rhs + 1), ctx) is None


def test_a_difference_that_is_zero_wherever_both_sides_are_defined_is_zero():
    s = sp.Symbol("sigma", real=True)
    c = Claim("t", "t", SRC, (part(Equals(sp.Derivative(sp.log(sp.sqrt(s ** 2)), s), 1 / s)),))
    assert run(equality.rewriting, c) is not None
    wrong = Claim("t", "t", SRC, (part(Equals(sp.Derivative(sp.log(sp.sqrt(s ** 2)), s),
                                              2 / s)),))
    assert run(equality.rewriting, wrong) is None


def test_rewriting_writes_out_a_sum_with_number_bounds():
    w, xv = vector("w"), vector("x")
    two = sp.Sum(w[k] * xv[k], (k, 1, 2))
    c = Claim("t", "t", SRC, (part(Equals(w[1] * xv[1] + w[2] * xv[2], two)),))
    assert run(equality.rewriting, c) is not None
    huge = Claim("t", "t", SRC, (part(Equals(sp.Sum(w[k], (k, 1, 10 ** 6)), 0)),))
    assert run(equality.rewriting, huge) is None          # never written out


def test_a_hypothesis_at_a_concrete_index_keeps_the_index_its_sum_runs_over():
    from derive.prover.equality import _at
    i, n = sp.Symbol("i", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
    w = sp.IndexedBase("w", real=True)
    total = sp.Eq(sp.Sum(w[i], (i, 1, n)), 1)        # beside w_i ≥ 0, i free
    assert _at(total, {n: 2, i: 1}) == sp.Eq(w[1] + w[2], 1) or \
        _at(total, {n: 2, i: 1}) == sp.Eq(sp.Sum(w[i], (i, 1, 2)), 1)
    assert _at(w[i] >= 0, {i: 1}) == (w[1] >= 0)


def test_a_name_of_a_few_values_is_decided_at_each_value():
    from derive.prover.equality import finite_values
    from derive.latex.parser import read_chain
    i = sp.Symbol("i", integer=True, positive=True)
    y = sp.IndexedBase("y", real=True)
    labels = Context({}, {}, (sp.Eq(y[i] ** 2 - 1, 0),), {})       # y_i ∈ {−1, +1}
    (a, b, c), _ = read_chain(r"y_i \sigma(-y_i z_i) = [y_i = +1] - \sigma(z_i) "
                              r"= [y_i = +1] + \sigma(z_i)")
    assert finite_values(Equals(a, b), labels).method == "cases of the values"
    assert finite_values(Equals(a, c), labels) is None
    # a label inside a sum over its index: no single value for all of them
    (d, e), _ = read_chain(r"\sum_{i=1}^n y_i^2 = n")
    assert finite_values(Equals(d, e), labels) is None
