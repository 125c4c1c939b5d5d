"""The `derive` command: a thin layer over the Python API."""
from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from . import __version__
from .claim import HOLDS
from .prover import PROVED, REFUTED, prove_many
from .prover.loop import point_text
from .sandbox import Timeout, deadline

# Exit statuses (SPEC §3): what a script that runs derive may rely on.
EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE, EXIT_FAILED = 0, 1, 2, 3
PIPED_WIDTH = 160       # tables written to a pipe or a file: wide, and folded, never cut


class _Option(TyperOption):
    """An option whose help shows its metavar (SECONDS), a flag nothing: no `<bool>`."""

    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag:
            return None
        return self.metavar or self.bare_type().upper()


class _Argument(TyperArgument):
    """An argument shown by its name (FILE...), not by its type (`<list[Path]>`)."""

    def display_type_rich(self, ctx) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"


def _plain(params: list) -> list:
    for param in params:
        if isinstance(param, TyperOption):
            param.__class__ = _Option
        elif isinstance(param, TyperArgument):
            param.__class__ = _Argument
    return params


class _Command(TyperCommand):
    """A command whose --help lists options as people read them."""

    def get_params(self, ctx) -> list:
        return _plain(super().get_params(ctx))


class _Group(TyperGroup):
    """The `derive` group, its --help as plain as its commands'."""

    def get_params(self, ctx) -> list:
        return _plain(super().get_params(ctx))


def _version(show: bool) -> None:
    if show:
        print(f"derive {__version__}")
        raise typer.Exit(EXIT_OK)


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Prove, check and export the mathematics of neural networks.")


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="print the version and exit")):
    """Prove, check and export the mathematics of neural networks."""


def _stdout_console() -> Console:
    """stdout: a terminal's own width; piped, a wide page whose tables fold long cells."""
    piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return Console(width=PIPED_WIDTH if piped else None)


console = _stdout_console()
errors = Console(stderr=True, soft_wrap=True)   # messages, errors: never in --json output
STATUS_STYLE = {PROVED: "green", REFUTED: "red", "unknown": "yellow"}


def _catalogue() -> dict:
    from lemmas import catalogue
    return catalogue()


def _select(ids: list[str] | None) -> list:
    cat = _catalogue()
    if not ids:
        return list(cat.values())
    missing = [i for i in ids if i not in cat]
    if missing:
        errors.print(f"[red]unknown claim id(s): {escape(', '.join(missing))}[/red] "
                     "(see `derive list`)")
        raise typer.Exit(EXIT_UNUSABLE)
    return [cat[i] for i in ids]


@app.command("list", cls=_Command)
def list_claims():
    """List the catalogue: ids, titles, sources."""
    table = Table("id", "title", "source", "expect")
    for c in _catalogue().values():
        table.add_row(c.id, c.title, str(c.source), "holds" if c.expect == HOLDS else "slip")
    console.print(table)


def run_proofs(claims: list, jobs: int, budget: float, progress: bool = True) -> list:
    """Prove claims on worker processes, in catalogue order."""
    order = {c.id: n for n, c in enumerate(claims)}
    proofs = []
    if progress and sys.stderr.isatty():
        from rich.progress import track
        stream = track(prove_many(claims, jobs=jobs, budget=budget), total=len(claims),
                       description="proving", console=Console(stderr=True))
    else:
        stream = prove_many(claims, jobs=jobs, budget=budget)
    for proof in stream:
        proofs.append(proof)
    return sorted(proofs, key=lambda p: order[p.claim_id])


@app.command(cls=_Command)
def prove(ids: Optional[List[str]] = typer.Argument(None, help="claim ids (default: all)"),
          as_json: bool = typer.Option(False, "--json", help="write JSON to stdout"),
          jobs: int = typer.Option(0, "--jobs", "-j", help="worker processes (0: one per core)"),
          budget: float = typer.Option(60.0, "--budget", help="seconds per claim")):
    """Prove claims; exit 1 if a true claim is not proved or a slip is not refuted."""
    proofs = run_proofs(_select(ids), jobs, budget)
    if as_json:
        json.dump([p.to_json() for p in proofs], sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        table = Table("id", "status", "method", "scope", "seconds")
        for p in proofs:
            style = STATUS_STYLE.get(p.status, "")
            mark = "" if p.as_expected else " [bold red]✗[/bold red]"
            table.add_row(p.claim_id, f"[{style}]{p.status}[/{style}]{mark}", p.method,
                          p.scope, f"{p.seconds:.2f}")
        console.print(table)
    bad = [p for p in proofs if not p.as_expected]
    for p in bad:
        why = p.alarm or p.error or f"expected {'proved' if p.expect == HOLDS else 'refuted'}"
        console.print(f"[red]{p.claim_id}: {p.status} ({why})[/red]", highlight=False)
    raise typer.Exit(1 if bad else 0)


def _split_define(text: str) -> tuple[str, str]:
    """'a_j=\\frac{…}' → ('a_j', '\\frac{…}'): split at the first top-level '='."""
    depth = 0
    for pos, ch in enumerate(text):
        depth += ch in "({[" and 1 or ch in ")}]" and -1 or 0
        if ch == "=" and depth == 0:
            return text[:pos].strip(), text[pos + 1:].strip()
    raise typer.BadParameter(f"--define {text!r}: expected NAME=DEFINITION")


@app.command(cls=_Command)
def check(files: List[Path] = typer.Argument(..., metavar="FILE",
                                             help="Markdown or LaTeX files (with --out: "
                                                  "also folders and glob patterns)"),
          as_json: bool = typer.Option(False, "--json", help="write SPEC §3 JSON to stdout"),
          context: Optional[List[str]] = typer.Option(None, "--context", metavar="NAME",
                                                      help="a named context (softmax, …)"),
          define: Optional[List[str]] = typer.Option(None, "--define", metavar="NAME=LATEX",
                                                     help="a definition"),
          assume: Optional[List[str]] = typer.Option(None, "--assume", metavar="LATEX",
                                                     help="a hypothesis"),
          timeout: float = typer.Option(5.0, "--timeout", metavar="SECONDS",
                                        help="time limit per step"),
          memory: int = typer.Option(2048, "--memory", metavar="MIB",
                                     help="memory limit per step"),
          html: Optional[Path] = typer.Option(None, "--html", metavar="FILE",
                                              help="also write a homework report (HTML)"),
          out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE",
                                             help="batch mode: append one JSON line per file"),
          jobs: int = typer.Option(1, "--jobs", "-j", metavar="N",
                                   help="batch worker processes (0: one per core)"),
          resume: bool = typer.Option(False, "--resume", help="skip files already in --out"),
          scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="URL",
                                                  help="Dask scheduler tcp://HOST:PORT"),
          assignment: Optional[str] = typer.Option(None, "--assignment", metavar="ID",
                                                   help="grade against a catalogue claim id"),
          cache: Optional[Path] = typer.Option(None, "--cache", metavar="FILE",
                                               help="SQLite verdict cache (batch default: "
                                                    "next to --out)"),
          no_cache: bool = typer.Option(False, "--no-cache", help="decide every step afresh"),
          file_timeout: float = typer.Option(600.0, "--file-timeout", metavar="SECONDS",
                                             help="time limit per file (CPU seconds)"),
          oversubscribe: bool = typer.Option(False, "--oversubscribe",
                                             help="allow --jobs above the number of cores")):
    """Check every step of derivations.

    Exit 0 if no step is invalid, 1 if one is, 2 for unusable input (no such file, bad
    options, nothing checkable), 3 if a file could not be checked.

    With --out: a batch over files, folders (every *.md, *.tex) and glob patterns."""
    from .check import InputError, base_scope, check_file_bounded, summary
    if not (0 < timeout <= 3600):                     # also rejects nan and inf
        _unusable(f"--timeout must be between 0 and 3600 seconds, not {timeout}")
    if not (256 <= memory <= 1 << 20):
        _unusable(f"--memory must be at least 256 MiB, not {memory}")
    if not (0 < file_timeout <= 86400):
        _unusable(f"--file-timeout must be between 0 and 86400 seconds, not {file_timeout}")
    defines = [_split_define(d) for d in define or []]
    try:        # options that cannot be used are unusable input, before any file is read
        with deadline(timeout):
            base_scope(",".join(context or []) or None, defines, list(assume or []))
    except InputError as exc:
        _unusable(str(exc))
    except Timeout:
        _unusable(f"--define/--assume: reading them took longer than {timeout:g} s")
    if out is not None or resume or scheduler or assignment or jobs != 1:
        if html is not None:
            _unusable("--html writes the report of single files; a batch writes --out "
                      "(JSON lines)")
        from .batch.cli import check_batch
        from .check import named_contexts
        with _stopped_by_signals(f"the files checked so far are in {out}; --resume goes on"):
            status = check_batch(
                claims=_catalogue() if assignment else {}, contexts=named_contexts(),
                args=files, out=out, jobs=jobs, resume=resume, scheduler=scheduler,
                assignment=assignment,
                cache=None if no_cache else cache, use_cache=not no_cache,
                context=",".join(context or []) or None, define=defines,
                assume=list(assume or []), timeout=timeout, memory=memory,
                file_timeout=file_timeout, console=console, errors=errors,
                oversubscribe=oversubscribe)
        raise typer.Exit(status)
    for f in files:
        if not f.is_file():
            _unusable(f"no such file: {f}")
    if html is not None and html.is_dir():
        _unusable(f"--html {html}: is a folder; give the report's file name")
    results = []
    with _stopped_by_signals("nothing is reported"):
        for f in files:
            results.append(_check_single(f, check_file_bounded, file_timeout, context, defines,
                                         assume, timeout, memory))
    failed = any(r.failed for r in results)
    counts = summary(results)
    if html is not None:
        from .report import write_homework
        written = write_homework(results, html, counts)
        (errors if as_json else console).print(f"wrote {escape(str(written))}",
                                               highlight=False)
    if as_json:
        json.dump({"files": [r.to_json() for r in results], "summary": counts},
                  sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_check(results, counts)
    unusable = [r for r in results if nothing_checkable(r)]
    for r in unusable:
        errors.print(f"{escape(r.file)}: {nothing_checkable(r)}", highlight=False)
    if failed:
        raise typer.Exit(EXIT_FAILED)
    if counts["invalid"]:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_UNUSABLE if results and len(unusable) == len(results) else EXIT_OK)


def _check_single(f, check_file_bounded, file_timeout, context, defines, assume, timeout,
                  memory):
    """One file of a single-file check, in its bounded worker (the reason on stderr when
    it could not be checked)."""
    result = check_file_bounded(f, file_timeout=file_timeout,
                                context=",".join(context or []) or None, define=defines,
                                assume=list(assume or []), timeout=timeout, memory_mb=memory)
    if result.failed:                 # an internal error: this file, not the others
        errors.print(f"[red]{escape(str(f))}: could not be checked: "
                     f"{escape('; '.join(result.errors))}[/red]")
    return result


class Stopped(BaseException):
    """SIGTERM or SIGINT: raised where the program is, so that every `finally` on the way
    out ends the workers it started (not an Exception: nothing may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stopped_by_signals(what_remains: str):
    """Turn SIGTERM/SIGINT into `Stopped` inside the block; on the way out, say so and
    exit 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as shells do."""
    def stop(signum, frame):
        raise Stopped(signum)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    except Stopped as exc:
        errors.print(f"[red]stopped by {signal.Signals(exc.signum).name}: "
                     f"{escape(what_remains)}[/red]", highlight=False)
        raise typer.Exit(128 + exc.signum)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _unusable(message: str):
    """Unusable input: the message on stderr, exit 2."""
    errors.print(f"[red]{escape(message)}[/red]", highlight=False)
    raise typer.Exit(EXIT_UNUSABLE)


def nothing_checkable(result) -> str:
    """Why a checked file has no step to judge ("" when it has one)."""
    steps = result.steps()
    if any(s.verdict != "unparsed" for s in steps):
        return ""
    if not result.derivations:
        return ("no display math found: derivations are read from $$…$$, \\[…\\] and "
                "align blocks")
    if not steps:
        return "no derivation found: no display block is a chain E0 = E1 = …"
    return "nothing could be read: every block is unparsed (see the table for where)"


CHECK_STYLE = {"valid": "green", "invalid": "red", "unknown": "yellow", "unparsed": "magenta"}


def _print_check(results, counts):
    for r in results:
        table = Table("block", "line", "step", "verdict", "written", "why",
                      title=escape(r.file), show_lines=False)
        for column in table.columns:
            column.overflow = "fold"          # long formulas wrap, never cut with "…"
        for b in r.derivations:
            for s in b.steps:
                style = CHECK_STYLE[s.verdict]
                why = escape(s.reason)
                if s.counterexample:
                    why += escape(f" at {point_text(s.counterexample)}")
                rel = {"<=": "≤", ">=": "≥"}.get(s.relation, s.relation)
                written = escape(f"{s.lhs} {rel} {s.rhs}" if s.rhs else s.lhs)
                if s.diagnosis:          # the most likely repair beside the wrong step
                    first = s.diagnosis[0]
                    written += f"\n[green]→ {escape(first['corrected'])}[/green]"
                    why = f"{escape(first['description'])}; {why}"
                table.add_row(str(b.block), str(b.line), str(s.step),
                              f"[{style}]{s.verdict}[/{style}]", written, why)
        for e in r.errors:
            errors.print(f"[red]{escape(r.file)}: {escape(e)}[/red]")
        if table.row_count:
            console.print(table)
    console.print(" ".join(f"{k}: {v}" for k, v in counts.items()))


@app.command(cls=_Command)
def export(ids: Optional[List[str]] = typer.Argument(None, help="kernel names or claim ids"),
           out: Path = typer.Option(Path("kernels.py"), "--out", "-o", help="module to write"),
           check_file: Optional[Path] = typer.Option(None, "--check",
                                                     help="re-verify an exported module"),
           backend: str = typer.Option("numpy", "--backend",
                                       help="numpy, or numba for fused compiled loops"),
           jobs: int = typer.Option(0, "--jobs", "-j")):
    """Export proven formulas as a standalone NumPy module, or re-verify one (--check)."""
    from lemmas import kernel_specs

    from .kernels import export as exporter
    from .kernels.verify import verify_module
    if check_file is not None:
        if not check_file.is_file():
            errors.print(f"[red]no such file: {check_file}[/red]")
            raise typer.Exit(EXIT_UNUSABLE)
        reports = verify_module(exporter.load(check_file), kernel_specs())
        table = Table("function", "dtype", "points", "worst relative error", "problems")
        for r in reports:
            worst = ", ".join(f"{k} {v:.1e}" for k, v in r.max_rel_error.items())
            said = f"not checked: {r.skipped}" if r.skipped else "; ".join(r.problems) or "—"
            table.add_row(r.name, r.dtype, str(r.points), worst, escape(said))
        console.print(table)
        names = list(dict.fromkeys(r.name for r in reports))
        unchecked = list(dict.fromkeys(r.name for r in reports if r.skipped))
        console.print(f"checked {len(names) - len(unchecked)} of {len(names)} functions"
                      + (f"; not checked: {', '.join(unchecked)}" if unchecked else ""))
        raise typer.Exit(EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID)
    if backend not in ("numpy", "numba"):
        errors.print(f"[red]unknown backend {backend!r} (numpy or numba)[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    try:
        done = exporter.export(out, kernel_specs(), _catalogue(), ids, jobs, backend)
    except KeyError as exc:
        errors.print(f"[red]unknown kernel or claim: {exc}[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    for name, st in done.status.items():
        left_out = done.left_out.get(name) if st == PROVED else None
        console.print(escape(f"{name}: {st}" + (f", not written: {left_out}" if left_out else "")))
    console.print(f"wrote {out} ({len(done.functions)} functions)")
    raise typer.Exit(EXIT_OK if all(st == PROVED for st in done.status.values())
                     else EXIT_INVALID)


@app.command(cls=_Command)
def report(out: Path = typer.Option(Path("reports"), "--out", "-o", help="output folder"),
           jobs: int = typer.Option(0, "--jobs", "-j", metavar="N",
                                    help="worker processes (0: one per core)"),
           budget: float = typer.Option(60.0, "--budget", metavar="SECONDS",
                                        help="time budget per claim"),
           timings: bool = typer.Option(False, "--timings",
                                        help="show proof times (the report is then not "
                                             "reproducible byte for byte)")):
    """Prove the catalogue and write the reports: HTML, LaTeX (PDF with pdflatex), JSON,
    the exported kernels and the figures."""
    from lemmas import figure_data, kernel_specs

    from .report import write_reports
    from .report.pdf import LatexError
    claims = _select(None)
    proofs = run_proofs(claims, jobs, budget)
    try:
        written = write_reports(claims, proofs, out, kernel_specs(), figure_data(), jobs=jobs,
                                timings=timings)
    except LatexError as exc:
        errors.print(f"[red]pdflatex failed on {out / 'lemmas.tex'}:[/red]\n{escape(str(exc))}")
        raise typer.Exit(1)
    for path in written.paths:
        console.print(f"wrote {path}")
    for name, why in written.skipped.items():
        errors.print(f"skipped {out / name}: {why}")
    bad = [p for p in proofs if not p.as_expected]
    raise typer.Exit(1 if bad else 0)


def main():
    """The `derive` command. An error of derive itself exits 3 (SPEC §3), never 1, which
    means "a step is invalid"."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:           # a bug: say so plainly, with the status that says it
        errors.print(f"[red]internal error: {escape(type(exc).__name__)}: "
                     f"{escape(str(exc)[:300])}[/red]", highlight=False)
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
