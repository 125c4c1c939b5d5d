"""Grading many files: a local process pool or a Dask cluster, a results file that a
restarted run resumes, a shared cache of decided steps, and grading against a question.

    runner.py    find the files, run them on a local pool, append results, resume, summarise
    cache.py     content-addressed verdicts in SQLite, shared by every worker
    (grading: derive/homework/grade.py) complete / incomplete / wrong against a catalogue claim
    cluster.py   the same batch on a dask.distributed cluster (optional extra `cluster`)
"""
from .cache import Cache
from .runner import BatchOptions, discover, run_batch

__all__ = ["Cache", "BatchOptions", "discover", "run_batch"]
