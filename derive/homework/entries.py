"""Matrices and vectors written out (`\\begin{pmatrix} … \\end{pmatrix}`), read entry by
entry: a step between two of them is one step per entry, and `S(x) = (e^{x_1}/Σ, …,
e^{x_n}/Σ)` defines every entry S_k. Entries run with `\\vdots` between are read as the
pattern of the entries written (x_1, …, x_n is x_k for k = 1 … n), as an ellipsis in a sum
is; a matrix whose pattern cannot be found is not read entry by entry."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..latex.parser import bold_letter, entry_of_product, index_symbol, run_of, unwritten_bound
from ..notation import ELLIPSIS, Sigmoid
from .norms import name_letter
from .scope import definition_key

_INDEX_LETTERS = "kijlmpqrstuv"


def _fresh_index(avoid: set):
    """An index letter no name of the step uses (k, else i, j, …)."""
    return next(index_symbol(c) for c in _INDEX_LETTERS if index_symbol(c) not in avoid
                and sp.Symbol(c) not in avoid)


def is_written(e) -> bool:
    return isinstance(e, sp.MatrixBase)


@dataclass(frozen=True)
class Entry:
    """One entry of a written-out matrix: where it is, said as a reader would, and its
    expression (`index`: the free index of a run `x_1, …, x_n`, else None)."""
    where: str
    expr: object
    index: object = None


def entries(m: sp.MatrixBase, avoid: set) -> list[Entry] | None:
    """Every entry of `m` (one per position), or the general entry of a vector written
    with an ellipsis; None where the ellipsis has no pattern. `avoid`: names the index
    must not take."""
    flat = list(m)
    dotted = [n for n, e in enumerate(flat) if e.has(ELLIPSIS)]
    if not dotted:
        return [Entry(f"entry ({r + 1}, {c + 1})" if m.cols > 1 and m.rows > 1 else
                      f"entry {r * m.cols + c + 1}", m[r, c])
                for r in range(m.rows) for c in range(m.cols)]
    if 1 not in m.shape or dotted != list(range(dotted[0], dotted[-1] + 1)) \
            or dotted[-1] != len(flat) - 2 or dotted[0] == 0:
        return None                   # one run of dots, entries before it and one after
    k = _fresh_index(avoid)
    found = run_of(flat[:dotted[0]], flat[-1], k)
    if found is None:
        return None
    pattern, lo, hi = found
    return [Entry(f"entry {k} (for {k} = {sp.latex(lo)}, …, {sp.latex(hi)})", pattern, (k, lo, hi))]


def pairs(lhs, rhs) -> list[tuple[str, object, object]] | None:
    """(where, left entry, right entry) for a step between two written-out matrices of one
    shape, or None where they cannot be paired (a shape differs, a pattern is not found,
    one side is not written out)."""
    if not (is_written(lhs) and is_written(rhs)) or lhs.shape != rhs.shape:
        return None
    avoid = lhs.free_symbols | rhs.free_symbols
    left, right = entries(lhs, avoid), entries(rhs, avoid)
    if left is None or right is None or len(left) != len(right):
        return None
    out = []
    for a, b in zip(left, right):
        if (a.index is None) != (b.index is None):
            return None
        if a.index is not None:
            (k, lo, hi), (k2, lo2, hi2) = a.index, b.index
            if (lo, hi) != (lo2, hi2):
                return None
            out.append((a.where, a.expr, b.expr.xreplace({k2: k})))
        else:
            out.append((a.where, a.expr, b.expr))
    return out


def jacobian_pairs(lhs, rhs) -> dict | None:
    """{layout: [(where, ∂a_i/∂z_j, entry)]} for ∂a/∂z (a derivative of a name by a name,
    `\\frac{\\partial \\mathbf{a}}{\\partial \\mathbf{z}}`) against a matrix written out
    with no ellipsis: entry (r, c) is ∂a_r/∂z_c in the numerator layout and ∂a_c/∂z_r in
    the denominator one (one layout, "either", where the matrix written is symmetric), a
    and z read as the letters of their entries (a_1, z_2); None for anything else."""
    d, m = (lhs, rhs) if is_written(rhs) else (rhs, lhs)
    if not is_written(m) or is_written(d) or not isinstance(d, sp.Derivative) \
            or len(d.variables) != 1 or m.has(ELLIPSIS) or 1 in m.shape \
            or not all(isinstance(x, sp.Symbol) for x in (d.expr, d.variables[0])):
        return None
    of, by = (sp.IndexedBase(name_letter(x.name) or x.name, real=True)
              for x in (d.expr, d.variables[0]))
    out = {}
    # a symmetric matrix written out says the same in both layouts: decided once
    for layout in ("either",) if m == m.T else ("numerator", "denominator"):
        rows = []
        for r in range(m.rows):
            for c in range(m.cols):
                i, j = (c, r) if layout == "denominator" else (r, c)
                entry = sp.Derivative(of[i + 1], by[j + 1])
                rows.append((f"entry ({r + 1}, {c + 1})", *((entry, m[r, c]) if d is lhs
                                                            else (m[r, c], entry))))
        out[layout] = rows
    return out


def lengths(name, body) -> dict:
    """{a vector's name: its length} for what a vector written out with a run fixes:
    `X = (x_1; …; x_n)` gives X and x n entries; `S(x) = (e^{x_1}/Σ; …; e^{x_n}/Σ)` gives
    S n entries, and x none (it has at least n). Only a run from 1 counts; {} where
    `body` is no such vector."""
    if not is_written(body) or not isinstance(name, (sp.Symbol, sp.Function)):
        return {}
    rows = entries(body, body.free_symbols | getattr(name, "free_symbols", set()))
    if not rows or rows[0].index is None or rows[0].index[1] != 1:
        return {}
    k, _, hi = rows[0].index
    named = name.func if isinstance(name, sp.Function) else name
    out = {str(named): hi}
    entry = rows[0].expr
    if isinstance(entry, sp.Indexed) and entry.indices == (k,):
        out[str(entry.base.label)] = hi          # the vector's entries written bare
    return out


def definitions(name, body) -> list[tuple[object, object]] | None:
    """(name, body) for what a written-out `body` defines: `X = (x_1; …; x_n)` and
    `S(x) = (…)` define X_k and S_k; a written-out `name` whose entries are bare names
    (`(a_1; a_2; a_3) = (…)`) defines each. Entries written one by one become one
    definition by cases of the index (a_k is the k-th body entry). None if `body` is not
    written out or `name` does not match it."""
    if not is_written(body):
        return None
    avoid = body.free_symbols | getattr(name, "free_symbols", set())
    k = _fresh_index(avoid)
    if is_written(name):
        found = pairs(name, body)
        if found is None:
            return None
        named = [(n, b) for _, n, b in found]
    elif isinstance(name, sp.Symbol) or isinstance(name, sp.Function) and not name.is_number \
            and isinstance(type(name), sp.core.function.UndefinedFunction):
        rows = entries(body, avoid)
        if rows is None or rows[0].index is None and 1 not in body.shape:
            return None
        base = sp.IndexedBase(str(name.func if isinstance(name, sp.Function) else name),
                              real=True)          # as the reader makes x in x_k
        named = [(base[rows[0].index[0]], rows[0].expr)] if rows[0].index is not None \
            else [(base[n + 1], e.expr) for n, e in enumerate(rows)]
    else:
        return None
    out, by_entry = [], {}
    for n, b in named:
        if definition_key(n) is not None:
            out.append((n, b))
        elif isinstance(n, sp.Indexed) and len(n.indices) == 1 and n.indices[0].is_Integer:
            by_entry.setdefault(n.base, []).append((b, sp.Eq(k, n.indices[0])))
        else:
            return None
    for base, rows in by_entry.items():
        out.append((base[k], sp.Piecewise(*rows, (sp.nan, True))))
    return out


# functions of one number that texts apply to a vector entry by entry (σ(\vec Q)_k = σ(Q_k))
ENTRYWISE = (Sigmoid, sp.tanh, sp.exp)


# a bold letter with a decoration under the bold, `\\mathbf{\\bar{y}}`: its entries are ȳ_i
_BOLD_DECORATED = re.compile(r"^\\(?:mathbf|boldsymbol|bm)\{(\\(?:hat|bar|tilde|check|breve|dot|"
                             r"widehat|widetilde|overline)\{[a-zA-Z]\})\}$")
_ONE_OR_ZERO = re.compile(r"^\\(?:mathbf|mathbb|boldsymbol|vec|bm)\{([01])\}$")


def entry_letter(text: str) -> str | None:
    """The name a bold or arrowed vector's entries are written with: x of `\\mathbf{x}`,
    delta of `\\boldsymbol{\\delta}`, `\\bar{y}` of `\\mathbf{\\bar{y}}`; None for others."""
    decorated = _BOLD_DECORATED.match(text)
    return decorated.group(1) if decorated else bold_letter(text)


def _vector_name(text: str) -> bool:
    return bool(entry_letter(text) or _ONE_OR_ZERO.match(text))


def _combination_entry(body, k):
    """Entry k of a combination of vectors with scalar coefficients, `(1 − λ)\\mathbf{y} +
    λ/v \\mathbf{1}`: (1 − λ) y_k + λ/v — each vector by its entry, the vector of ones by 1;
    None where a term is anything but one vector times scalars (a product of two vectors
    is a matrix's, never entrywise)."""
    terms = sp.Add.make_args(sp.expand(body))
    out = []
    for term in terms:
        vectors = [f for f in sp.Mul.make_args(term) if not f.is_commutative or any(
            isinstance(a, sp.Symbol) and _vector_name(a.name) for a in f.free_symbols)]
        if len(vectors) != 1 or not isinstance(vectors[0], sp.Symbol):
            return None
        (v,) = vectors
        ones = _ONE_OR_ZERO.match(v.name)
        letter = entry_letter(v.name)
        if ones:
            entry = sp.Integer(int(ones.group(1)))
        elif letter:
            entry = sp.IndexedBase(letter, real=True)[k]
        else:
            return None
        out.append(term.subs(v, 1) * entry if term != v else entry)
    return sp.Add(*out) if out else None


def product_entries(name, body, count=None) -> list[tuple[object, object]] | None:
    """`s = Wx`: a plain name for a matrix times a vector names its entries too, s_k =
    Σ_m W_{km} x_m — what `s_j` means in the lines after it; so does a function of one
    number applied to a bold or arrowed vector, `\\vec R = \\sigma(\\vec Q)`: R_k = σ(Q_k).
    A bold or arrowed name's entries are written with its letter too (Q_k of \\vec Q, as
    texts write them). None for anything else."""
    if not isinstance(name, sp.Symbol) or name.is_number or not isinstance(body, sp.Expr):
        return None
    k = _fresh_index(body.free_symbols | {name})
    value = entry_of_product(body, k)
    if value is None and isinstance(body, ENTRYWISE) and len(body.args) == 1 \
            and isinstance(body.args[0], sp.Symbol) and bold_letter(body.args[0].name) \
            and bold_letter(name.name):
        value = body.func(sp.IndexedBase(bold_letter(body.args[0].name), real=True)[k])
    if value is None and str(getattr(body, "func", "")) == "softmax" and len(body.args) == 1 \
            and isinstance(body.args[0], sp.Symbol) and bold_letter(body.args[0].name) \
            and bold_letter(name.name):
        # `\mathbf{a} = \mathrm{softmax}(\mathbf{s})`: a_k = e^{s_k} / Σ_l e^{s_l}, over
        # s's entries (`count`, where the page fixes it), else the count a sum that writes
        # none runs to
        s_ = sp.IndexedBase(bold_letter(body.args[0].name), real=True)
        l_ = _fresh_index(body.free_symbols | {name, k})
        value = sp.exp(s_[k]) / sp.Sum(sp.exp(s_[l_]), (l_, 1, count or unwritten_bound(None)))
    if value is None and entry_letter(name.name):
        value = _combination_entry(body, k)
    if value is None:
        return None
    letters = dict.fromkeys([name.name, entry_letter(name.name) or name.name])
    return [(sp.IndexedBase(letter, real=True)[k], value) for letter in letters]


_MATRIX_ENV = re.compile(r"\\begin\{([pbvBV]?matrix)\}(.*?)\\end\{\1\}", re.DOTALL)
_OPEN = re.compile(r"(?:\\left\s*)?\(")


def entry_texts(text: str, count: int) -> list[str] | None:
    """The side as written once for each of its `count` entries, in the order `entries`
    gives them: every matrix or tuple of that many entries written out replaced by that
    entry, what stands around it kept (`\\frac{(7.38906, 2.71828, 1)}{11.10734}` →
    `\\frac{7.38906}{11.10734}`, …) — so that each entry's numbers are compared within
    their own rounding. None where no matrix or tuple of that many entries is found."""
    spans = []                                     # (start, end, its entries)
    for m in _MATRIX_ENV.finditer(text):
        cells = [c for row in _split_top(m.group(2), "\\\\") if row.strip()
                 for c in _split_top(row, "&")]
        if len(cells) == count:
            spans.append((m.start(), m.end(), cells))
    for opening in _OPEN.finditer(text):
        close = _closing(text, opening.end())
        if close is None or any(a <= opening.start() < b for a, b, _ in spans):
            continue
        inner = re.sub(r"\\right\s*$", "", text[opening.end():close])
        parts = _split_top(inner, ";") if ";" in inner else _split_top(inner, ",")
        if len(parts) == count > 1:
            spans.append((opening.start(), close + 1, parts))
    if not spans:
        return None
    spans.sort()
    out = []
    for k in range(count):
        written, last = "", 0
        for start, end, parts in spans:
            part = re.sub(r"^(?:\s|\\[ ,;:!])+|(?:\s|\\[ ,;:!])+$", "", parts[k])
            alone = start == 0 and end == len(text) and len(spans) == 1
            written += text[last:start] + (part if alone else f"{{{part}}}")
            last = end
        out.append(written + text[last:])
    return out


def _closing(text: str, start: int) -> int | None:
    """Where the parenthesis opened just before `start` closes."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] in "({[":
            depth += 1
        elif text[i] in ")}]":
            depth -= 1
            if depth == 0:
                return i if text[i] == ")" else None
    return None


def _split_top(text: str, sep: str) -> list[str]:
    """The parts of text between top-level separators (`\\,`, `\\;` spaces are no `,`/`;`)."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(text):
        if text.startswith(sep, i) and depth == 0 and not (sep in ",;" and text[i - 1:i] == "\\"):
            parts.append(current)
            current, i = "", i + len(sep)
            continue
        ch = text[i]
        depth += 1 if ch in "({[" else -1 if ch in ")}]" else 0
        current += ch
        i += 1
    return parts + [current]
