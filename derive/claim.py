"""What a claim is: relations, hypotheses, index ranges, definitions, source and scope.

A claim is plain data. The prover reads it; lemmas/ writes it; reports print it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

HOLDS = "holds"   # the claim is meant to be true: it must end `proved`
SLIP = "slip"     # a lecture's wrong form: it must end `refuted`


# --- relations -------------------------------------------------------------------------

@dataclass(frozen=True)
class Equals:
    """lhs = rhs (scalars, or matrices entry by entry)."""
    lhs: object
    rhs: object

    def latex(self) -> str:
        return f"{tex(self.lhs)} = {tex(self.rhs)}"


_OPS = {"<": r"<", "<=": r"\le", ">": r">", ">=": r"\ge"}


@dataclass(frozen=True)
class Compare:
    """lhs op rhs for every admissible value, op one of < <= > >=."""
    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"unknown comparison {self.op!r}")

    def latex(self) -> str:
        return f"{tex(self.lhs)} {_OPS[self.op]} {tex(self.rhs)}"


@dataclass(frozen=True)
class Limit:
    """lim_{var → point} expr = value (direction '+', '-' or '+-')."""
    expr: sp.Expr
    var: sp.Symbol
    point: sp.Expr
    value: sp.Expr
    direction: str = "+-"

    def latex(self) -> str:
        arrow = {"+": "^{+}", "-": "^{-}"}.get(self.direction, "")
        return (rf"\lim_{{{tex(self.var)} \to {tex(self.point)}{arrow}}} {tex(self.expr)}"
                rf" = {tex(self.value)}")


@dataclass(frozen=True)
class Minimum:
    """min over the admissible set of `objective` is attained at `at` with value `value`."""
    objective: sp.Expr
    at: tuple[tuple[object, sp.Expr], ...]
    value: sp.Expr

    def latex(self) -> str:
        where = ", ".join(f"{tex(v)} = {tex(x)}" for v, x in self.at)
        return rf"\min {tex(self.objective)} = {tex(self.value)} \text{{ at }} {where}"


@dataclass(frozen=True)
class Computation:
    """A number produced by a procedure (a simulation), with what it computes."""
    fn: Callable[[], sp.Expr]
    description: str

    def __str__(self) -> str:
        return self.description


@dataclass(frozen=True)
class Approx:
    """A concrete quantity equals a stated rounded value: |expr − stated| ≤ tolerance."""
    expr: object
    stated: sp.Expr
    tolerance: sp.Expr
    label: str = ""                 # LaTeX (math mode) naming the quantity

    def name_latex(self) -> str:
        return (self.label if self.label
                else rf"\text{{{self.expr}}}" if isinstance(self.expr, Computation)
                else tex(self.expr))

    def latex(self) -> str:
        return rf"{self.name_latex()} \approx {tex(self.stated)}"


@dataclass(frozen=True)
class ZeroIff:
    """expr = 0 exactly when every pair of `equal` agrees (expr ≥ 0 is a separate part)."""
    expr: sp.Expr
    equal: tuple[tuple[object, object], ...]

    def latex(self) -> str:
        cond = r",\ ".join(f"{tex(a)} = {tex(b)}" for a, b in self.equal)
        return rf"{tex(self.expr)} = 0 \iff {cond}"


@dataclass(frozen=True)
class MatrixEquals:
    """lhs = rhs in matrix notation (derive.notation: names in order, Transposed, ⊙, tr):
    `shapes` gives each matrix or vector name its (rows, columns) in dimension symbols;
    a name not listed is a number. Proved for all shapes by SymPy's matrix algebra where
    it can, else at every size 1–4 (the scope says which)."""
    lhs: object
    rhs: object
    shapes: tuple = ()                 # ((name, (rows, columns)), …)

    def declared(self) -> dict:
        """The shapes as derive.prover.matrices takes declarations: {name's LaTeX: shape}."""
        return {sp.latex(name): shape for name, shape in self.shapes}

    def latex(self) -> str:
        return f"{tex(self.lhs)} = {tex(self.rhs)}"


Relation = Equals | Compare | Limit | Minimum | Approx | ZeroIff | MatrixEquals


# --- claims ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    lecture: str
    topic: str

    def __str__(self) -> str:
        return f"{self.lecture}: {self.topic}"


@dataclass(frozen=True)
class Part:
    """One relation of a claim, with the hypotheses that hold only for it (k ≠ j, …)."""
    relation: Relation
    label: str = ""
    hypotheses: tuple = ()


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    source: Source
    parts: tuple[Part, ...]
    scope: str = ""                        # what the lecture states: "all n", "z real"
    hypotheses: tuple = ()                 # SymPy relations; a free index means "for every index"
    indices: Mapping = field(default_factory=dict)   # index symbol -> upper bound
    dims: Mapping = field(default_factory=dict)      # dimension symbol -> smallest value
    defs: Mapping = field(default_factory=dict)      # name -> definition (Lambda for vectors)
    lecture: str = ""                      # the lecture's own LaTeX, where it differs
    expect: str = HOLDS
    corrects: str = ""                     # for a slip: the id of the right claim
    uses: tuple[str, ...] = ()             # lemmas this claim's proof relies on
    note: str = ""
    # a step of a derivation means its sides where they are defined: a logarithm's
    # argument positive (a lemma states its own hypotheses instead)
    where_defined: bool = False
    # an index's lower bound where it is not 1: k of w_k beside Σ_{j=0}^{K-1} w_j runs
    # from 0 (to K − 1), as convolutions and time steps are written
    starts: Mapping = field(default_factory=dict)

    def __post_init__(self):
        if self.expect not in (HOLDS, SLIP):
            raise ValueError(f"{self.id}: expect must be {HOLDS!r} or {SLIP!r}")
        if not self.parts:
            raise ValueError(f"{self.id}: a claim needs at least one part")

    def statement(self) -> str:
        """The claim in LaTeX, one relation per part."""
        rows = []
        for part in self.parts:
            row = part.relation.latex()
            extra = [tex_relation(h) for h in part.hypotheses]
            if extra:
                row += r"\quad (" + ", ".join(extra) + ")"
            rows.append(row)
        return r" \\ ".join(rows)

    def hypotheses_latex(self) -> list[str]:
        out = [tex_relation(h) for h in self.hypotheses]
        out += [rf"{tex(d)} \ge {m}" for d, m in self.dims.items() if m > 1]
        return out


def tex(obj) -> str:
    """LaTeX for people: the prover's canonical bound variables (_k0, _k1, …) are shown
    as letters that the expression does not use otherwise."""
    if isinstance(obj, sp.Basic):
        obj = _readable_bound(obj)
    return sp.latex(obj)


_CANONICAL = re.compile(r"_k\d+$")
_LETTERS = "klmpqrstuv"


def _readable_bound(expr):
    symbols = expr.atoms(sp.Symbol)
    canonical = sorted((s for s in symbols if _CANONICAL.match(s.name)), key=lambda s: s.name)
    if not canonical:
        return expr
    used = {s.name for s in symbols} | {b.label.name for b in expr.atoms(sp.IndexedBase)
                                         if isinstance(b.label, sp.Symbol)}
    free = [c for c in _LETTERS if c not in used] + [f"k_{{{n}}}" for n in range(1, 99)]
    return expr.xreplace({s: sp.Symbol(name, **s.assumptions0)
                          for s, name in zip(canonical, free)})


def tex_relation(rel) -> str:
    return sp.latex(rel)


def part(relation: Relation, label: str = "", *hypotheses) -> Part:
    return Part(relation, label, tuple(hypotheses))
