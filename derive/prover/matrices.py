"""A step in matrix notation, decided at concrete sizes.

In the matrix reading of a step (derive.latex.parser.MATRIX_READING) names keep their
order and `^T` is a transpose. Each name gets a kind: a matrix (a capital, or a bold
capital), a vector (bold or arrowed lower case), a scalar (Greek letters, norms and
other opaque atoms, a capital written only as a divisor) — and a plain lower-case name,
which lectures use both ways, is tried as a scalar and as a column vector. Shapes are
then inferred (the columns of a factor are the rows of the next, the terms of a sum
agree, an inverse is square); a reading whose shapes cannot agree is no reading. Each
remaining reading is instantiated at every assignment of sizes 1–3 to its free
dimensions, with a matrix of unknown entries for each name, and the two sides compared
entry by entry: symbolically (`expand`, then `cancel`) and at random rational points to
50 digits. A step is proved only at those sizes ("sizes 1–3"); a difference at some size
is a counterexample, re-evaluated at 60 digits before it is reported.
"""
from __future__ import annotations

import functools
import itertools
import operator
import random
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

import sympy as sp

from sympy.core.function import AppliedUndef, UndefinedFunction

from ..notation import (FROBENIUS, Det, Diag, DifferentialOf, Hadamard, Kronecker, Norm, Optimum,
                        Sigmoid, Trace, Transposed, sigma)
from .rewrite import rational_in_exps

# the names (as LaTeX) a reading takes for symmetric matrices: M[i, j] = M[j, i]
SYMMETRIC: ContextVar[frozenset] = ContextVar("symmetric", default=frozenset())

SIZES = (1, 2, 3)
MAX_READINGS = 32           # plain names tried two ways (scalar or vector, scalar or
                            # matrix): 5 at most
MAX_ASSIGNMENTS = 27        # size assignments per reading
POINTS = 3                  # random rational points per size assignment
DIGITS = 50

SCALAR, VECTOR, MATRIX, IDENTITY, ONES, ZEROS = ("scalar", "vector", "matrix", "identity",
                                                 "ones", "zeros")
_IDENTITY = re.compile(r"^(I|\\mathbf\{I\}|\\mathbb\{I\})$")      # I, I_n, I_p
_ONES = re.compile(r"^\\(mathbf|mathbb|boldsymbol|vec|bm)\{1\}$")       # 𝟏: a column of ones
_ZEROS = re.compile(r"^\\(mathbf|boldsymbol|vec|bm)\{0\}$")               # 𝟎: a column of zeros


def _softmax_of(v):
    total = sum(sp.exp(x) for x in v)
    return sp.ImmutableMatrix(v.applyfunc(lambda x: sp.exp(x) / total))


# functions of a whole vector, a vector of its shape (not entry by entry): their values
_VECTOR_FUNCTIONS = {"softmax": _softmax_of, "Softmax": _softmax_of}


class WholeArgument:
    """A number a document leaves unknown but for what it depends on (`I` of
    `∂I/∂\vec R`): a function of every entry of its arguments at once, never entry by
    entry. Made by `scalar_function`."""


def scalar_function(name: str):
    """The unknown scalar function `name` of the entries of its arguments."""
    return UndefinedFunction(name, bases=(AppliedUndef, WholeArgument))


class ShapeError(ValueError):
    """The shapes of a reading cannot agree."""


class ScalarTransposed(ShapeError):
    """A name read as a number, transposed: that reading is set aside, but a number's
    transpose is itself, so it is no slip of the step (never `the shapes do not fit`)."""


class NotModelled(Exception):
    """Notation this decider does not model (a sum, a derivative …)."""


def is_matrix_reading(*exprs) -> bool:
    """Whether expressions come from the matrix reading (noncommuting names in them)."""
    return any(isinstance(e, sp.Basic) and (e.has(Transposed, Hadamard, Kronecker) or any(
        s.is_commutative is False for s in e.atoms(sp.Symbol))) for e in exprs)


def order_matters(*exprs) -> bool:
    """Whether a product of two factors with matrices or vectors in them stands outside
    every function's argument (X^T X w does; e^{x^T w} does not: x^T w is a number
    there; ∂ξ/∂y · ∂y/∂z · ∂z/∂\\mathbf{w} has one vector)."""
    exprs = [e for e in exprs if isinstance(e, sp.Basic)]
    # the names notation makes (or may make) matrices or vectors: x^T, \\mathbf{w}, a
    # capital; a product of one of them with numbers (σ, λ, 1/N) or plain lower-case
    # letters has one order only
    arrays = {n for n in _names(exprs) if _fixed_kind(n, exprs) not in (None, SCALAR)
              or _transposed(n, exprs)
              or _fixed_kind(n, exprs) is None and _letter(_text(n))[:1].isupper()}

    def walk(e) -> bool:
        # (inside a trace or determinant the factors are matrices still: tr(A X⁻¹ dX X⁻¹))
        if isinstance(e, sp.Function) and not isinstance(e, (Transposed, Hadamard, Kronecker,
                                                              Trace, Det)):
            return False
        factors = [f for f in e.args if not f.is_commutative
                   and {s for s in f.atoms(sp.Symbol, sp.Indexed)
                        if s.is_commutative is False} & arrays] \
            if isinstance(e, sp.Mul) else []
        if len(factors) >= 2 and not _inner_product(factors):
            return True
        return any(walk(a) for a in e.args)
    return any(walk(e) for e in exprs)


def _letter(text: str) -> str:
    """The letter a decorated name is made of (\\mathring{\\mathbf{x}} → x, \\boldsymbol
    {\\delta} → delta)."""
    plain = re.sub(r"\\[a-zA-Z]+\s*|[{}\s]", "", text)
    if plain[:1].isalpha():
        return plain
    commands = re.findall(r"\\([a-zA-Z]+)", text)
    return commands[-1] if commands else text


def _lower(name) -> bool:
    if not isinstance(name, (sp.Symbol, sp.Indexed)):
        return False
    return _letter(_text(name))[:1].islower()


def _inner_product(factors) -> bool:
    """x^T w of two lower-case names: a number in every reading (vectors or scalars)."""
    return len(factors) == 2 and isinstance(factors[0], Transposed) \
        and _lower(factors[0].args[0]) and _lower(factors[1])


def _one_name_each(*exprs):
    """A letter the reader made a number in one place (the w of ∇_w, the d of a^d) and a
    name kept in order in another is one name: the ordered one."""
    ordered = {s.name: s for e in exprs for s in e.atoms(sp.Symbol) if s.is_commutative is False}
    twins = {s: ordered[s.name] for e in exprs for s in e.atoms(sp.Symbol)
             if s.is_commutative and not s.is_integer and s.name in ordered}
    return tuple(e.xreplace(twins) for e in exprs)


def same_expression(lhs, rhs) -> bool:
    """lhs − rhs multiplies out to 0 with every factor kept in its place: equal for
    matrices of any size, whatever the names are (d(x^T A x) = d(x^T · A x))."""
    try:
        return sp.expand(lhs - rhs) == 0
    except Exception:               # an expression SymPy cannot multiply out: not shown
        return False


@dataclass
class Outcome:
    """What the sizes showed: `holds` True (every reading, every size), False (some
    size of every reading differs: `counterexample`), None (undecided: `why`)."""
    holds: bool | None
    why: str = ""
    reading: str = ""
    sizes: str = ""
    counterexample: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    shape_error: bool = False       # holds=False because the declared shapes do not fit
    # names the reading joins into one array (X and its rows x_i, y and its entries y_i,
    # the N that Σ_{i=1}^N runs to over them), as the LaTeX names are written
    joined: frozenset = frozenset()
    # holds=None because it fails only where these member indices coincide (LaTeX pairs:
    # ("j", "y_{i}")), a case a condition of the text may set aside
    apart: tuple = ()
    squared: bool = False           # holds=None: only where declared sizes are one (`square`)


# ---------------------------------------------------------------- names and kinds

def _names(exprs) -> list:
    """The names of a step: its noncommuting ones, and letters read as numbers where the
    reader makes them so (the d of an exponent, √(2π)^d), which are scalars."""
    found, outside = set(), set()

    def walk(a, in_indexed=False):
        if isinstance(a, sp.Indexed) and not a.is_commutative:
            found.add(a)
        elif isinstance(a, sp.Symbol) and not (a.is_integer or isinstance(a, sp.Dummy)
                                               or a == FROBENIUS):
            found.add(a)
            if not in_indexed:
                outside.add(a)
        for arg in a.args:
            walk(arg, in_indexed or isinstance(a, (sp.Indexed, sp.IndexedBase)))
    for e in exprs:
        if isinstance(e, sp.Basic):
            walk(e)
    # an Indexed's base label is a Symbol inside it: keep the entries, not their labels —
    # but a name written whole too (y of Xw − y beside y_i) is a name
    labels = {i.base.label for i in found if isinstance(i, sp.Indexed)} - outside
    return sorted(found - labels, key=sp.default_sort_key)


def is_identity(name) -> bool:
    """I, I_n, \\mathbf{I}: the identity matrix, as notation writes it."""
    return isinstance(name, (sp.Symbol, sp.Indexed)) and bool(_IDENTITY.match(_text(name)))


def _text(name) -> str:
    return str(name.base.label) if isinstance(name, sp.Indexed) else name.name


_BOLD = re.compile(r"\\(mathbf|boldsymbol|vec|bm|overrightarrow)(?![a-zA-Z])")
_ARROW = re.compile(r"\\(vec|overrightarrow)(?![a-zA-Z])")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta",
          "lambda", "mu", "nu", "rho", "sigma", "tau", "phi", "varphi", "xi", "zeta",
          "kappa", "omega", "pi", "psi", "chi", "iota", "upsilon"}
# capital Greek letters name matrices (Σ a covariance, Λ a diagonal) and numbers (Δ the
# margin of a hinge loss) alike: tried both ways
_GREEK_CAPITALS = {"Delta", "Gamma", "Lambda", "Sigma", "Theta", "Phi", "Psi", "Omega", "Pi",
                   "Xi", "Upsilon"}


def undeclared(expr, declared: dict) -> list[str]:
    """The names of expr whose shape no declaration gives and no notation fixes beyond
    doubt (bold, I, 1): δ_1 plain may be the vector `∂L/∂b_1 = δ_1 ∈ R^h` says elsewhere."""
    [expr] = _one_name_each(expr)
    out = []
    for n in _names([expr]):
        text = _text(n)
        if sp.latex(n) in declared or n.is_commutative or is_identity(n) \
                or _ONES.match(text) or _ZEROS.match(text) or _BOLD.search(text):
            continue
        out.append(sp.latex(n))
    return out


def _fixed_kind(name, exprs) -> str | None:
    """The kind notation fixes, or None where a plain name may be a scalar or a vector."""
    text = _text(name)
    if name.is_commutative or _entry_of_written(name, exprs):
        return SCALAR
    if is_identity(name):
        return IDENTITY
    if _ONES.match(text):
        return ONES
    if _ZEROS.match(text):
        return ZEROS
    if _ARROW.search(text):
        return VECTOR                  # \vec P, \vec A_3: an arrow marks a vector, capital or not
    if _BOLD.search(text):
        return MATRIX if _letter(text)[:1].isupper() else VECTOR
    if text in _GREEK_CAPITALS:
        return None
    if _INCREMENT.match(text):                                 # ΔX: an increment of X
        return MATRIX if _marks_matrices(exprs) else None
    if text in _GREEK and any(isinstance(a, Transposed) and a.args[0] == name
                              for e in exprs for a in sp.preorder_traversal(e)):
        return VECTOR                  # θ^T x, β^T x: a parameter vector, written in Greek
    if not re.match(r"^[a-zA-Z]", text) or text in _GREEK \
            or text in {str(c) for c in _counts(exprs)}:
        return SCALAR                  # σ, λ; ⟨w, x⟩, ‖x‖ and other atoms; P of Σ^P
    if _only_divisor(name, exprs):
        return SCALAR                  # 1/N, \frac{2}{N}
    if _capital(text) and _marks_matrices(exprs):
        return MATRIX
    return None


def _entry_of_written(name, exprs) -> bool:
    """A_{ij} (two indices) where the step writes A whole too: an entry of that matrix."""
    return isinstance(name, sp.Indexed) and len(name.indices) == 2 and any(
        isinstance(a, sp.Symbol) and a.name == _text(name) and not a.is_commutative
        for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(sp.Symbol))


_INCREMENT = re.compile(r"^\\Delta\s*[A-Z](?![a-zA-Z])")      # ΔX, the increment of X


def _capital(text: str) -> bool:
    """A capital's name: W, and dW, the name a document gives W's gradient."""
    return text[:1].isupper() or re.match(r"^d[A-Z](?![a-zA-Z])", text) is not None \
        or _INCREMENT.match(text) is not None


def _marks_matrices(exprs) -> bool:
    """A transpose, a bold capital, a trace or determinant, or the differential of a
    capital (d X) in the step: its plain capitals are matrices."""
    for e in exprs:
        for a in sp.preorder_traversal(e):
            if isinstance(a, (Transposed, Trace, Det)):
                return True
            if isinstance(a, DifferentialOf) and isinstance(a.args[0], (sp.Symbol, sp.Indexed)) \
                    and _letter(_text(a.args[0]))[:1].isupper():
                return True
            if isinstance(a, (sp.Symbol, sp.Indexed)) and not a.is_commutative \
                    and _BOLD.search(_text(a)) and _letter(_text(a))[:1].isupper():
                return True
    return False


def _declared_kind(shape) -> str:
    if shape is None:
        return SCALAR
    return VECTOR if shape[1] == 1 else MATRIX


def _differential(name, exprs) -> bool:
    """\\mathrm{d}, or a plain d multiplying a matrix or vector (d x, not d/2 or a^d)."""
    if _text(name) == r"\mathrm{d}":
        return True
    return _text(name) == "d" and any(
        isinstance(a, sp.Mul) and name in a.args and any(
            s.is_commutative is False for s in a.atoms(sp.Symbol))
        for e in exprs for a in sp.preorder_traversal(e))


def _only_divisor(name, exprs) -> bool:
    uses = [a for e in exprs for a in sp.preorder_traversal(e) if a == name]
    divisors = [a for e in exprs for a in sp.preorder_traversal(e)
                if isinstance(a, sp.Pow) and a.base == name and a.exp.is_negative]
    inside = {id(x) for d in divisors for x in sp.preorder_traversal(d)}
    return bool(divisors) and len(uses) == len(divisors) and bool(inside)


def _after_a_matrix(name, exprs) -> bool:
    """A letter right after a capital (or its transpose) in a product, `Xw`, `A^T x`:
    what a matrix is applied to, a vector."""
    for e in exprs:
        for a in sp.preorder_traversal(e):
            if not isinstance(a, sp.Mul):
                continue
            factors = [f for f in a.args if not f.is_commutative]
            for before, this in zip(factors, factors[1:]):
                inner = before.args[0] if isinstance(before, Transposed) else before
                if this == name and _lower(name) and isinstance(inner, (sp.Symbol, sp.Indexed)) \
                        and _letter(_text(inner))[:1].isupper() \
                        and _fixed_kind(inner, exprs) != SCALAR:
                    return True
    return False


def _transposed(name, exprs) -> bool:
    return any(isinstance(a, Transposed) and a.args[0] == name
               for e in exprs for a in sp.preorder_traversal(e))


def readings(exprs, declared=None) -> list[dict]:
    """Every assignment of kinds the notation (or a declaration, `declared`: a name's
    LaTeX → its shape, None for a number) allows, most customary first (vectors before
    scalars); raises NotModelled when there are too many."""
    declared = declared or {}
    names = _names(exprs)
    if any(_differential(n, exprs) for n in names):
        raise NotModelled("a differential (d x)")
    families: dict = {}                  # x_p, x_c: one family, one kind
    for n in names:
        families.setdefault(_family(n), []).append(n)
    fixed, open_ = {}, []
    for members in families.values():
        kinds = {_declared_kind(declared[sp.latex(n)]) if sp.latex(n) in declared
                 else _fixed_kind(n, exprs) for n in members} - {None}
        kind = kinds.pop() if len(kinds) == 1 else None
        if kind is None and any(_transposed(n, exprs) or _after_a_matrix(n, exprs)
                                for n in members):
            kind = VECTOR
        if kind is None:
            open_.append(members)
        else:
            fixed.update(dict.fromkeys(members, kind))
    if 2 ** len(open_) > MAX_READINGS:
        raise NotModelled(f"{len(open_)} names could each be a scalar or a vector")
    ways = [(MATRIX, SCALAR) if _capital(_text(m[0])) else (VECTOR, SCALAR)
            for m in open_]
    every = [{**fixed, **{n: kind for members, kind in zip(open_, choice) for n in members}}
             for choice in itertools.product(*ways)]
    pairs = _inner_pairs(exprs)
    return [k for k in every if not any(k.get(u) == VECTOR and k.get(v) == SCALAR
                                        for u, v in pairs)]


ROWS, COLUMNS, ENTRIES = "rows", "columns", "entries"


def _links(exprs, kinds: dict) -> list[dict]:
    """How a step's indexed names are parts of its arrays, as texts write them: x_i beside
    a capital X is its i-th row (or column), as a column vector; y_i beside a column y or
    Y, its i-th entry. {family base: (array, how, index)} for every combination ([{}] where
    nothing links; [] where the reading is not the notation's: w_l written plain beside
    the bold vector w is an entry of it, never a vector of its own)."""
    arrays = [n for n, k in kinds.items() if isinstance(n, sp.Symbol) and k in (VECTOR, MATRIX)]
    options = []
    for name, kind in kinds.items():
        if isinstance(name, sp.Indexed) and len(name.indices) == 2 and kind == SCALAR:
            whole = [a for a in arrays if a.name == _text(name) and kinds[a] == MATRIX]
            if whole:                                # A_{ij} of the matrix A: its entry
                options.append([(name.base, (whole[0], ENTRIES, name.indices))])
            continue
        if not (isinstance(name, sp.Indexed) and len(name.indices) == 1
                and not name.indices[0].is_Integer) or kind not in (SCALAR, VECTOR):
            continue
        letter = _letter(_text(name))
        for array in arrays:
            if _letter(_text(array)) not in (letter, letter.upper()):
                continue
            if kind == VECTOR and kinds[array] == VECTOR and _BOLD.search(_text(array)) \
                    and not _BOLD.search(_text(name)):
                return []       # w_l plain beside the bold w: its entries, not vectors
            index = name.indices[0]
            if kind == SCALAR:
                options.append([(name.base, (array, ENTRIES, index))])
            elif kinds[array] == MATRIX:
                options.append([(name.base, (array, ROWS, index)),
                                (name.base, (array, COLUMNS, index))])
            break
    return [dict(choice) for choice in itertools.product(*options)]


def _joined(links: dict, exprs) -> frozenset:
    """The names the links make one array: each array, each family linked to it, and the
    count of each sum that runs over a linked family."""
    names = {n for base, (array, *_) in links.items() for n in (array.name, str(base.label))}
    for e in exprs:
        for s in e.atoms(sp.Sum) if isinstance(e, sp.Basic) else ():
            for var, _, high in s.limits:
                if isinstance(high, sp.Symbol) and any(
                        isinstance(a, sp.Indexed) and a.base in links and var in a.indices
                        for a in sp.preorder_traversal(s.function)):
                    names.add(high.name)
    return frozenset(names)


def _describe_links(links: dict) -> str:
    return "; ".join(f"${sp.latex(base[index])}$ the {'entries' if how == ENTRIES else how} "
                     f"of ${sp.latex(array)}$" for base, (array, how, index) in links.items())


def _inner_pairs(exprs) -> set:
    """(u, v) of every u^T v (and ⟨u, v⟩) of two lower-case names: an inner product, so
    v is a vector where u is (never a row made by a number, w^T·x with x a scalar)."""
    found = set()
    for e in exprs:
        for a in sp.preorder_traversal(e):
            if isinstance(a, sp.Mul):
                factors = [f for f in a.args if not f.is_commutative]
                for left, right in zip(factors, factors[1:]):
                    if _inner_product([left, right]):
                        found.add((left.args[0], right))
    return found


# ---------------------------------------------------------------- shapes

def _family(name):
    """What shares a shape: x_i and x_j (one family, an index), not W_1 and W_2."""
    if isinstance(name, sp.Indexed) and not all(i.is_Integer for i in name.indices):
        return name.base
    return name


def _fixed(d) -> bool:
    """A size that is known (1) or named by a declaration (C of R^{C×H})."""
    return isinstance(d, int) or isinstance(d, sp.Symbol) and not isinstance(d, sp.Dummy)


class _Dims:
    """Union-find over dimension variables; an int or a declared name is a size fixed."""

    def __init__(self):
        self.parent: dict = {}
        self.count = 0
        self.named: set = set()
        self.squared: set = set()       # (m, n) read as one size (`square`)

    def new(self):
        self.count += 1
        v = sp.Dummy(f"d{self.count}")
        self.parent[v] = v
        return v

    def find(self, d):
        while d in self.parent and self.parent[d] is not d:
            d = self.parent[d]
        return d

    def square(self, a, b):
        """The sizes of a matrix the step inverts, or takes the trace or determinant of:
        one size, also where a declaration names two (X ∈ R^{m×n} of a section on general
        matrices, then X^{-1}: the writer's X is square here, m = n)."""
        a, b = self.find(a), self.find(b)
        if a != b and all(isinstance(d, sp.Symbol) and _fixed(d) for d in (a, b)):
            self.parent[a] = b
            self.squared.add((a, b))
            return
        self.unify(a, b)

    def unify(self, a, b):
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if _fixed(a) and _fixed(b):
            raise ShapeError(f"{a} ≠ {b}")
        if _fixed(a):
            a, b = b, a
        self.parent[a] = b
        if _fixed(b) and not isinstance(b, int):
            self.named.add(b)

    def free(self) -> list:
        roots = {self.find(d) for d in self.parent} | self.named
        return sorted((r for r in roots if not isinstance(r, int)), key=str)


DENOMINATOR, NUMERATOR = "denominator", "numerator"     # ∂L/∂W shaped as W, or as W^T


def _is_vector(shape, dims) -> bool:
    return shape is not None and dims.find(shape[1]) == 1 and dims.find(shape[0]) != 1


def _is_row(shape, dims) -> bool:
    return shape is not None and dims.find(shape[0]) == 1 and dims.find(shape[1]) != 1


def _is_one(shape, dims) -> bool:
    return shape is not None and all(dims.find(d) == 1 for d in shape)


class _Shapes:
    """The shape of every subexpression under one reading: None for a scalar."""

    def __init__(self, kinds: dict, layout: str = "denominator", declared=None, links=None,
                 rows: bool = False):
        self.layout = layout
        self.rows = rows
        self.kinds = {_family(n): k for n, k in kinds.items()}
        self.links = dict(links or {})     # family base → (array, ROWS | COLUMNS | ENTRIES, i)
        # Σ_{j=0}^m w_j x_j: the families a sum from 0 runs over count their entries from 0,
        # and its count m is one less than the dimension it runs over (m → that dimension)
        self.from_zero: set = set()
        self.last_index: dict = {}
        self.dims = _Dims()
        self.of: dict = {}
        for name, kind in kinds.items():
            base = _family(name)
            if kind == SCALAR or base in self.of:
                continue
            shape = (declared or {}).get(sp.latex(name))
            if shape is not None:                      # W_1 ∈ R^{H×D}
                self.of[base] = shape
                self.dims.named |= {d for d in shape if isinstance(d, sp.Symbol)}
                continue
            size = self.dims.new()
            if kind == VECTOR and rows:                 # x · w^T: the text's vectors are rows
                self.of[base] = (1, size)
                continue
            self.of[base] = (size, 1 if kind in (VECTOR, ONES, ZEROS) else size if kind == IDENTITY
                             else self.dims.new())
        for base, (array, how, index) in self.links.items():
            if how == ENTRIES and isinstance(index, tuple):
                continue                             # A_{ij} of the matrix A
            if how == ENTRIES:                       # y_i of the column y (or Y)
                self.dims.unify(self.of[array][1], 1)
            elif base in self.of:                    # x_i a row (column) of X, as a column
                self.dims.unify(self.of[base][0], self.of[array][1 if how == ROWS else 0])

    def runs_over(self, index, body):
        """The dimension an index of a sum runs over where the body writes a linked family
        at it (Σ_i x_i … over the rows of X), else None."""
        for a in sp.preorder_traversal(body):
            if isinstance(a, sp.Indexed) and a.indices == (index,) and a.base in self.links:
                array, how, _ = self.links[a.base]
                return self.of[array][1 if how == COLUMNS else 0]
            if isinstance(a, sp.Indexed) and len(a.indices) == 2 and index in a.indices \
                    and a.base in self.links:        # Σ_j A_{ij}: over A's columns
                array, _, _ = self.links[a.base]
                return self.of[array][a.indices.index(index)]
        return None

    def key(self, name):
        """The family a name belongs to (x_2, reached by a sum, is of the family x_p)."""
        if _family(name) in self.kinds:
            return _family(name)
        if isinstance(name, sp.Indexed) and name.base in self.kinds:
            return name.base
        return None

    def name_shape(self, name):
        if self.kinds[self.key(name)] == SCALAR:
            return None
        return self.of[self.key(name)]

    def _spread(self, a, b):
        """The size a sum's two terms take where one declares 1 and the other another size —
        a bias row 1 × H added to each of the N rows of N × H, as code and the texts that
        follow it broadcast (in one of the two sizes only); None where they must agree."""
        x, y = self.dims.find(a), self.dims.find(b)
        if _fixed(x) and _fixed(y) and 1 in (x, y) and x != y:
            return y if x == 1 else x
        return None

    def _unified(self, a, b):
        self.dims.unify(a, b)
        return a

    def shape(self, e):
        if type(e).__name__ in _VECTOR_FUNCTIONS and len(e.args) == 1:
            inner = self.shape(e.args[0])          # softmax(z): a vector of z's shape
            if inner is not None and not _is_vector(inner, self.dims):
                raise NotModelled(f"{type(e).__name__} of a matrix")
            return inner
        if isinstance(e, DifferentialOf):
            return self.shape(e.args[0])           # d(Ax) has the shape of Ax
        if isinstance(e, sp.Subs):                 # ∇Q at w = w*: w has the point's shape
            for name, point in zip(e.variables, e.point):
                at, there = self.shape(name), self.shape(point)
                if (at is None) != (there is None):
                    raise ShapeError("a point of another shape than its name")
                if at is not None:
                    self.dims.unify(at[0], there[0])
                    self.dims.unify(at[1], there[1])
            return self.shape(e.expr)
        if isinstance(e, Diag):
            inner = self.shape(e.args[0])
            if inner is None or not _is_vector(inner, self.dims):
                raise ShapeError("diag of what is not a column")
            return inner[0], inner[0]
        if isinstance(e, (Trace, Det)):
            inner = self.shape(e.args[0])
            if inner is not None:                  # of a square matrix: a number
                self.dims.square(inner[0], inner[1])
            return None
        if isinstance(e, sp.Derivative):
            return self._gradient(e)
        if isinstance(e, Norm):
            inner = self.shape(e.args[0])
            if inner is not None and len(e.args) == 1 and not _is_vector(inner, self.dims):
                raise NotModelled("the norm of a matrix without _F")
            return None
        if e.is_commutative and not e.has(Transposed, sp.Derivative, Norm):
            if e.has(sp.Integral, sp.Product):
                raise NotModelled("an integral in matrix notation")
            return None
        if isinstance(e, (sp.Symbol, sp.Indexed)) and self.key(e) is not None:
            return self.name_shape(e)
        if isinstance(e, sp.Sum):
            for var, low, high in e.limits:    # Σ_{i=1}^N x_i …: N is the rows of X
                over = self.runs_over(var, e.function)
                if over is not None and low == 1 and isinstance(high, sp.Symbol):
                    self.dims.unify(over, high)
                elif over is not None and low == 0 and isinstance(high, sp.Symbol) \
                        and self.last_index.get(high, over) == over:
                    self.last_index[high] = over
                    self.from_zero |= {a.base for a in sp.preorder_traversal(e.function)
                                       if isinstance(a, sp.Indexed) and a.indices == (var,)
                                       and a.base in self.links}
            return self.shape(e.function)      # Σ_p x_p x_p^T: the shape of one term
        if isinstance(e, Transposed):
            inner = self.shape(e.args[0])
            if inner is None:              # γ^T: a power T of a number, not a transpose
                raise ScalarTransposed("a transposed scalar")
            return inner[1], inner[0]
        if isinstance(e, Hadamard):
            shapes = [self.shape(a) for a in e.args]
            solid = [t for t in shapes if t is not None]
            for t in solid[1:]:                    # entry by entry: one shape
                self.dims.unify(t[0], solid[0][0])
                self.dims.unify(t[1], solid[0][1])
            return solid[0] if solid else None
        if isinstance(e, Kronecker):
            shapes = [self.shape(a) for a in e.args]
            if None in shapes:                      # (a number ⊗ x: x scaled)
                return next((t for t in shapes if t is not None), None)
            if not all(_is_vector(t, self.dims) for t in shapes):
                raise NotModelled("a Kronecker product of matrices")
            return shapes[0][0], shapes[1][0]       # u ⊗ v = u vᵀ
        if isinstance(e, sp.Add):
            shapes = [self.shape(t) for t in e.args]
            solid = [s for s in shapes if s is not None and not _is_one(s, self.dims)]
            if not solid:
                return None if all(s is None or _is_one(s, self.dims) for s in shapes) \
                    else shapes[0]
            if any(s is None and t.free_symbols or s is not None and _is_one(s, self.dims)
                   for t, s in zip(e.args, shapes)):
                raise ShapeError("a scalar added to a matrix")
            # a constant added to a vector or matrix is added to each entry (1 + e^{-x},
            # 1 − σ(z), as lectures write it)
            whole = solid[0]
            for s in solid[1:]:
                spread = [self._spread(a, b) for a, b in zip(whole, s)]
                if all(x is not None for x in spread):
                    raise ShapeError(f"{whole} + {s}")    # (x + yᵀ: no sum of vectors)
                whole = tuple(x if x is not None else self._unified(a, b)
                              for x, a, b in zip(spread, whole, s))
            return whole
        if isinstance(e, sp.Mul):
            current, factors = None, e.args
            whole = _entrywise_factors(e)
            if whole is not None:                # σ(z)(1 − σ(z)): entry by entry
                solid = [t for t in (self.shape(f) for f in whole) if t is not None]
                for t in solid[1:]:
                    self.dims.unify(t[0], solid[0][0])
                    self.dims.unify(t[1], solid[0][1])
                current = solid[0] if solid else None
                factors = [f for f in e.args if f not in whole]
            for factor in factors:
                s = self.shape(factor)
                if s is None or _is_one(s, self.dims) and current is not None:
                    continue                     # a scalar, or a 1×1 product, scales
                if current is None or _is_one(current, self.dims):
                    current = s
                    continue
                if _is_vector(current, self.dims) and _is_vector(s, self.dims):
                    self.dims.unify(current[0], s[0])       # x · w: the dot product
                    current = None
                    continue
                if self.rows and _is_row(current, self.dims) and _is_row(s, self.dims):
                    self.dims.unify(current[1], s[1])       # x · w of two rows
                    current = None
                    continue
                if self.dims.find(current[1]) == 1 and self.dims.find(s[0]) != 1:
                    # a column times a matrix: no reading, not a matrix made one row
                    raise ShapeError(f"a column multiplied by ${sp.latex(factor)}$")
                try:
                    self.dims.unify(current[1], s[0])
                except ShapeError:
                    raise ShapeError(f"${sp.latex(factor)}$ has {sp.latex(self.dims.find(s[0]))} "
                                     f"rows where {sp.latex(self.dims.find(current[1]))} "
                                     "columns are multiplied by it") from None
                current = (current[0], s[1])
            return current
        if isinstance(e, sp.Pow):
            s = self.shape(e.base)
            if self.shape(e.exp) is not None:
                raise ShapeError("a matrix or vector as an exponent")
            if s is None or _is_one(s, self.dims):
                return None
            if _is_vector(s, self.dims):
                return s                         # 1/(1 + e^{-x}) of a vector: entry by entry
            if e.exp.is_Integer:
                self.dims.square(s[0], s[1])     # a power or an inverse: square
                return s
            raise NotModelled("a fractional power of a matrix")     # (X^{1/2}: a root)
        if isinstance(e, WholeArgument):
            for a in e.args:
                self.shape(a)
            return None                          # one number of all the entries
        if isinstance(e, AppliedUndef):
            raise NotModelled(f"the function {type(e).__name__} of a matrix or vector")
        if isinstance(e, sp.Function):
            shapes = [self.shape(a) for a in e.args]
            if len(shapes) == 1:
                return shapes[0]                 # σ(Xw), e^{…}: entry by entry
            if any(s is not None for s in shapes):
                raise NotModelled(f"{type(e).__name__} of a matrix")
            return None
        if isinstance(e, (sp.Integral, sp.Product)):
            raise NotModelled("an integral in matrix notation")
        raise NotModelled(f"{type(e).__name__} in matrix notation")

    def _gradient(self, e):
        """∂f/∂W, ∇_w f of a number f: the shape of W (denominator layout), or its
        transpose (numerator layout); ∂f/∂x of a column f by a column x, the Jacobian:
        rows of f × rows of x (numerator layout) or its transpose."""
        if len(e.variable_count) != 1 or e.variable_count[0][1] not in (1, 2):
            raise NotModelled("a second derivative in matrix notation")
        variable = e.variables[0]
        if not isinstance(variable, (sp.Symbol, sp.Indexed)) or self.key(variable) is None:
            raise NotModelled("a derivative with respect to an expression")
        if e.variable_count[0][1] == 2:          # ∇²f(w), the Hessian of a number f
            inner, s = self.shape(e.expr), self.name_shape(variable)
            if inner is not None and not _is_one(inner, self.dims) \
                    or s is not None and not _is_vector(s, self.dims):
                raise NotModelled("a second derivative in matrix notation")
            return None if s is None else (s[0], s[0])
        inner = self.shape(e.expr)
        s = self.name_shape(variable)
        if inner is not None and not _is_one(inner, self.dims):
            # a Jacobian: of a column by a column (or a number) only; anything else is an
            # array of more than two indices
            if not _is_vector(inner, self.dims) or s is not None and not _is_vector(s, self.dims):
                raise NotModelled("the derivative of a matrix, or of a vector by a matrix")
            by = 1 if s is None else s[0]
            return (inner[0], by) if self.layout == NUMERATOR else (by, inner[0])
        if s is None:
            return None
        return s if self.layout == DENOMINATOR else (s[1], s[0])


# ---------------------------------------------------------------- values

class _Values:
    """Each name as a matrix of unknown real entries at concrete sizes."""

    def __init__(self, kinds: dict, shapes: _Shapes, sizes: dict, varying=(), placed=()):
        """placed: the member indices given a value (`_member_values`): w_k is then made
        as the member w_2 it is, when reached."""
        self.env = {}
        self.entries = []
        self.shapes, self.sizes = shapes, sizes
        self.varying, self.increments = tuple(varying), {}
        # the P of 1/P is the count a sum runs to: Σ_{p=1}^P 1 / P = 1
        self.counts = {str(k): n for k, n in sizes.items() if not isinstance(k, sp.Dummy)}
        for last, over in shapes.last_index.items():      # Σ_{j=0}^m: m + 1 entries
            self.sizes = {**self.sizes, last: self._size(over) - 1}
            self.counts[str(last)] = self.sizes[last]
        for name in kinds:
            if not (isinstance(name, sp.Indexed) and set(name.indices) & set(placed)):
                self._make(name)

    @classmethod
    def given(cls, env: dict) -> "_Values":
        """Values fixed in advance ({name: matrix or number}), none to make: a worked
        example's arrays (`at_written`)."""
        values = cls.__new__(cls)
        values.env, values.sizes, values.counts = dict(env), {}, {}
        values.varying, values.increments, values.entries = (), {}, []
        values.shapes = None
        return values

    def _make(self, name):
        """The value of a name (x_2 of a family x_p made when a sum reaches it; a row, a
        column or an entry of the array it is linked to)."""
        kind = self.shapes.kinds[self.shapes.key(name)]
        label = sp.latex(name)
        if isinstance(name, sp.Indexed) and name.base in self.shapes.links \
                and all(i.is_Integer for i in name.indices):
            array, how, _ = self.shapes.links[name.base]
            first = 0 if name.base in self.shapes.from_zero else 1
            whole, k = self.value(array), int(name.indices[0]) - first
            if not isinstance(whole, sp.MatrixBase):
                whole = sp.ImmutableMatrix([[whole]])
            if len(name.indices) == 2:               # A_{ij}: the entry of A
                i, j = (int(x) - first for x in name.indices)
                if not (0 <= i < whole.shape[0] and 0 <= j < whole.shape[1]):
                    raise ShapeError(f"{label} where {sp.latex(array)} is "
                                     f"{whole.shape[0]} × {whole.shape[1]}")
                self.env[name] = whole[i, j]
                return self.env[name]
            size = whole.shape[1] if how == COLUMNS else whole.shape[0]
            if not 0 <= k < size:
                raise ShapeError(f"{label} where {sp.latex(array)} has {size}")
            self.env[name] = (whole[k, :].T if how == ROWS else whole[:, k] if how == COLUMNS
                              else whole[k, 0])
            return self.env[name]
        if kind == SCALAR and str(name) in self.counts:
            self.env[name] = sp.Integer(self.counts[str(name)])
            return self.env[name]
        if kind == SCALAR:              # d and the exponent's d: one number
            s = sp.Symbol(label, real=True)
            self.env[name] = s
            if s not in self.entries:
                self.entries.append(s)
            return s
        r, c = (self._size(d) for d in self.shapes.name_shape(name))
        if kind in (IDENTITY, ONES, ZEROS):
            self.env[name] = _standard_array(kind, r)
            return self.env[name]
        if r == c and label in SYMMETRIC.get():       # (one name for M[i, j] and M[j, i])
            m = sp.ImmutableMatrix(r, c, lambda i, j: sp.Symbol(
                f"{label}[{min(i, j) + 1},{max(i, j) + 1}]", real=True))
            self.env[name] = m
            self.entries.extend(dict.fromkeys(m))
            return m
        m = sp.ImmutableMatrix(r, c, lambda i, j: sp.Symbol(f"{label}[{i + 1},{j + 1}]",
                                                              real=True))
        self.env[name] = m
        self.entries.extend(m)
        return m

    def _size(self, d):
        d = self.shapes.dims.find(d)
        return d if isinstance(d, int) else self.sizes[d]

    def value(self, e):
        if e in self.env:
            return self.env[e]
        if type(e).__name__ in _VECTOR_FUNCTIONS and len(e.args) == 1:
            v = self.value(e.args[0])
            return _VECTOR_FUNCTIONS[type(e).__name__](v) if isinstance(v, sp.MatrixBase) \
                else sp.Integer(1)                 # (the softmax of one number)
        if self.shapes is None and isinstance(e, sp.Indexed) \
                and isinstance(self.env.get(e.base.label), sp.MatrixBase):
            return self._given_entry(e)
        if isinstance(e, (sp.Symbol, sp.Indexed)) and self.shapes is not None \
                and self.shapes.key(e) is not None:
            return self._make(e)
        if e in self.sizes:
            return sp.Integer(self.sizes[e])          # the count a sum runs to
        if isinstance(e, sp.Subs):                    # computed with the name free, then
            inner = self.value(e.expr)                # its entries put at the point's
            put = {}
            for name, point in zip(e.variables, e.point):
                put.update(zip(_flat(self.value(name)),
                               _flat(_scalar_if_one(self.value(point)))))
            if getattr(inner, "has", lambda _: False)(sp.Derivative):
                # ∂I/∂q_1 of an unknown I stays a derivative by q_1: put at the point,
                # it is that derivative there (a Subs), never one by the point's value
                return inner.subs(put, simultaneous=True)
            return inner.xreplace(put)
        if isinstance(e, sp.Sum):
            return self._sum(e)
        if isinstance(e, DifferentialOf):
            return self._differential(e.args[0])
        if isinstance(e, Diag):
            return sp.ImmutableMatrix(sp.diag(*_flat(self.value(e.args[0]))))
        if isinstance(e, (Trace, Det)):
            v = _scalar_if_one(self.value(e.args[0]))
            if not isinstance(v, sp.MatrixBase):
                return v
            return v.trace() if isinstance(e, Trace) else v.det()
        if isinstance(e, sp.Derivative):
            return self._gradient(e)
        if isinstance(e, Norm):
            v = self.value(e.args[0])
            return sp.sqrt(sum(x ** 2 for x in v)) if isinstance(v, sp.MatrixBase) \
                else sp.Abs(v)
        if e.is_commutative and not e.has(Transposed, sp.Sum, sp.Derivative, Norm) \
                and not e.free_symbols & (set(self.env) | set(self.sizes)):
            return e
        if isinstance(e, Transposed):
            v = self.value(e.args[0])
            return v.T if isinstance(v, sp.MatrixBase) else v
        if isinstance(e, Hadamard):
            a, b = (_scalar_if_one(self.value(x)) for x in e.args)
            if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
                return sp.ImmutableMatrix(a.multiply_elementwise(b))
            return _mul(a, b)
        if isinstance(e, Kronecker):
            a, b = (self.value(x) for x in e.args)
            if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
                if not a.cols == b.cols == 1:
                    raise NotModelled("a Kronecker product of matrices")
                return sp.ImmutableMatrix(a * b.T)
            return _mul(a, b)
        if isinstance(e, sp.Add):
            total = None
            for t in e.args:
                v = _scalar_if_one(self.value(t))
                total = v if total is None else _add(total, v)
            return total
        if isinstance(e, sp.Mul):
            out, factors = sp.Integer(1), e.args
            whole = _entrywise_factors(e)
            if whole is not None:                # σ(z)(1 − σ(z)): entry by entry
                for f in whole:
                    v = _scalar_if_one(self.value(f))
                    out = sp.ImmutableMatrix(out.multiply_elementwise(v)) \
                        if isinstance(out, sp.MatrixBase) and isinstance(v, sp.MatrixBase) \
                        else out * v
                factors = [f for f in e.args if f not in whole]
            for f in factors:       # a 1×1 product so far (x^T g of x^T g 𝟏) is a number
                out = _scalar_if_one(_mul(out, _scalar_if_one(self.value(f))))
            return out
        if isinstance(e, sp.Pow):
            base = _scalar_if_one(self.value(e.base))
            power = _scalar_if_one(self.value(e.exp))
            if isinstance(power, sp.MatrixBase) and not isinstance(base, sp.MatrixBase):
                return power.applyfunc(lambda x: base ** x)          # e^z entry by entry
            if isinstance(base, sp.MatrixBase) and base.shape[1] == 1 and base.shape[0] > 1:
                return base.applyfunc(lambda x: x ** power)         # entry by entry
            if isinstance(base, sp.MatrixBase):
                if e.exp == -1:
                    return sp.ImmutableMatrix(base.inv())
                if not e.exp.is_Integer:         # (X^{1/2}: int() made it X^0 = I)
                    raise NotModelled("a fractional power of a matrix")
                return sp.ImmutableMatrix(base ** int(e.exp))
            return base ** power
        if isinstance(e, WholeArgument):
            return e.func(*(x for a in e.args for x in _flat(_scalar_if_one(self.value(a)))))
        if isinstance(e, sp.Function):
            args = [_scalar_if_one(self.value(a)) for a in e.args]
            func = sigma if e.func is Sigmoid else e.func
            if len(args) == 1 and isinstance(args[0], sp.MatrixBase):
                return args[0].applyfunc(func)
            return func(*args)
        raise NotModelled(f"{type(e).__name__} in matrix notation")

    def _differential(self, e):
        """d(e): Σ over the entries s of the names that vary of ∂e/∂s · ds, ds an entry
        of the name's own increment (a matrix of new unknowns of its shape)."""
        f = _scalar_if_one(self.value(e))
        pairs = []
        for name in self.varying:
            v = self.value(name)
            if name not in self.increments:
                self.increments[name] = _increment(name, v)
                self.entries.extend(_flat(self.increments[name]))
            pairs += zip(_flat(v), _flat(self.increments[name]))

        def d(entry):
            return sp.Add(*(sp.diff(entry, s) * ds for s, ds in pairs))
        return f.applyfunc(d) if isinstance(f, sp.MatrixBase) else d(f)

    def _gradient(self, e):
        if isinstance(e.expr, (sp.Symbol, sp.Indexed)) and e.expr not in e.variables:
            # ∂ξ/∂y of a name the document does not define (definitions are expanded
            # before a step reaches here): its shape is known, its value is not — what ξ
            # depends on is unknown, never "nothing" (which would make it 0)
            raise NotModelled("the derivative of a name the document does not define")
        by_member = e.variables[0]
        if isinstance(by_member, sp.Indexed) and any(not i.is_Integer for i in by_member.indices) \
                and any(isinstance(a, sp.Indexed) and a.base == by_member.base
                        for s in e.expr.atoms(sp.Sum) for a in s.function.atoms(sp.Indexed)):
            # ∂/∂u_k of Σ_j log σ(−u_j^T v): u_k is one of the u_j the sum runs over, at a
            # k this reading does not place among them (it would make the derivative 0)
            raise NotModelled("a derivative by one member of a family a sum runs over")
        f = _scalar_if_one(self.value(e.expr))
        v = self.value(e.variables[0])
        if e.variable_count[0][1] == 2:             # the Hessian: ∂²f/∂v_i∂v_j
            by = list(v) if isinstance(v, sp.MatrixBase) else [v]
            h = sp.ImmutableMatrix(len(by), len(by), lambda r, c: sp.diff(f, by[r], by[c]))
            return h if isinstance(v, sp.MatrixBase) else h[0, 0]
        if isinstance(f, sp.MatrixBase):            # a Jacobian: ∂f_i/∂v_j in row i
            by = list(v) if isinstance(v, sp.MatrixBase) else [v]
            j = sp.ImmutableMatrix(len(f), len(by), lambda r, c: sp.diff(f[r], by[c]))
            return j if self.shapes.layout == NUMERATOR else sp.ImmutableMatrix(j.T)
        if not isinstance(v, sp.MatrixBase):
            return sp.diff(f, v)
        g = v.applyfunc(lambda x: sp.diff(f, x))
        return sp.ImmutableMatrix(g if self.shapes.layout == DENOMINATOR else g.T)

    def _given_entry(self, e):
        """W_{k,l} of a W given in numbers (`_Values.given`): its entry, counted from 1."""
        whole = self.env[e.base.label]
        at = [int(i) - 1 for i in e.indices if i.is_Integer]
        if len(at) != len(e.indices) or len(at) not in (1, 2):
            raise NotModelled("an entry of a matrix given at an index that is no number")
        if len(at) == 1 and 1 in whole.shape:
            at = [at[0], 0] if whole.shape[1] == 1 else [0, at[0]]
        if not all(0 <= k < n for k, n in zip(at, whole.shape)):
            raise ShapeError("an entry past the end of a matrix given")
        return whole[at[0], at[1]]

    def _given_count(self, var, body):
        """The count a sum over `var` runs to where nothing fixed it: the length of the
        slot of a matrix given (`_Values.given`) that its body indexes by var."""
        lengths = set()
        for a in body.atoms(sp.Indexed):
            whole = self.env.get(a.base.label)
            if isinstance(whole, sp.MatrixBase) and var in a.indices:
                slot = a.indices.index(var)
                lengths.add(whole.shape[slot] if len(a.indices) == 2 else len(whole))
        if len(lengths) != 1:
            raise NotModelled("a sum whose count no matrix given fixes")
        return sp.Integer(lengths.pop())

    def _sum(self, e):
        (var, low, high), *rest = e.limits
        body = sp.Sum(e.function, *rest) if rest else e.function
        low, high = (self.value(b) for b in (low, high))
        if self.shapes is None and not high.is_Integer:
            high = self._given_count(var, body)
        if not (low.is_Integer and high.is_Integer):
            raise NotModelled("a sum whose bounds are not counts")
        total = None
        for v in range(int(low), int(high) + 1):
            term = _scalar_if_one(self.value(body.xreplace({var: sp.Integer(v)})))
            total = term if total is None else _add(total, term)
        return sp.Integer(0) if total is None else total


def _flat(v) -> list:
    return list(v) if isinstance(v, sp.MatrixBase) else [v]


def _increment(name, value):
    """The differential of a name: new unknowns of its shape (d x for x, d W for W)."""
    label = f"\\mathrm{{d}}{sp.latex(name)}"
    if not isinstance(value, sp.MatrixBase):
        return sp.Symbol(label, real=True)
    return sp.ImmutableMatrix(*value.shape, lambda i, j: sp.Symbol(f"{label}[{i + 1},{j + 1}]",
                                                                     real=True))


def varying(exprs) -> tuple[list, bool]:
    """(the names whose differentials a step takes, whether the step says so): the names
    it writes the differential of (d w, (d x)^T — the others are constants), else every
    name its notation does not make a number (d‖x‖^{3/2} = d(‖x‖²)^{3/4})."""
    written = []
    for e in exprs:
        for a in sp.preorder_traversal(e):
            if isinstance(a, DifferentialOf):
                inner = a.args[0].args[0] if isinstance(a.args[0], Transposed) else a.args[0]
                if isinstance(inner, (sp.Symbol, sp.Indexed)) and inner not in written:
                    written.append(inner)
    if written:
        return written, True
    return [n for n in _names(exprs) if _fixed_kind(n, exprs) != SCALAR
            and _fixed_kind(n, exprs) not in (IDENTITY, ONES, ZEROS)], False


def _counts(exprs) -> list:
    """The symbols a sum runs to (P of Σ_{p=1}^P, C of Σ_{c=0}^{C-1}): sizes too."""
    found = set()
    for e in exprs:
        for s in e.atoms(sp.Sum):
            for _, low, high in s.limits:
                found |= {x for x in (low.free_symbols | high.free_symbols)
                          if isinstance(x, sp.Symbol) and x.is_integer}
    return sorted(found, key=str)


def _scalar_if_one(v):
    return v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v


def _add(a, b):
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):       # entry by entry
        return a.applyfunc(lambda x: x + b) if isinstance(a, sp.MatrixBase) \
            else b.applyfunc(lambda x: a + x)
    if isinstance(a, sp.MatrixBase) and a.shape != b.shape:
        rows, cols = (max(x, y) for x, y in zip(a.shape, b.shape))
        if a.rows != b.rows and a.cols != b.cols or any(
                x not in (1, n) for m in (a, b) for x, n in zip(m.shape, (rows, cols))):
            raise ShapeError(f"{a.shape} + {b.shape}")
        a, b = (m if m.shape == (rows, cols) else sp.ImmutableMatrix(   # broadcast
            rows, cols, lambda i, j, m=m: m[i % m.rows, j % m.cols]) for m in (a, b))
    return a + b


def _entrywise_factors(e):
    """The factors of a product that are values of functions (commutative, as SymPy has
    them) of a matrix or vector — e^{-z}, (1 + e^{-z})^{-2}, σ(z), 1 − σ(z) — where there
    are two or more: the product's commutative factors (numbers too), else None. Such
    values are multiplied entry by entry, as σ'(z) = σ(z)(1 − σ(z)) is meant; never as a
    dot product."""
    found = [f for f in e.args if _function_valued(f)]
    if len(found) < 2:
        return None
    return [f for f in e.args if f.is_commutative or f in found]


def _function_valued(f) -> bool:
    """e^{-z}, σ(z), (1 + e^{-z})^{-2}, 1 − σ(z) of a matrix or vector z: a function's
    values, entry by entry (not a name, a transpose or a product of them)."""
    if not any(s.is_commutative is False for s in f.atoms(sp.Symbol)):
        return False
    if isinstance(f, (WholeArgument, Transposed, Hadamard, Kronecker, DifferentialOf, Diag, Trace,
                      Det, Norm, Optimum)):
        return False                       # a matrix as it is, or one number of it
    if isinstance(f, sp.Function):
        return True                        # e^{z}, σ(z), log z: entry by entry
    if isinstance(f, sp.Pow):
        return _function_valued(f.base)
    if isinstance(f, (sp.Add, sp.Mul)):      # 1 − σ(z), −e^{−z}
        return any(_function_valued(t) for t in f.args) and all(
            _function_valued(t) or not any(s.is_commutative is False
                                           for s in t.atoms(sp.Symbol)) for t in f.args)
    return False


def _mul(a, b):
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape[1] == b.shape[1] == 1 and a.shape[0] == b.shape[0] != 1:
            return (a.T * b)[0, 0]                  # x · w: the dot product
        if a.shape[0] == b.shape[0] == 1 and a.shape[1] == b.shape[1] != 1:
            return (a * b.T)[0, 0]                  # of two rows (their shapes allowed it)
        if a.shape[1] != b.shape[0]:
            raise ShapeError(f"{a.shape} · {b.shape}")
        return sp.ImmutableMatrix(a * b)
    return a * b


# ---------------------------------------------------------------- deciding

def _assignments(free: list, sizes=SIZES) -> list[dict]:
    every = list(itertools.product(sizes, repeat=len(free)))
    if len(every) > MAX_ASSIGNMENTS:
        rng = random.Random(len(every))
        keep = {tuple(max(sizes) for _ in free), tuple(2 for _ in free)}
        keep |= set(rng.sample(every, MAX_ASSIGNMENTS - len(keep)))
        every = sorted(keep)
    return [dict(zip(free, sizes)) for sizes in every]


def _zero(d) -> bool:
    if d == 0 or d.has(sp.exp) and rational_in_exps(d) == 0:
        return True
    d = sp.expand(d)
    if d == 0:
        return True
    # over one denominator, a numerator that expands to 0 (an entry of XV(VᵀV)⁻¹ against
    # U's: twenty times faster than cancelling, which is kept for what it alone finds)
    if sp.expand(d.as_numer_denom()[0]) == 0 or sp.cancel(sp.together(d)) == 0:
        return True
    # |u| and sign(u) of an entry u (the norm of a 1×1 vector, and its derivative): zero
    # with u = ±p for a new p > 0, both signs, is zero wherever u ≠ 0
    if d.has(sp.log) and _zero_in_logs(d):
        return True
    entries = sorted({a.args[0] for a in d.atoms(sp.Abs, sp.sign)
                      if isinstance(a.args[0], sp.Symbol)}, key=str)
    if not entries or len(entries) > 4:
        return False
    positive = {u: sp.Dummy("p", positive=True) for u in entries}
    return all(sp.cancel(sp.together(sp.expand(d.subs({u: sign * positive[u]
                                                       for u, sign in zip(entries, signs)}))))
               == 0 for signs in itertools.product((1, -1), repeat=len(entries)))


def _zero_in_logs(d) -> bool:
    """Zero by the laws of logarithms, where they hold: every name real, and a scalar
    inside a logarithm positive (σ of log σ: the domain `_point` samples and the log asks
    for): log(e^u/(√(2π)σ)) is u − ½log 2π − log σ. (√(a²) = a stays unproved.)"""
    logged = {s for a in d.atoms(sp.log) for s in a.args[0].free_symbols if "[" not in s.name}
    put = {s: sp.Dummy(s.name, positive=True) if s in logged else sp.Dummy(s.name, real=True)
           for s in d.free_symbols}
    e = sp.expand_log(sp.expand(d.doit().xreplace(put)))
    return sp.cancel(sp.together(sp.expand(e))) == 0


def _point(symbols, rng) -> dict:
    """Entries of matrices of either sign; numbers (σ, λ) positive, as logs of them ask."""
    return {s: sp.Rational(rng.randint(-9, 9) or 1 if "[" in s.name else rng.randint(1, 9),
                           rng.randint(1, 4)) for s in symbols}


def _concrete(e):
    """e with each unknown function (`WholeArgument`) replaced by a fixed polynomial of
    its arguments — a function the step's claim covers (it holds for every such
    function, or fails for one), so that e can be evaluated: a counterexample names it
    (`known_as`)."""
    if not isinstance(e, sp.Basic):
        return e
    for func, n in _unknown_functions(e).items():
        e = e.replace(func, known_as(func, n)).doit()
    return e


def _unknown_functions(e) -> dict:
    """{unknown function (`WholeArgument`): its number of arguments} in e, inside a Subs
    (∂I/∂x_1 at a point) too."""
    return {a.func: len(a.args) for a in e.atoms(AppliedUndef) if isinstance(a, WholeArgument)}


def known_as(func, n: int) -> sp.Lambda:
    """The polynomial `_concrete` puts for the unknown function `func` of n arguments:
    Σ c_k x_k + Σ c'_k x_k² + x_1 x_n, coefficients fixed by its name."""
    rng = random.Random(f"{func.__name__}/{n}")
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    body = sum(sp.Rational(rng.randint(1, 9), rng.randint(1, 3)) * x
               + sp.Rational(rng.randint(1, 9), rng.randint(2, 5)) * x ** 2 for x in xs)
    return sp.Lambda(xs, body + xs[0] * xs[-1])


def _entry_differs(d, point) -> tuple[bool, object]:
    """Whether an entry of lhs − rhs (its unknown functions made `_concrete`) is nonzero at
    a point, re-evaluated at 60 digits; a point where it is not a real number (a log of a
    negative) shows nothing."""
    value = sp.N(d.xreplace(point), DIGITS)
    if not value.is_number or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) \
            or not value.is_real:
        return False, None
    again = sp.N(d.xreplace(point), DIGITS + 10)
    return abs(again) > sp.Float(10) ** (-DIGITS // 2), again


def _with_functions(d) -> str:
    """The functions a counterexample put for the unknown ones (`_concrete`), in words."""
    return "".join(f"; ${func.__name__}$ of its argument's entries taken as "
                   f"${sp.latex(known_as(func, n).expr)}$"
                   for func, n in _unknown_functions(d).items())


def _describe(kinds: dict) -> str:
    by = {}
    for name, kind in kinds.items():
        shown = f"${sp.latex(name)}$"
        if shown not in by.get(kind, []):
            by.setdefault(kind, []).append(shown)
    plural = {SCALAR: "scalars", VECTOR: "vectors", MATRIX: "matrices"}
    return "; ".join(f"{', '.join(v)} {plural[k] if len(v) > 1 else k}"
                     for k, v in sorted(by.items()))


def _decide_reading(lhs, rhs, kinds: dict, rng, layout: str = DENOMINATOR,
                    declared=None, moving=(), sizes_tried=SIZES, links=None,
                    rows: bool = False) -> Outcome:
    shapes = _frame(lhs, rhs, kinds, layout, declared, links, rows)
    free = [d for d in dict.fromkeys(shapes.dims.free() + _counts([lhs, rhs]))
            if d not in shapes.last_index]     # (m of Σ_{j=0}^m: its dimension less one)
    compared = 0
    lhs, rhs = _bound_apart(lhs, rhs)
    members, coinciding = _member_indices(lhs, rhs), None
    for sizes, at in ((sizes, at) for sizes in _assignments(free, sizes_tried)
                      for at in _member_values(members, sizes)):
        if coinciding and len(set(at.values())) < len(at):
            continue                      # (a slip where members coincide is found: enough)
        if _one_by_one_beside_larger(sizes, shapes):
            continue                      # (X 1 × 1 would only scale ΔX 3 × 3: no reading)
        values = _Values(kinds, shapes, sizes, moving, placed=at)
        try:
            lv, rv = (_scalar_if_one(values.value(e.xreplace(at))) for e in (lhs, rhs))
        except ShapeError:
            continue                      # only these sizes do not fit (a 1×1 reads so)
        except (ValueError, ZeroDivisionError):   # a singular inverse at these entries
            continue
        if isinstance(lv, sp.MatrixBase) != isinstance(rv, sp.MatrixBase) and 0 in (lv, rv):
            lv, rv = (sp.zeros(*rv.shape) if lv == 0 else lv), (sp.zeros(*lv.shape)
                                                               if rv == 0 else rv)
        if isinstance(lv, sp.MatrixBase) != isinstance(rv, sp.MatrixBase) \
                or isinstance(lv, sp.MatrixBase) and lv.shape != rv.shape:
            continue                      # only these sizes do not fit
        diffs = list(lv - rv) if isinstance(lv, sp.MatrixBase) else [lv - rv]
        compared += 1
        rows = lv.shape if isinstance(lv, sp.MatrixBase) else (1, 1)
        evaluated = [_concrete(d) for d in diffs]      # once per size, not per point
        for point in (_point(values.entries, rng) for _ in range(POINTS)):
            for index, d in enumerate(evaluated):
                differs, value = _entry_differs(d, point)
                if differs:
                    where = divmod(index, rows[1])
                    shown = {str(k): float(v) for k, v in point.items()}
                    shown.update({_dim_name(k, shapes, kinds): v for k, v in sizes.items()})
                    shown.update({str(k): int(v) for k, v in at.items()})
                    entry = sp.N(_concrete(lv if not isinstance(lv, sp.MatrixBase)
                                           else lv[where]).xreplace(point), 15)
                    other = sp.N(_concrete(rv if not isinstance(rv, sp.MatrixBase)
                                           else rv[where]).xreplace(point), 15)
                    found = Outcome(False, reading=_describe(kinds) + _with_functions(diffs[index]),
                                    sizes=_sizes_text(sizes, shapes, kinds),
                                    counterexample=shown,
                                    values={"lhs": float(entry), "rhs": float(other),
                                            "entry": f"({where[0] + 1}, {where[1] + 1})"
                                            if isinstance(lv, sp.MatrixBase) else ""})
                    if len(set(at.values())) == len(at):
                        return found
                    coinciding = coinciding or found
                    break
            else:
                continue
            break
        if coinciding:
            continue
        if not all(_zero(d) for d in diffs):
            return Outcome(None, why="equal at the sampled points, not proved equal",
                           reading=_describe(kinds))
    if not compared:
        raise ShapeError("no size at which the two sides can be compared")
    if coinciding:
        # ∇_{w_j} L_i = 𝟙(…) x_i: true for every member j but j = y_i, the case the text
        # leaves to its words ("for j ≠ y_i"); a member apart from the others holds
        names = _apart(members).replace("\\neq", "=")
        return Outcome(None, why=f"it holds wherever {_apart(members)}, and fails where "
                       f"{names} ({coinciding.sizes}), a case the step may leave aside in "
                       "words", reading=coinciding.reading, sizes=coinciding.sizes,
                       counterexample=coinciding.counterexample, values=coinciding.values,
                       apart=tuple((_shown(a), _shown(b))
                                   for a, b in itertools.combinations(members, 2)))
    if shapes.dims.squared:
        # X ∈ R^{m×n} declared, X⁻¹ written: it holds for a square X — which the writer may
        # mean here, or an inverse of a matrix that has none may be the slip
        pairs = ", ".join(f"${sp.latex(a)} = {sp.latex(b)}$" for a, b in
                          sorted(shapes.dims.squared, key=str))
        return Outcome(None, why=f"it holds where {pairs} (a matrix it inverts, or takes the "
                       "trace or determinant of, is square), which the declared shapes do not "
                       "say", reading=_describe(kinds), squared=True)
    return Outcome(True, reading=_describe(kinds), sizes=f"sizes {min(sizes_tried)}–"
                   f"{max(sizes_tried)}" if free else
                   "the sizes the step fixes")


def _one_by_one_beside_larger(sizes: dict, shapes: _Shapes) -> bool:
    """Whether these sizes make one matrix of the step 1 × 1 and another larger: a 1 × 1
    matrix then only scales the other, which the notation never means (the sizes that
    unify nothing between them, X and ΔX of X^{1/2} ΔX X^{1/2}, vary apart)."""
    def size(d):
        d = shapes.dims.find(d)
        return d if isinstance(d, int) else sizes.get(d, d)
    found = [tuple(size(d) for d in shapes.of[base]) for base, kind in shapes.kinds.items()
             if kind in (MATRIX, IDENTITY) and base in shapes.of]
    found = [f for f in found if all(isinstance(x, int) for x in f)]
    return any(f == (1, 1) for f in found) and any(max(f) > 1 for f in found)


def _member_indices(*exprs) -> dict:
    """{k: the sum whose range k is in}: an index left free (w_k, w_{y_i}) on a family a
    sum runs over (Σ_j max(0, w_jᵀx − w_yᵀx + Δ)) — one of its members, which the sizes
    tried make each member in turn (∂/∂w_k is a derivative by one of the w_j)."""
    sums = [s for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)]
    bound = {limit[0] for s in sums for limit in s.limits}
    found = {}
    for s in sums:
        over = {limit[0] for limit in s.limits}
        families = {a.base for a in s.function.atoms(sp.Indexed) if set(a.indices) & over}
        for e in exprs:
            for a in e.atoms(sp.Indexed) if isinstance(e, sp.Basic) else ():
                for i in a.indices:
                    if a.base in families and isinstance(i, sp.Symbol) and i.is_integer \
                            and i not in bound and len(s.limits[0]) == 3:
                        found.setdefault(i, s.limits[0])
    return dict(sorted(found.items(), key=lambda item: str(item[0])))   # (one order)


def _bound_apart(*exprs) -> tuple:
    """∇_{w_j} of L_i = Σ_{j≠y_i} max(0, w_jᵀx_i − …): the sum's j, bound, is another
    letter than the free j the step differentiates by — renamed so that placing the
    free one (`_member_values`) leaves the sum whole."""
    free = set().union(*(e.free_symbols for e in exprs if isinstance(e, sp.Basic)))

    def renamed(s):
        clash = {limit[0]: sp.Dummy(str(limit[0]), integer=True) for limit in s.limits
                 if limit[0] in free}
        return s.xreplace(clash) if clash else s
    return tuple(e.replace(lambda a: isinstance(a, sp.Sum), renamed)
                 if isinstance(e, sp.Basic) else e for e in exprs)


def _shown(k) -> str:
    """A member index as LaTeX: y[i], the label of sample i, as y_{i}."""
    return re.sub(r"^(\w+)\[(\w+)\]$", r"\1_{\2}", sp.latex(k))


def _apart(members: dict) -> str:
    """`$k \\neq y_{i}$`: the member indices all different."""
    return ", ".join(f"${_shown(a)} \\neq {_shown(b)}$"
                     for a, b in itertools.combinations(members, 2))


def _member_values(members: dict, sizes: dict) -> list:
    """Every placing of the free member indices (`_member_indices`) in their sums' ranges
    at these sizes; [{}] where there are none (or a range is not a count)."""
    ranges = []
    for index, (_, low, high) in members.items():
        # (a sum's own bounds, SymPy already: never text)
        low, high = (b.xreplace({k: sp.Integer(v) for k, v in sizes.items()})
                     if isinstance(b, sp.Basic) else sp.Integer(b) for b in (low, high))
        if not (low.is_Integer and high.is_Integer):
            return [{}]
        ranges.append([(index, sp.Integer(v)) for v in range(int(low), int(high) + 1)])
    return [dict(c) for c in itertools.product(*ranges)] or [{}]


def _frame(lhs, rhs, kinds: dict, layout: str, declared, links=None,
           rows: bool = False) -> _Shapes:
    """The shapes of a reading with its two sides made one shape; raises ShapeError
    where they cannot be (and NotModelled where a side is not read)."""
    shapes = _Shapes(kinds, layout, declared, links, rows)
    try:
        left, unread = shapes.shape(lhs), None
    except NotModelled as exc:          # a right side whose shapes cannot fit drops the
        left, unread = None, exc        # reading all the same
    right = shapes.shape(rhs)
    if unread is not None:
        raise unread
    if lhs == 0 or rhs == 0:
        left = right = left if rhs == 0 else right     # 0: the zero of the other side's shape
    if (left is None) != (right is None) and not (_is_one(left, shapes.dims)
                                                  or _is_one(right, shapes.dims)):
        raise ShapeError("a scalar equated to a matrix")
    if left is not None and right is not None:
        shapes.dims.unify(left[0], right[0])
        shapes.dims.unify(left[1], right[1])
    _not_degenerate(shapes)
    for array, how, _ in shapes.links.values():
        rows, cols = (shapes.dims.find(d) for d in shapes.of[array])
        if how != ENTRIES and rows == cols and sp.latex(array) not in (declared or {}):
            raise ShapeError(f"{sp.latex(array)} would be square")   # not the convention
    return shapes


def _not_degenerate(shapes: _Shapes) -> None:
    """A reading that forces a matrix or a vector to be 1×1 is not the notation's (there
    everything commutes): no reading. ((XW_1 + b_1)W_2 with b_1 a column makes W_2 1×1;
    the bias is a row broadcast, which this reading does not model.)"""
    for name, kind in shapes.kinds.items():
        if kind in (SCALAR, IDENTITY, ONES, ZEROS):
            continue
        rows, cols = (shapes.dims.find(d) for d in shapes.name_shape(name))
        if kind == VECTOR and shapes.rows:
            rows, cols = cols, rows                    # a row vector: its length is cols
        if rows == 1 and (kind == VECTOR or cols == 1):
            raise ShapeError(f"{name} would be a single number")


def shape_of(expr, declared: dict):
    """The shape expr has under the declarations, in their named sizes ((C, D) for
    W_2 W_1 with W_2 ∈ R^{C×H}, W_1 ∈ R^{H×D}); None for a number. Raises ShapeError when
    no shape fits, NotModelled when a name's shape is neither declared nor fixed by the
    notation (the most customary reading is the one used)."""
    [expr] = _one_name_each(expr)
    kinds = readings([expr], declared)[0]
    shapes = _Shapes(kinds, DENOMINATOR, declared)
    found = shapes.shape(expr)
    if found is None:
        return None
    found = tuple(shapes.dims.find(d) for d in found)
    if any(isinstance(d, sp.Dummy) for d in found):
        raise NotModelled("a size no declaration gives")
    return found


def _dim_name(d, shapes, kinds) -> str:
    if not isinstance(d, sp.Dummy):
        return sp.latex(d)                   # a count or a declared size: P, C
    for name, kind in kinds.items():
        if kind == SCALAR:
            continue
        r, c = shapes.name_shape(name)
        if shapes.dims.find(r) == d:
            return f"rows of {sp.latex(name)}"
        if shapes.dims.find(c) == d:
            return f"columns of {sp.latex(name)}"
    return str(d)


def _sizes_text(sizes, shapes, kinds) -> str:
    return ", ".join(f"{_dim_name(d, shapes, kinds)} = {n}" for d, n in sizes.items())


def decide(lhs, rhs, declared=None, sizes=SIZES, layout: str | None = None) -> Outcome:
    """The step lhs = rhs (both in the matrix reading) under every reading of its names.
    holds=True: every reading whose shapes agree holds at every size tried; False: every
    such reading fails at some size (the first reading's counterexample); None otherwise,
    naming the reading that holds where one does."""
    lhs, rhs = _one_name_each(lhs, rhs)
    exprs = [lhs, rhs]
    rng = random.Random(20261202)
    if any(isinstance(e, sp.Basic) and any(p.has(sp.Pow) and any(
            q.exp.is_negative for q in p.atoms(sp.Pow) if not q.base.is_commutative)
            for s in e.atoms(sp.Subs) for p in s.point) for e in exprs):
        # a gradient put at (XᵀX + λI)⁻¹XᵀY: the inverse of a 3 × 3 of unknown entries,
        # differentiated through, is beyond the time of a step — sizes 1–2 (said so)
        sizes = tuple(n for n in sizes if n <= 2)
    outcomes, capitals_matrices = [], False
    numbers = {n for n in _names(exprs) if _fixed_kind(n, exprs) == SCALAR}     # 1/N
    layouts = (layout,) if layout else (DENOMINATOR, NUMERATOR) if any(
        isinstance(e, sp.Basic) and e.has(sp.Derivative) for e in exprs) else (DENOMINATOR,)
    misfits = []
    moving, said = varying(exprs) if any(isinstance(e, sp.Basic) and e.has(DifferentialOf)
                                         for e in exprs) else ([], True)
    unread, kinds_of = [], []
    every = [(kinds, links, way) for kinds in readings(exprs, declared)
             for links in _links(exprs, kinds) for way in layouts]
    for kinds, links, way in every:
        try:
            found = _decide_reading(lhs, rhs, kinds, rng, way, declared, moving, sizes, links)
        except ShapeError as exc:
            misfits.append(exc)
            continue
        except NotModelled as exc:      # this reading is undecided; the others may decide
            unread.append(exc)
            found = Outcome(None, why=f"{exc} is not decided yet", reading=_describe(kinds))
        if links:
            found.reading += "; " + _describe_links(links)
            found.joined = _joined(links, exprs)
        if len(layouts) > 1:
            found.reading += f"; derivatives in {way} layout"
        if moving:
            names = ", ".join(f"${sp.latex(n)}$" for n in moving)
            found.reading += f"; differentials with {names} varying" + (
                "" if said else " (every name that is not a number)")
        outcomes.append(found)
        kinds_of.append((kinds, links))
        capitals_matrices |= all(k != SCALAR for n, k in kinds.items()
                                 if _capital(_text(n)) and n not in numbers
                                 and _text(n) not in _GREEK_CAPITALS)
    squared = any(o.squared for o in outcomes)
    if unread and all(o.holds is None for o in outcomes):
        rows = _as_rows(lhs, rhs, every, rng, declared, moving, sizes)
        if rows.holds:
            return rows
        raise unread[0]
    if not outcomes and declared and all(sp.latex(n) in declared for n in _names(exprs)
                                         if _fixed_kind(n, exprs) != SCALAR) \
            and not any(isinstance(m, ScalarTransposed) for m in misfits):
        # every matrix and vector declared: the shapes are the document's, and do not fit
        return Outcome(False, why=str(misfits[0]), reading="the declared shapes",
                       shape_error=True)
    if not outcomes:
        return _as_rows(lhs, rhs, every, rng, declared, moving, sizes)
    if not capitals_matrices and not all(o.holds is False for o in outcomes):
        return Outcome(None, why="the shapes agree only with some capitals read as numbers "
                       "(a row added to every row, XW + b, is not read yet)", squared=squared)
    if all(o.holds is True for o in outcomes):
        return Outcome(True, reading=" or ".join(o.reading for o in outcomes[:2]),
                       sizes=outcomes[0].sizes)
    if all(o.holds is False for o in outcomes):
        if not said:            # the step does not say which names vary: d(Xw) = X dw
            return Outcome(None, why="the sides differ with every name varying, and the "
                           "step writes no differential of a name (d w) that says which vary",
                           reading=outcomes[0].reading)
        return outcomes[0]
    if all(o.holds is None and o.apart for o in outcomes):
        return outcomes[0]              # only where members coincide: its case, kept
    typeset = _bold_marks_vectors(exprs, kinds_of, outcomes)
    if typeset is not None:
        return typeset
    holding = [n for n, o in enumerate(outcomes) if o.holds is True]
    if holding:
        first = outcomes[holding[0]]
        n, other = next((n, o) for n, o in enumerate(outcomes) if o.holds is not True)
        (kinds, links), (held, linked) = kinds_of[n], kinds_of[holding[0]]
        unsaid = "names are vectors" if kinds != held else "layout" if links == linked \
            else "rows or columns its indexed names are"
        return Outcome(None, why=f"holds with {first.reading}, "
                       + (f"fails with {other.reading}" if other.holds is False else
                          f"is undecided with {other.reading} ({other.why})")
                       + f" — the document does not say which {unsaid}",
                       reading=first.reading, squared=squared)
    return Outcome(None, why=next(o.why for o in outcomes if o.holds is None), squared=squared)


def _bold_marks_vectors(exprs, kinds_of, outcomes) -> Outcome | None:
    """A step that writes its vectors bold (\\mathbf{x}_i) leaves its plain lowercase
    letters numbers (y_i, t_i): where readings disagree, those that read it so decide it —
    valid when they all hold. None: no bold vector, no such reading, or one that fails."""
    names = _names(exprs)
    if not any(_BOLD.search(_text(n)) and _lower(n) for n in names):
        return None
    plain = {n for n in names if _lower(n) and not _BOLD.search(_text(n))}
    typed = [o for (kinds, _), o in zip(kinds_of, outcomes)
             if all(kinds.get(n, SCALAR) == SCALAR for n in plain)]
    if not typed or len(typed) == len(outcomes) or not all(o.holds is True for o in typed):
        return None
    return Outcome(True, reading=f"{typed[0].reading}; plain letters read as numbers beside "
                   "the bold vectors", sizes=typed[0].sizes)


def _as_rows(lhs, rhs, every, rng, declared, moving, sizes) -> Outcome:
    """A step whose shapes agree under no reading with vectors as columns (`z_i = x_i ·
    w^T`, ∂z_i/∂w = x_i) is read with every vector a row, as texts that write x·w^T do.
    Only a step that holds under every such reading is decided so (valid, naming it);
    anything else stays undecided: rows are a convention the document may not use."""
    cannot = Outcome(None, why="the shapes of its matrices and vectors cannot agree under "
                     "any reading of its names")
    found = []
    for kinds, links, way in every:
        if links or VECTOR not in kinds.values():
            continue
        try:
            outcome = _decide_reading(lhs, rhs, kinds, rng, way, declared, moving, sizes,
                                      rows=True)
        except (ShapeError, NotModelled):
            continue
        found.append((outcome, way))
    if not found or not all(o.holds is True for o, _ in found):
        return cannot
    first, way = found[0]
    return Outcome(True, reading=f"vectors as rows; {first.reading}; derivatives in {way} "
                   "layout", sizes=first.sizes)


# ---------------------------------------------------------------- for all shapes

def as_matrix_expression(expr, shapes: dict):
    """expr (the matrix reading) as a SymPy matrix expression: each name in `shapes` a
    MatrixSymbol of its symbolic shape, any other name a number. Raises NotModelled for
    what SymPy's matrix algebra does not take (a function of an array, an entry)."""
    if isinstance(expr, sp.Symbol):
        shape = shapes.get(sp.latex(expr))
        return sp.MatrixSymbol(expr.name, *shape) if shape else sp.Symbol(expr.name, real=True)
    if expr.is_Number:
        return expr
    args = [as_matrix_expression(a, shapes) for a in expr.args] \
        if not isinstance(expr, sp.Derivative) else None
    if isinstance(expr, Transposed):
        return args[0].T
    if isinstance(expr, sp.Add):
        return functools.reduce(operator.add, args)
    if isinstance(expr, sp.Mul):
        return functools.reduce(operator.mul, args)
    if isinstance(expr, sp.Pow) and isinstance(args[0], sp.MatrixExpr) and expr.exp.is_Integer:
        return sp.Inverse(args[0]) if expr.exp == -1 else sp.MatPow(args[0], expr.exp)
    if isinstance(expr, sp.Pow) and not isinstance(args[0], sp.MatrixExpr):
        return args[0] ** args[1]
    if isinstance(expr, Trace):
        return sp.Trace(args[0])
    if isinstance(expr, Det):
        return sp.Determinant(args[0])
    if isinstance(expr, Hadamard):
        return sp.hadamard_product(*args)
    if isinstance(expr, sp.Derivative) and len(expr.variables) == 1:
        return sp.diff(as_matrix_expression(expr.expr, shapes),
                       as_matrix_expression(expr.variables[0], shapes))
    raise NotModelled(f"{type(expr).__name__} in SymPy's matrix algebra")


def all_shapes(lhs, rhs, shapes: dict) -> bool:
    """Whether SymPy's matrix algebra shows lhs = rhs for MatrixSymbols of the symbolic
    shapes given: for every size at once (False: not shown, which refutes nothing)."""
    try:
        difference = as_matrix_expression(lhs, shapes) - as_matrix_expression(rhs, shapes)
        difference = sp.expand(difference.doit())
    except (NotModelled, TypeError, ValueError, AttributeError, NotImplementedError):
        return False
    return difference == 0 or getattr(difference, "is_ZeroMatrix", False) is True


def spot(lhs, rhs, shapes: dict, rng: random.Random, points: int = 20,
         dps: int = DIGITS) -> tuple[int, float, dict | None]:
    """(points compared, the largest difference, the first point where the sides differ
    or None): both sides at random sizes 2–4 and random entries, to `dps` digits — the
    numeric check of a proof in matrix notation."""
    [kinds] = readings([lhs, rhs], shapes)[:1]
    compared, worst = 0, 0.0
    for _ in range(points):
        frame = _frame(lhs, rhs, kinds, DENOMINATOR, shapes)
        sizes = {d: rng.randint(2, 4) for d in frame.dims.free()}
        values = _Values(kinds, frame, sizes, varying([lhs, rhs])[0])
        left, right = (_scalar_if_one(values.value(e)) for e in (lhs, rhs))
        point = _point(values.entries, rng)
        for d in _flat(left - right):
            value = sp.N(d.xreplace(point), dps)
            if not value.is_number or not value.is_real:
                continue
            worst = max(worst, float(abs(value)))
            if abs(value) > sp.Float(10) ** (-dps // 2):
                return compared, worst, {_dim_name(k, frame, kinds): v
                                         for k, v in sizes.items()}
        compared += 1
    return compared, worst, None


def at_written(expr, given: dict):
    """expr with each of its names the matrix or number `given` for it ({name: value}, a
    worked example's W = [[1, 2], [0, −1]]), computed as matrix notation reads it: Wx a
    product, e^z and σ(z) entry by entry, x · w a dot product. None where a name is not
    given or the shapes do not fit (ShapeError)."""
    # (W_{k,l} of a W given, and the count #k a sum over its rows runs to, are given too)
    names = {a for a in expr.free_symbols | expr.atoms(sp.Indexed)
             if not isinstance(a, sp.Dummy) and not _given_entry(a, given)
             and not (isinstance(a, sp.Symbol) and a.name.startswith("\\#"))}
    # (the entries x_1, x_2 of a vector given as (x_1, x_2)^T are no names to give)
    entries = {str(a): a for v in given.values() if isinstance(v, sp.Basic)
               for a in v.free_symbols | v.atoms(sp.Indexed)}
    # (I, 𝟏 and 𝟎 are given by their sizes, which the arrays beside them fix)
    standard = [a for a in names if a not in given and str(a) not in entries
                and _standard_kind(a)]
    names -= set(standard)
    if not (names or standard) or not all(a in given or str(a) in entries for a in names):
        return None
    if differentiates_unwritten_count(expr):
        return None
    # (written in the matrix reading, x_1 is the entry the vector was given with)
    expr = expr.xreplace({a: entries[str(a)] for a in names if a not in given})
    sizes = sorted({n for v in given.values() if isinstance(v, sp.MatrixBase)
                    for n in v.shape}) or [1]
    found = set()
    for each in itertools.product(sizes, repeat=len(standard)):
        env = {**given, **{a: _standard_array(_standard_kind(a), n)
                           for a, n in zip(standard, each)}}
        try:
            found.add(_scalar_if_one(_Values.given(env).value(expr)))
        except (NotModelled, ShapeError, AttributeError, TypeError, ValueError,
                sp.PolynomialError):     # (an inverse of entries SymPy keeps non-commutative)
            continue
    # (one value whatever size the shapes let I or 𝟏 take; none, or two, decide nothing)
    return found.pop() if len(found) == 1 else None


def _standard_kind(name) -> str | None:
    """IDENTITY, ONES or ZEROS for I, 𝟏, 𝟎 as notation writes them; else None."""
    if not isinstance(name, (sp.Symbol, sp.Indexed)) or name.is_commutative:
        return None
    kind = _fixed_kind(name, [])
    return kind if kind in (IDENTITY, ONES, ZEROS) else None


def _standard_array(kind: str, n: int):
    """I of size n, or the column 𝟏 or 𝟎 of n entries."""
    return sp.ImmutableMatrix(sp.eye(n) if kind == IDENTITY else sp.ones(n, 1) if kind == ONES
                              else sp.zeros(n, 1))


def differentiates_unwritten_count(expr) -> bool:
    """∂/∂Y of ½ Σ_{n,m} Y_nm²: a derivative of a sum whose count no bound writes (#m), which
    no array given in numbers fixes — its value there is not computed."""
    return isinstance(expr, sp.Basic) and any(
        isinstance(b, sp.Symbol) and b.name.startswith("\\#")
        for d in expr.atoms(sp.Derivative) for s in d.expr.atoms(sp.Sum)
        for lim in s.limits for b in lim[1:])


def _given_entry(a, given: dict) -> bool:
    """Whether a is an entry W_{k,l} of a matrix given in numbers."""
    return isinstance(a, sp.Indexed) and isinstance(given.get(a.base.label), sp.MatrixBase)


def value_at(expr, shapes: dict, arrays: dict, dps: int = DIGITS):
    """expr (the matrix reading, names declared in `shapes`) at the given values — {name's
    LaTeX: a 2-D array of numbers} — to `dps` digits, as a SymPy matrix (a number where
    it is 1×1): the exact value an exported matrix kernel is checked against."""
    [kinds] = readings([expr], shapes)[:1]
    frame = _frame(expr, expr, kinds, DENOMINATOR, shapes)
    sizes = {}
    for name in kinds:
        value = arrays.get(sp.latex(name))
        shape = frame.name_shape(name)
        if value is None or shape is None:
            continue
        for d, size in zip(shape, value.shape):
            d = frame.dims.find(d)
            if not isinstance(d, int):
                sizes[d] = size
    values = _Values(kinds, frame, sizes, varying([expr])[0])
    result = _scalar_if_one(values.value(expr))
    point = {}
    for name, value in values.env.items():
        given = arrays.get(sp.latex(name))
        if given is None or not isinstance(value, sp.MatrixBase) or not value.free_symbols:
            continue
        for (i, j), entry in zip(itertools.product(*map(range, value.shape)), value):
            point[entry] = sp.Float(repr(float(given[i][j])), dps)
    done = result.xreplace(point)
    return done.evalf(dps) if not isinstance(done, sp.MatrixBase) else done.applyfunc(
        lambda e: sp.N(e, dps))
