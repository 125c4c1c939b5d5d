"""LaTeX → MathML for the HTML reports: math that needs no script, font or network.

Why latex2mathml on SymPy's LaTeX: browsers lay out MathML Core themselves (Chromium,
Firefox, Safari), so the page reads offline, without JavaScript, and prints. SymPy's own
MathML printer spells σ as "sigma" and δ_jk as "kroneckerdelta(j,k)"; KaTeX looks best
but needs Node at build time and ships fonts. latex2mathml is pure Python and converts
every formula of the catalogue.

Homework LaTeX is hostile, and latex2mathml copies `\\text{…}` into the output
unescaped, so its output is parsed again and kept only when every element and attribute
is plain MathML; anything else is shown as escaped source instead.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from latex2mathml.converter import convert
from markupsafe import Markup, escape

from ..sandbox import Timeout, deadline

NS = "http://www.w3.org/1998/Math/MathML"
TAGS = frozenset("""math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot
    mstyle merror mpadded mphantom munder mover munderover mtable mtr mtd mlabeledtr
    mmultiscripts mprescripts none menclose mfenced semantics annotation""".split())
ATTRIBUTES = frozenset("""display mathvariant stretchy fence separator lspace rspace form
    accent accentunder movablelimits displaystyle scriptlevel columnalign rowalign
    rowspacing columnspacing columnlines rowlines frame width height depth linethickness
    minsize maxsize symmetric largeop notation open close separators align equalrows
    equalcolumns encoding""".split())
MAX_LENGTH = 20_000          # longer formulas are shown as source


def mathml(latex: str, display: bool = False) -> Markup:
    """The formula as MathML, or as escaped LaTeX source when it cannot be converted."""
    latex = (latex or "").strip()
    if not latex:
        return Markup("")
    converted = _convert(latex, display)
    if converted is None:
        return Markup('<code class="tex">') + escape(latex) + Markup("</code>")
    return Markup(converted)


def _convert(latex: str, display: bool) -> str | None:
    if len(latex) > MAX_LENGTH:
        return None
    try:
        with deadline(2.0):
            raw = convert(latex, display="block" if display else "inline")
            root = ET.fromstring(raw)
    except (Timeout, Exception):        # a formula it cannot read is shown as source
        return None
    if not all(_allowed(e) for e in root.iter()):
        return None
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


def _allowed(element) -> bool:
    ns, _, tag = element.tag.rpartition("}")
    return ns == "{" + NS and tag in TAGS and all(a in ATTRIBUTES for a in element.attrib)
