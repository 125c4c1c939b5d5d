"""Checking one file of a batch, bounded: the options every file is checked with, the
checking itself in a worker, and where the files are checked (a local pool of forked
workers; `cluster.DaskExecutor` for a Dask cluster). The runner and the cluster both
build on this module, so neither imports the other."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol

from ..sandbox import Outcome, run_many, wall_limit

class BatchError(ValueError):
    """A batch that cannot start: no files, a bad pattern, an unknown assignment."""


@dataclass
class BatchOptions:
    """How every file of a batch is checked (plain data: it travels to workers)."""
    context: str | None = None
    define: list = field(default_factory=list)
    assume: list = field(default_factory=list)
    timeout: float = 5.0
    memory_mb: int = 2048
    file_timeout: float = 600.0
    cache: str | None = None              # path of the SQLite cache, None for no cache
    assignment: str | None = None         # a catalogue claim id to grade against
    claims: dict = field(default_factory=dict)     # the catalogue's claims by id (handed in)
    contexts: dict = field(default_factory=dict)   # the catalogue's named contexts


# --- checking one file --------------------------------------------------------------------

def claim_of(opts: BatchOptions):
    """The claim a batch grades against, from the catalogue the caller handed in."""
    if opts.assignment not in opts.claims:
        raise BatchError(f"unknown assignment {opts.assignment!r} (see `derive list`)")
    return opts.claims[opts.assignment]


def check_one(name: str, opts: BatchOptions, source: bytes | None = None) -> tuple[dict, dict]:
    """(the SPEC §3 per-file object, with "grade" under --assignment; cache counts)."""
    from ..homework.document import check_text, read_source
    from ..homework.scope import InputError
    from .cache import Cache
    cache = Cache(opts.cache) if opts.cache else None
    try:
        text = read_source(name) if source is None else source.decode("utf-8", "replace")
    except (InputError, OSError) as exc:
        return {"file": name, "derivations": [], "errors": [str(exc)]}, {}
    try:
        result = check_text(text, name, context=opts.context,
                            define=[tuple(d) for d in opts.define], assume=list(opts.assume),
                            timeout=opts.timeout, memory_mb=opts.memory_mb, cache=cache,
                            contexts=opts.contexts, file_timeout=opts.file_timeout)
        obj = result.to_json()
        if opts.assignment:
            from ..homework.grade import grade
            obj["grade"] = grade(result, claim_of(opts), opts, cache)
    except Exception as exc:        # the file is recorded as failed; the batch goes on
        return failed_result(name, f"checking failed: {type(exc).__name__}: {str(exc)[:300]}")
    stats = {"hits": cache.hits, "misses": cache.misses} if cache else {}
    return obj, stats


def failed_result(name: str, why: str) -> tuple[dict, dict]:
    """The line of a file that could not be checked: no derivations, one error (and, beside
    it, not in the line, the mark that counts it in `BatchSummary.failed`)."""
    return {"file": name, "derivations": [], "errors": [why]}, {"failed": True}


def _failure(name: str, outcome: Outcome, opts: BatchOptions) -> tuple[dict, dict]:
    """Why a file's bounded worker gave no result, as its line of the results file."""
    from ..homework.document import file_failure
    return failed_result(name, file_failure(outcome, opts.file_timeout))


def _check_in_worker(name: str, opts: BatchOptions, source: bytes | None) -> tuple[dict, dict]:
    return check_one(name, opts, source)     # looked up at call time: tests replace it


def _warm() -> None:
    """Build before forking what every worker would otherwise build again: the grammar,
    and what SymPy imports lazily (`homework.document.warm`)."""
    from ..homework.document import warm
    warm()


def check_bounded(tasks: list, opts: BatchOptions, jobs: int = 1) -> Iterator[tuple[dict, dict]]:
    """Check (name, source-or-None) tasks, each in its own bounded worker and process
    group (sandbox.run_many), on up to `jobs` at once; yield each result as it ends."""
    _warm()
    tasks = list(tasks)
    calls = [(_check_in_worker, (name, opts, source)) for name, source in tasks]
    for pos, outcome in run_many(calls, jobs=jobs, memory_mb=opts.memory_mb, group=True,
                                 timeout=opts.file_timeout + opts.timeout + 5,
                                 wall=wall_limit(opts.file_timeout)):
        yield outcome.value if outcome.ok else _failure(tasks[pos][0], outcome, opts)


def check_isolated(name: str, opts: BatchOptions, source: bytes | None = None) -> tuple:
    """One file in its own bounded worker (what a Dask task runs)."""
    return next(iter(check_bounded([(name, source)], opts, 1)))


# --- where the files are checked -------------------------------------------------------

class Executor(Protocol):
    """Where a batch's files are checked: `run` yields (line, cache counts) per file, in
    the order they finish. Each file is checked by `check_isolated`'s bounded worker."""

    def run(self, names: list[str], opts: BatchOptions) -> Iterator[tuple[dict, dict]]: ...


@dataclass
class LocalExecutor:
    """Forked workers on this machine, `jobs` at once (0: one per core)."""
    jobs: int = 1

    def run(self, names: list[str], opts: BatchOptions) -> Iterator[tuple[dict, dict]]:
        return check_bounded([(n, None) for n in names], opts, self.jobs)
