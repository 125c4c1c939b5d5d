"""One display-math block → the chains E0 = E1 = … = Ek it holds, as lectures write them.

- rows (`\\\\`) and alignment marks (`&`) only lay a chain out: `= \\\\ &=` is one sign;
- a top-level `\\quad`, `\\qquad`, `\\hspace{…}`, `\\Rightarrow`, `\\implies`, `\\Leftrightarrow`, or a comma
  followed by a new equation, separates chains (implications are not checked);
- a `cases` environment gives one chain per row, checked under the row's condition;
- a chain that starts with a relation continues the previous block, one that ends with a
  relation continues into the next;
- `\\text{…}` comments, labels, tags and an enumerator such as `1)` are not math.
Offsets into the block are kept, so an error can say where it is.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

_BLANKED = [
    r"(?<!\\)%[^\n]*",                      # a TeX comment, to the end of its line
    r"\\label\{[^{}]*\}", r"\\tag\*?\{[^{}]*\}", r"\\nonumber\b", r"\\notag\b",
    # the space after a row break, `\\\\[4pt]`: layout, never an Iverson bracket [4pt]
    r"(?<=\\\\)\s*\[\s*-?[0-9.]*\s*(pt|em|ex|mm|cm|in|mu|bp|pc)\s*\]",
    r"\\begin\{(aligned|split|gathered|align\*?|equation\*?|gather\*?|multline\*?|eqnarray\*?|"
    r"flalign\*?)\}(\[[a-z]\])?",
    r"\\end\{(aligned|split|gathered|align\*?|equation\*?|gather\*?|multline\*?|eqnarray\*?|"
    r"flalign\*?)\}",
]
_ENUMERATOR = re.compile(r"^\s*(\(?\d{1,2}[.)]|\([a-z]\))(?=\s|\\)")
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,5}\s*:)(?!=)")      # `L2: \frac{λ}{2} … = …`
_SEPARATORS = re.compile(r"\\(qquad|quad|Rightarrow|Longrightarrow|implies|Leftrightarrow|iff|"
                         r"therefore|hence|rightarrow|longrightarrow|to|mapsto|Leftarrow|"
                         r"Longleftrightarrow|Updownarrow|Downarrow|because|propto)(?![a-zA-Z])"
                         r"|(?<![<>!:=\\])=>(?!=)"          # `=>` typed for ⇒
                         r"|\\hspace\*?\s*\{[^{}]*\}"      # `\hspace{0.5in}` as a \qquad
                         # `\xrightarrow[t \to \infty]{}`: a limit taken, as \to is
                         r"|\\x(?:right|left)arrow\s*(?:\[[^\[\]]*\])?\s*\{[^{}]*\}")
_QUAD = re.compile(r"\\q?quad(?![a-zA-Z])")
_TEXT = re.compile(r"\\(text|mbox|textrm|textit|textbf)\{([^{}]*)\}")
_UNIT_POWER = re.compile(r"\s*\^\s*(?:\{[^{}]*\}|[-0-9a-zA-Z])")
_COMMENT_WORDS = {"if", "for", "where", "and", "since", "so", "hence", "with", "when",
                  "otherwise", "by", "thus", "because", "i.e.", "e.g.", "as",
                  "bit", "bits", "nat", "nats",     # (units of information: `information_units`)
                  # words that open a line of an argument (`\text{Let } u = -z_i`)
                  "let", "proof", "then", "note", "now", "assume", "suppose", "define",
                  "here", "also", "finally", "given", "therefore"}
_RELATION = re.compile(r"(=|<|>|\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\approx|\\equiv)")
_LEADING_REL = re.compile(r"^\s*(:=|=|\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|<|>|\\approx(?![a-zA-Z])"
                          r"|\\equiv(?![a-zA-Z]))")
_TRAILING_REL = re.compile(r"(=|\\leq?|\\geq?|<|>|\\approx|\\equiv)$")
_DECLARATION = re.compile(r"\\in(?![a-zA-Z])")
# `\hat{y} - \vec{y} = \mathbb{R}^{k \times 1}`: a shape written with `=` for `\in`
_EQUALS_SPACE = re.compile(r"=(?=\s*\\mathbb\s*\{\s*R\s*\}\s*(?:\^\s*(?:\{[^{}]*\}|\w))?\s*[.,;]?\s*$)")
_OBJECTIVE = re.compile(r"^\s*(\\arg\s*)?\\?(max|min|argmax|argmin|operatorname\*?\{arg\s*(max|min)\})"
                        r"(\\limits)?\s*(_\{[^{}]*\}|_\\?[a-zA-Z]+)?\s*$")


@dataclass
class Chain:
    text: str                 # the math of the chain
    offset: int               # where it starts in the block's text
    continues: str = ""       # the relation it starts with (continues the previous block)
    open_end: str = ""        # the relation it ends with (continues into the next block)
    condition: str = ""       # a cases row's condition
    declared: str = ""        # `… \\in \\mathbb{R}^{m \\times n}`: the set its last element is in
    system: bool = False      # a row of a system of equations (`\\begin{cases}` with no head)
    otherwise: bool = False   # a cases row for every case the rows before leave (`otherwise`)
    # `\\because \\ln 1 = 0` between two rows: a reason given aside — checked on its own,
    # and never what the row after it continues (that goes on from the row before)
    aside: bool = False
    chance: str = ""          # `0 & \\text{with probability } p`: the row's probability, p


# units of information a worked example writes after its numbers, and their size in nats
_INFORMATION = re.compile(r"\\(?:text|mathrm|textrm|mbox)\s*+\{\s*+(бит[аов]?|нат[аов]?|bits?|nats?)\s*+\}")
NATS = {"бит": "bit", "bit": "bit", "нат": "nat", "nat": "nat"}


def information_units(block_text: str, chain: Chain) -> list:
    """The unit of information written after each expression of a chain (`0{,}693 \\text{
    нат} = 1 \\text{ бит}`): "bit", "nat" or None, one per expression."""
    if not _INFORMATION.search(block_text):
        return []
    depths = _depths(chain.text)
    cuts = [m for m in _RELATION.finditer(chain.text) if depths[m.start()] == 0]
    bounds = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(chain.text)]
    units = []
    for k, (a, b) in enumerate(zip(bounds, ends)):
        # (the last expression's unit may trail the chain as cut: `= 1 \\text{ бит}.`)
        end = chain.offset + b + (30 if k == len(ends) - 1 else 0)
        found = _INFORMATION.search(block_text, chain.offset + a, end)
        units.append(NATS[found.group(1)[:3].lower()] if found else None)
    return units


def _blank(text: str, start: int, end: int, keep: str = "") -> str:
    return text[:start] + keep.ljust(end - start) + text[end:]


def _blank_pattern(text: str, pattern: str) -> str:
    return re.sub(pattern, lambda m: " " * len(m.group(0)), text)


_ANGLE = re.compile(r"\\(langle|rangle)(?![a-zA-Z])")
# a matrix written out is one group: its rows (`\\\\`) and cells (`&`) lay out entries,
# not a chain
MATRIX_ENV = re.compile(r"\\(begin|end)\{([pbvBV]?matrix|smallmatrix)\*?\}")


def _depths(text: str) -> list[int]:
    """Group depth before each character ({}, (), [], escaped braces, ⟨ ⟩ and a written-out
    matrix alike: the comma of `\\langle x, w \\rangle` separates nothing)."""
    angles = {m.start(): m.group(1) for m in _ANGLE.finditer(text)} if "angle" in text else {}
    if "matrix" in text:
        angles.update({m.start(): "langle" if m.group(1) == "begin" else "rangle"
                       for m in MATRIX_ENV.finditer(text)})
    depth, out = 0, []
    for pos, ch in enumerate(text):
        if ch in ")]}" or angles.get(pos) == "rangle":
            depth = max(depth - 1, 0)
        out.append(depth)
        if ch in "([{" or angles.get(pos) == "langle":
            depth += 1
    return out


_ELEMENT_REL = re.compile(r":=|=|<|>|\\(?:leq?|geq?|neq?)(?![a-zA-Z])")


def split_relations(text: str) -> list[tuple[str, int, str]]:
    """A chain's elements at its top-level relation signs: (text, offset, the relation
    before it). What does not read as a whole may still read element by element."""
    depth = _depths(text)
    out, start, rel = [], 0, ""
    for m in _ELEMENT_REL.finditer(text):
        if depth[m.start()] == 0:
            out.append((text[start:m.start()], start, rel))
            start, rel = m.end(), m.group(0)
    out.append((text[start:], start, rel))
    return out


def after_first_link(chain: Chain) -> Chain:
    """The chain from its second element on (`f(x) = A = B` → `A = B`), at its offsets."""
    elements = split_relations(chain.text)
    if len(elements) < 3:
        return chain
    start = elements[1][1]
    return dataclasses.replace(chain, text=" " * start + chain.text[start:])


_JOINS = re.compile(r"(=|[-+*/,(]|\\(cdot|times|leq?|geq?|neq?|approx|equiv)|\\left[(\[])\s*$|^\s*$")
_LAYOUT = re.compile(r"(?:[ \t\r\n&]|\\[,;:! ]|\\q?quad(?![a-zA-Z]))*")
_STARTS = re.compile(r"(=|[-+*/]|\\(cdot|times|leq?|geq?|neq?|approx|equiv)(?![a-zA-Z]))")


# words between two equations of one display: a new chain after them
_BETWEEN = re.compile(r"\s*+,?\s*+(?:or|and|i\.\s*e\.|that\s+is|so|hence|thus|therefore|"
                      r"equivalently|which\s+gives|giving|то\s+есть|т\.\s*е\.|или|откуда|"
                      r"отсюда|поэтому|значит)(?![a-zA-Zа-яА-Я])", re.IGNORECASE)


# `\text{Cross Entropy of homepage model} &= … = 0.32 \\`: words that head a row and are
# set equal to what follows name the quantity the row computes (a new chain, not a
# continuation of the row before)
_ROW_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)+")
_ROW_START = re.compile(r"(?:^|\\\\)[\s&]*$")
_SET_EQUAL = re.compile(r"\s*&?\s*=(?![>=])")


def _names_its_row(text: str, m) -> bool:
    return bool(_ROW_NAME.fullmatch(m.group(2).strip())) \
        and _ROW_START.search(text, 0, m.start()) is not None \
        and m.group(2).strip().split()[0].lower() not in _COMMENT_WORDS \
        and _SET_EQUAL.match(text, m.end()) is not None


def _is_comment(body: str) -> bool:
    words = body.strip().lower().removesuffix(".")     # (`+ \text{const.}`: a name)
    return (not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", words) or words in _COMMENT_WORDS)


_REMINDER_OPEN = re.compile(r"=\s*\\left\\\{")
_REMINDER_CLOSE = re.compile(r"\\right\\\}\s*(?:\\\\\s*)?&?\s*=")


def _without_reminders(text: str) -> str:
    """`= \\left\\{ \\sigma(z) = \\frac{1}{1 + e^{-z}} \\right\\} =`: a definition recalled as a
    member of a chain, not a member; blanked, so the step bridges it."""
    pos = 0
    while True:
        m = _REMINDER_OPEN.search(text, pos)
        if not m:
            return text
        close = _REMINDER_CLOSE.search(text, m.end())
        if close is None:
            return text
        inner = text[m.end():close.start()]
        if "=" in inner and "\\left\\{" not in inner:
            text = _blank(text, m.start() + 1, close.start() + len("\\right\\}"))
        pos = close.start()


_SMALL = re.compile(r"\\(scriptstyle|scriptsize|small|footnotesize|tiny)\s*\{\s*\\text")


def _without_small_remarks(text: str) -> str:
    """`& \\scriptstyle{\\text{; Because }p(z|x) = p(z, x) / p(x)}`: a remark set in small
    type after a row, prose with math in it — commentary, blanked (its own relation is
    not a step of the chain)."""
    for m in reversed(list(_SMALL.finditer(text))):
        open_at = text.index("{", m.start())
        depth = 0
        for end in range(open_at, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0) if text[end - 1] != "\\" else 0
            if depth == 0:
                text = _blank(text, m.start(), end + 1)
                break
    return text


# an `array` that wraps the whole display (`\\Large \\begin{array}{rcl} L &=& … \\\\ &=& …
# \\end{array}`): a layout of rows, as eqnarray's — an array inside a formula is a matrix
_SIZES = (r"\\(?:tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge|"
          r"displaystyle)(?![a-zA-Z])")
_WRAPPING_ARRAY = re.compile(rf"^(\s*(?:{_SIZES}\s*)*)"
                             r"(\\begin\{array\}\s*\{[^{}]*\})(.*)(\\end\{array\})(\s*[.,;]?\s*)$",
                             re.DOTALL)


# a backslash alone at the end of a line — TeX's control space, which pages typed for a
# Markdown engine leave after a row break (`… \\\\\` : `\\\\` and `\ `)
_CONTROL_SPACE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?=[ \t]*(?:\n|$))")


def _strip_layout(text: str) -> str:
    text = _CONTROL_SPACE.sub(lambda m: m.group(1) + " ", text)
    for pattern in _BLANKED + [_SIZES]:   # (a size, `\\Large &= …`, is layout too)
        text = _blank_pattern(text, pattern)
    wrapped = _WRAPPING_ARRAY.match(text)
    if wrapped and "\\begin{array}" not in wrapped.group(3):
        text = _blank(text, wrapped.start(2), wrapped.end(2))
        text = _blank(text, wrapped.start(4), wrapped.end(4))
    return text


# prose written straight into display math (`z = wx + b -- Математические операции`):
# words in a script no formula uses, with a `--` before them
_PROSE = re.compile(r"(?:--\s*)?[А-Яа-яЁё][А-Яа-яЁё0-9 \t,.;:!?()«»\-]*")


def _blank_prose(text: str) -> str:
    """Cyrillic words outside `\\text{…}` blanked (inside it, `_TEXT` reads them)."""
    texts = [m.span() for m in _TEXT.finditer(text)]

    def keep(m):
        inside = any(a <= m.start() < b for a, b in texts)
        return m.group(0) if inside else " " * len(m.group(0))
    return _PROSE.sub(keep, text)


def _strip_end(text: str) -> str:
    """What ends a piece without being math: punctuation, thin and wide spaces (`\\,`
    `\\;`), blanks. (A loop, not a `(…)+$` regex: that is quadratic on a run of blanks.)"""
    while True:
        text = text.rstrip()
        if text[-2:] in ("\\,", "\\;", "\\:", "\\!") and text[-3:-2] != "\\":
            text = text[:-2]
        elif text[-1:] in (".", ",", ";", ":") and text[-2:-1] != "\\":
            text = text[:-1]
        elif text[-1:] == "\\" and text[-2:-1] != "\\":       # `\ ` (a space) at the end
            text = text[:-1]
        else:
            return text


def clean(text: str) -> str:
    """Blank out what is layout or commentary, keeping every offset."""
    text = _blank_prose(_strip_layout(text))
    # `\\mathbf{x = 1; y = 0}`: bold around whole equations is layout
    text = re.sub(r"\\(mathbf|boldsymbol|textbf)\{([^{}]*[=;][^{}]*)\}",
                  lambda m: " " * (len(m.group(1)) + 2) + m.group(2) + " ", text)
    m = _ENUMERATOR.match(text) or _LABEL.match(text)
    if m and (m.re is _ENUMERATOR or _RELATION.search(text, m.end())):
        text = _blank(text, m.start(1), m.end(1))
    text = re.sub(r"\\textcircled\{=\}", lambda m: "=".ljust(len(m.group(0))), text)
    depth = _depths(text)
    for m in list(_TEXT.finditer(text)):
        if depth[m.start()] != 0:
            continue
        comment = _is_comment(m.group(2)) and not _names_its_row(text, m)
        if not comment and m.group(2).rstrip().endswith("."):   # `\text{const.}`: the name
            dot = m.start(2) + len(m.group(2).rstrip()) - 1
            text = text[:dot] + " " + text[dot + 1:]
        if comment:
            # (a unit to a power goes with it: `\frac{1}{3}\ \text{мин}^{-1}`, `\text{m}^2`)
            power = _UNIT_POWER.match(text, m.end())
            text = _blank(text, m.start(), power.end() if power else m.end())
            if _BETWEEN.match(m.group(2)):     # `… = 1 \text{ or equivalently } σ = …`
                text = text[:m.start()] + ";" + text[m.start() + 1:]
    text = _without_reminders(_without_small_remarks(text))
    depth = _depths(text)
    out = list(text)
    pos = 0
    while pos < len(text):
        if depth[pos] == 0 and text.startswith("\\\\", pos):
            # a row break between two whole equations (gather) is a new chain; one inside a
            # chain (`= \\\\ &=`, `+ \\\\`) only lays it out
            # (a bounded look at each side: copying the text around every row break is
            # quadratic in a block of thousands of rows)
            end = pos
            while end and text[end - 1].isspace():
                end -= 1
            after = _LAYOUT.match(text, pos + 2).end()
            joined = (_JOINS.search(text[max(0, end - 12):end]) or _STARTS.match(text, after)
                      or after == len(text)) and not _gives_a_reason(text, pos, depth)
            out[pos], out[pos + 1] = (" ", " ") if joined else (";", " ")
            pos += 2
            continue
        if depth[pos] == 0 and text[pos] == "&":
            out[pos] = " "
        pos += 1
    text = "".join(out)
    # `= \\ &=` leaves two equality signs in a row, and a reminder blanked between two
    # such (`= \\ &= \left\{…\right\} = \\ &=`) four: they are one
    return re.sub(r"=(?:\s*=)+", lambda m: "=" + " " * (len(m.group(0)) - 1), text)


_BECAUSE = re.compile(r"\\because(?![a-zA-Z])")


def _gives_a_reason(text: str, end: int, depth: list) -> bool:
    """Whether the row ending at `end` gives a reason (`\\because …` at its top level):
    its row break ends the reason, whatever the next row starts with."""
    start = text.rfind("\\\\", 0, end) + 1
    return any(depth[m.start()] == 0 for m in _BECAUSE.finditer(text, start, end))


def _asides(text: str) -> list[tuple[int, int]]:
    """The spans of the reasons a block gives aside (its text cleaned, row breaks that
    end a reason made `;`): from each top-level `\\because` to the next separator or
    row break after it (what a quad sets beside the reason, `\\quad (N, M > 0)`, is
    the reason's)."""
    depth = _depths(text)
    spans = []
    for m in _BECAUSE.finditer(text):
        if depth[m.start()] != 0:
            continue
        stop = next((c.start() for c in _SEPARATORS.finditer(text, m.end())
                     if depth[c.start()] == 0 and not _QUAD.match(c.group(0))), len(text))
        stop = next((p for p in range(m.end(), stop) if text[p] == ";" and depth[p] == 0),
                    stop)
        spans.append((m.end(), stop))
    return spans


def _split(text: str, offset: int) -> list[tuple[str, int]]:
    """Split at top-level separators and at commas that begin a new equation."""
    depth = _depths(text)
    cuts = [m for m in _SEPARATORS.finditer(text) if depth[m.start()] == 0]
    pieces, start = [], 0
    for m in cuts:
        pieces.append((text[start:m.start()], offset + start))
        start = m.end()
    pieces.append((text[start:], offset + start))
    out = []
    for piece, off in pieces:
        d = _depths(piece)
        parts, s = [], 0
        for pos, ch in enumerate(piece):
            if ch in ",;" and d[pos] == 0 and not (pos and piece[pos - 1] == "\\"):
                parts.append((piece[s:pos], off + s))
                s = pos + 1
        parts.append((piece[s:], off + s))
        merged: list[tuple[str, int]] = []
        related = False                  # whether the last merged part has a relation
        for part, poff in parts:
            # (`…, \qquad j \ne y, \\ …`: a row's condition is a piece of its own)
            has = _has_relation(part) or bool(_INDEX_CONDITION.match(part))
            # (a row that goes on `= …` after a row break kept — the end of a reason, `\\because
            # … \\quad (N, M > 0)` — is never a piece of that row)
            after_break = merged and piece[:poff - off].rstrip().endswith(";") \
                and _LEADING_REL.match(part)
            if merged and not (related and has) and not after_break:
                prev, prev_off = merged[-1]
                gap = piece[prev_off - off:poff - off]          # a row break's ; joins back
                merged[-1] = ((gap[:-1] + " " if gap.endswith(";") else gap) + part, prev_off)
                related = related or has
            else:
                merged.append((part, poff))
                related = has
        out += merged
    return out


def _has_relation(text: str) -> bool:
    d = _depths(text)
    return any(d[m.start()] == 0 for m in _RELATION.finditer(text))


def _cases(text: str) -> list[Chain] | None:
    """One chain per row of a cases environment: the head `E =` and the row's expression,
    laid out at the row's own offsets (spaces between), so positions stay exact."""
    begin = text.find("\\begin{cases}")
    end = text.find("\\end{cases}", begin) if begin >= 0 else -1
    if end < 0:                         # str.find: linear, where a lazy `.*?` is quadratic
        return None
    head = text[:begin]
    chains = []
    depth = _depths(head)
    cuts = [m for m in _QUAD.finditer(head) if depth[m.start()] == 0]
    if cuts:                            # `A = B \quad δ_ij = \begin{cases}`: the cases are
        before = head[:cuts[-1].start()]            # δ's; what comes before is a chain
        chains += chains_of(before)                 # of its own (after an implication
        # arrow, the cases follow from what comes before: that is not checked)
        head = " " * cuts[-1].end() + head[cuts[-1].end():]
    pos = begin + len("\\begin{cases}")
    for row in text[pos:end].split("\\\\"):
        expr, amp, cond = row.partition("&")
        word = _CONDITION_WORD.search(expr) if not amp else None
        if word and _depths(expr)[word.start()] == 0:       # `v \quad \text{if } y = 1`
            expr, amp, cond = expr[:word.start()], "", expr[word.start():]
        at = pos
        if _INDEX_CONDITION.match(expr) and cond.strip():     # `i \\neq j: & expr`
            expr, cond, at = cond, expr, pos + len(expr) + len(amp)
        if expr.strip():
            otherwise = bool(_OTHERWISE_ROW.fullmatch(cond.strip()))
            chance = _CHANCE_ROW.match(cond)
            chance = _TEXT_OR_DOLLAR.sub(" ", chance.group(1)).strip().strip(".,;").strip() \
                if chance else ""
            cond = _TEXT.sub(lambda t: " " if _is_comment(t.group(2)) else t.group(0), cond)
            laid_out = head + " " * (at - len(head)) + expr.replace("\n", " ")
            laid_out = _TRAILING_SPACE.sub("", laid_out)          # `v \,\, \text{if}`
            chain = Chain(_strip_end(clean(laid_out)), 0,
                          condition=cond.strip().strip(",:.").strip(), otherwise=otherwise,
                          chance=chance)
            lead = _LEADING_REL.match(chain.text)            # `= \\begin{cases}` continues
            if lead:
                chain.continues = lead.group(1)
                chain.offset = lead.end()
                chain.text = chain.text[lead.end():]
            chains.append(chain)
        pos += len(row) + 2
    if not head.strip() and chains and not any(c.condition or c.continues for c in chains):
        for chain in chains:             # `\begin{cases} a = b \\ c = d \end{cases}`: equations
            chain.system = True          # that hold together, no cases of a definition
    after = end + len("\\end{cases}")
    if _BESIDE.match(text, after) and _RELATION.search(text, after):
        # `f(x) = \begin{cases}…\end{cases} \qquad f'(x) = \begin{cases}…`: both read (not
        # `\end{cases} = S_j(δ_ij − S_i)`, which the rows go on to)
        chains += chains_of(" " * after + text[after:])
    return chains


# a quad or a comma after a cases display, then a chain of its own (not a relation)
_BESIDE = re.compile(r"\s*+[,;.]?\s*+(?:\\q?quad(?![a-zA-Z])|\\[,;:]|,)\s*+(?!=|\\approx|\\le|\\ge|<|>)")

# a cases row's condition that is the chance of its value: `\text{with probability } p`,
# `\text{w.p. } 1 - p`, `\text{с вероятностью } p` (the probability after, or inside as $p$)
_CHANCE_ROW = re.compile(r"^\s*(?:\\(?:text|textrm|mbox|mathrm)\s*\{)?\s*(?:with\s+probability|"
                         r"with\s+prob\.|w\.\s*p\.|с\s+вероятностью)\s*(.*?)\s*$",
                         re.IGNORECASE | re.S)
_TEXT_OR_DOLLAR = re.compile(r"\\(?:text|textrm|mbox|mathrm)\s*\{|[{}$]")

_TRAILING_SPACE = re.compile(r"(\s|\\[,;:! ]|\\q?quad(?![a-zA-Z]))+$")
# a cases row's condition that is every case the rows before it leave
_OTHERWISE_ROW = re.compile(r"(?:\\(?:text|mbox|textrm|mathrm)\s*\{\s*)?(?:otherwise|else|"
                            r"иначе|в\s+противном\s+случае|в\s+остальных\s+случаях)"
                            r"\s*[.,;]?\s*\}?\s*[.,;]?", re.IGNORECASE)
_CONDITION_WORD = re.compile(r"\\(text|mbox|textrm|mathrm)\{\s*(if|for|when|where|at|при|если|в точке)"
                             r"\s*\}")
# the letters lectures use as indices: `i = j`, `k \neq 1` (not `c = d`, a new equation)
# `k \\neq c`, `k \\neq y_i`, `k = y^{(i)}`: an index against another, a number or a label
_LABEL_NAME = r"[a-zA-Z](?:\s*_\s*(?:\{\s*[a-zA-Z0-9]\s*\}|[a-zA-Z0-9])|\s*\^\s*\{\s*\(\s*[a-z]\s*\)\s*\})"
_INDEX_CONDITION = re.compile(
    r"^\s*[ijklmnt]\s*(?:(?:=|\\neq?(?![a-zA-Z])|!=)\s*(?:[ijklmnt0-9]|" + _LABEL_NAME + r")"
    r"|(?:\\neq?(?![a-zA-Z])|!=)\s*[a-zA-Z])\s*[:.,;]?\s*$")


# `c = 1 \cdots C`, `k = 1, \ldots, K`, `i = 1..n` after a chain: the range of an index
# (`i = 1, \dots, \ell`; `k = 0, 1, 2, \dots`, with no last value)
_QUANTIFIER = re.compile(r"^\s*\\forall(?![a-zA-Z])")
_RANGE = re.compile(r"^(?:\s|\\[,;:! ]){0,12}[a-zA-Z]\s{0,6}=\s{0,6}(?:[0-9a-zA-Z]{1,3}\s{0,6},\s{0,6}){0,4}"
                    r"[0-9a-zA-Z]{0,3}\s{0,6},?\s{0,6}(\\[lc]?dots\b|\\ldots|\.\.)"
                    r"(?:\s{0,6},?\s{0,6}(?:[0-9a-zA-Z+\-{}]|\\[a-zA-Z]+){1,8})?\s*[.,;]?\s*$")


# `z = 0{,}8:\quad w^* = …`: a value set before a colon, the case the chain after it is in
# (`r > \delta: &\quad …`: a bound named, with an inequality, is the case too)
_CASE = (r"^\s*+((?:\\[a-zA-Z]+|[a-zA-Z])(?:_\{?[a-zA-Z0-9]{1,3}\}?)?\s*+"
         r"(?:(?:=|<|>|\\[lg]eq?(?![a-zA-Z])|\\neq?(?![a-zA-Z]))\s*+(?:-\s*+)?[0-9][0-9.{},]*"
         r"|(?:<|>|\\[lg]eq?(?![a-zA-Z])|\\neq?(?![a-zA-Z]))\s*+(?:-\s*+)?"
         r"(?:\\[a-zA-Z]+|[a-zA-Z])(?:_\{?[a-zA-Z0-9]{1,3}\}?)?))\s*+:")
_CASE_HEAD = re.compile(_CASE + r"\s*$")
# one inequality, `a < -\lambda`, `|a| \le \lambda`, `x \neq 0` (no equation), and what
# makes a chain other than equations
_INEQUALITY_AFTER = re.compile(r"^[^=]*(?:<|>|\\(?:le|ge|leq|geq|neq|ne|leqslant|geqslant)"
                               r"(?![a-zA-Z]))[^=]*$")
_UNEQUAL = re.compile(r"\\neq?(?![a-zA-Z])")            # (`\qquad (x \neq 0)`: a case too)
_NOT_EQUATION = re.compile(r"<|>|\\(?:le|ge|leq|geq|neq|ne|leqslant|geqslant|approx|sim|in)"
                           r"(?![a-zA-Z])")
_CASE_LEAD = re.compile(_CASE + r"(?!=)")             # `\text{at } x = 1:\ 2\cos 1 - …`

# `\quad (T = 1)` after a chain: the value it is computed at, as `T = 1:` before it says
_VALUE_NOTE = re.compile(r"^\s*+\(\s*+((?:\\[a-zA-Z]+|[a-zA-Z])(?:_\{?[a-zA-Z0-9]{1,3}\}?)?\s*+=\s*+"
                         r"(?:-\s*+)?[0-9][0-9.{},]*?)\s*+\)\s*+[.,;]?\s*+$")

_PARENTHESISED = re.compile(r"^\s*\(([^()]*)\)\s*([.,;]?)\s*$")

_LEADING_CONDITION = re.compile(r"^(?:\s|\\[,;:! ])*([ijklmnt]\s*(?:=|\\neq?(?![a-zA-Z])|!=)\s*[ijklmnt0-9])\s*:")


# the name assigned to: a letter or command with up to two scripts (`W^{(1)}_{11}`)
_ASSIGNED = re.compile(rf"^\s*(?:{_SIZES}\s*)*"
                       r"((?:\\[a-zA-Z]+\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z])"
                       r"(?:\s*[_^]\s*(?:\{[^{}]*\}|[a-zA-Z0-9])){0,2})\s*:=")


_ARROW_ASSIGNED = re.compile(_ASSIGNED.pattern[:-len(r"\s*:=")]
                             + r"\s*\\(?:leftarrow|gets)(?![a-zA-Z])")


def _is_update(text: str) -> bool:
    """`w_j := w_j + η Δw_j`: `:=` giving a name a new value computed from its old one (an
    update rule of an algorithm, which no equation states)."""
    m = _ASSIGNED.match(text)
    return bool(m) and re.search(r"(?<![a-zA-Z\\])" + re.escape(m.group(1)) + r"(?![a-zA-Z])",
                                 text[m.end():]) is not None


def _strip_quads(text: str) -> str:
    """text less the blanks, thin spaces and quads it ends with (a loop: a `(…)+$` regex is
    quadratic on a run of blanks)."""
    while True:
        text = text.rstrip()
        m = re.search(r"\\(?:[,;:! ]|q?quad)$", text[-6:])
        if m is None:
            return text
        text = text[:len(text) - len(m.group(0))]


def _trailing_relation(text: str):
    """The relation a chain ends with (`… =`, `… = .`), found from the end: a pattern
    anchored at `$` after `\\s*` backtracks quadratically on a run of spaces."""
    end = len(text.rstrip())
    if end and text[end - 1] in ".,;":
        end = len(text[:end - 1].rstrip())
    return _TRAILING_REL.search(text, max(0, end - 8), end)   # `\approx` is the longest


def _as_separator(m) -> str:
    return "\\quad".ljust(len(m.group(0)))


def _declarations(chain: Chain) -> list[Chain]:
    """`x \\in \\mathbb{R}^D, W_1 \\in \\mathbb{R}^{H \\times D}`: one declaration each."""
    depths, out, start = _depths(chain.text), [], 0
    for end in [i for i, ch in enumerate(chain.text) if ch == "," and depths[i] == 0] \
            + [len(chain.text)]:
        piece = chain.text[start:end]
        found = list(_DECLARATION.finditer(piece))
        if len(found) == 1 and piece[:found[0].start()].strip():
            out.append(Chain(piece[:found[0].start()].strip(), chain.offset + start,
                             declared=piece[found[0].end():].strip()))
        elif not found and _has_relation(piece) and piece.strip():
            # `b_1 \in \mathbb{R}^{h}, \\ a_1 &= \sigma(z_1)`: the row after the
            # declarations is a chain of its own
            lead = len(piece) - len(piece.lstrip())
            out.append(Chain(_strip_end(piece.strip()), chain.offset + start + lead))
        start = end + 1
    return out


def chains_of(block_text: str) -> list[Chain]:
    """The chains of a block, in reading order. A piece that only relates two indices
    (`, \\quad i = j`, `\\text{if } k \\neq j`) is the condition of the chain before it."""
    cases = _cases(_strip_layout(block_text))
    if cases is not None:
        return cases
    text = clean(_CONDITION_WORD.sub(_as_separator, block_text))
    # where a condition word ends (`… = f(x) + α \quad \text{при } x < 0`): the relation
    # after it is the condition of the chain before it
    said = [m.end() for m in _CONDITION_WORD.finditer(block_text) if m.group(2) != "where"]
    chains, case = [], ""
    asides = _asides(text)
    for piece, off in _split(text, 0):
        head = _CASE_HEAD.match(_strip_quads(piece))
        if head:
            case = head.group(1).strip()
            continue
        stripped = _strip_end(piece.strip())
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        chain = Chain(stripped, off + lead, condition=case,
                      aside=any(a <= off + lead < b for a, b in asides))
        case = ""
        m = _LEADING_REL.match(chain.text)
        if m:
            chain.continues = m.group(1)
            chain.text = chain.text[m.end():]
            chain.offset += m.end()
        m = _trailing_relation(chain.text)
        if m:
            chain.open_end = m.group(1)
            chain.text = chain.text[:m.start()]
        m = _ARROW_ASSIGNED.match(chain.text)
        if m:
            # `w_{12} \leftarrow -0.4 - 0.5 \cdot (-0.00925) = -0.39538`: the name takes
            # the value the rest computes — that computation is the chain to check
            chain.offset += m.end()
            chain.text = chain.text[m.end():]
        m = _CASE_LEAD.match(chain.text) if not chain.condition else None
        if m and _RELATION.search(chain.text, m.end()):
            chain.condition = m.group(1).strip()
            chain.offset += m.end()
            chain.text = chain.text[m.end():]
        m = _LEADING_CONDITION.match(chain.text)        # `i = j :` before the chain
        if m and not chain.condition:
            chain.condition = m.group(1).strip()
            chain.offset += m.end()
            chain.text = chain.text[m.end():]
        bare = _PARENTHESISED.sub(r"\1", chain.text)         # `\quad (j \neq y)` too
        if chains and not chain.continues and _INDEX_CONDITION.match(bare) \
                and not chains[-1].condition:
            chains[-1].condition = bare.strip().rstrip(":.,;")
            continue
        if chains and not chain.continues and not chains[-1].condition \
                and _INEQUALITY_AFTER.match(chain.text) \
                and len(_RELATION.findall(chain.text)) + len(_UNEQUAL.findall(chain.text)) == 1 \
                and _RELATION.search(chains[-1].text) and not _NOT_EQUATION.search(chains[-1].text):
            # `… = a + \lambda, \quad a < -\lambda`: the inequality after an equation is the
            # case it holds in (as `\text{if } a < -\lambda` says it)
            chains[-1].condition = bare.strip().rstrip(":.,;")
            continue
        if chains and not chain.continues and not chains[-1].condition and any(
                not text[e:chain.offset].strip() for e in said if e <= chain.offset) \
                and len(_RELATION.findall(chain.text)) == 1 and not _RANGE.match(chain.text):
            chains[-1].condition = chain.text.strip().rstrip(":.,;")
            continue
        note = _VALUE_NOTE.match(chain.text)
        if chains and not chain.continues and note and not chains[-1].condition:
            chains[-1].condition = note.group(1).strip()     # `… ≈ 0.7311 \quad (T = 1)`
            continue
        if chains and not chain.continues and (_RANGE.match(chain.text)
                                               or _QUANTIFIER.match(chain.text)):
            continue                  # `\text{for } c = 1 \cdots C`, `\forall i = 1, 2, 3`: a
            # range, not an equation
        if _OBJECTIVE.match(chain.text):
            continue                  # `\\rightarrow \\max_w`: what the chain is for, not math
        if _is_update(chain.text):
            continue                  # `w_j := w_j + η …`: an assignment, not an equation
        found = list(_DECLARATION.finditer(chain.text)) or list(
            _EQUALS_SPACE.finditer(chain.text))[-1:]
        if found and all(_depths(chain.text)[m.start()] == 0 for m in found):
            # `W \\in \\mathbb{R}^{m \\times n}`, `W_3 = W_2 W_1 \\in …`: a declaration of what
            # the chain ends at; with more than one `\\in`, nothing to check
            chains += _declarations(chain) if len(found) > 1 else []
            if len(found) > 1 or not chain.text[:found[0].start()].strip():
                continue
            chain.declared = chain.text[found[0].end():].strip()
            chain.text = chain.text[:found[0].start()].rstrip()
        if chain.text.strip():
            chains.append(chain)
    return chains
