"""LaTeX of lecture notes → SymPy, without evaluating any text.

The grammar (lecture.lark, parsed by Lark's LALR parser) gives structure; this module
gives meaning, the way a reader of the lectures would:

- `x_i`, `w_{jk}` are indexed names (w[j, k]); an index letter is an integer symbol.
- a superscript L, l, (L), (l), L−1, l+1 on an indexed name, and a parenthesised one on
  any name (y^{(i)}), is a label that becomes part of the name, never a power; `W^T` keeps
  its transpose in the name.
- `e^{…}` is the exponential, `\\sigma` the logistic function, `\\sigma'` its derivative,
  `\\delta_{ij}` and `I(k = l)` Kronecker deltas.
- `a(1-a)` is a product unless `a` is a defined function; `f'(z)` differentiates f.
- `\\frac{\\partial C}{\\partial z_i}`, `\\frac{\\partial}{\\partial z_i}(…)` and `\\frac{d}{dx}`
  are derivatives; what they differentiate is resolved later against the definitions.

Only SymPy constructors are called; no text is ever passed to eval, exec or sympify.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import sympy as sp
from sympy.core.function import AppliedUndef
from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError

from ..notation import (ELLIPSIS, FROBENIUS, OPEN_END, ByValue, Det, Diag, DifferentialOf, Hadamard,
                        Indicator, Kronecker, Norm, Optimum, PositivePart, Sigmoid, Trace,
                        Transposed, dsigma, over_members, softmax_output)
from ..sandbox import Timeout
from .atoms import hide, is_expectation_head
from .macros import group_end

MAX_LENGTH = 20_000          # characters in one chain
MAX_DEPTH = 100              # nested groups
MAX_EXPONENT = 10_000        # |n| in a numeric power b^n that would be evaluated

RELATIONS = {"rel_eq": "=", "rel_le": "<=", "rel_ge": ">=", "rel_lt": "<", "rel_gt": ">",
             "rel_ne": "!=", "rel_approx": "~"}


class ParseError(ValueError):
    """Text that cannot be read as math, with the position (0-based offset) of the trouble."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position


class Misshapen(ParseError):
    """Matrices written out whose product is not defined (a 3×1 times a 3×3): what the
    writer wrote has no value, which is a slip, not a reading failure."""


class MissingPartial(ParseError):
    """`\\frac{\\partial}{o_k}`: a ∂ above and a name below with no ∂ before it — the one
    slip of the pen that `derive.latex.repair` reads back as ∂/∂o_k."""


class TooLarge(ParseError):
    """A number the formula writes is too large to evaluate: a fact of the text alone, so
    no other reading of it (another set of function names) can succeed."""


def index_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


# Greek letters a function's subscript names as a parameter (f_α(z) = max(αz, z), L_δ, π_θ),
# never a count: the real number the formulas around it write
PARAMETER_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta",
                    "vartheta", "kappa", "lambda", "mu", "nu", "rho", "sigma", "tau", "phi",
                    "varphi", "psi", "omega", "xi", "zeta"}


def _parameter(sub):
    """A function's subscript as an argument: an index symbol, or the real parameter a
    Greek letter customary for one names (`PARAMETER_GREEK`)."""
    return real_symbol(sub.name) if isinstance(sub, sp.Symbol) \
        and sub.name in PARAMETER_GREEK else sub


def indexed_function(name: str, subscripts: int = 1):
    """The function written f_K(…), g_p(…): its subscripts are its first arguments (its
    name shows their slots, f_{·} or W_{·,·})."""
    return sp.Function(name + "_{" + ",".join([r"\cdot"] * subscripts) + "}", real=True)


def subscript_slots(function) -> tuple[str, int] | None:
    """(f, 1) for the function indexed_function("f", 1) makes; None for any other."""
    name, _, slots = str(function).partition("_{")
    count = slots.count(r"\cdot")
    return (name, count) if count and str(function) == str(indexed_function(name, count)) \
        else None


def unwritten_bound(var) -> sp.Symbol:
    """The upper bound of a sum that writes none (Σ_i): n, one count for the whole step;
    in the matrix reading a count of its own, #i, which the array the index runs over
    fixes (Σ_i over the rows of X, Σ_p over the entries of w)."""
    if _matrix_reading.get() and var is not None:
        return index_symbol(rf"\#{var}")
    if var is not None and str(var) == str(DEFAULT_DIM):
        return index_symbol("N")        # Σ_n, over the samples n = 1 … N: never Σ_{n=1}^n
    return DEFAULT_DIM


def _count_apart(var, body):
    """The count of a sum over `var` that writes none (`unwritten_bound`), apart from an
    index its body writes: in Σ_{m,k} G_{mk} δ_{mn} W_{ik} the n is the sample index,
    never the count (read as one, the step became false). A count of its own then, no
    letter the document may write (its N of samples beside Σ_j over Z_{nj}'s columns)."""
    hi = unwritten_bound(var)
    if hi == DEFAULT_DIM and isinstance(body, sp.Basic) and any(
            DEFAULT_DIM in a.free_symbols for a in body.atoms(sp.Indexed, sp.KroneckerDelta)):
        return APART_DIM
    return hi


def real_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


@lru_cache(maxsize=4096)
def real_base(name: str) -> sp.IndexedBase:
    """IndexedBase(name, real=True), made once: SymPy caches no IndexedBase, and deducing its
    assumptions again for every x_i of a long sum is most of reading it."""
    return sp.IndexedBase(name, real=True)


DEFAULT_DIM = index_symbol("n")
APART_DIM = index_symbol("n_{*}")     # the count of Σ_j whose body writes n as an index
SLICE = index_symbol(":")          # the `:` of W_{j,:}, all of a row or a column
_RANGE = object()                   # the `1:d` of x_{1:d}: a run of entries, named whole

_GREEK_CALLABLE = {"sigma"}
ONES = r"\mathbb{1}"
AND = "and"             # the relation of a group of conditions that all hold, (m = k, n = l)
# letters that index (δ_ij is Kronecker's); δ_{oi}, δ_{hi} name the error of a layer o, h
_INDEX_LETTERS = set("ijklmnpqrstuv")
_KRONECKER_TOO = set("abcy")    # δ_{ab}, δ_{yj} (y the label): Kronecker's too (δ_{oi}, δ_{hi}
# are errors)

_RELATION_TYPES = {"=": sp.Eq, "!=": sp.Ne, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge}
_TEX_RELATIONS = {"=": "=", "<": "<", ">": ">", r"\le": "<=", r"\leq": "<=", r"\ge": ">=",
                  r"\geq": ">=", r"\ne": "!=", r"\neq": "!=", r"\equiv": "=", ":=": "=", "=:": "=",
                  r"\coloneqq": "=", r"\eqqcolon": "=",
                  r"\approx": "~", r"\sim": "~", r"\simeq": "~"}


def relation(a, op: str, b, evaluate: bool = True):
    """The SymPy relation a op b for op one of = != < > <= >=."""
    return _RELATION_TYPES[op](a, b, evaluate=evaluate)


def relation_name(tex: str) -> str:
    """The operator of a TeX relation sign: \\le → <=."""
    return _TEX_RELATIONS.get(tex.strip(), "=")
_LABEL = re.compile(r"^\s*(\(.*\)|[Ll]|[Ll]\s*[-+−]\s*\d+|[Tt]|\\top|\\intercal)\s*$")
_PAREN_LABEL = re.compile(r"^\s*(\(.*\)|\[.*\])\s*$")    # a^{(l)}, and a^{[l]} as Ng writes layers
_LETTER = re.compile(r"^\s*\{?\s*[A-SU-Za-z]\s*\}?\s*$")   # the z of a^z_t (T: a transpose)
_LAYER_IN_PARENS = re.compile(r"^[(\[]\s*([Ll](\s*[-+]\s*\d+)?)\s*[)\]]$")
_SAMPLE_LABEL = re.compile(r"^\(\s*([a-z])\s*\)$")
SAMPLE_MARK = r"^{(\cdot)}"          # y^{(i)}: the base y^{(·)}, indexed by the sample i


def is_sample(e) -> bool:
    """y^{(i)}: a name labelled by its sample, never the entry of a vector."""
    return isinstance(e, sp.Indexed) and str(e.base.label).endswith(SAMPLE_MARK)


# --- intermediate objects the transformer passes around --------------------------------

@dataclass
class Script:
    text: str
    value: object            # a SymPy expression, a list of them, or "prime"
    label: bool = False      # a word (D_\\text{KL}): part of the name, never an index


@dataclass
class Name:
    """A letter/greek/named identifier with its scripts, not yet given a meaning."""
    base: str
    subs: list = field(default_factory=list)
    sup: Script | None = None
    primes: int = 0
    extra_sups: list = field(default_factory=list)
    word: bool = False       # an upright word (\\operatorname{RBF}): an operator's name

    @property
    def name_text(self) -> str:
        return self.base


@dataclass
class Callable:
    """A function name waiting for its argument: σ, σ', f, f', I (σ^2: power 2)."""
    name: str
    primes: int = 0
    subs: list = field(default_factory=list)
    power: object = None

    @property
    def name_text(self) -> str:
        return self.name


@dataclass
class DerivOp:
    """d/dx or ∂/∂x: differentiates the factors that follow it."""
    variables: list


class PartialMark:
    """The ∂ of a numerator or denominator, before the fraction gives it meaning; `order`
    the power written on it (∂² of ∂²L/∂w_j∂w_k)."""

    def __init__(self, order: int = 1):
        self.order = order


class DiffMark:
    """An upright `\\mathrm{d}` in the matrix reading, before the product gives it the
    factor it takes (d(x^T A x), X dw); with nothing to take, it is the d of d/dx."""


@dataclass
class Condition:
    """The relation in `1_{i=j}`: an indicator's condition, never an index."""
    lhs: object
    rel: str
    rhs: object

    def indicator(self):
        """1 where the condition holds, else 0 (between indices: Kronecker's δ)."""
        a, b = as_index(self.lhs), as_index(self.rhs)
        if b.is_number and b <= 0:
            a = _label_against_zero(self.lhs, a)
        if a.is_number and a <= 0:
            b = _label_against_zero(self.rhs, b)
        if self.rel == "=":
            return sp.KroneckerDelta(a, b)
        if self.rel == "!=":
            return 1 - sp.KroneckerDelta(a, b)
        raise ParseError("an indicator 1_{…} of an inequality is not read")


_UPRIGHT_D = re.compile(r"\\(mathrm|operatorname|rm)\s*\{?\s*d\s*\}?$")

_DIFFERENTIAL_END = re.compile(
    r"(?:\\mathrm\{d\}|\\operatorname\{d\}|(?<![a-zA-Z\\])d)\s*"
    r"(\\math(?:bf|rm)\{[a-zA-Z]\}|\\boldsymbol\{\\?[a-zA-Z]+\}|\\[a-zA-Z]+|[a-zA-Z])"
    r"\s*(?:\\[,;!]\s*)*$")


def _lark_name(text: str):
    """The Name a short name's LaTeX reads as (x, \\mathbf{z}, \\theta)."""
    return Name(_named_text(text)) if text.startswith("\\math") or text.startswith(
        "\\boldsymbol") else Name(text.lstrip("\\"))


@dataclass
class Nabla:
    """A bare ∇ (∇² for `order` 2), before what follows it gives its variable
    (`\\nabla f(x)`: ∂/∂x)."""
    order: int = 1


EMPTY = object()      # `{}`: an empty group, a factor of nothing


@dataclass
class PartialProduct:
    items: list


@dataclass
class Group:
    """(…) with one or more entries or a relation: a product factor or a call's argument.
    `ordered`: its one entry read again in matrix notation, factors in the written order
    (for `(AB)_{ij}`, whose scalar reading has commuted them); None where not needed."""
    entries: list
    relation: tuple | None = None
    ordered: object = None


class Divide:
    def __init__(self, value):
        self.value = value


@dataclass
class MulOp:
    """`\\cdot`, `\\times`, `*`; the entrywise `\\odot` and `\\circ` (which may also be a
    composition) and the outer `\\otimes` by their names."""
    entrywise: str = ""


@dataclass
class MulNeg:
    """`\\cdot -x`: a factor with its own sign."""
    value: object


@dataclass
class FuncOfCall:
    """`\\log p(w)` with p a function: the log of the call, once its argument is read."""
    name: str
    power: object
    callable: object

    def apply(self, value):
        out = _apply_func(self.name, value)
        return _power(out, _script_expr(self.power)) if self.power is not None else out


@dataclass
class Component:
    """`(…)_c` after a function's name or around a call: the c-th component of a vector-
    valued call (`\\varsigma(\\mathbf{z})_c`, `[\\sigma(\\mathbf{a})]_i`, `\\phi(z)_{A}`)."""
    group: object
    script: object
    ops: list


@dataclass
class PoweredGroup:
    """`(z)^2` right after a function name: σ(z)^2 is (σ(z))^2, never σ(z^2)."""
    group: object
    ops: list


_TEXT_COMMANDS = {"text", "textrm", "textit", "mathrm", "mathsf", "operatorname",
                  "operatorname*", "mathit", "mbox"}
# function names written as words (\operatorname{sigmoid}, \text{log}, plain `log(x)`)
WORD_FUNCTIONS = {"log": sp.log, "ln": sp.log, "exp": sp.exp, "tanh": sp.tanh,
                  "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos,
                  "sigmoid": Sigmoid, "relu": lambda x: sp.Max(0, x),
                  "ReLU": lambda x: sp.Max(0, x), "softplus": lambda x: sp.log(1 + sp.exp(x)),
                  "softmax": lambda x: _softmax(x), "Softmax": lambda x: _softmax(x),
                  "tr": Trace, "Tr": Trace, "trace": Trace, "det": Det, "diag": Diag,
                  "sign": sp.sign, "sgn": sp.sign, "erf": sp.erf, "erfc": sp.erfc}


# functions of several arguments written as words: clip(x, a, b), x held within [a, b]
# (reversed bounds have no clip: nan there, never a value two formulas could disagree on)
SEVERAL_ARGUMENTS = {"clip": (3, lambda x, low, high: sp.Piecewise(
    (sp.Min(sp.Max(x, low), high), sp.Le(low, high)), (sp.nan, True)))}


_VECTOR_NAME = re.compile(r"^\\(mathbf|boldsymbol|bm|vec)\s*\{?\s*([a-zA-Z]|\\[a-zA-Z]+)\s*\}?$")


def bold_letter(text: str) -> str | None:
    """The letter of a bold or arrowed name, `\\mathbf{x}` → x, `\\boldsymbol{\\delta}` →
    delta; None for any other spelling."""
    bold = _VECTOR_NAME.match(text)
    return bold.group(2).lstrip("\\") if bold else None


def _component(name: str, call, comp: Component):
    """The c-th component of a call. softmax's is e^{z_c} / Σ_j e^{z_j} (the components of
    a bold \\mathbf{z} written z_c, as texts do); σ's is σ(z_c), element by element (the
    softmax reading of σ(z_c) is tried where a step fails); any other function's is a name
    of its own, spelled as written (`\\varsigma(\\mathbf{z})_c`)."""
    index = comp.script.value
    if isinstance(index, list) or not isinstance(index, sp.Basic):
        raise ParseError(f"a component {comp.script.text} of a call")
    arg = call.args[0]
    bold = bold_letter(str(arg)) if isinstance(arg, sp.Symbol) else None
    if bold is None and isinstance(arg, sp.Symbol) and re.fullmatch(r"[a-zA-Z]", str(arg)):
        bold = str(arg)              # softmax(z)_k: z a vector too, its entries z_k
    sigma = isinstance(call, Sigmoid) or name in ("sigma", "sigmoid")
    if bold and (sigma or name in ("softmax", "Softmax")):
        entry = sp.IndexedBase(bold, real=True)[as_index(index)]
        value = Sigmoid(entry) if sigma else _softmax(entry)
    else:
        label = sp.latex(call)
        for kind, arg_ in comp.ops:
            if kind == "sup" and _is_label(arg_, True):
                label += f"^{{{arg_.text}}}"          # φ(z)_A^{(i)}: a sample's label
        comp = Component(comp.group, comp.script,
                         [o for o in comp.ops if not (o[0] == "sup" and _is_label(o[1], True))])
        value = sp.IndexedBase(label, real=True)[as_index(index)]
    return _resolve(value, comp.ops, frozenset()) if comp.ops else value


_TRANSPOSED_NAME = re.compile(r"^(.*)\^\{T\}$")


def _array_letter(name) -> tuple[str, bool, bool] | None:
    """(letter, is a matrix, transposed) of a name that notation makes an array: a bold
    capital or a plain capital is a matrix, an arrowed or bold lower-case letter a vector
    (`\\vec P` too); `A^T`, `\\mathbf{x}^\\top` are those transposed. None for any other
    name."""
    if not isinstance(name, sp.Symbol):
        return None
    written = _TRANSPOSED_NAME.match(name.name)
    text, transposed = (written.group(1), True) if written else (name.name, False)
    bold = bold_letter(text)
    if bold:
        return bold, bool(re.fullmatch(r"[A-Z]", bold)) and not text.startswith("\\vec"), \
            transposed
    return (text, True, transposed) if re.fullmatch(r"[A-Z]", text) else None


def _gradient_entry(inner, index):
    """`(\\frac{\\partial y}{\\partial x})_n`, `(\\nabla_{\\mathbf{x}} f)_n`: the entry n of a
    derivative by a vector is the derivative by its n-th entry x_n (as texts write the
    entries of a bold x); None for anything else (two indices: a layout to choose)."""
    if not isinstance(inner, sp.Derivative) or len(inner.variables) != 1 \
            or isinstance(index, list) or not isinstance(index, sp.Basic):
        return None
    (var,) = inner.variables
    if not isinstance(var, sp.Symbol):
        return None
    letter = bold_letter(var.name) or (var.name if re.fullmatch(r"[a-zA-Z]", var.name) else None)
    return None if letter is None else \
        sp.Derivative(inner.expr, real_base(letter)[as_index(index)])


def _linear_component(inner, index, plain_vectors: bool = False):
    """`(W \\vec P + \\vec b)_k`, `(\\mathbf{W}^\\top \\boldsymbol{\\delta})_j`,
    `[A^T + x y^T]_{ij}`: an entry of a sum of matrices, vectors and products of a matrix
    and a vector (or of a column and a row), in index notation (Σ_m W_{km} P_m + b_k; the
    entries of `\\vec P` are P_m, as texts write them). None where a term is anything else
    (a product of two matrices, whose order a commutative reading has lost; two columns).
    `plain_vectors`: a plain lower-case letter is a vector too (`s = Wx`, where s_j is
    used)."""
    if not isinstance(index, (list, sp.Basic)) or not isinstance(inner, sp.Expr):
        return None
    if plain_vectors:
        plain = {f: sp.Symbol(rf"\mathbf{{{f.name}}}", **f.assumptions0)
                 for f in inner.free_symbols if re.fullmatch("[a-z]", f.name)}
        return _linear_component(inner.xreplace(plain), index)
    at = [as_index(i) for i in index] if isinstance(index, list) else [as_index(index)]
    if len(at) > 2:
        return None
    taken = inner.free_symbols | set(at)
    m = next(s for s in map(index_symbol, ("m", "m'", "m''")) if s not in taken)
    out = []
    for term in sp.Add.make_args(sp.expand(inner)):
        factors = sp.Mul.make_args(term)           # in the written order (matrix reading)
        arrays = [_array_letter(f) for f in factors if _array_letter(f) is not None]
        coeff = sp.Mul(*[f for f in factors if _array_letter(f) is None])
        if not coeff.is_commutative or any(_TRANSPOSED_NAME.match(s.name)
                                           for s in coeff.free_symbols):
            return None                        # a transposed name of no known kind
        entry = _entry_of_term(arrays, at, m)
        if entry is None:
            return None
        out.append(coeff * entry)
    return sp.Add(*out)


def _entry_of_term(arrays: list, at: list, m):
    """The entry `at` of one term's arrays [(letter, matrix, transposed)] multiplied:
    a matrix or a vector alone, a matrix and a vector (either order of writing: the kinds
    fix the product), a column times a row; None for anything else."""
    def entry(letter, *where):
        return sp.IndexedBase(letter, real=True)[where if len(where) > 1 else where[0]]
    matrices = [a for a in arrays if a[1]]
    vectors = [a for a in arrays if not a[1]]
    if len(at) == 1 and not matrices and len(vectors) == 1 and not vectors[0][2]:
        return entry(vectors[0][0], at[0])                          # b_k
    if len(at) == 1 and len(matrices) == 1 and len(vectors) == 1 and not vectors[0][2]:
        (matrix, _, flipped), (vector, _, _) = matrices[0], vectors[0]
        return _dot(matrix, at[0], vector, m, row=not flipped)      # Σ_m W_{km} x_m
    if len(at) == 1 and len(matrices) == 1 and len(vectors) == 1:   # (x^T W)_k
        (matrix, _, flipped), (vector, _, _) = matrices[0], vectors[0]
        return _dot(matrix, at[0], vector, m, row=flipped)
    if len(at) == 2 and not vectors and len(matrices) == 1:
        matrix, _, flipped = matrices[0]
        return entry(matrix, *(reversed(at) if flipped else at))    # (A^T)_{ij} = A_{ji}
    if len(at) == 2 and not matrices and len(vectors) == 2 \
            and sorted(v[2] for v in vectors) == [False, True]:
        column, row = sorted(vectors, key=lambda v: v[2])
        return entry(column[0], at[0]) * entry(row[0], at[1])      # (x y^T)_{ij} = x_i y_j
    return None


_DELIMITERS = re.compile(r"^\s*(\\\{|\(|\[)|(\\\}|\)|\])\s*$")


def entry_in_order(expr, at: list):
    """The entry `at` ([i] or [i, j]) of a product of matrices and vectors read in matrix
    notation (factors in the written order, `^T` a transpose), or of a sum of such
    products, in index notation: (A Bᵀ)_{ij} = Σ_m A_{im} B_{jm}, (x yᵀ)_{ij} = x_i y_j,
    inner dimensions summed to n. A capital is a matrix, a bold or arrowed letter a vector
    (a bold capital a matrix), a plain Latin letter a vector where the shapes allow it
    and a number otherwise, a Greek letter a number. None for anything else."""
    if expr is None or not isinstance(expr, sp.Expr) or len(at) not in (1, 2):
        return None
    out = []
    for term in sp.Add.make_args(sp.expand(expr)):
        factors = sp.Mul.make_args(term)
        coeff = [f for f in factors if f.is_commutative]
        arrays = []
        for f in factors:
            if f.is_commutative:
                continue
            flipped = isinstance(f, Transposed)
            name = f.args[0] if flipped else f
            if not isinstance(name, sp.Symbol):
                return None
            arrays.append((name.name, flipped))
        entry = _ordered_product(arrays, at)
        if entry is None:
            return None
        out.append(sp.Mul(*coeff) * entry)
    return sp.Add(*out)


def _ordered_product(arrays: list, at: list):
    """One product's entry `at`, plain Latin letters tried as vectors, then as numbers."""
    for plain_vectors in (True, False):
        factors, numbers = [], []
        for text, flipped in arrays:
            bold = bold_letter(text)
            letter = bold or text
            # (a lower-case Greek letter transposed, δᵀX, or where the shapes allow, Wᵀδ —
            # backpropagation's δ — is a vector as a plain Latin letter is)
            greek = text.lstrip("\\") in _LOWER_GREEK and (flipped or plain_vectors)
            if bold or greek or re.fullmatch(r"[A-Z]", text) \
                    or plain_vectors and re.fullmatch("[a-z]", text):
                matrix = bool(re.fullmatch("[A-Z]", letter)) and not text.startswith("\\vec")
                factors.append((letter, matrix, flipped))
            elif not flipped and re.fullmatch(r"[a-z]+", text):     # a plain a, λ, η
                numbers.append(real_symbol(text))
            else:
                return None
        entry = _chain_entry(factors, at)
        if entry is not None:
            return sp.Mul(*numbers) * entry
    return None


_LOWER_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta",
                "mu", "nu", "xi", "rho", "tau", "phi", "varphi", "psi", "omega", "zeta"}


def _chain_entry(factors: list, at: list):
    """The entry `at` of factors [(letter, matrix, transposed)] multiplied in order; None
    where their shapes cannot chain or leave another number of free indices."""
    if not factors:
        return None
    # (rows are one, columns are one) of each factor: a column, a row, a matrix
    ones = [(False, False) if matrix else (flipped, not flipped)
            for _, matrix, flipped in factors]
    if any(a[1] != b[0] for a, b in zip(ones, ones[1:])):
        return None
    free = [not ones[0][0], not ones[-1][1]]
    if sum(free) != len(at):
        return None
    given = iter(at)
    taken = set(at)
    inner = iter(s for s in map(index_symbol, "mpqrsuv") if s not in taken)
    bounds = [next(given) if free[0] else None]
    summed = []
    for a in ones[:-1]:
        bounds.append(None if a[1] else next(inner))
        if bounds[-1] is not None:
            summed.append(bounds[-1])
    bounds.append(next(given) if free[1] else None)
    value = sp.Integer(1)
    for (letter, matrix, flipped), row, col in zip(factors, bounds, bounds[1:]):
        base = sp.IndexedBase(letter, real=True)
        value *= base[(col, row) if flipped else (row, col)] if matrix \
            else base[col if flipped else row]
    for m in summed:
        value = sp.Sum(value, (m, 1, DEFAULT_DIM))
    return value


def _dot(matrix: str, fixed, vector: str, m, row: bool = True):
    """Row `fixed` of a matrix times a vector, Σ_m A_{fixed,m} v_m (or the vector times
    column `fixed`, Σ_m v_m A_{m,fixed}), m up to the default dimension n."""
    entry = sp.IndexedBase(matrix, real=True)[(fixed, m) if row else (m, fixed)]
    return sp.Sum(entry * sp.IndexedBase(vector, real=True)[m], (m, 1, DEFAULT_DIM))


def _binds(e, var) -> bool:
    """Whether e is a sum or a product over the index var."""
    return isinstance(e, (sp.Sum, sp.Product)) and e.limits[0][0] == var


def entry_of_product(body, index):
    """The `index`-th entry of a matrix times a vector (`Wx`, `W x + b`), in index
    notation — None unless some term is such a product."""
    value = _linear_component(body, index, plain_vectors=True)
    return value if value is not None and value.has(sp.Sum) else None


def _softmax(x):
    """softmax(x_k): the k-th output of the softmax of the vector x, e^{x_k} / Σ_j e^{x_j}
    (j up to n); of anything else, a function the document has not said how to compute."""
    if isinstance(x, sp.Indexed) and len(x.indices) == 1:
        return softmax_output(x, DEFAULT_DIM)
    if _matrix_reading.get():        # a vector, its place in a product kept (s^T s ≠ s s^T)
        return sp.Function("softmax", commutative=False)(x)
    return sp.Function("softmax", real=True)(x)


# --- the transformer ---------------------------------------------------------------------

@v_args(inline=True)
class _ToSympy(Transformer_NonRecursive):     # a flat sum of 500 terms is 500 deep
    def __init__(self, text: str, functions: frozenset, atoms: dict | None = None,
                 parsed: str | None = None):
        super().__init__()
        self.text = text
        self.functions = functions
        self.atoms = atoms or {}
        self.parsed = text if parsed is None else parsed      # what the grammar read

    def in_order(self, inner: str):
        """The expression `inner` (a part of the text parsed) read in matrix notation,
        where factors keep their order; None where it is no single expression."""
        reading = _matrix_reading.set(True)
        try:
            exprs, rels = _ToSympy(inner, self.functions, self.atoms).transform(
                _lark().parse(inner))
        except (LarkError, VisitError, ParseError):
            return None
        finally:
            _matrix_reading.reset(reading)
        return exprs[0] if len(exprs) == 1 and not rels else None

    # chains and sums
    def start(self, *children):
        exprs = [finish(c) for c in children[0::2]]
        rels = [RELATIONS[c.data] for c in children[1::2]]
        return exprs, rels

    def chainrel(self, *args):
        return args

    def add(self, a, b):
        return _plus(a, finish(b))

    def sub(self, a, b):
        return _plus(a, -finish(b))

    def neg(self, a):
        return -finish(a)

    def signed(self, a):
        return a

    # products
    def product(self, *items):
        items = [i for i in items if i is not EMPTY]
        if not items:
            raise ParseError("an empty group {} where a factor should be")
        at = next((n for n, i in enumerate(items) if isinstance(i, Name)
                   and is_expectation_head(i.base)), None)
        if at is not None:          # E_{z \sim q} log p(x, z): of the factors after it
            if at == len(items) - 1:
                raise ParseError("an expectation of nothing")
            head = sp.Symbol(items[at].base)
            over = Optimum(head, finish(self.product(*items[at + 1:])), head)
            return _combine(items[:at] + [over], self.functions) if at else over
        at = next((n for n, i in enumerate(items[:-1]) if isinstance(i, Name)
                   and (i.base in VARIANCE | EXPECTED
                        or i.base == "D" and VARIANCE_D in self.functions)
                   and not i.subs and i.sup is None), None)
        if at is not None:
            # Dξ, D(cξ̄), Var(X), 𝔻ξ: the variance of the factor after it, an operator —
            # never a number D times ξ (D(cξ̄) = cDξ̄ would hold so)
            head = sp.Symbol(items[at].base)
            over = Optimum(head, finish(items[at + 1]), head)
            rest = items[at + 2:]        # (another after it: 𝔻w 𝔻x is two variances)
            return _combine(items[:at] + [over] + ([self.product(*rest)] if rest else []),
                            self.functions) if len(items) > 2 else over
        if len(items) == 1 and isinstance(items[0], (Name, PartialProduct)) \
                or len(items) == 1 and isinstance(items[0], Group) and items[0].relation is None:
            return items[0]                   # kept a Name, so `{\\mathbf{w}}_c` takes its script
        return _combine(list(items), self.functions)

    def product_over_bigop(self, *args):
        """`e^{f_k} / \\sum_j e^{f_j}`: the factors before, over the whole sum."""
        *items, spec, body = args
        return _combine(list(items) + [Divide(self.product_with_bigop(spec, body))],
                        self.functions)

    def product_with_bigop(self, *args):
        *items, (op, var, lo, hi, excluded), body = args
        if isinstance(var, tuple):          # Σ_{m,k} x_{mk}: Σ_m Σ_k x_{mk}
            body = written = finish(body).xreplace({real_symbol(v.name): v for v in var})
            for v, top in reversed(list(zip(var, hi))):
                top = _count_apart(v, written) if top is None else top
                body = (sp.Sum if op == "sum" else sp.Product)(body, (v, lo, top))
            return _combine(list(items) + [body], self.functions)
        if var is None:                     # \sum x_k: the one index of its body
            found = {i for e in finish(body).atoms(sp.Indexed) for i in e.indices
                     if isinstance(i, sp.Symbol) and i.is_integer
                     and i != (hi if hi is not None else unwritten_bound(None))}
            if len(found) != 1:
                raise ParseError(r"a \sum needs its summation index, as in \sum_j")
            var = found.pop()
        # the j of j^2 is the index; the k of k_{kl} (keys k_j summed over k) stays a name
        written = finish(body)
        body = written.xreplace({real_symbol(var.name): var,
                                 real_base(var.name): real_base(var.name)})
        if hi is None and any(real_symbol(var.name) in f.free_symbols for f in written.atoms(
                sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min, sp.Piecewise)):
            # Σ_w |w| over a network's weights: no count written, and an index's being
            # positive would drop the bars (a sum over members keeps its body as written)
            var = sp.Symbol(var.name, integer=True)
            body = written.xreplace({real_symbol(var.name): var,
                                     real_base(var.name): real_base(var.name)})
        if isinstance(excluded, Condition):         # Σ_{i : b(x_i) = y_i}
            body = body * _indicator(excluded.lhs, excluded.rel, excluded.rhs) \
                if op == "sum" else body ** _indicator(excluded.lhs, excluded.rel, excluded.rhs)
        elif excluded is not None:      # (a factor left out of a product is a factor 1)
            body = body * (1 - sp.KroneckerDelta(var, excluded)) if op == "sum" \
                else body ** (1 - sp.KroneckerDelta(var, excluded))
        # Π_i a_i Π_i b_i is (Π_i a_i)(Π_i b_i): an operator over the same index ends the
        # one before it (as a body the inner one would be a constant, raised to the n-th)
        again = [f for f in sp.Mul.make_args(body) if _binds(f, var)]
        if again and len(again) < len(sp.Mul.make_args(body)):
            body = sp.Mul(*[f for f in sp.Mul.make_args(body) if f not in again])
        if hi is None:
            hi = _count_apart(var, body)
        body = _label_entries(body, var)
        big = (sp.Sum if op == "sum" else sp.Product)(body, (var, lo, hi))
        return _combine(list(items) + [big, *again], self.functions)

    @v_args(inline=True, meta=True)
    def product_with_integral(self, meta, *args):
        """`\\int_x f(x) \\, dx`, `\\int_a^b f \\, \\mathrm{d}x`: the integral of what stands
        before the closing differential, over its variable (a subscript that is a name,
        `\\int_x`, says the variable's domain, not a bound)."""
        at = next(n for n, a in enumerate(args) if isinstance(a, Token) and a.type == "INT")
        text = self.text[meta.start_pos:meta.end_pos] if meta and not meta.empty else ""
        return _combine(list(args[:at]) + [self._integral(text, args[at + 1:-1], args[-1])],
                        self.functions)

    @v_args(inline=True, meta=True)
    def func_integral(self, meta, tok, *args):
        """`\\log \\int p(x, z)\\, \\mathrm{d}z`: the function of the whole integral."""
        at = next(n for n, a in enumerate(args) if isinstance(a, Token) and a.type == "INT")
        text = self.text[meta.start_pos:meta.end_pos] if meta and not meta.empty else ""
        value = _apply_func(str(tok)[1:], self._integral(text, args[at + 1:-1], args[-1]))
        return _power(value, _script_expr(args[0])) if at == 1 else value

    def _integral(self, text: str, scripts, body):
        """The integral of `body` read from `text`, which ends at its closing differential."""
        found = _DIFFERENTIAL_END.search(text)
        if not found:
            raise ParseError(r"an \int needs its differential at the end, as in \int f(x)\,dx")
        var = finish(_lark_name(found.group(1)))
        value = _plain_d(finish(body))
        d = next((c for c in (real_symbol("d"), real_symbol(r"\mathrm{d}"))
                  if isinstance(value, sp.Basic) and value.has(c)), real_symbol("d"))
        if isinstance(value, sp.Basic):
            # `\int f(x) \prod_{j \neq k} F(x)\, dx`: the product ends before the closing
            # differential, which its body took in as read
            value = value.replace(
                lambda e: isinstance(e, (sp.Product, sp.Sum))
                and {d, var} <= set(sp.Mul.make_args(_left_out_base(e.function))),
                lambda e: e.func(_left_out_base(e.function, d * var), *e.limits) * d * var)
        integrand = sp.cancel(value / (d * var)) if isinstance(value, sp.Basic) else None
        if integrand is None or integrand.has(d) or not isinstance(var, (sp.Symbol, sp.Indexed)):
            raise ParseError(r"an \int needs its differential at the end, as in \int f(x)\,dx")
        bounds = [_script_expr(s) for s in scripts]
        if len(bounds) == 2:
            return sp.Integral(integrand, (var, bounds[0], bounds[1]))
        if not bounds or isinstance(bounds[0], sp.Symbol):
            return sp.Integral(integrand, var)
        raise ParseError(r"an \int with one bound")

    def product_with_limit(self, *args):
        *items, (var, point), body = args
        body = finish(body)
        return _combine(list(items) + [sp.Limit(body, var, point, "+-" if point.is_finite
                                                else "+")], self.functions)

    def limop(self, _lim, letter, _to, point):
        """`\\lim_{h \\to 0}`: the variable (the real one the body uses) and the point."""
        return real_symbol(str(letter)), finish(point)

    def mulop(self, tok):
        word = str(tok).strip().lstrip("\\")
        return MulOp(word if word in ("odot", "circ", "otimes") else "")

    def mulop_neg(self, _tok, value):
        return MulNeg(value)

    def divide(self, value):
        return Divide(value)

    def divide_partial(self, _tok):
        return Divide(PartialMark())

    def partial(self, _):
        return PartialMark()

    def partial_power(self, _tok, script):
        order = _script_expr(script)
        if not (order.is_Integer and 1 <= order <= 4):
            raise ParseError(r"the order of \partial^n must be a number from 1 to 4")
        return PartialMark(int(order))

    def partial_by(self, _tok, script):
        """`\\partial_{o_j} l`, `\\nabla_w L`: ∂/∂(the one variable in the subscript)."""
        var = _script_expr(script)
        if isinstance(var, (sp.Function, sp.Pow)) and var.free_symbols:
            return DerivOp([ByValue, var])           # ∇_{W^l} C: by the value W^l, as ∂C/∂W^l
        if not isinstance(var, (sp.Symbol, sp.Indexed)):
            raise ParseError("one can only differentiate with respect to a variable")
        return DerivOp([var])

    def partial_power_by(self, tok, power, script):
        """`\\partial^2_{o_j} l`: the second derivative by the one variable below."""
        order = _script_expr(power)
        if not (getattr(order, "is_Integer", False) and 1 <= order <= 4):
            raise ParseError(r"only a \partial to a small whole power is read")
        op = self.partial_by(tok, script)
        if len(op.variables) != 1:       # (∂²_{σ(z)}: by a value, not read to a power)
            raise ParseError("one can only differentiate with respect to a variable")
        var = op.variables[0]
        return DerivOp([(var, int(order))] if order > 1 else [var])

    def partial_by_power(self, tok, script, power):
        return self.partial_power_by(tok, power, script)

    def nabla(self, tok, script=None):
        return self.partial_by(tok, script) if script is not None else Nabla()

    def nabla_power(self, tok, power, script=None):
        """∇²: the second derivative (for one variable, the Hessian and the Laplacian)."""
        if _script_expr(power) != 2:
            raise ParseError(r"only \nabla^2 of the powers of \nabla is read")
        if script is None:
            return Nabla(2)
        [var] = self.partial_by(tok, script).variables
        return DerivOp([(var, 2)])

    def nabla_below_power(self, tok, script, power):
        return self.nabla_power(tok, power, script)

    def empty_group(self, *_):
        return EMPTY

    def over(self, num, _tok, den):
        """`{a \\over b}` as `\\frac{a}{b}`: `{\\partial \\over \\partial u}` is ∂/∂u too."""
        if isinstance(num, (PartialProduct, PartialMark)):
            return _fraction(num, den)
        return sp.Mul(finish(num), sp.Pow(finish(den), -1))

    # big operators
    def bigop(self, op, *rest):
        spec = next((r for r in rest if isinstance(r, tuple)), (None, None, None))
        upper = next((r for r in rest if isinstance(r, Script)), None)
        var, lo, excluded, *counted = spec
        if counted and upper is None:        # Σ_{i ∈ B}: over the |B| members of B
            return (op.value[1:], var, sp.Integer(1), counted[0], excluded)
        if isinstance(var, tuple):          # Σ_{m,k}: each index over its own range
            return (op.value[1:], var, sp.Integer(1), tuple(
                _script_expr(upper) if upper is not None else None for _ in var), None)
        # (no count written: None, the count its body leaves for it — `_count_apart`)
        hi = _script_expr(upper) if upper is not None else None
        if isinstance(hi, sp.Symbol) and not hi.is_integer:
            hi = index_symbol(hi.name)
        return (op.value[1:], var, lo if lo is not None else sp.Integer(1), hi, excluded)

    def limit_var(self, letter):
        return (index_symbol(str(letter)), None, None)

    def limit_vars(self, *letters):
        return (tuple(index_symbol(str(t)) for t in letters), None, None)

    def limit_from(self, letter, lo):
        return (index_symbol(str(letter).lstrip("\\")), as_index(finish(lo)), None)

    def limit_from_except(self, letter, lo, again, _neq, other):
        if str(again) != str(letter):
            raise ParseError(r"a \sum_{j=1, k \neq i} names two summation indices")
        return (index_symbol(str(letter)), as_index(finish(lo)), as_index(finish(other)))

    def limit_where(self, letter, a, rel, b):
        """Σ_{i : y_i = 1}: the i that meet the condition, each term times its indicator."""
        return (index_symbol(str(letter)), None, Condition(finish(a), rel, finish(b)))

    def limit_in(self, letter, _in, members):
        """Σ_{i ∈ B} (`\\sum_{i \\in \\mathcal{B}}`): i over the members of a set, 1 … |B|."""
        return (index_symbol(str(letter)), None, None, cardinality(str(members)))

    def limit_in_scripted(self, letter, _in, members, script, mark="_"):
        """Σ_{j ∈ Ω_i}, Σ_{i ∈ Ω^j}: over the members of a set with a script of its own."""
        return (index_symbol(str(letter)), None, None,
                cardinality(f"{members}{mark}{{{script.text}}}"))

    def limit_in_topped(self, letter, _in, members, script):
        return self.limit_in_scripted(letter, _in, members, script, "^")

    def limit_except(self, letter, _neq, other):
        return (index_symbol(str(letter)), None, as_index(finish(other)))

    def limit_sub(self, spec):
        return spec

    def limit_stack(self, _substack, *specs):
        specs = [s for s in specs if isinstance(s, tuple)]
        var = specs[0][0]
        lo = next((s[1] for s in specs if s[1] is not None), None)
        excluded = next((s[2] for s in specs if s[2] is not None), None)
        if any(s[0] != var for s in specs):
            raise ParseError(r"\substack rows name different summation indices")
        return (var, lo, excluded)

    # scripts
    @v_args(inline=True, meta=True)
    def script_letter(self, meta, tok):
        if str(tok) == "e":          # H_e, the entropy in nats: Euler's e names, never indexes
            return Script("e", real_symbol("e"), label=True)
        return Script(str(tok), real_symbol(str(tok)))

    def script_number(self, tok):
        return Script(str(tok), sp.Integer(int(tok)))

    def script_greek(self, tok):
        return Script(str(tok), real_symbol(str(tok)[1:]))

    def script_infinity(self, _):
        return Script(r"\infty", sp.oo)

    def script_prime(self, _):
        return Script("'", "prime")

    def script_named(self, tok):
        name = _named_text(str(tok))
        return Script(name, real_symbol(name), label=True)

    def script_transpose(self, *_):
        return Script("T", real_symbol("T"))

    def script_frac(self, _tok, num, den):                  # x^\\frac{3}{2}
        return Script("frac", finish(_fraction(num, den)))

    def script_relation(self, a, rel, b):
        return Script("condition", Condition(finish(a), rel, finish(b)))

    def script_empty(self, *_):
        return Script("", None)            # `y^{\\,}`: padding, no script at all

    def script_star(self, tok):
        if str(tok) not in ("*", "\\star"):
            raise ParseError(f"cannot use {tok} as a script")
        return Script("*", real_symbol("*"), label=True)     # b_*: the optimal b

    def script_prime_braced(self, _):
        return Script("'", "prime")

    @v_args(inline=True, meta=True)
    def script_group(self, meta, body):
        text = self.text[meta.start_pos + 1:meta.end_pos - 1] if meta and not meta.empty \
            else ""
        if body == "prime" or isinstance(body, Script) and body.value == "prime":
            return Script("'", "prime")                      # ^{\prime}, as ^\prime
        if body is _RANGE or isinstance(body, list) and _RANGE in body:
            # x_{1:d}, y_{d+1:D}: the entries from one index to another, one name
            name = re.sub(r"\s+", "", text)
            return Script(name, real_symbol(name), label=True)
        if _WORDED_SCRIPT.fullmatch(text):       # n_{\\text{in}}: a label, as n_\\text{in} is
            name = _named_text(text.strip())
            return Script(name, real_symbol(name), label=True)
        return Script(text, body)

    def slice_all(self):
        return SLICE

    def slice_range(self, *_):
        return _RANGE          # (the text of the script names it)

    def script_body(self, *exprs):
        values = [finish(e) for e in exprs]
        return values[0] if len(values) == 1 else values

    def subscript(self, script):
        return ("sub", script)

    def superscript(self, script):
        if isinstance(script, Script) and script.text.replace(" ", "") == "-T" \
                and _matrix_reading.get():
            return self.superscript_inverse_transposed(None)        # R^{-T} (not e^{-T})
        return ("sup", script)

    def superscript_negated(self, script):
        """`e^-x`, `(1 + e^-x)^2`: the exponent typed without its braces, −x as meant."""
        if not isinstance(script, Script) or not isinstance(script.value, sp.Basic) \
                or script.label:
            raise ParseError(f"unexpected '-' after ^")
        return ("sup", Script(f"-{script.text}", -script.value))

    def superscript_inverse_transposed(self, _tok):
        """`R^{-\\top}`, `R^{-T}`: the inverse of the transpose, (R^T)^{-1}."""
        return [("sup", Script("T", real_symbol("T"))), ("sup", Script("-1", sp.Integer(-1)))]

    @v_args(inline=True, meta=True)
    def superscript_transposed(self, meta, body, _tok):
        """`W^{(2)\\top}`: the label, then the transpose, as `{W^{(2)}}^\\top` writes them."""
        label = self.text[meta.start_pos:meta.end_pos]
        label = label[label.index("{") + 1:label.rindex("\\")]
        return [("sup", Script(label, body)), ("sup", Script("T", real_symbol("T")))]

    def prime(self, tok):
        return ("prime", len(str(tok)))

    def sign_superscript(self, tok):
        sign = "+" if "+" in str(tok) else "-"          # s^+: the positive one, a name
        return ("sup", Script(sign, real_symbol(sign), label=True))

    def sign_subscript(self, tok):
        sign = "+" if "+" in str(tok) else "-"          # s_+: the positive pair's, a name
        return ("sub", Script(sign, real_symbol(sign), label=True))

    # primaries
    def number(self, tok):
        text = str(tok).replace("{,}", ".")
        return sp.Rational(text) if "." in text else sp.Integer(int(text))

    def digit_arg(self, tok):
        return sp.Integer(int(tok))

    def letter(self, tok):
        return Name(str(tok))

    def greek(self, tok):
        return Name(str(tok)[1:])

    def named(self, tok):
        text = _named_text(str(tok))
        if text == "d" and _matrix_reading.get() and _UPRIGHT_D.match(str(tok)):
            return DiffMark()
        return Name(text, word=len(text) > 1 and text.isalpha() and not text.startswith("\\"))

    def atom(self, tok):
        spelled = self.atoms[int(str(tok)[2:].strip())]
        if _matrix_reading.get():
            value = _matrix_atom(spelled, self.functions)
            if value is not None:
                return value
        density = _normal_density(spelled, self.functions)
        return density if density is not None else Name(spelled)

    def infinity(self, _):
        return sp.oo

    def ellipsis(self, _):
        return ELLIPSIS

    def product_with_optimum(self, *args):
        """`\\argmax_w L(w)`, `\\max_D V(D, G)`: the optimum of what follows over the
        subscript's variable, a factor of what stands before."""
        *items, tok, script, body = args
        var = script.value
        if isinstance(var, list) or not isinstance(var, (sp.Symbol, sp.Indexed)):
            var = sp.Tuple(*var) if isinstance(var, list) else var
        kind = str(tok).lstrip("\\")
        optimum = Optimum(sp.Symbol(kind), finish(body), var)
        return _combine(list(items) + [optimum], self.functions) if items else optimum

    # a matrix written out
    def cell(self, e):
        return finish(e)

    def cell_dots(self, _):
        return ELLIPSIS

    def cell_empty(self):
        return None

    def matrix_row(self, *cells):
        return [c for c in cells if not isinstance(c, Token)]

    def matrix(self, _begin, *rest):
        return _written_matrix([r for r in rest if isinstance(r, list)])

    @v_args(inline=True, meta=True)
    def paren(self, meta, *args):
        body = [a for a in args if not isinstance(a, Token)][0]
        if isinstance(body, Group) and len(body.entries) == 1 and body.relation is None \
                and meta and not meta.empty and not _matrix_reading.get():
            inner = _DELIMITERS.sub("", self.parsed[meta.start_pos:meta.end_pos])
            body.ordered = lambda: self.in_order(inner)
        return body

    @v_args(inline=True, meta=True)
    def bracket(self, meta, *args):
        """[…] groups as (…) does; around a relation it is Iverson's indicator."""
        body = self.paren(meta, *args)
        if isinstance(body, Group) and body.relation is not None:
            return _conditions_indicator(body.relation)
        return body

    def group_body(self, *exprs):
        return Group([finish(e) for e in exprs])

    def relation_group(self, a, rel, b):
        return Group([], (finish(a), rel, finish(b)))

    def relations_group(self, *args):
        """`(m = k, n = l)`: conditions that all hold, as an indicator's argument."""
        return Group([], (AND, [(finish(a), rel, finish(b))
                                for a, rel, b in zip(args[::3], args[1::3], args[2::3])]))

    def relop_eq(self, *_):
        return "="

    def relop_ne(self, *_):
        return "!="

    def relop_lt(self, *_):
        return "<"

    def relop_gt(self, *_):
        return ">"

    def relop_le(self, *_):
        return "<="

    def relop_ge(self, *_):
        return ">="

    def brace(self, expr):
        # {\mathbf{w}}_c: a name; \frac{\partial}{{\partial z}}: the ∂ kept for the fraction
        # \phi{(z)}: the parenthesis kept, for a call
        return expr if isinstance(expr, (Name, PartialProduct, PartialMark, Group)) \
            else finish(expr)

    def absolute(self, _l, expr, _r):
        inner = finish(expr)
        if isinstance(inner, sp.Symbol) and _SET_NAME.match(inner.name):
            return cardinality(inner.name)     # |\mathcal{B}|: the count of a set
        return sp.Abs(inner)

    def evaluated(self, _o, expr, _c, script):
        """`\\left. \\frac{d}{dz} σ(z) \\right|_{z=0}`: the expression at that point."""
        at = script.value
        if not isinstance(at, Condition) or at.rel != "=" or not isinstance(at.lhs, sp.Symbol):
            raise ParseError("an evaluation bar needs its point, as in _{x=0}")
        return sp.Subs(finish(expr), at.lhs, at.rhs)

    def frac(self, _tok, num, den):
        return _fraction(num, den)

    def frac_digits(self, tok):
        """`\\frac12`: TeX takes one digit for each argument."""
        num, den = re.findall(r"[0-9]", str(tok))
        return sp.Rational(int(num), int(den))

    def sqrt(self, _tok, *args):
        if len(args) == 2:
            return sp.root(finish(args[1]), finish(args[0]))
        return sp.sqrt(finish(args[0]))

    def func_bigop(self, tok, *args):
        """\\log \\sum_j e^{f_j}: the function of the whole sum."""
        power = args[0] if len(args) == 3 else None
        (op, var, lo, hi, excluded), body = args[-2], args[-1]
        inner = self.product_with_bigop((op, var, lo, hi, excluded), body)
        value = _apply_func(str(tok)[1:], inner)
        return _power(value, _script_expr(power)) if power is not None else value

    def func(self, tok, *args):
        name = str(tok)[1:]
        power = args[0] if len(args) == 2 else None
        arg = args[-1]
        if isinstance(arg, Callable) and not arg.primes:   # \\log p(w): wait for (w)
            return FuncOfCall(name, power, arg)
        if isinstance(arg, Name) and (_dependence_of(arg.base, self.functions) is not None
                                      or _plain_letter(arg) and arg.sup is None):
            return FuncOfCall(name, power, arg)            # \\tanh u(x): wait for (x)
        if isinstance(arg, PoweredGroup):              # \\ln(x)^2 is (ln x)^2
            value = _resolve(_apply_func(name, arg.group), arg.ops, frozenset())
            return _power(value, _script_expr(power)) if power is not None else value
        value = _apply_func(name, arg)
        if power is not None:
            value = _power(value, _script_expr(power))
        return value

    def func_prime(self, tok, primes, arg):
        """`\\tanh'(a)`: the derivative of the named function, at its argument."""
        name = str(tok)[1:]
        group, ops = (arg.group, arg.ops) if isinstance(arg, PoweredGroup) else (arg, [])
        t = sp.Dummy("t", real=True)          # (at t: \\tanh(0) would already be 0)
        value = _apply_func(name, t)
        if not (isinstance(value, sp.Function) and len(value.args) == 1) \
                or isinstance(group, Group) and (len(group.entries) != 1 or group.relation):
            raise ParseError(f"\\{name}' needs one argument")
        value = sp.diff(value, t, len(str(primes))).xreplace({t: finish(group)})
        return _resolve(value, ops, frozenset()) if ops else value

    def postfix(self, primary, *ops):
        if ops and isinstance(ops[-1], Token) and ops[-1].type == "FACTORIAL":
            arg = finish(_resolve(primary, list(ops[:-1]), self.functions))
            if isinstance(arg, sp.Basic) and arg.is_number and (
                    not arg.is_Integer or abs(arg) > MAX_FACTORIAL):
                raise ParseError(f"{sp.latex(arg)}! is more than this checker reads "
                                 f"(a whole number up to {MAX_FACTORIAL})")
            return sp.factorial(arg)
        flat = [o for op in ops for o in (op if isinstance(op, list) else [op])]
        return _resolve(primary, flat, self.functions)


# --- meaning -------------------------------------------------------------------------------

MAX_FACTORIAL = 1000      # n! of a number is computed as it is read: hostile input is not
_WORDED_SCRIPT = re.compile(r"\s*\\(?:text|textrm|mathrm|operatorname|mathit|rm)\s*\{[^{}]*\}\s*")


# the variance and covariance as written: an operator on what follows, like E
VARIANCE = frozenset({"Var", "var", "Cov", "cov", "\\mathbb{D}", "\\mathbb{V}", "\\mathrm{D}",
                      "\\mathsf{D}"})
# the expectation as Russian and probability texts set it (`\\mathsf{E}Y`, `\\mathsf{M}X`): an
# operator on the factor after it as the variance is (\\mathbb{E} is read as an atom)
EXPECTED = frozenset({"\\mathsf{E}", "\\mathsf{M}", "\\mathbb{M}"})


def _named_text(tok: str) -> str:
    """`\\mathrm{softmax}` → softmax, `\\text{log}` → log; a decorated letter keeps its
    decoration as part of the name: `\\hat{y}`, `\\mathbf{x}`, `\\vec{a}`."""
    m = re.match(r"\\([a-zA-Z]+\*?)\s*(?:\{\s*(.*?)\s*\}|(.*))$", tok, re.S)
    command, inner = m.group(1), (m.group(2) if m.group(2) is not None else m.group(3)).strip()
    # (`\\mathbf {\\bar y}`: the inner decoration's letter braced, never run into it: \\bary)
    inner = re.sub(r"^(\\(?:hat|bar|tilde|vec|dot|ddot|check|breve|widehat|widetilde|overline))"
                   r"\s+([a-zA-Z])$", r"\1{\2}", inner)
    inner = inner.replace(" ", "")
    # (`\hat{\boldsymbol\beta}`, `\hat{\mathbf w}`: the inner decoration's letter unbraced)
    inner = re.sub(r"^(\\[a-zA-Z]+?)(\\[a-zA-Z]+|(?<=[a-z])[a-zA-Z0-9])$",
                   lambda m: f"{m.group(1)}{{{m.group(2)}}}", inner) \
        if re.fullmatch(r"\\(mathbf|boldsymbol|bm|mathrm|mathcal|vec)(\\[a-zA-Z]+|[a-zA-Z0-9])",
                        inner) else inner
    if command in _TEXT_COMMANDS and inner == "D":
        return "\\mathrm{D}"          # an upright D: the variance (Russian texts), not D
    if command in ("mathsf", "mathrm", "operatorname") and inner in ("E", "M"):
        return f"\\mathsf{{{inner}}}"  # an upright E or M: the expectation, not E or M
    if command in _TEXT_COMMANDS and (len(inner) > 1 or command != "mathbf"):
        return inner
    return f"\\{command}{{{inner}}}"


@dataclass
class Series:
    """`a_1 + a_2 + \\dots + a_n` as written, its terms in order, until it is read as a sum."""
    terms: list


def _plus(a, b):
    """a + b, the terms kept in order until the sum is finished: SymPy's Add sorts them
    (an ellipsis needs their order) and rebuilding it at every + is quadratic."""
    return Series((a.terms if isinstance(a, Series) else [finish(a)]) + [b])


def _series_sum(terms: list):
    """`x_1 + x_2 + \\dots + x_n` → Σ_{k=1}^{n} x_k: the pattern of the terms written before
    the ellipsis and the one after it, found by the index that counts up; `w_{i1} x_1 +
    \\dots` (no last term) runs to an upper bound the text leaves open (OPEN_END). Where no
    pattern fits, the ellipsis stays a name of its own (a step with it is not decided)."""
    at = terms.index(ELLIPSIS)
    before = [t for part in terms[:at] for t in sp.Add.make_args(part)]
    after = terms[at + 1:]
    if ELLIPSIS in after or not before:
        return sp.Add(*terms)
    k = sp.Dummy("k", integer=True)
    last = after[0] if after else None
    for pattern, lo, hi in _patterns(before, last, k):
        run = [pattern.xreplace({k: lo + m}) for m in range(len(before))]
        used = [t for t in before if t in run]
        if not used or run[:len(used)] != sorted(used, key=run.index):
            continue
        rest = [t for t in before if t not in used] + (after[1:] if last is not None else [])
        index = index_symbol(f"k_{{{len(terms)}}}")
        return sp.Sum(pattern.xreplace({k: index}), (index, lo, hi)) + sp.Add(*rest)
    powers = _power_run(before, after)
    if powers is not None:
        base, lo, hi = powers
        index = index_symbol(f"k_{{{len(terms)}}}")
        return sp.Sum(base ** index, (index, lo, hi))
    return sp.Add(*terms)


def _power_run(before: list, after: list):
    """(base, lowest power, highest) of `β^{t-1} + β^{t-2} + ⋯ + β + 1` or `1 + x +
    x^2 + … + x^n`: every term a power of one base (b itself the first, 1 the zeroth),
    the powers one apart throughout and in one direction — the geometric series as
    written; None for any other run of terms."""
    terms = before + after
    bases = {t.base for t in terms if isinstance(t, sp.Pow) and not t.base.is_number}
    if len(bases) != 1 or len(before) + min(len(after), 1) < 3 or not after:
        return None
    (base,) = bases

    def power(t):
        if t == base:
            return sp.S.One
        if t == 1:
            return sp.S.Zero
        return t.exp if isinstance(t, sp.Pow) and t.base == base else None
    before_powers, after_powers = [power(t) for t in before], [power(t) for t in after]
    if None in before_powers + after_powers:
        return None
    step = sp.expand(before_powers[1] - before_powers[0]) if len(before) > 1 \
        else sp.expand(after_powers[1] - after_powers[0]) if len(after) > 1 else None
    if step not in (1, -1):
        return None
    for run in (before_powers, after_powers):
        if any(sp.expand(b - a) != step for a, b in zip(run, run[1:])):
            return None
    first, last = before_powers[0], after_powers[-1]
    if not sp.expand((last - first) * step).is_nonnegative and not (
            sp.expand((last - first) * step).free_symbols):
        return None
    return (base, first, last) if step == 1 else (base, last, first)


def run_of(before: list, last, k):
    """(pattern in k, first value, last value) of terms written `before` an ellipsis and
    the `last` one after it (`x_1, x_2, \\dots, x_n` → x_k, 1, n), or None: the reading of
    every ellipsis, in a sum or in a matrix written out."""
    for pattern, lo, hi in _patterns(before, last, k):
        run = [pattern.xreplace({k: lo + m}) for m in range(len(before))]
        if run == before:
            return pattern, lo, hi
    return None


def _patterns(before: list, last, k):
    """(pattern in k, first value, last value) candidates: with a last term, its symbolic
    index (n, C-1) made k and matched against a term before; without one, the smallest
    integer index of a term made k, up to OPEN_END."""
    def with_index(term, old):
        return term.xreplace({e: e.func(e.base, *[k if i == old else i for i in e.indices])
                              for e in term.atoms(sp.Indexed) if old in e.indices})
    if last is not None:
        for hi in {i for e in last.atoms(sp.Indexed) for i in e.indices if not i.is_Integer}:
            pattern = with_index(last, hi)
            for term in before:
                for lo in {i for e in term.atoms(sp.Indexed) for i in e.indices if i.is_Integer}:
                    if pattern.xreplace({k: lo}) == term:
                        yield pattern, lo, hi
        return
    ints = sorted({i for t in before for e in t.atoms(sp.Indexed) for i in e.indices
                   if i.is_Integer})
    if ints:
        for term in before:
            pattern = with_index(term, ints[0])
            if pattern != term:
                yield pattern, ints[0], OPEN_END


def _sum_scopes(terms: list) -> list:
    """`\\sum_{i=1}^n t_i \\log y_i + (1-t_i) \\log(1-y_i)`: terms after a sum that use its
    index, and come before any term that does not, are read inside it, as the writer means
    (the index has no value outside the sum). A term before the sum that uses the same
    letter free means the letter is free: then nothing is moved."""
    out: list = []
    for term in terms:
        if out and isinstance(out[-1], Optimum) and not out[-1].kind.startswith("\\") \
                and _mentions_variable(term, out[-1].variable):
            # `\max_θ \log p(θ) + \log p(y | θ)`: the operator takes the whole sum after it
            # that depends on its variable, as the writer means
            best = out[-1]
            out[-1] = Optimum(best.args[0], best.objective + term, best.variable)
            continue
        big = _lone_sum(out[-1]) if out else None
        if big is not None and big.variables[0] in getattr(term, "free_symbols", ()) \
                and not any(big.variables[0] in t.free_symbols for t in out[:-1]):
            coeff = out[-1] / big
            out[-1] = coeff * sp.Sum(big.function + term, *big.limits)   # -Σ a + b: -Σ(a+b)
            continue
        out.append(term)
    return out


def _mentions_variable(term, variable) -> bool:
    """Whether a term depends on an optimum's variable (θ, or one of (w, b)): writes it,
    or an atom kept whole writes it inside (`p(y \\mid θ, X)`)."""
    names = variable.args if isinstance(variable, sp.Tuple) else (variable,)
    free = getattr(term, "free_symbols", set())
    spelled = [re.compile(("" if sp.latex(v).startswith("\\") else r"(?<![a-zA-Z])")
                          + re.escape(sp.latex(v)) + r"(?![a-zA-Z])") for v in names]
    return any(v in free for v in names) or any(
        "(" in s.name and any(p.search(s.name) for p in spelled)
        for s in free if isinstance(s, sp.Symbol))


def _lone_sum(term):
    """The one Σ of a term `c · Σ_i f_i` (c free of i), else None."""
    sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
    if len(sums) != 1 or len(sums[0].limits) != 1:
        return None
    rest = term / sums[0]
    return sums[0] if sums[0].variables[0] not in rest.free_symbols else None


def finish(x):
    """A transformer result as a SymPy expression (names resolved, groups unwrapped)."""
    if isinstance(x, Series):
        if any(isinstance(t, sp.MatrixBase) for t in x.terms):
            return _matrix_sum(x.terms)
        return _series_sum(x.terms) if ELLIPSIS in x.terms else sp.Add(*_sum_scopes(x.terms))
    if isinstance(x, Name):
        return _name_value(x)
    if isinstance(x, Group):
        if len(x.entries) > 1 and x.relation is None and all(
                isinstance(e, sp.Expr) and not isinstance(e, sp.MatrixBase)
                and e is not ELLIPSIS for e in x.entries):
            # `(0.5, -1) - 0.1 \cdot (-2, -1)`, `(2;\ 1)`: a vector written as a tuple,
            # read as the column a pmatrix writes (one elided, (s_1, …, s_K), stays a list)
            return sp.ImmutableMatrix([[e] for e in x.entries])
        if x.relation is not None or len(x.entries) != 1:
            raise ParseError("a list or a relation cannot stand here")
        return x.entries[0]
    if isinstance(x, PoweredGroup):
        return _resolve(finish(x.group), x.ops, frozenset())
    if isinstance(x, Component):
        inner = finish(x.group)
        if isinstance(inner, sp.Function) and len(inner.args) == 1:
            return _component(str(inner.func), inner, x)      # [σ(a)]_i
        if _matrix_reading.get():
            # read in index notation by the scalar reading (in the order written), which
            # a step with nothing else of matrix notation left then keeps
            raise ParseError("an entry of a matrix expression")
        value = _linear_component(inner, x.script.value)      # (W \vec P + \vec b)_k
        if value is None and getattr(x.group, "ordered", None) is not None:
            value = entry_in_order(x.group.ordered(), _indices(x.script))   # (AB)_{ij}
        if value is None:
            value = _gradient_entry(inner, x.script.value)    # (∂y/∂x)_n
        if value is None or x.ops:
            raise ParseError("a subscript on an expression")
        return value
    if isinstance(x, FuncOfCall):
        return x.apply(_name_value(x.callable) if isinstance(x.callable, Name)
                       else _bare(x.callable))
    if isinstance(x, Callable):
        return _bare(x)
    if isinstance(x, (DerivOp, PartialMark, PartialProduct, MulOp, Divide)):
        raise ParseError("a derivative operator has nothing to differentiate")
    if isinstance(x, tuple):
        raise ParseError("unexpected structure")
    return x


def _matrix_sum(terms: list):
    """Matrices written out, added entry by entry: only to one of their own shape."""
    terms = [finish(t) for t in terms]
    shapes = {t.shape if isinstance(t, sp.MatrixBase) else None for t in terms}
    if len(shapes) != 1 or None in shapes:
        raise ParseError("a matrix written out added to something of another shape")
    return sp.ImmutableMatrix(sp.Add(*terms))


def _bare(c: "Callable"):
    """σ, σ', f' with no argument: a name (`sigma'`), which the checker reads as the
    document's one-argument function at its argument (Scope.function_bodies)."""
    if c.subs and c.primes:
        # x'_j: the entries of another vector x′ (a second point, a primed index's own
        # array), never a derivative — nothing it could be taken at is written
        base = sp.IndexedBase(c.name + "'" * c.primes, **(
            {"commutative": False} if _matrix_reading.get() else {"real": True}))
        entry = sp.Indexed(base, *c.subs)
        return entry if c.power is None else _power(entry, c.power)
    if c.subs:
        # σ_i with no argument beside σ(z): the entry of a family the text names so
        # (`write $\sigma_i = \sigma(w^T x_i)$`, σ_1 and σ_2 of two Gaussians)
        base = sp.IndexedBase(c.name, **({"commutative": False} if _matrix_reading.get()
                                          else {"real": True}))
        entry = sp.Indexed(base, *c.subs)
        return entry if c.power is None else _power(entry, c.power)
    name = real_symbol(c.name + "'" * c.primes)
    return name if c.power is None else _power(name, c.power)      # σ^2: a power kept


def _script_expr(script: Script):
    if script.value == "prime" or isinstance(script.value, list):
        raise ParseError(f"cannot use ^{{{script.text}}} as an exponent")
    return script.value


def as_index(e):
    if isinstance(e, sp.Symbol) and not e.is_integer:
        return index_symbol(e.name)
    if is_sample(e) and not e.is_integer:                   # y^{(i)} of I(y^{(i)} = j)
        return sp.IndexedBase(e.base.label.name, integer=True, positive=True)[e.indices]
    return e.xreplace({s: index_symbol(s.name) for s in e.free_symbols if not s.is_integer}) \
        if isinstance(e, sp.Basic) else e


def _label_against_zero(written, index):
    """The label of `1_{y_i = 0}`: a whole number that may be 0 (as an index, y_i would be
    positive, and the indicator 0 by its form)."""
    if isinstance(written, sp.Indexed) and index.is_Symbol and index.is_positive \
            and not written.is_integer:
        return sp.Symbol(index.name, integer=True, nonnegative=True)
    if is_sample(written) and isinstance(index, sp.Indexed):
        return sp.IndexedBase(index.base.label.name, integer=True, nonnegative=True)[
            index.indices]
    return index


# a label's entry as an indicator reads it (`1_{y_i = k}`: one name `y[i]`, so that the
# index positions and cases of w_{y_i} see it as one) — under a Σ_i, the entry again
_LABEL_ENTRY = re.compile(r"^(.+)\[([a-zA-Z])\]$")


def _label_entries(body, var):
    """The body of a Σ_i (Π_i) with each label `y[i]` of an indicator there an entry of
    the family again: Σ_i 1_{y_i = 1} counts the i with y_i = 1, never N times one."""
    if not isinstance(body, sp.Basic):
        return body
    # (only a label compared with a number, as a count is: y_i as a position, W_{y_i} or
    # j ≠ y_i, is one member whose cases the checker places)
    against = {a for d in body.atoms(sp.KroneckerDelta) if any(x.is_number for x in d.args)
               for a in d.args if isinstance(a, sp.Symbol)}
    elsewhere = {a for d in body.atoms(sp.KroneckerDelta) if not any(x.is_number for x in d.args)
                 for a in d.args} | {i for e in body.atoms(sp.Indexed) for i in e.indices}
    found = {s: sp.IndexedBase(m.group(1), integer=True, **(
                {"positive": True} if s.is_positive else {"nonnegative": True}))[var]
             for s in against - elsewhere if s.is_integer
             and (m := _LABEL_ENTRY.match(s.name)) and m.group(2) == var.name}
    return body.xreplace(found) if found else body


_INDEX_TOKEN = re.compile(r"([a-zA-Z])(?:_\{?([a-zA-Z0-9])\}?)?")


def _indices(script: Script) -> list:
    """x_i → [i]; w_{jk} → [j, k]; w_{i1} → [i, 1]; x_{i,j} → [i, j]; x_{12} → [12];
    z_{i+1} → [i + 1]."""
    v = script.value
    if isinstance(v, Condition):
        raise ParseError("a relation as a subscript (only an indicator 1_{i=j} reads so)")
    if isinstance(v, list):
        # (W_{2,kj}: the layer's 2, then the entry's k and j — two letters are two indices
        # there as in w_{jk}, never the product kj)
        parts = script.text.strip().strip("{}").replace(" ", "").split(",")
        if len(parts) != len(v):
            return [as_index(e) for e in v]
        return [i for e, part in zip(v, parts)
                for i in ([index_symbol(ch) for ch in part]
                          if re.fullmatch(r"[a-zA-Z]{2,3}", part) and part not in WORD_NAMES
                          else [as_index(e)])]
    tokens = script.text.strip().strip("{}").split()
    if isinstance(v, sp.Mul) and 1 < len(tokens) == len(v.args) \
            and all(_INDEX_TOKEN.fullmatch(t) for t in tokens):
        # P_{n c_n}: the entry of row n at the class c_n of example n — indices written
        # apart, one an entry of its own, never the product n·c_n
        factors = {str(a): a for a in v.args}
        written = [_INDEX_TOKEN.sub(lambda m: m.group(1) + (f"[{m.group(2)}]" if m.group(2)
                                                            else ""), t) for t in tokens]
        if set(written) == set(factors):
            return [as_index(factors[w]) for w in written]
    text = script.text.replace(" ", "")
    if text in WORD_NAMES:                                   # L_{reg}, a_{true}: a label
        return [index_symbol(text)]
    if re.fullmatch(r"[a-zA-Z0-9]{2,4}", text) and re.search("[a-zA-Z]", text):
        return [sp.Integer(ch) if ch.isdigit() else index_symbol(ch) for ch in text]   # w_{i1}
    return [as_index(v)]


def _decay_power(name, script: Script) -> bool:
    """β_1^t, γ_2^{t-1}: a Greek rate numbered by a digit, to a power that counts steps —
    never a label (layers are l and L, iterates are written on Latin names)."""
    return name.base in ("beta", "gamma", "rho", "alpha", "lambda", "mu") \
        and len(name.subs) == 1 and getattr(name.subs[0], "is_Integer", False) \
        and bool(re.fullmatch(r"\s*\{?\s*[tkn](\s*[-+]\s*(\d|[a-z]))?\s*\}?\s*", script.text))


def _is_label(script: Script, indexed: bool) -> bool:
    if script.value == "prime" or _matrix_reading.get() and script.text.strip() in _TRANSPOSE:
        return False
    if _PAREN_LABEL.match(script.text) or isinstance(script.value, list):
        return True         # (b^{L,L+1}: a list above a name is no power — a label)
    return indexed and bool(_LABEL.match(script.text)) or script.text.strip() in ("T", r"\top")


def _resolve(primary, ops, functions):
    """Attach scripts and primes to a primary; names stay Names until the product."""
    if isinstance(primary, DiffMark):
        if not ops or [k for k, _ in ops] == ["sub"]:
            # `\\mathrm{d}_w f`: the differential of f as w varies — which names vary is
            # what the step's own dw says (matrices.varying), as for a plain d
            return primary
        primary = Name("d")                       # \\mathrm{d}^2 of d^2/dx^2: a name
    if isinstance(primary, (DerivOp, PartialMark, PartialProduct, Group, FuncOfCall)) \
            and not ops:
        return primary
    if isinstance(primary, Group) and ops and all(k == "sup" for k, _ in ops) \
            and primary.relation is None:
        return PoweredGroup(primary, ops)
    if isinstance(primary, Group) and ops and ops[0][0] == "sub" and primary.relation is None \
            and isinstance(ops[0][1], Script) and ops[0][1].value is not None:
        named = _named_matrix(primary)
        if named is not None and named.word:    # (X^T)_{ji}: the entry (i, j) of X
            indices = _indices(ops[0][1])
            if len(indices) != 2:
                raise ParseError("an entry of a transposed matrix needs two indices")
            entry = Name(named.base, subs=list(reversed(indices)))
            return _resolve(entry, ops[1:], functions)
        if named is not None:               # (W_1)_{ij}: an entry of the matrix W_1
            return _resolve(named, ops, functions)
        return Component(primary, ops[0][1], ops[1:])
    if isinstance(primary, Name) and primary.base == ONES and not ops:
        return Callable(ONES)                   # 𝟙(y_i = k): an indicator, else 1
    if isinstance(primary, Name) and primary.base in _INDICATOR_ONES and ops \
            and ops[0][0] == "sub" and isinstance(ops[0][1].value, Condition):
        primary = Name(ONES)                    # \\mathbf{1}_{i=k}, \\mathbb{I}_{z \\neq g}: 𝟙
    if not isinstance(primary, Name) or primary.base == ONES:
        value = finish(primary) if not isinstance(primary, Name) else sp.Integer(1)
        if value == 1 and ops and ops[0][0] == "sub" and isinstance(ops[0][1].value, Condition):
            value, ops = ops[0][1].value.indicator(), ops[1:]       # 1_{i=j}: δ_ij
        for kind, arg in ops:
            if kind == "sup":
                if arg.value == "prime":
                    value = _primed(value)
                    continue
                value = _power(value, _script_expr(arg))
            elif kind == "prime":
                value = _primed(value, arg)
            elif isinstance(value, sp.Pow) and isinstance(value.base, Norm) \
                    and arg.text.strip() == "2":
                continue                                # ‖x‖^2_2: the 2-norm, squared
            else:
                raise ParseError("a subscript on an expression")
        return value
    name = primary
    pending_sups = []           # (superscript, written before a subscript: a^z_{t,1})
    numbered = False            # z_1 of no vector z: a name of its own, but subscripted
    ops = [(kind, arg) for kind, arg in ops if not (isinstance(arg, Script) and arg.value is None)]
    for pos, (kind, arg) in enumerate(ops):
        if kind == "sub" and NUMBERED + name.base in functions and arg.text.strip().isdigit():
            name.base, numbered = f"{name.base}_{{{arg.text.strip()}}}", True
        elif kind == "sub" and (arg.label or name.base.startswith(("\\|", "\\lVert"))
                                or labelled(name.base, arg.text, functions)):
            name.base = f"{name.base}_{{{arg.text}}}"          # D_\\text{KL}, \\|x\\|_2
        elif kind == "sub":
            if name.subs:
                raise ParseError(f"two subscripts on {name.base}")
            name.subs = _indices(arg)
            if str(indexed_function(name.base, len(name.subs))) in functions:
                # a bare L_δ of the function L_δ(a) the document defines: its parameter δ
                name.subs = [_parameter(i) for i in name.subs]
        elif kind == "prime":
            name.primes += arg
        elif arg.value == "prime":
            name.primes += 1
        else:
            first = _has_later_sub(ops[pos:]) and not _has_later_sub(ops[:pos])
            pending_sups.append((arg, first))
    for sup, first in pending_sups:
        if FEATURE_INDEX in functions and name.base != "e" \
                and re.fullmatch(r"\s*[ijklm]\s*", sup.text):
            # x^j, x_i^j: feature j (of object i), as Russian course notes index features
            name.subs = [*name.subs, index_symbol(sup.text.strip())]
            continue
        if _decay_power(name, sup):
            name.extra_sups.append(sup)   # β_1^t: Adam's decay rate to the power t
        elif sup.label or name.base != "e" and (_is_label(sup, bool(name.subs) or numbered
                                                          or _has_later_sub(ops))
                                                or first and _LETTER.match(sup.text)) \
                or LAYERED + name.base in functions and sup.text.strip().isdigit() \
                or LETTER_LAYERS in functions and name.base != "e" \
                and _LAYER_LETTER.fullmatch(sup.text) is not None \
                or SUPERSCRIPT_INDEX in functions and (name.subs or numbered) \
                and re.fullmatch(r"\s*[a-zA-Z]\s*", sup.text):
            label = sup.text.strip()
            layer = _LAYER_IN_PARENS.match(label)         # a^{(L)} is the layer a^L
            sample = _SAMPLE_LABEL.match(label)
            if sample and not layer and sample.group(1) in _INDEX_LETTERS - {"l"}:
                # y^{(i)}: the i-th sample's y — indexed by i, so that Σ_i (y^{(i)})² runs
                # over the samples and ∂/∂y^{(i)} picks one term (never n copies of one)
                name.base = name.base + SAMPLE_MARK
                name.subs = [*name.subs, index_symbol(sample.group(1))]
                continue
            name.base = f"{name.base}^{{{layer.group(1).replace(' ', '') if layer else label}}}"
        else:
            name.extra_sups.append(sup)
    return _callable_or_name(name, functions)


def _named_matrix(group: Group):
    """`(W_1)`, `(b_2)`: a bracket round one name with a subscript of its own — the name
    of a matrix or vector, whose entries a subscript after the bracket picks; else None."""
    if len(group.entries) != 1:
        return None
    e = group.entries[0]
    if isinstance(e, sp.Indexed) and all(i.is_Integer or i.is_Symbol for i in e.indices):
        label = ",".join(str(i) for i in e.indices)
        return Name(f"{e.base.label}_{{{label}}}")
    if isinstance(e, sp.Symbol) and re.fullmatch(r"\\?[a-zA-Z]+_\{\d+\}", e.name):
        return Name(e.name)                     # W_1 of a document with no W_j: a name
    if isinstance(e, sp.Symbol) and re.fullmatch(r"[A-Z]\^\{T\}", e.name):
        return Name(e.name[0], word=True)       # (X^T)_{ji}: X's entry (i, j), `_entry_of`
    return None


def _primed(value, count: int = 1):
    """`\\left(\\frac{1}{1+e^{-z}}\\right)'`: the derivative of a bracket in its one
    variable, as Russian notes write it; with two or more variables, which one is meant
    is not written."""
    names = {s for s in value.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer} \
        if isinstance(value, sp.Basic) else set()
    indexed = value.atoms(sp.Indexed) if isinstance(value, sp.Basic) else set()
    if len(names) != 1 or indexed:
        raise ParseError("a prime on an expression of more than one variable is ambiguous")
    return sp.Derivative(value, (names.pop(), count))


def _has_later_sub(ops):
    return any(kind == "sub" for kind, _ in ops)


# the other spellings of the indicator before a condition (`\\mathbf{1}_{i=k}`): as 𝟙_{i=k}
_INDICATOR_ONES = frozenset({r"\mathbf{1}", r"\boldsymbol{1}", r"\mathbb{I}", r"\mathrm{1}",
                             r"\bm{1}"})


def _callable_or_name(name: Name, functions):
    if "!" + name.base in functions:            # a reading with f(…) as f times (…)
        return name
    is_fn = (name.base in functions or name.base == "I" or name.primes
             or (name.base in _GREEK_CALLABLE or name.base in WORD_FUNCTIONS or name.word)
             and not name.subs)            # σ_p (a per-sample scalar) is no logistic σ
    if is_fn and not name.extra_sups:
        return Callable(name.base, name.primes, name.subs)
    if is_fn and len(name.extra_sups) == 1 and not name.primes:
        power = name.extra_sups[0]                        # σ^2(z) is (σ(z))^2
        value = _script_expr(power)
        if value.is_Integer and value > 0:
            return Callable(name.base, 0, name.subs, power=value)
    if name.primes and name.extra_sups:
        # h'^2: the square of h′ (σ'^2(z), of σ′(z)) — a power never dropped
        power = _script_expr(name.extra_sups[0])
        if len(name.extra_sups) > 1 or not (power.is_Integer and power > 0):
            raise ParseError(f"a power on {name.base}{chr(39) * name.primes} is read only as "
                             "a whole number")
        return Callable(name.base, name.primes, name.subs, power=power)
    if name.primes:
        return Callable(name.base, name.primes, name.subs)
    return name


def _own_power(name: Name) -> bool:
    """Where the document names a quantity e (`e = -z`, `e = y - \\hat y`): a bare e is
    that name, and so is e to a number's power (`e^2`, the error squared); e to any other
    power is Euler's (`e^{-z}`, `e^{e}`)."""
    return not name.extra_sups or _script_expr(name.extra_sups[0]).is_number


def _name_value(name: Name):
    if SLICE in name.subs:
        _slice_of(name)
        raise ParseError(f"a row or a column of {name.base} is read only times a vector "
                         "written next to it")
    if name.base == "e" and not name.subs and not (_e_named.get() and _own_power(name)):
        value = sp.E
    elif name.base == "pi" and not name.subs and not _pi_named.get():
        value = sp.pi
    elif name.base == "delta" and len(name.subs) == 2 and all(
            not isinstance(i, sp.Symbol) or i.name in _INDEX_LETTERS | _KRONECKER_TOO
            for i in name.subs):
        value = sp.KroneckerDelta(*name.subs)
    elif _matrix_reading.get() and name.base not in ("d", r"\mathrm{d}"):
        # kept in its place: a kind is given it later (d stays the d of d/dx)
        value = sp.Indexed(sp.IndexedBase(name.base, commutative=False), *name.subs) \
            if name.subs else sp.Symbol(name.base, commutative=False)
    elif name.subs:
        value = sp.Indexed(real_base(name.base), *name.subs)
    else:
        value = real_symbol(name.base)
    for sup in name.extra_sups:
        if value is sp.E:
            value = sp.exp(_script_expr(sup))
        else:
            value = _power(value, _script_expr(sup))
    return value


def _digits(x) -> float:
    """About how many decimal digits the number x has (0 for |x| ≤ 1)."""
    if x.is_Rational:
        return max(_int_digits(int(x.p)), _int_digits(int(x.q)))
    return 0.0


def _int_digits(n: int) -> float:
    """Decimal digits of n; past 4,000 digits estimated from the bit length (Python
    refuses str() of bigger integers)."""
    bits = abs(n).bit_length()
    return len(str(abs(n))) if bits < 13_000 else bits * 0.30103


_TRANSPOSE = ("T", r"\top", r"\intercal")


_NORM = re.compile(r"^(?:\\\||\\lVert|\|\|)(.*?)(?:\\\||\\rVert|\|\|)(?:_\{(2|F)\})?$")
_INNER = re.compile(r"^\\langle(.*)\\rangle$")


def _matrix_atom(spelled: str, functions):
    """In the matrix reading, ‖E‖ (‖E‖_2, ‖E‖_F) and ⟨a, b⟩ are read inside: Norm(E) and
    tr(aᵀb) — aᵀb of vectors, the Frobenius product of matrices. None for any other atom
    (P(t|z) stays a name)."""
    norm, inner = _NORM.match(spelled), _INNER.match(spelled)
    try:
        if norm:
            inside = read_chain(norm.group(1), functions)[0][0]
            return Norm(inside, FROBENIUS) if norm.group(2) == "F" else Norm(inside)
        if inner:
            parts = _top_level_split(inner.group(1))
            if len(parts) == 2:
                a, b = (read_chain(p, functions)[0][0] for p in parts)
                # (of two matrices, the Frobenius product tr(AᵀB); of vectors, aᵀb)
                return Trace(Transposed(a) * b)
    except (ParseError, IndexError):
        return None
    return None


# 𝒩(y | μ, σ²), 𝒩(x; μ, σ^2): the normal density at the variable before the bar, its
# second parameter the variance — written as a square or a number, so the reading is sure
_NORMAL = re.compile(r"^\\mathcal\{N\}\s*(?:\\left)?\((.*)\)$", re.S)
_VARIANCE = re.compile(r"(\^\s*2|\^\s*\{\s*2\s*\})\s*$|^\s*\d+(\.\d+)?\s*$")


def _normal_density(spelled: str, functions):
    """The univariate normal density that `\\mathcal{N}(x \\mid μ, σ^2)` names (None for
    any other atom, and where the variance is not written as one: 𝒩(w | 0, I) is a
    multivariate density, 𝒩(x | μ, σ) leaves open whether σ is the variance)."""
    m = _NORMAL.match(spelled.strip())
    if not m:
        return None
    inner = re.sub(r"\\right\s*$", "", m.group(1))
    bar = _BAR_OR_SEMI.search(inner)
    if not bar:
        return None
    params = _top_level_split(inner[bar.end():])
    if len(params) != 2 or not _VARIANCE.search(params[1]):
        return None
    try:
        x, mean, var = (read_chain(t, functions)[0][0]
                        for t in (inner[:bar.start()], params[0], params[1]))
    except (ParseError, IndexError):
        return None
    if any(not isinstance(e, sp.Expr) or isinstance(e, sp.MatrixBase) for e in (x, mean, var)):
        return None
    return sp.exp(-(x - mean) ** 2 / (2 * var)) / sp.sqrt(2 * sp.pi * var)


_BAR_OR_SEMI = re.compile(r"\||\\mid(?![a-zA-Z])|\\vert(?![a-zA-Z])|;")


def _top_level_split(text: str) -> list:
    out, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "," and depth == 0 and text[i - 1:i] != "\\":      # not the space \\,
            out.append(text[last:i])
            last = i + 1
    return out + [text[last:]]


def _written_matrix(rows: list):
    """The entries as an explicit matrix; a `\\vdots` or `\\dots` entry (and an empty one
    in a row of them) stays ELLIPSIS, for the reader of the step to find the pattern of."""
    # a trailing \\\\ before \\end, and the empty row of a doubled one (`\\\\\\\\`, as pages
    # written for a Markdown engine break their rows): no row of the matrix
    rows = [r for r in rows if not all(c is None for c in r)]
    if not rows:
        raise ParseError("a matrix with no entries")
    width = max(len(r) for r in rows)
    out = []
    for row in rows:
        dotted = ELLIPSIS in row
        if any(c is None for c in row) and not dotted:
            raise ParseError("an empty entry in a matrix")
        out.append([ELLIPSIS if c is None else c for c in row] + [ELLIPSIS] * (width - len(row)))
        if len(row) != width and not dotted:
            raise ParseError("the rows of a matrix have different lengths")
    return sp.ImmutableMatrix(out)


def _power(base, exponent):
    if isinstance(base, sp.MatrixBase):
        if isinstance(exponent, sp.Symbol) and exponent.name == "T":
            return base.T
        if exponent.is_Integer and base.is_square and abs(exponent) <= 8 \
                and base.shape[0] <= 4 and not base.has(ELLIPSIS):
            # (A)^{-1}, (A)^2 of a square matrix written out: its inverse, its power
            if exponent < 0 and base.det() == 0:
                raise ParseError("the inverse of a matrix written out whose determinant is 0")
            return sp.ImmutableMatrix(base ** int(exponent))
        raise ParseError("a power of a matrix written out")
    if _matrix_reading.get() and isinstance(exponent, sp.Symbol) and exponent.name == "T":
        return Transposed(base)
    if base.is_number and exponent.is_number and base not in (0, 1, -1):
        if exponent.is_Rational and abs(exponent) * max(_digits(base), 1) > MAX_EXPONENT:
            raise TooLarge(f"the number {base}^{exponent} is too large to evaluate")
        if not exponent.is_Rational and exponent.has(sp.Pow):
            raise TooLarge("a tower of exponents too large to evaluate")
    if base is sp.E:
        return sp.exp(exponent)
    return sp.Pow(base, exponent)


# the elementary functions written as commands (lecture.lark FUNC is built from this table),
# with the names Russian typesetting gives them (\\tg, \\arctg, \\th, \\sh, \\ch): one table
ELEMENTARY = {"ln": sp.log, "log": sp.log, "exp": sp.exp, "tanh": sp.tanh, "sinh": sp.sinh,
              "cosh": sp.cosh, "coth": sp.coth, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
              "cot": sp.cot, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
              "tg": sp.tan, "ctg": sp.cot, "arctg": sp.atan, "arcctg": sp.acot, "th": sp.tanh,
              "cth": sp.coth, "sh": sp.sinh, "ch": sp.cosh, "sech": sp.sech, "csch": sp.csch}
_FUNCS = {**ELEMENTARY, "sgn": sp.sign, "det": Det, "tr": Trace}

# every name the reader gives a meaning of its own (σ, I and the \\functions)
BUILTIN_FUNCTIONS = frozenset(_FUNCS) | _GREEK_CALLABLE | {"I", "max", "min", "frac", "sqrt",
                                                           "left"}


def _apply_func(name, arg):
    if name.startswith(("log_", "lg_")):                 # \\log_2: the logarithm to base 2
        base = int(name.split("_", 1)[1].strip("{} "))
        if base < 2:
            raise ParseError(f"\\{name}: no logarithm to base {base}")
        return sp.log(finish(arg)) / sp.log(base)
    if name in ("max", "min"):
        entries = arg.entries if isinstance(arg, Group) else [finish(arg)]
        if isinstance(arg, Group) and arg.relation is not None:
            raise ParseError(f"\\{name} of a relation")
        if len(entries) > 50:
            raise ParseError(f"\\{name} of {len(entries)} arguments is more than this checker reads")
        zero = [e for e in entries if e == 0]
        if name == "max" and len(entries) == 2 and zero and not all(e.is_commutative
                                                                    for e in entries):
            # max(0, w_jᵀx − w_yᵀx + Δ): a 1×1 product of matrix notation (SymPy's Max
            # takes commuting arguments only)
            return PositivePart(next(e for e in entries if e is not zero[0]))
        return (sp.Max if name == "max" else sp.Min)(*entries)
    if name == "log":
        return _word_function(name)(finish(arg))
    return _FUNCS[name](finish(arg))


# a set's name: a calligraphic or blackboard capital (\mathcal{B}, \mathcal{D})
_SET_NAME = re.compile(r"^\\(mathcal|mathscr)\s*\{?\s*[A-Z]\s*\}?$")


def cardinality(name: str) -> sp.Symbol:
    """|B|, the count of the members of the set B: one symbol wherever it is written."""
    name = re.sub(r"\s+", "", name)
    if re.fullmatch(r"\\(mathcal|mathscr)[A-Z]", name):
        name = f"{name[:-1]}{{{name[-1]}}}"
    return sp.Symbol(f"|{name}|", integer=True, positive=True)


def _index_like(e) -> bool:
    """A letter, a sample's label (y^{(i)}) or an integer: what I(k = l) compares when it
    is a Kronecker delta."""
    return isinstance(e, sp.Symbol) or getattr(e, "is_Integer", False) or is_sample(e)


def _label_against_index(a, b) -> bool:
    """I(y_i = k): a sample's label y_i against an index letter k — the label read as the
    class it names (as in p_{y_i}); never y_i = +1, where y_i is a value (±1)."""
    return any(isinstance(x, sp.Indexed) and len(x.indices) == 1 and x.indices[0].is_Symbol
               and isinstance(y, sp.Symbol) for x, y in ((a, b), (b, a)))


def _indicator(a, rel, b):
    """I(a rel b), [a rel b]: 1 where the relation holds, else 0 (Kronecker's δ between
    indices)."""
    if rel in ("=", "!=") and (_index_like(a) and _index_like(b)
                               or _label_against_index(a, b)):
        delta = sp.KroneckerDelta(as_index(a), as_index(b))
        return delta if rel == "=" else 1 - delta
    if rel in (">", "<") and not (a - b).is_commutative:
        # 𝟙(w_jᵀx − w_yᵀx + Δ > 0): of a 1×1 product in matrix notation, the unit step
        return Indicator(a - b if rel == ">" else b - a)
    return sp.Piecewise((sp.Integer(1), relation(a, rel, b)), (sp.Integer(0), True))


def _conditions_indicator(relation):
    """The indicator of a group's relation, or of its conditions all holding (𝟙(m = k,
    n = l), [m = 1, n = 2])."""
    if relation[0] is AND:
        return sp.Mul(*[_indicator(*r) for r in relation[1]])
    return _indicator(*relation)


def _call(c: Callable, arg, functions):
    """σ(z), σ'(z), f(x, y), f'(z), I(k = l)."""
    if c.name in ("I", ONES) and isinstance(arg, Group) and arg.relation is not None:
        return _conditions_indicator(arg.relation)
    if c.name == ONES or c.name == "I" and not isinstance(arg, Group):
        return None
    if isinstance(arg, PoweredGroup):                   # σ(z)^2: the power of the value
        value = _call(c, arg.group, functions)
        return None if value is None else _resolve(value, arg.ops, functions)
    if c.power is not None:
        value = _call(Callable(c.name, c.primes, c.subs), arg, functions)
        return None if value is None else _power(value, c.power)
    if isinstance(arg, Group) and arg.relation is not None:
        raise ParseError(f"{c.name} applied to a relation")
    args = arg.entries if isinstance(arg, Group) else [finish(arg)]
    bare = real_symbol(c.name + "'" * c.primes)
    if c.subs and len(args) == 1 and isinstance(args[0], sp.Basic):
        entry = _bare(Callable(c.name, c.primes, c.subs))
        if args[0].has(entry):
            return entry * args[0]    # σ_i(1 − σ_i): the entry times a factor, not a call
        if not c.primes and not isinstance(args[0], (sp.Symbol, sp.Indexed)) \
                and OF_A_VECTOR + str(indexed_function(c.name, len(c.subs))) in functions:
            # y_k(δ_{kj} − y_j) beside y_k(φ): the k-th output of a function of a vector
            # takes a vector; before a bracket that computes a number, it is the output
            # times it (p_i(1 − p_k) beside p_i(T) may be either)
            return entry * args[0]
    elif len(args) == 1 and isinstance(args[0], sp.Basic) and (
            args[0].has(bare) or args[0].has(real_symbol(c.name))):
        return bare * args[0]         # σ(1 − σ): the bare name times a factor, not a call
    if c.name == "diag" and "diag" not in functions and len(args) > 1:
        # diag(p_1(1 − p_1), …, p_n(1 − p_n)): the diagonal its entries list, a column
        return Diag(sp.ImmutableMatrix(len(args), 1, list(args)))
    if c.name in WORD_FUNCTIONS and c.name not in functions and not c.primes:
        if len(args) != 1:
            raise ParseError(f"{c.name} takes one argument")
        return _word_function(c.name)(args[0])
    if c.name in SEVERAL_ARGUMENTS and c.name not in functions and not c.primes and not c.subs:
        count, value = SEVERAL_ARGUMENTS[c.name]
        if len(args) != count:
            raise ParseError(f"{c.name} takes {count} arguments")
        return value(*args)
    if c.name == "sigma" and "sigma" not in functions:
        if len(args) != 1:
            raise ParseError("σ takes one argument")
        if c.primes == 0:
            return Sigmoid(args[0])
        if c.primes == 1:
            return dsigma(args[0])
        t = sp.Dummy("t", real=True)
        return sp.diff(Sigmoid(t).rewrite(sp.exp), t, c.primes).xreplace({t: args[0]})
    if c.subs and c.primes == 0:
        # g_p(w), f_K(s_1, …): one function of its subscripts and its arguments, another
        # than g(w) (the cost of sample p beside the average g)
        return indexed_function(c.name, len(c.subs))(*map(_parameter, c.subs), *args)
    f = sp.Function(c.name, real=True)
    if c.primes == 0:
        return f(*args)
    if len(args) != 1:
        raise ParseError(f"{c.name}' of several arguments is ambiguous")
    t = sp.Dummy("t", real=True)
    if c.subs:                  # h_δ'(r): the derivative of h_δ, the function g_p(w) names
        g = indexed_function(c.name, len(c.subs))
        return sp.Subs(sp.Derivative(g(*map(_parameter, c.subs), t), (t, c.primes)), t, args[0])
    return sp.Subs(sp.Derivative(f(t), (t, c.primes)), t, args[0])


def _fraction(num, den):
    if isinstance(num, PartialProduct) or isinstance(num, PartialMark):
        items = num.items if isinstance(num, PartialProduct) else [num]
        variables = _partial_variables(den, items[0].order)
        body = items[1:]
        if not body:
            return DerivOp(variables)
        return _differentiate(_product_value(body), variables)
    d = real_symbol("d")
    n_val, d_val = finish(num), finish(den)
    if isinstance(d_val, DifferentialOf):             # \\frac{\\mathrm{d} f}{\\mathrm{d} x}
        read = _fraction(_plain_d(n_val), _plain_d(d_val))
        if isinstance(read, (DerivOp, sp.Derivative)):
            return read
    if isinstance(d_val, sp.Mul) and d in d_val.args and len(d_val.args) == 2:
        var = d_val.args[0] if d_val.args[1] == d else d_val.args[1]
        order = 1
        if isinstance(var, sp.Pow) and var.exp.is_Integer and var.exp > 1:   # d^2/dx^2
            var, order = var.base, int(var.exp)
        d_power = d ** order
        if isinstance(var, (sp.Symbol, sp.Indexed)):
            if n_val == d_power:
                return DerivOp([(var, order)])
            if isinstance(n_val, sp.Mul) and d_power in n_val.args:
                return sp.Derivative(n_val / d_power, (var, order))
    return sp.Mul(n_val, sp.Pow(d_val, -1))


def _plain_d(e):
    """e with each differential of the matrix reading written back as the product d·x
    it reads as elsewhere (for d/dx and the dx that closes an integral)."""
    return e.replace(lambda a: isinstance(a, DifferentialOf),
                     lambda a: real_symbol("d") * a.args[0]) if isinstance(e, sp.Basic) else e


def _partial_variables(den, order: int = 1):
    """The variables below a ∂ (or ∂^order) above: ∂²f/∂x², ∂²f/∂x∂y; where the ∂ above
    has no power, ∂σ² below is by the value σ² (the variance), not a second derivative."""
    items = den.items if isinstance(den, PartialProduct) else None
    if not items or not isinstance(items[0], PartialMark):
        raise MissingPartial(r"a \partial over something that is not \partial x")
    variables, current = [], []
    for it in items[1:] + [PartialMark()]:
        if isinstance(it, PartialMark):
            if not current:
                raise ParseError(r"\partial must be followed by one variable")
            var = finish(current[0]) if len(current) == 1 else _combine(current, frozenset())
            if isinstance(var, sp.Pow) and var.exp.is_Integer and var.exp > 0 \
                    and isinstance(var.base, (sp.Symbol, sp.Indexed)) and order > 1:
                variables.append((var.base, int(var.exp)))             # ∂x^2: second order
            elif isinstance(var, (sp.Symbol, sp.Indexed)):
                variables.append(var)
            elif isinstance(var, (sp.Function, sp.Pow)) and var.free_symbols:
                variables.append(ByValue)        # ∂σ(A_i), ∂A_3^k: by the value
                variables.append(var)
            else:
                raise ParseError(r"one can only differentiate with respect to a variable")
            current = []
        else:
            current.append(it)
    below = sum(v[1] if isinstance(v, tuple) else 1 for v in variables if v is not ByValue)
    if order > 1 and below != order:
        raise ParseError(f"\\partial^{order} above, but {below} differentiation"
                         f"{'s' if below != 1 else ''} below")
    return variables


def _differentiate(body, variables):
    """The derivative a fraction or an operator writes; `ByValue, e` in the variables
    marks a derivative with respect to the value of the expression e."""
    if ByValue not in variables:
        return sp.Derivative(body, *variables)
    at = variables.index(ByValue)
    inner = _differentiate(body, variables[at + 2:]) if variables[at + 2:] else body
    outer = ByValue(inner, variables[at + 1])
    return sp.Derivative(outer, *variables[:at]) if at else outer


def _slashed_derivatives(items):
    """`{\\partial \\xi_i}/{\\partial z_{oi}}`, as blogs write a derivative inline: the
    fraction ∂ξ_i/∂z_oi, not a ∂ left with nothing to differentiate."""
    out, pos = [], 0
    while pos < len(items):
        it, nxt = items[pos], items[pos + 1] if pos + 1 < len(items) else None
        if isinstance(it, (PartialProduct, PartialMark)) and isinstance(nxt, Divide) \
                and isinstance(nxt.value, PartialProduct):
            out.append(_fraction(it, nxt.value))
            pos += 2
            continue
        if isinstance(it, PartialMark) and pos + 3 < len(items) \
                and isinstance(items[pos + 2], Divide) \
                and isinstance(items[pos + 2].value, PartialMark):
            # `\partial C / \partial w^l_{jk}`, as books write ∂C/∂w inline: the fraction
            # of the one factor after each ∂
            out.append(_fraction(PartialProduct([it, items[pos + 1]]),
                                 PartialProduct([items[pos + 2].value, items[pos + 3]])))
            pos += 4
            continue
        out.append(it)
        pos += 1
    return out


def _product_value(items):
    return _combine(items, frozenset())


_WORDS_LONGEST_FIRST = sorted(WORD_FUNCTIONS, key=len, reverse=True)


def _plain_letter(n, ch=None) -> bool:
    """A name with no scripts or primes (the letter `ch`, where given)."""
    return isinstance(n, (Name, Callable)) and (ch is None or n.name_text == ch) \
        and not n.subs and not getattr(n, "extra_sups", None) and not n.primes


def _acronym(items, pos) -> int:
    """The length of a run of capital letters at pos right before parentheses (`MSE(C)`,
    `NLL(θ)`, `KL(p, q)`): an acronym naming a function, as texts write them; 0 if none."""
    end = pos
    while end < len(items) and _plain_letter(items[end]) \
            and not getattr(items[end], "power", None) \
            and len(items[end].name_text) == 1 and items[end].name_text.isupper() \
            and items[end].name_text.isascii():
        end += 1
    k = end - pos
    return k if k > 1 and end < len(items) and isinstance(items[end], Group) \
        and (pos == 0 or not _plain_letter(items[pos - 1])) else 0


def _spelled_functions(items):
    """`log(y)`, `sigmoid(z)`, `exp(x)` typed without a backslash: letters that spell a
    known function name right before parentheses are that function, not a product (and
    `log x` is log of x); so is an acronym (`_acronym`)."""
    out, pos = [], 0
    while pos < len(items):
        k = _acronym(items, pos)
        if k:
            out.append(Callable("".join(n.name_text for n in items[pos:pos + k])))
            pos += k
            continue
        for word in _WORDS_LONGEST_FIRST:
            k = len(word)
            run = items[pos:pos + k]
            power = _spelled_power(run[-1], word[-1]) if len(run) == k else None
            if k > 1 and len(run) == k and pos + k < len(items) \
                    and isinstance(items[pos + k], (Group, PoweredGroup)) \
                    and all(_plain_letter(n, ch) for n, ch in zip(run[:-1], word)) \
                    and (_plain_letter(run[-1], word[-1]) or power is not None):
                out.append(Callable(word, power=power))      # (`cosh^2(x)`: cosh(x)²)
                pos += k
                break
            if word in _OPERATOR_WORDS and len(run) == k and pos + k < len(items) \
                    and isinstance(items[pos + k], (Name, sp.Basic)) \
                    and all(_plain_letter(n, ch) for n, ch in zip(run, word)):
                # `log x`, `log {\sum_i e^{a_i}}`: as \log takes what follows it
                out.append(_word_function(word)(finish(items[pos + k])))
                pos += k + 1
                break
        else:
            out.append(items[pos])
            pos += 1
    return out


# spelled, they take a name or a {group} too (`log x`, `sinhx`)
_OPERATOR_WORDS = {"log", "ln", "exp", "tanh", "sinh", "cosh"}


def _spelled_power(n, ch: str):
    """2 for the `h^2` that ends a spelled `cosh^2(x)`: a positive whole power on the last
    letter (then the function's power); None otherwise."""
    if not isinstance(n, Name) or n.base != ch or n.subs or n.primes or len(n.extra_sups) != 1:
        return None
    value = _script_expr(n.extra_sups[0])
    return value if value.is_Integer and value > 0 else None

# quantities that notebooks and blogs name by a word typed in math mode (`loss = …`,
# `a_{correct}`, `L_{total}`): TeX sets the letters side by side, the writer means one name
WORD_NAMES = {"loss", "cost", "error", "risk", "correct", "true", "pred", "target", "output",
              "input", "logits", "logit", "score", "prob", "label", "grad", "hidden", "total",
              "train", "test", "data", "reg"}
_NAMES_LONGEST_FIRST = sorted(WORD_NAMES, key=len, reverse=True)


def _spelled_names(items):
    """`loss`, `correct`: letters that spell a word of WORD_NAMES, with no scripts inside
    the word (the last letter's scripts are the name's), and no letter right before or after
    them, are that one name — never the product l·o·s·s."""
    out, pos = [], 0
    while pos < len(items):
        for word in _NAMES_LONGEST_FIRST:
            run = items[pos:pos + len(word)]
            after = items[pos + len(word)] if pos + len(word) < len(items) else None
            if len(run) == len(word) and all(
                    isinstance(n, Name) and n.base == ch and not n.primes
                    for n, ch in zip(run, word)) \
                    and all(not n.subs and n.sup is None and not n.extra_sups for n in run[:-1]) \
                    and not (pos and isinstance(items[pos - 1], Name)
                             and len(items[pos - 1].base) == 1 and items[pos - 1].base.isalpha()) \
                    and not (isinstance(after, Name) and len(after.base) == 1
                             and after.base.isalpha()):
                last = run[-1]
                out.append(Name(word, subs=last.subs, sup=last.sup,
                                extra_sups=last.extra_sups))
                pos += len(word)
                break
        else:
            out.append(items[pos])
            pos += 1
    return out


def _signature(it) -> bool:
    """`(s_1, s_2, \\dots, s_K)`: the entries of one vector, elided — an argument list that
    says what a name depends on (f_K(s_1, …, s_K): f_K, a function of s), never a value."""
    if not isinstance(it, Group) or it.relation is not None or len(it.entries) < 3 \
            or ELLIPSIS not in it.entries:
        return False
    named = [e for e in it.entries if e is not ELLIPSIS]
    return all(isinstance(e, sp.Indexed) and len(e.indices) == 1 for e in named) \
        and len({e.base for e in named}) == 1


def _slice_of(it):
    """(matrix, fixed index, is a row) of `W_{j,:}` (row j) or `W_{:,k}` (column k)."""
    if not isinstance(it, Name) or SLICE not in it.subs:
        return None
    if len(it.subs) != 2 or it.subs.count(SLICE) != 1 or it.primes or it.extra_sups:
        raise ParseError(f"{it.base} with a `:` index is read only as a row W_{{j,:}} or a "
                         "column W_{:,k}")
    row = it.subs[1] is SLICE
    return it.base, it.subs[0] if row else it.subs[1], row


def _vector_letter(it) -> str | None:
    """The letter of a plain vector factor: `x`, `\\mathbf{x}`, `\\vec{x}` (no scripts)."""
    if not isinstance(it, Name) or it.subs or it.primes or it.extra_sups:
        return None
    letter = bold_letter(it.base) or it.base
    return letter if re.fullmatch(r"[a-zA-Z]|\\[a-z]+", letter) else None


def _slices(items):
    """`W_{j,:} \\cdot x` — row j of W times a vector — is Σ_m W_{jm} x_m, and
    `x \\cdot W_{:,k}` is Σ_m x_m W_{mk}: the dot product, in index notation (m up to n,
    as in `(W \\vec x)_j`). A row or a column anywhere else is not read."""
    if not any(isinstance(i, Name) and SLICE in i.subs for i in items):
        return items
    out, pos = [], 0
    while pos < len(items):
        found = _slice_of(items[pos])
        if found is None:
            out.append(items[pos])
            pos += 1
            continue
        matrix, fixed, row = found
        if row:
            at = pos + 1 + (pos + 1 < len(items) and isinstance(items[pos + 1], MulOp)
                            and not items[pos + 1].entrywise)
            letter = _vector_letter(items[at]) if at < len(items) else None
        else:
            at = len(out) - 1 - (bool(out) and isinstance(out[-1], MulOp)
                                 and not out[-1].entrywise)
            letter = _vector_letter(out[at]) if at >= 0 else None
        if letter is None:
            raise ParseError(f"a {'row' if row else 'column'} of {matrix} is read only "
                             "times a vector written next to it")
        m = next(index_symbol(c) for c in "mpqrt" if index_symbol(c) not in
                 getattr(fixed, "free_symbols", set()))
        value = _dot(matrix, fixed, letter, m, row)
        if row:
            out.append(value)
            pos = at + 1
        else:
            del out[at:]
            out.append(value)
            pos += 1
    return out


def _without_signatures(items):
    """A signature after a name or a function of one is dropped: the name is the value."""
    return [it for n, it in enumerate(items) if not (
        n and _signature(it) and not isinstance(items[n - 1], (MulOp, Divide)))]


_BOLD_NAME = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec)\{")


def _vector_calls(items, functions):
    """`y_k(\\boldsymbol{\\phi})`, `f_j(\\mathbf{x}_n)`: a letter with an index below it,
    before brackets that hold one bold vector and nothing else, is the k-th output of a
    function of that vector (a softmax's y_k(φ)) — never y_k times the vector, which no
    text brackets so."""
    out = list(items)
    for n, it in enumerate(items[:-1]):
        after = items[n + 1]
        if isinstance(it, Name) and it.subs and not it.primes and not it.extra_sups \
                and it.sup is None and re.fullmatch(r"[a-z]", it.base) \
                and "!" + it.base not in functions and isinstance(after, Group) \
                and after.relation is None and len(after.entries) == 1 \
                and isinstance(after.entries[0], (sp.Symbol, sp.Indexed)) \
                and _BOLD_NAME.match(str(after.entries[0].base.label
                                         if isinstance(after.entries[0], sp.Indexed)
                                         else after.entries[0])):
            out[n] = Callable(it.base, 0, it.subs)
    return out


def _increments(items):
    """`\\Delta w`, `\\Delta \\mathbf{w}_j`: Δ written right before a name is the name of an
    increment (an update, a change), one name, not Δ times w."""
    out = []
    for it in items:
        if out and isinstance(out[-1], Name) and _plain_letter(out[-1], "Delta") \
                and not out[-1].sup \
                and isinstance(it, Name) and not it.base.startswith("\\Delta"):
            out[-1] = replace(it, base=f"\\Delta {it.base}")
        else:
            out.append(it)
    return out


def _gradient_names(items, functions):
    """`dD X^T` where the document names D's gradient dD (GRADIENT_NAMED): one name."""
    named = {f[len(GRADIENT_NAMED):] for f in functions if f.startswith(GRADIENT_NAMED)}
    if not named:
        return items
    out = []
    for it in items:
        if out and _plain_letter(out[-1], "d") and not out[-1].sup and not out[-1].subs \
                and isinstance(it, Name) and it.base in named:
            out[-1] = replace(it, base=f"d{it.base}")
        else:
            out.append(it)
    return out


def _gradients(items, functions=frozenset()):
    """A bare ∇ before a function of one variable, `\\nabla f(x)`, `\\nabla Q(\\mathbf{w})`:
    the derivative with respect to that variable, f read as a function."""
    if not any(isinstance(i, Nabla) for i in items):
        return items
    out, pos = [], 0
    while pos < len(items):
        it = items[pos]
        if not isinstance(it, Nabla):
            out.append(it)
            pos += 1
            continue
        name, arg = items[pos + 1:pos + 2], items[pos + 2:pos + 3]
        if name and isinstance(name[0], (Name, Callable)) and it.order == 1 \
                and not name[0].subs and not getattr(name[0], "primes", 0) \
                and (not arg or not isinstance(arg[0], Group)) \
                and not name[0].name_text.startswith("\\"):
            # `\nabla C \cdot \Delta v`: the gradient of a cost whose variable the text
            # leaves unwritten — one name, as `\Delta v` is (C a function of v or not)
            out.append(replace(name[0], base=f"\\nabla {name[0].base}")
                       if isinstance(name[0], Name) else Name(f"\\nabla {name[0].name_text}"))
            pos += 2
            continue
        if name and isinstance(name[0], (Name, Callable)) and arg and isinstance(arg[0], Group) \
                and len(arg[0].entries) == 1 and arg[0].relation is None \
                and not isinstance(arg[0].entries[0], (sp.Symbol, sp.Indexed)) \
                and not _matrix_reading.get():
            # `\nabla f(x_t + \mu v_t)`: f's derivative put at that point
            call = Callable(name[0].name_text, subs=list(getattr(name[0], "subs", []))) \
                if isinstance(name[0], Name) else name[0]
            at = sp.Dummy("t", real=True)
            value = _call(call, Group([at]), functions)
            if isinstance(value, sp.Basic) and value.has(at):
                out.append(sp.Subs(_differentiate(finish(value), [at]), at,
                                   finish(arg[0].entries[0])))
                pos += 3
                continue
        if name and isinstance(name[0], (Name, Callable)) and arg and isinstance(arg[0], Group) \
                and len(arg[0].entries) > 1 and arg[0].relation is None \
                and not name[0].name_text.startswith("\\"):
            # `\nabla L(X, w)`, `\nabla^2 H(p, q)`: the gradient (the Hessian) of a function
            # of several arguments, by which of them unwritten — one name, as `\nabla C` is
            entries = ",".join(sp.latex(finish(e)) for e in arg[0].entries)
            order = "^{2}" if it.order == 2 else ""
            out.append(Name(f"\\nabla{order} {name[0].name_text}({entries})"))
            pos += 3
            continue
        if not (name and isinstance(name[0], (Name, Callable)) and arg
                and isinstance(arg[0], Group) and len(arg[0].entries) == 1
                and isinstance(arg[0].entries[0], (sp.Symbol, sp.Indexed))):
            raise ParseError(r"\nabla needs its variable, as in \nabla_x f or \nabla f(x)")
        var = arg[0].entries[0]
        call = Callable(name[0].name_text, subs=list(getattr(name[0], "subs", []))) \
            if isinstance(name[0], Name) else name[0]
        value = _call(call, arg[0], functions)
        if _matrix_reading.get() and isinstance(value, AppliedUndef):
            # in matrix notation ∇g(w) is a vector, ∇²g(w) a matrix: kept in its place
            value = sp.Function(type(value).__name__, commutative=False)(*value.args)
        if value is None:
            raise ParseError(r"\nabla needs its variable, as in \nabla_x f or \nabla f(x)")
        # ∇²g(w) z: the gradient of g at w, then times z — never ∇² of g(w)·z
        out.append(_differentiate(finish(value), [(var, it.order) if it.order > 1 else var]))
        pos += 3
    return out


# a reading (in `functions`, as "!f" is): a derivative operator followed by a bracket
# differentiates the bracket only, `\frac{\partial}{\partial x}(A) B` = (∂A/∂x)·B
BRACKET_ONLY = "∂(…)"
# LABELLED + "a_o" in `functions`: a letter below another names whose it is (a_o, the output
# gate's a, beside the gate o_t): a_o is a name of its own, not an entry of a vector a
LABELLED = "label:"


# DOT + "q,k:1:d" in `functions`: the page sums q_i k_i over i = 1 … d, so `q \\cdot k`
# is that sum, the dot product of two vectors (`Document.dot_pairs`), never a product of
# two numbers
DOT = "dot:"


def label_flag(base: str, sub: str) -> str:
    """The flag in `functions` that makes `base_sub` a name with a label."""
    return f"{LABELLED}{base.lstrip(chr(92))}_{sub.strip().lstrip(chr(92))}"


def labelled(base: str, sub: str, functions) -> bool:
    """Whether the document reads `base_sub` as a name with a label (`Document.label_subscripts`)."""
    return label_flag(base, sub) in functions


# GRADIENT_NAMED + "W" in `functions`: the document names W's gradient dW
# (`Document.gradient_names`): d before W is part of the name
GRADIENT_NAMED = "∂name:"
# NUMBERED + "z" in `functions`: the document writes z only as z_1, z_2 — names, not entries
NUMBERED = "№"
# LAYERED + "z" in `functions`: the document writes z^1 (`z^1 = w^1 x + b^1`) — a number
# above z is a layer's label, z^2 the next layer's z
LAYERED = "ℓ"
# in `functions`: the document numbers layers with a letter (`z^l = w^l a^{l-1} + b^l`), so
# l, L, l ± 1 above a name is its layer, never a power (`derive.latex.blocks.letter_layers`)
LETTER_LAYERS = "ℓ:letter"
_LAYER_LETTER = re.compile(r"\s*[lL]\s*(?:[-+]\s*[12]\s*)?")
# LAYERED + LAYERS_READ: a reading — every layered letter's number is a layer, whatever
# plain name the letter also has
LAYERS_READ = "!"
# in `functions`: the document writes the variance as a plain D (Dξ), Document.variance_d
VARIANCE_D = "VAR:D"
# DEPENDS + "u:x,w" in `functions`: u is defined as an expression of x and w, so `u(x)` is u
# with its dependence written (`\\tanh u(x)`), never u times x (`dependence`)
DEPENDS = "dep:"


def dependence(name: str, variables) -> str:
    """The marker saying that a plain name is defined as an expression of these names."""
    return f"{DEPENDS}{name}:{','.join(sorted(str(v) for v in variables))}"


def _signature_after(name, group) -> bool:
    """A plain letter before a bracket of several arguments (`p(x; \\theta)`, `L(w, b)`)."""
    return isinstance(name, Name) and _plain_letter(name) and name.sup is None \
        and isinstance(group, Group) and group.relation is None and len(group.entries) >= 2


def _written_dependence(name, group, functions) -> bool:
    """u(x) with u defined as an expression of x: u itself, its dependence written (one
    argument: a list of them is a function's signature, `s = f(x; W) = Wx`)."""
    if not isinstance(name, Name) or name.subs or name.primes or name.extra_sups \
            or not isinstance(group, Group) or group.relation is not None \
            or len(group.entries) != 1:      # (f(x; W): a signature, `s = f(x; W) = Wx`)
        return False
    names = _dependence_of(name.base, functions)
    return names is not None and all(isinstance(e, sp.Symbol) and e.name in names
                                     for e in group.entries)


def _dependence_of(base: str, functions) -> set | None:
    """The names a plain name is defined as an expression of (its `dependence` marker)."""
    prefix = f"{DEPENDS}{base}:"
    return next((set(m[len(prefix):].split(",")) for m in functions if m.startswith(prefix)),
                None)
# GIVEN + "p" in `functions`: the document defines p with a bar in its signature (`p(x \\mid
# \\mu, \\sigma^2) = …`), so p(x_i | μ, σ²) is p at those arguments, never a name kept whole
GIVEN = "given:"
# a function written with an index whose argument is a vector, y_k(\boldsymbol{\phi})
# (`derive.homework.scope.add_definition`): `OF_A_VECTOR` + its name
OF_A_VECTOR = "of a vector:"


def _closing(text: str, start: int, opener: str = "(", closer: str = ")") -> int | None:
    """The index of the bracket that closes the one at `start` (None if none does)."""
    depth = 0
    for i in range(start, len(text)):
        depth += text[i] == opener
        depth -= text[i] == closer
        if depth == 0:
            return i
    return None


def _given_calls(text: str, functions) -> str:
    """`p(x_i \\mid \\mu, \\sigma^2)` of a p marked GIVEN: the bar (and a `;`) a comma,
    padded to its length — unless the bracket holds an event (p(y = 1 | x))."""
    heads = {m[len(GIVEN):] for m in functions if m.startswith(GIVEN)}
    if not heads:
        return text
    pattern = re.compile(r"(?<![a-zA-Z\\])(" + "|".join(re.escape(h) for h in heads)
                         + r")\s*(\\left\s*|\\[bB]igg?l?\s*)?\(")
    out = list(text)
    for m in pattern.finditer(text):
        start = m.end() - 1
        i = _closing(text, start)
        if i is None:
            continue
        inner = text[start + 1:i]
        if re.search(r"(?<![\\a-zA-Z])=|<|>|\\(?:leq?|geq?|neq?|in)(?![a-zA-Z])", inner):
            continue                                      # an event: the atom it is
        for bar in re.finditer(r"\\mid(?![a-zA-Z])|\\vert(?![a-zA-Z])|(?<![|\\])\|(?!\|)|;",
                               inner):
            at = start + 1 + bar.start()
            out[at:at + len(bar.group(0))] = list(",".ljust(len(bar.group(0))))
    return "".join(out)


# a reading: a letter superscript on a subscripted name is an index, `A_3^k` entry k of A_3
SUPERSCRIPT_INDEX = "A_3^k"
# in `functions`: a letter superscript is a feature's index (x_i^j: feature j of object i)
FEATURE_INDEX = "x_i^j"
# a reading: matrix notation. Names keep the order they are written in (noncommuting), and
# `^T`, `^\\top` transpose (`Transposed`); derive.prover.matrices gives names their kinds
MATRIX_READING = "Wx"
_matrix_reading: ContextVar[bool] = ContextVar("matrix_reading", default=False)
# in `functions`: the document names a quantity π (`$\\pi = \\sigma(a)$`, a policy's π):
# \\pi is that name, not 3.14159…
PI_NAMED = "π:name"
_pi_named: ContextVar[bool] = ContextVar("pi_named", default=False)
# in `functions`: the words fix the base of \log at 2 ("logs base 2", "in bits"): \log x
# is log₂ x (\ln stays natural)
LOG_BASE_2 = "log:2"
_log_base_2: ContextVar[bool] = ContextVar("log_base_2", default=False)
# in `functions`: the document names a quantity e (`$e = -z$`): a bare e is that name
# (`_own_power`), e^{…} of a variable Euler's
E_NAMED = "e:name"
_e_named: ContextVar[bool] = ContextVar("e_named", default=False)
# a reading (or, where the words fix it, the document's): Einstein's convention — an index
# repeated across the factors of a product is summed over (`\\mathbf{1}_j e^{x_j}` is Σ_j e^{x_j})
EINSTEIN = "Σ repeated"
# in `functions`: the words speak of expected values, so `E(…)` (round brackets) is the
# expectation `E[…]` — of what is no plain list of parameters (`E(w)` stays a function,
# an error E(w); `E(x_i)`, `E(\hat\mu)`, `E(\sigma^2)` are expected values)
EXPECTATION_ROUND = "E(…)"
_ARGUMENT = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*\\?[a-zA-Z]+\s*\}|\\?[a-zA-Z]+)"
_PLAIN_ARGUMENTS = re.compile(rf"\s*{_ARGUMENT}(?:\s*[,;]\s*{_ARGUMENT})*\s*")
_ROUND_E = re.compile(r"(?<![a-zA-Z\\])E\s*(?:_\s*(?:\{[^{}]*\}|[a-zA-Z]))?\s*(\\left\s*|\\[bB]igg?l?\s*)?\(")


def _expectations_written_round(text: str, functions) -> str:
    """`E(\\hat\\mu)`, `E\\left(\\frac{1}{n}\\sum x_i\\right)` as `E[…]` where the words speak of
    expected values (`EXPECTATION_ROUND`): the same length, positions kept."""
    if EXPECTATION_ROUND not in functions or "E(" not in text.replace(" ", "") \
            and "E\\left(" not in text.replace(" ", ""):
        return text
    out = list(text)
    for m in _ROUND_E.finditer(text):
        start = m.end() - 1
        i = _closing(text, start)
        if i is None:
            continue
        if _PLAIN_ARGUMENTS.fullmatch(text[start + 1:i]):
            continue                # `E(w)`, `E(\mathbf{w}, b)`: a function's parameters
        if m.group(1):                       # \left( … \right): the sizes go with them
            right = text.rfind("\\right", start, i)
            if right < 0 or text[right + 6:i].strip():
                continue
        out[start], out[i] = "[", "]"
    return "".join(out)
_einstein: ContextVar[bool] = ContextVar("einstein", default=False)


class Repeated(sp.Function):
    """A product as written under Einstein's convention, its repeated indices not summed
    yet: which are is known only from the whole chain (`einstein_sums`)."""

    @classmethod
    def eval(cls, product):
        return None


def _occurrences(e) -> dict:
    """How often each index is written in one monomial of e, as Einstein counts: the
    factors of a product add up, the terms of a sum each count once (x_i − y_i writes i
    once), an entry's or a δ's indices count one each."""
    if isinstance(e, sp.Indexed):
        held = [i for x in e.indices for i in x.free_symbols]
    elif isinstance(e, sp.KroneckerDelta):
        held = list(e.free_symbols)
    else:
        held = None
    if held is not None:
        counts: dict = {}
        for i in held:
            if i.is_integer:
                counts[i] = counts.get(i, 0) + 1
        return counts
    if not isinstance(e, sp.Basic) or not e.args:
        return {}
    parts = [_occurrences(a) for a in e.args]
    if isinstance(e, (sp.Sum, sp.Product)):
        bound = {lim[0] for lim in e.limits}
        return {i: n for i, n in parts[0].items() if i not in bound}
    out: dict = {}
    for part in parts:
        for i, n in part.items():
            out[i] = max(out.get(i, 0), n) if isinstance(e, sp.Add) else out.get(i, 0) + n
    return out


def einstein_sums(exprs: list) -> list:
    """The chain's products summed over the indices they repeat (Einstein's convention):
    an index written once in some term of the chain is free (p of ∂l/∂σ_p, everywhere in
    the chain); any other an outermost product repeats is summed there. The ones tensor
    𝟏_j, which pages write to sum with, is 1 entry by entry."""
    free = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            for term in sp.Add.make_args(e):
                free |= {i for i, n in _occurrences(term).items() if n == 1}

    def resolve(e, summed: frozenset):
        if not isinstance(e, sp.Basic) or not e.has(Repeated):
            return e
        if isinstance(e, Repeated):
            inner = e.args[0]
            repeated = sorted((i for i, n in _occurrences(inner).items()
                               if n > 1 and i not in free and i not in summed), key=str)
            inner = resolve(inner, summed | frozenset(repeated))
            ones = {a: sp.Integer(1) for a in inner.atoms(sp.Indexed)
                    if str(a.base) in _INDICATOR_ONES | {ONES}}
            inner = inner.xreplace(ones) if repeated else inner
            for i in repeated:
                inner = sp.Sum(inner, (i, 1, _count_apart(i, inner)))
            return inner
        return e.func(*[resolve(a, summed) for a in e.args])
    return [resolve(e, frozenset()) for e in exprs]


def _word_function(name: str):
    """The function a word names: log to the base the words fix."""
    if name == "log" and _log_base_2.get():
        return lambda x: sp.log(x) / sp.log(2)
    return WORD_FUNCTIONS[name]


_SCRIPT_LETTER = re.compile(r"\\(?:mathcal|mathscr)\s*\{")


def _combine(items, functions):
    """The factors of a juxtaposition, left to right: calls bound to their arguments,
    derivative operators applied to what follows, ∂ marks kept for the fraction."""
    if any(isinstance(i, DiffMark) for i in items):
        return _combine(_differentials(items, functions), functions)
    items = _slashed_derivatives(items)
    if any(isinstance(i, PartialMark) for i in items):
        return PartialProduct(items)
    if any(isinstance(i, MulOp) and i.entrywise for i in items):
        return _entrywise(items, functions)
    items = _gradients(_increments(_gradient_names(_spelled_functions(_spelled_names(
        _without_signatures(_vector_calls(_slices(items), functions)))), functions)), functions)
    if any(isinstance(i, MulNeg) for i in items):
        items = [x for i in items for x in ((sp.Integer(-1), i.value) if isinstance(i, MulNeg)
                                            else (i,))]
    factors = []
    pos = 0
    while pos < len(items):
        it = items[pos]
        if isinstance(it, MulOp):
            pos += 1
            continue
        if isinstance(it, DerivOp):
            nxt = items[pos + 1] if pos + 1 < len(items) else None
            if BRACKET_ONLY in functions and pos + 2 < len(items) and (
                    isinstance(nxt, Group) or isinstance(items[pos + 2], MulOp)):
                # ∂/∂x (A) B, and ∂/∂x (A)^γ · B: the operand ends where a \cdot does
                factors.append(_differentiate(finish(nxt), it.variables))
                pos += 2
                continue
            rest = _combine(items[pos + 1:], functions)
            if rest is None or (isinstance(rest, sp.Expr) and rest == 1 and pos + 1 == len(items)):
                raise ParseError("a derivative operator has nothing to differentiate")
            factors.append(_differentiate(finish(rest), it.variables))
            break
        if isinstance(it, FuncOfCall):
            nxt = items[pos + 1] if pos + 1 < len(items) else None
            if isinstance(nxt, Component) and not getattr(it.callable, "primes", 0) \
                    and not getattr(it.callable, "subs", None) and len(nxt.group.entries) == 1:
                # `\log \operatorname{softmax}(\mathbf{z})_k`: the log of the component
                value = _component(it.callable.name_text, sp.Function(
                    it.callable.name_text, real=True)(nxt.group.entries[0]), nxt)
            elif isinstance(it.callable, Name) and _signature_after(it.callable, nxt):
                # `\\log p(x; \\mu, \\sigma^2)`: the log of the density at those arguments,
                # as `p(x; \\mu, \\sigma^2)` alone is a call — never log p times a column
                value = sp.Function(it.callable.base, real=True)(*nxt.entries)
            elif isinstance(it.callable, Name):
                value = _name_value(it.callable) \
                    if _written_dependence(it.callable, nxt, functions) else None
            else:
                value = _call(it.callable, nxt, functions) \
                    if isinstance(nxt, (Group, PoweredGroup)) else None
            if value is not None:
                factors.append(it.apply(value))
                pos += 2
            else:
                factors.append(finish(it))
                pos += 1
            continue
        nxt = items[pos + 1] if pos + 1 < len(items) else None
        if isinstance(it, (Name, Callable)) and isinstance(nxt, Component) \
                and not getattr(it, "primes", 0) and not getattr(it, "extra_sups", None):
            args = nxt.group.entries
            if len(args) != 1:
                raise ParseError(f"a component of {it.name_text} of several arguments")
            name = it.name_text       # softmax_T(z)_i: another function than softmax, of T
            if it.subs:
                name += f"_{{{','.join(sp.latex(x) for x in it.subs)}}}"
            call = sp.Function(name, real=True)(args[0])
            factors.append(_component(name, call, nxt))
            pos += 2
            continue
        if isinstance(it, Callable):
            nxt = items[pos + 1] if pos + 1 < len(items) else None
            if isinstance(nxt, (Group, PoweredGroup)) or (nxt is not None and not isinstance(
                    nxt, (MulOp, DerivOp, Callable, Divide)) and it.name != "I" and it.primes):
                value = _call(it, nxt, functions)
                if value is not None:
                    factors.append(value)
                    pos += 2
                    continue
            if it.primes:
                factors.append(_bare(it))
                pos += 1
                continue
            value = sp.Integer(1) if it.name == ONES else \
                _name_value(Name(it.name, it.subs))                # I alone: a name
            factors.append(value if it.power is None else _power(value, it.power))  # σ^2
            pos += 1
            continue
        if isinstance(it, Divide):
            nxt = items[pos + 1] if pos + 1 < len(items) else None
            if isinstance(it.value, Callable) and isinstance(nxt, (Group, PoweredGroup)):
                # `a / \sigma(z)`, `g_i x_i / \operatorname{rms}(x)`: the divisor is the name
                # with its parentheses, read as they are read alone — never (a/σ)·z
                factors.append(sp.Pow(finish(_combine([it.value, nxt], functions)), -1))
                pos += 2
                continue
            factors.append(sp.Pow(finish(it.value), -1))
            pos += 1
            continue
        nxt = items[pos + 1] if pos + 1 < len(items) else None
        if _written_dependence(it, nxt, functions):
            factors.append(_name_value(it))                # u(x): u, as defined
            pos += 2
            continue
        if isinstance(it, Name) and not it.extra_sups and it.sup is None \
                and isinstance(nxt, Group) and nxt.relation is None and nxt.entries \
                and it.subs and all(isinstance(x, sp.Expr) and x.is_number for x in it.subs) \
                and any(not x.is_Integer for x in it.subs):
            # S_{0.5}(-2): a decimal below a name is a parameter, never an index — the
            # member of a family of functions at its arguments, not S_{1/2} times −2
            fn = indexed_function(it.base, len(it.subs))
            factors.append(fn(*it.subs, *nxt.entries))
            pos += 2
            continue
        if isinstance(it, Name) and not it.extra_sups and isinstance(nxt, Group) \
                and nxt.relation is None and (len(nxt.entries) > 1 or len(nxt.entries) == 1
                                              and _SCRIPT_LETTER.match(it.base)):
            # L(x, y, w), ξ(t_i, y_i): a list is never a factor, so a function of it; nor
            # is anything after a script letter, 𝓛(θ), 𝓛(2): a loss, a likelihood at it
            base = _name_value(Name(it.base, it.subs))
            label = str(base.base.label) if isinstance(base, sp.Indexed) else str(base)
            factors.append(sp.Function(label, real=True)(*nxt.entries))
            pos += 2
            continue
        factors.append(finish(it))
        pos += 1
    if sum(_digits(f) for f in factors if f.is_Rational) > MAX_EXPONENT:
        raise TooLarge(f"a product of numbers too large to evaluate (over {MAX_EXPONENT} "
                         "digits)")
    if sum(isinstance(f, sp.MatrixBase) for f in factors) > 1:
        return _matrix_product(factors)
    if _einstein.get() and len(factors) > 1 and all(isinstance(f, sp.Expr) for f in factors):
        return Repeated(sp.Mul(*factors))
    return sp.Mul(*factors) if factors else sp.Integer(1)


def _differentials(items, functions) -> list:
    """`\\mathrm{d}` applied to the one factor after it, as an operator name takes its
    argument (\\ln x): a name, a group, a norm, a call `L(w)`, with their powers
    (`\\mathrm{d}\\|x\\|^{3/2}`, `\\mathrm{d}(x^\\top) \\cdot Ax`); the d of `d/dx` where
    nothing follows."""
    out, pos = [], 0
    while pos < len(items):
        it = items[pos]
        if not isinstance(it, DiffMark):
            out.append(it)
            pos += 1
            continue
        nxt = items[pos + 1] if pos + 1 < len(items) else None
        if nxt is None or isinstance(nxt, (MulOp, Divide, DerivOp, DiffMark, PartialMark,
                                           MulNeg)):
            out.append(real_symbol("d"))
            pos += 1
            continue
        take = 2 if isinstance(nxt, (Name, Callable)) and pos + 2 < len(items) \
            and isinstance(items[pos + 2], (Group, PoweredGroup)) else 1
        out.append(DifferentialOf(finish(_combine(items[pos + 1:pos + 1 + take], functions))))
        pos += 1 + take
    return out


def _entrywise(items, functions):
    """`A \\odot B`, `H \\circ (1 - H)`: in the matrix reading the entrywise product of the
    products on each side (W^T δ ⊙ σ'(z) is (W^T δ) ⊙ σ'(z)), and `u \\otimes v` the outer
    product; in the scalar one, with numbers entrywise is a product. `\\circ` there may be
    a composition (f ∘ g): not read."""
    groups, current, ops = [], [], []
    for it in items:
        if isinstance(it, MulOp) and it.entrywise:
            groups.append(current)
            ops.append(it.entrywise)
            current = []
        else:
            current.append(it)
    groups.append(current)
    if any(not g for g in groups):
        raise ParseError("an entrywise product needs a factor on each side")
    values = [_combine(g, functions) for g in groups]
    if _matrix_reading.get():
        value = finish(values[0])
        for op, other in zip(ops, values[1:]):
            value = (Kronecker if op == "otimes" else Hadamard)(value, finish(other))
        return value
    at = [n for n, i in enumerate(items) if isinstance(i, MulOp) and i.entrywise == "circ"]
    if any(n + 1 < len(items) and all(_plain_letter(i) and i.name_text.islower()
                                      for i in (items[n - 1], items[n + 1])) for n in at):
        raise ParseError(r"f \circ g outside matrix notation: a composition or an entrywise "
                         "product, which the text does not say")
    done = [finish(v) for v in values]
    if "otimes" in ops and any(isinstance(v, sp.MatrixBase) for v in done):
        # (1, 2)^T ⊗ (3, 4)^T written out: the outer product of columns, else Kronecker's
        value = done[0]
        for op, other in zip(ops, done[1:]):
            value = _outer(value, other) if op == "otimes" else sp.Mul(value, other)
        return value
    if all(isinstance(v, sp.MatrixBase) for v in done) and len({v.shape for v in done}) == 1:
        # (0.6 − 1, 0.2 − 0)^T ⊙ (0.24, 0.16)^T: two matrices written out, entry by entry
        value = done[0]
        for other in done[1:]:
            value = sp.ImmutableMatrix(value.multiply_elementwise(other))
        return value
    return sp.Mul(*done)


def _outer(a, b):
    """a ⊗ b of values: u vᵀ of two columns, the Kronecker product of other matrices, a
    product where one is a number."""
    if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
        return a * b
    if a.cols == b.cols == 1:
        return sp.ImmutableMatrix(a * b.T)
    return sp.ImmutableMatrix(sp.kronecker_product(a, b))


def _matrix_product(factors: list):
    """Matrices written out, multiplied in their order (numbers commute): a product whose
    shapes do not fit is no value — `Misshapen`, saying which."""
    matrices = [f for f in factors if isinstance(f, sp.MatrixBase)]
    for a, b in zip(matrices, matrices[1:]):
        if a.cols != b.rows:
            raise Misshapen(f"a {a.rows}×{a.cols} matrix times a {b.rows}×{b.cols} one: "
                            "the product is not defined")
    value = matrices[0]
    for m in matrices[1:]:
        value = value * m
    return sp.ImmutableMatrix(sp.Mul(*[f for f in factors if not isinstance(f, sp.MatrixBase)])
                              * value)


# --- entry point ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = (Path(__file__).with_name("lecture.lark")).read_text(encoding="utf-8")
    grammar = grammar.replace("@FUNCTIONS@", "|".join(sorted({*_FUNCS, "max", "min"},
                                                             key=len, reverse=True)))
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def warm() -> None:
    """Build the grammar's parser now, before forking workers: each would otherwise build
    it again (a quarter second) out of its own step's time budget."""
    _lark()


def _check_bounds(text: str):
    if len(text) > MAX_LENGTH:
        raise ParseError(f"formula too long ({len(text)} characters, limit {MAX_LENGTH})", 0)
    depth = 0
    braces: list[int] = []          # where each open { is, to say where an unclosed one opens
    for pos, ch in enumerate(text):
        if ch in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise ParseError(f"groups nested more than {MAX_DEPTH} deep", pos)
        elif ch in ")}]":
            depth -= 1
        if ch == "{" and (pos == 0 or text[pos - 1] != "\\"):
            braces.append(pos)
        elif ch == "}" and (pos == 0 or text[pos - 1] != "\\"):
            if not braces:
                raise ParseError("a } that closes nothing", pos)
            braces.pop()
    if braces:
        raise ParseError("a { that is never closed", braces[-1])


_display: ContextVar[tuple] = ContextVar("display", default=("", frozenset()))


@contextmanager
def reading_display(text: str, plain=frozenset()):
    """Formulas read here belong to this display: notation it settles (a layer's label,
    `z^1 = w^1 x`) holds for each of its chains. `plain`: the letters defined so far as
    plain names (`a = \\tanh z`), whose square a display may write."""
    token = _display.set((text, frozenset(plain)))
    try:
        yield
    finally:
        _display.reset(token)


def _layers_here(text: str, functions: frozenset) -> frozenset:
    """The layered letters (LAYERED) of a formula: a number above one is a layer's label —
    except for a letter also defined as a plain name (`a = \\tanh z`, then `1 - a^2`, on a
    page whose network has a^1), where its display writes no layer 1 or letter layer
    (`z^1 = w^1 x`, `a^l = σ(z^l)`)."""
    letters = {f[len(LAYERED):] for f in functions if f.startswith(LAYERED)}
    if not letters or LAYERS_READ in letters:
        return functions                # (the common case: no layers on the page)
    display, plain = _display.get()
    doubtful = {letter for letter in letters if letter.lstrip("\\") in plain}
    text = f"{display} {text}"
    if not doubtful or any(re.search(r"(?<![a-zA-Z])%s\s*\^\s*(\{\s*)?[1lL](?![0-9a-zA-Z])"
                                     % re.escape(letter), text) for letter in letters):
        return functions
    return frozenset(f for f in functions if f[len(LAYERED):] not in doubtful)


_READ: dict = {}          # (text, functions) -> what reading it gave, latest last
_READ_KEPT = 64           # the pre-checks, definitions and steps of a block read the same
                          # display several times; reading is a pure function of these


def read_chain(text: str, functions=frozenset(), spans: list | None = None) -> tuple[list, list]:
    """Parse `E0 rel E1 rel … Ek`: the expressions and the relations between them.
    If `spans` is a list, the source text of each expression is appended to it.

    `functions` names the user's defined functions (f for `f(x, y) = …`), so that `f(x)`
    is a call and `a(1 − a)` a product. Raises ParseError with the offset of the trouble.
    """
    key = (text, _layers_here(text, frozenset(functions)))
    if key not in _READ:
        try:
            got = _read_chain(text, key[1])
        except ParseError as exc:
            got = exc
        _READ[key] = got              # (a Timeout is the caller's, never remembered)
        while len(_READ) > _READ_KEPT:
            del _READ[next(iter(_READ))]
    got = _READ[key]
    if isinstance(got, ParseError):
        raise type(got)(got.message, got.position)
    exprs, rels, texts = got
    if spans is not None:
        spans.extend(texts)
    return _sums_over_values(list(exprs)), list(rels)


def _sums_over_values(exprs: list) -> list:
    """`\\frac{\\partial}{\\partial w} \\sum_{w'} w'^2 = 2w`: a sum over the weights beside a
    derivative by one of them (`over_members`), in every expression of the chain."""
    by = {v for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)
          for v in d.variables if isinstance(v, sp.Symbol)}
    return [over_members(e, by) if by and isinstance(e, sp.Basic) else e for e in exprs]


# the function words the grammar knows as commands (lecture.lark FUNC), set as text (and
# `\operatorname{tr} X`, `\mathrm{det} A`, which take a name as \det does);
# alone in a group (`{\text{max}}`) the group goes too: `{\max}` would end before its argument
_WORD = (r"\\(?:text|textrm|mathrm|operatorname\*?|mathit|mbox)\s*"
         rf"\{{\s*({'|'.join(sorted({*ELEMENTARY, 'max', 'min', 'tr', 'det'}, key=len, reverse=True))})"
         r"\s*\}")
_FUNCTION_WORD = re.compile(rf"\{{\s*{_WORD}\s*\}}|{_WORD}")


def _function_words(text: str) -> str:
    r"""`\text{log}`, `\mathrm{exp}`, `\operatorname{max}` written as the command, padded
    to the same length (positions stay those of the source): so it takes its argument as
    the command does, `\text{log}\,e^{u}` is log e^u, not the product log·e^u."""
    return _FUNCTION_WORD.sub(lambda m: f"\\{m.group(1) or m.group(2)}".ljust(len(m.group(0))),
                              text)


OPEN_BAR, CLOSE_BAR = "\x1e", "\x1d"       # |x| as the grammar's LVERT … RVERT
_EVALUATION = re.compile(r"\\left\s*\.(.*)\\right\s*(\||\\vert(?![a-zA-Z]))(?=\s*_)", re.S)


# a bar with a point under it and no `\left.` before: `f(γ) \Big|_{\gamma = 0}`, `g|_{x=1}`
_BARE_EVALUATION = re.compile(r"(?:\\[Bb]igg?[lr]?|\\right)?\s*+\|(?=\s*+_\s*+\{[^{}]*=[^{}]*\})")


def _evaluation_bars(text: str) -> str:
    r"""`\left. f(x) \right|_{x=0}`: its two ends marked as the grammar's EVAL_OPEN and
    EVAL_CLOSE, one character and spaces for each (positions stay true); a bar with a point
    under it and no `\left.` evaluates the side it ends, from the relation before it."""
    m = _EVALUATION.search(text) if "\\left" in text else None
    if not m:
        return _bare_evaluation_bar(text)
    opening = m.start(1) - m.start()
    closing = m.end() - m.end(1)
    return (text[:m.start()] + "\x1c" + " " * (opening - 1) + m.group(1) + "\x1b"
            + " " * (closing - 1) + text[m.end():])
def _bare_evaluation_bar(text: str) -> str:
    """`_evaluation_bars` for a bar alone: the side opens after the last relation at depth
    0 before it (or at the start), marked in the place of a space at either end of it."""
    m = _BARE_EVALUATION.search(text)
    if m is None or "\x1c" in text:
        return text
    depth, opening = 0, 0
    for at in range(m.start()):
        ch = text[at]
        depth += ch in "({["
        depth -= ch in ")}]"
        if depth == 0 and ch in "=<>":
            opening = at + 1
    inner = text[opening:m.start()]
    if depth != 0 or opening and _top_level_sum(inner):
        return text       # `w − η ∂L/∂w |_{w=…}` after `=`: of which term? not guessed
    bar = text[m.start():m.end()]
    closing = "\x1b" + " " * (len(bar) - 1)
    inner = text[opening:m.start()]
    if inner[:1] == " ":
        return text[:opening] + "\x1c" + inner[1:] + closing + text[m.end():]
    if inner[-1:] == " ":                   # (one space fewer before the bar instead)
        return text[:opening] + "\x1c" + inner[:-1] + closing + text[m.end():]
    return text


def _top_level_sum(text: str) -> bool:
    """Whether a + or − joins terms outside every bracket (not a leading sign)."""
    depth = 0
    for at, ch in enumerate(text):
        depth += ch in "({["
        depth -= ch in ")}]"
        if depth == 0 and ch in "+-" and text[:at].strip():
            return True
    return False


_BAR_CHAR = re.compile(r"(\\left|\\right|\\)?\s*\|")


_MID = re.compile(r"\\mid(?![a-zA-Z])")


def _mid_bars(text: str) -> str:
    r"""`\frac{\mid f'_a - f'_n \mid}{\max(\mid f'_a \mid, \mid f'_n \mid)}`: `\mid`s in
    pairs within one bracket are an absolute value's bars, written `|` (padded, positions
    stay true); a bracket with one `\mid` holds a conditional, p(y \mid x), left as it is."""
    if "\\mid" not in text:
        return text
    groups, stack, opened = {}, [0], 0
    for m in re.finditer(r"\\mid(?![a-zA-Z])|[({\[]|[)}\]]", text):
        token = m.group(0)
        if token in "({[":
            opened += 1
            stack.append(opened)
        elif token in ")}]":
            if len(stack) > 1:
                stack.pop()
        else:
            groups.setdefault(stack[-1], []).append(m.start())
    chars = list(text)
    for places in groups.values():
        if len(places) % 2 == 0:
            for at in places:
                chars[at:at + 4] = list("|   ")
    return "".join(chars)


def _absolute_bars(text: str) -> str:
    r"""`|y - C|`, `\left| x \right|`: an absolute value, its bars marked as the grammar's
    LVERT and RVERT, one character for one (positions stay true). Bars are paired in
    order at one brace depth; a conditional's bar (p(y|x)) is hidden as an atom before
    this, `\|` is a norm, and an evaluation bar (`\left. … \right|_{x=0}`) or bars that
    do not pair are left as they are."""
    if "|" not in text or "\\left." in text:
        return text
    bars, depths = [], []
    for m in _BAR_CHAR.finditer(text):
        if m.group(1) == "\\":
            continue                                         # \| : a norm's bar
        bars.append(m.end() - 1)
        depths.append(text.count("{", 0, m.start()) - text.count("}", 0, m.start()))
    if not bars or len(bars) % 2 or any(depths[k] != depths[k + 1]
                                        for k in range(0, len(bars), 2)):
        return text
    chars = list(text)
    for k, at in enumerate(bars):
        chars[at] = CLOSE_BAR if k % 2 else OPEN_BAR
    return "".join(chars)


_MATRIX_ENV = re.compile(r"\\begin\{(?:[pbvBV]?matrix|smallmatrix)\*?\}.*?"
                         r"\\end\{(?:[pbvBV]?matrix|smallmatrix)\*?\}", re.S)


def _matrix_cells(text: str) -> str:
    """`&` inside a matrix written out parts its cells (elsewhere it only aligns): marked
    as the grammar's CELL, one character for one, so positions stay true."""
    if "matrix" not in text:
        return text
    return _MATRIX_ENV.sub(lambda m: m.group(0).replace("&", "\x1f"), text)


_DECORATED_SCRIPT = re.compile(r"\\(hat|widehat|bar|overline|tilde|widetilde|vec|dot|ddot|"
                               r"check|breve|mathring|mathbf|boldsymbol|bm|mathcal|mathrm|mathsf|"
                               r"mathit)\{\s*([a-zA-Z]|\\[a-zA-Z]+|\\(?:mathbf|boldsymbol|bm|hat|bar|"
                               r"tilde|vec)\{[a-zA-Z]\})\s*"
                               r"(_(?:\{[^{}]*\}|[a-zA-Z0-9]))\s*\}")


_OPTIMUM_WORD = (r"\\(?:text|textrm|mathrm|operatorname\*?)\s*\{\s*arg\s*(?:\\[,;:! ]\s*)*"
                 r"(?P<w>max|min)\s*\}|\\arg\s*(?:\\[,;:! ]\s*)*\\(?P<c>max|min)(?![a-zA-Z])"
                 r"|\\arg(?P<a>max|min)(?![a-zA-Z])")
_OPTIMUM = re.compile(_OPTIMUM_WORD)
_UNDERSET = re.compile(r"\\underset\s*\{(?P<sub>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{\s*(?:"
                       + _OPTIMUM_WORD + r"|(?P<m>\\?(?:max|min)))\s*\}")


def _optimum_words(text: str) -> str:
    """`\\operatorname*{argmax}`, `\\arg\\max`, `\\text{argmin}` written as the grammar's
    `\\argmax`, and `\\underset{θ}{\\text{argmax}}` as `\\argmax_{θ}` (padded to the same
    length, so positions stay true)."""
    if "arg" not in text and "underset" not in text:
        return text

    def word(m) -> str:
        kind = m.group("w") or m.group("c") or m.group("a")
        return f"\\arg{kind}" if kind else f"\\{m.group('m').lstrip(chr(92))}"

    def underset(m) -> str:
        return f"{word(m)}_{{{m.group('sub')}}}".ljust(len(m.group(0)))
    text = _UNDERSET.sub(underset, text)
    return _OPTIMUM.sub(lambda m: word(m).ljust(len(m.group(0))), text)


_UNDER_ANY = re.compile(r"\\underset\s*(?:\{(?P<a>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}|(?P<a1>[a-zA-Z]))"
                        r"\s*(?:\{(?P<b>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}|(?P<b1>\\[a-zA-Z]+|[a-zA-Z]))")


def _underset_sums(text: str) -> str:
    """`\\underset{i}{\\sum}` is `\\sum_{i}`; `\\sum_{\\underset{j \\neq c}{j=0}}` puts the two
    conditions of one index under the sum: `\\sum_{j=0, j \\neq c}` (the same length)."""
    if "underset" not in text:
        return text

    def one(m) -> str:
        under = m.group("a") if m.group("a") is not None else m.group("a1")
        over = (m.group("b") if m.group("b") is not None else m.group("b1")).strip()
        if over in ("\\sum", "\\prod"):
            return f"{over}_{{{under}}}".ljust(len(m.group(0)))
        if _SHAPE_LABEL.fullmatch(under):     # `\\underset{n \\times 1}{\\frac{∂f}{∂x}}`: a shape
            braced = f"{{{over}}}" if m.group("b") is not None else over
            return braced.rjust(len(m.group(0)))
        if text[:m.start()].rstrip().endswith("_{"):
            return f"{over}, {under}".ljust(len(m.group(0)))
        return m.group(0)
    return _UNDER_ANY.sub(one, text)


# a shape written under a factor, `n \\times 1`: what it is, not what it computes
_SHAPE_LABEL = re.compile(r"\s*[a-zA-Z0-9]+\s*\\times\s*[a-zA-Z0-9]+\s*")
# `\\Sigma^m_{i=1} x_i`, `\\Sigma^k_j e^{f_j}`: the capital sigma written as the summation sign —
# with its index set to a start below, or one index below and a bound above that is no power
# (a covariance is `\\Sigma`, `\\Sigma_k`, `\\Sigma^{-1}`, `\\Sigma_k^T`)
_ONE = r"(?:\{\s*[a-zA-Z]\s*\}|[a-zA-Z])"
_SIGMA_SUM = re.compile(r"\\Sigma(?![a-zA-Z])(?=\s*(?:"
                        r"(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?_\s*\{\s*[a-zA-Z]\s*=[^{}]*\}"
                        r"|_\s*\{\s*[a-zA-Z]\s*=[^{}]*\}"
                        rf"|\^\s*(?!T(?![a-zA-Z])|\{{\s*T\s*\}}){_ONE}\s*_\s*{_ONE}"
                        rf"|_\s*{_ONE}\s*\^\s*(?!T(?![a-zA-Z])|\{{\s*T\s*\}}){_ONE}))")
# `\\exp^{-w^T x}`: the exponential written as a power of the word, e^{-w^T x}
_EXP_POWER = re.compile(r"\\exp(?![a-zA-Z])(?=\s*\^)")


def _written_sums(text: str) -> str:
    """The capital sigma written as the summation sign read as `\\sum`, and `\\exp^{x}` as
    `e^{x}` (padded to the same length, so positions stay true); a bound that is a power
    of a covariance (`\\Sigma_k^T`, `\\Sigma^{-1}`) is no sum."""
    if "\\Sigma" in text:
        text = _SIGMA_SUM.sub(lambda m: "\\sum".ljust(len(m.group(0))), text)
    return _EXP_POWER.sub("e   ", text) if "\\exp" in text else text


_BRACE_NOTE = re.compile(r"\\(underbrace|overbrace)\s*(?=\{)")


_STARRED = re.compile(r"([_^])\s*(?:\{\s*(?:\*|\\ast|\\star)\s*\}|\\ast(?![a-zA-Z]))")


def _starred(text: str) -> str:
    """`w^{*}`, `w^{\\ast}`, `b_\\ast`: the starred name (the optimum), as `w^*` is — braced,
    the star alone was an empty product and `w^{*}` read as w (the same length)."""
    return _STARRED.sub(lambda m: (m.group(1) + "*").ljust(len(m.group(0))), text)


def _without_brace_notes(text: str) -> str:
    """`\\underbrace{\\nabla_{ij} g_k}_{=0,\\, i \\neq k}`: the expression under the brace,
    its note (a value, a case, a circled label) set aside — the note says why a factor is
    what it is, and is not read (the same length, so positions stay true)."""
    if "brace" not in text:
        return text
    for m in reversed(list(_BRACE_NOTE.finditer(text))):
        close = group_end(text, m.end())
        if close is None:
            continue
        end = close
        rest = re.match(r"\s*[_^]\s*", text[close:])
        if rest:
            at = close + rest.end()
            command = re.match(r"\\[a-zA-Z]+\s*", text[at:])
            if command and text[at + command.end():at + command.end() + 1] == "{":
                at += command.end()          # `_\text{data loss}`: the command's group
            if not re.match(r"[{\\\w]", text[at:at + 1]):
                end = at                     # (a note the block's words took out: `}_   +`)
            else:
                end = group_end(text, at) if text[at:at + 1] == "{" else \
                    at + (command.end() if command else 1)
            if end is None:
                continue
        text = (text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():close]
                + " " * (end - close) + text[end:])
    return text


_INTEGRAL_GROUP = re.compile(r"\\int(?![a-zA-Z])(?:\s*_\s*(?:\{[^{}]*\}|\\?[a-zA-Z0-9]+))?"
                             r"(?:\s*\^\s*(?:\{[^{}]*\}|\\?[a-zA-Z0-9]+))?\s*\{")


def _integrand_unbraced(text: str) -> str:
    """`\\int_a^b { p(x) \\log q(x) dx }`: braces around the integrand and its differential
    only group what the integral takes — the braces go (spaces, positions kept)."""
    out = list(text)
    for m in _INTEGRAL_GROUP.finditer(text):
        start = m.end() - 1
        i = _closing(text, start, "{", "}")
        if i is None:
            continue
        if _DIFFERENTIAL_END.search(text[start + 1:i]):
            out[start] = out[i] = " "
    return "".join(out)


def _decorated_scripts(text: str) -> str:
    """`\\hat{y_1}` is ŷ₁ as `\\hat{y}_1` is: the script moved out of the decoration;
    `\\phi^{(l)\\prime}` is φ^{(l)}′, a label and a prime in one superscript; `\\mathbf{d r}`
    is one name (the same length, so positions stay true)."""
    for _ in range(2):     # (`\\boldsymbol{\\hat{x_i}}`: the inner decoration first)
        text = _DECORATED_SCRIPT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}{m.group(3)}"
                                     .ljust(len(m.group(0))), text)
    text = _integrand_unbraced(text) if "\\int" in text else text
    text = _SPACED_BOLD.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}{m.group(3)}}}"
                            .ljust(len(m.group(0))), text)
    return _LABEL_PRIME.sub(lambda m: f"^{{{m.group(1)}}}'".ljust(len(m.group(0))), text) \
        if "\\prime" in text else text


# `\\mathbf {d r}`: two bold letters set apart, one name (the gradient dr)
_SPACED_BOLD = re.compile(r"\\(mathbf|boldsymbol)\s*\{\s*([a-zA-Z])\s+([a-zA-Z])\s*\}")


_LABEL_PRIME = re.compile(r"\^\s*\{([^{}\s][^{}]*?)\s*\\prime\s*\}")


# an index letter with a prime where an index stands: `\sum_{k'=1}^K`, `y_{k'}`, `W_{jk'}`
_PRIMED_INDEX = re.compile(r"(?:_\s{0,8}\{[^{}]{0,40}?|\\sum\s{0,8}_\s{0,8}\{\s{0,8})"
                           r"(?<![a-zA-Z\\])([a-z])'(?!')")
_SPARE_INDICES = "qrstuvpmlnjkiabcdegh"


def _primed_indices(text: str) -> tuple[str, dict]:
    """`k'`, a second index beside k, written as a letter of its own that the formula does
    not use (one character and a space for the two: positions stay true); with the names
    to give those letters back once read ({r: k'})."""
    primed = sorted({m.group(1) for m in _PRIMED_INDEX.finditer(text)})
    back = {}
    for letter in primed:
        spare = next((c for c in _SPARE_INDICES if c not in back and not re.search(
            r"(?<![a-zA-Z\\])%s(?![a-zA-Z])" % c, text)), None)
        if spare is None:
            break
        text = re.sub(r"(?<![a-zA-Z\\])%s'(?!')" % letter, spare + " ", text)
        back[spare] = letter + "'"
    return text, back


def _named_back(e, back: dict):
    """The spare letters of `_primed_indices` named k' again."""
    if not back or not isinstance(e, sp.Basic):
        return e
    return e.xreplace({x: index_symbol(back[x.name]) if x.is_integer and x.is_positive
                       else real_symbol(back[x.name])
                       for x in e.atoms(sp.Symbol) if x.name in back})


# `\tanh 2x`, `\sin^2 2\pi t`: a function written without brackets before a number joined
# to names takes the whole term, as every text means it (tanh(2x), never tanh(2)·x); the
# term ends at the first operator, space or command that is no Greek letter
_COEFFICIENT_GREEK = "alpha|beta|gamma|delta|theta|lambda|mu|pi|sigma|tau|omega|phi|psi"
_COEFFICIENT_ARGUMENT = re.compile(
    r"(\\(?:" + "|".join(sorted(ELEMENTARY, key=len, reverse=True)) + r")(?![a-zA-Z])"
    r"(?:\s*\^\s*(?:\{[^{}]*\}|[0-9]))?\s*)"
    r"(\d+(?:\.\d+)?(?:(?:[a-zA-Z]|\\(?:" + _COEFFICIENT_GREEK + r")(?![a-zA-Z])\s*)"
    r"(?:_(?:\{[^{}]*\}|[a-zA-Z0-9]))?(?:\^(?:\{[^{}]*\}|[a-zA-Z0-9]))?)+)")


def _rewritten(text: str, pattern: re.Pattern, new) -> tuple[str, list]:
    """The text with each match of `pattern` replaced by new(match), and the edits made:
    (start, end) of each replacement in the new text with (start, end) of what it replaced
    in the old, so that what was written is found again (`_written_at`)."""
    out, edits, last, length = [], [], 0, 0
    for m in pattern.finditer(text):
        put = new(m)
        if put is None:
            continue
        out.append(text[last:m.start()])
        length += m.start() - last
        edits.append((length, length + len(put), m.start(), m.end()))
        out.append(put)
        length += len(put)
        last = m.end()
    out.append(text[last:])
    return "".join(out), edits


def _written_at(pos: int, edits: list) -> int:
    """A position in a rewritten text as a position in the text as written: inside a
    replacement, where what it replaced starts (its end, at its end)."""
    shift = 0
    for new_start, new_end, old_start, old_end in edits:
        if pos < new_start:
            break
        if pos < new_end:
            return old_start
        shift = old_end - new_end
    return pos + shift


# `Y_{\\text{pred},ik}`, `y_{\\mathrm{true}, i}`: a worded label first in a subscript, then the
# entry's indices — the entry ik of the name Y_pred (read as one list, "pred" was an index)
_WORDED_LABEL = re.compile(r"(?<![a-zA-Z\\])([a-zA-Z])\s*_\s*\{\s*(\\(?:text|mathrm|textrm|operatorname|"
                           r"mathit)\s*\{\s*[a-zA-Z]{2,}\s*\})\s*,\s*([^{}]+)\}")


def _coefficient_arguments(text: str) -> tuple[str, list]:
    text, first = _rewritten(text, _COEFFICIENT_ARGUMENT,
                             lambda m: f"{m.group(1)}{{{m.group(2)}}}")
    if not _TRACE_OF_A_PRODUCT.search(text):
        return text, first
    text, second = _rewritten(text, _TRACE_OF_A_PRODUCT,
                              lambda m: f"{m.group(1)}{{{m.group(2)}}}")
    return text, first + second      # (the second's positions are past the first's)


# `\operatorname{tr} A X`, `\det X^{-1}\mathrm{d}X`: a trace or determinant written without
# brackets before a product of matrices is of the whole product, as texts mean it (tr(AX),
# never tr(A)·X); the product ends at the first operator or command that names no matrix
_MATRIX_FACTOR = (r"(?:\\mathrm\s*\{\s*d\s*\}\s*)?(?:[A-Za-z]|\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?"
                  r"[A-Za-z]+\s*\})(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
                  r"(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]|\\top|\\intercal))?")
_TRACE_OF_A_PRODUCT = re.compile(
    r"((?:\\(?:tr|det)|\\(?:operatorname|mathrm)\s*\{\s*(?:tr|det)\s*\})(?![a-zA-Z])\s*)"
    rf"((?=\\mathrm\s*\{{\s*d\s*\}}){_MATRIX_FACTOR}(?:(?:\s|\\,)*{_MATRIX_FACTOR})*"
    rf"|{_MATRIX_FACTOR}(?:(?:\s|\\,)*{_MATRIX_FACTOR})+)(?![\w({{\[])")


LOG_WHOLE_TERM = "log(…term)"     # a reading: \log without brackets takes its whole term

_UNBRACKETED_LOG = re.compile(r"\\(?:log|ln)(?![a-zA-Z])\s*(?![\s(\[{]|\\left|\\[bB]igg?l?"
                              r"(?![a-zA-Z])|_|\^)")
_TERM_STOPS = re.compile(r"[-+=&,;<>|]|\\(?:quad|qquad|le|ge|leq|geq|neq|ne|approx|to|"
                         r"Rightarrow|implies|iff|pm|mp|text|right|end|\\)(?![a-zA-Z])")


_DELIMITER = re.compile(r"\s*(?:\\[a-zA-Z]+|\\.|.)")


def _after_delimiter(text: str, at: int) -> int:
    """Past the delimiter of a `\\left` or `\\right` (`(`, `\\{`, `\\langle`, `.`)."""
    m = _DELIMITER.match(text, at)
    return m.end() if m else at


def _term_end(text: str, at: int, stops) -> tuple[int, int, bool]:
    """(where the term from `at` ends — at a stop or a bracket that closes round it —, the
    bracket depth left open there, whether a sign stands between its terms at its depth)."""
    depth, start, signed = 0, at, False
    while at < len(text):
        ch = text[at]
        if depth == 0 and stops.match(text, at):
            break
        if text.startswith("\\left", at):           # `\left(`: one bracket opened
            depth += 1
            at = _after_delimiter(text, at + len("\\left"))
            continue
        if text.startswith("\\right", at):
            depth -= 1
            at = _after_delimiter(text, at + len("\\right"))
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            if depth == 0:
                break
            depth -= 1
        elif ch in "+-" and depth == 0 and text[start:at].strip():
            signed = True
        at += 2 if ch == "\\" and at + 1 < len(text) and not text[at + 1].isalpha() else 1
    return at, depth, signed


def _bracketed(text: str, spans: list) -> tuple[str, list]:
    """The text with each (head start, term start, term end) span's term put in
    `\\left(…\\right)` after its head, and the edits made (`_rewritten`)."""
    out, edits, last, length = [], [], 0, 0
    for head, start, end in spans:
        put = text[head:start].rstrip() + "\\left(" + text[start:end] + "\\right)"
        out.append(text[last:head])
        length += head - last
        edits.append((length, length + len(put), head, end))
        out.append(put)
        length += len(put)
        last = end
    out.append(text[last:])
    return "".join(out), edits


def _log_terms(text: str) -> tuple[str, list]:
    r"""Each `\log a\,b` written without brackets as log of its whole product term,
    `\log\left(a\,b\right)` (up to a sign, a relation or a bracket that closes around
    it), with the edits made (`_rewritten`)."""
    spans, last = [], 0
    for m in _UNBRACKETED_LOG.finditer(text):
        if m.start() < last:
            continue
        at, depth, _ = _term_end(text, m.end(), _TERM_STOPS)
        term = text[m.end():at].rstrip()
        if term and not depth:
            last = m.end() + len(term)
            spans.append((m.start(), m.end(), last))
    return _bracketed(text, spans)


SUM_WHOLE_TERM = "sum(…rest)"     # a reading: a Σ without brackets sums the rest of its bracket

_UNBRACKETED_SUM = re.compile(r"\\sum(?![a-zA-Z])(?:\s*\\limits)?")
_SUM_STOPS = re.compile(r"[=&,;<>|]|\\(?:quad|qquad|le|ge|leq|geq|neq|ne|approx|to|Rightarrow|"
                        r"implies|iff|text|right|end|\\)(?![a-zA-Z])")
_BIG_OPERATOR = re.compile(r"\\(?:sum|prod|int)(?![a-zA-Z])")
_OPENS = re.compile(r"\s*(?:\\left|\\[bB]igg?l?(?![a-zA-Z])|[(\[])")
_SCRIPT_MARK = re.compile(r"\s*[_^]\s*")
_SCRIPT_TOKEN = re.compile(r"\\[a-zA-Z]+|.")


def _script_end(text: str, at: int) -> int:
    """Past a sum's sub- and superscripts (`_{i=1}^{N}`, `^n_{i=0}`) from `at`."""
    while m := _SCRIPT_MARK.match(text, at):
        at = m.end()
        if text.startswith("{", at):
            end = group_end(text, at)
            if end is None:
                return len(text)
            at = end
        else:
            token = _SCRIPT_TOKEN.match(text, at)
            at = token.end() if token else at
    return at


def _sum_terms(text: str) -> tuple[str, list]:
    r"""Each `\sum_i a_i - 1` written without brackets round its terms as the sum of all
    of them, `\sum_i\left(a_i - 1\right)` (up to a relation or the bracket that closes
    round it) — only where a sign at its depth follows, with the edits made."""
    spans, last = [], 0
    for m in _UNBRACKETED_SUM.finditer(text):
        if m.start() < last:
            continue
        start = _script_end(text, m.end())
        if _OPENS.match(text, start) and _closes_alone(text, start):
            continue                                # Σ_i (a_i − 1): bracketed already
        at, depth, signed = _term_end(text, start, _SUM_STOPS)
        body = text[start:at].rstrip()
        if signed and not depth and body and not _BIG_OPERATOR.search(body):
            # (Σ_i L_i + λ Σ_k W_k²: two sums, never one inside the other)
            last = start + len(body)
            spans.append((m.start(), start, last))
    return _bracketed(text, spans)


def _closes_alone(text: str, at: int) -> bool:
    """Whether the bracket opening at `at` closes where the sum's term ends (Σ (a − 1)),
    not before more of it (Σ (a)b − 1, whose rest the bracket does not hold)."""
    m = _OPENS.match(text, at)
    depth, n = 0, m.start() if m else at
    while n < len(text):
        if text.startswith("\\left", n) or text[n] in "([{":
            depth += 1
        elif text.startswith("\\right", n) or text[n] in ")]}":
            depth -= 1
            if depth == 0:
                n = _after_delimiter(text, n + len("\\right")) if text.startswith(
                    "\\right", n) else n + 1
                rest = text[n:].lstrip()
                return not rest or rest[0] in "=+-&,;<>)]}" or rest.startswith("\\")
        n += 1
    return True


def unbracketed_sum(text: str) -> bool:
    """Whether a formula writes a Σ without brackets before terms joined by signs."""
    return bool(_sum_terms(text)[1])


def unbracketed_log(text: str) -> bool:
    """Whether a formula writes a log without brackets before a term (LOG_WHOLE_TERM)."""
    return bool(_log_terms(text)[1])


def _dot_products(text: str, functions) -> tuple[str, list]:
    """Each `a \\cdot b` of a pair the document sums (DOT) written as that sum, over an
    index letter the formula does not use."""
    edits = []
    for flag in sorted(f for f in functions if f.startswith(DOT)):
        pair, lo, hi = flag[len(DOT):].split(":")
        a, b = pair.split(",")
        name = {letter: rf"(?:\\(?:mathbf|boldsymbol|vec)\s*\{{\s*{letter}\s*\}}|"
                        rf"\\vec\s*{letter}|(?<![a-zA-Z\\_^]){letter})"
                for letter in (a, b)}
        free = next((c for c in "ijklmprs" if not re.search(rf"(?<![a-zA-Z\\]){c}(?![a-zA-Z])",
                                                           text)), None)
        if free is None:
            continue
        pattern = re.compile(rf"{name[a]}(?!\s*[_^])\s*\\cdot\s*{name[b]}(?![a-zA-Z_^(])")
        text, made = _rewritten(text, pattern, lambda m: (
            rf"\left(\sum_{{{free}={lo}}}^{{{hi}}} {a}_{{{free}}} {b}_{{{free}}}\right)"))
        edits.append(made)
    return text, edits


# two numbers written side by side with only blanks between them (`[\,1\;\;2\,]`): a row
# written with spaces — never a product, which no text writes without a sign
_NUMBERS_APART = re.compile(r"(?<![\w.{}^_\\])\d+(?:\.\d+)?(?:\s|\\[,;:! ]|~)+\d")


def _read_chain(text: str, functions: frozenset) -> tuple[tuple, tuple, tuple]:
    _check_bounds(text)
    apart = next((m for m in _NUMBERS_APART.finditer(text)
                  if not re.search(r"(\\[a-zA-Z]+|[\^_])\s*$", text[:m.start()])), None)
    if apart:       # (`\frac 1 2`: a command's arguments, as TeX reads them)
        raise ParseError("two numbers side by side with no sign between them (a row "
                         "written with spaces is not read)", apart.start())
    source = text
    text, back = _primed_indices(text)
    text, coefficients = _coefficient_arguments(text)
    text, dots = _dot_products(text, functions)
    text, labels = _rewritten(text, _WORDED_LABEL, lambda m: f"{{{m.group(1)}_{{{m.group(2)}}}}}"
                                                              f"_{{{m.group(3)}}}")
    rewrites = [coefficients, *dots, labels]        # (in the order made: undone the other way)
    if LOG_WHOLE_TERM in functions:
        text, logs = _log_terms(text)
        rewrites.append(logs)
    if SUM_WHOLE_TERM in functions:
        text, sums = _sum_terms(text)
        rewrites.append(sums)

    def written_at(pos: int) -> int:
        for edits in reversed(rewrites):
            pos = _written_at(pos, edits)
        return pos
    prepared = _written_sums(_underset_sums(_optimum_words(_matrix_cells(_decorated_scripts(
        _starred(_without_brace_notes(_mid_bars(text))))))))
    text, atoms = hide(_given_calls(_expectations_written_round(_function_words(prepared),
                                                                functions), functions)
                       .replace("\\Vert", "\\|   "))
    text = _absolute_bars(_evaluation_bars(text))
    try:
        tree = _lark().parse(text)
    except UnexpectedCharacters as exc:
        at = written_at(exc.pos_in_stream)
        command = re.match(r"\\[a-zA-Z]+", text[exc.pos_in_stream:])
        if command:
            raise ParseError(f"unknown command {command.group(0)}", at) from None
        raise ParseError(f"unexpected character {source[at]!r}", at) from None
    except UnexpectedToken as exc:
        pos = exc.token.start_pos if exc.token.start_pos is not None else len(text)
        at = written_at(pos)
        written = str(exc.token)
        if any(ch < " " for ch in written):      # a mark of ours (|x|'s bars): as written
            written = source[at:at + len(written)]
        what = "end of formula" if exc.token.type == "$END" else repr(written)
        raise ParseError(f"unexpected {what}", at) from None
    except UnexpectedEOF:
        raise ParseError("the formula ends too early", len(source)) from None
    except (LarkError, RecursionError) as exc:
        raise ParseError(f"cannot read the formula ({type(exc).__name__})", 0) from None
    spans = []
    for child in tree.children[0::2]:
        meta = getattr(child, "meta", None)
        spans.append(source[written_at(meta.start_pos):written_at(meta.end_pos)].strip()
                     if meta and not meta.empty else str(child))
    try:
        reading = _matrix_reading.set(MATRIX_READING in functions)
        pi = _pi_named.set(PI_NAMED in functions)
        e = _e_named.set(E_NAMED in functions)
        summed = _einstein.set(EINSTEIN in functions)
        base = _log_base_2.set(LOG_BASE_2 in functions)
        try:
            exprs, rels = _ToSympy(prepared, functions, atoms, text).transform(tree)
            exprs = [_named_back(e, back) for e in exprs]
            if EINSTEIN in functions:
                exprs = einstein_sums(exprs)
        finally:
            _matrix_reading.reset(reading)
            _pi_named.reset(pi)
            _e_named.reset(e)
            _einstein.reset(summed)
            _log_base_2.reset(base)
        return tuple(exprs), tuple(rels), tuple(spans)
    except VisitError as exc:
        inner = exc.orig_exc
        if isinstance(inner, Timeout):          # the caller's deadline, not a reading error
            raise inner from None
        if isinstance(inner, ParseError):
            pos = inner.position if inner.position is not None else getattr(
                exc.obj, "meta", None) and getattr(exc.obj.meta, "start_pos", None)
            raise type(inner)(inner.message, pos) from None
        raise ParseError(f"cannot read the formula ({type(inner).__name__}: {inner})",
                         getattr(getattr(exc.obj, "meta", None), "start_pos", None)) from None
    except RecursionError:
        raise ParseError("formula nested too deeply", 0) from None


def read_expr(text: str, functions=frozenset()):
    """Parse one expression (no relation)."""
    exprs, rels = read_chain(text, functions)
    if rels:
        raise ParseError("expected an expression, found a relation", None)
    return exprs[0]


def _left_out_base(body, divisor=None):
    """A product's body less the factor one member leaves out (a^{1 − δ_jk}: its base a),
    or, given `divisor`, the body with that divided out of its base."""
    left_out = isinstance(body, sp.Pow) and body.exp.has(sp.KroneckerDelta)
    base = body.base if left_out else body
    if divisor is None:
        return base
    return (base / divisor) ** body.exp if left_out else base / divisor
