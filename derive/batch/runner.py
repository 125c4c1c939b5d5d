"""Checking many files: find them, check each in its own bounded process, append each
result to a JSON-lines file as it finishes, and resume from that file after a crash.

Every file is checked in a forked worker in its own process group (`sandbox.run_many`,
the bounded work of the whole package), under a memory limit and a time limit for the
whole file (each step inside has its own, see check.py), so a
file that crashes or hangs the checker costs that file only: it is recorded with an error
and the batch goes on. Only this process writes the results file, one line per file in a
single `write` on an O_APPEND descriptor; a line cut short by a kill is dropped on resume,
so after any number of kills and `--resume`s every file is recorded exactly once.
Where the files are checked is an `Executor`: this machine's pool (`LocalExecutor`) or a
Dask cluster (`cluster.DaskExecutor`), the same bounded worker for each file in both.
"""
from __future__ import annotations

import glob
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .work import BatchError, BatchOptions, Executor, LocalExecutor, claim_of

SUFFIXES = (".md", ".tex")


# --- finding the files ------------------------------------------------------------------

def discover(args: Iterable) -> list[Path]:
    """Files, folders (every *.md and *.tex below, sorted) and glob patterns, in order."""
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(str(arg)):
            matches = sorted(Path(m) for m in glob.glob(str(arg), recursive=True))
            found += [m for m in matches if m.is_file()]
        else:
            raise BatchError(f"no such file or folder: {arg}")
    return list(dict.fromkeys(found))


# --- the results file -------------------------------------------------------------------

class ResultsFile:
    """One JSON object per line, one line per file; appended to as files finish."""

    def __init__(self, path):
        self.path = Path(path)

    def read(self) -> list[dict]:
        """Every complete line; a torn last line (a kill mid-write) is cut off the file."""
        if not self.path.exists():
            return []
        data = self.path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
        out = []
        for line in data[:end].splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def recorded(self) -> set[str]:
        return {obj.get("file") for obj in self.read()}

    def start(self, resume: bool) -> set[str]:
        """The files already recorded (resume), or an empty, fresh file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume:
            return self.recorded()
        self.path.write_bytes(b"")
        return set()

    def append(self, obj: dict) -> None:
        line = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def executor_for(jobs: int = 1, scheduler: str | None = None) -> Executor:
    """A Dask cluster's executor when a scheduler is named, else the local pool."""
    if scheduler:
        from .cluster import DaskExecutor
        return DaskExecutor(scheduler)
    return LocalExecutor(jobs)


# --- a whole batch ------------------------------------------------------------------------

@dataclass
class BatchSummary:
    files: int = 0                    # files of the batch recorded in the results file
    checked: int = 0                  # files checked by this run (the rest were resumed)
    seconds: float = 0.0
    verdicts: dict = field(default_factory=dict)
    grades: dict = field(default_factory=dict)
    errors: int = 0                   # files recorded with an error
    failed: int = 0                   # files this run could not check (crash, hang, failure)
    cache_hits: int = 0
    cache_misses: int = 0

    @property
    def files_per_second(self) -> float:
        return self.checked / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict:
        return {"files": self.files, "checked": self.checked, "seconds": round(self.seconds, 2),
                "files_per_second": round(self.files_per_second, 2), "verdicts": self.verdicts,
                "grades": self.grades, "errors": self.errors, "failed": self.failed,
                "cache": {"hits": self.cache_hits, "misses": self.cache_misses}}


def run_batch(files: list, out, opts: BatchOptions, jobs: int = 1, resume: bool = False,
              scheduler: str | None = None,
              on_result: Callable[[dict], None] | None = None,
              on_start: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Check `files` into the results file `out`; returns the counts over the whole batch."""
    from ..homework.results import VERDICTS
    if opts.assignment:
        claim_of(opts)                           # an unknown id stops the batch at once
    results = ResultsFile(out)
    names = [str(f) for f in files]
    done = results.start(resume)
    todo = [n for n in names if n not in done]
    if on_start:
        on_start(len(names), len(names) - len(todo))
    summary = BatchSummary()
    started = time.monotonic()
    for obj, stats in executor_for(jobs, scheduler).run(todo, opts):
        results.append(obj)
        summary.checked += 1
        summary.failed += bool(stats.get("failed"))
        summary.cache_hits += stats.get("hits", 0)
        summary.cache_misses += stats.get("misses", 0)
        if on_result:
            on_result(obj)
    summary.seconds = time.monotonic() - started
    wanted, seen = set(names), set()
    verdicts, grades = Counter({v: 0 for v in VERDICTS}), Counter()
    for obj in results.read():
        name = obj.get("file")
        if name not in wanted or name in seen:
            continue
        seen.add(name)
        summary.errors += bool(obj.get("errors"))
        for block in obj.get("derivations", []):
            for step in block.get("steps", []):
                verdicts[step.get("verdict")] += 1
        if "grade" in obj:
            grades[obj["grade"].get("status")] += 1
    summary.files = len(seen)
    summary.verdicts, summary.grades = dict(verdicts), dict(grades)
    return summary
