"""The `derive` command: a thin layer over the Python API."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .claim import HOLDS
from .prover import PROVED, REFUTED, prove_many

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Prove, check and export the mathematics of neural networks.")
console = Console()
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
        console.print(f"[red]unknown claim id(s): {', '.join(missing)}[/red] "
                      "(see `derive list`)")
        raise typer.Exit(2)
    return [cat[i] for i in ids]


@app.command("list")
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


@app.command()
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


@app.command()
def check(files: List[Path] = typer.Argument(..., help="Markdown or LaTeX files"),
          as_json: bool = typer.Option(False, "--json", help="write SPEC §3 JSON to stdout"),
          context: Optional[List[str]] = typer.Option(None, "--context", help="named context"),
          define: Optional[List[str]] = typer.Option(None, "--define", help="NAME=LaTeX"),
          assume: Optional[List[str]] = typer.Option(None, "--assume", help="a hypothesis"),
          timeout: float = typer.Option(5.0, "--timeout", help="seconds per step"),
          memory: int = typer.Option(2048, "--memory", help="MiB per step"),
          html: Optional[Path] = typer.Option(None, "--html",
                                              help="also write a homework report (HTML)"),
          out: Optional[Path] = typer.Option(None, "--out", "-o",
                                             help="batch mode: append one JSON line per file"),
          jobs: int = typer.Option(1, "--jobs", "-j", help="batch worker processes (0: one per core)"),
          resume: bool = typer.Option(False, "--resume", help="skip files already in --out"),
          scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                  help="Dask scheduler tcp://HOST:PORT"),
          assignment: Optional[str] = typer.Option(None, "--assignment",
                                                   help="grade against a catalogue claim id"),
          cache: Optional[Path] = typer.Option(None, "--cache",
                                               help="SQLite verdict cache (batch default: next to --out)"),
          no_cache: bool = typer.Option(False, "--no-cache", help="decide every step afresh"),
          file_timeout: float = typer.Option(600.0, "--file-timeout",
                                             help="batch: seconds per file")):
    """Check every step of derivations; exit 1 if a step is invalid, 2 for unusable input.

    With --out: a batch over files, folders (every *.md, *.tex) and glob patterns."""
    from .check import InputError, base_scope, check_file, summary
    if not (0 < timeout <= 3600):                     # also rejects nan and inf
        console.print(f"[red]--timeout must be between 0 and 3600 seconds, not {timeout}[/red]")
        raise typer.Exit(2)
    if not (256 <= memory <= 1 << 20):
        console.print(f"[red]--memory must be at least 256 MiB, not {memory}[/red]")
        raise typer.Exit(2)
    defines = [_split_define(d) for d in define or []]
    try:        # options that cannot be used are unusable input, before any file is read
        base_scope(",".join(context or []) or None, defines, list(assume or []))
    except InputError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    if out is not None or resume or scheduler or assignment or jobs != 1:
        if html is not None:
            console.print("[red]--html writes the report of single files; a batch writes "
                          "--out (JSON lines)[/red]")
            raise typer.Exit(2)
        from .batch.cli import check_batch
        raise typer.Exit(check_batch(
            files, out, jobs=jobs, resume=resume, scheduler=scheduler, assignment=assignment,
            cache=None if no_cache else cache, use_cache=not no_cache,
            context=",".join(context or []) or None, define=defines, assume=list(assume or []),
            timeout=timeout, memory=memory, file_timeout=file_timeout, console=console))
    for f in files:
        if not f.is_file():
            console.print(f"[red]no such file: {f}[/red]")
            raise typer.Exit(2)
    results = [check_file(f, context=",".join(context or []) or None, define=defines,
                          assume=list(assume or []), timeout=timeout, memory_mb=memory)
               for f in files]
    counts = summary(results)
    if html is not None:
        from .report import write_homework
        write_homework(results, html, counts)
    if as_json:
        json.dump({"files": [r.to_json() for r in results], "summary": counts},
                  sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_check(results, counts)
    raise typer.Exit(1 if counts["invalid"] else 0)


CHECK_STYLE = {"valid": "green", "invalid": "red", "unknown": "yellow", "unparsed": "magenta"}


def _print_check(results, counts):
    for r in results:
        table = Table("block", "line", "step", "verdict", "step", "why", title=r.file,
                      show_lines=False)
        for b in r.derivations:
            for s in b.steps:
                style = CHECK_STYLE[s.verdict]
                why = s.reason
                if s.counterexample:
                    why += f" at {s.counterexample}"
                rel = {"<=": "≤", ">=": "≥"}.get(s.relation, s.relation)
                written = f"{s.lhs} {rel} {s.rhs}" if s.rhs else s.lhs
                if s.diagnosis:          # the most likely repair beside the wrong step
                    first = s.diagnosis[0]
                    written += f"\n[green]→ {escape(first['corrected'])}[/green]"
                    why = f"{escape(first['description'])}; {why}"
                table.add_row(str(b.block), str(b.line), str(s.step),
                              f"[{style}]{s.verdict}[/{style}]", written, why)
        for e in r.errors:
            console.print(f"[red]{r.file}: {e}[/red]")
        console.print(table)
    console.print(" ".join(f"{k}: {v}" for k, v in counts.items()))


@app.command()
def export(ids: Optional[List[str]] = typer.Argument(None, help="kernel names or claim ids"),
           out: Path = typer.Option(Path("kernels.py"), "--out", "-o", help="module to write"),
           check_file: Optional[Path] = typer.Option(None, "--check",
                                                     help="re-verify an exported module"),
           backend: str = typer.Option("numpy", "--backend",
                                       help="numpy, or numba for fused compiled loops"),
           jobs: int = typer.Option(0, "--jobs", "-j")):
    """Export proven formulas as a standalone NumPy module, or re-verify one (--check)."""
    from .kernels import export as exporter
    from .kernels.verify import verify_module
    if check_file is not None:
        if not check_file.is_file():
            console.print(f"[red]no such file: {check_file}[/red]")
            raise typer.Exit(2)
        reports = verify_module(exporter.load(check_file))
        table = Table("kernel", "dtype", "points", "worst relative error", "problems")
        for r in reports:
            errors = ", ".join(f"{k} {v:.1e}" for k, v in r.max_rel_error.items())
            table.add_row(r.name, r.dtype, str(r.points), errors, "; ".join(r.problems) or "—")
        console.print(table)
        raise typer.Exit(0 if all(r.ok for r in reports) else 1)
    if backend not in ("numpy", "numba"):
        console.print(f"[red]unknown backend {backend!r} (numpy or numba)[/red]")
        raise typer.Exit(2)
    try:
        proved, status = exporter.export(out, ids, jobs, backend)
    except KeyError as exc:
        console.print(f"[red]unknown kernel or claim: {exc}[/red]")
        raise typer.Exit(2)
    for name, st in status.items():
        console.print(f"{name}: {st}")
    console.print(f"wrote {out} ({len(proved)} kernels)")
    raise typer.Exit(0 if all(st == "proved" for st in status.values()) else 1)


@app.command()
def report(out: Path = typer.Option(Path("reports"), "--out", "-o", help="output folder"),
           jobs: int = typer.Option(0, "--jobs", "-j"),
           budget: float = typer.Option(60.0, "--budget"),
           timings: bool = typer.Option(False, "--timings",
                                        help="show proof times (the report is then not "
                                             "reproducible byte for byte)")):
    """Prove the catalogue and write the reports: HTML, LaTeX (PDF with pdflatex), JSON,
    the exported kernels and the figures."""
    from .report import write_reports
    from .report.pdf import LatexError
    claims = _select(None)
    proofs = run_proofs(claims, jobs, budget)
    try:
        written = write_reports(claims, proofs, out, jobs=jobs, timings=timings)
    except LatexError as exc:
        console.print(f"[red]pdflatex failed on {out / 'lemmas.tex'}:[/red]\n{exc}")
        raise typer.Exit(1)
    for path in written:
        console.print(f"wrote {path}")
    bad = [p for p in proofs if not p.as_expected]
    raise typer.Exit(1 if bad else 0)


def main():
    app()


if __name__ == "__main__":
    main()
