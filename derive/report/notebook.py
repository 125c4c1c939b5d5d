"""Proofs that show themselves in Jupyter: the report's own templates, one proof at a time.

Importing this module (derive.report imports it) registers the two renderers with the
prover's Proof (derive.prover.result.DISPLAY), which itself imports nothing from here.
"""
from __future__ import annotations

from ..prover.result import DISPLAY
from .render import html_env, tex_env


def proof_html(proof) -> str:
    return html_env().get_template("proof.html.j2").render(p=proof)


def proof_latex(proof) -> str:
    """MathJax-ready LaTeX (Jupyter renders _repr_latex_ as display math)."""
    return tex_env().get_template("proof.tex.j2").render(p=proof)


DISPLAY.update(html=proof_html, latex=proof_latex)
