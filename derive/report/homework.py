"""The homework report: every step of every derivation marked, the reason beside it.

A wrong step shows its counterexample (and the two sides' values there) and, where the
diagnosis found one, the corrected expression beside the wrong one; a valid step shows
the hypotheses it used. The student's LaTeX is hostile input: it reaches the page only
through the MathML filter (re-parsed, MathML elements only) or escaped.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from ..check import DIFFERENCE
from .mathml import mathml
from .render import html_env

RELATION_TEX = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "!=": r"\neq",
                "in": r"\in"}


def reason_html(reason: str) -> Markup:
    """A step's reason, its trailing difference (LaTeX) typeset."""
    text, sep, latex = reason.partition(DIFFERENCE)
    if not sep:
        return escape(reason)
    return escape(text + "the sides differ: lhs − rhs =") + mathml(latex, display=True)


def write_homework(results, out: Path, counts: dict) -> Path:
    """Write the homework report of checked files (check.FileResult) to out."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = html_env().get_template("homework.html.j2").render(
        files=results, counts=counts, relation=RELATION_TEX, reason=reason_html)
    out.write_text(html, encoding="utf-8")
    return out
