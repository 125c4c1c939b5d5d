"""Notation derive does not model, kept whole as one name (an "opaque atom").

Conditional probabilities `P(t=1 | z)`, probabilities of events `P(\\xi = 1)`, `\\mathcal{N}(y_i | x_i^T w, σ^2)`, expectations
`\\mathbb{E}_{x \\sim p}[…]`, norms `\\|x\\|_2`, `\\lVert w \\rVert` and inner products
`\\langle w, x \\rangle` are read as one name each, spelled by their LaTeX (spaces aside):
the same spelling is the same name, a document may define it (`P(t=1|z) = \\sigma(z)`),
and a step about it is decided like any step about names. Each atom is replaced by a
placeholder of exactly its own length, so every offset into the formula stays true.
"""
from __future__ import annotations

import re

PLACEHOLDER = "\\@"                             # \@N then spaces, as long as the atom

# the name before a bracket: also an acronym (KL) or a worded subscript (D_\text{KL})
_NAME_BEFORE = re.compile(r"(\\mathcal\{[A-Z]\}|\\mathbb\{[A-Z]\}|"
                          r"\\(?:operatorname|mathrm|text|textrm|mathsf)\{[a-zA-Z]+\}|"
                          r"\\[a-zA-Z]+|(?<![a-zA-Z\\])[A-Z]{2,}|(?<![a-zA-Z\\])[a-zA-Z])"
                          r"(_\{[^{}]*\}|_[a-zA-Z0-9]|_\\(?:text|mathrm|rm)\{[^{}]*\}|"
                          r"_\{\s*\\(?:text|mathrm|rm|operatorname)\{[^{}]*\}\s*\}|"
                          r"_\\[a-zA-Z]+)?\s*$")
_SPACED_END = re.compile(r"(?:\\[!,;: ]|\s)+$")      # spacing commands before a bracket
_BAR = re.compile(r"\||\\mid(?![a-zA-Z])|\\vert(?![a-zA-Z])|\\cond(?![a-zA-Z])")
_OPEN = {"(": ")", "[": "]", "{": "}"}
# `<w, x>`: tight against its contents, one comma, no relation inside (`0 < x, y > 0`,
# spaced, stays two inequalities)
_ANGLE = re.compile(r"<(?=[^\s<>])([^<>=\n,]{1,80}),([^<>=\n,]{1,80})(?<=[^\s<>])>")


def _close(text: str, start: int) -> int | None:
    """The index just past the bracket closing the one at `start` (None if unclosed)."""
    want = [_OPEN[text[start]]]
    pos = start + 1
    while pos < len(text) and want:
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text):
            pos += 2
            continue
        if ch in _OPEN:
            want.append(_OPEN[ch])
        elif ch == want[-1]:
            want.pop()
        pos += 1
    return pos if not want else None


def _spans(text: str):
    """(start, end) of every atom, left to right, not overlapping."""
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if text.startswith("\\langle", pos):
            end = text.find("\\rangle", pos)
            if end > 0:
                yield pos, end + len("\\rangle")
                pos = end + len("\\rangle")
                continue
        if ch == "<":                                    # <w, x>: ⟨w, x⟩ written plainly
            m = _ANGLE.match(text, pos)
            if m:
                yield pos, m.end()
                pos = m.end()
                continue
        if text.startswith("||", pos):                   # ||w||_2^2, written plainly
            close = text.find("||", pos + 2)
            if close > 0:
                sub = re.match(r"(_\{[^{}]*\}|_[a-zA-Z0-9])?", text[close + 2:])
                end = close + 2 + (sub.end() if sub else 0)
                yield pos, end
                pos = end
                continue
        if text.startswith("\\|", pos) or text.startswith("\\lVert", pos):
            opener = "\\|" if text.startswith("\\|", pos) else "\\lVert"
            closer = re.compile(r"\\\||\\rVert|\\lVert")
            m = closer.search(text, pos + len(opener))
            if m:
                sub = re.match(r"(_\{[^{}]*\}|_[a-zA-Z0-9])?", text[m.end():])
                end = m.end() + (sub.end() if sub else 0)
                yield pos, end
                pos = end
                continue
        var = _VARIANCE_BRACKET.match(text, pos)
        if var and (pos == 0 or not text[pos - 1].isalpha()):
            end = _close(text, var.end() - 1)       # Var[h], \mathrm{Var}[\tilde a]: as E[h]
            if end is not None:
                yield pos, end
                pos = end
                continue
        plain = _PLAIN_E.match(text, pos) if text[pos] in "E\\" and (
            pos == 0 or not (text[pos - 1].isalpha() or text[pos - 1] == "\\")) else None
        if text.startswith("\\mathbb{E}", pos) or text.startswith("\\EE", pos) or plain:
            head = len("\\mathbb{E}") if text.startswith("\\mathbb{E}", pos) else \
                len("\\EE") if text.startswith("\\EE", pos) else plain.end(1) - pos
            after = pos + head
            sub = re.match(r"\s*_\s*", text[after:])
            if sub:                                 # E_x, E_{x \sim p_{r}(x)} (nested)
                start = after + sub.end()
                if text[start:start + 1] == "{":
                    after = _close(text, start) or after
                elif text[start:start + 1].isalpha():
                    after = start + 1
            m = re.match(r"\s*(\\left|\\biggl|\\Bigl|\\bigl|\\big|\\Big)?\s*\[", text[after:])
            if m:
                open_at = after + m.end() - 1
                end = _close(text, open_at)
                if end is not None:
                    yield pos, end
                    pos = end
                    continue
            elif sub:                   # E_{z \sim q} log p: the operator, applied to what
                yield pos, after        # follows (derive.latex.parser reads it so)
                pos = after
                continue
        if ch == "[" and pos and _DIVERGENCE_BEFORE.search(text[:pos]):
            # D_{KL}[q(z | x) \| p(z)]: a divergence written with square brackets
            end = _close(text, pos)
            if end is not None and "\\|" in text[pos:end]:
                start = _DIVERGENCE_BEFORE.search(text[:pos]).start()
                yield start, end
                pos = end
                continue
        if ch == "(" and pos:
            # (\mathcal{N}\!\left( : a thin space between the name and its bracket)
            name = _NAME_BEFORE.search(_SPACED_END.sub("", text[:pos]))
            if name and _SIZING.fullmatch(name.group(1)):    # P\big( : the name before it
                name = _NAME_BEFORE.search(_SPACED_END.sub("", text[:name.start()]))
            end = _close(text, pos)
            if name and end is not None and not _OPERATOR.fullmatch(name.group(1)) \
                    and (_top_level_bar(text[pos + 1:end - 1])
                         or _PROBABILITY.fullmatch(name.group(0).strip())
                         and _EVENT.search(text[pos + 1:end - 1])):
                yield name.start(), end
                pos = end
                continue
        pos += 1


# the probability of an event, `P(\\xi = 1)`, `p(y_i = 1)`, `\\Pr(X \\geq k)`,
# `\\text{P}(y \\in A)`: kept whole as a conditional probability is (a relation inside is the
# event, not an equation)
_PROBABILITY = re.compile(r"[Pp]|\\Pr|\\mathbb\{P\}|"
                          r"\\(?:operatorname|mathrm|text|textrm|mathsf)\{[Pp]\}")
# (a lower-case p is a probability only of an event: p(y | x) may be a density, above 1)
_DENSITY_LETTER = re.compile(r"p|\\(?:operatorname|mathrm|text|textrm|mathsf)\{p\}")
_EVENT = re.compile(r"=|<|>|\\(?:leq?|geq?|neq?|in|leqslant|geqslant)(?![a-zA-Z])")
# E[X], \mathrm{E}[X], E_x[f(x)]: the expectation written with a plain or upright E — only
# with its square bracket (E alone, E_1, is a name)
_PLAIN_E = re.compile(r"(E|\\(?:mathrm|operatorname|mathsf|textrm)\{E\})\s*+"
                      r"(?:_\s*+(?:\{(?:[^{}]|\{[^{}]*\})*\}|[a-zA-Z]))?\s*+(?:\\left|\\[bB]igg?l?)?"
                      r"\s*+\[")      # (`E_{z \\sim q_{\\phi}} \\left [`: a script with its own)
# the variance or covariance of what a square bracket holds, kept whole as E[…] is
_VARIANCE_BRACKET = re.compile(r"(?:\\(?:mathrm|operatorname|text|textrm)\{(?:Var|var|Cov|cov|D)\}|"
                               r"Var|Cov|\\mathbb\{[DV]\})\s*+(?:\\left|\\[bB]igg?l?)?\s*+\[")
_SIZING = re.compile(r"\\(left|[bB]igg?l?)")    # \left( is a bracket, not a name's call
# operators before a bracket are no names: \nabla_w \left( … \|w\|^2 \right) is no atom
_OPERATOR = re.compile(r"\\(nabla|partial|sum|prod|int|log|ln|exp|max|min|lim|left|"
                       r"[bB]igg?l?)")


_DIVERGENCE_BEFORE = re.compile(r"(?<![a-zA-Z\\])(?:D|\\mathrm\{D\}|\\operatorname\{D\})\s*_\s*"
                                r"(?:\{\s*(?:\\text\{|\\mathrm\{)?\s*[A-Za-z]{2}\s*\}?\s*\}|[A-Za-z])\s*"
                                r"(?:\\left|\\[bB]igg?l?)?\s*$")


def _top_level_bar(inner: str) -> bool:
    """A conditional's or a divergence's bar at the top level of a call (P(t | z),
    D(p \\| q)); the two \\| of a norm are none."""
    depth, norms, plain = 0, 0, 0
    for i, ch in enumerate(inner):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch == "|" and i and inner[i - 1] == "\\":
            norms += 1
        elif depth == 0 and ch == "|" and not inner.startswith("||", i) \
                and not inner.startswith("||", i - 1 if i else 0):
            plain += 1
        elif depth == 0 and _BAR.match(inner, i) and not inner.startswith("||", i):
            return True                           # \mid, \vert, \cond: a conditional's
    # an odd number of bars: a conditional's among absolute values (P(t | z)); pairs
    # alone are absolute values, δ(|r| − δ/2)
    return norms == 1 or plain % 2 == 1


def _spelling(atom: str) -> str:
    """One spelling for one atom: single spaces only where a command meets a letter
    (`\\langle w`), scripts braced (`_2` and `_{2}` alike), `<w, x>` as `\\langle w, x
    \\rangle`."""
    if atom.startswith("<"):
        atom = "\\langle " + atom[1:-1] + "\\rangle"
    atom = re.sub(r"\\([bB]ig{1,2}[lr]?|left|right)(?![a-zA-Z])", "", atom)   # sizes aside
    atom = re.sub(r"\\[,;:!]", "", atom)                                 # and thin spaces
    atom = re.sub(r"(\\[a-zA-Z]+)\s+(?=[a-zA-Z])", "\\1\0", atom)
    atom = re.sub(r"\s+", "", atom).replace("\0", " ")
    return re.sub(r"([_^])([a-zA-Z0-9])", r"\1{\2}", atom)


def is_probability(spelling: str) -> bool:
    """An atom that is the probability of an event or a conditional one, P(…), \\Pr(…)."""
    head, _, inside = spelling.partition("(")
    return bool(inside) and _PROBABILITY.fullmatch(head) is not None and (
        not _DENSITY_LETTER.fullmatch(head) or _EVENT.search(inside) is not None)


def is_expectation_head(spelling: str) -> bool:
    """An atom that is `\\mathbb{E}_{…}` alone, with no bracket after it: an operator."""
    return spelling.startswith(("\\mathbb{E}", "\\EE")) and not spelling.endswith("]")


def hide(text: str) -> tuple[str, dict]:
    """The text with every atom replaced by a placeholder of its own length, and
    {placeholder number: the atom's name}."""
    atoms: dict[int, str] = {}
    out, last = [], 0
    for start, end in _spans(text):
        number = len(atoms)
        mark = f"{PLACEHOLDER}{number}"
        if len(mark) > end - start:
            continue                    # too short to hold a placeholder: left as it is
        atoms[number] = _spelling(text[start:end])
        out.append(text[last:start] + mark.ljust(end - start))     # one token, spaces included
        last = end
    out.append(text[last:])
    return "".join(out), atoms
