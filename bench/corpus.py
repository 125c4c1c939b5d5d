"""Benchmark: `derive check` on real documents — the five seeds and the shared corpus.

    python bench/corpus.py [--jobs 2] [--dump results.json] [--no-math-verify]

Reads `../shared/seeds/` (expected.json: slip sites, correct blocks, the arguments a user
adds) and `../shared/corpus/` (labels.json: every block labelled correct, wrong with its
wrong steps, or not a derivation). Prints, for each: steps read (not `unparsed`), the
verdicts, false alarms (an `invalid` in a block labelled correct), wrong steps found —
and Math-Verify's verdicts on the same step pairs (a benchmark-only dependency:
`pip install math-verify`).

A labelled step `eK=eL` is matched to derive's step by its two sides' text (spaces,
alignment marks and sizing commands aside); where the texts do not match and the block
has as many steps as labelled, by position.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DERIVE_SHARED") or ROOT.parent / "shared")
SEEDS, CORPUS = SHARED / "seeds", SHARED / "corpus"


def checked(job):
    """(path, the checked file) of one job: a file and the command-line arguments its
    labels give it (`--context`, `--assume`)."""
    path, args = job
    from derive.check import check_file
    options = {"context": None, "assume": []}
    for flag, value in zip(args[0::2], args[1::2]):
        if flag == "--context":
            options["context"] = value
        elif flag == "--assume":
            options["assume"].append(value)
    return str(path), check_file(path, **options)


def _checked(job):
    """One file's JSON object (run in a worker process: the checker forks its own)."""
    path, result = checked(job)
    return path, result.to_json()


_NOISE = re.compile(r"\\(left|right|big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])|\\[,;:! ]|\\q?quad|&|\s")


def norm(tex: str) -> str:
    return _NOISE.sub("", tex or "").rstrip(".,;")


def chain_texts(labels_of_file: dict) -> dict:
    """{'B3.e0': text} for every element of every labelled block of a file."""
    return {f"B{b['block']}.{k}": t for b in labels_of_file["blocks"]
            for k, _, t in (i.partition(": ") for i in b.get("chain", []))}


def labelled_steps(label: dict) -> list:
    """The steps a block's label asks to check: its `steps`, except that where prose
    stands as a member of the chain (`annotations`), the step across it (`bridges`) is
    the one checked (corpus README, "annotations / bridges")."""
    notes = set(label.get("annotations", []))
    kept = [s for s in label["steps"] if not notes & set(s.split("="))]
    return kept + [b for b in label.get("bridges", []) if b not in kept]


def match_steps(block_json: dict, label: dict, elsewhere: dict | None = None,
                expand=lambda tex: tex) -> dict:
    """{label step 'eK=eL' (or 'B4.e2=e0', from another block): derive's step or None}.
    `expand`: the document's macros, as derive expands them before it reads (`\\EE`)."""
    chain = {k: norm(expand(t)) for k, t in (elsewhere or {}).items()}
    for item in label.get("chain", []):
        key, _, text = item.partition(": ")
        chain[key] = norm(expand(text))
    steps = block_json["steps"] if block_json else []
    defined = block_json.get("definitions", []) if block_json else []
    wanted = labelled_steps(label)
    out = {}
    for n, name in enumerate(wanted):
        a, b = name.split("=")
        found = next((s for s in steps if norm(s["lhs"]) == chain.get(a)
                      and norm(s["rhs"]) == chain.get(b)), None)
        if found is None:
            # derive took it as a definition (a name given its meaning), not a step to
            # decide: read, and counted apart from the steps decided
            kind = "definition" if name in label.get("definitions", []) else "taken as definition"
            found = next(({"verdict": kind, "lhs": d["name"], "rhs": d["latex"]}
                          for d in defined
                          for left, right in [(d["name"], d["latex"]), d.get("written") or (None, None)]
                          if norm(left) == chain.get(a) and norm(right) == chain.get(b)), None)
        if found is None and (chain.get(b) or "").startswith("\\begin{cases}"):
            # a right side by cases is checked row by row: one step per row
            rows = [s for s in steps if norm(s["lhs"]) == chain.get(a)
                    and norm(s["rhs"]) and norm(s["rhs"]) in chain[b]]
            verdicts = {r["verdict"] for r in rows}
            if rows:
                found = dict(rows[0], verdict="invalid" if "invalid" in verdicts else
                             "valid" if verdicts == {"valid"} else
                             "unparsed" if verdicts == {"unparsed"} else "unknown")
        if found is None and len(steps) == len(wanted):
            found = steps[n]
        out[name] = found
    return out


def _macros(path: Path):
    """The macro expansion derive applies to one document (course table and its own)."""
    from derive.latex.macros import MacroTable
    table = MacroTable()
    table.learn(path.read_text(encoding="utf-8"))
    return table.expand


def corpus_rows(results: dict, labels: dict):
    """(file, label block, {step: derive step or None}) for every labelled block."""
    for name, info in labels.items():
        blocks = {b["block"]: b for b in results[str(CORPUS / name)]["derivations"]}
        elsewhere, expand = chain_texts(info), _macros(CORPUS / name)
        for label in info["blocks"]:
            yield name, label, blocks.get(label["block"]), match_steps(
                blocks.get(label["block"]), label, elsewhere, expand)


# what makes a labelled block one "in matrix notation" (issue 15's bar counts them apart):
# a transpose, a bold or arrowed name, a norm, an inner product, a differential, ⊙, ∇, a
# matrix written out, diag, or a shape declaration in any expression of its chain
MATRIX_NOTATION = re.compile(
    r"\^\s*\{?\s*(T|\\top|\\intercal)(?![a-zA-Z])|\\mathbf\{|\\boldsymbol|\\vec\{|\\bm\{"
    r"|\\\||\\[lr]Vert|\\langle|\\mathrm\{d\}\s*[a-zA-Z\\(]|\\odot|\\nabla"
    r"|\{[pbvV]?matrix\}|diag|\\mathbb\{R\}\^")


def matrix_notation(label: dict) -> bool:
    return any(MATRIX_NOTATION.search(text) for text in label.get("chain", []))


def corpus_table(results: dict, labels: dict, keep=lambda label: True) -> dict:
    counts = dict(labelled=0, read=0, valid=0, invalid=0, unknown=0, unparsed=0, missing=0,
                  definition=0, taken=0, false_alarms=0, correct_blocks=0, correct_all_valid=0, wrong_steps=0,
                  wrong_found=0, wrong_blocks=0, wrong_blocks_found=0)
    alarms, missed = [], []
    for name, label, block, matched in corpus_rows(results, labels):
        if label["verdict"] == "not-a-derivation" or not keep(label):
            continue
        for step, got in matched.items():
            counts["labelled"] += 1
            verdict = got["verdict"] if got else "missing"
            counts["taken" if verdict == "taken as definition" else verdict] += 1
            counts["read"] += verdict not in ("unparsed", "missing")
        every = block["steps"] if block else []
        if label["verdict"] == "correct":
            counts["correct_blocks"] += 1
            bad = [s for s in every if s["verdict"] == "invalid"]
            if bad:
                counts["false_alarms"] += 1
                alarms.append((name, label["block"], bad[0]["lhs"], bad[0]["rhs"]))
            if every and all(s["verdict"] == "valid" for s in every):
                counts["correct_all_valid"] += 1
        else:
            counts["wrong_blocks"] += 1
            counts["wrong_blocks_found"] += any(s["verdict"] == "invalid" for s in every)
            for step in label["wrong_steps"]:
                counts["wrong_steps"] += 1
                got = matched.get(step)
                if got and got["verdict"] == "invalid":
                    counts["wrong_found"] += 1
                else:
                    missed.append((name, label["block"], step,
                                   got["verdict"] if got else "missing"))
    return dict(counts=counts, alarms=alarms, missed=missed)


def seed_table(results: dict, expected: dict) -> dict:
    counts = dict(slip_sites=0, slips_found=0, correct=0, false_alarms=0, all_valid=0,
                  steps=0, read=0)
    alarms, missed = [], []
    for seed, want in expected.items():
        if seed.startswith("_"):
            continue
        path = next(SEEDS.glob(f"{seed}_*.txt"))
        blocks = {b["block"]: b["steps"] for b in results[str(path)]["derivations"]}
        for steps in blocks.values():
            counts["steps"] += len(steps)
            counts["read"] += sum(s["verdict"] != "unparsed" for s in steps)
        for site in want["slips"]:
            counts["slip_sites"] += 1
            if any(s["verdict"] == "invalid" for b in site for s in blocks.get(b, [])):
                counts["slips_found"] += 1
            else:
                missed.append((seed, site))
        for b in want["correct"]:
            counts["correct"] += 1
            steps = blocks.get(b, [])
            if any(s["verdict"] == "invalid" for s in steps):
                counts["false_alarms"] += 1
                bad = next(s for s in steps if s["verdict"] == "invalid")
                alarms.append((seed, b, bad["lhs"], bad["rhs"]))
            if steps and all(s["verdict"] == "valid" for s in steps):
                counts["all_valid"] += 1
    return dict(counts=counts, alarms=alarms, missed=missed)


def math_verify(pairs):
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    out = []
    for lhs, rhs in pairs:
        try:
            a, b = parse(f"${lhs}$"), parse(f"${rhs}$")
            out.append("unparsed" if not a or not b else
                       "valid" if verify(a, b) else "not equal")
        except Exception:                         # Math-Verify's own failure
            out.append("unparsed")
    return out


def jobs():
    expected = json.loads((SEEDS / "expected.json").read_text())
    for seed, want in expected.items():
        if not seed.startswith("_"):
            yield next(SEEDS.glob(f"{seed}_*.txt")), want["args"]
    for name in json.loads((CORPUS / "labels.json").read_text()):
        yield CORPUS / name, []


def run(workers: int = 2) -> dict:
    """Every seed and corpus file checked: {path: SPEC §3 file object}."""
    with ProcessPoolExecutor(workers) as pool:
        return dict(pool.map(_checked, list(jobs())))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dump", type=Path, help="write every file's JSON here")
    ap.add_argument("--load", type=Path, help="read the JSON of an earlier --dump")
    ap.add_argument("--no-math-verify", action="store_true")
    ap.add_argument("--list", action="store_true", help="list false alarms and misses")
    args = ap.parse_args(argv)
    if not SEEDS.is_dir() or not CORPUS.is_dir():
        sys.exit(f"needs {SEEDS} and {CORPUS} (the shared folder beside the project)")
    results = json.loads(args.load.read_text()) if args.load else run(args.jobs)
    if args.dump:
        args.dump.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    labels = json.loads((CORPUS / "labels.json").read_text())
    expected = json.loads((SEEDS / "expected.json").read_text())
    seeds, corpus = seed_table(results, expected), corpus_table(results, labels)
    s, c = seeds["counts"], corpus["counts"]
    seconds = [st["seconds"] for f in results.values() for b in f["derivations"]
               for st in b["steps"] if st["verdict"] != "unparsed"]
    print("| set | steps read | valid / invalid / unknown / unparsed | false alarms "
          "| correct blocks all valid | wrong found |")
    print("|---|---|---|---|---|---|")
    sv = {v: sum(st["verdict"] == v for p, f in results.items() if "seeds" in p
                 for b in f["derivations"] for st in b["steps"])
          for v in ("valid", "invalid", "unknown", "unparsed")}
    print(f"| seeds (5 files) | {s['read']}/{s['steps']} ({100 * s['read'] / max(s['steps'], 1):.0f}%) "
          f"| {sv['valid']} / {sv['invalid']} / {sv['unknown']} / {sv['unparsed']} "
          f"| {s['false_alarms']} of {s['correct']} correct blocks "
          f"| {s['all_valid']} of {s['correct']} | {s['slips_found']} of {s['slip_sites']} slip sites |")
    print(f"| corpus ({len(labels)} files) | {c['read']}/{c['labelled']} "
          f"({100 * c['read'] / max(c['labelled'], 1):.0f}%) "
          f"| {c['valid']} / {c['invalid']} / {c['unknown']} / {c['unparsed'] + c['missing']} "
          f"(and {c['definition']} labelled definitions read as definitions; {c['taken']} "
          "labelled steps that name a quantity read as its definition) "
          f"| {c['false_alarms']} of {c['correct_blocks']} correct blocks "
          f"| {c['correct_all_valid']} of {c['correct_blocks']} "
          f"| {c['wrong_found']} of {c['wrong_steps']} wrong steps |")
    m = corpus_table(results, labels, matrix_notation)["counts"]
    print(f"| corpus, blocks in matrix notation | {m['read']}/{m['labelled']} "
          f"({100 * m['read'] / max(m['labelled'], 1):.0f}%) "
          f"| {m['valid']} / {m['invalid']} / {m['unknown']} / {m['unparsed'] + m['missing']} "
          f"(and {m['definition'] + m['taken']} read as definitions) "
          f"| {m['false_alarms']} of {m['correct_blocks']} correct blocks "
          f"| {m['correct_all_valid']} of {m['correct_blocks']} "
          f"| {m['wrong_found']} of {m['wrong_steps']} wrong steps |")
    if not args.no_math_verify:
        pairs, kinds = [], []
        for name, label, block, matched in corpus_rows(results, labels):
            if label["verdict"] == "not-a-derivation":
                continue
            chain = chain_texts(labels[name])
            chain.update({k: t for k, _, t in (i.partition(": ") for i in label["chain"])})
            for step in labelled_steps(label):
                a, b = step.split("=")
                pairs.append((chain[a], chain[b]))
                kinds.append("wrong" if step in label["wrong_steps"] else "correct")
        mv = math_verify(pairs)
        if mv is not None:
            read = sum(v != "unparsed" for v in mv)
            fa = sum(v == "not equal" for v, k in zip(mv, kinds) if k == "correct")
            ok = sum(v == "valid" for v, k in zip(mv, kinds) if k == "correct")
            found = sum(v == "not equal" for v, k in zip(mv, kinds) if k == "wrong")
            print(f"| corpus, Math-Verify | {read}/{len(mv)} ({100 * read / len(mv):.0f}%) "
                  f"| {sum(v == 'valid' for v in mv)} equal / {sum(v == 'not equal' for v in mv)}"
                  f" not equal / — / {len(mv) - read} | {fa} correct steps called not equal "
                  f"| {ok} correct steps confirmed | {found} of {kinds.count('wrong')} |")
    if seconds:
        print(f"\nstep decision time: median {statistics.median(seconds) * 1000:.0f} ms "
              f"({len(seconds)} steps)")
    if args.list:
        print("\nseed false alarms:")
        for row in seeds["alarms"]:
            print("  ", row)
        print("seed slip sites missed:", seeds["missed"])
        print("corpus false alarms:")
        for row in corpus["alarms"]:
            print("  ", row)
        print("corpus wrong steps missed:")
        for row in corpus["missed"]:
            print("  ", row)


if __name__ == "__main__":
    main()
