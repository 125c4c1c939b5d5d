"""Benchmark: grade a course of mutated submissions with --jobs 1, --jobs 2, --jobs 8 with
no cache (four workers a core on 2 cores: budgets are CPU time, so load must not change a
verdict) and a loopback Dask cluster of 2 workers; all results must be identical. Also the
cache's speed-up.

    python bench/batch.py            # 2,000 submissions
    python bench/batch.py --quick    # 200

Submissions are the example homework (examples/homework/*.md), most copied as they are
(students copy the lecture), some with a step broken (a sign, an index or a digit changed
inside display math) and some broken as files (random edits from the fuzz suite). Each
mode starts with a cold cache of its own. The cache's speed-up is a sample of 100 files
checked with --no-cache against the same files with the cache the --jobs 2 run left.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derive.batch.runner import BatchOptions, run_batch  # noqa: E402
from derive.check import named_contexts  # noqa: E402
from tests.batch.conftest import read_results  # noqa: E402
from tests.fuzz.inputs import mutate  # noqa: E402

FLIPS = {"+": "-", "-": "+", "i": "j", "j": "i", "2": "3", "3": "2"}


def break_a_step(text: str, rng: random.Random) -> str:
    """One character flipped inside one display-math block."""
    blocks = [m.span(1) for m in re.finditer(r"\$\$(.*?)\$\$", text, re.S)]
    if not blocks:
        return text
    start, end = rng.choice(blocks)
    spots = [p for p in range(start, end) if text[p] in FLIPS]
    if not spots:
        return text
    p = rng.choice(spots)
    return text[:p] + FLIPS[text[p]] + text[p + 1:]


def generate(folder: Path, n: int, seed: int) -> dict:
    rng = random.Random(seed)
    sources = sorted((ROOT / "examples" / "homework").glob("*.md"))
    kinds = {"copied": 0, "step broken": 0, "file broken": 0}
    for i in range(n):
        src = rng.choice(sources)
        text = src.read_text()
        roll = rng.random()
        if roll < 0.25:
            text, kind = break_a_step(text, rng), "step broken"
        elif roll < 0.30:
            text, kind = mutate(text, rng, rng.randrange(1, 6)), "file broken"
        else:
            kind = "copied"
        kinds[kind] += 1
        (folder / f"{i // 100:02d}").mkdir(exist_ok=True)
        (folder / f"{i // 100:02d}" / f"s{i:05d}-{src.name}").write_text(text)
    return kinds


def start_cluster():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    procs += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                                "--host", "127.0.0.1"], env=env, **quiet) for _ in range(2)]
    from distributed import Client
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    return address, procs


def stop_cluster(procs):
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        p.wait(30)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="200 submissions")
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()
    n = 200 if args.quick else args.n
    with tempfile.TemporaryDirectory(prefix="derive-batch-") as tmp:
        tmp = Path(tmp)
        course = tmp / "course"
        course.mkdir()
        kinds = generate(course, n, args.seed)
        files = sorted(course.rglob("*.md"))
        print(f"{n} submissions: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
        rows, results = [], {}
        modes = [("--jobs 1", "jobs1", dict(jobs=1)), ("--jobs 2", "jobs2", dict(jobs=2)),
                 ("--jobs 8 --no-cache", "jobs8", dict(jobs=8)),
                 ("dask, 2 workers", "dask", None)]
        for label, name, kw in modes:
            cache = None if name == "jobs8" else str(tmp / f"{name}.sqlite")
            opts = BatchOptions(cache=cache, contexts=named_contexts())
            out = tmp / f"{name}.jsonl"
            procs = []
            if kw is None:
                address, procs = start_cluster()
                kw = dict(scheduler=address)
            try:
                s = run_batch(files, out, opts, **kw)
            finally:
                stop_cluster(procs)
            results[label] = read_results(out)
            rows.append((label, s))
            print(f"{label}: {s.files} files in {s.seconds:.1f} s = {s.files_per_second:.2f} "
                  f"files/s; cache {s.cache_hits} hits / {s.cache_hits + s.cache_misses} "
                  f"look-ups; steps {s.verdicts}", flush=True)
        first = next(iter(results.values()))
        same = all(r == first for r in results.values())
        for label, r in results.items():
            differ = sum(r.get(k) != v for k, v in first.items())
            print(f"{label}: {differ} of {len(first)} files differ from --jobs 1")
        print(f"identical results in all {len(results)} modes: {same}")
        sample = random.Random(args.seed).sample(files, min(100, len(files)))
        cold = run_batch(sample, tmp / "nocache.jsonl", BatchOptions(contexts=named_contexts()), jobs=2)
        warm = run_batch(sample, tmp / "warm.jsonl", BatchOptions(cache=str(tmp / "jobs2.sqlite"), contexts=named_contexts()),
                         jobs=2)
        print(f"cache on {len(sample)} files, --jobs 2: no cache {cold.seconds:.1f} s, warm "
              f"cache {warm.seconds:.1f} s: {cold.seconds / warm.seconds:.1f}x")
        print("\n| mode | files/s | seconds | cache hits |\n|---|---|---|---|")
        for label, s in rows:
            print(f"| {label} | {s.files_per_second:.2f} | {s.seconds:.1f} | "
                  f"{s.cache_hits} / {s.cache_hits + s.cache_misses} |")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
