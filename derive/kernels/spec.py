"""What a kernel is: outputs as (textbook formula, stable formula) pairs per array element,
the claims they come from, and the proof that each stable formula equals its textbook one.

Element expressions use x[j] for "the array x", Σ_k over the class axis, and a free real
symbol m for "any shift" (the code puts the row maximum there): an identity proved for
every m holds for the maximum in particular.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from ..claim import HOLDS, Claim, Equals, Source, part
from ..prover.context import Context
from ..prover.sums import normalize
from .lowering import function_source
from .printer import PutAxis, RowSum, SumAxis, SumRest, TakeAxis

SOURCE = Source("Kernels", "stable rewrites of proven formulas")
SCALAR_PARAMS = ("axis", "alpha")


@dataclass(frozen=True)
class Form:
    """One output: its textbook formula and the stable formula the code computes."""
    name: str
    textbook: object
    stable: object
    reduce: bool = False          # a per-row sum over the element index (a loss)
    kink: bool = False            # not differentiable at 0: the value there is a convention
    scale: object = None          # the magnitude errors are relative to (default |value|)
    wrt: str = ""                 # for a gradient: the argument it is taken with respect to


@dataclass(frozen=True)
class Kernel:
    name: str
    claims: tuple[str, ...]        # the catalogue claims these formulas are
    params: str                    # the Python signature
    forms: tuple[Form, ...]
    rewrite: str                   # the stable rewrite, in words, for the docstring
    element: sp.Symbol             # the element index j
    dims: dict = field(default_factory=dict)
    indices: dict = field(default_factory=dict)
    prelude: tuple = ()           # [(name, expression)] the code computes first
    hypotheses: tuple = ()
    defs: dict = field(default_factory=dict)       # what prelude names mean, for proofs
    doc: str = ""

    @property
    def arrays(self) -> list[str]:
        """The array parameters, in order (not axis, not scalar options such as alpha)."""
        names = [p.split("=")[0].strip() for p in self.params.split(",")]
        return [p for p in names if p not in SCALAR_PARAMS]

    def proof_claims(self) -> list[Claim]:
        """One claim per output: textbook formula = stable formula (by cases for np.where)."""
        out = []
        for form in self.forms:
            if form.textbook is form.stable:
                continue                       # computed as proven: nothing to rewrite
            textbook, stable = plain(form.textbook), plain(form.stable)
            parts = _by_cases(textbook, stable)
            out.append(Claim(f"kernel.{self.name}.{form.name}",
                             f"{self.name}: the stable {form.name} is the textbook one", SOURCE,
                             parts, scope="all n" if self.dims else "all real inputs",
                             hypotheses=self.hypotheses, indices=self.indices,
                             dims=self.dims, defs=self.defs, expect=HOLDS))
        return out

    def vectorized(self) -> list:
        """The stable outputs as whole-array expressions for the printer."""
        out = []
        for form in self.forms:
            e = vectorize(form.stable, self.element)
            out.append(RowSum(e) if form.reduce else e)
        return out

    def source(self, status: str = "") -> str:
        names = ", ".join(f.name for f in self.forms)
        doc = (f"{self.doc}\n\nReturns: {names}.\nProven formulas: {', '.join(self.claims)}"
               f"{' (' + status + ')' if status else ''}.\nStable rewrite: {self.rewrite}")
        prelude = [(name, vectorize(value, self.element)) for name, value in self.prelude]
        outputs = [(f.name, e) for f, e in zip(self.forms, self.vectorized())]
        return function_source(self.name, self.params, self.arrays, prelude, outputs, doc,
                               elementwise=not self.dims)


def _by_cases(textbook, stable):
    """Equals(textbook, stable), split where the stable form branches: on a Piecewise
    condition, or on the sign of an |x|."""
    if isinstance(stable, sp.Piecewise):
        (a, cond), (b, _) = stable.args
        other = sp.Not(cond).simplify()
        return (part(Equals(textbook, a), _words(cond), cond),
                part(Equals(textbook, b), _words(other), other))
    absolutes = sorted(stable.atoms(sp.Abs), key=sp.default_sort_key)
    if absolutes:
        x = absolutes[0].args[0]
        return (part(Equals(textbook, stable), f"{x} >= 0", x >= 0),
                part(Equals(textbook, stable), f"{x} < 0", x < 0))
    return (part(Equals(textbook, stable)),)


def _words(cond) -> str:
    """z >= 0, j = s, j ≠ s: a case as the report shows it."""
    sign = {sp.Eq: "=", sp.Ne: "≠"}.get(type(cond))
    return f"{cond.lhs} {sign} {cond.rhs}" if sign else str(cond)


def plain(e):
    """log1p/expm1 written out, for the prover."""
    return e.replace(lambda x: isinstance(x, (log1p, expm1)),
                     lambda x: x.rewrite(sp.log) if isinstance(x, log1p) else x.rewrite(sp.exp))


def vectorize(expr, element):
    """Σ_k f(x[k]) → SumAxis(f(x[j])): the array form of an element expression;
    Σ_k (1 − δ_ks) f_k, the sum without the argmax s, → SumRest(f);
    (a if j = s else b), s the argmax, → PutAxis(b, a at the argmax i). (A kernel that
    meant another index would compute something else: the 50-digit check of every
    exported kernel against its textbook formula would say so.)"""
    def at_argmax(e):
        (a, cond), (b, _) = e.args
        taken = a.replace(lambda x: isinstance(x, sp.Indexed) and x.indices == (element,),
                          lambda x: TakeAxis(x, sp.Symbol("i")))
        return PutAxis(vectorize(b, element), vectorize(taken, element))
    expr = expr.replace(lambda e: isinstance(e, sp.Piecewise) and len(e.args) == 2
                        and isinstance(e.args[0][1], sp.Eq) and element in e.args[0][1].args,
                        at_argmax)

    def to_axis(s):
        (k, _lo, _hi), = s.limits
        factors = sp.Mul.make_args(s.function)
        rest = [f for f in factors if not (f.is_Add and any(
            isinstance(t, sp.KroneckerDelta) or (t.is_Mul and t.has(sp.KroneckerDelta))
            for t in f.args))]
        if len(rest) < len(factors):
            return SumRest(sp.Mul(*rest).xreplace({k: element}))
        return SumAxis(s.function.xreplace({k: element}))
    return expr.replace(lambda e: isinstance(e, sp.Sum), to_axis)


def derived(expr, ctx_defs, indices, dims, hypotheses=()):
    """A gradient taken symbolically from a claim's formula, sums normalized."""
    ctx = Context(dict(indices), dict(dims), tuple(hypotheses), dict(ctx_defs))
    return normalize(ctx.expand(expr), ctx)

