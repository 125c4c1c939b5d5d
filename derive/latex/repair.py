"""Malformed text that still has one reading: a stray ")" whose "(" could have opened
anywhere before it in its member and every such place reads the same (a product of
factors: `-\\frac{1}{s} s) (1 - s)`). Read so, with a note saying how; where the places
read differently the text stays unread (`unexpected ')'`)."""
from __future__ import annotations

import re

import sympy as sp

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
