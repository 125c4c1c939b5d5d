"""The same batch on a dask.distributed cluster, when one machine is not enough.

The client reads each file and sends its bytes with the task, so workers need derive
installed but not the files. Each task checks its file in a forked, bounded worker
(`runner.check_isolated`, over `sandbox.run_bounded`), exactly as the local pool does, and the client alone writes
the results file as tasks finish: resume and the results are those of a local run. The
cache is the SQLite file at the same absolute path on every worker: one file shared by
the workers of one machine (or of a shared filesystem), one per machine otherwise.

Workers must be allowed to fork their own workers: start them with
`DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker tcp://HOST:PORT` (or `--no-nanny`).
"""
from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .work import BatchError, BatchOptions, check_isolated, failed_result

NEEDS_NON_DAEMON = ("the Dask workers run as daemon processes, which may not fork the "
                    "bounded workers every file is checked in: start them with "
                    "DASK_DISTRIBUTED__WORKER__DAEMON=False (or dask worker --no-nanny)")


def _daemonic() -> bool:
    return bool(mp.current_process().daemon)


def _task(name: str, opts: BatchOptions, source: bytes) -> tuple[dict, dict]:
    return check_isolated(name, opts, source)


@dataclass
class DaskExecutor:
    """The cluster behind a dask.distributed scheduler (runner.Executor)."""
    scheduler: str

    def run(self, names: list[str], opts: BatchOptions) -> Iterator[tuple[dict, dict]]:
        return run_dask(names, opts, self.scheduler)


def run_dask(names: list[str], opts: BatchOptions, scheduler: str) -> Iterator[tuple[dict, dict]]:
    """Check files on the cluster at `scheduler`; yield each result as its task ends."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BatchError("--scheduler needs dask.distributed: "
                         "pip install 'derive[cluster]'") from None
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        if any(client.run(_daemonic).values()):
            raise BatchError(NEEDS_NON_DAEMON)
        owner = {}
        futures = []
        for name in names:
            fut = client.submit(_task, name, opts, Path(name).read_bytes(), pure=False)
            owner[fut.key] = name
            futures.append(fut)
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as exc:        # a lost worker, a task Dask gave up on
                yield failed_result(owner[fut.key], f"the cluster failed on this file: "
                              f"{type(exc).__name__}: {str(exc)[:200]}")
            fut.release()
    finally:
        client.close()
