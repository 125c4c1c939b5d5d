"""Sums over symbolic n: the normal form that makes identities for all n decidable."""
import sympy as sp

from derive.notation import dim, indices, vector
from derive.prover.context import Context
from derive.prover.sums import Atoms, normalize, peel

n = dim("n")
i, j, k, m = indices("i j k m")
z, y, W, x = vector("z"), vector("y"), vector("W"), vector("x")
CTX = Context(indices={i: n, j: n, k: n}, dims={n: 2})


def test_alpha_equivalent_sums_become_identical():
    assert normalize(sp.Sum(sp.exp(z[k]), (k, 1, n)), CTX) == \
        normalize(sp.Sum(sp.exp(z[m]), (m, 1, n)), CTX)


def test_kronecker_delta_on_the_summation_index_is_eliminated():
    s = sp.Sum(sp.KroneckerDelta(i, k) * sp.exp(z[k]), (k, 1, n))
    assert normalize(s, CTX) == sp.exp(z[i])


def test_delta_is_kept_when_the_index_may_lie_outside_the_range():
    outside = sp.Symbol("q", integer=True, positive=True)   # no range declared
    s = sp.Sum(sp.KroneckerDelta(outside, k) * z[k], (k, 1, n))
    assert normalize(s, CTX).has(sp.Sum)


def test_factors_free_of_the_index_are_pulled_out():
    s = sp.Sum(y[k] * sp.exp(z[i]) / sp.Sum(sp.exp(z[m]), (m, 1, n)), (k, 1, n))
    norm = normalize(s, CTX)
    assert norm.is_Mul and any(isinstance(f, sp.Sum) and f.function.has(y[f.limits[0][0]])
                               for f in norm.args)


def test_sum_of_a_constant_counts_the_terms():
    assert normalize(sp.Sum(3, (k, 1, n)), CTX) == 3 * n


def test_nested_sums_in_either_order_are_the_same():
    d = dim("d")
    a = sp.Sum(sp.Sum(W[j, m] * x[m], (m, 1, d)), (j, 1, n))
    b = sp.Sum(sp.Sum(W[j, m] * x[m], (j, 1, n)), (m, 1, d))
    assert normalize(a - b, CTX) == 0


def test_a_definitions_bound_variable_cannot_capture_a_free_index():
    a = sp.IndexedBase("a")
    ctx = Context(indices={j: n, k: n}, dims={n: 1},
                  defs={a: sp.Lambda(m, sp.exp(z[m]) / sp.Sum(sp.exp(z[k]), (k, 1, n)))})
    d = normalize(ctx.expand(sp.Derivative(a[j], z[k])), ctx)
    # the derivative of the denominator is e^{z_k}, not n e^{z_k}
    assert not d.has(n * sp.exp(z[k]))
    atoms = Atoms()
    flat = atoms.atomize(d)
    s = next(iter(atoms.symbols.values()))
    assert sp.simplify(flat - (sp.exp(z[j]) * sp.KroneckerDelta(j, k) / s
                               - sp.exp(z[j]) * sp.exp(z[k]) / s ** 2)) == 0


def test_peeling_keeps_the_rest_positive_only_for_n_at_least_2():
    s = sp.Sum(sp.exp(z[k]), (k, 1, n))
    atoms = Atoms()
    peeled = peel(s, CTX, j, atoms)
    rest = next(sym for sym in atoms.sums)
    assert peeled == sp.exp(z[j]) + rest and rest.is_positive
    one = Context(indices={j: n, k: n}, dims={n: 1})
    atoms = Atoms()
    peel(s, one, j, atoms)
    assert not next(iter(atoms.sums)).is_positive


def test_a_sum_from_two_or_to_n_minus_one_is_one_range_with_its_terms_apart():
    from derive.check import check_text
    text = (r"$$ \sum_{k=1}^{n} e^{z_k} = e^{z_1}\left(1 + \sum_{k=2}^{n} e^{z_k - z_1}\right) $$"
            "\n\n" r"$$ \sum_{i=1}^{n-1} a_i + a_n = \sum_{i=1}^{n} a_i $$" "\n\n"
            r"$$ \sum_{i=2}^{n} a_i = \sum_{i=1}^{n} a_i $$" "\n")
    assert [s.verdict for s in check_text(text, timeout=10).steps()] == \
        ["valid", "valid", "invalid"]


def test_a_hypothesis_on_an_expression_fixes_the_branch_of_its_max():
    from derive.check import check_text
    step = r"$$ \max\left(0, 1 - y (w x + b)\right) = 1 - y (w x + b) $$" "\n"
    [stated] = check_text(step, timeout=10, assume=[r"1 - y (w x + b) > 0"]).steps()
    [bare] = check_text(step, timeout=10).steps()
    assert stated.verdict == "valid" and bare.verdict == "invalid"
