"""Definitions and hypotheses: what is defined and assumed at one point of a document."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from ..notation import Sigmoid, dsigma, kept_whole, softmax_output
from ..prover.exprs import by_arity, is_by_arity
from ..latex.blocks import SIGMA_WORDS
from ..latex.parser import (BUILTIN_FUNCTIONS, DEFAULT_DIM, DEPENDS, OF_A_VECTOR, VARIANCE,
                            ParseError, bold_letter,
                            dependence, read_chain, read_expr, relation, subscript_slots,
                            PARAMETER_GREEK)


class InputError(ValueError):
    """Input that cannot be used at all: a bad option, an unknown context."""


@dataclass
class Scope:
    """What is defined and assumed at one point of a file."""
    defs: dict = field(default_factory=dict)
    functions: set = field(default_factory=set)
    hypotheses: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)     # key → the line that defined it (0: file)
    stated: bool = False     # the document fixes its hypotheses (context, assume:, --assume)
    # keys defined only by how the writer used them (∂p_i/∂a_j = ∂(…)/∂a_j): meant for the
    # section they are in; a heading ends them (`end_section`)
    implicit: set = field(default_factory=set)
    # the rows of cases displays in this section, (value, condition, line): `∂p_i/∂a_j =
    # p_i(1 − p_j) if i = j, …` says which case a derivation ending at p_i(1 − p_j) is in
    cases: list = field(default_factory=list)
    # the functions this section's words name: which σ, the loss a cross-entropy
    named: set = field(default_factory=set)
    # key → (name, body) as written: read again in matrix notation, where factors keep
    # their order (derive.prover.matrices)
    texts: dict = field(default_factory=dict)
    # a name's LaTeX → its declared shape (`W \in \mathbb{R}^{m \times n}`: (m, n); None for
    # `\in \mathbb{R}`), for the matrix reading
    shapes: dict = field(default_factory=dict)
    # derivatives the document states but cannot be computed from what it defines
    # (∂ξ_i/∂y_i = (y_i − t_i)/(y_i(1 − y_i)), ξ defined nowhere): what later steps use
    stated_derivatives: dict = field(default_factory=dict)
    # the layout of matrix derivatives the document fixes ("numerator", "denominator"):
    # a convention of the whole document, from its words or its front matter
    layout: str | None = None
    # a plain name standing for a function written with a subscript (f for f_a after
    # `f_a(x) = ax`): its body where the name is written bare (df/dx), never where it is
    # applied (g(w) beside g_p(w) is another function); plain function → Lambda
    stand_ins: dict = field(default_factory=dict)
    # a vector's name → (its length, the line): what a vector written out fixes
    # (`X = (x_1; …; x_n)`: X and x have n entries), for a sum over x written to another count
    lengths: dict = field(default_factory=dict)
    # letters the document writes only before a bracket (`Document.always_applied`): read as
    # functions, with "times the bracket" as the other reading
    applied: frozenset = frozenset()
    # a worked example's numbers the words give (`$n = 10$, $k = 7$`): name as written
    # (str) → (value, line); a step that plugs them in holds at them
    examples: dict = field(default_factory=dict)
    # the letters the document writes as upper bounds of sums (Document.upper_bounds)
    bounds: frozenset = frozenset()
    level: int = 0                  # the level of the heading the text is under (0: none)
    # the level of the section whose words gave the examples: its subsections and the
    # sections beside it ("## Setup", "## Forward pass", "## Backward pass") share them
    example_level: int | None = None
    length_level: int | None = None       # the same for `lengths`
    # letters the document counts from 0 (`Document.from_zero`): a vector written out gives
    # their entry 0 first
    from_zero: frozenset = frozenset()
    # the letters of a data point as the words write it (`$(x_i, y_i)$`): the points a worked
    # example lists (`$(1; 2)$, $(2; 3)$`) give x_1, y_1, x_2, …
    point: tuple = ()
    # the lines of the headings so far: a name restated under another heading than the one
    # it was defined under may mean something new there
    headings: tuple = ()
    # recurrences the document states (`m_t = β_1 m_{t−1} + (1 − β_1) g_t`): base →
    # (Lambda((t,), its right side), line); a numeric iterate `m_1 = 0.9 · 0 + 0.1 · 0.5`
    # is that right side at t = 1
    recurrences: dict = field(default_factory=dict)
    # a function's parameter written as a power (ℓ(μ, σ²) = …): the Dummy its Lambda takes
    # → the power, so that the bare ℓ is the body in σ² again (∂ℓ/∂σ²)
    powers: dict = field(default_factory=dict)
    # the letters of random variables the words call independent (`$w_i$ и $x_i$
    # независимы`), and those whose members share one distribution (i.i.d.): what the
    # expectations of a step may use (derive.prover.moments)
    independent: frozenset = frozenset()
    identical: frozenset = frozenset()
    centred: frozenset = frozenset()       # … and those of mean zero ("with mean zero")
    unit: frozenset = frozenset()          # … and those of variance one
    # letter → (law, its parameters as written): `$w \sim \mathcal{N}(0, \sigma^2)$`
    laws: dict = field(default_factory=dict)
    # the σ a display of the document defines (`σ(\mathbf{z})_i = e^{z_i} / Σ_j e^{z_j}`:
    # "softmax"): a definition, so it holds past the section's headings
    sigma: str | None = None
    # the letters the document writes somewhere without a bracket after them (σ' = σ(1 − σ),
    # f = W_3 x: `Document.written_bare`); None where not known (every one may be)
    bare_written: frozenset | None = None
    # the worked example's stages: each value the words give is numbered in the order
    # given (`stages`: name → its number); `moved` is the number of the last that gave a
    # name another value (`$w = (4, -3)$` after `$w = (2, 1)$`). A value given before it,
    # of a quantity a formula defines (`$m_1 = 0$` of m_i = y_i(⟨w, x_i⟩ + b)), was the
    # example's at an earlier stage
    stages: dict = field(default_factory=dict)
    moved: tuple = (0, 0)
    # names the words gave a formula again in a section ("Here $\mathrm{FL} = -(1-p)^\gamma
    # \log p$" under "Positive example"): (the section's level, the name, what it was
    # before) — the case of that section only; a heading that ends it brings back the
    # meaning it had before
    restated: list = field(default_factory=list)
    # the families a sum of the document runs over by their index (Y of Σ_k Y_k log σ(A_k)):
    # variables of the problem, never names waiting for a definition in words
    summed: frozenset = frozenset()
    # the matrices the words call symmetric ("the symmetry of $\Lambda$"), as LaTeX
    symmetric: frozenset = frozenset()
    # Greek letters the page writes bare as a factor and never before a bracket of names
    # only (the step size η of `θ − η ∇L`, `η (g + λθ)`): coefficients, not functions
    coefficients: frozenset = frozenset()

    def copy(self) -> "Scope":
        return Scope(dict(self.defs), set(self.functions), list(self.hypotheses),
                     dict(self.lines), self.stated, set(self.implicit), list(self.cases),
                     set(self.named), dict(self.texts), dict(self.shapes),
                     dict(self.stated_derivatives), self.layout, dict(self.stand_ins),
                     dict(self.lengths), self.applied, dict(self.examples), self.bounds,
                     self.level, self.example_level, self.length_level, self.from_zero,
                     self.point, self.headings, dict(self.recurrences), dict(self.powers),
                     self.independent, self.identical, self.centred, self.unit,
                     dict(self.laws), self.sigma, self.bare_written, dict(self.stages),
                     self.moved, list(self.restated), self.summed, self.symmetric,
                     self.coefficients)

    def earlier_stage(self, name: str) -> bool:
        """Whether the example's value of a name was given before it last moved on."""
        return self.stages.get(name, self.moved) < self.moved

    def give_length(self, vector: str, length, line: int) -> None:
        """How many entries a vector has, as a vector written out (or a run) says."""
        self.lengths[vector] = (length, line)
        if self.length_level is None:
            self.length_level = self.level

    @staticmethod
    def example_latex(name: str) -> str:
        """An example's name as LaTeX: z[1] is z_{1}."""
        return re.sub(r"\[(.*)\]$", lambda m: "_{" + m.group(1).replace(" ", "") + "}", name)

    def give_entry(self, letter: str, index: int, value, line: int) -> None:
        """A worked example's value of entry `index` of a vector (x_1 of the points)."""
        self.give_example(str(sp.IndexedBase(letter, real=True)[sp.Integer(index)]), value, line)

    def give_example(self, name: str, value, line: int, at: int = 10 ** 6) -> None:
        """A worked example's value of a name, as the words give it (`at`: the place in
        the line, where several give values)."""
        stage = (line, at)
        if name in self.examples and self.examples[name][0] != value:
            self.moved = stage
        self.examples[name] = (value, line)
        self.stages[name] = stage
        if self.example_level is None:
            self.example_level = self.level

    def bodies(self) -> list[tuple[tuple, sp.Basic]]:
        """(parameters, expression) of each definition: what the document's definitions are
        made of — variables of the problem, never names a definition in words could fix."""
        return [(tuple(b.variables), b.expr) if isinstance(b, sp.Lambda) else ((), b)
                for b in self.defs.values() if isinstance(b, (sp.Basic, sp.Lambda))]

    def which_sigma(self) -> str | None:
        """"logistic" or "softmax" where the document fixes what σ(x_k) is — by defining
        σ, or by naming one of them (and not the other) in this section's words."""
        if self.sigma is not None:
            return self.sigma
        if "sigma" in self.functions:
            return "logistic"
        if self.named & SIGMA_WORDS == {"softmax"}:
            return "softmax"
        if self.named & SIGMA_WORDS == {"sigmoid"}:
            return "logistic"
        return None

    def restate(self, key) -> None:
        """Keep what a name means before the words of this section give it a formula
        again (`restated`)."""
        name = key_name(key)
        self.restated.append((self.level, name, {
            k: (v, self.lines.get(k), self.texts.get(k)) for k, v in self.defs.items()
            if key_name(k) == name}))

    def end_section(self, same_title: bool = False, level: int = 1) -> None:
        """A heading: the names this section defined only implicitly are undefined again,
        and the shapes it declared forgotten — unless the heading repeats the last one's
        title (slides of one section, each with the section's title, share declarations).
        A worked example's numbers and a vector's count hold until a heading above the
        section that gave them. A name the words of this section restated means again what
        it meant before (`restated`)."""
        for key in self.implicit:
            self.defs.pop(key, None)
            self.lines.pop(key, None)
        self.implicit.clear()
        for at, name, before in reversed(self.restated):
            if at < level:
                continue
            for key in [k for k in self.defs if key_name(k) == name]:
                del self.defs[key]
                self.lines.pop(key, None)
                self.texts.pop(key, None)
            for key, (body, line, text) in before.items():
                self.defs[key] = body
                self.lines[key] = line or 0
                if text is not None:
                    self.texts[key] = text
        self.restated = [r for r in self.restated if r[0] < level]
        self.cases.clear()
        self.named.clear()
        if not same_title:
            self.shapes.clear()       # x ∈ R^D in one section; x a number in the next
        self.level = level
        # a vector's count (`$z = (z_1, \dots, z_K)$`) holds, as an example's numbers do,
        # in the sections beside the one that gave it
        if self.length_level is not None and level < max(self.length_level, 1):
            self.lengths.clear()
            self.length_level = None
        if self.example_level is not None and level < max(self.example_level, 1):
            self.examples.clear()
            self.example_level = None

    def section_since(self, line: int) -> bool:
        """Whether a heading stands between that line and here."""
        return any(h > line for h in self.headings)

    def defines(self, key) -> bool:
        return key in self.defs

    def bare_functions(self, exprs) -> dict:
        """`function_bodies` for a step's expressions, less the names they differentiate
        by: in d/dM e^{-M} = -e^{-M}, M is a variable on both sides, whatever M(w) is."""
        varying = {v for e in exprs if isinstance(e, sp.Basic)
                   for d in e.atoms(sp.Derivative) for v in d.variables}
        out = {k: v for k, v in self.function_bodies().items() if k not in varying}
        return out | self._bare_logistic(exprs, out) | self._bare_softmax(exprs) \
            | self._bare_calls(exprs)

    def _bare_calls(self, exprs) -> dict:
        """∂KL/∂μ after `\\mathrm{KL}(\\mathcal N(μ, σ²) ‖ \\mathcal N(0, 1)) = …`: a bare name
        the document never defines, differentiated, is the one call of that function it
        defines (kept whole, its arguments no plain names) that varies with the variable."""
        out = {}
        for d in {d for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)}:
            name = d.expr
            if not isinstance(name, sp.Symbol) or name in self.defs or name in out:
                continue
            calls = [v for k, v in self.defs.items() if isinstance(k, sp.Symbol) and k != name
                     and "(" in k.name and function_name(k.name) == name.name
                     and isinstance(v, sp.Expr) and _plain_names(v) & set(d.variables)]
            if len(calls) == 1:
                out[name] = calls[0]
        return out

    def _bare_softmax(self, exprs) -> dict:
        """σ_i(1 − σ_j) where the document fixes σ as the softmax: σ_i is the i-th output of
        the softmax of the one vector the step (or a definition it uses) has entries of."""
        sigma = sp.IndexedBase("sigma", real=True)
        exprs = [e for e in exprs if isinstance(e, sp.Basic)]
        if self.which_sigma() != "softmax" or sigma in self.defs or not any(
                i.base == sigma for e in exprs for i in e.atoms(sp.Indexed)):
            return {}
        used = {s for e in exprs for s in e.free_symbols}
        seen = exprs + [b.expr if isinstance(b, sp.Lambda) else b for k, b in self.defs.items()
                        if k in used and isinstance(b, (sp.Basic, sp.Lambda))]
        vectors = {i.base for e in seen for i in e.atoms(sp.Indexed)
                   if len(i.indices) == 1 and i.base != sigma} - set(self.defs)
        if len(vectors) != 1:
            return {}
        [x] = vectors
        bounds = {s.limits[0][2] for e in seen for s in e.atoms(sp.Sum) if s.function.has(x)}
        if len(bounds) > 1:
            return {}
        k = sp.Dummy("k", integer=True, positive=True)
        n = bounds.pop() if bounds else DEFAULT_DIM
        return {sigma: sp.Lambda((k,), softmax_output(x[k], n))}

    def _bare_logistic(self, exprs, bodies: dict) -> dict:
        """dσ/dz = σ(1 − σ) where σ is the logistic function the document applies (σ(z)
        in its definitions or in the step) and defines no σ of its own: the bare σ is σ at
        the one variable it is differentiated by."""
        sigma = sp.Symbol("sigma", real=True)
        if sigma in bodies or sigma in self.defs or "sigma" in self.functions \
                or self.which_sigma() == "softmax":
            return {}
        by = {d.variables for e in exprs if isinstance(e, sp.Basic)
              for d in e.atoms(sp.Derivative) if d.expr == sigma}
        if len(by) != 1 or len(next(iter(by))) != 1:
            return {}
        [z] = next(iter(by))
        applied = any(isinstance(e, sp.Basic) and e.has(Sigmoid) for e in exprs) or any(
            isinstance(b, (sp.Basic, sp.Lambda)) and b.has(Sigmoid) for b in self.defs.values())
        if not (applied or self.named & SIGMA_WORDS == {"sigmoid"}) or not isinstance(z, sp.Symbol):
            return {}
        return {sigma: Sigmoid(z), sp.Symbol("sigma'", real=True): dsigma(z)}

    def function_bodies(self) -> dict:
        """A bare f (or σ) where the document defines f(x): the function at its own
        argument; a bare f' (σ') its derivative there, when f has one argument. A function
        of one sample's entries, ξ(t_i, y_i), has no arguments of the document's own."""
        out = {}
        for key, body in [*self.stand_ins.items(), *self.defs.items()]:
            if is_by_arity(key):
                continue
            if isinstance(key, sp.core.function.UndefinedFunction) \
                    and isinstance(body, sp.Lambda) \
                    and not any(isinstance(v, sp.Dummy) and v not in self.powers
                                for v in body.variables):
                name = str(key)
                out[sp.Symbol(name, real=True)] = body.expr.xreplace(self.powers)
                if len(body.variables) == 1 and body.variables[0] not in self.powers:
                    x = body.variables[0]
                    for primes in (1, 2):
                        out[sp.Symbol(name + "'" * primes, real=True)] = sp.Derivative(
                            body.expr, (x, primes))
                labelled = sample_labelled(name, body)
                if labelled is not None:
                    out[sp.IndexedBase(name, real=True)] = labelled
            slots = subscript_slots(key) if isinstance(key, sp.core.function.UndefinedFunction) \
                else None
            if slots and slots[1] == 1 and isinstance(body, sp.Lambda) \
                    and len(body.variables) > 1 and (body.variables[0].is_integer
                                                     or body.variables[0].name in PARAMETER_GREEK) \
                    and not any(isinstance(v, sp.Dummy) for v in body.variables[1:]):
                # p_i(T) = softmax(z/T)_i: a bare p_k is p_k(T), the entry at its own T
                out[sp.IndexedBase(slots[0], real=True)] = sp.Lambda(
                    body.variables[:1], body.expr)
        return out


def _plain_names(e) -> set:
    """The names e writes as themselves, not as the letter of an entry (μ of μ_1)."""
    labels = {i.base.label for i in e.atoms(sp.Indexed)}
    return {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in labels}


def contradicts(old, new) -> bool:
    """Whether two relations hold nowhere together: two in the one quantity with no real
    value in common (T < 1, T > 1), or two equations in the same quantities with no common
    solution (n Var(w) = 1 and n Var(w)/2 = 1)."""
    if not isinstance(old, sp.core.relational.Relational):
        return False
    quantities = {a: sp.Dummy() for e in (old, new) for a in e.atoms(sp.core.function.AppliedUndef)}
    old, new = old.xreplace(quantities), new.xreplace(quantities)
    names = new.free_symbols
    if old.free_symbols != names:
        return False
    if _opposite_sides(old, new):       # k(a) < τn, then k(a) > τn: two cases, never both
        return True
    try:
        if len(names) == 1:
            (name,) = names
            return sp.solveset(old, name, sp.S.Reals).intersect(
                sp.solveset(new, name, sp.S.Reals)) is sp.S.EmptySet
        if isinstance(old, sp.Equality) and isinstance(new, sp.Equality):
            return sp.solve([old, new], sorted(names, key=str), dict=True) == []
    except (NotImplementedError, ValueError, TypeError):
        return False
    return False


def _sign_of(relation):
    """(d, sign) with the relation saying d > 0 (sign ">"), d ≥ 0 (">=") — or None."""
    if isinstance(relation, (sp.StrictGreaterThan, sp.GreaterThan)):
        d = relation.lhs - relation.rhs
    elif isinstance(relation, (sp.StrictLessThan, sp.LessThan)):
        d = relation.rhs - relation.lhs
    else:
        return None
    strict = isinstance(relation, (sp.StrictGreaterThan, sp.StrictLessThan))
    return sp.expand(d), ">" if strict else ">="


def _opposite_sides(old, new) -> bool:
    """Whether two inequalities put one quantity on opposite sides of 0 with no point in
    common: d > 0 and d < 0, d ≥ 0 and d < 0 (whatever the quantity is made of)."""
    a, b = _sign_of(old), _sign_of(new)
    if a is None or b is None or a[0] != -b[0] or a[0] == 0:
        return False
    return ">" in (a[1], b[1])


def read_bare(expr, bare: dict):
    """expr with each bare f read as its function at its argument (`Scope.bare_functions`);
    the f of an entry f_i is another name, and keeps its letter."""
    if not bare or not isinstance(expr, sp.Basic):
        return expr
    entries = {i: bare[i.base](*i.indices) for i in expr.atoms(sp.Indexed)
               if i.base in bare and len(i.indices) == 1}     # p_k of p_i(T)
    expr = expr.xreplace(entries)
    bare = {k: v for k, v in bare.items() if not isinstance(k, sp.IndexedBase)}
    if not bare:
        return expr
    held = {b: sp.IndexedBase(sp.Dummy(str(b.label)), **b.assumptions0)
            for b in expr.atoms(sp.IndexedBase) if b.label in bare}
    out = expr.xreplace(held).xreplace(bare)
    return out.xreplace({v: k for k, v in held.items()}) if held else out


# f(…), \\sigma(…), and g_p(…), f_{K}(…): a function of its subscripts too
# (and \\mathcal{L}(M), \\tilde{J}(θ): a decorated letter names a function as a plain one does)
_FUNCTION_HEAD = re.compile(r"^\s*(\\(?:mathcal|mathscr|tilde|hat|bar|mathbf|boldsymbol)\s*"
                            r"\{\s*\\?[a-zA-Z]+\s*\}|\\(?:operatorname|mathrm|text|textrm)\s*"
                            r"\{\s*[a-zA-Z]{2,}\s*\}|\\?[a-zA-Z]+)\s*"
                            r"(_\s*(\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z0-9]))?\s*(\\left)?\s*\(")
# a^*(x), b_*(x): an optimum's name, a function of its own (spelled as the parser does)
_STARRED_HEAD = re.compile(r"^\s*([a-zA-Z])\s*([_^])\s*(\{\s*\*\s*\}|\*)\s*(\\left)?\s*\(")


# a chain opening with the derivative of a call, `\frac{\partial}{\partial z} \phi(z)` or
# `\frac{d \phi(z)}{dz}`: the call is read as one (what it is may be said by the chain)
_DERIVATIVE_HEAD = re.compile(
    r"^\s*\\frac\s*(\{\s*(\\partial|d)\s*\}\s*\{[^{}]*(\{[^{}]*\}[^{}]*)?\}\s*"
    r"|\{\s*(\\partial|d)(?![a-zA-Z])\s*)(\\?[a-zA-Z]+)\s*(\\left)?\s*\(")


def function_name(text: str) -> str | None:
    """The name of the function a chain opens with a call of, `f(x, y) = …`, or the
    derivative of a call, `\\frac{d}{dz} \\phi(z) = …`; None for a built-in one."""
    starred = _STARRED_HEAD.match(text)
    if starred:
        return f"{starred.group(1)}{starred.group(2)}{{*}}"
    m = _FUNCTION_HEAD.match(text)
    name = m.group(1) if m else None
    if name is None:
        m = _DERIVATIVE_HEAD.match(text)
        name = m.group(5) if m else None
    if name is None:
        return None
    upright = re.match(r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*([a-zA-Z]+)", name)
    if upright:                                 # \\operatorname{LReLU}: a word, as read
        name = upright.group(1)
        return None if name in BUILTIN_FUNCTIONS else name
    if "{" in name:                             # \\mathcal{L}, spelled as the parser does
        return re.sub(r"\s+", "", name)
    name = name.lstrip("\\")
    return None if name in BUILTIN_FUNCTIONS and name != "sigma" else name


def _variance(name_expr) -> bool:
    """σ², σ_B²: a variance, which names the square of a standard deviation σ ≥ 0."""
    base = name_expr.base if isinstance(name_expr, sp.Pow) and name_expr.exp == 2 else None
    label = base.base.label if isinstance(base, sp.Indexed) else base
    # (σ_w² with w a label: the Symbol sigma_{w}; σ̂_B², an estimate: \hat{\sigma}_{…})
    return isinstance(label, sp.Symbol) and re.sub(
        r"^\\(?:hat|widehat|tilde|bar|overline)\{(.*)\}$", r"\1",
        label.name.split("_{")[0]) in ("sigma", "\\sigma")


def sample_labelled(name: str, body: sp.Lambda):
    """l^{(i)}(w, b) = ½(ŷ^{(i)} − y^{(i)})²: a bare l^{(j)} is the loss of sample j at the
    document's own w and b — the body with its one sample index made the entry's (None
    where the name has no sample label, or its body two sample indices)."""
    if not name.endswith(r"^{(\cdot)}"):
        return None
    labels = {i.indices[0] for i in body.expr.atoms(sp.Indexed)
              if str(i.base.label).endswith(r"^{(\cdot)}") and len(i.indices) == 1
              and i.indices[0].is_Symbol}
    if len(labels) > 1:
        return None
    k = sp.Dummy("k", integer=True, positive=True)
    return sp.Lambda((k,), body.expr.xreplace({labels.pop(): k}) if labels else body.expr)


def definition_key(name_expr):
    """(key, Lambda-or-None) for a bare name: x, a_j, f(x, y), and the σ of a variance σ²;
    None if not a bare name."""
    if _variance(name_expr):
        return definition_key(name_expr.base)
    if isinstance(name_expr, sp.Symbol):
        return name_expr, None
    if isinstance(name_expr, sp.Indexed) and all(isinstance(i, sp.Symbol)
                                                 for i in name_expr.indices) \
            and len(set(name_expr.indices)) == len(name_expr.indices):
        # (S_{xx}: no entry (x, x) of a family every entry of which it would define)
        return name_expr.base, tuple(name_expr.indices)
    if isinstance(name_expr, sp.Function) and str(name_expr.func) in VARIANCE:
        # Var(h) = …: the variance of that h, no function of h (of c ξ̄, no definition)
        return (name_expr, None) if all(a.is_Symbol for a in name_expr.args) else None
    if isinstance(name_expr, sp.Function) and isinstance(
            type(name_expr), sp.core.function.UndefinedFunction) and (all(
            isinstance(a, sp.Symbol) or _power_of_a_name(a) for a in name_expr.args)
            and len({a.free_symbols.pop() for a in name_expr.args}) == len(name_expr.args)
            or _of_one_sample(name_expr.args)):
        return name_expr.func, tuple(name_expr.args)
    return None


def _power_of_a_name(a) -> bool:
    """σ² of ℓ(μ, σ²): a parameter written as a power of one name."""
    return isinstance(a, sp.Pow) and isinstance(a.base, sp.Symbol) and a.exp.is_Integer \
        and a.exp > 1


def _of_one_sample(args) -> bool:
    """ξ(t_i, y_i), L(y^{(i)}, ŷ^{(i)}): a function written on the entries of one sample —
    distinct names, all with the same plain indices — defines ξ of two plain arguments."""
    return bool(args) and all(isinstance(a, sp.Indexed) for a in args) \
        and len({a.base for a in args}) == len(args) \
        and len({a.indices for a in args}) == 1 \
        and all(isinstance(i, sp.Symbol) for i in args[0].indices)


def _plain_parameters(params, body):
    """(t, y), body with t_i → t, y_i → y for ξ(t_i, y_i) = body — t and y made for the
    function, not the document's own names; None where the body uses the sample's index
    otherwise (t_i x_i: not a function of t_i and y_i alone)."""
    plain = {a: sp.Dummy(key_name(a.base), real=True) for a in params}
    body = body.xreplace(plain)
    if set(params[0].indices) & body.free_symbols:
        return None
    return tuple(plain[a] for a in params), body


def letter(base) -> str:
    """An indexed name's letter without its label (w of w^{L}): one letter written with and
    without a label is a slip of notation, not two names."""
    return str(base.label).split("^")[0]


def key_name(key) -> str:
    return str(key.label) if isinstance(key, sp.IndexedBase) else str(key)


def _forget_spelled_with(scope: Scope, name: str) -> None:
    """A name given a new meaning: what the document said of notation kept whole that
    writes it (E[h̃_j] = p h_j, said of the old h̃) no longer holds."""
    written = re.compile(r"(?<![a-zA-Z\\])" + re.escape(name) + r"(?![a-zA-Z])")
    for other in [k for k in scope.defs if isinstance(k, sp.Symbol) and k.name != name
                  and kept_whole(k.name) and written.search(k.name)]:
        del scope.defs[other]
        scope.lines.pop(other, None)


def add_definition(scope: Scope, name_expr, body, line: int = 0,
                   written: tuple[str, str] | None = None) -> bool:
    """Define a bare name (x, a_j, f(x, y)); a function f and a plain f are one name, so a
    new definition of either replaces the other. `written`: (name, body) as LaTeX."""
    found = definition_key(name_expr)
    if found is None:
        return False
    if _variance(name_expr) and isinstance(body, sp.Basic):
        name_expr, body = name_expr.base, sp.sqrt(body)    # σ² = … defines σ = √…
    key, params = found
    if isinstance(key, sp.IndexedBase) and params and len(params) >= 2 \
            and isinstance(body, sp.Basic) and not set(params) & body.free_symbols \
            and {str(p) for p in params} <= {str(b.label) for b in body.atoms(sp.IndexedBase)}:
        return False      # S_{xy} = Σ x_i y_i − n x̄ ȳ: x and y below S are the vectors it
        # is of (labels), no indices of a family whose every entry (S_xx too) it would be
    if params and any(_power_of_a_name(p) for p in params) and isinstance(body, sp.Basic):
        # ℓ(μ, σ²) = …: a function of σ² — its Lambda takes the square, σ being its root
        # (a scale, ≥ 0) wherever the body writes σ alone
        stand = {p: sp.Dummy(str(p.base), positive=True) for p in params if _power_of_a_name(p)}
        for p, d in stand.items():
            body = body.xreplace({p: d}).subs(p.base, d ** (sp.Integer(1) / p.exp))
            scope.powers[d] = p
        params = tuple(stand.get(p, p) for p in params)
    if params and _bounds_a_sum(body, params):
        return False
    if params and isinstance(body, sp.MatrixBase) and not body.free_symbols \
            and all(isinstance(p, sp.Symbol) for p in params):
        return False      # `$\mathbf{w}_t = (0.5, -1.2)^\top$`: the iterate at that t, not at every t
    if params and isinstance(params[0], sp.Indexed):
        plain = _plain_parameters(params, body) if isinstance(body, sp.Basic) else None
        if plain is None:
            return False
        sample = params[0].indices
        params, body = plain
        # ξ_i, the loss of sample i, is ξ(t_i, y_i) unless the document says otherwise
        each = sp.IndexedBase(key_name(key), real=True)
        if each not in scope.defs:
            scope.defs[each] = sp.Lambda(sample, name_expr)
            scope.lines[each] = line
    arities = _keep_other_arity(scope, key, params)
    if not isinstance(key, sp.IndexedBase):
        for other in [k for k in scope.defs if k != key and not isinstance(k, sp.IndexedBase)
                      and key_name(k) == key_name(key) and k not in arities]:
            del scope.defs[other]
            scope.texts.pop(other, None)          # (its text, read in matrix notation)
            scope.functions.discard(key_name(other))
    if key in scope.defs:
        _forget_spelled_with(scope, key_name(key))
    scope.defs[key] = sp.Lambda(params, body) if params else body
    scope.stand_ins.pop(key, None)
    scope.lines[key] = line
    scope.texts.pop(key, None)
    if written is not None:
        scope.texts[key] = written
    scope.implicit.discard(key)          # said outright now: no longer the section's only
    marker = f"{DEPENDS}{key_name(key)}:"
    scope.functions -= {m for m in scope.functions if m.startswith(marker)}
    # (never on a count or an index: μ = (1/n) Σ_r x_r makes μ(n) the product μ·n)
    counts = {str(b) for e in (body.atoms(sp.Sum, sp.Product) if isinstance(body, sp.Basic)
                               else ()) for _, _, b in e.limits}
    if isinstance(key, sp.Symbol) and isinstance(body, sp.Expr) and (variables := {
            s for s in body.free_symbols if isinstance(s, sp.Symbol) and s != key
            and not s.is_integer and s.name not in counts}):
        scope.functions.add(dependence(key.name, variables))     # u(x) for u = x² + 1
    if isinstance(key, sp.core.function.UndefinedFunction):
        scope.functions.add(str(key))
        slots = subscript_slots(key)
        if slots and params and all(bold_letter(str(p)) for p in params[slots[1]:]):
            scope.functions.add(OF_A_VECTOR + str(key))     # y_k(φ): of a vector
        if slots and params and len(params) > slots[1]:
            # f_a(x) = ax: g_p(w) is read with g, and the plain f is now this one at the
            # subscripts written (`f_a(x) = ax → df/dx = a`) until f itself is defined
            plain = sp.Function(slots[0], real=True)
            scope.functions.add(slots[0])
            scope.defs.pop(plain, None)           # an older f(x) no longer says what f is
            scope.stand_ins[plain] = sp.Lambda(params[slots[1]:], body)
    return True


def _keep_other_arity(scope: Scope, key, params) -> set:
    """H(p, q) = −Σ p_k log q_k after H(p) = −Σ p_k log p_k: one letter, two functions told
    apart by their number of arguments (entropy and cross-entropy) — the earlier one is
    kept under its arity (`by_arity`), not replaced. The keys of the arities kept."""
    if not isinstance(key, sp.core.function.UndefinedFunction) or not params:
        return set()
    old = scope.defs.get(key)
    if isinstance(old, sp.Lambda) and len(old.variables) != len(params):
        kept = by_arity(key, len(old.variables))
        scope.defs[kept] = old
        scope.lines[kept] = scope.lines.get(key, 0)
        if key in scope.texts:
            scope.texts[kept] = scope.texts[key]
        del scope.defs[key]
    return {k for k in scope.defs if is_by_arity(k) and k.__name__ == key.__name__
            and len(params) not in k.nargs}


def _bounds_a_sum(body, params) -> bool:
    """f_K = e^{s_K} / Σ_{L=1}^K e^{s_L}: the name's index is an entry's index in its body
    and bounds a sum there too — one letter for the entry and for the count, which no
    single definition can mean (Σ_C = Σ_{d=1}^C e^{z_d}, C only the count, is fine)."""
    if not isinstance(body, sp.Basic):
        return False
    names = {getattr(p, "name", None) for p in params}
    bounds = {b.name for s in body.atoms(sp.Sum, sp.Product) for _, lo, hi in s.limits
              for b in (lo, hi) if isinstance(b, sp.Symbol)}
    entries = {i.name for a in body.atoms(sp.Indexed) for i in a.indices
               if isinstance(i, sp.Symbol)}
    return bool(names & bounds & entries)


def define_text(scope: Scope, name: str, body: str) -> None:
    """A definition from front matter or the command line, both sides in LaTeX."""
    fn = function_name(name)           # a file may define σ itself; the body may not
    functions = frozenset(scope.functions | ({fn} if fn else set()))
    try:
        name_expr = read_expr(name, functions)
        body_expr = read_expr(body, functions)
    except ParseError as exc:
        raise InputError(f"definition of {name!r}: {exc.message}") from None
    if not add_definition(scope, name_expr, body_expr, written=(name, body)):
        raise InputError(f"definition of {name!r}: the left side must be a name "
                         "such as C, a_j or f(x, y)")


def assume_text(scope: Scope, text: str) -> None:
    try:
        exprs, rels = read_chain(text, frozenset(scope.functions))
    except ParseError as exc:
        raise InputError(f"hypothesis {text!r}: {exc.message}") from None
    if len(rels) != 1:
        raise InputError(f"hypothesis {text!r}: expected one relation such as "
                         r"\sum_j y_j = 1 or k \neq j")
    scope.hypotheses.append(relation(exprs[0], rels[0], exprs[1], evaluate=False))


def base_scope(context: str | None = None, define=(), assume=(), contexts=None) -> Scope:
    """The whole-file scope: a named context (looked up in `contexts`, the catalogue's
    named contexts, each with .define and .assume), then definitions, then hypotheses."""
    scope = Scope()
    CONTEXTS = contexts if contexts is not None else {}
    if context:
        for name in [c.strip() for c in str(context).split(",") if c.strip()]:
            if name not in CONTEXTS:
                raise InputError(f"unknown context {name!r} (known: {', '.join(CONTEXTS)})")
            for n, body in CONTEXTS[name].define:
                define_text(scope, n, body)
            for h in CONTEXTS[name].assume:
                assume_text(scope, h)
    for name, body in define:
        define_text(scope, name, body)
    for h in assume:
        assume_text(scope, h)
    return scope


