"""Bounded work: everything that may run for ever, or eat the machine, runs through here.

SymPy can run for ever on innocent-looking input, and homework is written by strangers.
This is the one module that bounds work; the step checker, the prover and the batch
runner all call it. Budgets are CPU seconds, not wall seconds, so that a verdict does
not depend on what else the machine is running:

- `deadline(seconds)` interrupts the current (main-thread) computation with `Timeout`
  once this process has used `seconds` of CPU time; deadlines nest, and the earliest
  one wins.
- `run_bounded(fn, *args)` calls fn in a forked worker under a CPU-time limit and an
  address-space limit (counted from what the worker has mapped when it starts);
  `run_many` does the same for many calls on a few workers. A worker that does not stop
  at its limit (stuck in C code) is killed by the kernel's CPU limit a second later, and
  one that sleeps is killed by its parent at a wall-clock limit; a worker whose parent
  dies is killed too (a parent-death signal).
  With `group=True` a worker leads its own process group and may fork workers of its own
  (a batch checks each file in such a worker, and each step of it in a worker below):
  a kill ends the whole group.
- `cpu_seconds()` is the CPU time of this process and of the workers it has waited for:
  what a whole file's budget counts.

What comes back is an `Outcome`: the value, or a `kind` (TIMEOUT, MEMORY, FAILED — a
`ReasonKind`) and a message for people. Decisions read the kind, never the message.
"""
from __future__ import annotations

import ctypes
import math
import multiprocessing as mp
import os
import random
import resource
import signal
import time
import traceback
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from .outcome import ReasonKind


class Timeout(Exception):
    """The time bound of a computation ran out."""


class OutOfMemory(Exception):
    """The memory bound of a worker ran out."""


# --- deadlines in this process ------------------------------------------------------------

_deadlines: list[float] = []       # ends, in this process's CPU seconds


def _on_alarm(signum, frame):
    if frame is not None and (frame.f_code in _OWN or frame.f_back is not None
                              and frame.f_back.f_code in _OWN):
        return          # a deadline is opening or closing: raised there, the Timeout would
                        # leave its end behind (every later deadline spent); it sets the
                        # timer itself when done, and the next tick comes 50 ms later
    if _deadlines and remaining() <= 0:
        raise Timeout("time limit reached")
    _arm()              # early (the timer and the clock tick apart), or no deadline left


def cpu_seconds() -> float:
    """CPU seconds used by this process and by the workers it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


_SLACK = 0.02    # the profiling timer and process_time() tick apart: a deadline whose
                 # timer fired must not look a few milliseconds short of its end
_AGAIN = 0.05    # then the timer fires again every 50 ms of CPU time until the block ends:
                 # a Timeout swallowed on its way (SymPy's `except Exception`, a gc
                 # callback) must not leave the computation unbounded


def remaining() -> float:
    """CPU seconds left under the innermost deadline (infinity when there is none)."""
    return min(_deadlines) - time.process_time() - _SLACK if _deadlines else float("inf")


def _arm() -> None:
    left = remaining()
    if left == float("inf"):
        signal.setitimer(signal.ITIMER_PROF, 0)
    else:
        signal.setitimer(signal.ITIMER_PROF, max(left + _SLACK, 1e-3), _AGAIN)


class deadline:
    """`with deadline(seconds):` raises `Timeout` inside the block once this process has
    used `seconds` more of CPU time (or at an outer deadline). Time spent waiting — for a
    worker, for a lock — does not count: workers have limits of their own."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> None:
        if self.seconds <= 0 or remaining() <= 0:
            raise Timeout("no time left")
        self.previous = signal.signal(signal.SIGPROF, _on_alarm)
        _deadlines.append(time.process_time() + self.seconds)
        _arm()

    def __exit__(self, *exc) -> bool:
        _deadlines.pop()
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, self.previous)
        if _deadlines:
            _arm()
        return False


_OWN = {deadline.__enter__.__code__, deadline.__exit__.__code__, _arm.__code__,
        remaining.__code__}     # the bookkeeping a tick must not interrupt


class BudgetSpent(Exception):
    """A whole file's CPU budget ran out (`Budget.check`)."""


class Budget:
    """A budget of CPU seconds for work spread over many workers (a whole file): counted
    with `cpu_seconds`, so the steps' workers count once they have ended; checked between
    steps, each of which has its own limit."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self.ends = cpu_seconds() + seconds if seconds else float("inf")

    def check(self) -> None:
        if cpu_seconds() > self.ends:
            raise BudgetSpent(f"the budget of {self.seconds:g} s of CPU time is spent")


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


def wall_limit(budget: float) -> float:
    """How long a worker with a CPU budget may take on the clock before its parent kills
    it: room for a loaded machine, but a worker that sleeps (a lock, a pipe) still ends."""
    return 2 * budget + 10


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux), and check that
    the parent did not die before the request was made."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):          # not Linux: the parent's own kills remain
        pass
    if os.getppid() != parent:
        os._exit(1)


_STOPS = {signal.SIGTERM, signal.SIGINT}


@contextmanager
def _stops_held():
    """Hold SIGTERM/SIGINT back while a worker is forked and recorded: a stop that came
    between the fork and the record would leave a worker that nobody kills (and, not a
    daemon, one that the interpreter waits for on its way out)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _mapped() -> int:
    """Bytes of address space this process has mapped (0 where /proc cannot say). A
    worker's memory bound counts from there: what it inherits from its parent at the fork
    (a notebook or a test run with PyTorch loaded maps gigabytes) is not its to spend, and
    would otherwise leave it no room at all."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn, fn, args, memory_mb: int, group: bool, cpu: float, parent: int):
    if group:
        os.setpgid(0, 0)              # the workers it forks share its group: one kill ends all
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)     # forked while they were held
    _deadlines.clear()                # the parent's deadlines count the parent's CPU time
    random.seed(0)                    # SymPy's assumption queries shuffle with the global
                                      # generator, reseeded from the OS at each fork: a
                                      # verdict must not depend on the run
    signal.setitimer(signal.ITIMER_PROF, 0)
    limits = [(resource.RLIMIT_CORE, 0)]
    if memory_mb:
        limits.append((resource.RLIMIT_AS, _mapped() + memory_mb * 1024 * 1024))
    if cpu:                           # stuck in C code past the deadline: SIGXCPU, then kill
        limits.append((resource.RLIMIT_CPU, math.ceil(cpu) + 1))
    for which, limit in limits:
        try:
            hard = limit + 1 if which == resource.RLIMIT_CPU else limit   # then SIGKILL
            resource.setrlimit(which, (limit, hard))
        except (ValueError, OSError):     # above the hard limit: the hard limit bounds it
            pass
    try:
        try:
            with deadline(cpu) if cpu else nullcontext():
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
    if run.proc.is_alive() or group:      # a group's leader is done: nothing of it may stay
        _kill(run.proc, group)
    if outcome is None:
        code = run.proc.exitcode
        detail = f"worker ended with exit code {code}"
        outcome = (_timed_out("CPU time limit reached") if code == -signal.SIGXCPU else
                   _out_of_memory(detail) if code == -signal.SIGKILL else
                   Outcome(kind=ReasonKind.FAILED, error="crash", detail=detail))
    outcome.seconds = time.monotonic() - run.started
    return outcome


def run_many(calls: Iterable[tuple[Callable, tuple]], jobs: int = 0, timeout: float = 10.0,
             memory_mb: int = 2048, group: bool = False,
             wall: float | None = None) -> Iterator[tuple[int, Outcome]]:
    """Run calls on up to `jobs` forked workers at once; yield (position, Outcome) as each
    ends. `timeout`: each worker's CPU seconds (0: none); `wall`: the clock seconds after
    which it is killed (default `wall_limit(timeout)`). Every worker still running when
    the caller stops iterating is killed."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    wall = wall if wall is not None else wall_limit(timeout)
    pending = list(enumerate(calls))[::-1]
    running: dict = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                pos, (fn, args) = pending.pop()
                reader, writer = _fork.Pipe(duplex=False)
                proc = _fork.Process(target=_child, daemon=not group,   # a daemon may not fork
                                     args=(writer, fn, args, memory_mb, group, timeout,
                                           os.getpid()))
                with _stops_held():
                    proc.start()
                    running[reader] = _Running(pos, proc, time.monotonic())
                writer.close()
            soonest = min(r.started + wall for r in running.values())
            for reader in wait(list(running), timeout=max(soonest - time.monotonic(), 0)):
                outcome = _finish(running[reader], reader, group)   # stopped inside: killed
                yield running.pop(reader).pos, outcome
            now = time.monotonic()
            for reader, run in list(running.items()):
                if now - run.started >= wall:
                    del running[reader]
                    _kill(run.proc, group)
                    reader.close()
                    yield run.pos, _timed_out(f"no result within {wall:g} s on the clock",
                                              now - run.started)
    finally:                          # interrupted or abandoned: leave no worker behind
        for reader, run in running.items():
            _kill(run.proc, group)
            reader.close()


def run_bounded(fn: Callable, *args, timeout: float = 10.0, memory_mb: int = 2048,
                group: bool = False, wall: float | None = None) -> Outcome:
    """Call fn(*args) in a forked worker under `timeout` CPU seconds (see run_many)."""
    for _, outcome in run_many([(fn, args)], jobs=1, timeout=timeout, memory_mb=memory_mb,
                               group=group, wall=wall):
        return outcome
    raise AssertionError("run_many yields one outcome per call")
