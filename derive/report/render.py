"""The Jinja2 environments: one folder of templates, one set of filters.

HTML templates autoescape and print math with the `math` filter (MathML); LaTeX
templates use ((* *)) / ((( ))) delimiters, so that braces stay TeX's, and escape text
with `esc`. The same claim/proof/step objects feed both.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .mathml import mathml

TEX_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
                "\\": r"\textbackslash{}"}
# text in the LaTeX report is pdflatex's T1 text: symbols the prover's wording uses
TEX_UNICODE = {"−": "-", "≤": r"$\le$", "≥": r"$\ge$", "≠": r"$\neq$", "→": r"$\to$",
               "σ": r"$\sigma$", "δ": r"$\delta$", "Σ": r"$\Sigma$", "η": r"$\eta$",
               "∂": r"$\partial$", "…": r"\ldots{}", "≈": r"$\approx$", "×": r"$\times$",
               "⊙": r"$\odot$", "ᵀ": r"$^T$", "‖": r"$\|$", "—": "---", "–": "--",
               "’": "'", "·": r"$\cdot$", "λ": r"$\lambda$", "α": r"$\alpha$",
               "₁": r"$_1$", "₂": r"$_2$", "²": r"$^2$", "⟨": r"$\langle$", "⟩": r"$\rangle$",
               "∞": r"$\infty$", "±": r"$\pm$", "∈": r"$\in$", "ℝ": r"$\mathbb{R}$"}


def tex_escape(text) -> str:
    """Plain text (titles, reasons, code) safe inside a LaTeX document."""
    return "".join(TEX_SPECIALS.get(ch) or TEX_UNICODE.get(ch)
                   or (ch if ord(ch) < 128 or ch.isalpha() else "?") for ch in str(text))


CODE_ASCII = {"−": "-", "σ": "sigma", "Σ": "sum", "∂": "d", "ᵀ": "^T", "…": "...",
              "≠": "!=", "×": "x", "⊙": "*", "⟨": "<", "⟩": ">", "≤": "<=", "≥": ">=",
              "—": "--", "–": "-", "δ": "delta", "·": "*", "’": "'", "ln": "ln",
              "≈": "~", "→": "->", "‖": "||", "λ": "lambda", "α": "alpha", "²": "^2"}


def ascii_code(text) -> str:
    """Source code for a verbatim block of pdflatex, which reads ASCII only."""
    return "".join(CODE_ASCII.get(ch) or (ch if ord(ch) < 128 else "?") for ch in str(text))


LONGEST = 2500        # longer formulas (a whole network's gradient) are not typeset


def shown(latex: str) -> str:
    """The formula, or a note in its place when it is too long to read (or to typeset:
    TeX's boxes end at 5.7 m)."""
    if len(latex) <= LONGEST:
        return latex
    return rf"\text{{(a formula of {len(latex):,} characters: see proofs.json)}}"


def prose(text) -> Markup:
    """Text with $…$ formulas in it (the diagnosis' descriptions), the formulas typeset."""
    pieces = str(text).split("$")
    if len(pieces) % 2 == 0:                 # an unpaired $: all of it is text
        return escape(text)
    return Markup("").join(mathml(p) if n % 2 else escape(p) for n, p in enumerate(pieces))


def values(mapping) -> str:
    """A counterexample {name: value} as readable text."""
    return ", ".join(f"{k} = {_number(v)}" for k, v in (mapping or {}).items())


def _number(v) -> str:
    return f"{v:.6g}" if isinstance(v, float) else str(v)


@lru_cache(maxsize=None)
def html_env() -> Environment:
    env = Environment(loader=PackageLoader("derive.report"), autoescape=select_autoescape(
        enabled_extensions=("html", "html.j2")), trim_blocks=True, lstrip_blocks=True)
    env.filters["math"] = lambda tex: mathml(shown(tex), display=False)
    env.filters["display"] = lambda tex: mathml(shown(tex), display=True)
    env.filters["values"] = values
    env.filters["values_one"] = _number
    env.filters["prose"] = prose
    env.filters["safe_svg"] = Markup        # our own figures, never input text
    return env


@lru_cache(maxsize=None)
def tex_env() -> Environment:
    env = Environment(loader=PackageLoader("derive.report"), autoescape=False,
                      block_start_string="((*", block_end_string="*))",
                      variable_start_string="(((", variable_end_string=")))",
                      comment_start_string="((#", comment_end_string="#))",
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["esc"] = tex_escape
    env.filters["ascii"] = ascii_code
    env.filters["shown"] = shown
    env.filters["values"] = lambda m: tex_escape(values(m))
    return env
