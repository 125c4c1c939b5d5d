"""Expectations and variances as initialisation and attention notes write them: reduced to
the moments that remain under what the words say (independent, i.i.d., mean zero, variance
one), never refuted so. Each case is an excerpt in our own words, with a variant that must
come out otherwise."""
import sympy as sp

from derive.check import check_text
from derive.latex.blocks import _said
from derive.latex.parser import read_expr
from derive.notation import Optimum
from derive.prover.moments import Irreducible, Moment, Randomness, reduce


def steps(text):
    return check_text(text, timeout=10).steps()


def verdicts(text):
    return [s.verdict for s in steps(text)]


def test_the_words_say_which_variables_are_independent_and_of_one_distribution():
    said = _said("where the weights $w_i$ are i.i.d. with mean zero, and the inputs $x_i$ "
                 "are independent of them. Then $y = 1$ is a number.")
    assert ("independent", "w", "x") in said and ("identical", "w", "x") in said
    assert ("centred", "w", "x") in said
    assert not any("y" in s[1:] for s in said)          # the next sentence says nothing
    said = _said(r"Величины $q_1, \dots, q_d, k_1, \dots, k_d$ независимы, со средним "
                 r"нулевым средним и дисперсией $1$.")
    assert ("independent", "q", "k") in said and ("unit", "q", "k") in said
    assert not _said("The $n$ terms add up.")


def test_moments_of_independent_variables():
    rnd = Randomness(frozenset({"w", "x"}), frozenset({"w", "x"}))
    var = reduce(read_expr(r"\operatorname{Var}(w_i x_i)"), rnd)
    assert var == reduce(read_expr(r"\mathbb{D}(w_i x_i)"), rnd)
    m = {n: Moment(rf"\mathbb{{E}}[{n}]", real=True) for n in ("w", "x", "w^{2}", "x^{2}")}
    assert sp.expand(var - (m["w^{2}"] * m["x^{2}"] - m["w"] ** 2 * m["x"] ** 2)) == 0
    # the variance of a sum of independent terms is the sum of their variances
    written = read_expr(r"\mathbb{D} \left(\sum_{i=1}^{n} w_i x_i\right)")
    (n,) = {b for s in written.atoms(sp.Sum) for b in s.limits[0][2].free_symbols}
    assert sp.expand(reduce(written, rnd).doit() - n * var) == 0
    # two variables of a page whose words call none random are not independent: E[ab]
    # stays whole; where the words call others random, nothing is known of a and b
    joint = reduce(read_expr(r"\mathbb{E}(a b)"), Randomness())
    assert isinstance(joint, Moment) and "a" in joint.name and "b" in joint.name
    try:
        reduce(read_expr(r"\mathbb{E}(a b)"), rnd)
        assert False, "E[ab] reduced"
    except Irreducible:
        pass
    # nor is an expectation of something other than a polynomial reduced
    try:
        reduce(read_expr(r"\mathbb{E}(e^{w})"), rnd)
        assert False, "E[e^w] reduced"
    except Irreducible:
        pass


def test_two_variances_side_by_side_are_two_operators():
    got = read_expr(r"\mathbb{D} w\, \mathbb{D} x")
    assert len(got.atoms(Optimum)) == 2


INIT = (r"Consider $y = \sum_{i=1}^{n} w_i x_i$, where the weights $w_i$ are i.i.d. with "
        r"mean zero, the inputs $x_i$ are i.i.d. with mean zero, and weights and inputs are "
        "independent of each other.\n\n")


def test_the_variance_of_a_neuron_at_initialisation():
    page = INIT + (
        r"$$\operatorname{Var}(w_i x_i) = \mathbb{E}[w_i^2 x_i^2] - \left(\mathbb{E}[w_i x_i]"
        r"\right)^2 = \mathbb{E}[w_i^2]\,\mathbb{E}[x_i^2] = \operatorname{Var}(w_i)"
        r"\operatorname{Var}(x_i)$$" "\n\n"
        r"$$\operatorname{Var}(y) = \sum_{i=1}^{n}\operatorname{Var}(w_i x_i) = "
        r"n\operatorname{Var}(w)\operatorname{Var}(x)$$" "\n")
    got = steps(page)
    assert [s.verdict for s in got] == ["valid"] * 5, [(s.lhs, s.rhs, s.reason) for s in got]
    assert "independent as the words say" in got[1].reason


def test_a_variance_slip_is_never_valid_and_never_refuted_by_moments():
    page = INIT + (r"$$\operatorname{Var}(y) = \sum_{i=1}^{n}\operatorname{Var}(w_i x_i) = "
                   r"n^2\operatorname{Var}(w)\operatorname{Var}(x)$$" "\n")
    assert verdicts(page) == ["valid", "unknown"]


def test_without_the_words_nothing_factors():
    page = (r"Let $y = \sum_{i=1}^{n} w_i x_i$." "\n\n"
            r"$$\operatorname{Var}(w_i x_i) = \mathbb{E}[w_i^2 x_i^2] - \left(\mathbb{E}"
            r"[w_i x_i]\right)^2 = \mathbb{E}[w_i^2]\,\mathbb{E}[x_i^2] - \mathbb{E}[w_i]^2"
            r"\,\mathbb{E}[x_i]^2$$" "\n")
    got = verdicts(page)
    assert got[0] == "valid"           # Var X = E[X²] − (E X)² needs no independence
    assert got[1] == "unknown"         # E[wx] = E[w]E[x] does


def test_unit_variance_in_words():
    page = (r"The entries $q_1, \dots, q_d, k_1, \dots, k_d$ are independent random "
            r"variables with mean $0$ and variance $1$." "\n\n"
            r"$$\operatorname{Var}(q_i k_i) = \mathbb{E}\left[q_i^2\right]\mathbb{E}\left["
            r"k_i^2\right] = 1$$" "\n\n"
            r"$$\sum_{i=1}^{d}\operatorname{Var}(q_i k_i) = d$$" "\n\n"
            r"$$\sum_{i=1}^{d}\operatorname{Var}(q_i k_i) = \sqrt{d}$$" "\n")
    # every moment the last step needs is fixed by the words (E q = 0, E q² = 1): refuted
    # at a d, as a law's moments would be
    assert verdicts(page) == ["valid", "valid", "valid", "invalid"]


def test_a_hypothesis_about_other_names_does_not_block_a_step():
    # `E w_i = 0` in the words restricts nothing of r: the step is checked at points
    page = (r"Let the weights be independent with $\mathbb{E}\, w_i = 0$." "\n\n"
            r"$$\frac{\bigl(r - (-r)\bigr)^2}{12} = \frac{r^2}{3}$$" "\n\n"
            r"$$\frac{\bigl(r - (-r)\bigr)^2}{12} = \frac{r^2}{4}$$" "\n")
    assert verdicts(page) == ["valid", "invalid"]


def test_the_moments_of_a_law_the_words_give():
    page = (r"Let $m_i \sim \mathrm{Bernoulli}(p)$ be the dropout masks, $w \sim "
            r"\mathcal{N}(0, \sigma^2)$ and $u \sim U[-a, a]$." "\n\n"
            r"$$\mathbb{E}[m_i x_i / p] = x_i$$" "\n\n"
            r"$$\operatorname{Var}(m_i) = p(1-p)$$" "\n\n"
            r"$$\mathbb{E}[w^4] = 3\sigma^4$$" "\n\n"
            r"$$\operatorname{Var}(u) = \frac{(a - (-a))^2}{12} = \frac{a^2}{3}$$" "\n\n"
            r"$$\operatorname{Var}(m_i) = p(1+p)$$" "\n\n"
            r"$$\operatorname{Var}(u) = \frac{a^2}{2}$$" "\n")
    got = steps(page)
    assert [s.verdict for s in got] == ["valid"] * 5 + ["invalid", "invalid"]
    assert "not random" in got[0].reason          # the input x: the words call m random
    assert "bernoulli" in got[1].reason
    # every moment is the law's: the refutation is at a value of its parameter
    assert got[5].counterexample


def test_an_expectation_of_names_the_words_do_not_call_random_is_not_reduced():
    page = (r"Let $m_i \sim \mathrm{Bernoulli}(p)$." "\n\n"
            r"$$\mathbb{E}[x_i^2] = \left(\mathbb{E}[x_i]\right)^2$$" "\n")
    assert "valid" not in verdicts(page)


def test_the_variance_of_a_dot_product_of_random_vectors():
    # attention scaling: qᵀk is Σ_i q_i k_i over the entries the words make random; the
    # count the words also call independent ("the $d$ products") is no random variable
    page = (r"The entries $q_1, \dots, q_d, k_1, \dots, k_d$ are independent random "
            r"variables with mean $0$ and variance $1$. The $d$ products are independent." "\n\n"
            r"$$\operatorname{Var}\left(\mathbf{q}^T\mathbf{k}\right) = "
            r"\sum_{i=1}^{d}\operatorname{Var}(q_i k_i) = d$$" "\n\n"
            r"$$\frac{1}{d}\operatorname{Var}\left(\mathbf{q}^T\mathbf{k}\right) = 1$$" "\n\n"
            r"$$\frac{1}{\sqrt{d}}\operatorname{Var}\left(\mathbf{q}^T\mathbf{k}\right) = 1$$"
            "\n")
    got = verdicts(page)
    assert got[:3] == ["valid", "valid", "valid"] and got[3] != "valid"


def test_a_moment_times_what_no_moment_enters_is_refuted_where_it_differs():
    # Adam's second moment: E[g²] a factor of both sides, a wrong geometric sum beside it
    # is false for every g but g = 0; the right one holds
    doc = (r"$$\mathbb{E}[v_t] = (1-\beta_2)\sum_{k=0}^{t-1}\beta_2^{k}\,\mathbb{E}[g^2] = "
           r"\mathbb{E}[g^2]\,(1-\beta_2)\,\frac{1-\beta_2^{POWER}}{1-\beta_2}$$")
    [right] = check_text(doc.replace("POWER", "t"), timeout=10).steps()
    assert right.verdict == "valid"
    [wrong] = check_text(doc.replace("POWER", "{t-1}"), timeout=10).steps()
    assert wrong.verdict == "invalid"
    # two moments whose relation the words leave open are still never refuted at a point
    open_ = check_text(r"$$a = \mathbb{E}[g^2] \cdot 2 = 2\,\mathbb{E}[g]^2$$",
                       timeout=10).steps()
    assert open_ and open_[-1].verdict != "invalid"


SAMPLE_MEAN = (r"Let $x_1, \dots, x_n$ be i.i.d. random variables with mean $\mu = \mathbb{E}[x_i]$ "
               r"and variance $\sigma^2 = \operatorname{Var}(x_i)$. Define the sum" "\n\n"
               r"$$S_n = \sum_{i=1}^n x_i.$$" "\n\n"
               r"Expectation is linear:" "\n\n"
               r"$$\mathbb{E}[S_n] = \sum_{i=1}^n \mathbb{E}[x_i] = n\mu$$" "\n\n"
               r"and the variances of independent terms add:" "\n\n"
               r"$$\sum_{i=1}^n \operatorname{Var}(x_i) = n\sigma^2$$" "\n")


def test_names_the_words_give_moments_stand_for_them():
    # μ = E[x_i], σ² = Var(x_i) said in the words; E[S_n] of a defined S_n is a claim
    assert verdicts(SAMPLE_MEAN) == ["valid"] * 3
    assert verdicts(SAMPLE_MEAN.replace(r"= n\mu$$", r"= \mu$$"))[1] == "invalid"
    assert verdicts(SAMPLE_MEAN.replace(r"= n\sigma^2$$", r"= n\sigma$$"))[-1] != "valid"
