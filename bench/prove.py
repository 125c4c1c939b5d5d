"""Benchmark: the whole catalogue with derive, and with bare SymPy on the same claims.

    python bench/prove.py [--jobs 2] [--sympy-timeout 60]

derive: `prove_many` over the catalogue (worker processes), wall time.
bare SymPy: what a user would type without derive — definitions substituted, `.doit()`,
then `simplify(lhs - rhs) == 0` for equalities, `simplify(gap).is_nonnegative/positive` for
inequalities, `limit` for limits, `evalf` for stated values; no route for minima or
"= 0 iff". Each part runs in a worker under a time limit.
"""
from __future__ import annotations

import argparse
import time

import sympy as sp

from derive import HOLDS, prove_many
from derive.claim import Approx, Compare, Equals, Limit
from derive.prover.context import Context
from derive.sandbox import run_bounded
from lemmas import claims


def bare_sympy_part(claim, part) -> bool:
    ctx = Context.of(claim, part)
    rel = part.relation

    def full(e):
        return ctx.unfold(e).doit() if isinstance(e, (sp.Basic, sp.MatrixBase)) else e
    if isinstance(rel, Equals):
        d = full(rel.lhs) - full(rel.rhs)
        d = sp.simplify(d)
        return bool(d == 0) if not isinstance(d, sp.MatrixBase) else all(x == 0 for x in d)
    if isinstance(rel, Compare):
        gap = full(rel.lhs) - full(rel.rhs) if rel.op in (">", ">=") else \
            full(rel.rhs) - full(rel.lhs)
        gap = sp.simplify(gap)
        return bool(gap.is_positive if rel.op in ("<", ">") else gap.is_nonnegative)
    if isinstance(rel, Limit):
        return sp.simplify(sp.limit(full(rel.expr), rel.var, rel.point,
                                    rel.direction if rel.direction != "+-" else "+")
                           - rel.value) == 0
    if isinstance(rel, Approx) and isinstance(rel.expr, sp.Basic):
        return bool(abs(full(rel.expr).evalf(30) - rel.stated) <= rel.tolerance)
    return False


def bare_sympy(claim, timeout):
    """(parts proved, parts, seconds) for one claim with bare SymPy."""
    start, proved = time.monotonic(), 0
    for part in claim.parts:
        out = run_bounded(bare_sympy_part, claim, part, timeout=timeout)
        proved += bool(out.ok and out.value)
    return proved, len(claim.parts), time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sympy-timeout", type=float, default=60.0)
    args = ap.parse_args()
    cat = [c for c in claims() if c.expect == HOLDS]

    start = time.monotonic()
    proofs = {p.claim_id: p for p in prove_many(claims(), jobs=args.jobs)}
    derive_wall = time.monotonic() - start

    print("| claim | derive | derive s | bare SymPy parts proved | SymPy s |")
    print("|---|---|---|---|---|")
    totals = {"derive": 0, "sympy": 0, "sympy_s": 0.0}
    for c in cat:
        p = proofs[c.id]
        got, parts, secs = bare_sympy(c, args.sympy_timeout)
        totals["derive"] += p.status == "proved"
        totals["sympy"] += got == parts
        totals["sympy_s"] += secs
        print(f"| {c.id} | {p.status} ({p.scope}) | {p.seconds:.2f} | {got}/{parts} | {secs:.1f} |")
    print()
    print(f"derive: {totals['derive']}/{len(cat)} true claims proved, whole catalogue "
          f"({len(proofs)} claims with slips) in {derive_wall:.1f} s wall on {args.jobs} workers")
    print(f"bare SymPy: {totals['sympy']}/{len(cat)} claims fully proved, "
          f"{totals['sympy_s']:.1f} s in all (timeout {args.sympy_timeout:g} s per part)")


if __name__ == "__main__":
    main()
