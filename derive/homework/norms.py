"""‖w‖ and ⟨w, x⟩ written beside the entries of w: the norm and the inner product in those
entries.

Lecture notes write the L2 penalty both ways in one step, `\\frac{\\lambda}{2}\\|\\mathbf{w}\\|_2^2
= \\frac{\\lambda}{2}\\sum_{j=1}^m w_j^2`. The reader keeps a norm whole (an atom); where the step
also sums over the entries of the same letter, the norm is written out over them: the
Euclidean norm (‖·‖, ‖·‖₂; Frobenius ‖·‖_F, or ‖·‖₂ of a name with two indices), over the
ranges the sum runs. Other norms (‖·‖₁, ‖·‖_∞) stay whole.
"""
from __future__ import annotations

import re

import sympy as sp

from ..latex.parser import DEFAULT_DIM, bold_letter

_NORM = re.compile(r"^(\\\||\|\||\\[lr]Vert)\s*(?P<inner>.+?)\s*(\\\||\|\||\\[lr]Vert)"
                   r"(_\{?\s*[2F]\s*\}?)?$")


def written_out(exprs) -> tuple[dict, str]:
    """({norm atom: its value in entries}, the reading in words, '' where none)."""
    sums = [s for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)]
    found, words = {}, []
    for atom in {a for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(sp.Symbol)}:
        m = _NORM.match(atom.name)
        if not m:
            continue
        letter = name_letter(m.group("inner"))
        ranges = _ranges(letter, sums) if letter else None
        if ranges is None:
            continue
        base = sp.IndexedBase(letter, real=True)
        idx = [sp.Dummy(f"n{k}", integer=True) for k in range(len(ranges))]
        entry = base[tuple(idx)]
        limits = [(i, lo, hi) for i, (lo, hi) in zip(idx, ranges)]
        found[atom] = sp.sqrt(sp.Sum(entry ** 2, *limits))
        shown = ", ".join(f"{sp.latex(lo)}…{sp.latex(hi)}" for lo, hi in ranges)
        words.append(f"${m.group(0)}$ as the norm of the entries ${letter}$ that the step "
                     f"sums ({shown})")
    return found, "; ".join(words)


def name_letter(text: str) -> str | None:
    """The letter of a bare name, bold or not (\\mathbf{w}, \\vec{w}, w); None for anything
    else (Xw − y)."""
    text = text.strip()
    return bold_letter(text) or (text if re.fullmatch(r"[a-zA-Z]", text) else None)


def _ranges(letter: str, sums) -> list | None:
    """The (low, high) of each index of `letter`'s entries, from the one sum that runs over
    them: its own bound index, or the one limit of the sum the entry leaves unused (Σ_l
    Σ_j w_{i,j}: the i written for l). None where no sum, or sums of other ranges, write
    them."""
    found = None
    for s in sums:
        limits = {v: (lo, hi) for v, lo, hi in s.limits}
        for e in s.function.atoms(sp.Indexed):
            if name_letter(str(e.base.label)) != letter:
                continue
            unused = [v for v in limits if v not in e.indices]
            ranges = []
            for i in e.indices:
                if i in limits:
                    ranges.append(limits[i])
                elif len(unused) == 1:
                    ranges.append(limits[unused.pop()])
                else:
                    return None
            if found is not None and found != ranges:
                return None
            found = ranges
    return found


_INNER = re.compile(r"^\\langle\s*(?P<a>[^,]+?)\s*,\s*(?P<b>[^,]+?)\s*\\rangle$")
_ROW = re.compile(r"^(?P<letter>.+?)_\{(?P<row>[a-zA-Z])\}$")


def inner_products(exprs) -> tuple[dict, str]:
    """({⟨w, x_i⟩ atom: Σ_k w_k x_{ik}}, the reading in words): an inner product kept whole
    where the expressions (a step and the definitions it uses) write entries of one of its
    vectors — ∂/∂w_j of ln(1 + e^{−y⟨w, x⟩}) beside x_j, as Russian course notes write
    the logistic gradient. A name with a letter below it (x_i) is a row of a data matrix,
    its entries x_{ik}. The sum runs to the unwritten count, as a Σ_k with no bounds does.
    The same for wᵀx (`_transposed_pair`) and for a norm ‖w‖ beside w_j: √(Σ_k w_k²)."""
    items = [e for e in exprs if isinstance(e, sp.Basic)]
    written = {name_letter(str(i.base.label)) for e in items for i in e.atoms(sp.Indexed)}
    found, words = {}, []
    for atom in {a for e in items for a in e.atoms(sp.Symbol)}:
        m = _INNER.match(atom.name)
        if not m:
            continue
        sides = []
        for text in (m.group("a"), m.group("b")):
            row = _ROW.match(text)
            letter = name_letter(row.group("letter") if row else text)
            if letter is None:
                break
            sides.append((letter, sp.Symbol(row.group("row"), integer=True, positive=True)
                          if row else None))
        if len(sides) != 2 or not {letter for letter, _ in sides} & written:
            continue
        found[atom] = _entry_sum(sides)
        words.append(f"${m.group(0)}$ as the sum of products of the entries the step writes")
    for atom in {a for e in items for a in e.atoms(sp.Symbol)}:
        m = _NORM.match(atom.name)              # λ‖w‖² beside w_j: Σ_k w_k²
        letter = name_letter(m.group("inner")) if m and "F" not in (m.group(4) or "") \
            else None
        if letter is None or letter.isupper() or letter not in written or atom in found:
            continue
        found[atom] = sp.sqrt(_entry_sum([(letter, None), (letter, None)]))
        words.append(f"${m.group(0)}$ as the norm of the entries the step writes")
    for product in {m for e in items for m in e.atoms(sp.Mul)}:
        sides = _transposed_pair(product)       # wᵀx, wᵀx_i beside w_j or x_j
        if sides is None or not {letter for letter, _ in sides} & written:
            continue
        found[product] = _entry_sum(sides)
        words.append(f"${sp.latex(product)}$ as the sum of products of the entries the step "
                     "writes")
    return found, "; ".join(dict.fromkeys(words))


def _entry_sum(sides) -> sp.Sum:
    """Σ_k u_k v_k over the unwritten count, for [(letter, row index or None)] × 2 (a row
    x_i's entries are x_{ik})."""
    k = sp.Dummy("k", integer=True, positive=True)
    factors = [sp.IndexedBase(letter, real=True)[(row, k) if row is not None else k]
               for letter, row in sides]
    return sp.Sum(factors[0] * factors[1], (k, 1, DEFAULT_DIM))


def _transposed_pair(product) -> list | None:
    """[(letter, row index or None)] × 2 of a product of exactly a transposed vector and a
    vector, as the scalar reading has it (`w^{T}` times x, or times the row x_i); None for
    any other product (a matrix's capital letter never is one)."""
    if len(product.args) != 2:
        return None
    head = next((a for a in product.args if isinstance(a, sp.Symbol)
                 and a.name.endswith("^{T}")), None)
    if head is None:
        return None
    other = next(a for a in product.args if a is not head)
    first = name_letter(head.name[:-4])
    if isinstance(other, sp.Symbol):
        second, row = name_letter(other.name), None
    elif isinstance(other, sp.Indexed) and len(other.indices) == 1 \
            and isinstance(other.indices[0], sp.Symbol):
        second, row = name_letter(str(other.base.label)), other.indices[0]
    else:
        return None
    if not (first and second) or first.isupper() or second.isupper():
        return None
    return [(first, None), (second, row)]
