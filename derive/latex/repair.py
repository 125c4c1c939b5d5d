"""Malformed text that still has one reading: a stray ")" whose "(" could have opened
anywhere before it in its member and every such place reads the same (a product of
factors: `-\\frac{1}{s} s) (1 - s)`), and a derivative whose ∂ below is missing
(`\\frac{\\partial}{o_k}`, `\\frac{\\partial J}{z}`: nothing but ∂/∂o_k can be meant). Read so,
with a note saying how; where the places read differently the text stays unread
(`unexpected ')'`)."""
from __future__ import annotations

import re

import sympy as sp

from .macros import group_end
from .parser import MissingPartial

# where a member of a chain starts: after a relation, an alignment mark or a line break
_MEMBER_START = re.compile(r"=|&|\\\\|\\approx|\\le(?:q)?|\\ge(?:q)?|<|>")
# where a bracket may open: at the start of a term or factor
_OPENS_BEFORE = re.compile(r"(?<=[\s{(=+\-*/])(?=[\\a-zA-Z0-9(])|(?<=[)}])(?=[\\a-zA-Z(])")


def stray_closer(text: str, position: int, read) -> tuple[str, str] | None:
    """(the text read without the ")" at `position`, the note saying so), where every
    place its "(" could have opened gives the same expressions; else None. `read`: text →
    (expressions, relations), raising on text it cannot read."""
    if position is None or not 0 <= position < len(text) or text[position] != ")":
        return None
    dropped = text[:position] + text[position + 1:]
    try:
        exprs, rels = read(dropped)
    except Exception:                      # noqa: BLE001 — a reading that fails is no reading
        return None
    start = max((m.end() for m in _MEMBER_START.finditer(text, 0, position)), default=0)
    places = [start] + [m.start() for m in _OPENS_BEFORE.finditer(text, start, position)]
    for at in places:
        opened = text[:at] + "(" + text[at:]
        try:
            others, other_rels = read(opened)
        except Exception:                  # noqa: BLE001 — that place cannot open it
            continue
        if other_rels != rels or len(others) != len(exprs) or not all(
                _same(a, b) for a, b in zip(exprs, others)):
            return None
    before = " ".join(text[max(start, position - 24):position + 1].split())
    return dropped, (f"the unmatched ')' of `{before}` left out: wherever its '(' opened, "
                     "the formula reads the same")


def _same(a, b) -> bool:
    if a == b:
        return True
    if not (isinstance(a, sp.Expr) and isinstance(b, sp.Expr)):
        return False
    try:
        return sp.expand(a - b) == 0
    except Exception:                      # noqa: BLE001 — undecided: not the same
        return False


_FRACTION = re.compile(r"\\[dt]?frac\s*\{")


def missing_partial(text: str, position: int, read) -> tuple[str, str] | None:
    """(the text with each ∂ below written in, the note saying so), where every fraction
    the reading stops at (from the one at `position` on) has a numerator that starts with
    ∂ and a denominator of one name without it; else None. `read` as for
    `stray_closer`."""
    written, names = text, []
    for _ in range(MAX_REPAIRS):
        fixed = _partial_written_in(written, position)
        if fixed is None:
            return None
        written, name = fixed
        names.append(name)
        try:
            read(written)
        except MissingPartial as err:
            position = err.position
            continue
        except Exception:                  # noqa: BLE001 — not that slip after all
            return None
        shown = ", ".join(dict.fromkeys(names))
        return written, (f"a derivative with no \\partial below read as the derivative by "
                         f"{shown}: the \\partial before it is missing")
    return None


MAX_REPAIRS = 8            # fractions repaired in one chain at most


def _partial_written_in(text: str, position: int | None) -> tuple[str, str] | None:
    """(the text with `\\partial` written before the denominator of the fraction at
    `position`, that denominator), where its numerator starts with ∂; else None."""
    m = _FRACTION.match(text, position) if position is not None else None
    if m is None:
        return None
    top_end = group_end(text, m.end() - 1)
    below = re.match(r"\s*\{", text[top_end:]) if top_end else None
    if below is None or not re.match(r"\s*\\partial(?![a-zA-Z])", text[m.end():top_end]):
        return None
    open_at = top_end + below.end() - 1
    end = group_end(text, open_at)
    name = text[open_at + 1:end - 1].strip() if end else ""
    if not name or "\\partial" in name or re.search(r"[-+=,]|\\frac", name):
        return None
    return text[:open_at + 1] + "\\partial " + text[open_at + 1:], name

