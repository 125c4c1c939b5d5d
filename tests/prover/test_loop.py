"""The prover loop: failures of strategies, refutation, the cross-check alarm, scope."""
import sympy as sp

from derive import Claim, Compare, Equals, Source, part, prove
from derive.notation import dim, indices, vector
from derive.prover import equality, loop
from derive.prover.result import PROVED, Outcome

SRC = Source("test", "test")
x = sp.Symbol("x", real=True)


def test_a_crashing_strategy_is_a_failed_strategy(monkeypatch):
    def boom(rel, ctx):
        raise StopIteration("sum_combine")        # as sympy issue 14570 does
    monkeypatch.setitem(loop.STRATEGIES, Equals, [("boom", boom)] + equality.STRATEGIES)
    proof = prove(Claim("t", "t", SRC, (part(Equals(x + x, 2 * x)),)))
    assert proof.status == "proved"
    assert any("boom: StopIteration" in t for t in proof.parts[0].tried)


def test_a_wrong_proof_raises_the_cross_check_alarm(monkeypatch):
    def liar(rel, ctx):
        return Outcome(PROVED, "liar")
    monkeypatch.setitem(loop.STRATEGIES, Equals, [("liar", liar)])
    # (the look at a few points before the strategies would refute x + 1 = x first)
    monkeypatch.setattr(loop, "_false_at_a_point", lambda *args: False)
    proof = prove(Claim("t", "t", SRC, (part(Equals(x + 1, x)),)))
    assert proof.alarm and not proof.as_expected
    assert not proof.parts[0].crosscheck.ok


def test_a_false_equation_is_refuted_before_any_slow_strategy(monkeypatch):
    # simplifying a false equation can take a step's whole time; a few points come first
    called = []

    def slow(rel, ctx):
        called.append(rel)
        return None
    monkeypatch.setitem(loop.STRATEGIES, Equals, [("slow", slow)])
    proof = prove(Claim("t", "t", SRC, (part(Equals(sp.exp(x) + 1, sp.exp(x))),)))
    assert proof.status == "refuted" and not called
    true = prove(Claim("t", "t", SRC, (part(Equals(sp.exp(2 * x), sp.exp(x) ** 2)),)))
    assert true.status == "unknown" and called          # a true one goes on to them


def test_refutation_respects_hypotheses():
    # x^2 > 0 is false at 0, but 0 is excluded by the hypothesis x > 0
    c = Claim("t", "t", SRC, (part(Compare(x ** 2, ">", 0)),), hypotheses=(x > 0,))
    assert prove(c).status == "proved"
    c = Claim("t", "t", SRC, (part(Compare(x ** 2, ">", 0)),))
    proof = prove(c)
    assert proof.status == "refuted" and proof.counterexample["x"] == 0


def test_a_true_inequality_beyond_sign_analysis_is_never_refuted():
    # 2 cosh x − 2 − x² ≥ 0 holds (its series has only even, positive terms)
    c = Claim("t", "t", SRC, (part(Compare(sp.exp(x) + sp.exp(-x) - 2 - x ** 2, ">=", 0)),))
    proof = prove(c, budget=30)
    assert proof.status != "refuted" and not proof.alarm


def test_a_strategy_that_runs_out_of_time_leaves_an_honest_unknown(monkeypatch):
    def spin(rel, ctx):
        while True:
            pass
    monkeypatch.setitem(loop.STRATEGIES, Equals, [("spin", spin)])
    monkeypatch.setattr(loop, "STRATEGY_BUDGET", 0.5)
    proof = prove(Claim("t", "t", SRC, (part(Equals(x + x, 2 * x)),)), budget=20)
    assert proof.status == "unknown"
    assert proof.parts[0].tried == ["spin: time limit"]


def test_concrete_n_fallback_says_its_scope(monkeypatch):
    monkeypatch.setitem(loop.STRATEGIES, Equals,
                        [s for s in equality.STRATEGIES if s[0] == "concrete n"])
    n = dim("n")
    k, = indices("k")
    z = vector("z")
    c = Claim("t", "t", SRC, (part(Equals(sp.Sum(2 * z[k], (k, 1, n)),
                                          2 * sp.Sum(z[k], (k, 1, n)))),),
              scope="all n", dims={n: 1})
    proof = prove(c)
    assert proof.status == "proved"
    assert proof.scope.startswith("n = ") and "only" in proof.scope
    assert "all n" not in proof.scope


def test_a_refuted_claim_reads_the_same_on_a_slow_machine(monkeypatch):
    # the screens are bounded in CPU time: on a slow machine the first look runs out and a
    # few strategies fail before the longer look refutes; the proof written is the same
    from lemmas import catalogue
    claim = catalogue()["linear.hinge-gradient.lecture-slip"]

    def written(quick, after):
        monkeypatch.setattr(loop, "SCREEN_QUICK", quick)
        monkeypatch.setattr(loop, "SCREEN_AFTER", after)
        proof = prove(claim)
        assert proof.status == "refuted"
        return [{k: v for k, v in p.to_json().items() if k != "seconds"}
                for p in proof.parts]
    assert written(1e-6, 0.0) == written(10.0, 10.0) == written(1e-6, 10.0)
