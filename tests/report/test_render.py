"""Math for the reports: LaTeX → MathML, and nothing of hostile input gets through."""
import pytest

from derive import prove
from derive.report.mathml import mathml
from derive.report.render import prose, tex_escape
from lemmas import catalogue


def test_formulas_become_mathml():
    out = mathml(r"\frac{\partial C}{\partial z_i} = a_i - y_i", display=True)
    assert out.startswith("<math") and 'display="block"' in out and "<mfrac>" in out


@pytest.mark.parametrize("latex", [
    r"\text{<script>alert(1)</script>}",
    r"x \text{</math><img src=x onerror=alert(1)>}",
    r"\frac{",
    "x" * 50_000,
])
def test_hostile_latex_is_shown_escaped(latex):
    out = str(mathml(latex))
    assert "<script" not in out and "<img" not in out
    assert out.startswith('<code class="tex">') or out.startswith("<math")


def test_prose_typesets_formulas_and_escapes_text():
    out = str(prose("the sign of $-y_j$ is lost <b>"))
    assert "<math" in out and "&lt;b&gt;" in out


def test_tex_escape_makes_text_safe_for_pdflatex():
    assert tex_escape("a_1 & 50% {σ} − x") == r"a\_1 \& 50\% \{$\sigma$\} - x"


def test_proofs_render_themselves_in_jupyter():
    proof = prove(catalogue()["softmax.normalized"])
    html, latex = proof._repr_html_(), proof._repr_latex_()
    assert "softmax.normalized" in html and "<math" in html and "proved" in html
    assert latex.startswith("$$") and r"\sum_{j=1}^{n}" in latex
