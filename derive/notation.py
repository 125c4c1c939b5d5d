"""The vocabulary lemmas are written in: dimensions, indices, vectors, σ, δ and I(·).

Claims over "n classes" use an integer dimension symbol n, index symbols that range
over 1..n, and IndexedBase vectors, so that a claim is stated for symbolic n and
not for n = 3.
"""
from __future__ import annotations

import sympy as sp


# how a name kept whole (derive.latex.atoms: P(t=1|z), E[h̃_j], ‖x‖, ⟨w, x⟩) is spelled
_KEPT_WHOLE = ("(", "[", "\\|", "\\langle", "\\lVert")


def kept_whole(name: str) -> bool:
    """Whether a symbol's name is notation kept whole as one name, not a variable's."""
    return any(mark in name for mark in _KEPT_WHOLE)


ELLIPSIS = sp.Symbol("…")      # `s_0, s_1, ..., s_{C-1}`: read, not expanded
# the upper bound of `w_{i1} x_1 + \dots`, a sum whose last term is not written
OPEN_END = sp.Symbol("n_{…}", integer=True, positive=True)


class Transposed(sp.Function):
    """Xᵀ in the matrix reading of a step (`X^T`, `X^\\top`): kept as written, in order
    (never a power; decided at concrete sizes by derive.prover.matrices)."""
    nargs = 1
    is_commutative = False

    def _latex(self, printer):
        inner = self.args[0]
        shown = printer._print(inner)
        if not isinstance(inner, (sp.Symbol, sp.Indexed)):
            shown = rf"\left({shown}\right)"
        return rf"{shown}^{{\top}}"


class Norm(sp.Function):
    """‖x‖ of a vector, or ‖X‖_F (second argument FROBENIUS), in the matrix reading: the
    square root of the sum of the squares of the entries, a number."""
    nargs = (1, 2)
    is_commutative = True


FROBENIUS = sp.Symbol("F")


class Hadamard(sp.Function):
    """A ⊙ B (`\\odot`, `\\circ`) in the matrix reading: the entrywise product of two
    arrays of one shape (or a number times an array), never the matrix product."""
    nargs = 2
    is_commutative = False

    @classmethod
    def eval(cls, a, b):
        # two arrays written out, of one shape (a worked example's [0.25; −1.5] ⊙ [1; 0]):
        # the array of the products, so it can be compared entry by entry
        if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape == b.shape:
            return sp.ImmutableMatrix(a.multiply_elementwise(b))

    def _latex(self, printer):
        a, b = (printer._print(x) if isinstance(x, (sp.Symbol, sp.Indexed))
                else rf"\left({printer._print(x)}\right)" for x in self.args)
        return rf"\left({a} \odot {b}\right)"        # whole, as a factor of a product


class Kronecker(sp.Function):
    """u ⊗ v (`\\otimes`) in the matrix reading: of two vectors the outer product u vᵀ, as
    ML texts write it; of matrices the Kronecker product, which is not decided."""
    nargs = 2
    is_commutative = False

    @classmethod
    def eval(cls, a, b):
        # two columns written out (a worked example's): the matrix of their products
        if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.cols == b.cols == 1:
            return sp.ImmutableMatrix(a * b.T)

    def _latex(self, printer):
        a, b = (printer._print(x) if isinstance(x, (sp.Symbol, sp.Indexed))
                else rf"\left({printer._print(x)}\right)" for x in self.args)
        return rf"\left({a} \otimes {b}\right)"


class DifferentialOf(sp.Function):
    """d(F) in the matrix reading (`\\mathrm{d}(x^\\top A x)`, `X \\mathrm{d}w`): the
    differential of F, linear in the differentials of the names that vary (decided at
    concrete sizes by derive.prover.matrices); an array where F is one."""
    nargs = 1

    @classmethod
    def eval(cls, f):
        if f.is_number:         # d(X X^{-1}) = d(I): what varies nowhere has no differential
            return sp.Integer(0)

    def _sympystr(self, printer):           # (SymPy's printers know a `Differential`)
        return f"d({printer._print(self.args[0])})"

    def _latex(self, printer):
        inner = printer._print(self.args[0])
        if isinstance(self.args[0], (sp.Symbol, sp.Indexed)):
            return rf"\mathrm{{d}}{inner}"
        return rf"\mathrm{{d}}\left({inner}\right)"


class Trace(sp.Function):
    """tr(A) (`\\operatorname{tr}`, `\\mathrm{Tr}`): the sum of a square matrix's diagonal; a
    number. Kept whole in the scalar reading; decided at concrete sizes in the matrix one."""
    nargs = 1
    is_commutative = True

    def _latex(self, printer):
        return rf"\operatorname{{tr}}\left({printer._print(self.args[0])}\right)"


class Det(sp.Function):
    """det(A) (`\\det`): the determinant of a square matrix; a number, as Trace."""
    nargs = 1
    is_commutative = True

    def _latex(self, printer):
        return rf"\det\left({printer._print(self.args[0])}\right)"


class Diag(sp.Function):
    """diag(v) (`\\operatorname{diag}`): the square matrix with the vector v on its
    diagonal, in the matrix reading."""
    nargs = 1
    is_commutative = False

    def _latex(self, printer):
        return rf"\operatorname{{diag}}\left({printer._print(self.args[0])}\right)"


class Optimum(sp.Function):
    """argmax_v F, argmin_v F, max_v F, min_v F (`kind` a Symbol of that name): what
    optimising F over v gives, kept whole; an expectation written as an operator,
    `E_{z ∼ q} F`, likewise (its spelling as both kind and variable). Steps with one are
    decided only against another of the same kind over the same v (derive.homework.decide)."""
    nargs = 3

    @property
    def kind(self) -> str:
        return self.args[0].name

    @property
    def objective(self):
        return self.args[1]

    @property
    def variable(self):
        return self.args[2]

    def _latex(self, printer):
        if self.kind.startswith("\\"):                        # E_{z ∼ q}, as written
            return rf"{self.kind} {printer._print(self.objective)}"
        return (rf"\operatorname*{{{self.kind}}}_{{{printer._print(self.variable)}}} "
                rf"{printer._print(self.objective)}")


def dim(name: str) -> sp.Symbol:
    """A dimension such as n or K: a positive integer."""
    return sp.Symbol(name, integer=True, positive=True)


def indices(names: str) -> tuple[sp.Symbol, ...]:
    """Index symbols (i, j, k …): positive integers; a claim says which range each has."""
    found = sp.symbols(names, integer=True, positive=True)
    return found if isinstance(found, tuple) else (found,)


def vector(name: str, **assumptions) -> sp.IndexedBase:
    """A vector or matrix of real entries, indexed as z[i] or W[i, j]."""
    assumptions.setdefault("real", True)
    return sp.IndexedBase(name, **assumptions)


def reals(names: str, **assumptions) -> tuple[sp.Symbol, ...]:
    assumptions.setdefault("real", True)
    found = sp.symbols(names, **assumptions)
    return found if isinstance(found, tuple) else (found,)


def sigma(x: sp.Expr) -> sp.Expr:
    """The logistic function written out: σ(x) = 1/(1 + e^{-x})."""
    return 1 / (1 + sp.exp(-x))


class Sigmoid(sp.Function):
    """σ as a function symbol, for claims (backprop) whose size needs σ kept folded.

    Its derivative rule σ' = σ(1 − σ) is the lemma sigmoid.derivative, which is proved
    from the exp form; a claim that uses this class names that lemma in `uses`.
    Numerically and for `rewrite(exp)` it is 1/(1 + e^{-x}).
    """

    def fdiff(self, argindex=1):
        s = Sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sigma(x)

    def _eval_evalf(self, prec):
        return sigma(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class PositivePart(sp.Function):
    """max(0, x) of a matrix-notation number (wᵀx − w_yᵀx + 1, a 1×1 product), entry by
    entry of a vector; SymPy's Max, which takes only commuting arguments, once x is one."""
    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_commutative:
            return sp.Max(0, x)

    def _latex(self, printer):
        return r"\max\left(0, %s\right)" % printer._print(self.args[0])


class Indicator(sp.Function):
    """I(x > 0) of a matrix-notation number, entry by entry of a vector: the unit step
    (Heaviside) once x commutes."""
    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_commutative:
            return sp.Heaviside(x)

    def _latex(self, printer):
        return r"\mathbb{1}\left[%s > 0\right]" % printer._print(self.args[0])


def softmax_output(x: sp.Indexed, n) -> sp.Expr:
    """The k-th output of the softmax of the vector x, for x = x_k: e^{x_k} / Σ_{j=1}^n e^{x_j}."""
    j = sp.Dummy("j", integer=True, positive=True)
    return sp.exp(x) / sp.Sum(sp.exp(x.base[j]), (j, 1, n))


def logs_of_products(expr):
    """log Π f_i as Σ log f_i: for differentiating, d/dv log Π f_i = Σ f_i′/f_i wherever
    the log is defined (as for log|Π f_i|, whatever the factors' signs); for the log rules,
    where every argument is taken positive."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Product):
        return expr
    return expr.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Product),
                        lambda e: sp.Sum(sp.log(e.args[0].function), *e.args[0].limits))


class ByValue(sp.Function):
    """∂f/∂σ(A_i), ∂I/∂A_3^k: f differentiated with respect to the value of an expression,
    its occurrences in f taken as the variable (Leibniz's notation). Taken only once
    definitions are expanded (`take`), so that a name defined in terms of σ(A_i) is
    differentiated through its definition, never treated as a constant."""
    nargs = 2

    def take(self):
        body, wrt = self.args
        body = logs_of_products(body)
        spelled = sp.latex(wrt.base if isinstance(wrt, (sp.Pow, sp.Indexed)) else wrt)
        if any(kept_whole(s.name) and spelled in s.name for s in body.free_symbols
               if isinstance(s, sp.Symbol)):
            # p(x_i | μ, σ²) kept whole: it depends on σ² in a way not modelled — its
            # derivative is a quantity of its own, never 0
            return sp.Symbol(rf"\frac{{\partial \left({sp.latex(body)}\right)}}"
                             rf"{{\partial {sp.latex(wrt)}}}", real=True)
        if isinstance(wrt, sp.Pow) and isinstance(wrt.base, (sp.Symbol, sp.Indexed)) \
                and wrt.exp.is_number and wrt.exp.is_nonzero:
            # ∂ℓ/∂σ²: σ is (σ²)^{1/2} wherever it stands (1/(2σ²), log σ), not only where σ²
            # is written — a scale, σ ≥ 0, as differentiating by its square presupposes
            s, u = wrt.base, sp.Dummy("u", positive=True)
            put = body.xreplace({wrt: u}).subs(s, u ** (1 / wrt.exp))
            return sp.diff(put, u).subs(u, wrt).xreplace({sp.Abs(s): s})
        u = sp.Dummy("u", real=True)
        return sp.diff(body.xreplace({wrt: u}), u).xreplace({u: wrt})

    def _latex(self, printer):
        body, wrt = (printer._print(a) for a in self.args)
        return rf"\frac{{\partial}}{{\partial \left({wrt}\right)}} \left({body}\right)"


def delta(i, j) -> sp.Expr:
    """Kronecker δ_ij; the indicator I(i = j) is the same object."""
    return sp.KroneckerDelta(i, j)


def step(x: sp.Expr) -> sp.Expr:
    """The unit step: ReLU'(x), I(x > 0). Claims using it exclude x = 0."""
    return sp.Heaviside(x)


def dsigma(x: sp.Expr) -> sp.Expr:
    """σ'(x): the derivative of the written-out σ, taken by SymPy and put at x."""
    t = sp.Dummy("t", real=True)
    return sp.diff(sigma(t), t).xreplace({t: x})


def at(expr: sp.Expr, point: dict) -> sp.Subs:
    """expr at a point, kept unevaluated for display (∂f/∂x at x = −2, …)."""
    return sp.Subs(expr, tuple(point), tuple(point.values()))


def over_members(expr, variables):
    """`\\sum_{w'} w'^2` differentiated by w: a sum whose index is a value (w'², the
    network's weights, no count) is a sum over members one of which is the variable w —
    w² plus the rest, which w is not in. Read as a count, 1² + … + n² has no w at all."""
    put = {}
    for total in expr.atoms(sp.Sum):
        var, body = total.limits[0][0], total.function
        member = sp.Symbol(var.name.rstrip("'"), real=True)
        if len(total.limits) != 1 or member not in variables or not var.name[:1].isalpha() \
                or var not in body.xreplace({i: sp.Dummy() for i in body.atoms(sp.Indexed)}
                                            ).free_symbols:
            continue
        rest = sp.Symbol(f"\\sum_{{{var.name} \\neq {member.name}}} {sp.latex(body)}",
                         real=True)
        put[total] = body.xreplace({var: member}) + rest
    return expr.xreplace(put) if put else expr
