"""A step in matrix notation: the verdict of derive.prover.matrices under the document.

Sizes prove a step only at the sizes tried, so `valid` says so ("sizes 1–3"). A
difference at some size refutes the step as written only where nothing else could make
it hold: no name it uses is defined by the document (the matrix reading does not expand
definitions yet), no hypothesis or condition mentions its names, and no name stands on
one side only (it could be defined in words). Otherwise the step is `unknown` and the
reason says which.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from ..latex.atoms import hide
from ..latex.parser import bold_letter
from ..mutations import matrix_edits
from ..notation import DifferentialOf, dim

from ..outcome import ReasonKind
from ..prover import matrices
from ..sandbox import Timeout, deadline
from .results import INVALID, UNKNOWN, VALID
from .scope import Scope, key_name


def marked(*texts: str, norms: bool = True) -> bool:
    """Whether LaTeX is written in matrix notation: a transpose, ⊙, a bold capital, two
    capitals multiplied, a norm (unless `norms` is False: the step writes its norms out in
    entries) or an inner product (an atom spelled so: the \\| of a divergence D(p \\| q) is
    none), a derivative by a bold or arrowed name."""
    text = " ".join(texts)
    if _MARK.search(text):
        return True
    if "\\int" not in text and _UPRIGHT_D.search(_DERIVATIVE_FRACTION.sub("", text)):
        return True                   # (the \\mathrm{d}x closing an integral is no mark)
    _, atoms = hide(text)
    marks = ("\\|", "\\lVert", "||", "\\langle") if norms else ("\\langle",)
    return any(a.startswith(marks) for a in atoms.values())


_SUB = r"(_\{[^{}]*\}|_[a-zA-Z0-9])"
_MARK = re.compile(r"\^\s*(T|\{\s*T\s*\}|\{?\s*\\(top|intercal)(?![a-zA-Z])\s*\}?)"
                   r"|\\det(?![a-zA-Z])|\\o(dot|times)(?![a-zA-Z])|\\(operatorname|mathrm)\s*\{\s*(tr|Tr|trace|diag)\s*\}"
                   r"|\\mathbf\{[A-Z]\}|\\boldsymbol\{[A-Z]\}"
                   # two capitals multiplied, one of them subscripted or the two spaced
                   # (W_2 W_1, XW_1, A B), not an acronym (KL, MSE) nor a bound (Σ^N L_i)
                   rf"|(?<![\\a-zA-Z{{^_])[A-Z]({_SUB}\s*|\s+)[A-Z](?![a-zA-Z(])"
                   rf"|(?<![\\a-zA-Z{{^_])[A-Z]\s*[A-Z]{_SUB}(?![a-zA-Z(])"
                   r"|(\\partial|\\nabla)(_\{?)?\s*\\(mathbf|boldsymbol|vec)(?![a-zA-Z])")


# a differential written upright, `\\mathrm{d}(x^\\top A x)`, `X \\mathrm{d}w` — not the d's of
# a derivative written as a fraction, \\frac{\\mathrm{d} f}{\\mathrm{d} x}
_UPRIGHT_D = re.compile(r"\\(mathrm|operatorname)\s*\{\s*d\s*\}\s*(?=[a-zA-Z\\(\[])")
_DERIVATIVE_FRACTION = re.compile(r"\\[dt]?frac\s*\{\s*\\(mathrm|operatorname)\s*\{\s*d\s*\}"
                                  r"[^{}]*(\{[^{}]*\}[^{}]*)*\}\s*\{\s*\\(mathrm|operatorname)"
                                  r"\s*\{\s*d\s*\}")


def matrix_verdict(lhs, rel: str, rhs, scope: Scope, conditions, budget: float) -> dict:
    squared = [_signs_squared(e, scope) for e in (lhs, rhs)]
    out = _matrix_verdict(*squared[:1], rel, squared[1], scope, conditions, budget)
    if out["verdict"] == VALID and squared != [lhs, rhs]:
        out = dict(out, reading="; ".join(r for r in (out.get("reading"), "a label's square "
                                                      "1, as the document's ±1 labels make "
                                                      "it") if r))
    return out


def _matrix_verdict(lhs, rel: str, rhs, scope: Scope, conditions, budget: float) -> dict:
    if rel != "=":
        return _unknown(ReasonKind.NOT_CHECKED, "in matrix notation only equalities are "
                        "decided")
    try:
        with deadline(budget):
            outcome = matrices.decide(lhs, rhs, scope.shapes, layout=scope.layout)
            if scope.layout and outcome.holds is False and not outcome.shape_error:
                other = LAYOUTS[scope.layout]
                if matrices.decide(lhs, rhs, scope.shapes, layout=other).holds:
                    return _unknown(ReasonKind.READING, f"false in the {scope.layout} layout "
                                    f"the document uses ({outcome.sizes}); holds in the "
                                    f"{other} layout")
    except Timeout:
        return _unknown(ReasonKind.TIMEOUT, "matrix notation: the sizes took longer than "
                        f"{budget:g} s of CPU time")
    except matrices.NotModelled as exc:
        if matrices.same_expression(lhs, rhs):
            method = "the two sides multiply out to one expression, factors in their order"
            return {"verdict": VALID, "reason_kind": ReasonKind.PROVED, "method": method,
                    "reading": "", "hypotheses": [], "reason": f"{method}; numeric check: "
                    "none needed, the difference is 0 as written"}
        return _unknown(ReasonKind.NOT_REDUCED, f"matrix notation: {exc} is not decided yet")
    if scope.layout and _has_derivative(lhs, rhs):
        outcome.reading = "; ".join(r for r in (outcome.reading, f"derivatives in the "
                                    f"{scope.layout} layout, as the document says") if r)
    if outcome.holds:
        method = f"matrix algebra at {outcome.sizes}, entry by entry"
        # (`shapes`: the reading says only which names are vectors and matrices, and the
        # layout — the step's meaning as written, no other reading of its notation)
        return {"verdict": VALID, "reason_kind": ReasonKind.PROVED, "method": method,
                "reading": outcome.reading, "shapes": outcome.reading, "hypotheses": [],
                "reason": f"{method}; numeric check: {matrices.POINTS} points per size "
                          f"agree to {matrices.DIGITS} digits"}
    if outcome.holds is None and outcome.apart and _set_apart(outcome.apart, conditions):
        method = f"matrix algebra at sizes {min(matrices.SIZES)}–{max(matrices.SIZES)}, " \
                 "entry by entry"
        cases = ", ".join(f"${a} \\neq {b}$" for a, b in outcome.apart)
        return {"verdict": VALID, "reason_kind": ReasonKind.PROVED, "method": method,
                "reading": "; ".join(r for r in (outcome.reading, f"in the case {cases} "
                                     "the text states") if r), "hypotheses": [],
                "reason": f"{method}, every member placed apart; numeric check: "
                          f"{matrices.POINTS} points per size agree to {matrices.DIGITS} "
                          "digits"}
    if outcome.holds is None:
        kind = ReasonKind.READING if outcome.reading else ReasonKind.NOT_REDUCED
        return dict(_unknown(kind, f"matrix notation: {outcome.why}"),
                    reading=outcome.reading, **({"squared": True} if outcome.squared else {}))
    if outcome.holds is False and not outcome.shape_error:
        symmetric = _said_symmetric(lhs, rhs, scope)
        if symmetric:
            token = matrices.SYMMETRIC.set(frozenset(symmetric))
            try:
                with deadline(budget):
                    again = matrices.decide(lhs, rhs, scope.shapes, layout=scope.layout)
            except (Timeout, matrices.NotModelled):
                again = None
            finally:
                matrices.SYMMETRIC.reset(token)
            names = ", ".join(f"${n}$" for n in sorted(symmetric))
            if again is not None and again.holds:
                method = f"matrix algebra at {again.sizes}, entry by entry"
                return {"verdict": VALID, "reason_kind": ReasonKind.PROVED, "method": method,
                        "reading": "; ".join(r for r in (again.reading, f"{names} symmetric, "
                                                         "as the words say") if r),
                        "hypotheses": [], "reason": f"{method}; numeric check: "
                        f"{matrices.POINTS} points per size agree to {matrices.DIGITS} digits"}
            if again is None or again.holds is not False:
                return _unknown(ReasonKind.READING, f"matrix notation: false for matrices of "
                                f"any entries ({outcome.sizes}); with {names} symmetric, as "
                                "the words say, not refuted")
    if outcome.shape_error:
        return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE, "method": "shapes",
                "reading": outcome.reading, "hypotheses": [], "counterexample": {},
                "values": {}, "reason": f"the shapes do not fit: {outcome.why}"}
    blocked = _blocked(lhs, rhs, scope, conditions, outcome.joined, outcome.counterexample)
    if blocked:
        return _unknown(ReasonKind.UNDEFINED_NAME, f"false as a matrix identity "
                        f"({outcome.sizes}), but {blocked}")
    at = _example_sizes(scope)
    if at:
        # `H = QQᵀ = \frac{1}{3}\mathbf{1}\mathbf{1}ᵀ` in an example with n = 3: false for
        # a 𝟏 of one entry, which the example does not have — tried at its sizes only
        try:
            with deadline(budget):
                again = matrices.decide(lhs, rhs, scope.shapes, sizes=at, layout=scope.layout)
        except (Timeout, matrices.NotModelled):
            again = None
        if again is None or again.holds is not False:
            sizes = ", ".join(f"${n} = {v}$" for n, v in _example_dims(scope).items())
            return _unknown(ReasonKind.READING, f"matrix notation: false at sizes "
                            f"({outcome.sizes}) the worked example does not have; at its "
                            f"sizes ({sizes}) not refuted")
    where = outcome.values.get("entry")
    return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE,
            "method": "counterexample", "reading": outcome.reading, "hypotheses": [],
            "counterexample": outcome.counterexample,
            "values": {"lhs": outcome.values["lhs"], "rhs": outcome.values["rhs"]},
            "reason": f"the sides differ at {outcome.sizes}"
                      + (f", in entry {where}" if where else "")}


def _any_number(body, scope: Scope) -> bool:
    """Whether entries defined by `body` (a family's Lambda) take any value: a term of
    their own added with a constant factor, ε_i of y_i = wᵀx_i + ε_i, defined nowhere."""
    if not isinstance(body, sp.Lambda) or len(body.variables) != 1:
        return False
    [i] = body.variables
    own = [a for a in body.expr.atoms(sp.Indexed) if a.indices == (i,)
           and key_name(a.base.label) not in {key_name(k) for k in scope.defs}]
    return any(body.expr.diff(a).is_number and body.expr.diff(a) != 0 for a in own)


def _example_dims(scope: Scope) -> dict:
    """{n: 3}: the sizes a worked example gives the names the declarations size arrays by."""
    dims = {str(d) for shape in scope.shapes.values() if shape for d in shape}
    return {name: int(value) for name, (value, _) in scope.examples.items()
            if name in dims and getattr(value, "is_Integer", False) and int(value) >= 2}


def _example_sizes(scope: Scope) -> tuple:
    return tuple(sorted(set(_example_dims(scope).values()) & set(range(2, 5))))


REPAIRS_SHOWN = 3
LAYOUTS = {matrices.NUMERATOR: matrices.DENOMINATOR, matrices.DENOMINATOR: matrices.NUMERATOR}


def _has_derivative(*exprs) -> bool:
    return any(isinstance(e, sp.Basic) and e.has(sp.Derivative) for e in exprs)


def matrix_repairs(lhs, rhs, scope: Scope, seconds: float) -> list[dict]:
    """The repairs of a step refuted in matrix notation: the edits of its right side that
    make it hold in every reading at the sizes tried (SPEC §3 diagnosis entries, kinds
    `transpose`, `order`, `product` and `sign`), smallest first; [] when none does in the
    time."""
    found = []
    try:
        with deadline(seconds):
            for kind, edited, what in matrix_edits(rhs):
                try:
                    outcome = matrices.decide(lhs, edited, scope.shapes,
                                              layout=scope.layout)
                except (matrices.NotModelled, matrices.ShapeError):
                    continue
                if outcome.holds:
                    found.append({"kind": kind, "description": f"likely slip: {what}",
                                  "corrected": sp.latex(edited)})
                    if len(found) == REPAIRS_SHOWN:
                        break
    except Timeout:
        pass
    return found


_REALS = re.compile(r"^\\mathbb\{R\}\s*(\^\s*(\{(?P<braced>[^{}]*(\{[^{}]*\}[^{}]*)*)\}"
                    r"|(?P<bare>[a-zA-Z0-9])))?\s*[.,;]?$")
_SIZE = re.compile(r"^([a-zA-Z](_\{?[a-zA-Z0-9]+\}?)?|\d+)$")


def declared_shape(text: str):
    """The shape a set gives what is declared in it: `\\mathbb{R}^{m \\times n}` → (m, n),
    `\\mathbb{R}^D` → (D, 1), `\\mathbb{R}` → None (a number); False for any other set."""
    m = _REALS.match(text.strip())
    if not m:
        return False
    inside = m.group("braced") if m.group("braced") is not None else m.group("bare")
    if inside is None:
        return None
    parts = [p.strip() for p in re.split(r"\\times|\\cdot|×", inside)]
    if not 1 <= len(parts) <= 2 or not all(_SIZE.match(p) for p in parts):
        return False
    sizes = tuple(int(p) if p.isdigit() else dim(re.sub(r"[{}]", "", p)) for p in parts)
    return sizes if len(sizes) == 2 else (sizes[0], 1)


def shape_step(expr, text: str, declared: str, scope: Scope) -> dict | None:
    """`W_2 W_1 \\in \\mathbb{R}^{C \\times H}`: the shape the expression has (from the
    declarations before it) against the one declared; None where no shape is known."""
    want = declared_shape(declared)
    if want is False:
        return None
    try:
        got = matrices.shape_of(expr, scope.shapes)
    except matrices.NotModelled:
        return None
    except matrices.ShapeError as exc:
        unsure = matrices.undeclared(expr, scope.shapes)
        if unsure:           # (ŷ − \vec{y} with ŷ declared nowhere: ŷ may be the vector)
            return _unknown(ReasonKind.READING, f"{text} does not fit ({exc}) if "
                            f"{', '.join(unsure)} {'is a number' if len(unsure) == 1 else 'are numbers'}"
                            f"; no declaration gives {'its' if len(unsure) == 1 else 'their'} shape")
        return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE, "method": "shapes",
                "reason": f"the shapes do not fit: {exc}", "counterexample": {}, "values": {}}
    shown = _shape_text(got)
    unsure = matrices.undeclared(expr, scope.shapes)
    if _shape_text(want) != shown and unsure:
        return _unknown(ReasonKind.READING, f"{text} is {shown} if {', '.join(unsure)} "
                        f"{'is a number' if len(unsure) == 1 else 'are numbers'}, declared "
                        f"{_shape_text(want)}; no declaration gives "
                        f"{'its' if len(unsure) == 1 else 'their'} shape")
    if _shape_text(want) == shown:
        return {"verdict": VALID, "reason_kind": ReasonKind.PROVED, "method": "shapes",
                "reason": f"shapes: {text} is {shown}, as declared; numeric check: none "
                          "needed, sizes only"}
    return {"verdict": INVALID, "reason_kind": ReasonKind.COUNTEREXAMPLE, "method": "shapes",
            "reason": f"the shapes differ: {text} is {shown}, declared {_shape_text(want)}",
            "counterexample": {"shape": shown, "declared": _shape_text(want)}, "values": {}}


def _shape_text(shape) -> str:
    if shape is None:
        return "a number"
    return " \\times ".join(sp.latex(d) for d in shape)


def _unknown(kind: ReasonKind, reason: str) -> dict:
    return {"verdict": UNKNOWN, "reason_kind": kind, "reason": reason, "method": "",
            "hypotheses": []}


def _names(e) -> set[str]:
    if not isinstance(e, sp.Basic):
        return set()
    out = {s.name for s in e.free_symbols if isinstance(s, sp.Symbol)}   # N of 1/N and Σ^N
    out |= {sp.latex(i) if all(j.is_Integer for j in i.indices) else str(i.base.label)
            for i in e.atoms(sp.Indexed)}                      # W_1 and W_2: two matrices
    return out | {type(f).__name__ for f in e.atoms(AppliedUndef)}


def _held(lhs, rhs) -> set[str]:
    """Names a differential holds constant (the y and X of d(Xw − y) = X dw): the step
    says so by writing the differentials of the others; a constant's d is 0."""
    moving, said = matrices.varying([lhs, rhs])
    inside = {n for e in (lhs, rhs) if isinstance(e, sp.Basic)
              for d in e.atoms(DifferentialOf) for n in _names(d)}
    return inside - {_names(m).pop() for m in moving} if said and moving else set()


def _by(lhs, rhs) -> set[str]:
    """The names a step differentiates by: ∂(Wx)/∂x = W takes x away by differentiating,
    not by leaving it to be defined in words."""
    return {n for e in (lhs, rhs) if isinstance(e, sp.Basic)
            for d in e.atoms(sp.Derivative) for v in d.variables for n in _names(v)}


def _signs_squared(e, scope: Scope):
    """e with y_i² put 1 where a hypothesis says so (y_i ∈ {−1, +1}: y_i² − 1 = 0, for every
    i): the labels' square, which the matrix reading's points would not honour."""
    if not isinstance(e, sp.Basic):
        return e
    signs = set()
    for h in scope.hypotheses:
        if isinstance(h, sp.Eq):
            d = sp.expand(h.lhs - h.rhs)
            square = d + 1
            if square.is_Pow and square.exp == 2:
                signs.add(sp.latex(square.base))
    if not signs:
        return e
    # (the matrix reading names y_i as the symbol written `{y}_{i}`, the scalar one as y[i])
    return e.replace(lambda p: isinstance(p, sp.Pow) and p.exp.is_Integer and p.exp % 2 == 0
                     and p.exp > 0 and isinstance(p.base, (sp.Symbol, sp.Indexed))
                     and sp.latex(p.base) in signs, lambda p: sp.S.One)


def _said_symmetric(lhs, rhs, scope: Scope) -> set:
    """The names of the step the words call symmetric (LaTeX), and those a symmetric name is
    defined as the inverse or transpose of (Λ ≡ Σ⁻¹: Σ too)."""
    said = set(scope.symmetric)
    for key, body in scope.defs.items():
        if sp.latex(key) in said and isinstance(body, sp.Pow) and body.exp == -1 \
                and isinstance(body.base, sp.Symbol):
            said.add(sp.latex(body.base))
    # (as LaTeX, the spelling the matrix reading's entries are named by: Ω is `\Omega`)
    written = _names(lhs) | _names(rhs) | {sp.latex(a) for e in (lhs, rhs)
                                           if isinstance(e, sp.Basic) for a in e.free_symbols}
    return {n for n in said if n in written}


def _blocked(lhs, rhs, scope: Scope, conditions, joined=frozenset(), point=None) -> str:
    """Why a refutation at concrete sizes does not refute the step as written ('' if
    nothing stands in the way); `joined`: names the reading made parts of one array (X
    on one side and its rows x_i on the other stand on both); `point`: the counterexample,
    where a hypothesis it meets (λ > 0 at λ = 2.5) stands in no way."""
    left, right = _names(lhs), _names(rhs)
    keys = {key_name(k) for k in scope.defs}
    # (a bold p beside the p_i the document defines: the vector of those entries — unless
    # an entry's own free term makes it any number, y_i = wᵀx_i + ε_i)
    entries = {key_name(k) for k, v in scope.defs.items() if not _any_number(v, scope)}
    defined = sorted((left | right) & keys | {n for n in left | right
                                               if bold_letter(n) in entries})
    if defined:
        return f"it uses {', '.join(defined)}, defined in the document, which the matrix " \
               "reading does not expand yet"
    hidden = sorted(n for n in left | right if n.startswith(("\\|", "||", "\\langle"))
                    and any(re.search(rf"(?<![a-zA-Z]){re.escape(k.lstrip(chr(92)))}(?![a-zA-Z])",
                                      n) for k in keys if k))
    if hidden:      # ‖−η∇C‖ read whole, with η = ε/‖∇C‖ defined: no free number
        return f"{', '.join(hidden)} is read whole, and a name defined in the document is " \
               "inside it"
    moments = sorted(n for n in left | right if _MOMENT.match(n))
    if moments:     # E[(Σ q_l k_l)²] beside E[q_l]: moments of one law, no free numbers
        what = "is an expectation" if len(moments) == 1 else "are expectations"
        return f"{', '.join(moments)} {what} read whole, whose values the law of the " \
               "variables ties together"
    said = set().union(*(_names(h) for h in list(scope.hypotheses) + list(conditions)
                         if not _met(h, point or {}))) \
        if scope.hypotheses or conditions else set()
    if said & (left | right):
        return "a hypothesis or condition of the document mentions its names"
    one_side = sorted(n for n in (left ^ right) - _held(lhs, rhs) - _by(lhs, rhs) - joined
                      - _made_of(scope) if (n[:1].isalpha() or n[:1] == "\\")
                      and not matrices.is_identity(sp.Symbol(n)))       # (I: notation)
    if one_side:
        return f"{', '.join(one_side)} stand{'s' if len(one_side) == 1 else ''} on one " \
               "side only and may be defined in words"
    return ""


# an expectation or a variance read whole as one atom of the matrix reading
_MOMENT = re.compile(r"^(\\mathbb\{E\}|\\mathrm\{E\}|E\[|\\operatorname\{E\}|\\mathrm\{Var\}|"
                     r"\\operatorname\{Var\}|Var\[|\\mathbb\{V\})")


def _set_apart(pairs: tuple, conditions) -> bool:
    """Whether the display's conditions say every pair of member indices differs (j ≠ y_i
    for the pair ("j", "y_{i}")), written either way round."""
    said = {frozenset(_bare(sp.latex(side)) for side in c.args) for c in conditions
            if isinstance(c, sp.Ne)}
    return all(frozenset((_bare(a), _bare(b))) in said for a, b in pairs)


def _bare(latex: str) -> str:
    """LaTeX without braces or spaces, a sample's label y[i] as y_i."""
    return re.sub(r"^(\w+)\[(\w+)\]$", r"\1_\2", re.sub(r"[{}\s]", "", latex))


def _met(hypothesis, point: dict) -> bool:
    """Whether a scalar hypothesis holds at a counterexample's values (keyed as LaTeX):
    λ > 0 at λ = 2.5 — the refutation then stands under it."""
    if not isinstance(hypothesis, sp.core.relational.Relational) or not point:
        return False
    names = hypothesis.free_symbols
    if not names or not all(sp.latex(n) in point for n in names):
        return False
    value = hypothesis.xreplace({n: sp.nsimplify(point[sp.latex(n)]) for n in names})
    return value is sp.true


def _made_of(scope: Scope) -> set[str]:
    """The names the document's definitions are made of (λ of Q = ‖Y − Xw‖² + λ‖w‖²):
    variables of the problem, not names a definition in words could fix."""
    return {n for params, body in scope.bodies()
            for n in {str(v) for v in params} | _names(body)}
