"""The NumPy lowering as a code generator, on expressions the shipped kernels do not have:
each generated function must compute what the expression says, never write an input,
and return arrays of its own in the inputs' shape."""
import numpy as np
import pytest
import sympy as sp

from derive.kernels.export import header
from derive.kernels.lowering import function_source
from derive.kernels.printer import ArgMaxAxis, RowSum, SumAxis, SumRest

x, y = sp.symbols("x y", real=True)
X = sp.IndexedBase("x", real=True)
j = sp.Symbol("j", integer=True)


def build(outputs, arrays=("x", "y"), prelude=(), elementwise=True, params=None):
    """The generated function, executed from its source as an exported module would be."""
    source = function_source("f", params or ", ".join(arrays), list(arrays), list(prelude),
                             outputs, "doc", elementwise)
    namespace = {}
    exec(compile(header("test") + source, "<kernel>", "exec"), namespace)
    return namespace["f"], source


def inputs(shape=(3, 4)):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=shape), rng.normal(size=shape)
    for v in (a, b):
        v.flags.writeable = False               # writing an input raises
    return a, b


def as_numpy(expr):
    return sp.lambdify((x, y), expr, modules="numpy")


@pytest.mark.parametrize("expr", [
    2 * sp.Piecewise((1, x > 0), (0, True)) + x,               # an integer np.where
    sp.Piecewise((sp.exp(x), x > y), (-sp.exp(x), True)) * y,
    sp.Max(x, y, 0) + sp.Min(x, y, 1, -x),                    # more than two arguments
    -(x - y) * sp.exp(-2 * x) + (y - x) ** 2 / (1 + sp.exp(y)),
    sp.exp(x) * 2 + sp.exp(x) / (sp.exp(x) + y ** 2 + 1),      # a value read after reuse
], ids=["integer-where", "where", "max-min", "signs", "shared"])
def test_elementwise_expressions_compute_what_they_say(expr):
    f, source = build([("out", expr)])
    a, b = inputs()
    got = f(a, b)
    assert got.shape == a.shape and got.dtype == np.float64, source
    assert np.allclose(got, np.broadcast_to(as_numpy(expr)(a, b), a.shape), rtol=1e-13), source


def test_outputs_are_arrays_of_their_own():
    # an output that is an input, two equal outputs, a constant output: each a fresh
    # array in the inputs' shape
    f, source = build([("same", x), ("e1", sp.exp(y)), ("e2", sp.exp(y)), ("one", sp.S(1))])
    a, b = inputs()
    same, e1, e2, one = f(a, b)
    assert not np.shares_memory(same, a) and np.array_equal(same, a), source
    assert not np.shares_memory(e1, e2) and np.array_equal(e1, e2), source
    assert one.shape == a.shape and np.all(one == 1), source


def test_row_sum_without_the_argmax_never_writes_an_input():
    # Σ_{k≠s} y_k over an input: summed under a mask, since the input is not ours to write
    rest = SumRest(sp.IndexedBase("y", real=True)[j])
    prelude = [("i", ArgMaxAxis(X[j]))]
    f, source = build([("r", RowSum(X[j] * 0 + rest * X[j])), ("c", SumAxis(X[j]) * 0 + rest)],
                      prelude=prelude, elementwise=False, params="x, y, axis=-1")
    a, b = inputs()
    r, c = f(a, b)
    s = np.argmax(a, axis=-1)
    want = b.sum(-1) - b[np.arange(3), s]
    assert "ours=False" in source
    assert np.allclose(c, np.broadcast_to(want[:, None], a.shape), rtol=1e-13), source
    assert c.shape == a.shape                      # constant along the row, still full
    assert np.allclose(r, want * a.sum(-1), rtol=1e-13), source
