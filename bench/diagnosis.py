"""Benchmark: naming the slip — `derive check`'s diagnosis of wrong steps it did not plant.

    python bench/diagnosis.py [--jobs 2] [--list] [--no-shared] [--dump results.json]

Two sets of wrong steps, neither made by the repair search's own mutation code:

1. `bench/slips/`: homework written by hand in the style of real student work, each wrong
   step labelled in `bench/slips/slips.json` (file -> block -> step -> kind) with the kind a
   teacher would name (SPEC §3: sign, factor, index, exponent, power, range, log,
   hypothesis; null where none fits). Per kind and in total: wrong steps, found `invalid`,
   the kind named first, the kind among the repairs shown, no repair offered.
2. The labelled wrong steps of `../shared/corpus/labels.json` (matched to derive's steps as
   bench/corpus.py matches them; grouped by the label's own free-text `kind`) and the slip
   sites of `../shared/seeds/expected.json` (a site is found when a step of its blocks is
   `invalid`): found, some repair offered, none. Skipped, with a message, when `../shared`
   is absent.

Times are over invalid steps: the diagnosis (`diagnosis_seconds`, the repair search) and
the whole decision (`seconds`, which includes it), median and p95.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/corpus.py: the shared folder, its jobs and step matching)

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "bench" / "slips"
KINDS = ["sign", "factor", "index", "exponent", "power", "range", "log", "hypothesis", None]


def _checked(job):
    """One file's SPEC §3 JSON object, each step with its `diagnosis_seconds` (run in a
    worker process: the checker forks its own)."""
    path, result = corpus.checked(job)
    out = result.to_json()
    for block, block_json in zip(result.derivations, out["derivations"]):
        for step, step_json in zip(block.steps, block_json["steps"]):
            step_json.setdefault("diagnosis_seconds", round(step.diagnosis_seconds, 4))
    return path, out


def run(jobs: list, workers: int) -> dict:
    if workers <= 1:
        return dict(map(_checked, jobs))
    with ProcessPoolExecutor(workers) as pool:
        return dict(pool.map(_checked, jobs))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def ms(values, q=None) -> str:
    if not values:
        return "—"
    value = statistics.median(values) if q is None else percentile(values, q)
    return f"{value * 1000:.0f}"


def kinds_named(step) -> list:
    return [d.get("kind") for d in (step or {}).get("diagnosis", [])]


# --- the hand-written set ------------------------------------------------------------

def slip_rows(results: dict, labels: dict):
    """(file, block, step, kind, derive's step or None) for every labelled wrong step."""
    for name, blocks in labels.items():
        if name.startswith("_"):
            continue
        found = {(b["block"], s["step"]): s
                 for b in results[str(SLIPS / name)]["derivations"] for s in b["steps"]}
        for block, steps in blocks.items():
            for step, kind in steps.items():
                yield name, int(block), int(step), kind, found.get((int(block), int(step)))


def slips_table(rows: list) -> list[str]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[3]].append(row)
    out = ["| kind | wrong steps | found invalid | kind named first | kind among repairs "
           "| other kind only | no repair | diagnosis ms median / p95 | decision ms median / p95 |",
           "|---|---|---|---|---|---|---|---|---|"]
    order = [k for k in KINDS if k in groups] + sorted(k for k in groups if k not in KINDS)
    for kind in order + ["total"]:
        group = rows if kind == "total" else groups[kind]
        invalid = [r[4] for r in group if r[4] and r[4]["verdict"] == "invalid"]
        labelled = [r for r in group if r[3] is not None]
        first = sum(1 for r in labelled if kinds_named(r[4])[:1] == [r[3]])
        among = sum(1 for r in labelled if r[3] in kinds_named(r[4]))
        other = sum(1 for r in group if kinds_named(r[4]) and r[3] not in kinds_named(r[4]))
        none = sum(1 for s in invalid if not s.get("diagnosis"))
        named = "—" if kind is None else f"{first} of {len(labelled)}"
        shown = "—" if kind is None else f"{among} of {len(labelled)}"
        label = "**total**" if kind == "total" else ("null (no kind fits)" if kind is None
                                                      else kind)
        diag = [s.get("diagnosis_seconds", 0.0) for s in invalid]
        decide = [s["seconds"] for s in invalid]
        out.append(f"| {label} | {len(group)} | {len(invalid)} | {named} | {shown} | {other} "
                   f"| {none} | {ms(diag)} / {ms(diag, 0.95)} | {ms(decide)} / {ms(decide, 0.95)} |")
    return out


# --- the shared corpus and seeds -----------------------------------------------------

def corpus_wrong_rows(results: dict, labels: dict):
    """(file, block, step, kind text, derive's step or None) for every labelled wrong step."""
    for name, label, block, matched in corpus.corpus_rows(results, labels):
        if label["verdict"] != "wrong":
            continue
        for step in label["wrong_steps"]:
            yield name, label["block"], step, label.get("kind") or "(no kind)", matched.get(step)


def found_table(groups: dict, what: str) -> list[str]:
    """Found / some repair offered / none per group of (…, derive's step) rows."""
    out = [f"| {what} | wrong steps | found invalid | some repair offered | no repair "
           "| kinds named first | not found: derive's verdict | diagnosis ms median / p95 "
           "| decision ms median / p95 |",
           "|---|---|---|---|---|---|---|---|---|"]
    everything = [r for rows in groups.values() for r in rows]
    for key in sorted(groups) + ["total"]:
        group = everything if key == "total" else groups[key]
        invalid = [r[-1] for r in group if r[-1] and r[-1]["verdict"] == "invalid"]
        offered = sum(1 for s in invalid if s.get("diagnosis"))
        named = Counter(kinds_named(s)[0] for s in invalid if s.get("diagnosis"))
        named_text = ", ".join(f"{k} {n}" for k, n in named.most_common()) or "—"
        missed = Counter(r[-1]["verdict"] if r[-1] else "no such step" for r in group
                         if not r[-1] or r[-1]["verdict"] != "invalid")
        missed_text = ", ".join(f"{v} {n}" for v, n in missed.most_common()) or "—"
        diag = [s.get("diagnosis_seconds", 0.0) for s in invalid]
        decide = [s["seconds"] for s in invalid]
        label = "**total**" if key == "total" else key
        out.append(f"| {label} | {len(group)} | {len(invalid)} | {offered} | "
                   f"{len(invalid) - offered} | {named_text} | {missed_text} "
                   f"| {ms(diag)} / {ms(diag, 0.95)} | {ms(decide)} / {ms(decide, 0.95)} |")
    return out


def seed_rows(results: dict, expected: dict):
    """(seed, site, the invalid steps of the site's blocks) for every seed slip site."""
    for seed, want in expected.items():
        if seed.startswith("_"):
            continue
        path = next(corpus.SEEDS.glob(f"{seed}_*.txt"))
        blocks = {b["block"]: b["steps"] for b in results[str(path)]["derivations"]}
        for site in want["slips"]:
            yield seed, site, [s for b in site for s in blocks.get(b, [])
                               if s["verdict"] == "invalid"]


def seeds_table(rows: list) -> list[str]:
    out = ["| seed | slip site (blocks) | found | invalid steps in the site | with a repair "
           "| kinds named first |", "|---|---|---|---|---|---|"]
    for seed, site, invalid in rows:
        named = Counter(kinds_named(s)[0] for s in invalid if s.get("diagnosis"))
        out.append(f"| {seed} | {', '.join(map(str, site))} | {'yes' if invalid else 'no'} "
                   f"| {len(invalid)} | {sum(1 for s in invalid if s.get('diagnosis'))} "
                   f"| {', '.join(f'{k} {n}' for k, n in named.most_common()) or '—'} |")
    invalid = [s for _, _, steps in rows for s in steps]
    offered = [s for s in invalid if s.get("diagnosis")]
    sites_offered = sum(1 for _, _, steps in rows if any(s.get("diagnosis") for s in steps))
    diag = [s.get("diagnosis_seconds", 0.0) for s in invalid]
    decide = [s["seconds"] for s in invalid]
    out.append(f"| **total** | {len(rows)} sites | {sum(1 for r in rows if r[2])} "
               f"| {len(invalid)} | {len(offered)} ({sites_offered} sites) | "
               f"diagnosis ms {ms(diag)} / {ms(diag, 0.95)}, decision ms {ms(decide)} / "
               f"{ms(decide, 0.95)} (median / p95) |")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-shared", action="store_true", help="only the hand-written set")
    ap.add_argument("--dump", type=Path, help="write every file's JSON here")
    ap.add_argument("--load", type=Path, help="read the JSON of an earlier --dump")
    ap.add_argument("--list", action="store_true", help="list every hand-written wrong step")
    args = ap.parse_args(argv)

    labels = json.loads((SLIPS / "slips.json").read_text())
    jobs = [(SLIPS / name, []) for name in labels if not name.startswith("_")]
    shared = not args.no_shared and corpus.SEEDS.is_dir() and corpus.CORPUS.is_dir()
    if shared:
        jobs += list(corpus.jobs())
    if args.load:
        results = json.loads(args.load.read_text())
    else:
        results = run(jobs, args.jobs)
    if args.dump:
        args.dump.write_text(json.dumps(results, indent=1, ensure_ascii=False))

    rows = list(slip_rows(results, labels))
    files = sum(1 for name in labels if not name.startswith("_"))
    print(f"## Hand-written slips (bench/slips/: {files} files, {len(rows)} wrong steps)\n")
    print("\n".join(slips_table(rows)))
    missing = [r for r in rows if r[4] is None]
    not_invalid = Counter(r[4]["verdict"] for r in rows if r[4] and r[4]["verdict"] != "invalid")
    if missing or not_invalid:
        print(f"\nnot found: {len(missing)} labelled steps with no such step in derive's output"
              + "".join(f", {n} {v}" for v, n in not_invalid.items()))
    labelled_steps = {(r[0], r[1], r[2]) for r in rows}
    alarms = [(Path(p).name, b["block"], s["step"]) for p, f in results.items()
              if Path(p).parent == SLIPS for b in f["derivations"] for s in b["steps"]
              if s["verdict"] == "invalid" and (Path(p).name, b["block"], s["step"])
              not in labelled_steps]
    print(f"correct steps of bench/slips/ reported invalid (false alarms): {len(alarms)}"
          + "".join(f"\n  {a[0]} block {a[1]} step {a[2]}" for a in alarms))
    if args.list:
        print("\n| file | block | step | kind | verdict | kinds named |\n|---|---|---|---|---|---|")
        for name, block, step, kind, got in rows:
            print(f"| {name} | {block} | {step} | {kind} | {got['verdict'] if got else 'missing'} "
                  f"| {', '.join(map(str, kinds_named(got))) or '—'} |")

    if not shared:
        if not args.no_shared:
            print(f"\n(skipped the shared corpus and seeds: {corpus.SEEDS} and {corpus.CORPUS} "
                  f"not found)")
        return
    corpus_labels = json.loads((corpus.CORPUS / "labels.json").read_text())
    expected = json.loads((corpus.SEEDS / "expected.json").read_text())
    groups = defaultdict(list)
    for row in corpus_wrong_rows(results, corpus_labels):
        groups[row[3]].append(row)
    total = sum(map(len, groups.values()))
    print(f"\n## Shared corpus (../shared/corpus/labels.json: {total} labelled wrong steps, "
          f"by the label's own kind)\n")
    print("\n".join(found_table(groups, "label kind")))
    seeds = list(seed_rows(results, expected))
    print(f"\n## Seeds (../shared/seeds/expected.json: {len(seeds)} slip sites)\n")
    print("\n".join(seeds_table(seeds)))


if __name__ == "__main__":
    main()
