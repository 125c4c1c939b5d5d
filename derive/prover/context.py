"""The setting one part of a claim is proved in: index ranges, dimensions, hypotheses,
definitions. Expanding definitions and evaluating derivatives start here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ..claim import Claim, Part
from ..notation import ByValue, kept_whole, logs_of_products, over_members
from .exprs import bare_letter, by_arity, is_by_arity, is_decorated


def _root_folded(body, value, v):
    """∂ℓ/∂v with v = σ²: what is left of σ in a body written in σ² (|σ| of log √(2πσ²),
    σ itself where σ > 0) is the root of v — v determines it, so it varies with v too."""
    if not (value.is_Pow and value.base.is_Symbol and value.exp.is_Integer
            and value.exp > 0 and value.exp % 2 == 0 and body.has(value.base)):
        return body
    s, root = value.base, v ** (sp.Integer(1) / value.exp)
    body = body.replace(lambda e: isinstance(e, sp.Abs) and e.args[0] == s, lambda e: root)
    return body.subs(s, root) if s.is_positive else body


@dataclass
class Context:
    indices: dict = field(default_factory=dict)     # index -> upper bound
    dims: dict = field(default_factory=dict)        # dimension -> smallest value
    hypotheses: tuple = ()
    defs: dict = field(default_factory=dict)
    local: tuple = ()        # a part's own hypotheses: about the indices at hand, not ∀
    where_defined: bool = False     # see Claim.where_defined
    starts: dict = field(default_factory=dict)      # index -> lower bound where not 1

    @classmethod
    def of(cls, claim: Claim, part: Part | None = None) -> "Context":
        extra = tuple(part.hypotheses) if part else ()
        return cls(dict(claim.indices), dict(claim.dims), tuple(claim.hypotheses) + extra,
                   dict(claim.defs), extra, claim.where_defined, dict(claim.starts))

    def bounds(self) -> dict:
        """Interval bounds from the hypotheses: a global x_j > 0 bounds every x_j, a local
        one only the x_j it names; dimensions are at least their minimum."""
        from .intervals import Interval, bounds_from
        out = bounds_from([h for h in self.hypotheses if h not in self.local],
                          set(self.indices))
        for key, iv in bounds_from(self.local, set()).items():
            out.setdefault(key, iv)
        for d, least in self.dims.items():
            out.setdefault(d, Interval(sp.Integer(least), sp.oo, False, True))
        return out

    def min_value(self, bound) -> int | None:
        """The least value a range's upper bound can take (None if not known)."""
        if getattr(bound, "is_Integer", False):
            return int(bound)
        if bound in self.dims:
            return int(self.dims[bound])
        return None

    def within(self, limits) -> "Context":
        """This context inside a Σ over `limits`: each bound variable lies in its range
        there (Σ_j … Σ_k δ_jk f_k = Σ_j … f_j)."""
        inner = [lim for lim in limits if len(lim) == 3 and lim[1].is_Integer]
        if not inner:
            return self
        starts = {k: v for k, v in self.starts.items() if k not in {lim[0] for lim in inner}}
        starts.update({lim[0]: lim[1] for lim in inner if lim[1] != 1})
        return replace(self, indices={**self.indices, **{lim[0]: lim[2] for lim in inner}},
                       starts=starts)

    def start(self, index):
        """An index's lower bound: 1 unless the document's sums start it elsewhere."""
        return self.starts.get(index, sp.Integer(1))

    def in_range(self, m, lo, hi) -> bool:
        """Whether index expression m surely lies in lo..hi."""
        if m in self.indices:
            return lo == self.start(m) and self.indices[m] == hi
        if getattr(m, "is_Integer", False) and lo == 1 and m >= 1:
            least = self.min_value(hi)
            return least is not None and int(m) <= least
        return False

    def expand(self, expr):
        """Replace defined names by their definitions (as deep as needed), then
        evaluate derivatives, so that ∂C/∂z_i differentiates C's definition."""
        return evaluate_derivatives(self.unfold(expr))

    def unfold(self, expr, depth: int = 12):
        """Replace defined names by their definitions until none is left (memoized:
        sampling unfolds the same expressions for every concrete n)."""
        cache = self.__dict__.setdefault("_unfolded", {})
        key = expr if isinstance(expr, sp.Basic) else None
        if key is not None and key in cache:
            return cache[key]
        for _ in range(depth):
            if isinstance(expr, sp.Basic) and self.defs and expr.has(sp.Derivative):
                # each pass: δ = ∂C/∂z written in by the pass before is taken down to z
                # before z itself is written in
                expr = expr.replace(lambda e: isinstance(e, sp.Derivative),
                                    self._held_derivative)
            if isinstance(expr, sp.Basic) and self.defs and expr.has(ByValue):
                expr = expr.replace(lambda e: isinstance(e, ByValue), self._held_by_value)
            new = self._substitute(expr)
            if new == expr:
                break
            expr = new
        if key is not None:
            cache[key] = expr
        return expr

    def keeping(self, expr, kept):
        """expr with the defined names in `kept` left as names: every derivative is
        evaluated first (through all definitions, down to a defined variable, which stays
        a name), then the other names are unfolded. An identity in the kept names holds
        whatever values they have, so it holds for the values their definitions give."""
        # names for derivatives that are not kept (ε_j = ∂L/∂h_j ∂h_j/∂z_j) are written
        # out first: their derivatives are then taken with every definition, L's too
        named = {k: v for k, v in self.defs.items() if k not in kept
                 and isinstance(v, sp.Basic) and v.has(sp.Derivative)}
        if named and isinstance(expr, sp.Basic):
            expr = Context(self.indices, self.dims, self.hypotheses, named,
                           starts=self.starts).unfold(expr)
        if isinstance(expr, sp.Basic) and expr.has(sp.Derivative):
            expr = expr.replace(lambda e: isinstance(e, sp.Derivative),
                                lambda d: self._evaluated(d, kept))
            # (f'(c), the derivative at a point: taken, it is put at the point)
            expr = expr.replace(lambda e: isinstance(e, sp.Subs)
                                and not e.expr.has(sp.Derivative), lambda e: e.doit())
        return self._without(kept).expand(expr)

    def _without(self, names) -> "Context":
        """This context with the definitions of `names` left out (they stay names)."""
        return Context(self.indices, self.dims, self.hypotheses,
                       {k: v for k, v in self.defs.items() if k not in names},
                       starts=self.starts)

    def _evaluated(self, d, kept=frozenset()):
        """A derivative's value (a defined variable of it left as its name; through a
        kept name that uses its variable, by the chain rule)."""
        held = self._held_derivative(d)
        if held is not d:
            return held
        for q in kept:
            chained = self._through(d, q)
            if chained is not None:
                return chained
        # a kept name its variables do not reach (σ with 𝔻ε = σ², in ∂Err/∂c) is a
        # constant of the derivative: it stays a name
        return diff(self._without(self._constant_in(kept, d.variables)).unfold(d.expr),
                    *d.variable_count)

    def _constant_in(self, kept, variables) -> set:
        """The kept names whose definitions, unfolded, write none of `variables`."""
        bases = {v.base if isinstance(v, sp.Indexed) else v for v in variables}
        out = set()
        for q in kept:
            body = self.defs.get(q)
            if not isinstance(body, sp.Basic):
                continue
            body = self.unfold(body.expr if isinstance(body, sp.Lambda) else body)
            if not (body.free_symbols | body.atoms(sp.IndexedBase)) & bases:
                out.add(q)
        return out

    def _through(self, d, q):
        """∂f/∂v by the chain rule through q_l, a vector the document defines with v:
        Σ_l ∂f/∂q_l · ∂q_l/∂v (+ ∂f/∂v with q fixed), l over the one range of the sums
        every q_l of f sits in; so ∂C/∂b_i comes out written in z, as lectures write it.
        None where that does not apply."""
        body = self.defs.get(q)
        if not (isinstance(q, sp.IndexedBase) and isinstance(body, sp.Lambda)
                and len(body.variables) == 1 and len(d.variable_count) == 1
                and d.variable_count[0][1] == 1):
            return None
        v = d.variables[0]
        if (v.base if isinstance(v, sp.Indexed) else v) not in (
                body.expr.free_symbols | body.expr.atoms(sp.IndexedBase)):
            return None
        held = sp.IndexedBase(sp.Dummy(str(q.label)), real=True)
        f = self._without({q}).unfold(d.expr).xreplace({q: held})
        uses = [x for x in f.atoms(sp.Indexed) if x.base == held]
        ranges = {tuple(lim[1:]) for s in f.atoms(sp.Sum) for lim in s.limits
                  if any(u.indices == (lim[0],) for u in uses)}
        bound = {lim[0] for s in f.atoms(sp.Sum) for lim in s.limits}
        if not uses or len(ranges) != 1 or any(
                len(u.indices) != 1 or u.indices[0] not in bound for u in uses):
            return None
        lo, hi = ranges.pop()
        lth = sp.Dummy("l", integer=True, positive=True)
        outer = sp.diff(f, held[lth])
        inner = diff(self.unfold(q[lth]), (v, 1))
        total = sp.Sum(outer * inner, (lth, lo, hi)) + diff(f, (v, 1))
        return total.xreplace({held: q})

    def _held_derivative(self, d):
        """∂f/∂q with q itself a defined name: f is expanded only down to q, differentiated
        with respect to q, and q's definition is put back afterwards ("as far as the
        derivative needs", as in the computational-graph lectures)."""
        held = {}
        for v in d.variables:
            if isinstance(v, sp.Symbol) and v in self.defs:
                held[v] = sp.Dummy(v.name, real=True)
            elif isinstance(v, sp.Indexed) and v.base in self.defs:
                held[v.base] = sp.IndexedBase(sp.Dummy(str(v.base.label)), real=True)
        if not held:
            return d
        body = d.expr
        for _ in range(4):      # (L = ½(v h_2 − y)²: h_2, a later member, shows only once
            body = self._without(held).unfold(self._later_members(body, d.variables))
            if self._later_members(body, d.variables) == body:      # L is written out)
                break
        body = self._folded(body, d.variables).xreplace(held)
        inverse = self._through_inverse(body, d, held)
        if inverse is not None:
            return inverse
        result = diff(body, *[(v.xreplace(held), c) for v, c in d.variable_count])
        result = self._members_back(result, d, held)
        return result.xreplace({dummy: key for key, dummy in held.items()})

    def _members_back(self, result, d, held):
        """∂h_2/∂h_1 = (1 − tanh²(w h_1 + u x_2 + b)) w: the later member written out to
        be differentiated (h_2 = tanh(a_2)) is put back where it is left whole after
        differentiating — (1 − h_2²) w, as a side that writes h_2 has it (h_2 is its
        definition's value, so this changes no value)."""
        if not isinstance(result, sp.Basic):
            return result
        # the members the derivative's expression writes, and those the plain names it
        # uses write (a_f = w_f x_t + u_f h_{t−1} + b_f: h_{t−1})
        members, seen, todo = set(d.expr.atoms(sp.Indexed)), set(), list(d.expr.free_symbols)
        while todo and len(seen) < 50:
            name = todo.pop()
            if name in seen or not isinstance(self.defs.get(name), sp.Expr):
                continue
            seen.add(name)
            members |= self.defs[name].atoms(sp.Indexed)
            todo += list(self.defs[name].free_symbols)
        for member in sorted(members, key=sp.default_sort_key):
            if not (isinstance(self.defs.get(member.base), sp.Lambda)
                    and _fits(self.defs[member.base], member.indices)
                    and member not in d.variables):
                continue
            value = self._without(held).unfold(_apply(self.defs[member.base], member.indices))
            value = value.xreplace(held) if isinstance(value, sp.Basic) else value
            if isinstance(value, sp.Expr) and not value.is_Atom:
                result = result.subs(value, member)
        return result

    def _folded(self, body, variables):
        """∂h_t/∂a_t with h_t = tanh(w h_{t−1} + u x_t) and a_t = w h_{t−1} + u x_t: a body
        written without the variable's name but with what the name stands for has the
        name put back (the variable is the name, not a constant beside it)."""
        for v in variables:
            if body.has(v):
                continue
            if isinstance(v, sp.Indexed) and isinstance(self.defs.get(v.base), sp.Lambda) \
                    and _fits(self.defs[v.base], v.indices):
                value = _apply(self.defs[v.base], v.indices)
            elif isinstance(v, sp.Symbol) and isinstance(self.defs.get(v), sp.Expr):
                value = self.defs[v]
            else:
                continue
            value = self._without({v.base if isinstance(v, sp.Indexed) else v: None}) \
                .unfold(value)
            if isinstance(value, sp.Expr) and not value.is_Atom:
                # ∂y_k/∂x_j with x_m = log α_m + g_m and y_k a softmax of them: every
                # member of the family written out is put back as x_m (the sum's too)
                family = _family_folded(body, self.defs[v.base], v.base, self) \
                    if isinstance(v, sp.Indexed) and len(v.indices) == 1 else body
                if family is not body and family.has(v.base):
                    body = family
                    continue
                folded = body.subs(value, v)     # (e^{-b-wx} of σ(wx + b) written out too)
                if not folded.has(v) and value.has(sp.Sum):   # Σ_j w_ij x_j as Σ_k w_ik x_k
                    folded = bound_written_alike(body).subs(bound_written_alike(value), v)
                folded = _root_folded(folded, value, v)
                body = folded if folded.has(v) else body
        return body

    def _through_inverse(self, body, d, held):
        """∂z/∂s with s = log σ² and z = μ + σε: z is written in σ alone, s a function of
        σ alone — σ is then a function of s, and ∂z/∂s = (∂z/∂σ)/(ds/dσ). None where the
        derivative is not of that kind (z writes s itself, s is made of several names)."""
        if len(d.variable_count) != 1 or d.variable_count[0][1] != 1:
            return None
        v = d.variables[0]
        g = self.defs.get(v) if isinstance(v, sp.Symbol) else None
        if not isinstance(g, sp.Expr) or g.has(sp.Derivative) or body.has(held[v]) \
                or len(g.free_symbols) != 1 or g.atoms(sp.Indexed):
            return None
        (u,) = g.free_symbols
        if u in self.defs or not body.has(u):
            return None
        slope = diff(self.unfold(g), (u, 1))
        if slope == 0 or slope.is_zero:
            return None
        return diff(body, (u, 1)) / slope

    def _later_members(self, expr, variables, steps: int = 4):
        """∂h_t/∂h_{t−1} with h_t = (1 − z_t) h_{t−1} + z_t h̃_t: the members of the
        variable's family at a later index (h_t, for h_{t−1}) written as their definition
        says, a step at a time down to the variable — never held with it, which would
        make them constants."""
        for _ in range(steps):
            later = {e for e in expr.atoms(sp.Indexed) for v in variables
                     if isinstance(v, sp.Indexed) and e.base == v.base and e != v
                     and isinstance(self.defs.get(e.base), sp.Lambda)
                     and _fits(self.defs[e.base], e.indices)
                     and len(e.indices) == len(v.indices)
                     and all((a - b).is_Integer and a - b > 0 for a, b in
                             zip(e.indices, v.indices) if a != b)}
            if not later:
                break
            expr = expr.xreplace({e: _apply(self.defs[e.base], e.indices) for e in later})
        return expr

    def _held_by_value(self, by):
        """∂x̂/∂σ² with σ defined (σ² = (1/m) Σ (x_i − μ)²): by the value σ² as the
        variable, as `_held_derivative` does for ∂f/∂q."""
        body, wrt = by.args
        held = {s: sp.Dummy(s.name, real=True) for s in wrt.atoms(sp.Symbol) if s in self.defs}
        held.update({i.base: sp.IndexedBase(sp.Dummy(str(i.base.label)), real=True)
                     for i in wrt.atoms(sp.Indexed) if i.base in self.defs})
        if not held:
            return by
        inner = self._without(held).unfold(body).xreplace(held)
        return ByValue(inner, wrt.xreplace(held)).take().xreplace(
            {dummy: key for key, dummy in held.items()})

    def _plain_definitions(self) -> tuple[dict, dict]:
        """The definitions of plain names, and of the families that names kept whole and
        spelled with an index stand for (`family`); once per context, not per pass."""
        if "_plain" not in self.__dict__:
            plain = {k: v for k, v in self.defs.items() if isinstance(k, sp.Symbol)}
            self.__dict__["_plain"] = plain, {
                family(k, j): sp.Lambda((j,), v) for k, v in plain.items()
                if isinstance(v, sp.Basic)
                for j in v.free_symbols if j.is_integer and j in _spelled_index(k)}
        return self.__dict__["_plain"]

    def _recurrent(self) -> set:
        """The families defined through an earlier member of their own, directly
        (h_t = (1 − z_t) h_{t−1} + z_t h̃_t) or through other definitions (h_t = o_t
        tanh(c_t), o_t = σ(a_o), a_o = w_o x + u_o h_{t−1}); once per context."""
        if "_recurrent_families" not in self.__dict__:
            uses = {k: _mentioned(v) for k, v in self.defs.items()}
            self.__dict__["_recurrent_families"] = {
                k for k, v in self.defs.items() if isinstance(k, sp.IndexedBase)
                and isinstance(v, sp.Lambda) and _reaches_itself(k, uses)}
        return self.__dict__["_recurrent_families"]

    def settled(self, expr, steps: int = 4):
        """expr as a point's values must have it: an earlier member of a family that is
        recurrent only through another (h_{t−1} = o_{t−1} tanh(c_{t−1}), c_t = f_t c_{t−1}
        + …) is written as its definition says, down to the members of the families that
        carry the recurrence (`_carriers`). Unfolding keeps every earlier member a name so
        that it ends; a sampled point that gave h_{t−1} a value of its own beside c_{t−1}
        would break the definition, and a "counterexample" there says nothing."""
        loose = self._recurrent() - self._carriers()
        if not loose or not isinstance(expr, sp.Basic):
            return expr
        for _ in range(steps):
            members = {e for e in expr.atoms(sp.Indexed) if e.base in loose
                       and not _current(e) and _fits(self.defs[e.base], e.indices)}
            if not members:
                break
            expr = self.unfold(expr.xreplace(
                {m: _apply(self.defs[m.base], m.indices) for m in members}))
        return expr

    def _carriers(self) -> set:
        """The recurrent families whose earlier members are taken as given: those defined
        through an earlier member of their own (c_t = f_t c_{t−1} + i_t g_t), then, while a
        cycle is left among the others, one of them the definitions write at an earlier
        index (h_{t−1} in a_t = w h_{t−1} + u x_t) — few enough that every other family's
        earlier member is a function of theirs."""
        if "_carrier_families" not in self.__dict__:
            uses = {k: _mentioned(v) for k, v in self.defs.items()}
            recurrent = self._recurrent()
            carriers = {b for b in recurrent if b in uses.get(b, ())}
            written = {i.base for v in self.defs.values() if isinstance(v, sp.Basic)
                       for i in v.atoms(sp.Indexed) if not _current(i)}
            while left := sorted((b for b in recurrent - carriers
                                  if _reaches_itself(b, uses, avoid=carriers)),
                                 key=lambda b: (b not in written, str(b))):
                carriers.add(left[0])
            self.__dict__["_carrier_families"] = carriers
        return self.__dict__["_carrier_families"]

    def _closed_bodies(self, plain: dict) -> dict:
        """`_closed` for every function definition, once per context (a hot path)."""
        if "_closed" not in self.__dict__:
            self.__dict__["_closed"] = {
                k: self._closed(v, plain) for k, v in self.defs.items()
                if isinstance(k, sp.core.function.UndefinedFunction)}
        return self.__dict__["_closed"]

    @staticmethod
    def _closed(body, plain: dict):
        """g(x) = ½x(1 + tanh u) with u = √(2/π)(x + 0.044715x³): u is g's argument's, so
        it is written into g's body before g is applied (g'(x) would take u for a constant,
        g(0) keep the x of u)."""
        if not isinstance(body, sp.Lambda) or not plain:
            return body
        params = set(body.variables)
        expr = body.expr
        for _ in range(4):
            inner = {q: v for q, v in plain.items()
                     if q in expr.free_symbols and v.free_symbols & params}
            if not inner:
                break
            expr = expr.xreplace(inner)
        return sp.Lambda(body.variables, expr)

    def _substitute(self, expr):
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self._substitute)
        if not isinstance(expr, sp.Basic):
            return expr
        expr = freshen(expr)
        if not self.defs:
            return expr
        plain, families = self._plain_definitions()
        recurrent = self._recurrent()
        if plain:
            # y = 0 defines the name y, not the y of y_i: an indexed base keeps its label
            held = {b: sp.IndexedBase(sp.Dummy(str(b.label)), **b.assumptions0)
                    for b in expr.atoms(sp.IndexedBase) if b.label in plain}
            expr = expr.xreplace(held).xreplace(plain)
            if held:
                expr = expr.xreplace({v: k for k, v in held.items()})
        # names defined by a derivative last: nothing is written into the variable of a
        # derivative in the pass that brings it in (unfold holds it in the next)
        for name, body in sorted([*self.defs.items(), *families.items()],
                                 key=lambda kv: isinstance(kv[1], sp.Basic)
                                 and kv[1].has(sp.Derivative)):
            # a definition's own Σ_k is renamed before its parameters are filled in, so that
            # z_k of z_j = Σ_k w_jk a_k never puts the step's k inside that sum (capture)
            # a use with another number of indices (δ_o defined, δ_{oi} used) is another
            # object the document did not define: it is left as it is
            if isinstance(name, sp.IndexedBase):
                expr = expr.replace(lambda e, b=name, f=body: isinstance(e, sp.Indexed)
                                    and e.base == b and _fits(f, e.indices)
                                    and same_labels(f, e.indices)
                                    and (b not in recurrent or _current(e)),
                                    lambda e, f=body: _apply(f, e.indices))
            elif isinstance(name, sp.core.function.UndefinedFunction):
                body = self._closed_bodies(plain).get(name, body)
                expr = expr.replace(lambda e, g=name, f=body: isinstance(e, sp.Function)
                                    and (e.func == g or is_by_arity(g)
                                         and isinstance(e, AppliedUndef)
                                         and g == by_arity(e.func, len(e.args)))
                                    and _fits(f, e.args)
                                    and entries_of_arguments(f, e.args) is not None,
                                    lambda e, f=body: _apply(entries_of_arguments(f, e.args),
                                                             e.args))
        return freshen(expr)


class WholeArray(ValueError):
    """A derivative with respect to a name whose entries the expression writes."""


def diff(body, *variable_count):
    """sp.diff, except by a name W whose entries (W_{jm}, W_k) the body writes: SymPy
    takes those for other names and gives 0, but ∇_W of Σ_m W_{jm} x_m is no 0 — it is
    the gradient with respect to a whole vector or matrix, not read in index notation."""
    names = {v.name for v, _ in variable_count if isinstance(v, sp.Symbol)}
    labels = {str(b.label) for b in body.atoms(sp.IndexedBase)} \
        if names and isinstance(body, sp.Basic) else set()
    for v, _ in variable_count:
        if isinstance(v, sp.Symbol) and v.name in labels:
            raise WholeArray(f"a derivative by {v.name}, whose entries the expression "
                             f"writes ({v.name}_{{…}}): the gradient with respect to a "
                             "whole vector or matrix is not read in index notation")
        if isinstance(v, sp.Indexed) and isinstance(body, sp.Basic) and any(
                e.base == v.base and len(e.indices) != len(v.indices)
                for e in body.atoms(sp.Indexed)):
            # ∂(Σ_k W_k²)/∂W_{ab}: W_k counts W's entries one way, W_{ab} another; SymPy
            # would take them for unrelated names and give 0
            raise WholeArray(f"a derivative by an entry of {v.base}, whose entries the "
                             "expression also writes with another number of indices")
    return sp.diff(logs_of_products(body), *variable_count)


def bound_written_alike(e):
    """e with the index of every one-index sum renamed by how many sums nest inside it:
    Σ_j w_ij x_j and Σ_k w_ik x_k are then the same expression, wherever each stands (to
    find one inside the other)."""
    return _renamed_by_height(e)[0]


def _renamed_by_height(e):
    """(e renamed as `bound_written_alike` says, the number of sums nested in e)."""
    if not isinstance(e, sp.Basic) or e.is_Atom or not e.has(sp.Sum):
        return e, 0
    if isinstance(e, sp.Sum) and len(e.limits) == 1 and len(e.limits[0]) == 3:
        var, lo, hi = e.limits[0]
        inner, height = _renamed_by_height(e.function)
        bound = sp.Symbol(f"_bound{height + 1}", integer=True)
        return sp.Sum(inner.xreplace({var: bound}), (bound, lo, hi)), height + 1
    parts = [_renamed_by_height(a) for a in e.args]
    return e.func(*[p for p, _ in parts]), max(h for _, h in parts)


def _reaches_itself(base, uses: dict, avoid=frozenset()) -> bool:
    """Whether the definitions lead from base back to base (uses: each name's names),
    never through a name in avoid."""
    seen, todo = set(), [n for n in uses.get(base, ()) if n not in avoid]
    while todo and base not in seen:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(n for n in uses.get(name, ()) if n not in avoid)
    return base in seen


def _mentioned(body) -> set:
    """The names a definition's body uses: symbols, indexed bases, functions."""
    if isinstance(body, sp.Lambda):
        body = body.expr
    if not isinstance(body, sp.Basic):
        return set()
    return set(body.free_symbols) | {i.base for i in body.atoms(sp.Indexed)} \
        | {type(f) for f in body.atoms(AppliedUndef)}


def _current(member) -> bool:
    """h_t, not h_{t−1} nor h_3: a recurrence is written out one step, at the index the
    step writes; the earlier state it brings in is given (`_later_members` steps down to
    a derivative's variable), so unfolding ends, also where a gate's pre-activation
    written without t (a_o = w_o x + u_o h_{t−1}) brings h_{t−1} back."""
    return all(isinstance(i, sp.Symbol) for i in member.indices)


def _fits(definition, args) -> bool:
    return not isinstance(definition, sp.Lambda) or len(definition.variables) == len(args)


# subscripts that name a layer or a gate (z_{oi}: the output layer's, z_{hi}: the hidden
# layer's; f_t's forget gate, g's cell input), never an index that runs
_LABELS = {"o", "h", "f", "g"}


def same_labels(definition, indices) -> bool:
    """z_{oi} = h_i + b_o defines the output layer's z for every sample i, not z_{hi}: a
    definition written at a layer's label applies at that label only."""
    return not isinstance(definition, sp.Lambda) or all(
        a == p for p, a in zip(definition.variables, indices)
        if isinstance(p, sp.Symbol) and p.name in _LABELS)


def entries_of_arguments(definition, args):
    """The definition, ready for `args`, where a parameter is a vector its body writes by
    entries (LSE(z) = log Σ_i e^{z_i}): at an argument that is not the parameter itself,
    each entry z_i is the argument's i-th entry — z + c𝟏 gives z_i + c, x gives x_i. None
    where the argument has no such entries (a product of two vectors): the call is then
    left whole, never read as the function at the parameter (LSE(z + c𝟏) is no LSE(z))."""
    if not isinstance(definition, sp.Lambda):
        return definition
    body, variables = definition.expr, list(definition.variables)
    for n, (var, arg) in enumerate(zip(definition.variables, args)):
        if not isinstance(var, sp.Symbol) or var == arg or var in body.free_symbols - {
                s for i in body.atoms(sp.Indexed) for s in (i.base.label,)}:
            continue
        bases = [b for b in body.atoms(sp.IndexedBase) if bare_letter(b.label.name) == bare_letter(var.name)]
        if not bases:
            continue
        if isinstance(arg, sp.MatrixBase):
            continue        # (`$\mathbf{z} = (1000, 1001, 1002)$` put in: z's own entries)
        if not isinstance(arg, sp.Expr):
            return None
        ones = {a: sp.Integer(int(bare_letter(a.name))) for a in arg.free_symbols
                if isinstance(a, sp.Symbol) and bare_letter(a.name) in ("0", "1")}
        arg = arg.xreplace(ones)                # 𝟏: a one in every entry
        vectors = [arg] if isinstance(arg, sp.Symbol) and not arg.is_integer else [
            a for a in arg.free_symbols if isinstance(a, sp.Symbol) and not a.is_integer
            and (is_decorated(a.name) or bare_letter(a.name) == bare_letter(var.name))]
        if not vectors or any(len([v for v in vectors if t.has(v)]) > 1
                              for t in sp.Add.make_args(sp.expand(arg))):
            return None
        fresh = sp.Dummy(var.name)
        entry = {b: lambda idx: arg.xreplace({v: sp.IndexedBase(bare_letter(v.name), real=True)[idx]
                                             for v in vectors}) for b in bases}
        body = body.replace(lambda e: isinstance(e, sp.Indexed) and e.base in entry,
                            lambda e: entry[e.base](e.indices if len(e.indices) > 1
                                                    else e.indices[0]))
        variables[n] = fresh           # (the argument is in the entries now)
    return sp.Lambda(tuple(variables), body)


def _apply(definition, args):
    """A Lambda definition at `args`, its bound summation indices renamed first."""
    if isinstance(definition, sp.Lambda) and definition.expr.has(sp.Sum):
        definition = sp.Lambda(definition.variables, freshen(definition.expr))
    return definition(*args)


def freshen(expr):
    """Give every Σ and Π its own bound variable, so that a definition's Σ_k cannot
    capture a free k of the claim (∂/∂z_k of Σ_k e^{z_k}), nor a value given to k
    reach inside it."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Sum, sp.Product):
        return expr

    def rename(s):
        body = s.function
        limits = []
        for lim in s.limits:
            var = lim[0]
            if isinstance(var, sp.Dummy):
                limits.append(lim)
                continue
            # (an index no count was written for, over members whose sign matters —
            # Σ_w |w| — is not made positive: the bars would go)
            new = sp.Dummy(var.name, integer=True, positive=True) if var.is_positive \
                else sp.Dummy(var.name, integer=True)
            body = body.xreplace({var: new, **{a: family(a, var)[new]
                                               for a in _spelled_with(body, var)}})
            limits.append((new,) + tuple(lim[1:]))
        return s.func(body, *limits)
    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), rename)


# a name kept whole (derive.latex.atoms: E[h̃_j], P(t_i = 1 | z_i)) is spelled with its
# indices as `_{j}`; in a family, the index is this mark
_INDEX_MARK = "_{\\bullet}"


def _spelled_with(expr, var) -> list:
    """The names kept whole whose spelling writes the index var (E[h̃_j] for j)."""
    token = "_{%s}" % var.name
    return [a for a in expr.atoms(sp.Symbol) if not isinstance(a, sp.Dummy)
            and token in a.name and kept_whole(a.name)]


def _spelled_index(atom) -> set:
    """The indices a name kept whole writes in its spelling (j of E[h̃_j])."""
    if not kept_whole(atom.name):
        return set()
    return {sp.Symbol(m, integer=True, positive=True)
            for m in re.findall(r"_\{([a-z])\}", atom.name)}


def family(atom, var) -> sp.IndexedBase:
    """E[h̃_j] inside Σ_j is the j-th of a family E[h̃_•], not one value: renaming the sum's
    variable must take the index in the spelling along (and a definition of E[h̃_j] in
    terms of j is the family's)."""
    return sp.IndexedBase(atom.name.replace("_{%s}" % var.name, _INDEX_MARK), real=True)


def evaluate_derivatives(expr):
    """Evaluate every Derivative, innermost first, without touching sums (Sum.doit would
    turn Σ δ_ik f_k into a Piecewise)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(evaluate_derivatives)
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Derivative, sp.Limit, ByValue):
        return expr
    if isinstance(expr, sp.Subs):       # a derivative at a point: differentiate, then put
        inner = evaluate_derivatives(expr.expr)
        return inner.subs(dict(zip(expr.variables, expr.point)))
    args = [evaluate_derivatives(a) for a in expr.args]
    if isinstance(expr, sp.Derivative):
        return diff(over_members(args[0], set(expr.variables)), *expr.variable_count)
    if isinstance(expr, sp.Limit):
        return _limit(*args)
    if isinstance(expr, ByValue):
        return ByValue(*args).take()
    return expr.func(*args)


def _limit(body, var, point, direction):
    """A limit SymPy can take (σ'(z) as z → ∞ is 0), else the limit as written."""
    value = sp.limit(body, var, point, str(direction))
    if value.has(sp.Limit) and body.has(AppliedUndef) and point.is_finite:
        value = _quotient_limit(body, var, point)
    if value.has(sp.Limit, sp.AccumBounds, sp.nan) or value.has(sp.zoo):
        return sp.Limit(body, var, point, str(direction))
    return value


def _quotient_limit(body, var, point, depth: int = 2):
    """A 0/0 quotient of functions defined nowhere (the derivative's definition,
    (f(x + h) − f(x))/h as h → 0): l'Hôpital's rule, the functions read as smooth — what a
    text that writes the quotient takes for granted. Anything else stays a Limit."""
    num, den = sp.fraction(sp.together(body))
    for _ in range(depth):
        at = [e.subs(var, point).doit() for e in (num, den)]
        if not all(sp.simplify(e) == 0 for e in at):
            break
        num, den = num.diff(var), den.diff(var)
        bottom = sp.simplify(den.subs(var, point).doit())
        if bottom.is_zero is False:
            return sp.simplify(num.subs(var, point).doit() / bottom)
    return sp.Limit(body, var, point)


def _family_folded(body, definition: sp.Lambda, base, ctx: "Context"):
    """body with each member of a family written out (log α_m + g_m for x_m = log α_m +
    g_m, at any index m) put back as that member, x_m."""
    if len(definition.variables) != 1:
        return body
    index = sp.Wild("m", properties=[lambda e: e.is_integer is not False])
    pattern = ctx._without({base: None}).unfold(definition.expr).xreplace(
        {definition.variables[0]: index})
    if not isinstance(pattern, sp.Expr) or pattern.is_Atom or not pattern.has(index):
        return body
    return body.replace(pattern, base[index])
