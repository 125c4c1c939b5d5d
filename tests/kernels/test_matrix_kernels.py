"""Kernels printed from proved matrix forms: the code is the proved right side, checked
against the textbook left side (a derivative, a Jacobian written out) in 50 digits."""
import dataclasses

import numpy as np
import pytest
import sympy as sp

from derive.claim import Claim, MatrixEquals, part
from derive.kernels import MatrixKernel, export
from derive.kernels.matrixforms import NotPrintable
from derive.kernels.verify import check_matrix_kernel
from derive.notation import Hadamard, Transposed
from lemmas import catalogue
from lemmas.kernels import KERNELS
from lemmas.matrixforms import CLAIMS

BY_NAME = {k.name: k for k in KERNELS}
MATRIX = {c.id: c for c in CLAIMS}


def _function(kernel, status="proved"):
    namespace = {}
    exec(export.header("test") + kernel.source(status), namespace)   # our own printed code
    return namespace[kernel.name]


def test_linear_backward_is_printed_from_its_matrix_forms():
    kernel = BY_NAME["linear_backward"]
    assert kernel.claims == ("matrix.linear-backward", "linear.backward")
    assert "return G @ np.swapaxes(W, -1, -2), np.swapaxes(x, -1, -2) @ G" in kernel.source()


def test_linear_backward_is_the_gradient_of_a_linear_layer():
    linear_backward = _function(BY_NAME["linear_backward"])
    rng = np.random.default_rng(1)
    x, W, G = (rng.normal(size=s) for s in ((4, 3), (3, 2), (4, 2)))
    dx, dW = linear_backward(x, W, G)
    # L = Σ G ⊙ (xW) is linear in x and in W: a forward difference is exact but for rounding
    loss, h = (lambda x, W: np.sum(G * (x @ W))), 1e-3
    for n, (arg, grad) in enumerate(((x, dx), (W, dW))):
        for index in np.ndindex(arg.shape):
            moved = arg.copy()
            moved[index] += h
            args = (moved, W) if n == 0 else (x, moved)
            assert (loss(*args) - loss(x, W)) / h == pytest.approx(grad[index], abs=1e-9)
    batched = linear_backward(np.stack([x, 2 * x]), W, np.stack([G, G]))
    assert np.allclose(batched[0][1], dx) and np.allclose(batched[1][1], 2 * dW)


def test_the_softmax_vjp_is_printed_from_its_matrix_form_without_the_jacobian():
    kernel = BY_NAME["softmax_vjp"]
    source = kernel.source()
    assert kernel.claims == ("matrix.softmax-jacobian", "softmax.jacobian")
    assert "np.sum(" in source
    vjp = _function(kernel)
    rng = np.random.default_rng(0)
    a, g = rng.dirichlet(np.ones(5), size=3), rng.normal(size=(3, 5))
    want = [(np.diag(r) - np.outer(r, r)) @ v for r, v in zip(a, g)]
    assert np.allclose(vjp(a, g), want)
    assert np.allclose(vjp(a.T, g.T, axis=0), np.transpose(want))


def test_every_matrix_kernel_agrees_with_its_textbook_side():
    for name in ("linear_backward", "softmax_vjp"):
        kernel = BY_NAME[name]
        reports = check_matrix_kernel(kernel, _function(kernel))
        assert [r.dtype for r in reports] == ["float64", "float32"]
        assert all(r.ok and r.points > 0 for r in reports), [r.problems for r in reports]


def test_a_kernel_printed_from_a_wrong_form_is_caught():
    # a transpose slip in the proved form's place: ∂L/∂x = Wᵀ G printed instead of G Wᵀ
    X, V, G = (sp.Symbol(s, commutative=False) for s in "XVG")
    k, n, m = sp.symbols("k n m", integer=True, positive=True)
    good = MATRIX["matrix.linear-backward"].parts[3].relation
    slip = MatrixEquals(good.lhs, G * Transposed(V) * 2, good.shapes)
    claim = dataclasses.replace(MATRIX["matrix.linear-backward"],
                                parts=(part(slip, "a slip"),))
    kernel = MatrixKernel("wrong", claim, (("dx", 0),), "x, W, G",
                          {"X": "x", "V": "W", "G": "G"})
    assert "2 * G @ np.swapaxes(W, -1, -2)" in kernel.source()
    reports = check_matrix_kernel(kernel, _function(kernel))
    assert reports and all("dx: relative error" in " ".join(r.problems) for r in reports)


def test_what_the_printer_does_not_take_is_said():
    x, g = (sp.Symbol(s, commutative=False) for s in "xg")
    n = sp.Symbol("n", integer=True, positive=True)
    outer = Claim("outer", "an outer product", MATRIX["matrix.softmax-jacobian"].source,
                  (part(MatrixEquals(x * Transposed(g), x * Transposed(g),
                                     ((x, (n, 1)), (g, (n, 1))))),))
    kernel = MatrixKernel("outer", outer, (("o", 0),), "a, g, axis=-1",
                          {"x": "a", "g": "g"}, along=True)
    with pytest.raises(NotPrintable, match="outer product"):
        kernel.source()
    hadamard = dataclasses.replace(outer, parts=(part(MatrixEquals(
        Hadamard(x, g), Hadamard(x, g), ((x, (n, 1)), (g, (n, 1))))),))
    missing = MatrixKernel("h", hadamard, (("o", 0),), "a, axis=-1", {"x": "a"}, along=True)
    with pytest.raises(NotPrintable, match="g is not a parameter"):
        missing.source()


def test_a_matrix_kernel_waits_for_its_proof():
    kernel = BY_NAME["linear_backward"]
    status = export.kernel_status([kernel], {})          # its claim is not in the catalogue
    assert status["linear_backward"].startswith("not proved: not in the catalogue")
    status = export.kernel_status([kernel], MATRIX)         # its index form is not
    assert status["linear_backward"] == "not proved: not in the catalogue: linear.backward"
    assert export.kernel_status([kernel], catalogue())["linear_backward"] == "proved"
