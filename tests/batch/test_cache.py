"""The verdict cache: identical steps decided once, keys that change with what matters."""
import multiprocessing as mp

import sympy as sp

import derive.homework.decide as decide      # where a step's bounded worker is started
from derive.batch.cache import Cache, cacheable, step_key
from derive.check import Scope, check_text
from tests.batch.conftest import XENT, timeless

x = sp.Symbol("x", real=True)


def _count_decisions(monkeypatch):
    calls = []
    real = decide.run_bounded

    def counting(*args, **kw):
        calls.append(args[1:4])
        return real(*args, **kw)
    monkeypatch.setattr(decide, "run_bounded", counting)
    return calls


def test_identical_steps_are_decided_once(tmp_path, monkeypatch):
    calls = _count_decisions(monkeypatch)
    cache = Cache(tmp_path / "c.sqlite")
    first = check_text(XENT, "a.md", cache=cache)
    decided = len(calls)
    second = check_text(XENT, "b.md", cache=Cache(tmp_path / "c.sqlite"))
    assert decided == 3 and len(calls) == decided             # the copy: all from the cache
    assert timeless(first.to_json()["derivations"]) == timeless(second.to_json()["derivations"])
    assert [s.verdict for s in second.steps()] == ["valid"] * 3


def test_the_key_holds_the_version_the_scope_and_the_budget():
    scope = Scope()
    base = step_key(x + x, "=", 2 * x, scope, None, 5.0, "1.0")
    assert base == step_key(x + x, "=", 2 * x, Scope(), None, 5.0, "1.0")
    assert base != step_key(x + x, "=", 2 * x, scope, None, 5.0, "1.1")
    assert base != step_key(x + x, "=", 2 * x, scope, None, 2.0, "1.0")
    assert base != step_key(x + x, "<=", 2 * x, scope, None, 5.0, "1.0")
    assert base != step_key(x + x, "=", 2 * x, scope, sp.Gt(x, 0), 5.0, "1.0")
    assert base != step_key(x + x, "=", 2 * x, Scope(hypotheses=[sp.Gt(x, 0)]), None, 5.0, "1.0")
    assert base != step_key(x + x, "=", 2 * x, Scope(defs={x: sp.Integer(1)}), None, 5.0, "1.0")


def test_a_new_version_misses_the_old_entries(tmp_path):
    old, new = Cache(tmp_path / "c.sqlite", "0.1"), Cache(tmp_path / "c.sqlite", "0.2")
    old.put(old.key(x, "=", x, Scope(), None, 5), {"verdict": "valid", "reason": "same"})
    assert old.get(old.key(x, "=", x, Scope(), None, 5))["verdict"] == "valid"
    assert new.get(new.key(x, "=", x, Scope(), None, 5)) is None


def test_outcomes_of_a_resource_limit_are_never_stored(tmp_path):
    for kind in ("timeout", "memory", "failed"):
        assert not cacheable({"verdict": "unknown", "reason": "same words", "reason_kind": kind})
    assert cacheable({"verdict": "unknown", "reason": "a \\neq step is not checked",
                      "reason_kind": "not-checked"})
    assert cacheable({"verdict": "invalid", "reason": "the sides differ",
                      "reason_kind": "counterexample"})
    cache = Cache(tmp_path / "c.sqlite")
    cache.put("k", {"verdict": "unknown", "reason": "timeout", "reason_kind": "timeout"})
    assert cache.get("k") is None and len(cache) == 0


def test_cacheability_is_read_from_the_kind_never_from_the_text():
    # the wording of a reason decides nothing: a limit's kind is never stored, whatever
    # the message says, and an unknown without a kind is not stored (it may be a limit)
    assert not cacheable({"verdict": "unknown", "reason": "rewriting: done",
                          "reason_kind": "timeout"})
    assert cacheable({"verdict": "unknown", "reason": "rewriting: time limit",
                      "reason_kind": "not-reduced"})
    assert not cacheable({"verdict": "unknown", "reason": "a \\neq step is not checked"})
    assert not cacheable({"verdict": "unknown", "reason_kind": "no-such-kind"})
    assert not cacheable({"verdict": "unknown", "reason_kind": ""})
    assert cacheable({"verdict": "valid", "reason_kind": ""})
    assert not cacheable({"verdict": "maybe", "reason_kind": "proved"})
    for verdict in ("valid", "invalid", "unparsed"):
        assert cacheable({"verdict": verdict, "reason": "time limit"})


def _write(path, start):
    cache = Cache(path)
    for n in range(start, start + 300):
        cache.put(f"k{n % 400}", {"verdict": "valid", "reason": str(n % 400)})


def test_concurrent_writers_lose_nothing_and_never_fail(tmp_path):
    path = tmp_path / "c.sqlite"
    Cache(path)
    procs = [mp.get_context("fork").Process(target=_write, args=(path, s)) for s in (0, 100, 200)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    cache = Cache(path)
    assert len(cache) == 400 and cache.get("k7")["reason"] == "7"


def test_what_the_words_said_is_part_of_the_key(tmp_path):
    # the same displays under other words: "cross-entropy" makes the targets a distribution
    displays = ("$$y_i = \\frac{e^{z_i}}{\\sum_{j=1}^C e^{z_j}}$$\n\n"
                "$$L = -\\sum_{j=1}^C t_j \\log y_j$$\n\n"
                "$$\\frac{\\partial L}{\\partial z_i} = -t_i + y_i \\sum_{j=1}^C t_j "
                "= y_i - t_i$$\n")
    cache = Cache(tmp_path / "c.sqlite")
    named = check_text("The cross-entropy loss of the softmax output:\n\n" + displays,
                       "a.md", cache=cache)
    plain = check_text("The loss of the softmax output:\n\n" + displays, "b.md", cache=cache)
    assert [s.verdict for s in named.steps()] == ["valid", "valid"]
    assert [s.verdict for s in plain.steps()] == ["valid", "unknown"]
    assert Scope(named={"cross-entropy"}) != Scope()
    assert step_key(x, "=", x, Scope(named={"cross-entropy"}), None, 5.0, "1.0") \
        != step_key(x, "=", x, Scope(), None, 5.0, "1.0")
