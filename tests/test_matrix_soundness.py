"""Matrix mutants: each correct matrix step of tests/test_matrix_steps.py with a transpose
added or removed, or two factors swapped. A mutant the matrix reading calls true must be
true: checked here independently, with NumPy, at random sizes 2–4 and random entries."""
import itertools

import numpy as np
import pytest
import sympy as sp

from derive.latex.parser import MATRIX_READING, read_chain
from derive.notation import (Det, Diag, DifferentialOf, Hadamard, Indicator, Norm, PositivePart,
                             Sigmoid, Trace, Transposed)
from derive.prover import matrices

from .test_matrix_steps import CORRECT

M = frozenset({MATRIX_READING})


def mutants(expr):
    """Every expression one edit away: a transpose added to or removed from a factor, or
    two neighbouring noncommuting factors swapped."""
    out = []

    def edited(old, new):
        try:
            out.append(expr.xreplace({old: new}))
        except ValueError:          # w of ∇²_w transposed: no derivative by w^T exists
            pass

    for node in sp.preorder_traversal(expr):
        if isinstance(node, Transposed):
            edited(node, node.args[0])
        elif isinstance(node, sp.Symbol) and not node.is_commutative:
            edited(node, Transposed(node))
        if isinstance(node, sp.Mul):
            args = list(node.args)
            for i in range(len(args) - 1):
                if not args[i].is_commutative and not args[i + 1].is_commutative \
                        and args[i] != args[i + 1]:
                    swapped = args[:i] + [args[i + 1], args[i]] + args[i + 2:]
                    out.append(expr.xreplace({node: sp.Mul(*swapped)}))
    return [m for m in dict.fromkeys(out) if m != expr]


def numeric_equal(lhs, rhs, kinds) -> bool | None:
    """Whether lhs = rhs at every assignment of sizes 2–3 under which both sides
    evaluate to the same shape, at random entries, by NumPy (None: no sizes fit)."""
    rng = np.random.default_rng(7)
    names = [n for n, k in kinds.items() if k != matrices.SCALAR]
    fitted = 0
    for sizes in itertools.product((2, 3), repeat=2 * len(names)):
        env = {n: rng.uniform(0.5, 2.0) for n, k in kinds.items() if k == matrices.SCALAR}
        for i, name in enumerate(names):
            rows, cols = sizes[2 * i], sizes[2 * i + 1]
            kind = kinds[name]
            env[name] = np.eye(rows) if kind == matrices.IDENTITY else \
                np.ones((rows, 1)) if kind == matrices.ONES else \
                rng.normal(size=(rows, 1 if kind == matrices.VECTOR else cols))
            env[("d", name)] = rng.normal(size=np.shape(env[name]))
        env["varying"] = matrices.varying([lhs, rhs])[0]
        for name in env["varying"]:
            env.setdefault(("d", name), rng.normal())          # a scalar's increment
        try:
            a, b = (_evaluate(e, env) for e in (lhs, rhs))
        except (ValueError, np.linalg.LinAlgError):
            continue                                    # these sizes do not fit
        if np.shape(a) != np.shape(b):
            continue
        fitted += 1
        # central differences (a differential) are good to about 1e-9 relative: 1e-6
        tol = 1e-6 if any(e.has(DifferentialOf, sp.Derivative) for e in (lhs, rhs)) else 1e-9
        if not np.allclose(a, b, rtol=tol, atol=tol):
            return False
    return True if fitted else None


def _gradient(e, env, h=1e-6):
    """∂f/∂v by central differences, in the denominator layout: the shape of v for a
    number f; for a column f by a column v, entry (j, i) is ∂f_i/∂v_j."""
    [v] = e.variables
    base = np.asarray(env[v], dtype=float)
    columns = []
    for at in np.ndindex(base.shape):
        step = np.zeros_like(base)
        step[at] = h
        up, down = ({**env, v: base + sign * step} for sign in (1, -1))
        columns.append(np.ravel((_evaluate(e.expr, up) - _evaluate(e.expr, down)) / (2 * h)))
    out = np.array(columns)                      # one row per entry of v
    if out.shape[1] == 1:
        return out.reshape(base.shape)
    return out


def _evaluate(e, env):
    if e in env:
        return env[e]
    if e.is_Number:
        return float(e)
    if isinstance(e, DifferentialOf):
        # by central differences: F at every varying name moved by ±h times its increment
        h = 1e-6
        moved = [{**env, **{n: env[n] + sign * h * env[("d", n)]
                            for n in env.get("varying", ())}} for sign in (1, -1)]
        return (_evaluate(e.args[0], moved[0]) - _evaluate(e.args[0], moved[1])) / (2 * h)
    if isinstance(e, sp.Derivative):
        return _gradient(e, env)
    if isinstance(e, Sigmoid):
        return 1 / (1 + np.exp(-_evaluate(e.args[0], env)))
    if isinstance(e, sp.exp):
        return np.exp(_evaluate(e.args[0], env))
    if isinstance(e, PositivePart):
        return np.maximum(_evaluate(e.args[0], env), 0.0)
    if isinstance(e, Indicator):
        return np.heaviside(_evaluate(e.args[0], env), 0.5)
    if isinstance(e, Hadamard):
        return _evaluate(e.args[0], env) * _evaluate(e.args[1], env)
    if isinstance(e, Diag):
        return np.diagflat(_evaluate(e.args[0], env))
    if isinstance(e, Trace):
        return np.trace(_evaluate(e.args[0], env))
    if isinstance(e, Det):
        return np.linalg.det(_evaluate(e.args[0], env))
    if isinstance(e, Norm) and len(e.args) == 1:
        return np.linalg.norm(_evaluate(e.args[0], env))
    if isinstance(e, Transposed):
        return np.transpose(_evaluate(e.args[0], env))
    if isinstance(e, sp.Add):
        out = _evaluate(e.args[0], env)
        for t in e.args[1:]:
            out = out + _evaluate(t, env)
        return out
    if isinstance(e, sp.Mul):
        out = 1.0
        for f in e.args:
            v = _evaluate(f, env)
            out, v = (a[0, 0] if np.shape(a) == (1, 1) else a for a in (out, v))   # x^T g
            out = out @ v if np.ndim(out) == 2 and np.ndim(v) == 2 else out * v
        return out
    if isinstance(e, sp.Pow) and e.exp == -1 and np.ndim(_evaluate(e.base, env)) == 2:
        base = _evaluate(e.base, env)
        if np.linalg.cond(base) > 1e8:
            raise np.linalg.LinAlgError("singular")     # no inverse at these sizes
        return np.linalg.inv(base)
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 0:
        base = _evaluate(e.base, env)
        return np.linalg.matrix_power(base, int(e.exp)) if np.ndim(base) == 2 \
            else base ** int(e.exp)
    raise NotImplementedError(type(e).__name__)   # not evaluated here: the mutant is skipped


def _steps():
    for text in CORRECT:
        left, right = text.split(" = ")
        lhs, rhs = (read_chain(t, M)[0][0] for t in (left, right))
        if lhs.has(sp.Sum, sp.Function) and not lhs.has(Transposed):
            continue
        yield text, lhs, rhs


@pytest.mark.parametrize("text,lhs,rhs", list(_steps()), ids=lambda x: str(x)[:40])
def test_no_matrix_mutant_is_proved_unless_numpy_agrees(text, lhs, rhs):
    tried, proved_wrong = 0, []
    for side in ("lhs", "rhs"):
        for mutant in mutants(lhs if side == "lhs" else rhs):
            left, right = (mutant, rhs) if side == "lhs" else (lhs, mutant)
            try:
                found = matrices.decide(left, right)
            except matrices.NotModelled:
                continue
            tried += 1
            if found.holds is True:
                for kinds in matrices.readings([left, right]):
                    try:
                        if numeric_equal(left, right, kinds) is False:
                            proved_wrong.append((str(left), str(right)))
                    except NotImplementedError:
                        pass
    assert tried > 0
    assert proved_wrong == []


def test_many_mutants_are_refuted():
    refuted = tried = 0
    for _, lhs, rhs in _steps():
        for mutant in mutants(lhs):
            try:
                found = matrices.decide(mutant, rhs)
            except matrices.NotModelled:
                continue
            tried += 1
            refuted += found.holds is False
    # a mutant that only breaks the shapes (x^T + y) is `unknown` where nothing declares
    # them; one that is still true (w^T x → x^T w) is proved, and checked above
    assert tried >= 100 and refuted >= 30, (refuted, tried)


def _lemma_parts():
    from lemmas.matrixforms import CLAIMS
    from derive.claim import HOLDS
    for claim in CLAIMS:
        if claim.expect == HOLDS:
            for part in claim.parts:
                yield part.label, part.relation


@pytest.mark.parametrize("label,rel", list(_lemma_parts()), ids=lambda x: str(x)[:30])
def test_no_mutant_of_a_matrix_lemma_is_proved(label, rel):
    """Each matrix-form lemma with a transpose added or removed, or two factors swapped on
    its right side: none is proved (for all shapes or at sizes) unless NumPy agrees."""
    from derive.prover.special import matrix_algebra, matrix_sizes
    from derive.claim import MatrixEquals
    shapes = {sp.latex(n): s for n, s in rel.shapes}
    proved = []
    for mutant in mutants(rel.rhs):
        wrong = MatrixEquals(rel.lhs, mutant, rel.shapes)
        for strategy in (matrix_algebra, matrix_sizes):
            try:
                out = strategy(wrong, None)
            except (matrices.NotModelled, matrices.ShapeError):
                continue
            if out is not None and out.status == "proved":
                kinds = matrices.readings([rel.lhs, mutant], shapes)[0]
                if numeric_equal(rel.lhs, mutant, kinds) is False:
                    proved.append((strategy.__name__, str(mutant)))
    assert proved == []


@pytest.mark.parametrize("text", [
    # a chain rule with a factor lost, doubled, or through the wrong name: what ξ and y
    # depend on is not said, so none of these may be proved (a free name's derivative
    # read as 0 made every one of them 0 = 0)
    r"\frac{\partial \xi_i}{\partial \mathbf{w}} = \frac{\partial \xi_i}{\partial y_i} "
    r"\frac{\partial z_i}{\partial \mathbf{w}}",
    r"\frac{\partial \xi_i}{\partial \mathbf{w}} = 2 \frac{\partial \xi_i}{\partial y_i} "
    r"\frac{\partial y_i}{\partial \mathbf{w}}",
    r"\frac{\partial L}{\partial W} = \frac{\partial L}{\partial \mathbf{z}} \mathbf{x}",
])
def test_a_derivative_of_an_undefined_name_is_never_proved(text):
    (lhs, rhs), _ = read_chain(text, M)
    with pytest.raises(matrices.NotModelled):
        matrices.decide(lhs, rhs)


def test_rows_are_read_only_where_columns_cannot_be_and_only_to_prove():
    right = r"\frac{\partial (\mathbf{x}_i \cdot \mathbf{w}^T)}{\partial \mathbf{w}} = \mathbf{x}_i"
    wrong = r"\frac{\partial (\mathbf{x}_i \cdot \mathbf{w}^T)}{\partial \mathbf{w}} = 2 \mathbf{x}_i"
    (lhs, rhs), _ = read_chain(right, M)
    found = matrices.decide(lhs, rhs)
    assert found.holds is True and "vectors as rows" in found.reading
    (lhs, rhs), _ = read_chain(wrong, M)
    with pytest.raises(matrices.NotModelled):       # false as rows: still not refuted
        matrices.decide(lhs, rhs)
    # checked with NumPy: x w^T of two rows is their dot product, its gradient x
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(1, 3)), rng.normal(size=(1, 3))
    eps = 1e-6
    grad = [((x @ (w + eps * np.eye(3)[k]).T) - (x @ w.T)).item() / eps for k in range(3)]
    assert np.allclose(grad, x.ravel(), atol=1e-5)
