"""Checking kernels numerically against the symbolic truth.

Each output is compared with its *textbook* formula evaluated in 50-digit arithmetic at
random and extreme points (±1000, ±700, ±40, probabilities near 0 and 1), and every
gradient with central finite differences of its loss. The kernel specs are handed in;
every public function of a module is checked, or its report says why it was not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ..prover import matrices
from ..prover.context import evaluate_derivatives
from ..prover.evaluation import Undefined, evaluate_mp
from ..prover.sampling import expand_finite
from .export import WRAPPERS
from .matrixforms import MatrixKernel
from .spec import Kernel, plain

EXTREMES = np.array([-1000.0, -700.0, -40.0, -1.5, -1e-8, 0.0, 1e-8, 0.7, 40.0, 700.0, 1000.0])


@dataclass
class KernelReport:
    name: str
    dtype: str = "float64"
    points: int = 0
    max_rel_error: dict = field(default_factory=dict)   # output -> worst relative error
    finite: bool = True
    problems: list = field(default_factory=list)
    skipped: str = ""             # why the function was not checked ("": it was)

    @property
    def ok(self) -> bool:
        return not self.problems


def _inputs(kernel: Kernel, rng: np.random.Generator, rows=6, classes=4):
    """Named float64 inputs for a kernel: random rows plus rows of extremes."""
    arrays = kernel.arrays
    shape = (rows, classes) if kernel.dims else (len(EXTREMES) + rows * classes,)
    out = {}
    for name in arrays:
        if name in ("y",) and kernel.dims:        # targets: probability vectors and one-hots
            y = rng.dirichlet(np.ones(classes), size=rows)
            y[: rows // 2] = np.eye(classes)[rng.integers(0, classes, rows // 2)]
            out[name] = y
        elif name == "y":
            out[name] = rng.choice([0.0, 1.0], size=shape)
        elif name in ("p", "q", "a"):
            v = rng.dirichlet(np.ones(classes), size=rows)
            v[0] = [1 - 3e-12, 1e-12, 1e-12, 1e-12][:classes] if classes == 4 else v[0]
            out[name] = v
        elif kernel.dims:
            z = rng.normal(0, 3, size=shape)
            z[0] = [1000, -1000, 0, 5][:classes]
            z[1] = [-700, -710, -720, -705][:classes]
            z[2] = [40, 0, -40, 1e-8][:classes]
            out[name] = z
        else:
            out[name] = np.concatenate([EXTREMES, rng.normal(0, 5, size=rows * classes)])
    return out


def _reference(kernel: Kernel, form, inputs: dict, index: tuple, dps=50, expr=None):
    """The textbook formula of `form` at one element (or one row, for a loss), 50 digits."""
    if expr is None:
        expr = evaluate_derivatives(plain(form.textbook))   # symbolic: exact at saturation
    j = kernel.element
    point = {}
    if kernel.dims:
        row = index[0]
        n_value = next(iter(inputs.values())).shape[-1]
        dim = next(iter(kernel.dims))
        if form.reduce:
            k = sp.Dummy("k", integer=True, positive=True)
            expr = sp.Sum(expr.xreplace({j: k}), (k, 1, dim))
        else:
            expr = expr.xreplace({j: sp.Integer(index[1] + 1)})
        expr = expand_finite(expr.xreplace({dim: sp.Integer(n_value)}))
        for name, arr in inputs.items():
            base = sp.IndexedBase(name, real=True)
            for c in range(n_value):
                point[base[c + 1]] = sp.Float(repr(float(arr[row, c])), dps)
                point[sp.IndexedBase(name, positive=True)[c + 1]] = point[base[c + 1]]
    else:
        for name, arr in inputs.items():
            point[sp.Symbol(name, real=True)] = sp.Float(repr(float(arr[index])), dps)
    point[sp.Symbol("alpha", positive=True)] = sp.Float(1, dps)
    return evaluate_mp(expr, point, dps)


def check_kernel(kernel: Kernel, fn, seed: int = 0, dtype=np.float64, tol=1e-12,
                 inputs: dict | None = None, name: str = "") -> KernelReport:
    """Compare fn (the exported function) with the 50-digit textbook values, at the
    kernel's random and extreme points or at the named `inputs` given."""
    rng = np.random.default_rng(seed)
    inputs = _inputs(kernel, rng) if inputs is None else inputs
    args = [inputs[n].astype(dtype) for n in inputs]
    out = fn(*args)
    outs = out if isinstance(out, tuple) else (out,)
    report = KernelReport(name or kernel.name, np.dtype(dtype).name)
    for form, value in zip(kernel.forms, outs):
        if value.dtype != dtype:
            report.problems.append(f"{form.name}: dtype {value.dtype}, expected {dtype}")
        if not np.all(np.isfinite(value)):
            report.finite = False
            report.problems.append(f"{form.name}: non-finite output")
            continue
        worst, exact = 0.0, {n: a.astype(np.float64) for n, a in zip(inputs, args)}
        eps = float(np.finfo(dtype).eps)
        for index in np.ndindex(value.shape):
            try:
                ref = _reference(kernel, form, exact, index)
            except (Undefined, ZeroDivisionError):
                continue
            error = abs(mpmath.mpf(float(value[index])) - ref)
            report.points += 1
            if _ill_conditioned(kernel, form, exact, index):
                # σ(z) − y with a fractional y: the true value can cancel to far below the
                # rounding of the inputs, so the bound is what that rounding allows
                allowed = 4 * eps * _magnitude(exact, index)
                if error > allowed:
                    report.problems.append(f"{form.name} at {index}: error {float(error):.2e}"
                                           f" > {allowed:.2e} allowed by input rounding")
                continue
            if form.kink and any(float(a[index]) == 0 for a in exact.values()
                                 if a.shape == value.shape):
                continue                      # not differentiable there: a convention
            # relative error, down to the smallest normal number of the dtype; relative to
            # the form's own scale where the formula itself cancels (the VJP's g − ⟨g, a⟩)
            tiny = mpmath.mpf(float(np.finfo(dtype).tiny))
            size = abs(ref) if form.scale is None else \
                _reference(kernel, form, exact, index, expr=form.scale)
            worst = max(worst, float(error / max(size, tiny)))
        report.max_rel_error[form.name] = worst
        if worst > tol:
            report.problems.append(f"{form.name}: relative error {worst:.2e} > {tol:.0e}")
    return report


def _ill_conditioned(kernel, form, inputs, index) -> bool:
    if form.name != "grad" or "y" not in inputs:
        return False
    y = inputs["y"][index] if not kernel.dims else inputs["y"][index[0], index[1]]
    return 0.0 < y < 1.0


def _magnitude(inputs, index) -> float:
    return max(1.0, *(abs(float(a[index])) for a in inputs.values() if a.ndim == len(index)))


def check_gradients(loss_grad, inputs: list, position: int = 0, h=1e-6) -> float:
    """Worst relative difference between a kernel's gradient and central differences of
    its (summed) loss with respect to input number `position`."""
    loss, grad = loss_grad(*inputs)
    x = inputs[position]
    worst = 0.0
    for index in np.ndindex(x.shape):
        values = []
        for step in (h, -h):
            moved = list(inputs)
            moved[position] = x.copy()
            moved[position][index] += step
            values.append(np.sum(loss_grad(*moved)[0]))
        fd = (values[0] - values[1]) / (2 * h)
        worst = max(worst, abs(fd - grad[index]) / max(1.0, abs(fd)))
    return worst


TOLERANCE = {np.float64: 1e-12, np.float32: 1e-5}


def public_functions(module) -> list[str]:
    """The functions a module defines for its users (not its helpers, not its imports)."""
    return [name for name, fn in vars(module).items() if callable(fn)
            and not name.startswith("_") and getattr(fn, "__module__", None) == module.__name__]


def verify_module(module, kernels: list[Kernel]) -> list[KernelReport]:
    """Every public function of the module: a kernel of `kernels` in float64 and float32
    against the 50-digit textbook values, loss/gradient pairs also against central
    differences; a wrapper of the exporter against what it wraps; any other function
    with a report that says it was not checked and why."""
    specs = {k.name: k for k in kernels}
    reports = []
    for name in public_functions(module):
        fn = getattr(module, name)
        if isinstance(specs.get(name), MatrixKernel):
            reports += check_matrix_kernel(specs[name], fn)
        elif name in specs:
            reports += _verify_kernel(specs[name], fn)
        elif name in CHECK_WRAPPER:
            reports += CHECK_WRAPPER[name](fn, specs)
        else:
            why = ("a wrapper derive cannot check" if name in WRAPPERS
                   else "no kernel spec has this name")
            reports.append(KernelReport(name, "—", skipped=why))
    return reports


def _verify_kernel(kernel: Kernel, fn) -> list[KernelReport]:
    reports = [check_kernel(kernel, fn, dtype=dtype, tol=tol) for dtype, tol in TOLERANCE.items()]
    if len(kernel.forms) == 2 and kernel.forms[1].name.startswith("grad"):
        rng = np.random.default_rng(1)
        named = _inputs(kernel, rng)
        names = list(named)
        position = names.index(kernel.forms[1].wrt) if kernel.forms[1].wrt else 0
        inputs = list(named.values())
        if kernel.forms[1].wrt not in ("p", "q"):
            inputs[position] = rng.normal(0, 2, size=inputs[position].shape)  # moderate
        else:
            inputs = [rng.dirichlet(np.ones(a.shape[-1]), size=a.shape[0]) for a in inputs]
        err = check_gradients(fn, inputs, position)
        r = KernelReport(kernel.name, "float64 (finite differences)", inputs[0].size,
                         {kernel.forms[1].name: err})
        if err > 1e-6:
            r.problems.append(f"gradient differs from central differences by {err:.1e}")
        reports.append(r)
    return reports


def _check_integer_targets(fn, specs) -> list[KernelReport]:
    """softmax_cross_entropy_int(z, labels) against the 50-digit textbook values of the
    softmax_cross_entropy kernel with the one-hot targets of the labels."""
    kernel = specs.get("softmax_cross_entropy")
    if kernel is None:
        return [KernelReport("softmax_cross_entropy_int", "—",
                             skipped="needs the softmax_cross_entropy kernel spec")]
    rng = np.random.default_rng(2)
    inputs = _inputs(kernel, rng)
    labels = rng.integers(0, inputs["y"].shape[-1], inputs["y"].shape[0])
    inputs["y"] = np.eye(inputs["y"].shape[-1])[labels]
    return [check_kernel(kernel, lambda z, y: fn(z, labels), dtype=dtype, tol=tol,
                         inputs=inputs, name="softmax_cross_entropy_int")
            for dtype, tol in TOLERANCE.items()]


def check_matrix_kernel(kernel: MatrixKernel, fn, seed: int = 3) -> list[KernelReport]:
    """Each output against the textbook side of its matrix form (the derivative, the
    Jacobian written out) in 50 digits, batched and not, float64 and float32; the error
    relative to the proved form with every input and number taken by its size
    (|G| |W|ᵀ for G Wᵀ), so that a sum that cancels is not held against the kernel."""
    rng = np.random.default_rng(seed)
    sizes, shapes = {}, {}
    for out, _ in kernel.outputs:
        for name, (rows, cols) in kernel.relation(out).shapes:
            for d in (rows, cols):
                sizes.setdefault(d, 1 if d == 1 else 3 + len(sizes) % 3)
            shapes.setdefault(kernel.names[sp.latex(name)], (sizes[rows], sizes[cols]))
    batches = ((6,),) if kernel.along else ((), (2,))
    reports = []
    for dtype, tol in TOLERANCE.items():
        report = KernelReport(kernel.name, np.dtype(dtype).name)
        worst = {out: 0.0 for out, _ in kernel.outputs}
        for batch in batches:
            args = {p: rng.normal(0, 3, size=batch + ((r,) if kernel.along else (r, c)))
                    .astype(dtype) for p, (r, c) in shapes.items()}
            got = fn(*(args[p] for p in kernel.arrays))
            got = got if isinstance(got, tuple) else (got,)
            for (out, _), value in zip(kernel.outputs, got):
                if value.dtype != dtype:
                    report.problems.append(f"{out}: dtype {value.dtype}, expected "
                                           f"{np.dtype(dtype)}")
                for at in np.ndindex(batch):
                    error = _matrix_error(kernel, out, {p: a[at] for p, a in args.items()},
                                          value[at])
                    worst[out] = max(worst[out], error)
                    report.points += value[at].size
        report.max_rel_error = worst
        report.problems += [f"{out}: relative error {e:.2e} > {tol:.0e}"
                            for out, e in worst.items() if e > tol]
        reports.append(report)
    return reports


def _matrix_error(kernel: MatrixKernel, out: str, args: dict, value) -> float:
    """The largest error of one output (one element of a batch) against its form."""
    relation = kernel.relation(out)
    declared = relation.declared()

    def at(expr, arrays):
        given = {name: np.asarray(arrays[p], dtype=np.float64).reshape(
            (-1, 1) if kernel.along else np.shape(arrays[p]))
            for name, p in kernel.names.items()}
        return np.array(sp.Matrix(matrices.value_at(expr, declared, given)).tolist(),
                        dtype=object)
    want = at(relation.lhs, args)
    size = at(relation.rhs.replace(lambda e: e.is_Number and e < 0, lambda e: -e),
              {p: np.abs(a) for p, a in args.items()})
    got = np.asarray(value, dtype=np.float64).reshape(want.shape)
    worst = 0.0
    for index in np.ndindex(want.shape):
        error = abs(mpmath.mpf(float(got[index])) - mpmath.mpf(str(want[index])))
        worst = max(worst, float(error / max(mpmath.mpf(str(size[index])), 1e-300)))
    return worst


CHECK_WRAPPER = {"softmax_cross_entropy_int": _check_integer_targets}
