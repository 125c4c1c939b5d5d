"""The prover loop: strategies in order under a time budget, then refutation, then the
numeric cross-check of anything proved. A budget that ran out is recorded as a type
(`Proof.limit`), beside the words in `tried`."""
from __future__ import annotations

import gc
import random
import time

from ..claim import Claim, Compare, Equals, Limit, Part
from ..outcome import ReasonKind
from ..sandbox import Timeout, deadline, remaining, run_many
from . import equality, inequality, special
from .context import Context, WholeArray
from .numeric import spot_check
from .result import PROVED, REFUTED, UNKNOWN, CrossCheck, PartResult, Proof, Step

STRATEGIES = {Equals: equality.STRATEGIES, Compare: inequality.STRATEGIES,
              **special.STRATEGIES}

STRATEGY_BUDGET = 30.0      # seconds for one strategy on one part
CROSSCHECK_POINTS = 20
CROSSCHECK_DIGITS = 50


def prove(claim: Claim, budget: float = 60.0, seed: int = 0, refute: bool = True) -> Proof:
    """Prove, refute, or honestly fail to decide one claim (with `refute` False, no
    counterexample is searched for: a reading whose failure would prove nothing)."""
    start = time.monotonic()
    rng = random.Random(f"{claim.id}:{seed}")
    results, cut_off = [], False
    try:
        with deadline(budget):
            for part in claim.parts:
                result, ran_out = _attempt(claim, part, rng, refute)
                results.append(result)
                cut_off = cut_off or ran_out
    except Timeout:
        cut_off = True
    for part in claim.parts[len(results):]:
        results.append(PartResult(part.label, UNKNOWN, "", "", tried=["claim time budget spent"]))
    statuses = {r.status for r in results}
    status = REFUTED if REFUTED in statuses else PROVED if statuses == {PROVED} else UNKNOWN
    methods = list(dict.fromkeys(r.method for r in results if r.status == status and r.method))
    scopes = list(dict.fromkeys(r.scope for r in results if r.status == PROVED))
    alarm = "; ".join(f"{r.label or 'claim'}: cross-check failed: {r.crosscheck.detail}"
                      for r in results if r.crosscheck and not r.crosscheck.ok)
    return Proof(claim.id, status, ", ".join(methods), _scope(claim, scopes, status), results,
                 time.monotonic() - start, expect=claim.expect, alarm=alarm,
                 limit=ReasonKind.TIMEOUT if cut_off else None)


def _scope(claim: Claim, scopes: list[str], status: str) -> str:
    if status != PROVED:
        return ""
    narrower = [s for s in scopes if s != claim.scope]
    return "; ".join(narrower) if narrower else claim.scope


def prove_part(claim: Claim, part: Part, rng: random.Random) -> PartResult:
    """Prove, refute, or fail to decide one part of a claim."""
    return _attempt(claim, part, rng)[0]


def _attempt(claim: Claim, part: Part, rng: random.Random,
             search: bool = True) -> tuple[PartResult, bool]:
    """The part's result, and whether a strategy's time budget ran out on the way."""
    ctx = Context.of(claim, part)
    rel = part.relation
    start = time.monotonic()
    tried = []
    ran_out = False
    cpu, screened = time.process_time(), not search
    for name, strategy in [("", None), *STRATEGIES[type(rel)]]:
        if not screened and (strategy is None or time.process_time() - cpu > SCREEN_AFTER):
            # a look at a few points first (briefly) and again, longer, when the claim is
            # not proved quickly: no strategy proves what is false, and on a slow machine
            # simplifying could leave no time for the counterexample (found by the same
            # search, on the same random stream, as after the strategies)
            false = _false_at_a_point(rel, ctx, claim, SCREEN_QUICK if strategy is None
                                      else SCREEN_BUDGET)
            screened = false is not None or strategy is not None
            if false:
                result = refute(rel, ctx, rng)
                if result.status == REFUTED:
                    result.label = part.label
                    return _done(result, tried, start), ran_out
        if strategy is None:
            continue
        # a strategy given all the time left that runs out of it has spent the claim's
        # budget (its timer and the claim's tick apart: the next strategy gets nothing)
        whole = STRATEGY_BUDGET >= remaining()
        try:
            with deadline(min(STRATEGY_BUDGET, remaining())):
                out = strategy(rel, ctx)
        except Timeout:
            tried.append(f"{name}: time limit")
            ran_out = True
            if whole or remaining() <= 0:
                raise
            continue
        except WholeArray as exc:   # a limit of the reading, said in its own words
            tried.append(f"{name}: {exc}")
            continue
        except Exception as exc:    # a failing strategy is a failed strategy, not a crash
            tried.append(f"{name}: {_said(exc)}")
            continue
        if out is None:
            tried.append(f"{name}: did not reduce")
            continue
        result = PartResult(part.label, out.status, out.method, out.scope or claim.scope,
                            out.steps, out.hypotheses, out.counterexample, partial=out.partial)
        if out.status == PROVED:
            try:
                result.crosscheck = crosscheck(rel, ctx, rng)
            except Timeout:
                raise
            except Exception as exc:      # no numeric confirmation: not proved
                result.status, result.method = UNKNOWN, ""
                result.tried = tried + [f"{name}: cross-check failed to run: "
                                        f"{type(exc).__name__}"]
        return _done(result, result.tried or tried, start), ran_out
    try:
        result = refute(rel, ctx, rng) if search else PartResult("", UNKNOWN, "", "")
    except Timeout:
        raise
    except Exception as exc:
        result = PartResult("", UNKNOWN, "", "")
        tried = tried + [f"refutation: {_said(exc)}"]
    result.label = part.label
    return _done(result, tried, start), ran_out


def _done(result: PartResult, tried: list[str], start: float) -> PartResult:
    """The part's result with what was tried on the way. A refuted part's account is its
    counterexample: which strategies ran before the sampled point showed the claim false
    depends on the machine's speed, and two runs of `derive report` write the same files."""
    result.tried = [] if result.status == REFUTED else tried
    result.seconds = time.monotonic() - start
    return result


SCREEN_POINTS = 4
SCREEN_QUICK = 0.2          # CPU seconds for the first look at a few points
SCREEN_AFTER = 0.25         # CPU seconds of strategies before a longer look
SCREEN_BUDGET = 0.5


def _false_at_a_point(rel, ctx: Context, claim: Claim, seconds: float) -> bool | None:
    """Whether an equation is false at one of a few admissible points (re-checked with
    more digits); None when the look ran out of its `seconds`."""
    if not isinstance(rel, Equals):
        return False
    rng = random.Random(f"{claim.id}:screen")     # the refutation's stream stays as it was
    # (no collection of the heap inside so brief a look: in a long run one took the look's
    # whole time, and a false step came out unknown — the LSTM slip of a test, in CI)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with deadline(min(seconds, remaining() / 4)):
            return spot_check(rel, ctx, rng, points=SCREEN_POINTS, dps=30).failure is not None
    except Timeout:
        if remaining() <= 0:
            raise
        return None
    except Exception:               # a side that cannot be evaluated: the strategies decide
        return False
    finally:
        if collecting:
            gc.enable()


def _said(exc: Exception) -> str:
    """A strategy's failure in words: SymPy's refusal to differentiate by an expression
    (∂J/∂(W h)) is a limit of the reading, said so; anything else by its kind."""
    text = str(exc).strip()
    if isinstance(exc, ValueError) and text.startswith("Can't calculate derivative wrt"):
        by = text.removeprefix("Can't calculate derivative wrt").strip(" .")
        return f"a derivative by {by[:80]}, an expression rather than a name, is not taken"
    return f"{type(exc).__name__}: {text[:120]}"


def refute(rel, ctx: Context, rng: random.Random) -> PartResult:
    """Search admissible random and edge points for values where the claim fails."""
    if isinstance(rel, Limit):
        return PartResult("", UNKNOWN, "", "")
    report = spot_check(rel, ctx, rng, points=60, dps=30, edge=True)
    if report.failure:
        return PartResult("", REFUTED, "counterexample", "", [Step(
            point_latex(report.failure), "the sides differ here; re-checked with 60 digits",
            point_text(report.failure))], counterexample=report.failure)
    return PartResult("", UNKNOWN, "", "", [Step(
        f"no symbolic route; no counterexample at {report.points} points", "")])


def crosscheck(rel, ctx: Context, rng: random.Random) -> CrossCheck:
    """Evaluate both sides of a proved part at random admissible points, 50 digits."""
    report = spot_check(rel, ctx, rng, points=CROSSCHECK_POINTS, dps=CROSSCHECK_DIGITS,
                        atoms=True)
    ok = report.failure is None
    detail = (f"mismatch at {report.failure}" if not ok else
              f"{report.points} points agree to {report.max_error:.1e}")
    return CrossCheck(report.points, CROSSCHECK_DIGITS, report.max_error, ok, detail,
                      report.dims)


def prove_many(claims: list[Claim], jobs: int = 0, budget: float = 60.0, seed: int = 0):
    """Prove claims in parallel worker processes; yield each Proof as it is done."""
    calls = [(prove, (c, budget, seed)) for c in claims]
    for pos, outcome in run_many(calls, jobs=jobs, timeout=budget + 30, memory_mb=4096):
        if outcome.ok:
            yield outcome.value
        else:
            c = claims[pos]
            yield Proof(c.id, UNKNOWN, "", "", [], outcome.seconds, expect=c.expect,
                        error=f"{outcome.error}: {outcome.detail}", limit=outcome.kind)


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_number(v) for v in value) + ")"
    return str(value)


def point_text(point: dict) -> str:
    """A counterexample {name: value} as people write it: `z = 2.16192, y = 0.5`."""
    return ", ".join(f"{name} = {_number(v)}" for name, v in (point or {}).items())


def point_latex(point: dict) -> str:
    """The same as LaTeX: words (lhs, rhs) upright, numbers as `point_text` writes them."""
    def name(k: str) -> str:
        return rf"\mathrm{{{k}}}" if len(k) > 1 and k.isalpha() else k
    return ", ".join(f"{name(str(k))} = {_number(v)}" for k, v in (point or {}).items())
