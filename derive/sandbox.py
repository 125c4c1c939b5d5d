"""Running work that may not end: a time bound in-process, and time + memory in a worker.

SymPy can run for ever on innocent-looking input, and homework is written by strangers.
Everything that needs a bound comes here:

- `deadline(seconds)` interrupts the current (main-thread) computation with `Timeout`;
  deadlines nest, and the earliest one wins.
- `run_bounded(fn, *args)` runs fn in a forked worker with an address-space limit and
  kills it at the time limit; `run_many` does the same for many calls on a few workers.
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
from typing import Any, Callable, Iterable


class Timeout(Exception):
    """The time bound of a computation ran out."""


class OutOfMemory(Exception):
    """The memory bound of a worker ran out."""


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


# --- workers ---------------------------------------------------------------------------

@dataclass
class Outcome:
    """What came back from a bounded call: a value, or why there is none."""
    value: Any = None
    error: str | None = None      # "timeout", "memory", "crash", or "exception"
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _child(conn, fn, args, memory_mb):
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        conn.send(Outcome(value=fn(*args)))
    except MemoryError:
        conn.send(Outcome(error="memory", detail="memory limit reached"))
    except Timeout as exc:
        conn.send(Outcome(error="timeout", detail=str(exc)))
    except BaseException as exc:  # the worker reports every failure, it never hangs
        conn.send(Outcome(error="exception", detail="".join(
            traceback.format_exception_only(type(exc), exc)).strip()))
    finally:
        conn.close()


_ctx = mp.get_context("fork")


def _start(fn, args, memory_mb):
    reader, writer = _ctx.Pipe(duplex=False)
    proc = _ctx.Process(target=_child, args=(writer, fn, args, memory_mb), daemon=True)
    proc.start()
    writer.close()
    return proc, reader


def _finish(proc, reader, started) -> Outcome:
    try:
        outcome = reader.recv() if reader.poll() else None
    except (EOFError, OSError):
        outcome = None
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    reader.close()
    if outcome is None:
        code = proc.exitcode
        outcome = Outcome(error="memory" if code == -signal.SIGKILL else "crash",
                          detail=f"worker ended with exit code {code}")
    outcome.seconds = time.monotonic() - started
    return outcome


def run_bounded(fn: Callable, *args, timeout: float = 10.0, memory_mb: int = 2048) -> Outcome:
    """Call fn(*args) in a forked worker; never takes much longer than `timeout`."""
    return next(iter(run_many([(fn, args)], jobs=1, timeout=timeout, memory_mb=memory_mb)))[1]


def run_many(calls: Iterable[tuple[Callable, tuple]], jobs: int = 0, timeout: float = 10.0,
             memory_mb: int = 2048):
    """Run calls on up to `jobs` workers at once; yield (position, Outcome) as each ends."""
    jobs = jobs or os.cpu_count() or 1
    pending = list(enumerate(calls))[::-1]
    running: dict = {}
    while pending or running:
        while pending and len(running) < jobs:
            pos, (fn, args) = pending.pop()
            proc, reader = _start(fn, args, memory_mb)
            running[reader] = (pos, proc, time.monotonic())
        now = time.monotonic()
        soonest = min(started + timeout for _, _, started in running.values())
        for reader in wait(list(running), timeout=max(soonest - now, 0)):
            pos, proc, started = running.pop(reader)
            yield pos, _finish(proc, reader, started)
        now = time.monotonic()
        for reader, (pos, proc, started) in list(running.items()):
            if now - started >= timeout:
                proc.kill()
                proc.join()
                reader.close()
                del running[reader]
                yield pos, Outcome(error="timeout", detail=f"no result within {timeout:g} s",
                                   seconds=now - started)
