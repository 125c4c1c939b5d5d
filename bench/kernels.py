"""Benchmark: exported kernels against what a user would write or pick instead.

    python bench/kernels.py [--repeats 15] [--quick]

For softmax, log-softmax, softmax cross-entropy (loss + gradient), BCE with logits
(loss + gradient) and sigmoid, on shapes (4096, 10), (4096, 1000), (256, 100000) and
10^7 elements (float64): derive's exported NumPy kernel, hand-written stable NumPy,
SciPy (scipy.special.softmax / log_softmax / expit), PyTorch on CPU and JAX under jit when
installed, all single-threaded, repeats interleaved, medians reported as ratios to
hand-written NumPy in one run. Two physical bounds measured on the same machine:
memory traffic ÷ copy bandwidth, and elements needing an exp × the fastest exp per
element measured (NumPy's or PyTorch's).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "XLA_FLAGS"):
    os.environ.setdefault(var, "1" if var != "XLA_FLAGS" else
                          "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import numpy as np  # noqa: E402

from derive.kernels.export import load, module_source  # noqa: E402
from lemmas.kernels import KERNELS  # noqa: E402

SHAPES = [(4096, 10), (4096, 1000), (256, 100_000), (10_000_000,)]


# --- hand-written stable NumPy: what a careful user writes --------------------------------

def np_softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def np_log_softmax(z):
    w = z - z.max(-1, keepdims=True)
    return w - np.log(np.exp(w).sum(-1, keepdims=True))


def np_xent(z, y):
    w = z - z.max(-1, keepdims=True)
    e = np.exp(w)
    s = e.sum(-1, keepdims=True)
    return -(y * (w - np.log(s))).sum(-1), e / s * y.sum(-1, keepdims=True) - y


def np_bce(z, y):
    e = np.exp(-np.abs(z))
    loss = np.maximum(z, 0) - z * y + np.log1p(e)
    sig = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return loss, sig - y


def np_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def numba_hand():
    """Hand-written numba: fused loops, one exp per element, what a performance-minded
    user writes (softmax and cross-entropy loss + gradient)."""
    import math
    import numba

    @numba.njit(cache=True)
    def softmax_rows(z, out):
        for r in range(z.shape[0]):
            m = -math.inf
            for c in range(z.shape[1]):
                m = max(m, z[r, c])
            s = 0.0
            for c in range(z.shape[1]):
                e = math.exp(z[r, c] - m)
                out[r, c] = e
                s += e
            for c in range(z.shape[1]):
                out[r, c] /= s

    @numba.njit(cache=True)
    def xent_rows(z, y, loss, grad):
        for r in range(z.shape[0]):
            m = -math.inf
            for c in range(z.shape[1]):
                m = max(m, z[r, c])
            s = 0.0
            ys = 0.0
            for c in range(z.shape[1]):
                e = math.exp(z[r, c] - m)
                grad[r, c] = e
                s += e
                ys += y[r, c]
            lse = math.log(s)
            acc = 0.0
            for c in range(z.shape[1]):
                acc -= y[r, c] * (z[r, c] - m - lse)
                grad[r, c] = grad[r, c] / s * ys - y[r, c]
            loss[r] = acc

    def softmax(z):
        z2 = z.reshape(-1, z.shape[-1])
        out = np.empty_like(z2)
        softmax_rows(z2, out)
        return out.reshape(z.shape)

    def xent(z, y):
        loss, grad = np.empty(z.shape[0]), np.empty_like(z)
        xent_rows(z, y, loss, grad)
        return loss, grad
    return softmax, xent


def competitors(kernels):
    out = {
        "softmax": {"derive": kernels.softmax, "numpy": np_softmax},
        "log_softmax": {"derive": kernels.log_softmax, "numpy": np_log_softmax},
        "xent loss+grad": {"derive": kernels.softmax_cross_entropy, "numpy": np_xent},
        "bce loss+grad": {"derive": kernels.bce_with_logits, "numpy": np_bce},
        "sigmoid": {"derive": kernels.sigmoid, "numpy": np_sigmoid},
    }
    try:
        import scipy.special as sc
        out["softmax"]["scipy"] = lambda z: sc.softmax(z, axis=-1)
        out["log_softmax"]["scipy"] = lambda z: sc.log_softmax(z, axis=-1)
        out["sigmoid"]["scipy"] = sc.expit
    except ImportError:
        pass
    try:
        import torch
        torch.set_num_threads(1)
        F = torch.nn.functional
        t = torch.from_numpy

        def torch_xent(z, y):
            lp = torch.log_softmax(t(z), -1)
            return -(t(y) * lp).sum(-1), lp.exp() * t(y).sum(-1, keepdim=True) - t(y)

        def torch_bce(z, y):
            zt, yt = t(z), t(y)
            return (F.binary_cross_entropy_with_logits(zt, yt, reduction="none"),
                    torch.sigmoid(zt) - yt)
        out["softmax"]["torch"] = lambda z: torch.softmax(t(z), -1)
        out["log_softmax"]["torch"] = lambda z: torch.log_softmax(t(z), -1)
        out["xent loss+grad"]["torch"] = torch_xent
        out["bce loss+grad"]["torch"] = torch_bce
        out["sigmoid"]["torch"] = lambda z: torch.sigmoid(t(z))
    except ImportError:
        pass
    try:
        from derive.kernels.compiled import module_source as numba_module
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(numba_module(KERNELS))
        compiled = load(Path(f.name))
        for kname, fn in (("softmax", compiled.softmax), ("log_softmax", compiled.log_softmax),
                          ("xent loss+grad", compiled.softmax_cross_entropy),
                          ("bce loss+grad", compiled.bce_with_logits),
                          ("sigmoid", compiled.sigmoid)):
            out[kname]["derive numba"] = fn
        hand_softmax, hand_xent = numba_hand()
        out["softmax"]["numba hand"] = hand_softmax
        out["xent loss+grad"]["numba hand"] = hand_xent
    except ImportError:
        pass
    try:
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        jsm = jax.jit(lambda z: jax.nn.softmax(z, axis=-1))
        jls = jax.jit(lambda z: jax.nn.log_softmax(z, axis=-1))
        jsg = jax.jit(jax.nn.sigmoid)

        @jax.jit
        def jxent(z, y):
            lp = jax.nn.log_softmax(z, -1)
            return -(y * lp).sum(-1), jnp.exp(lp) * y.sum(-1, keepdims=True) - y

        @jax.jit
        def jbce(z, y):
            return (jnp.maximum(z, 0) - z * y + jnp.log1p(jnp.exp(-jnp.abs(z))),
                    jax.nn.sigmoid(z) - y)

        def block(f):
            return lambda *a: jax.block_until_ready(f(*a))
        out["softmax"]["jax"] = block(jsm)
        out["log_softmax"]["jax"] = block(jls)
        out["xent loss+grad"]["jax"] = block(jxent)
        out["bce loss+grad"]["jax"] = block(jbce)
        out["sigmoid"]["jax"] = block(jsg)
    except ImportError:
        pass
    return out


def _time(fn, args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def bounds(size, repeats):
    """(seconds per float64 copied, seconds per exp): the machine's two limits."""
    a = np.random.default_rng(0).normal(size=10_000_000)
    b = np.empty_like(a)
    copy = statistics.median(_time(np.copyto, (b, a)) for _ in range(repeats)) / a.size
    exps = [statistics.median(_time(np.exp, (a,)) for _ in range(repeats)) / a.size]
    try:
        import torch
        ta = torch.from_numpy(a)
        exps.append(statistics.median(_time(torch.exp, (ta,)) for _ in range(repeats)) / a.size)
    except ImportError:
        pass
    return copy, min(exps)


# elements that need an exp per input element, and float64 arrays read + written
COST = {"softmax": (1, 2), "log_softmax": (1, 2), "xent loss+grad": (1, 3),
        "bce loss+grad": (1, 4), "sigmoid": (1, 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--quick", action="store_true", help="small shapes, 3 repeats (CI)")
    ap.add_argument("--only", nargs="*", help="kernels to run (default all)")
    ap.add_argument("--shapes", nargs="*", help="shapes such as 4096x1000 (default all)")
    args = ap.parse_args()
    shapes = [(256, 10), (256, 1000), (10_000,)] if args.quick else SHAPES
    if args.shapes:
        shapes = [tuple(int(v) for v in sh.split("x")) for sh in args.shapes]
    repeats = 3 if args.quick else args.repeats
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kernels.py"
        path.write_text(module_source(KERNELS, {}))
        kernels = load(path)
        table = competitors(kernels)
        copy_s, exp_s = bounds(10_000_000, repeats)
        print(f"machine: copy {copy_s * 1e9:.2f} ns per float64, fastest exp "
              f"{exp_s * 1e9:.2f} ns per element\n")
        names = sorted({n for row in table.values() for n in row if n not in ("derive", "numpy")})
        print("| kernel | shape | hand NumPy ms | derive | " + " | ".join(names)
              + " | bandwidth bound | exp bound |")
        print("|---|---|---|---|" + "---|" * len(names) + "---|---|")
        rng = np.random.default_rng(0)
        for kname, impls in table.items():
            if args.only and kname not in args.only:
                continue
            for shape in shapes:
                if kname.startswith("xent") and len(shape) == 1:
                    continue
                z = rng.normal(0, 3, size=shape)
                y = (rng.dirichlet(np.ones(shape[-1]), size=shape[0]) if len(shape) == 2
                     and kname.startswith("xent") else rng.choice([0.0, 1.0], size=shape))
                call_args = (z, y) if "grad" in kname else (z,)
                times = {n: [] for n in impls}
                for fn in impls.values():
                    fn(*call_args)                               # warm-up (and jit)
                order = list(impls.items())
                for rep in range(repeats):                       # interleaved, and each
                    shift = rep % len(order)                     # first in turn
                    for n, fn in order[shift:] + order[:shift]:
                        times[n].append(_time(fn, call_args))
                med = {n: statistics.median(v) for n, v in times.items()}
                base = med["numpy"]
                exps, arrays = COST[kname]
                bw = arrays * z.size * copy_s
                ex = exps * z.size * exp_s
                cells = [f"{med[n] / base:.2f}×" if n in med else "—" for n in names]
                print(f"| {kname} | {shape} | {base * 1e3:.2f} | {med['derive'] / base:.2f}× | "
                      + " | ".join(cells) + f" | {bw / base:.2f}× | {ex / base:.2f}× |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
