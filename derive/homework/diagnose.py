"""Naming the slip of a wrong step: the small edits that would make it valid.

For an invalid step `lhs rel rhs` the repair search tries small edits of the written
right-hand side (and of the left-hand side where it is an expression the student wrote,
not a derivative to be worked out or a defined name) — the edits of derive.mutations:
a sign, a factor, an index, an exponent's sign, a power, a sum's range, a logarithm of a
quotient — and the hypotheses the file might have left out (Σ_j y_j = 1, k ≠ j, i = j).

Every candidate is first screened numerically: both sides at a few admissible points,
sharing one evaluator per point, so that the lhs (often a derivative) is evaluated once
for all candidates. A survivor is then decided by the same procedure as any step
(step.step_claim + step.judge: symbolic, then the numeric cross-check), and only one
that comes out valid is shown. The search runs under the step's own deadline and ends
with what it has when that runs out.
"""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

import mpmath
import sympy as sp

from ..latex.parser import DEFAULT_DIM, index_symbol, read_expr
from ..latex.printer import lecture_latex as tex
from ..mutations import Edit, edits
from ..prover.context import Context
from ..prover.evaluation import Evaluator, Undefined
from ..prover.exprs import free_symbols
from ..prover.numeric import compare_values
from ..prover.sampling import concrete, differ, instances, sample_point
from ..sandbox import Timeout, deadline, remaining
from .results import VALID
from .scope import definition_key, letter, read_bare
from .step import judge, step_claim, unifier, write_logistic

SHOWN = 3                 # repairs reported at most
CANDIDATES = 80           # edits screened at most (the cheapest first)
SCREEN_POINTS = 4         # admissible points a candidate must pass before it is proved,
SCREEN_INSTANCES = 2      # … spread over this many concrete (n, indices)
SCREEN_DIGITS = 30
_AGREE = 1e-18

# which edits are the smallest: a tier (a slip of one symbol, then of one factor or power,
# then a hypothesis, then any edit of the lhs, which a chain has usually checked already),
# then how much of the expression the edit touches; on a tie the more specific kind names
# it (a quotient's logarithm split the wrong way round is a log slip before a sign slip)
_TIER = {"log": 0, "exponent": 0, "range": 0, "index": 0, "sign": 0,
         "power": 1, "factor": 1, "hypothesis": 2, "lhs": 3}
_KINDS = list(_TIER)[:-1]


@dataclass(frozen=True)
class Candidate:
    """A repair to try: the step with one side edited, or under one more hypothesis."""
    kind: str
    lhs: object
    rhs: object
    key: tuple                # smallest first
    edit: Edit | None = None
    side: str = "rhs"
    assume: tuple = ()        # a hypothesis for every index (Σ_j y_j = 1)
    condition: tuple = ()     # a hypothesis on the indices at hand (k ≠ j, i = j)
    # the condition is a region of a function's argument (max(0, u) = u where u > 0), not
    # a hypothesis a setting customarily makes: the step stays a slip without it
    region: bool = False
    first: Edit | None = None     # a two-edit repair: the edit made before `edit`

    def to_json(self, spell=None) -> dict:
        """The SPEC §3 diagnosis entry (LaTeX is written only for what is shown); `spell`
        (expr, side) writes a subexpression as the writer did, where it can."""
        spell = spell or _sympy_latex
        if self.edit is None:
            h = (self.assume + self.condition)[0]
            if self.region:
                return {"kind": self.kind, "region": True, "hypothesis": f"${tex(h)}$",
                        "description": f"holds only where ${tex(h)}$, a branch of the "
                                       "function that the step takes without saying so",
                        "corrected": rf"{tex(self.rhs)} \quad \text{{if }} {tex(h)}"}
            return {"kind": self.kind, "hypothesis": f"${tex(h)}$",
                    "description": f"holds only if ${tex(h)}$, which the file does not "
                                   "assume",
                    "corrected": rf"{tex(self.rhs)} \quad \text{{if }} {tex(h)}"}
        if self.first is not None:
            second = _describe(self.edit, self.side, spell).removeprefix("likely slip: ")
            return {"kind": self.kind, "edits": 2,
                    "description": f"{_describe(self.first, self.side, spell)}; and {second}",
                    "corrected": tex(self.edit.result)}
        return {"kind": self.kind, "description": _describe(self.edit, self.side, spell),
                "corrected": tex(self.edit.result)}


def diagnose(lhs, rel: str, rhs, scope, conditions=(), seconds: float = 2.0,
             counterexample: dict | None = None, written=None) -> list[dict]:
    """The repairs of an invalid step that derive proves valid, smallest first, at most
    three (as SPEC §3 `diagnosis` entries); [] when no small edit works. The search stops
    after `seconds` (or an outer deadline) with what it has found. The step's
    counterexample, where given, rules out a hypothesis it satisfies (k ≠ j at k=2, j=1)."""
    found: list[Candidate] = []
    try:
        with deadline(seconds):
            base = step_claim(lhs, rel, rhs, scope, conditions)
            material = _material(lhs, scope, set(base.dims))
            cands = [c for c in candidates(lhs, rhs, base, scope, conditions, material)
                     if not _fails_at(c, counterexample or {})]
            found = _proved(screen(cands, rel, lhs, rhs, base, scope, conditions), rel,
                            scope, conditions)
            if not found:        # two slips in one step: a second edit on the smallest
                seconds_ = _second_edits(cands, lhs, rhs, base, scope, conditions, material)
                found = _proved(screen(seconds_, rel, lhs, rhs, base, scope, conditions),
                                rel, scope, conditions)
    except Timeout:
        pass
    spell = _spelling(written, scope, SPELL_SECONDS) if written and found else _sympy_latex
    return [c.to_json(spell) for c in found]


def _sympy_latex(expr, side) -> str:
    return tex(expr)


SPELL_SECONDS = 0.3          # to find, in the step's LaTeX, what each shown repair changes
SPELL_SPANS = 300
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|\s+|.", re.S)
_OPERATORS = {"+", "-", "=", ",", r"\cdot", r"\times"}


def _spans(text: str, offset: int = 0, depth: int = 0) -> list[tuple[int, int]]:
    """The pieces of `text` a subexpression can be written as: runs of whole factors and
    terms at one level of brackets (shortest first), and the same inside each bracket."""
    starts, ends, groups, level, opened = [0], [], [], 0, 0
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        if t in ("{", "(", "["):
            if level == 0:
                opened = m.end()
            level += 1
        elif t in ("}", ")", "]"):
            level -= 1
            if level == 0:
                groups.append((opened, m.start()))
        elif level == 0 and (t.isspace() or t in _OPERATORS):
            ends.append(m.start())
            starts.append(m.end())
    ends.append(len(text))
    out = [(offset + a, offset + b) for a in starts for b in ends
           if a < b and text[a:b].strip() and text[a:b].strip() not in _OPERATORS]
    if depth < 3:
        for a, b in groups:
            out += _spans(text[a:b], offset + a, depth + 1)
    return sorted(set(out), key=lambda ab: ab[1] - ab[0])


def _spelling(written, scope, seconds: float):
    """expr, side → the writer's LaTeX for expr: the shortest piece of that side's text
    that reads as expr, found within `seconds` in all; SymPy's LaTeX where none is."""
    texts = dict(zip(("lhs", "rhs"), written))
    functions = frozenset(scope.functions)
    found: dict = {}
    try:
        with deadline(seconds):
            spans = {side: _spans(t)[:SPELL_SPANS] for side, t in texts.items()}
    except Timeout:
        spans = {}

    def spell(expr, side):
        key = (expr, side)
        if key in found:
            return found[key]
        found[key] = tex(expr)
        text = texts.get(side, "")
        names = {getattr(s, "name", "") for s in getattr(expr, "free_symbols", ())}
        names = {n for n in names if len(n) == 1}
        try:
            with deadline(seconds / 3):
                for a, b in spans.get(side, ()):
                    piece = text[a:b].strip()
                    if not all(n in piece for n in names):
                        continue
                    try:
                        value = read_expr(piece, functions)
                    except Exception:            # a piece that does not read is no match
                        continue
                    if value == expr:
                        found[key] = piece
                        break
        except Timeout:
            pass
        return found[key]
    return spell


def _proved(screened, rel, scope, conditions) -> list:
    """The screened candidates proved valid like any step, smallest first: only as small a
    repair as the first one found (a hypothesis or an lhs edit only where no rhs edit
    works), at most SHOWN; what is found when time runs out."""
    found: list[Candidate] = []
    try:
        for cand in screened:
            if found and cand.key[0] > found[0].key[0]:
                break
            claim = step_claim(cand.lhs, rel, cand.rhs, _with(scope, cand.assume),
                               tuple(conditions) + cand.condition)
            if judge(claim, budget=remaining())["verdict"] == VALID:
                found.append(cand)
                if len(found) == SHOWN:
                    break
    except Timeout:
        pass
    return found


FIRST_EDITS = 12         # the smallest one-edit candidates a second edit is tried on


def _second_edits(cands, lhs, rhs, base, scope, conditions, material) -> list[Candidate]:
    """Two-edit repairs: every edit of the rhs of the FIRST_EDITS smallest one-edit
    candidates of the rhs (two slips in one step: a power and a lost factor), smallest
    pair first; named by the first edit's kind."""
    dims = set(base.dims)
    out: dict = {}
    for c in [c for c in cands if c.edit is not None and c.side == "rhs"][:FIRST_EDITS]:
        indices = _step_indices(lhs, c.rhs, conditions, dims)
        for c2 in _smallest(_rhs_edits(lhs, c.rhs, indices, material, scope))[:CANDIDATES]:
            if c2.rhs in out or c2.rhs == rhs:
                continue
            key = (max(c.key[0], c2.key[0]) + 1, c.edit.size + c2.edit.size, c.key[2])
            out[c2.rhs] = Candidate(c.kind, lhs, c2.rhs, key, c2.edit, "rhs", first=c.edit)
    return sorted(out.values(), key=lambda c: c.key)[:CANDIDATES]


def _with(scope, assume):
    if not assume:
        return scope
    out = scope.copy()
    out.hypotheses.extend(assume)
    return out


# --- candidates ----------------------------------------------------------------------------

def _written(expr) -> bool:
    """An lhs the student wrote as an expression (not ∂C/∂z_i, not a defined name)."""
    return isinstance(expr, sp.Basic) and not expr.has(sp.Derivative) \
        and definition_key(expr) is None and not expr.is_Atom


def _free_indices(exprs) -> list:
    found = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            found |= {s for s in free_symbols(e) if s.is_integer and isinstance(s, sp.Symbol)}
    return sorted(found, key=str)


def candidates(lhs, rhs, base, scope, conditions=(), material=None) -> list[Candidate]:
    """Every repair to try, deduplicated, smallest first, at most CANDIDATES. `material`:
    what the right side's edits draw on (`_material`), where already found."""
    dims = set(base.dims)
    indices = _step_indices(lhs, rhs, conditions, dims)
    material = material or _material(lhs, scope, dims)
    found = list(_rhs_edits(lhs, rhs, indices, material, scope)) \
        if isinstance(rhs, sp.Basic) else []
    if _written(lhs):
        found += [Candidate(e.kind, e.result, rhs, (_TIER["lhs"], e.size, _KINDS.index(e.kind)),
                            e, "lhs")
                  for e in edits(lhs, indices, rhs)
                  if e.how != "whole"]      # the same repair as the rhs's sign flipped
    found += _hypotheses(lhs, rhs, base, scope, indices, conditions)
    return _smallest(found)[:CANDIDATES]


def _smallest(cands) -> list[Candidate]:
    """The candidates, one per repair, smallest first: one repair reached by two edits is
    named by the more specific kind."""
    out: dict = {}
    for c in cands:
        sig = (c.lhs, c.rhs, c.assume, c.condition)
        if sig not in out or (c.key[0], _KINDS.index(c.kind), c.key) < (
                out[sig].key[0], _KINDS.index(out[sig].kind), out[sig].key):
            out[sig] = c
    return sorted(out.values(), key=lambda c: c.key)


def _step_indices(lhs, rhs, conditions, dims) -> list:
    return [i for i in _free_indices([lhs, rhs, *conditions]) if i not in dims]


@dataclass(frozen=True)
class _Material:
    """What the right side's edits draw on, the same for every candidate of one step: the
    chain-rule factors the left side's derivative may have lost, the small scales, and the
    problem's variables one may be written for another."""
    factors: tuple
    scales: tuple
    names: tuple


def _material(lhs, scope, dims) -> _Material:
    differentiates = isinstance(lhs, sp.Basic) and lhs.has(sp.Derivative)
    factors = tuple(_chain_factors(scope) + _inner_derivatives(lhs, scope)) \
        if differentiates else ()
    return _Material(factors, (sp.Integer(2), sp.Rational(1, 2), *dims, *(1 / d for d in dims)),
                     tuple(_variables(lhs, scope)))


def _rhs_edits(lhs, rhs, indices, material: _Material, scope):
    """The candidates that edit the right side once."""
    for e in edits(rhs, indices, lhs, factors=material.factors, scales=material.scales,
                   names=list(material.names) + _twins(rhs, scope)):
        yield Candidate(e.kind, lhs, e.result, (_TIER[e.kind], e.size, _KINDS.index(e.kind)),
                        e, "rhs")


def _variables(lhs, scope, most: int = 6) -> list:
    """The variables of the problem a derivative's definitions are written in (x, y, z of
    q = x + y, f = qz; the vector bases w, x of s = w_0 x_0 + …): any may have been written
    for another. Only for a step that differentiates."""
    if not isinstance(lhs, sp.Basic) or not lhs.has(sp.Derivative):
        return []
    found = []
    for body in scope.defs.values():
        if not isinstance(body, sp.Basic):
            continue
        found += [s for s in body.free_symbols if isinstance(s, sp.Symbol)
                  and not s.is_integer and s not in scope.defs]
        found += [i.base for i in body.atoms(sp.Indexed) if i.base not in scope.defs]
    return sorted(dict.fromkeys(found), key=str)[:most]


def _twins(expr, scope) -> list:
    """Names one letter writes with and without a label (w_{jk} and w^L_{jk} of z^L =
    Σ_k w^L_{jk} a_k + b): a label dropped or added is a slip of one symbol."""
    bases = {i.base for e in [expr, *scope.defs.values()] if isinstance(e, sp.Basic)
             for i in e.atoms(sp.Indexed)}
    bases |= {b for e in scope.defs.values() if isinstance(e, sp.Lambda)
              for b in e.expr.atoms(sp.IndexedBase)}
    by_letter: dict = {}
    for b in bases:
        by_letter.setdefault(letter(b), set()).add(b)
    used = {i.base for i in expr.atoms(sp.Indexed)} if isinstance(expr, sp.Basic) else set()
    return sorted((b for group in by_letter.values() if len(group) > 1 and group & used
                   for b in group), key=str)


def _inner_derivatives(lhs, scope, most: int = 6) -> list:
    """The derivatives of the inner functions of what a derivative differentiates (x_i of
    (w x_i − y_i)² by w, 2 of tanh(2x)): the chain-rule factors a student drops. From the
    derivative's expression with the document's definitions written in."""
    out = []
    bare = scope.bare_functions([lhs])
    for d in lhs.atoms(sp.Derivative):
        body, v = read_bare(d.expr, bare), d.variables[0]
        if isinstance(body, (sp.Symbol, sp.Indexed)) and body in scope.defs:
            body = scope.defs[body]
        elif isinstance(body, sp.Function) and body.func in scope.defs \
                and isinstance(scope.defs[body.func], sp.Lambda):
            body = scope.defs[body.func](*body.args)
        if not isinstance(body, sp.Basic):
            continue
        inner = [a.base for a in body.atoms(sp.Pow)] + \
            [x for f in body.atoms(sp.Function) for x in f.args] + \
            [a for a in body.atoms(sp.Add)]                # 1 − y(wx + b): wx + b
        if not body.has(sp.Derivative, sp.core.function.AppliedUndef):
            try:                           # the factors of the derivative itself (−y·x)
                whole = sp.diff(body, v)
                out += [f for f in sp.Mul.make_args(sp.factor(whole))
                        if not f.is_Number and f not in out]
            except (ValueError, TypeError, NotImplementedError):
                pass
        for u in inner:
            if u.has(v) and u != v:
                try:
                    du = sp.diff(u, v)
                except (ValueError, TypeError):
                    continue
                if du != 0 and not du.has(sp.Derivative) and du not in out:
                    out.append(du)
    return out[:most]


def _chain_factors(scope, most: int = 6) -> list:
    """The chain rule's factors a derivative may have lost: ∂u/∂v for a defined name u
    and a name v its definition uses (∂a/∂z for a = σ(z))."""
    out = []
    for u, body in scope.defs.items():
        if isinstance(u, sp.Symbol) and isinstance(body, sp.Expr):
            out += [sp.Derivative(u, v) for v in sorted(body.free_symbols, key=str)
                    if isinstance(v, sp.Symbol) and not v.is_integer]
    return out[:most]


def _hypotheses(lhs, rhs, base, scope, indices, conditions) -> list[Candidate]:
    """The step under a hypothesis the file does not make: Σ_j y_j = 1 for a vector y of
    the step (after its definitions are unfolded), k ≠ j or i = j for its free indices."""
    have = list(scope.hypotheses) + list(conditions)
    ctx = Context.of(base, base.parts[0])
    rel = base.parts[0].relation
    unfolded = [ctx.unfold(rel.lhs), ctx.unfold(rel.rhs)]
    # a vector the step weights with (y_j ln a_j), not one it only exponentiates (z_k); or
    # the rows of a matrix at the step's own sample index (Y_{ik} ln Ŷ_{ik}, one-hot rows)
    free = {str(s) for s in indices}
    vectors = sorted({(x.base, x.indices[:-1]) for e in unfolded if isinstance(e, sp.Basic)
                      for x in _outside_exp(e) if len(x.indices) == 1 or len(x.indices) == 2
                      and str(x.indices[0]) in free and x.indices[0] != x.indices[1]}
                     - {(b, ()) for b in scope.defs}, key=str)
    vectors = [(v, row) for v, row in vectors if v not in scope.defs]
    dim = next(iter(base.dims), DEFAULT_DIM) if len(base.dims) <= 1 else None
    used = {str(s) for s in indices}
    var = index_symbol(next(c for c in "jkmlpqrs" if c not in used))
    out = []
    for v, row in vectors[:3] if dim is not None else ():
        if not any(_total_of(g) == v for g in have):
            h = sp.Eq(sp.Sum(v[(*row, var)], (var, 1, dim)), 1)
            out.append(Candidate("hypothesis", lhs, rhs, (_TIER["hypothesis"], 1, 0),
                                 assume=(h,)))
    for a, b in [(a, b) for n, a in enumerate(indices) for b in indices[n + 1:]][:3]:
        if any(_pair_of(g) == {str(a), str(b)} for g in have):
            continue
        for h in (sp.Ne(a, b), sp.Eq(a, b)):
            out.append(Candidate("hypothesis", lhs, rhs, (_TIER["hypothesis"], 2, 0),
                                 condition=(h,)))
    for u in _branches(unfolded)[:2]:          # max(0, u) written as u, or as 0
        for h in (u > 0, u < 0):
            out.append(Candidate("hypothesis", lhs, rhs, (_TIER["hypothesis"], 3, 0),
                                 condition=(h,), region=True))
    return out


def _branches(exprs) -> list:
    """The u of each max(0, u) in the step: where u > 0 it is u, where u < 0 it is 0."""
    found = []
    for e in exprs:
        if isinstance(e, sp.Basic):
            for m in e.atoms(sp.Max):
                rest = [a for a in m.args if a != 0]
                if len(m.args) == 2 and len(rest) == 1 and rest[0] not in found \
                        and not rest[0].has(sp.Sum, sp.Derivative):
                    found.append(rest[0])
    return found


def _outside_exp(e):
    if isinstance(e, sp.Indexed):
        return [e]
    if isinstance(e, sp.exp) or not isinstance(e, sp.Basic):
        return []
    args = e.args[:1] if isinstance(e, sp.Derivative) else e.args
    return [x for a in args for x in _outside_exp(a)]


def _fails_at(c: Candidate, counterexample: dict) -> bool:
    """Whether the step's counterexample satisfies the candidate's index hypothesis: then
    the step fails under it too."""
    for h in c.condition:
        a, b = (counterexample.get(str(x)) for x in h.args)
        if a is not None and b is not None and bool(h.func(sp.Integer(a), sp.Integer(b))):
            return True
    return False


def _total_of(h):
    """y when h is Σ_j y_j = 1."""
    if isinstance(h, sp.Eq) and isinstance(h.lhs, sp.Sum) and h.rhs == 1 \
            and isinstance(h.lhs.function, sp.Indexed):
        return h.lhs.function.base
    return None


def _pair_of(h):
    """{"i", "j"} when h is i = j or i ≠ j (the file's letters may be real symbols)."""
    if isinstance(h, (sp.Eq, sp.Ne)) and all(isinstance(a, sp.Symbol) for a in h.args):
        return {str(a) for a in h.args}
    return None


def _describe(e: Edit, side: str, spell=None) -> str:
    """In words, formulas between $…$ (the HTML report typesets them); what the writer
    wrote (`old`) in their own LaTeX where `spell` finds it."""
    def t(expr):
        return f"${spell(expr, side) if spell and expr is old else tex(expr)}$"
    where = " on the left-hand side" if side == "lhs" else ""
    old, new = e.old, e.new
    text = {
        ("sign", "whole"): lambda: "the sign of the whole expression is flipped",
        ("sign", "term"): lambda: f"the sign of the term {t(old)} is flipped",
        ("sign", "factor"): lambda: f"the sign of the factor {t(old)} is flipped",
        ("factor", "drop"): lambda: f"the factor {t(old)} should not be there",
        ("factor", "restore"): lambda: f"the factor {t(new)} is missing",
        ("factor", "scale"): lambda: f"the factor {t(new)} is missing" if new == 2
                                     or new.is_Pow else f"a factor {t(1 / new)} too many",
        ("exponent", "exp"): lambda: f"the sign of the exponent in {t(old)} is flipped",
        ("exponent", "pow"): lambda: f"the sign of the exponent in {t(old)} is flipped",
        ("power", "pow"): lambda: f"the power in {t(old)} is off by one (should be {t(new)})",
        ("factor", "argument"): lambda: f"{t(old)} written where {t(new)} was meant",
        ("power", "argument"): lambda: f"{t(old)} written where {t(new)} was meant",
        ("range", "bound"): lambda: f"the sum {t(old)} should run over {t(new.limits[0][1])}"
                                    f" … {t(new.limits[0][2])}",
        ("exponent", "whole"): lambda: f"the sign of the exponent {t(old)} is flipped",
        ("range", "term"): lambda: f"the sum {t(old)} should be its one term {t(new)}",
        ("sign", "constant"): lambda: f"a term {t(new)} is missing",
        ("exponent", "term"): lambda: f"the sign of {t(old)} in the exponent is flipped",
        ("exponent", "factor"): lambda: f"the sign of {t(old)} in the exponent is flipped",
        ("index", "one"): lambda: f"{t(old)} written where {t(new)} was meant",
        ("index", "turn"): lambda: f"{t(old)} written where {t(new)} was meant",
        ("index", "swap"): lambda: f"the indices {t(old[0])} and {t(old[1])} are swapped",
        ("range", "all"): lambda: f"the sum {t(old)} should run over all "
                                  f"{t(old.limits[0][0])}",
        ("range", "except"): lambda: f"the sum {t(old)} should leave out one term "
                                     f"({t(new)})",
        ("log", "split"): lambda: f"the logarithm of a quotient is split with the opposite "
                                  f"sign in {t(old)}",
        ("log", "rule"): lambda: f"a logarithm rule is misapplied: {t(old)} should be "
                                 f"{t(new)}",
    }[(e.kind, e.how)]()
    return f"likely slip{where}: {text}"


# --- the numeric screen --------------------------------------------------------------------

def screen(cands: list[Candidate], rel: str, lhs, rhs, base, scope, conditions=()):
    """The candidates, in order, that agree at SCREEN_POINTS admissible points (at least
    two of them defined), as a generator. Those under the step's own hypotheses share
    every point, and at each point every subtree is written out and evaluated once for
    all of them; one under a hypothesis of its own is screened when its turn comes."""
    unify = unifier([lhs, rhs], scope, conditions)
    bare = scope.bare_functions([lhs, rhs])   # a bare L where L(w) is defined, as step_claim
    normal = {}

    def norm(e):
        if e not in normal:
            normal[e] = unify(write_logistic(read_bare(e, bare)))
        return normal[e]
    plain = [c for c in cands if not c.assume and not c.condition]
    alive = set(_agreeing({c: (norm(c.lhs), norm(c.rhs)) for c in plain}, rel, base))
    for c in cands:
        if c.assume or c.condition:          # screened only when the search gets here
            claim = step_claim(c.lhs, rel, c.rhs, _with(scope, c.assume),
                               tuple(conditions) + c.condition)
            r = claim.parts[0].relation
            if _agreeing({c: (r.lhs, r.rhs)}, rel, claim):
                yield c
        elif c in alive:
            yield c


def _agreeing(sides: dict, rel: str, claim) -> list:
    if not sides:
        return []
    ctx = Context.of(claim, claim.parts[0])
    step = claim.parts[0].relation
    # indexed names only a candidate has (y_i for y_j) need values too
    names = {x for pair in sides.values() for e in pair if isinstance(e, sp.Basic)
             for x in e.atoms(sp.Indexed)} - step.lhs.atoms(sp.Indexed) \
        - step.rhs.atoms(sp.Indexed)
    exprs = [step.lhs, step.rhs] + ([sp.Add(*names)] if names else [])
    rng = random.Random(0)
    insts = list(itertools.islice(instances(ctx, exprs, rng, per_dims=1), SCREEN_INSTANCES))
    written = [_Concrete(ctx, inst.assignment) for inst in insts]
    alive = list(sides)
    defined = dict.fromkeys(alive, 0)
    for n in range(SCREEN_POINTS if insts else 0):
        inst = insts[n % len(insts)]
        point = sample_point(inst, rng)
        if point is None:
            continue
        with mpmath.workdps(SCREEN_DIGITS):
            ev = Evaluator(point, SCREEN_DIGITS)
            kept = []
            for c in alive:
                values = [_value(ev, _written_out(written[n % len(insts)], e))
                          for e in sides[c]]
                if None in values:
                    kept.append(c)
                    continue
                defined[c] += 1
                if _holds(rel, *values):
                    kept.append(c)
        alive = kept
        if not alive:
            return []
    return [c for c in alive if defined[c] >= 2]


_ELEMENTARY = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.tanh, sp.Abs, sp.Max, sp.Min)


class _Concrete:
    """`sampling.concrete` at one instance, memoized by subtree: candidates share all but
    the path from their edit to the root, so each shared part is written out once."""

    def __init__(self, ctx, assignment):
        self.ctx, self.assignment, self.cache = ctx, assignment, {}

    def __call__(self, e):
        try:
            return self.cache[e]
        except KeyError:
            pass
        if isinstance(e, _ELEMENTARY):
            out = e.func(*[self(a) for a in e.args])
        else:
            out = concrete(self.ctx, e, self.assignment, derivatives=False)
            if isinstance(out, int):       # a count alone, n, is written out as a Python int
                out = sp.Integer(out)
        self.cache[e] = out
        return out


def _written_out(concrete_at, e):
    """A candidate side at an instance; None where it cannot be (∂Q/∂m with m a count made
    a number): that candidate fails the screen, the others go on."""
    try:
        return concrete_at(e)
    except (ValueError, TypeError, ZeroDivisionError):
        return None


def _value(ev, expr):
    if expr is None:
        return None
    try:
        v = ev(expr)
        return sp.Float(v, SCREEN_DIGITS) if mpmath.isfinite(v) else None
    except (Undefined, ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None


def _holds(rel: str, left, right) -> bool:
    if rel == "=":
        return differ(left, right) <= _AGREE
    return compare_values(rel, left, right, 0.0)
