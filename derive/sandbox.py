"""Bounded work: everything that may run for ever, or eat the machine, runs through here.

SymPy can run for ever on innocent-looking input, and homework is written by strangers.
This is the one module that bounds work; the step checker, the prover and the batch
runner all call it:

- `deadline(seconds)` interrupts the current (main-thread) computation with `Timeout`;
  deadlines nest, and the earliest one wins.
- `run_bounded(fn, *args)` calls fn in a forked worker under an address-space limit and
  kills it at the time limit; `run_many` does the same for many calls on a few workers.
  With `group=True` a worker leads its own process group and may fork workers of its own
  (a batch checks each file in such a worker, and each step of it in a worker below):
  a kill at the time limit ends the whole group.

What comes back is an `Outcome`: the value, or a `kind` (TIMEOUT, MEMORY, FAILED — a
`ReasonKind`) and a message for people. Decisions read the kind, never the message.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from .outcome import ReasonKind


class Timeout(Exception):
    """The time bound of a computation ran out."""


class OutOfMemory(Exception):
    """The memory bound of a worker ran out."""


# --- deadlines in this process ------------------------------------------------------------

_deadlines: list[float] = []


def _on_alarm(signum, frame):
    raise Timeout("time limit reached")


def remaining() -> float:
    """Seconds left under the innermost deadline (infinity when there is none)."""
    return min(_deadlines) - time.monotonic() if _deadlines else float("inf")


def _arm() -> None:
    left = remaining()
    if left == float("inf"):
        signal.setitimer(signal.ITIMER_REAL, 0)
    else:
        signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


@contextmanager
def deadline(seconds: float):
    """Raise `Timeout` inside the block once `seconds` have passed (or an outer deadline)."""
    if seconds <= 0 or remaining() <= 0:
        raise Timeout("no time left")
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _deadlines.append(time.monotonic() + seconds)
    try:
        _arm()
        yield
    finally:
        _deadlines.pop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if _deadlines:
            _arm()


# --- forked workers -------------------------------------------------------------------------

@dataclass
class Outcome:
    """What came back from a bounded call: a value, or the kind of limit or failure that
    left none (`kind`), with a short word (`error`) and a message (`detail`) for people."""
    value: Any = None
    kind: ReasonKind | None = None    # None: a value came back
    error: str | None = None          # "timeout", "memory", "crash" or "exception"
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.kind is None


def _timed_out(detail: str, seconds: float = 0.0) -> Outcome:
    return Outcome(kind=ReasonKind.TIMEOUT, error="timeout", detail=detail, seconds=seconds)


def _out_of_memory(detail: str) -> Outcome:
    return Outcome(kind=ReasonKind.MEMORY, error="memory", detail=detail)


def _child(conn, fn, args, memory_mb: int, group: bool):
    if group:
        os.setpgid(0, 0)              # the workers it forks share its group: one kill ends all
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):     # above the hard limit: the hard limit bounds it
            pass
    try:
        try:
            outcome = Outcome(value=fn(*args))
        except MemoryError:
            outcome = _out_of_memory("memory limit reached")
        except Timeout as exc:
            outcome = _timed_out(str(exc))
        except BaseException as exc:  # the worker reports every failure, it never hangs
            outcome = Outcome(kind=ReasonKind.FAILED, error="exception", detail="".join(
                traceback.format_exception_only(type(exc), exc)).strip())
        conn.send(outcome)
    except BaseException:             # even a MemoryError while sending: the parent sees
        pass                          # no value and reports how the worker ended
    finally:
        conn.close()
        os._exit(0)


_fork = mp.get_context("fork")


@dataclass
class _Running:
    pos: int
    proc: Any
    started: float


def _kill(proc, group: bool) -> None:
    kills = ([lambda: os.killpg(proc.pid, signal.SIGKILL)] if group else []) + [proc.kill]
    for kill in kills:
        try:
            kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass
    proc.join()


def _finish(run: _Running, reader, group: bool) -> Outcome:
    try:
        outcome = reader.recv()
    except (EOFError, OSError):
        outcome = None
    reader.close()
    run.proc.join(2)
    if run.proc.is_alive():
        _kill(run.proc, group)
    if outcome is None:
        code = run.proc.exitcode
        detail = f"worker ended with exit code {code}"
        outcome = (_out_of_memory(detail) if code == -signal.SIGKILL else
                   Outcome(kind=ReasonKind.FAILED, error="crash", detail=detail))
    outcome.seconds = time.monotonic() - run.started
    return outcome


def run_many(calls: Iterable[tuple[Callable, tuple]], jobs: int = 0, timeout: float = 10.0,
             memory_mb: int = 2048, group: bool = False) -> Iterator[tuple[int, Outcome]]:
    """Run calls on up to `jobs` forked workers at once; yield (position, Outcome) as each
    ends. Every worker still running when the caller stops iterating is killed."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    pending = list(enumerate(calls))[::-1]
    running: dict = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                pos, (fn, args) = pending.pop()
                reader, writer = _fork.Pipe(duplex=False)
                proc = _fork.Process(target=_child, args=(writer, fn, args, memory_mb, group),
                                     daemon=not group)      # a daemon may not fork
                proc.start()
                writer.close()
                running[reader] = _Running(pos, proc, time.monotonic())
            soonest = min(r.started + timeout for r in running.values())
            for reader in wait(list(running), timeout=max(soonest - time.monotonic(), 0)):
                run = running.pop(reader)
                yield run.pos, _finish(run, reader, group)
            now = time.monotonic()
            for reader, run in list(running.items()):
                if now - run.started >= timeout:
                    del running[reader]
                    _kill(run.proc, group)
                    reader.close()
                    yield run.pos, _timed_out(f"no result within {timeout:g} s",
                                              now - run.started)
    finally:                          # interrupted or abandoned: leave no worker behind
        for reader, run in running.items():
            _kill(run.proc, group)
            reader.close()


def run_bounded(fn: Callable, *args, timeout: float = 10.0, memory_mb: int = 2048,
                group: bool = False) -> Outcome:
    """Call fn(*args) in a forked worker; never takes much longer than `timeout`."""
    for _, outcome in run_many([(fn, args)], jobs=1, timeout=timeout, memory_mb=memory_mb,
                               group=group):
        return outcome
    raise AssertionError("run_many yields one outcome per call")
