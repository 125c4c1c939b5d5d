"""`derive check … --out results.jsonl`: the batch side of the check command."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .runner import BatchError, BatchOptions, discover, run_batch


def default_cache(out: Path) -> Path:
    """results.jsonl → results.cache.sqlite, beside it."""
    return out.with_name(out.stem + ".cache.sqlite")


def check_batch(args, out, *, jobs, resume, scheduler, assignment, cache, use_cache, context,
                define, assume, timeout, memory, file_timeout, console: Console,
                oversubscribe: bool = False,
                errors: Console | None = None, claims=None, contexts=None) -> int:
    """Run the batch; the exit status (SPEC §3): 0, 1 when a step is invalid, 2 for unusable
    input (bad options, a results file another run holds, no file with a step to check),
    3 when a file checked now could not be checked (it crashed, hung or failed)."""
    errors = errors or Console(stderr=True)

    def fail(message: str) -> int:
        errors.print(f"[red]{escape(message)}[/red]", highlight=False)
        return 2

    if out is None:
        return fail("--jobs, --resume, --scheduler and --assignment need --out FILE")
    if jobs < 0 or not (0 < file_timeout <= 86400):
        return fail("--jobs must be ≥ 0 and --file-timeout between 0 and 86400 s")
    cores = os.cpu_count() or 1
    if jobs > cores and not oversubscribe and not scheduler:
        errors.print(f"[yellow]--jobs {jobs} is more than the {cores} cores here: using "
                     f"{cores} (--oversubscribe to insist)[/yellow]", highlight=False)
        jobs = cores
    for path, what in ((out, "--out"), (cache, "--cache")):
        if path is not None and Path(path).is_dir():
            return fail(f"{what} {path}: is a folder; give a file name")
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        return fail(f"--scheduler must look like tcp://HOST:PORT, not {scheduler!r}")
    try:
        files = discover(args)
    except BatchError as exc:
        return fail(str(exc))
    if not files:
        return fail("no *.md or *.tex files found")
    cache_path = (cache or default_cache(out)) if use_cache else None
    opts = BatchOptions(context=context, define=[list(d) for d in define], assume=assume,
                        timeout=timeout, memory_mb=memory, file_timeout=file_timeout,
                        cache=str(Path(cache_path).resolve()) if cache_path else None,
                        assignment=assignment, claims=dict(claims or {}),
                        contexts=dict(contexts or {}))
    if cache_path:
        from .cache import Cache
        opened = Cache.opened(cache_path)                 # checked once, before any worker
        if opened.note:
            errors.print(f"[yellow]{escape(opened.note)}[/yellow]", highlight=False)
    progress, on_start, on_result = _progress()
    try:
        with progress or _Nothing():
            summary = run_batch(files, out, opts, jobs=jobs, resume=resume, scheduler=scheduler,
                                on_result=on_result, on_start=on_start)
    except BatchError as exc:
        return fail(str(exc))
    print_summary(summary, out, console)
    if summary.failed:
        return 3
    if summary.verdicts.get("invalid"):
        return 1
    return 2 if summary.files and summary.empty == summary.files else 0


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _progress():
    """A rich progress bar on stderr when it is a terminal; callbacks that feed it."""
    if not sys.stderr.isatty():
        return None, None, None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True))
    task = progress.add_task("checking", total=None)

    def on_start(total, done):
        progress.update(task, total=total, completed=done)

    def on_result(obj):
        progress.advance(task)
    return progress, on_start, on_result


def print_summary(summary, out, console: Console) -> None:
    """Lines that the terminal may wrap but rich never breaks (piped output stays one line
    each, whatever the length of the results path)."""
    data = summary.to_json()
    verdicts = " ".join(f"{k}: {v}" for k, v in data["verdicts"].items())
    console.print(f"{data['files']} files in {out} ({data['checked']} checked now, "
                  f"{data['errors']} with errors) — steps {verdicts}", highlight=False,
                  soft_wrap=True)
    if data["grades"]:
        console.print("grades " + " ".join(f"{k}: {v}" for k, v in sorted(data["grades"].items())),
                      highlight=False, soft_wrap=True)
    hits, misses = data["cache"]["hits"], data["cache"]["misses"]
    cached = f"; cache {hits} hits / {hits + misses} look-ups" if hits + misses else ""
    console.print(f"{data['checked']} files in {data['seconds']:.1f} s = "
                  f"{data['files_per_second']:.2f} files/s{cached}", highlight=False,
                  soft_wrap=True)
    console.print("summary " + json.dumps(data), highlight=False, soft_wrap=True)
