"""Benchmark: time per step of `derive check` on the example homework, and the same step
pairs given to Math-Verify's `verify` (a benchmark-only dependency: pip install math-verify).

    python bench/check.py [--repeats 3]

Every example file is checked once to warm up (imports, the grammar, caches), then
`--repeats` more times. A step's time is what deciding it took inside its worker
(`seconds` in the JSON); the wall time per step adds the worker start and the parsing.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from derive.check import check_file

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "examples" / "homework", ROOT.parent / "shared" / "examples" / "homework"]


def example_files():
    for folder in FOLDERS:
        expected = folder / "expected.json"
        if expected.exists():
            for name, blocks in json.loads(expected.read_text()).items():
                if not name.startswith("_"):
                    yield folder / name, blocks


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def math_verify_pairs(steps):
    """(verdict, seconds) of Math-Verify for each (lhs, rhs) LaTeX pair."""
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    out = []
    for lhs, rhs in steps:
        start = time.perf_counter()
        try:
            same = verify(parse(f"${lhs}$"), parse(f"${rhs}$"))
            verdict = "equal" if same else "not equal"
        except Exception as exc:                     # Math-Verify's own failure
            verdict = f"error ({type(exc).__name__})"
        out.append((verdict, time.perf_counter() - start))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    files = list(example_files())
    for path, _ in files:                                         # warm-up
        check_file(path)
    inner, wall, rows, search = [], [], [], []
    for rep in range(args.repeats):
        for path, expected in files:
            start = time.perf_counter()
            result = check_file(path)
            elapsed = time.perf_counter() - start
            steps = [s for s in result.steps() if s.verdict != "unparsed"]
            inner += [s.seconds for s in steps]
            search += [s.diagnosis_seconds for s in steps if s.verdict == "invalid"]
            if steps:
                wall += [elapsed / len(result.steps())] * len(result.steps())
            if rep == 0:
                for b in result.derivations:
                    for s, want in zip(b.steps, expected.get(str(b.block), [])):
                        rows.append((path.name, b.block, s.step, want, s.verdict, s.lhs, s.rhs,
                                     s.seconds))
    mv = math_verify_pairs([(r[5], r[6]) for r in rows])
    print("| file | block | step | expected | derive | derive s | Math-Verify | MV s |")
    print("|---|---|---|---|---|---|---|---|")
    for n, r in enumerate(rows):
        mv_v, mv_s = mv[n] if mv else ("not installed", 0.0)
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[7]:.3f} | {mv_v} | {mv_s:.3f} |")
    agree = sum(r[3] == r[4] for r in rows)
    print()
    print(f"derive: {agree}/{len(rows)} steps as expected; decision time per step "
          f"median {statistics.median(inner) * 1000:.0f} ms, p95 {percentile(inner, 0.95) * 1000:.0f} ms; "
          f"wall per step (with worker start and parsing) median "
          f"{statistics.median(wall) * 1000:.0f} ms, p95 {percentile(wall, 0.95) * 1000:.0f} ms "
          f"({len(inner)} step decisions over {args.repeats} repeats)")
    if search:
        print(f"diagnosis: added time per invalid step (the repair search, within its "
              f"decision) median {statistics.median(search) * 1000:.0f} ms, p95 "
              f"{percentile(search, 0.95) * 1000:.0f} ms ({len(search)} invalid steps)")
    if mv:
        mv_times = [t for _, t in mv]
        print(f"Math-Verify: median {statistics.median(mv_times) * 1000:.0f} ms per pair; "
              f"no step, counterexample or unknown notion")


if __name__ == "__main__":
    main()
