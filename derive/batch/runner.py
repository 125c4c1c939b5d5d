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

import fcntl
import glob
import hashlib
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

def identity(path) -> tuple[str, str]:
    """(resolved path, SHA-256 of the content): a file is the same file however its path
    is typed (relative, absolute, through a link), and a changed file is a new one."""
    resolved = Path(path).resolve()
    digest = hashlib.sha256()
    try:
        with open(resolved, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return str(resolved), ""
    return str(resolved), digest.hexdigest()


def understood(obj) -> bool:
    """Whether a results line is one this version can count: a file's object with its
    blocks and steps. Any other line (damaged, hand-edited, another tool's) is ignored,
    and its file is checked again."""
    if not isinstance(obj, dict) or not isinstance(obj.get("file"), str) \
            or not isinstance(obj.get("derivations"), list) \
            or not isinstance(obj.get("errors", []), list) \
            or not isinstance(obj.get("grade", {}), dict):
        return False
    return all(isinstance(b, dict) and isinstance(b.get("steps", []), list)
               and all(isinstance(st, dict) for st in b.get("steps", []))
               for b in obj["derivations"])


def _key(obj: dict) -> tuple[str, str]:
    """The identity a results line records (lines of older runs: their `file`, resolved)."""
    path = obj.get("path") if isinstance(obj.get("path"), str) else None
    return path or str(Path(obj["file"]).resolve()), obj.get("sha256") or ""


class ResultsFile:
    """One JSON object per line, one line per file; appended to as files finish. One run
    at a time: `lock` takes an exclusive lock beside the file for the whole run."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = None

    def lock(self) -> None:
        """Take the results file for this run, or raise BatchError if another run has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path.with_name(self.path.name + ".lock"), "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise BatchError(f"another derive batch is writing {self.path}; wait for it to "
                             "end, or give another --out") from None
        self._lock = fh

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def read(self) -> list[dict]:
        """Every complete line that is understood; a torn last line (a kill mid-write) is
        cut off the file."""
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
                obj = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if understood(obj):
                out.append(obj)
        return out

    def recorded(self) -> set[tuple[str, str]]:
        return {_key(obj) for obj in self.read()}

    def start(self, resume: bool) -> set[tuple[str, str]]:
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
    empty: int = 0                    # files recorded with no step (nothing checkable)
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
    """Check `files` into the results file `out`; returns the counts over the whole batch.
    Stopped by an exception (a signal's, see cli), it ends every worker it started, and
    what was recorded stays recorded."""
    if opts.assignment:
        claim_of(opts)                           # an unknown id stops the batch at once
    results = ResultsFile(out)
    results.lock()
    try:
        return _run(results, files, opts, jobs, resume, scheduler, on_result, on_start)
    finally:
        results.unlock()


def _run(results: ResultsFile, files, opts, jobs, resume, scheduler, on_result, on_start):
    names = [str(f) for f in files]
    ids = {name: identity(name) for name in names}
    done = results.start(resume)
    todo = list({ids[n]: n for n in reversed(names) if ids[n] not in done}.values())[::-1]
    if on_start:
        on_start(len(names), len(names) - len(todo))
    summary = BatchSummary()
    started = time.monotonic()
    stream = executor_for(jobs, scheduler).run(todo, opts)
    try:
        for obj, stats in stream:
            path, digest = ids.get(obj.get("file"), ("", ""))
            results.append(dict(obj, path=path, sha256=digest))
            summary.checked += 1
            summary.failed += bool(stats.get("failed"))
            summary.cache_hits += stats.get("hits", 0)
            summary.cache_misses += stats.get("misses", 0)
            if on_result:
                on_result(obj)
    finally:
        close = getattr(stream, "close", None)
        if close:
            close()                              # ends the workers still running
        summary.seconds = time.monotonic() - started
    _count(summary, results, set(ids.values()))
    return summary


def _count(summary: BatchSummary, results: ResultsFile, wanted: set) -> None:
    """The counts over the batch's files as recorded: the last line of each."""
    from ..homework.results import VERDICTS
    last = {}
    for obj in results.read():
        if _key(obj) in wanted:
            last[_key(obj)] = obj
    verdicts, grades = Counter({v: 0 for v in VERDICTS}), Counter()
    for obj in last.values():
        summary.errors += bool(obj.get("errors"))
        summary.empty += not any(b.get("steps") for b in obj["derivations"])
        for block in obj["derivations"]:
            for step in block.get("steps", []):
                verdict = step.get("verdict")
                if verdict in verdicts:
                    verdicts[verdict] += 1
        if "grade" in obj:
            grades[str(obj["grade"].get("status"))] += 1
    summary.files = len(last)
    summary.verdicts, summary.grades = dict(verdicts), dict(grades)
