"""A content-addressed cache of step verdicts, so that identical steps are decided once.

Students copy the lecture: across a course most steps are the same few hundred. A step's
verdict depends only on the step (both sides, the relation, a cases row's condition), on
the definitions and hypotheses in scope, on the time budget and on the version of derive;
the key is a hash of exactly that, written with `sp.srepr` (which names every symbol's
assumptions). The value is the whole verdict dict, whatever fields it has.

Outcomes that a resource limit produced (a worker out of time or memory, a strategy cut off
by its time limit) depend on the machine's load, not on the step, and are never stored:
the verdict's `reason_kind` (a `ReasonKind`) says which they are.
The store is one SQLite file in WAL mode, shared by the processes of a local pool (each
opens its own connection, after the fork) and by Dask workers on a shared filesystem.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from pathlib import Path

import sympy as sp

from ..outcome import ReasonKind, Verdict

VERDICTS = tuple(v.value for v in Verdict)     # a tuple: a Verdict compares equal, hashes not

_DECIDED = ("valid", "invalid", "unparsed")


def _text(obj) -> str:
    return sp.srepr(obj) if isinstance(obj, sp.Basic) else repr(obj)


def step_key(lhs, rel, rhs, scope, condition, timeout, version: str | None = None) -> str:
    """The hash of a canonical text of everything a step's verdict depends on."""
    if version is None:
        from .. import __version__ as version
    defs = sorted(f"{_text(k)}:={_text(v)}" for k, v in scope.defs.items())
    hyps = sorted(_text(h) for h in scope.hypotheses)
    canon = json.dumps({"derive": version, "lhs": _text(lhs), "rel": rel, "rhs": _text(rhs),
                        "if": _text(condition), "defs": defs, "hyps": hyps,
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


class Cache:
    """Verdicts by step key in one SQLite file; safe with many concurrent writers."""

    def __init__(self, path, version: str | None = None):
        self.path = str(Path(path).resolve())
        if version is None:
            from .. import __version__ as version
        self.version = version
        self._conn = None
        self._pid = None
        self.hits = self.misses = 0
        self._connect()                     # create the table now, not in every worker

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

    def key(self, lhs, rel, rhs, scope, condition, timeout) -> str:
        return step_key(lhs, rel, rhs, scope, condition, timeout, self.version)

    def get(self, key: str) -> dict | None:
        try:
            row = self._connect().execute("SELECT value FROM verdicts WHERE key = ?",
                                          (key,)).fetchone()
        except sqlite3.Error:               # a cache that cannot be read is a miss
            row = None
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(row[0])

    def put(self, key: str, verdict: dict) -> None:
        if not cacheable(verdict):
            return
        try:
            self._connect().execute("INSERT OR IGNORE INTO verdicts (key, value) VALUES (?, ?)",
                                    (key, json.dumps(verdict, ensure_ascii=False)))
        except (sqlite3.Error, TypeError, ValueError):   # not storing is always safe
            pass

    def __len__(self) -> int:
        return self._connect().execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
