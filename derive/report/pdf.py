"""Compiling the LaTeX report with pdflatex, when the machine has it.

Up to four runs (until the references settle), in batch mode, bounded in time; the PDF carries no date or
random ID (SOURCE_DATE_EPOCH and the pdfTeX primitives set in the template), so the
same report compiles to the same bytes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class LatexError(RuntimeError):
    """pdflatex failed; the message holds the end of its log."""


def has_pdflatex() -> bool:
    return shutil.which("pdflatex") is not None


def compile_pdf(tex: Path, runs: int = 4, timeout: float = 120.0) -> Path | None:
    """tex → PDF beside it; None when pdflatex is not installed."""
    if not has_pdflatex():
        return None
    tex = Path(tex).resolve()
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    for _ in range(runs):
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
             tex.name], cwd=tex.parent, env=env, capture_output=True, timeout=timeout)
        if done.returncode != 0:
            raise LatexError(done.stdout.decode("utf-8", "replace")[-3000:])
        if b"Rerun to get" not in done.stdout:          # references have settled
            break
    for suffix in (".aux", ".log", ".out", ".toc"):
        tex.with_suffix(suffix).unlink(missing_ok=True)
    return tex.with_suffix(".pdf")
