"""Exported kernels: proved rewrites, 50-digit accuracy at extreme points, dtypes, shapes,
finite differences, PyTorch autograd, and a module that needs nothing but NumPy."""
import subprocess
import sys

import numpy as np
import pytest

from derive import prove
from derive.kernels import Kernel
from derive.kernels.export import load, module_source
from derive.kernels.verify import TOLERANCE, check_kernel, verify_module
from lemmas.kernels import KERNELS

BY_NAME = {k.name: k for k in KERNELS}
INDEX_FORMS = [k.name for k in KERNELS if isinstance(k, Kernel)]   # the matrix forms:
# tests/kernels/test_matrix_kernels.py


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    pytest.importorskip("numba")
    from derive.kernels.compiled import module_source as compiled_source
    path = tmp_path_factory.mktemp("numba") / "compiled_kernels.py"
    path.write_text(compiled_source(KERNELS))
    return load(path)


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "kernels.py"
    status = {k.name: "proved" for k in KERNELS} | {"linear_backward": "proved"}
    path.write_text(module_source(KERNELS, status))
    return load(path)


@pytest.mark.parametrize("claim", [c for k in KERNELS for c in k.proof_claims()],
                         ids=lambda c: c.id)
def test_every_stable_rewrite_is_proved_equal_to_the_textbook_formula(claim):
    proof = prove(claim, budget=60)
    assert proof.status == "proved" and not proof.alarm, [p.tried for p in proof.parts]


@pytest.mark.parametrize("name", INDEX_FORMS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_kernel_matches_the_50_digit_textbook_value(module, name, dtype):
    report = check_kernel(BY_NAME[name], getattr(module, name), dtype=dtype,
                          tol=TOLERANCE[dtype])
    assert report.points > 0 and report.finite and report.ok, report.problems


@pytest.fixture(scope="module")
def verified(module):
    return verify_module(module, KERNELS)


def test_every_function_of_the_module_is_checked(module, verified):
    # the kernels and the wrappers (integer targets, linear_backward): none skipped
    assert {r.name for r in verified} == {n for n in vars(module) if not n.startswith("_")
                                          and callable(getattr(module, n))
                                          and getattr(module, n).__module__ == module.__name__}
    assert {"softmax_cross_entropy_int", "linear_backward"} <= {r.name for r in verified}
    assert not [r for r in verified if r.skipped]
    assert all(r.ok for r in verified), [r.problems for r in verified if not r.ok]


def test_gradients_match_central_differences(verified):
    reports = [r for r in verified if "finite" in r.dtype]
    assert {r.name for r in reports} == {"softmax_cross_entropy", "bce_with_logits",
                                         "kl_divergence"}
    assert all(r.ok for r in reports), [r.problems for r in reports]


def test_saturated_gradients_are_not_rounded_to_zero(module):
    # σ(40) − 1 = −σ(−40) ≈ −4.25e-18: a naive σ(z) − y gives exactly 0
    _, g = module.bce_with_logits(np.array([40.0]), np.array([1.0]))
    assert g[0] == pytest.approx(-4.248354255291589e-18, rel=1e-12)
    _, g = module.softmax_cross_entropy(np.array([[40.0, 0.0]]), np.array([[1.0, 0.0]]))
    assert g[0, 0] == pytest.approx(-4.248354255291589e-18, rel=1e-12)
    assert module.sigmoid_grad(np.array([40.0]))[0] == pytest.approx(4.248354255291589e-18,
                                                                     rel=1e-12)


def test_textbook_overflow_inputs_stay_finite(module):
    for dtype in (np.float32, np.float64):
        z = np.array([[1000, -1000, 0, 5]], dtype=dtype)
        with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow is fine
            out = [module.softmax(z), module.log_softmax(z), module.sigmoid(z),
                   *module.softmax_cross_entropy(z, np.eye(4, dtype=dtype)[:1]),
                   *module.bce_with_logits(z, np.ones_like(z))]
        assert all(np.all(np.isfinite(o)) and o.dtype == dtype for o in out)


def test_batched_over_leading_axes_and_any_axis(module):
    z = np.random.default_rng(0).normal(size=(2, 3, 5))
    a = module.softmax(z)
    assert a.shape == z.shape and np.allclose(a.sum(-1), 1)
    assert np.allclose(module.softmax(z, axis=1).sum(1), 1)
    loss, grad = module.softmax_cross_entropy(z, np.full_like(z, 0.2))
    assert loss.shape == (2, 3) and grad.shape == z.shape


def _arrays_for(kernel, rng, shape):
    """Inputs for each of a kernel's arrays: probability rows for p, q, a and row targets."""
    out = []
    for name in kernel.arrays:
        if name in ("p", "q", "a") or (name == "y" and kernel.dims):
            out.append(rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]))
        elif name == "y":
            out.append(rng.choice([0.0, 1.0], size=shape))
        else:
            out.append(rng.normal(0, 3, size=shape))
    return out


@pytest.mark.parametrize("name", list(BY_NAME))
def test_inputs_are_never_written_and_broadcast(module, name):
    # kernels write results into their own temporaries (out=): an input, or a broadcast
    # view of one, must never be one of them (read-only inputs raise if written)
    fn = getattr(module, name)
    args = _arrays_for(BY_NAME[name], np.random.default_rng(0), (6, 5))
    full = fn(*args)
    if len(args) == 2:
        args[1] = args[1][:1]                     # one row broadcast against six
    for a in args:
        a.flags.writeable = False
    before = [a.copy() for a in args]
    out = fn(*args)
    assert all(np.array_equal(a, b) for a, b in zip(args, before))
    if len(args) == 2:
        want = fn(args[0], np.broadcast_to(args[1], args[0].shape).copy())
        assert all(np.allclose(o, w, rtol=1e-14) for o, w in zip(out, want))
    else:
        pairs = zip(*(r if isinstance(r, tuple) else (r,) for r in (out, full)))
        assert all(np.array_equal(o, w) for o, w in pairs)


def test_scalars_and_integers_come_out_as_floats(module):
    s = module.sigmoid(0)
    assert s.shape == () and s.dtype == np.float64 and s == 0.5
    loss, grad = module.bce_with_logits(np.float32(40), 1.0)
    assert grad.shape == () and grad.dtype == np.float32 and grad < 0
    assert module.softmax(np.array([[1, 1]])).dtype == np.float64
    assert np.allclose(module.softmax(np.array([[1, 1]])), 0.5)


@pytest.mark.parametrize("name, most", [("softmax", 1.1), ("log_softmax", 2.1),
                                        ("softmax_cross_entropy", 2.1), ("sigmoid", 2.2),
                                        ("sigmoid_grad", 2.1), ("bce_with_logits", 4.2),
                                        ("softmax_vjp", 1.1)])
def test_kernels_reuse_their_temporaries(module, name, most):
    # a dead full-size temporary takes the next result (out=), so a kernel holds few
    # input-sized arrays at once (its outputs included); NumPy written as one expression
    # holds one per operation (hand-written softmax peaks at 2, BCE at 5)
    import tracemalloc
    args = _arrays_for(BY_NAME[name], np.random.default_rng(0), (256, 2000))
    tracemalloc.start()
    getattr(module, name)(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak / args[0].nbytes < most


def test_vjp_never_builds_the_jacobian(module):
    # a (2, 200000) input would need a 320 GB Jacobian per call
    a = module.softmax(np.random.default_rng(0).normal(size=(2, 200_000)))
    g = np.ones_like(a)
    assert np.allclose(module.softmax_vjp(a, g), 0, atol=1e-15)   # Jᵀ1 = 0


def test_integer_targets_and_linear_backward(module):
    z = np.random.default_rng(0).normal(size=(4, 3))
    labels = np.array([0, 2, 1, 2])
    loss, grad = module.softmax_cross_entropy_int(z, labels)
    assert np.allclose(loss, -module.log_softmax(z)[np.arange(4), labels])
    assert np.allclose(grad, module.softmax(z) - np.eye(3)[labels])
    x, W, G = (np.random.default_rng(1).normal(size=s) for s in ((4, 3), (3, 2), (4, 2)))
    dx, dW = module.linear_backward(x, W, G)
    assert np.allclose(dx, G @ W.T) and np.allclose(dW, x.T @ G)


def test_against_pytorch_autograd(module):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, size=(5, 7))
    y = rng.dirichlet(np.ones(7), size=5)
    zt = torch.tensor(z, requires_grad=True)
    loss = -(torch.tensor(y) * torch.log_softmax(zt, -1)).sum()
    loss.backward()
    ours_loss, ours_grad = module.softmax_cross_entropy(z, y)
    assert np.allclose(ours_loss.sum(), loss.item(), rtol=1e-12)
    assert np.allclose(ours_grad, zt.grad.numpy(), rtol=1e-10, atol=1e-14)
    b = rng.choice([0.0, 1.0], size=20)
    zb = torch.tensor(rng.normal(0, 5, size=20), requires_grad=True)
    torch.nn.functional.binary_cross_entropy_with_logits(zb, torch.tensor(b),
                                                         reduction="sum").backward()
    lb, gb = module.bce_with_logits(zb.detach().numpy(), b)
    assert np.allclose(gb, zb.grad.numpy(), rtol=1e-10, atol=1e-14)
    a = module.softmax(z)
    g = rng.normal(size=z.shape)
    zt = torch.tensor(z, requires_grad=True)
    torch.softmax(zt, -1).backward(torch.tensor(g))
    assert np.allclose(module.softmax_vjp(a, g), zt.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("numpy", ["numpy", "numpy==1.24.4"], ids=["newest", "oldest"])
def test_exported_module_needs_only_numpy(tmp_path, numpy):
    # the newest NumPy and the oldest the package supports (numpy>=1.24: no out=...,
    # value-based casting of Python scalars)
    path = tmp_path / "kernels.py"
    path.write_text(module_source(KERNELS, {}))
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pip = subprocess.run([str(env / "bin" / "pip"), "install", "-q", numpy],
                         capture_output=True, text=True)
    if pip.returncode != 0:
        pytest.fail(f"could not install {numpy} into a fresh venv: {pip.stderr[-500:]}")
    code = ("import sys; sys.path.insert(0, %r); import kernels, numpy as np; "
            "print(kernels.softmax(np.array([[1000.0, 0.0]]))[0, 0]); "
            "l, g = kernels.softmax_cross_entropy(np.float32([[40, 0]]), np.float32([[1, 0]])); "
            "print(g.dtype, g[0, 0] < 0, kernels.sigmoid(0).shape); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sympy', 'derive', 'scipy', 'torch', 'mpmath')))" % str(tmp_path))
    out = subprocess.run([str(env / "bin" / "python"), "-c", code], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[0] == "1.0" and out[1] == "float32 True ()" and out[2] == "[]"


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmax_cross_entropy",
                                  "bce_with_logits", "sigmoid"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_compiled_backend_matches_the_50_digit_textbook_value(compiled, name, dtype):
    report = check_kernel(BY_NAME[name], getattr(compiled, name), dtype=dtype,
                          tol=TOLERANCE[dtype])
    assert report.points > 0 and report.ok, report.problems


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmax_cross_entropy",
                                  "bce_with_logits", "sigmoid"])
def test_compiled_backend_takes_inputs_as_the_numpy_module_does(module, compiled, name):
    # integers as float64, float32 and float16 kept (numba computes float16 in float32),
    # big-endian, a second argument broadcast, 0-d stays 0-d
    rng = np.random.default_rng(0)
    args = _arrays_for(BY_NAME[name], rng, (6, 5))
    args[0] = np.rint(args[0]).astype(np.int64)
    calls = [args, [a.astype(np.float32) for a in args], [a.astype(np.float16) for a in args],
             [a.astype(">f8") for a in args]]
    if len(args) == 2:
        calls.append([args[0].astype(np.float32), args[1][:1]])
    if not BY_NAME[name].dims:
        calls.append([np.float64(a.flat[0]) for a in args])
    for call in calls:
        want, got = getattr(module, name)(*call), getattr(compiled, name)(*call)
        for w, g in zip(*(r if isinstance(r, tuple) else (r,) for r in (want, got))):
            assert g.dtype == w.dtype and g.shape == w.shape
            tol = {2: 4e-3, 4: 1e-5, 8: 1e-13}[w.dtype.itemsize]
            assert np.allclose(g.astype(float), w.astype(float), rtol=tol, atol=tol)


def _in_a_loop(helper):
    """apply(x, out): the compiled runtime's scalar `helper` (runtime/numba_header.py,
    imported as it is) on every element, inlined into a loop with the kernels' error
    model and more fast-math freedom than they take (reassociation must not undo an
    exact reduction)."""
    numba = pytest.importorskip("numba")
    from derive.kernels.runtime import numba_header
    fn = getattr(numba_header, helper)

    @numba.njit(fastmath={"contract", "reassoc", "arcp"}, error_model="numpy")
    def apply(x, out):
        total = 0.0
        for i in range(x.shape[0]):
            out[i] = fn(x[i])
            total += out[i]
        return total
    return apply


def test_compiled_exp_is_np_exp_to_one_ulp():
    """The call-free exp of the compiled backend, over its whole range: normal and
    subnormal results, overflow, underflow, inf and nan."""
    apply = _in_a_loop("_exp")
    rng = np.random.default_rng(7)
    edges = [0.0, -0.0, 1e-300, -1e-300, 709.78, 709.79, 709.8, 710.0, -708.39, -708.4,
             -720.0, -744.44, -745.13, -745.2, -746.0, -1e300, np.inf, -np.inf, np.nan]
    x = np.concatenate([rng.uniform(-745.2, 709.78, 200_000), rng.normal(0, 3, 50_000),
                        np.array(edges)])
    got = np.empty_like(x)
    with np.errstate(over="ignore"):                 # the reference overflows past 709.78
        want = np.exp(x)
    apply(x, got)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(np.isinf(got), np.isinf(want))
    finite = np.isfinite(want) & (want > 0)
    ulp = np.abs(got[finite] - want[finite]) / np.spacing(want[finite])
    assert ulp.max() <= 1.0
    assert np.all(got[want == 0] == 0)


def test_compiled_log1p_is_np_log1p_to_one_ulp():
    """The call-free log1p of the compiled backend (BCE's loss): from −1 to the largest
    float, tiny and subnormal x, ±0, below −1, inf and nan."""
    apply = _in_a_loop("_log1p")
    rng = np.random.default_rng(3)
    edges = [0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 2.0 ** -53, -2.0 ** -53,
             -1 + 2.0 ** -53, -1.0, -1.5, -np.inf, np.inf, np.nan, np.finfo(float).max,
             np.sqrt(2) - 1, 1 / np.sqrt(2) - 1]
    x = np.concatenate([rng.uniform(-1, 1, 100_000), np.exp(rng.uniform(-745, 709, 100_000)),
                        -np.exp(rng.uniform(-745, 0, 50_000)),
                        -1 + np.exp(rng.uniform(-36, 0, 50_000)), np.array(edges)])
    got = np.empty_like(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.log1p(x)
    apply(x, got)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(got[np.isinf(want)], want[np.isinf(want)])
    assert np.array_equal(np.signbit(got[want == 0]), np.signbit(want[want == 0]))
    finite = np.isfinite(want) & (want != 0)
    ulp = np.abs(got[finite] - want[finite]) / np.spacing(np.abs(want[finite]))
    assert ulp.max() <= 1.0
