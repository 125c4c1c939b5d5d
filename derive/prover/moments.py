"""Expectations and variances of random variables, reduced to the moments that remain.

What every derivation of an initialisation's variance (Xavier, He) or of dropout's mean
uses, and nothing more: E is linear and E c = c; the expectation of a product of
independent variables is the product of their expectations; Var X = E[X²] − (E X)²; the
variance of a sum of independent terms is the sum of their variances; identically
distributed w_i share the moments of w. Two sides that reduce to one polynomial in the
moments left (E[w²], E[x], …) are equal for every distribution the words allow. Which
variables are independent or identically distributed is what the words say
(`Randomness`); a variable they say nothing of is dependent on every other one."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import sympy as sp

from ..notation import Optimum
from .exprs import bare_letter

# how texts write the operators: as a head before a factor (Optimum), as a call (Var(X)),
# or as one atom with its square bracket (`\mathbb{E}[w_i^2]`, kept whole by the reader)
EXPECTATION = frozenset({"\\mathbb{E}", "E", "\\mathsf{E}", "\\mathsf{M}", "\\mathbb{M}",
                         "\\mathrm{E}", "\\operatorname{E}", "M"})
VARIANCE = frozenset({"Var", "var", "\\mathbb{D}", "\\mathbb{V}", "\\mathrm{D}", "\\mathsf{D}",
                      "D", "\\mathrm{Var}", "\\operatorname{Var}", "\\text{Var}"})
_BRACKETED = re.compile(r"^(\\mathbb\{E\}|E|\\mathrm\{E\}|\\operatorname\{E\}|\\mathsf\{E\}|"
                        r"\\mathbb\{M\}|\\mathrm\{Var\}|\\operatorname\{Var\}|Var|\\mathbb\{D\}|"
                        r"\\mathbb\{V\}|\\text\{Var\})"
                        # (𝔼_q[…], 𝔼_{z \sim q}[…]: the law it is taken under, written below)
                        r"(?:_(\{(?:[^{}]|\{[^{}]*\})*\}|[a-zA-Z]))?\[(.*)\]$")


class Moment(sp.Symbol):
    """E[…] of one group of dependent variables, as a quantity of its own."""


class Irreducible(Exception):
    """An expectation this algebra does not reduce (E[e^w], a variance of a sum of terms
    that may depend on each other)."""


@dataclass(frozen=True)
class Randomness:
    independent: frozenset = frozenset()    # letters of mutually independent variables
    identical: frozenset = frozenset()      # letters whose members share one distribution
    centred: frozenset = frozenset()        # letters of variables of mean zero
    unit: frozenset = frozenset()           # letters of variables of variance one
    laws: dict = field(default_factory=dict)  # letter → (law, parameters): its moments known
    fixed: set = field(default_factory=set)   # out: the letters taken as not random
    read: Callable[[str], sp.Expr] | None = None    # the inside of an atom `E[…]`
    facts: dict = field(default_factory=dict)      # Moment → value the words give
    parameters: frozenset = frozenset()  # letters read as numbers: μ written outside E[…]
    below: str = ""                     # the one law every expectation is under (𝔼_q)


def has_moments(e) -> bool:
    """Whether an expression takes an expectation or a variance."""
    return isinstance(e, sp.Basic) and any(_operator(a) for a in sp.preorder_traversal(e))


def moment_arguments(e) -> list:
    """What each expectation or variance of e takes, as written (text) or read."""
    return [op[1] for a in sp.preorder_traversal(e) if (op := _operator(a))] \
        if isinstance(e, sp.Basic) else []


def _operator(e):
    """('E' or 'Var', argument text or expression) for an operator node, else None."""
    if isinstance(e, Optimum) and e.kind in EXPECTATION | VARIANCE:
        return ("E" if e.kind in EXPECTATION else "Var"), e.objective
    if isinstance(e, sp.Function) and type(e).__name__ in VARIANCE and len(e.args) == 1:
        return "Var", e.args[0]
    if isinstance(e, sp.Symbol) and not isinstance(e, Moment):
        m = _BRACKETED.match(e.name)
        if m:
            head = m.group(1)
            return ("E" if "E" in head or "M" in head else "Var"), m.group(3)
    return None


def laws_below(e) -> set:
    """What the expectations and variances of e are taken under, as written below them
    (`q` of 𝔼_q[…]; "" for none written)."""
    found = set()
    for a in sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ():
        m = _BRACKETED.match(a.name) if isinstance(a, sp.Symbol) and not isinstance(
            a, Moment) else None
        if m:
            found.add(re.sub(r"\s+", "", (m.group(2) or "").strip("{}")))
        elif _operator(a) is not None:
            found.add("")
    return found


def letters_outside(e) -> set:
    """The letters of the names e writes outside every expectation and variance in it."""
    if not isinstance(e, sp.Basic) or _operator(e) is not None:
        return set()
    if isinstance(e, (sp.Symbol, sp.Indexed)):
        return set() if isinstance(e, Moment) or e.is_integer else {_letter(e)}
    return set().union(*(letters_outside(a) for a in e.args)) if e.args else set()


def letters_inside(e) -> set:
    """The letters of the names the expectations and variances in e are of."""
    found: set = set()
    for node in sp.preorder_traversal(e):
        op = _operator(node)
        if op is None:
            continue
        if isinstance(op[1], str):
            found |= set(re.findall(r"\\?[a-zA-Z]+", op[1]))
        else:
            found |= {_letter(a) for a in _atoms(op[1])}
    return found


def reduce(e, rnd: Randomness):
    """e with every expectation and variance in it reduced to moments; Irreducible where
    one cannot be."""
    if not isinstance(e, sp.Basic):
        return e
    found = _operator(e)
    if found is not None:
        kind, arg = found
        if isinstance(arg, str):
            if rnd.read is None:
                raise Irreducible(arg)
            arg = rnd.read(arg)
        arg = reduce(_counts_as_bounds(arg), rnd)
        return expectation(arg, rnd) if kind == "E" else variance(arg, rnd)
    if not e.args or isinstance(e, (sp.Indexed, sp.IndexedBase)):
        return e
    return e.func(*[reduce(a, rnd) for a in e.args])


def _counts_as_bounds(e):
    """E[(1/n) Σ_{i=1}^n x_i]: the n beside the sum is the count it runs to — one name,
    one quantity, never a random variable of its own."""
    if not isinstance(e, sp.Basic):
        return e
    counts = {s.name: s for s in e.free_symbols if isinstance(s, sp.Symbol) and s.is_integer}
    return e.xreplace({s: counts[s.name] for s in e.free_symbols
                       if isinstance(s, sp.Symbol) and not s.is_integer and s.name in counts})


def _random(atom, rnd: Randomness | None = None) -> bool:
    """A name that is a random variable: where the words call some names random
    (independent, i.i.d., of a law), those; where they call none, every name an
    expectation is of — but never a law's parameter or a count."""
    if not isinstance(atom, (sp.Symbol, sp.Indexed)) or isinstance(atom, Moment) \
            or isinstance(atom, sp.Symbol) and atom.is_integer:
        return False
    if rnd is None:
        return True
    if _letter(atom) in rnd.parameters:
        return False
    if any(atom in p.free_symbols for _, params in rnd.laws.values() for p in params):
        return False
    said = rnd.independent | rnd.identical | rnd.centred | rnd.unit | set(rnd.laws)
    return not said or _letter(atom) in said


def _atoms(e, rnd: Randomness | None = None) -> set:
    """The random variables an expression writes: names and entries, not the labels or
    indices of its entries."""
    inner = {s for i in e.atoms(sp.Indexed) for s in (i.base.label, *i.indices)}
    return {a for a in e.atoms(sp.Symbol, sp.Indexed) if _random(a, rnd) and a not in inner}


def _unsaid(e, rnd: Randomness) -> bool:
    """Whether e writes names, none of them called random, that are no parameters either
    (E[x²] with the words calling only w random): the writer takes them as random."""
    return bool({a for a in _atoms(e) if _letter(a) not in rnd.parameters}) \
        and not _atoms(e, rnd)


def _letter(atom) -> str:
    return bare_letter(str(atom.base.label if isinstance(atom, sp.Indexed) else atom))


def _index(atom) -> tuple:
    return tuple(atom.indices) if isinstance(atom, sp.Indexed) else ()


def expectation(e, rnd: Randomness):
    if _unsaid(e, rnd):
        # E[x²] with x none of the names the words call random: the writer takes x as
        # random all the same, and nothing is known of it
        raise Irreducible(e)
    e = sp.expand(e)
    if isinstance(e, sp.Mul):           # E[cX] = c E[X], c no random variable
        constant = sp.Mul(*[f for f in e.args if not _atoms(f, rnd)])
        if constant != 1:
            _note_fixed(constant, rnd)
            return constant * expectation(e / constant, rnd)
    if isinstance(e, sp.Sum):
        return sp.Sum(expectation(e.function, rnd), *e.limits).doit()
    if isinstance(e, sp.Add):
        return sp.Add(*[expectation(t, rnd) for t in e.args])
    coefficient, groups = sp.Integer(1), {}
    for factor in sp.Mul.make_args(e):
        base, power = factor.as_base_exp()
        if not _atoms(factor, rnd):
            coefficient *= factor
            _note_fixed(factor, rnd)
            continue
        if not (_random(base, rnd) and power.is_Integer and power > 0):
            raise Irreducible(factor)          # E[e^w], E[1/x], E[Σ …]: not reduced
        groups.setdefault(_group(base, rnd), []).append((base, int(power)))
    for members in _merged(groups, rnd):
        coefficient *= _moment(members, rnd)
    return coefficient


def _note_fixed(factor, rnd: Randomness) -> None:
    """The names a factor taken out of an expectation writes (not a law's parameters)."""
    rnd.fixed.update(_letter(a) for a in _atoms(factor) if not any(
        a in p.free_symbols for _, params in rnd.laws.values() for p in params))


def _group(atom, rnd: Randomness):
    """Which variables may depend on each other: one group for each independent variable
    (its letter and indices), one for everything the words say nothing of."""
    if _letter(atom) in rnd.independent:
        return (_letter(atom), _index(atom))
    return ("", ())


def _merged(groups: dict, rnd: Randomness) -> list:
    """The groups, with two of one letter joined unless their indices differ as numbers:
    w_i and w_j may be one variable (i = j), w_1 and w_2 are not."""
    out: list = []
    for key, members in groups.items():
        for other in out:
            if other[0][0] == key[0] and not (
                    key[0] and all(a.is_Integer and b.is_Integer for a, b in zip(key[1], other[0][1]))
                    and key[1] != other[0][1] and len(key[1]) == len(other[0][1])):
                other[1].extend(members)
                break
        else:
            out.append((key, list(members)))
    return [members for _, members in out]


def _moment(members: list, rnd: Randomness):
    powers: dict = {}
    for base, power in members:
        powers[base] = powers.get(base, 0) + power
    if len(powers) == 1:
        ((base, power),) = powers.items()
        if _letter(base) in rnd.laws:
            return law_moment(*rnd.laws[_letter(base)], power)
        if power == 1 and _letter(base) in rnd.centred:
            return sp.Integer(0)
        if power == 2 and _letter(base) in rnd.centred and _letter(base) in rnd.unit:
            return sp.Integer(1)                      # E[x²] = Var x + (E x)² = 1
        if _letter(base) in rnd.identical:
            base = sp.Symbol(_letter(base))           # w_i as w: one distribution
        written = sp.latex(base ** power)
    else:
        written = " ".join(sp.latex(b ** p) for b, p in sorted(powers.items(), key=str))
    below = f"_{{{rnd.below}}}" if rnd.below else ""
    moment = Moment(rf"\mathbb{{E}}{below}[{written}]", real=True)
    return rnd.facts.get(moment, moment)


def law_moment(law: str, params: tuple, power: int):
    """E[X^power] for X of a named law: normal (mean, variance), uniform (ends), Bernoulli
    (the probability of 1), discrete (value, chance, value, chance, …)."""
    if law == "normal" and len(params) == 2:
        mean, var = params
        return sp.expand(sum(sp.binomial(power, k) * mean ** (power - k) * var ** (k // 2)
                             * sp.factorial2(k - 1) for k in range(0, power + 1, 2)))
    if law == "uniform" and len(params) == 2:
        a, b = params
        return sp.cancel((b ** (power + 1) - a ** (power + 1)) / ((power + 1) * (b - a)))
    if law == "bernoulli" and len(params) == 1:
        return params[0]
    if law == "discrete" and len(params) % 2 == 0:
        # values and their chances, as a cases display gives them: Σ p_k v_k^power
        return sp.Add(*[chance * value ** power
                        for value, chance in zip(params[::2], params[1::2])])
    raise Irreducible(law)


def law_conditions(law: str, params: tuple) -> list:
    """What a law's parameters must be: a positive variance, ordered ends, a probability."""
    if law == "normal" and len(params) == 2:
        return [sp.Gt(params[1], 0)]
    if law == "uniform" and len(params) == 2:
        return [sp.Lt(params[0], params[1])]
    if law == "bernoulli" and len(params) == 1:
        return [sp.Gt(params[0], 0), sp.Lt(params[0], 1)]
    if law == "discrete" and len(params) % 2 == 0:
        return [c for chance in params[1::2] for c in (sp.Gt(chance, 0), sp.Lt(chance, 1))]
    return []


def variance(e, rnd: Randomness):
    if isinstance(e, sp.Basic) and _unsaid(e, rnd):
        raise Irreducible(e)        # (Var[qᵀk] with q, k none of the names called random)
    e = sp.expand(e)
    if isinstance(e, sp.Mul):           # Var(cX) = c² Var X, c no random variable
        constant = sp.Mul(*[f for f in e.args if not _atoms(f, rnd)])
        if constant != 1:
            return constant ** 2 * variance(e / constant, rnd)
    if isinstance(e, sp.Sum) and _terms_independent(e, rnd):
        return sp.Sum(variance(e.function, rnd), *e.limits).doit()
    if e.has(sp.Sum):
        raise Irreducible(e)
    return sp.expand(expectation(e ** 2, rnd) - expectation(e, rnd) ** 2)


def _terms_independent(e: sp.Sum, rnd: Randomness) -> bool:
    """Σ_i w_i x_i with w, x independent: each term's variables carry i, so no two terms
    share one."""
    (var, *_), = e.limits
    atoms = _atoms(e.function, rnd)
    return bool(atoms) and all(isinstance(a, sp.Indexed) and var in a.indices
                               and _letter(a) in rnd.independent for a in atoms)
