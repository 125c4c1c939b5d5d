"""Macros: the shorthands of a course, expanded before a formula is read.

Lecture notes define their own commands (`\\newcommand{\\EE}{\\mathbb{E}}`,
`\\DeclareMathOperator{\\softmax}{softmax}`; TeX's own `\\def` is not LaTeX's way and is
left unread; KaTeX's `\\gdef\\par#1#2{…}`, which pages keep their shorthands in, is
read) in a preamble that an exported page may or may
not keep. A document's own definitions are learned wherever they appear (and from front
matter `macros:`); shorthands many courses share without showing their definition
(`\\RR`, `\\EE`, `\\eps`, `\\cond`, `\\norm{x}`) come from a table here. Expansion is plain
text substitution of `#1`…`#9`, bounded in passes and in length: a macro that expands into
itself, or doubles at every pass, ends in a `MacroError`, never a hang.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_PASSES = 8
MAX_GROWTH = 20_000          # characters an expansion may add to a text


class MacroError(ValueError):
    """A macro that does not expand within the bounds (recursive, or exploding)."""


@dataclass(frozen=True)
class Macro:
    args: int
    body: str


# Shorthands that courses use without showing their definitions; each means the same
# wherever it is met. (Standard LaTeX commands are never redefined here, but for layout:
# a box around an answer, a proof's end mark.)
COURSE_MACROS = {
    "RR": Macro(0, r"\mathbb{R}"), "EE": Macro(0, r"\mathbb{E}"), "PP": Macro(0, r"\mathbb{P}"),
    "NN": Macro(0, r"\mathbb{N}"), "ZZ": Macro(0, r"\mathbb{Z}"), "eps": Macro(0, r"\varepsilon"),
    "cond": Macro(0, r"\mid"), "given": Macro(0, r"\mid"), "Tr": Macro(0, r"\operatorname{tr}"),
    "argmax": Macro(0, r"\operatorname*{argmax}"), "argmin": Macro(0, r"\operatorname*{argmin}"),
    "norm": Macro(1, r"\| #1 \|"), "abs": Macro(1, r"\left| #1 \right|"),
    "inner": Macro(2, r"\langle #1, #2 \rangle"), "dx": Macro(0, r"\mathrm{d}"),  # a differential
    # amssymb's slanted relations, as Russian typesetting writes ≥ and ≤
    "geqslant": Macro(0, r"\geq"), "leqslant": Macro(0, r"\leq"),
    # a homework's answer in a box, and the end-of-proof marks: layout around the math
    "boxed": Macro(1, r"#1"), "bbox": Macro(1, r"#1"), "blacksquare": Macro(0, ""), "qed": Macro(0, ""),
    "square": Macro(0, ""), "Box": Macro(0, ""), "checkmark": Macro(0, ""),
    # text-mode bold in math, as notebooks write vectors (`\textbf{w}^{\text{T}} \textbf x`)
    "textbf": Macro(1, r"\mathbf{#1}"),
    # KaTeX's short ∂; the marks a page draws over what it cancels or colours (the math is
    # what is under them), and MathJax's request for the cancel extension
    # (unbraced: `y \cancel{- y h}` is y − yh, as the page shows it, never y·(−yh))
    "part": Macro(0, r"\partial"), "cancel": Macro(1, r" #1 "), "bcancel": Macro(1, r" #1 "),
    "xcancel": Macro(1, r" #1 "), "require": Macro(1, ""), "textcolor": Macro(2, r" #2 "),
    "colorbox": Macro(2, r" #2 "),
    # a script letter as a calligraphic one, the old name of ∇, and a colour defined
    "mathscr": Macro(1, r"\mathcal{#1}"), "bigtriangledown": Macro(0, r"\nabla"),
    "definecolor": Macro(3, ""), "cfrac": Macro(2, r"\frac{#1}{#2}"),
    # the bar of a divergence, D_{KL}(P \parallel Q); braces by name
    "parallel": Macro(0, r"\|"), "lbrace": Macro(0, r"\{"), "rbrace": Macro(0, r"\}"),
}

# the symbols a page may type as Unicode inside math, as the commands TeX spells them
UNICODE_MATH = {"∑": r"\sum ", "∏": r"\prod ", "∂": r"\partial ", "−": "-", "×": r"\times ",
                "·": r"\cdot ", "≠": r"\neq ", "≤": r"\leq ", "≥": r"\geq ", "≈": r"\approx ",
                "∞": r"\infty ", "∇": r"\nabla ", "⊙": r"\odot ", "∈": r"\in "}
# Greek letters typed as themselves (`l(β) = …`), and the full-width punctuation of a page
# written in Chinese (`\frac{dJ}{dZ}，\delta_i`)
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
          "pi rho varsigma sigma tau upsilon phi chi psi omega").split()
UNICODE_MATH.update({chr(0x3B1 + k): f"\\{name} " for k, name in enumerate(_GREEK)
                     if name not in ("omicron", "varsigma")})
UNICODE_MATH.update({"Γ": r"\Gamma ", "Δ": r"\Delta ", "Θ": r"\Theta ", "Λ": r"\Lambda ",
                     "Ξ": r"\Xi ", "Π": r"\Pi ", "Σ": r"\Sigma ", "Φ": r"\Phi ", "Ψ": r"\Psi ",
                     "Ω": r"\Omega ", "ϕ": r"\phi ", "ε": r"\varepsilon ",
                     "，": ", ", "；": "; ", "：": ": ", "（": "(", "）": ")"})
_UNICODE = re.compile("|".join(map(re.escape, UNICODE_MATH)))

_COMMAND = re.compile(r"\\([a-zA-Z]+)(?![a-zA-Z])")
# plain TeX's font switches inside a group, `{\rm sgn}`, `C_{\rm reg}`: the LaTeX command
_FONT_SWITCH = re.compile(r"([_^]\s*)?\{\s*\\(rm|bf|it|sf|tt|cal)(?![a-zA-Z])\s*([^{}\\]*)\}")
def _font_command(m) -> str:
    """`{\\rm sgn}` as `\\mathrm{sgn}`; a script keeps its group: `_{\\mathrm{reg}}`."""
    command = f"\\{_FONTS[m.group(2)]}{{{m.group(3).strip()}}}"
    return f"{m.group(1)}{{{command}}}" if m.group(1) else command


# a blackboard or calligraphic letter or a bold digit written without braces (`\mathbb E_p[…]`,
# `\mathcal N(x \mid \mu, \sigma^2)`, `\mathbf 0`):
# as with them, the spelling the expectation and the vectors of ones and zeros are read in
# (other fonts and accents on one letter are read either way, and keep their spelling)
_UNBRACED = re.compile(r"\\((?:mathbb|mathcal)(?![a-zA-Z])\s*(?=[A-Z0-9])|(?:mathbf|boldsymbol|bm)"
                       r"(?![a-zA-Z])\s*(?=[0-9a-zA-Z]))(.)")
# a transpose spelled upright, `^{\text{T}}`, `^\mathsf{T}`, `^{\rm T}`: the transpose ^T
_WORDED_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*\\(?:text|mathrm|mathsf|textsf|textrm)\s*\{\s*T\s*\}\s*\}"
                               r"|\\(?:text|mathrm|mathsf|textsf|textrm)\s*\{\s*T\s*\}"
                               r"|\{\s*\\(?:rm|sf)\s+T\s*\})")
# a relation with a mark set over it (`\stackrel{*}{=}`, `\overset{(a)}{=}`, `\stackrel{\text
# {def}}{=}`): the relation — a definition where the mark says so
_MARKED_RELATION = re.compile(r"\\(?:stackrel|overset)\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*"
                              r"\{\s*(=|<|>|\\leq?|\\geq?|\\approx|\\equiv)\s*\}")


# `\frac{e^{z_j}}{\sum}`, `(\sum)^2`, `\sum_K` closing a group or set equal to something,
# `\exp(θ_i)\sum_K - …` (a count's capital below, a minus after): the sum sign as the name
# of the sum the page means (Σ_k e^{z_k}), nothing after it to sum — the letter Σ
_AFTER_A_NAME = r"[})\]'$,.;]|\\(?:right|tag|label|q?quad|notag|nonumber)(?![a-zA-Z])|\\\\|$"
SUM_NAME = r"\mathrm{\Sigma}"       # (upright: never a covariance matrix Σ the page names)
_SUM_AS_NAME = re.compile(rf"\\sum(?![a-zA-Z])(?:(_\s*(?:\{{[^{{}}=]*\}}|[a-zA-Z0-9]))"
                          rf"(?=\s*(?:{_AFTER_A_NAME}|=))|(_\s*(?:\{{\s*[A-Z]\s*\}}|[A-Z]))"
                          rf"(?=\s*[-+])|(?=\s*(?:{_AFTER_A_NAME}|[-+=])))")


def _marked_relation(m) -> str:
    mark = re.sub(r"\\[a-zA-Z]+|[{}\s.:]", "", m.group(1)).lower()
    return " := " if m.group(2) == "=" and mark in ("def", "df", "by def") else f" {m.group(2)} "


# MathJax's box with its options (`\bbox[yellow,5px,border:2px solid red]{…}`): the box
_BOX_OPTIONS = re.compile(r"\\bbox\s*\[[^\]\n]*\]")
_FONTS = {"rm": "mathrm", "it": "mathrm", "sf": "mathrm", "tt": "mathrm", "bf": "mathbf",
          "cal": "mathcal"}
_NEWCOMMAND = re.compile(r"\\(?:re)?newcommand\*?\s*(?:\{\s*\\([a-zA-Z]+)\s*\}|\\([a-zA-Z]+))"
                         r"\s*(?:\[(\d)\])?\s*\{")
_DEF = re.compile(r"\\gdef\s*\\([a-zA-Z]+)\s*((?:#\d\s*)*)\{")
_OPERATOR = re.compile(r"\\DeclareMathOperator(\*?)\s*\{\s*\\([a-zA-Z]+)\s*\}\s*\{")


def group_end(text: str, start: int) -> int | None:
    """The index just past the `}` closing the `{` at `start` (None if it never closes)."""
    depth = 0
    pos = start
    while pos < len(text):
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return None


@dataclass
class MacroTable:
    """The macros of one document: the course table, then the document's own."""
    macros: dict = field(default_factory=lambda: dict(COURSE_MACROS))
    # the document writes English, where `50{,}000` groups thousands (in Russian, and where
    # the language is not known, `{,}` is a decimal comma)
    thousands: bool = False

    def learn(self, text: str) -> str:
        """Learn every definition in `text`; the text with the definitions blanked out
        (same length, so positions stay true)."""
        self.thousands = bool(_ENGLISH.search(text)) and not _CYRILLIC.search(text)
        out = text
        for pattern in (_NEWCOMMAND, _OPERATOR, _DEF):
            for m in pattern.finditer(text):
                end = group_end(text, m.end() - 1)
                if end is None:
                    continue
                body = text[m.end():end - 1]
                if pattern is _NEWCOMMAND:
                    name, args = m.group(1) or m.group(2), int(m.group(3) or 0)
                elif pattern is _DEF:
                    # TeX's `\gdef\par#1#2{…}` (KaTeX pages define their shorthands so):
                    # its parameters #1 … #n, undelimited, as \newcommand's
                    name, args = m.group(1), len(re.findall(r"#\d", m.group(2)))
                else:
                    star = "*" if m.group(1) else ""
                    name, args, body = m.group(2), 0, rf"\operatorname{star}{{{body.strip()}}}"
                self.macros[name] = Macro(args, body)
                out = out[:m.start()] + " " * (end - m.start()) + out[end:]
        return out

    def learn_mapping(self, mapping: dict) -> None:
        """Front matter `macros: {"\\\\RR": "\\\\mathbb{R}"}` (no arguments)."""
        for name, body in mapping.items():
            name = str(name).lstrip("\\")
            if re.fullmatch(r"[a-zA-Z]+", name):
                self.macros[name] = Macro(0, str(body))

    def expand(self, text: str) -> str:
        """The text with every known macro expanded (MacroError past the bounds), and
        numbers written with a decimal comma read as with a point."""
        if self.thousands:
            text = _GROUPED.sub(lambda m: m.group(0).replace("{,}", ""), text)
        text = _THIN_GROUPED.sub(lambda m: m.group(0).replace("\\,", ""), text)
        text = decimal_commas(text).replace("✓", "\\checkmark ").replace("✔", "\\checkmark ")
        text = _UNICODE.sub(lambda m: UNICODE_MATH[m.group(0)], text)
        # TeX skips the blanks after a command's name (`\tag {15}`, `\mathbf {w}`), and a
        # page written for Markdown escapes its scripts and stars (`h\_w(x\_i)`)
        text = _SPACED_ARGUMENT.sub(r"\1{", text).replace("\\_", "_").replace("\\*", "*")
        text = _uncoloured(text) if "\\color" in text else text
        text = _BOX_OPTIONS.sub(r"\\bbox", text)
        text = _MARKED_RELATION.sub(_marked_relation, text)
        text = _SUM_AS_NAME.sub(lambda m: SUM_NAME + (m.group(1) or m.group(2) or ""), text)
        text = _FONT_SWITCH.sub(_font_command, text)
        text = _WORDED_TRANSPOSE.sub("^{T}", text)
        text = _UNBRACED.sub(lambda m: f"\\{m.group(1).strip()}{{{m.group(2)}}}", text)
        limit = len(text) + MAX_GROWTH
        for _ in range(MAX_PASSES):
            expanded = self._pass(text)
            if expanded == text:
                return text
            if len(expanded) > limit:
                raise MacroError("a macro expands to more than "
                                 f"{MAX_GROWTH} characters")
            text = expanded
        if _COMMAND.search(text) and self._pass(text) != text:
            raise MacroError(f"macros still expanding after {MAX_PASSES} passes (recursive?)")
        return text

    def _pass(self, text: str) -> str:
        out, pos = [], 0
        for m in _COMMAND.finditer(text):
            if m.start() < pos or m.group(1) not in self.macros:
                continue
            macro = self.macros[m.group(1)]
            end, args = m.end(), []
            for _ in range(macro.args):
                while end < len(text) and text[end] in " \t":
                    end += 1
                if end < len(text) and text[end] == "{":
                    close = group_end(text, end)
                    if close is None:
                        break
                    args.append(text[end + 1:close - 1])
                    end = close
                elif end < len(text):
                    arg = _COMMAND.match(text, end)
                    args.append(arg.group(0) if arg else text[end])
                    end = arg.end() if arg else end + 1
            if len(args) != macro.args:
                continue
            body = re.sub(r"#(\d)", lambda a: args[int(a.group(1)) - 1]
                          if 0 < int(a.group(1)) <= len(args) else "", macro.body)
            # a body ending in a command must not run into a following letter
            if re.search(r"\\[a-zA-Z]+$", body) and end < len(text) and text[end].isalpha():
                body += " "
            out.append(text[pos:m.start()] + body)
            pos = end
        out.append(text[pos:])
        return "".join(out)


_SPACED_ARGUMENT = re.compile(r"(\\[a-zA-Z]+)[ \t]+\{")

_COLOR = re.compile(r"(\{\s*)?\\color\s*\{[^{}]*\}\s*")


def _uncoloured(text: str) -> str:
    """`\\color{red}{-p_k p_i}` and `{\\color{red} -p_k p_i}` as what they colour, unbraced
    (`a \\color{red}{-b}` is a − b as the page shows it, never a·(−b))."""
    out, pos = [], 0
    for m in _COLOR.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        inner, end = m.end(), None
        if m.group(1):                        # `{\color{red} …}`: the group it opens
            end = group_end(text, m.start())
            if end is not None:
                inner, close = m.end(), end - 1
        if end is None and text.startswith("{", m.end()):
            end = group_end(text, m.end())
            if end is not None:
                inner, close = m.end() + 1, end - 1
        if end is None:
            out.append(m.group(1) or "")
            pos = m.end()
            continue
        body = text[inner:close].strip()
        if body.startswith("{") and group_end(body, 0) == len(body):
            body = body[1:-1]                 # `{\color{red}{-b}}`: the group inside too
        out.append(" " + _uncoloured(body) + " ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# `0{,}5`: Russian (and much European) typesetting puts the decimal comma in braces, so
# that TeX sets no space after it; a bare `0,5` is a list and stays one
_DECIMAL_COMMA = re.compile(r"(?<=\d)\{,\}(?=\d)")


# `50{,}000`, `1{,}000{,}000`: thousands grouped, as English typesetting writes them
_GROUPED = re.compile(r"(?<![\d.])[1-9]\d{0,2}(?:\{,\}\d{3})+(?![\d.]|\{,\})")
# `10\,000`, `1\,000\,000`: thousands set apart by thin spaces, in any language
_THIN_GROUPED = re.compile(r"(?<![\d.])[1-9]\d{0,2}(?:\\,\d{3})+(?![\d.])")
# the words that show a page is English, and the letters that show it is Russian
_ENGLISH = re.compile(r"\b(?:the|and|of|is|we|with|for)\b")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def decimal_commas(text: str) -> str:
    """`0{,}5` as `0.5` — the same number, its digits' places unchanged."""
    return _DECIMAL_COMMA.sub(".", text)
