"""A content-addressed cache of step verdicts, so that identical steps are decided once.

Students copy the lecture: across a course most steps are the same few hundred. A step's
verdict depends only on the step (both sides, the relation, a cases row's condition), on
everything in scope (definitions, hypotheses, what the words said), on the time budget
and on derive itself (its version and a hash of its code, `engine_version`);
the key is a hash of exactly that, written with `sp.srepr` (which names every symbol's
assumptions). The value is the verdict dict, stored beside its key.

A cache is a speed-up, never a source of truth:
- a file that SQLite finds damaged when the batch opens it is moved aside and rebuilt;
- a value is used only if it is a verdict of the right shape stored under the key of the
  very step asked for (a value copied from another row, or written by hand without its
  key, is dropped and the step decided again);
- a cache that cannot be read or written is no cache: every step is decided afresh, and
  no error of the cache becomes a file's result.
What it still trusts is whoever can write the file: a forged verdict stored under the
right key is believed. Share a cache only among people who may grade each other's work.

Outcomes that a resource limit produced (a worker out of time or memory, a strategy cut off
by its time limit) depend on the machine's load, not on the step, and are never stored:
the verdict's `reason_kind` (a `ReasonKind`) says which they are.
The store is one SQLite file in WAL mode, shared by the processes of a local pool (each
opens its own connection, after the fork) and by Dask workers on a shared filesystem.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import sqlite3
import time
from pathlib import Path

import sympy as sp
from sympy.core.function import AppliedUndef

from ..outcome import ReasonKind, Verdict

VERDICTS = tuple(v.value for v in Verdict)     # a tuple: a Verdict compares equal, hashes not

_DECIDED = ("valid", "invalid", "unparsed")


def _text(obj) -> str:
    if not isinstance(obj, sp.Basic):
        return repr(obj)
    # a function of a kind of its own (an unknown scalar of a vector's entries, not entry
    # by entry) writes as a plain one in srepr: its kind is part of the key too
    kinds = sorted({f"{type(a).__name__}:{'/'.join(b.__name__ for b in type(a).__bases__)}"
                    for a in obj.atoms(AppliedUndef) if type(a).__bases__ != (AppliedUndef,)})
    return sp.srepr(obj) + (f" {kinds}" if kinds else "")


def _canonical(obj):
    """A value of the scope as JSON that does not depend on the order of its sets and
    dicts (sorted by their members' texts)."""
    if isinstance(obj, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in obj.items()), key=repr)
    if isinstance(obj, (set, frozenset)):
        return sorted((_canonical(x) for x in obj), key=repr)
    if isinstance(obj, (list, tuple)):
        return [_canonical(x) for x in obj]
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    return _text(obj)


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    """derive's version and a hash of its own code (every .py and grammar under derive/):
    an edited checker never reads the verdicts of the one before it."""
    from .. import __version__
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".lark")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def step_key(lhs, rel, rhs, scope, condition, timeout, version: str | None = None,
             written=None) -> str:
    """The hash of a canonical text of everything a step's verdict depends on (its LaTeX
    too, where given: a repair's description quotes it)."""
    version = version or engine_version()
    # every field of the scope: the words' readings (a loss called a cross-entropy, an
    # example's values, the cases of a section) decide verdicts as the definitions do
    canon = json.dumps({"derive": version, "lhs": _text(lhs), "rel": rel, "rhs": _text(rhs),
                        "if": _text(condition),
                        "scope": {f.name: _canonical(getattr(scope, f.name))
                                  for f in dataclasses.fields(scope)},
                        "written": list(written) if written else None,
                        "timeout": float(timeout)}, sort_keys=True)
    return hashlib.sha256(_DUMMY.sub(_renumber(), canon).encode()).hexdigest()


_DUMMY = re.compile(r"dummy_index=(\d+)")


def _renumber():
    """Dummies (σ' reads as a Subs over one) get a fresh global index in every process:
    number them by first appearance instead, so that equal steps get equal keys."""
    seen: dict = {}
    return lambda m: f"dummy_index={seen.setdefault(m.group(1), len(seen))}"


def cacheable(verdict: dict) -> bool:
    """Whether a verdict may be stored, read from its `reason_kind` (`ReasonKind.cacheable`:
    not an outcome of a time or memory limit or of a failed worker), never from its text.
    A verdict without a reason kind is stored only when it is decided (valid, invalid,
    unparsed): an `unknown` of unknown cause may have been a limit."""
    if verdict.get("verdict") not in VERDICTS:
        return False
    kind = verdict.get("reason_kind") or None          # "" is no kind either
    if kind is None:
        return verdict.get("verdict") in _DECIDED
    try:
        return ReasonKind(kind).cacheable
    except ValueError:                      # a kind this version does not know
        return False


_FIELDS = {"verdict": str, "reason": str, "reason_kind": str, "relation": str, "method": str,
           "reading": str, "seconds": (int, float), "diagnosis_seconds": (int, float),
           "counterexample": (dict, type(None)), "values": (dict, type(None)),
           "hypotheses": list, "diagnosis": list}


def valid_entry(value, key: str) -> dict | None:
    """The verdict in a stored value, if the value is one of the right shape stored for
    `key`; None for anything else (damaged, hand-written, or another step's)."""
    if not isinstance(value, dict) or value.get("key") != key:
        return None
    verdict = value.get("verdict")
    if not isinstance(verdict, dict) or verdict.get("verdict") not in VERDICTS \
            or not isinstance(verdict.get("reason"), str):
        return None
    if any(k in verdict and not isinstance(verdict[k], t) for k, t in _FIELDS.items()):
        return None
    return verdict


class Cache:
    """Verdicts by step key in one SQLite file; safe with many concurrent writers. Every
    failure of the store itself is a miss (or a verdict not stored), never an error."""

    def __init__(self, path, version: str | None = None):
        self.path = str(Path(path).resolve())
        self.version = version or engine_version()
        self._conn = None
        self._pid = None
        self.hits = self.misses = 0
        self.broken = False
        self.note = ""                      # what opening it found, for people
        try:
            self._connect()                 # create the table now, not in every worker
        except sqlite3.Error:
            self.broken = True

    @classmethod
    def opened(cls, path, version: str | None = None) -> "Cache":
        """The cache at `path`, its integrity checked first: a file SQLite finds damaged
        is moved aside and a fresh one made in its place (`note` says so)."""
        path, note = Path(path), ""
        if path.exists():
            try:
                conn = sqlite3.connect(str(path), timeout=60)
                ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                conn.close()
            except sqlite3.Error:
                ok = False
            if not ok:
                aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
                for suffix in ("", "-wal", "-shm"):
                    extra = Path(str(path) + suffix)
                    if extra.exists():
                        extra.rename(str(aside) + suffix)
                note = f"the cache {path} was damaged: moved to {aside}; starting a fresh one"
        cache = cls(path, version)
        cache.note = note
        return cache

    def __getstate__(self):                 # travels to workers as its path only
        return {"path": self.path, "version": self.version}

    def __setstate__(self, state):
        self.__init__(state["path"], state["version"])

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():   # never share one across a fork
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 60000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS verdicts "
                         "(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def key(self, lhs, rel, rhs, scope, condition, timeout, written=None) -> str | None:
        """The step's key; None when it cannot be written (then the step is not cached)."""
        try:
            return step_key(lhs, rel, rhs, scope, condition, timeout, self.version, written)
        except (ValueError, RecursionError, MemoryError):  # 7^{9999}: digits past the limit
            return None

    def get(self, key: str | None) -> dict | None:
        if key is None or self.broken:
            return None
        try:
            row = self._connect().execute("SELECT value FROM verdicts WHERE key = ?",
                                          (key,)).fetchone()
        except sqlite3.Error:               # a cache that cannot be read is a miss
            row = None
        found = None
        if row is not None:
            try:
                found = valid_entry(json.loads(row[0]), key)
            except (ValueError, TypeError, RecursionError):
                found = None
            if found is None:               # not a verdict for this step: decided again
                self._drop(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def _drop(self, key: str) -> None:
        try:
            self._connect().execute("DELETE FROM verdicts WHERE key = ?", (key,))
        except sqlite3.Error:
            pass

    def put(self, key: str | None, verdict: dict) -> None:
        if key is None or self.broken or not cacheable(verdict):
            return
        try:
            self._connect().execute("INSERT OR REPLACE INTO verdicts (key, value) VALUES (?, ?)",
                                    (key, json.dumps({"key": key, "verdict": verdict},
                                                     ensure_ascii=False)))
        except (sqlite3.Error, TypeError, ValueError):   # not storing is always safe
            pass

    def __len__(self) -> int:
        return self._connect().execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
