"""Writing the standalone kernel module (it imports only NumPy), and checking one."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from ..prover import PROVED, prove_many
from .spec import Kernel

HEADER = '''"""Numerically stable NumPy kernels exported by derive {version}.

Every function computes a formula derive proved (its docstring names the claims and the
stable rewrite, itself proved equal to the textbook formula). Inputs are NumPy arrays,
batched over leading axes; outputs keep the input's dtype (float32 stays float32); losses
are per sample, not averaged; no n×n Jacobian is ever built.
"""
import numpy as np


def _inputs(*arrays):
    """The arrays in the first one's float dtype (float64 for integers), broadcast together
    and at least 1-d, and the shape of the results: every full-size array a kernel makes
    then has one shape and dtype, so it can take a later result in place (out=)."""
    first = np.asarray(arrays[0])
    dtype = first.dtype if first.dtype.kind == "f" else np.dtype(np.float64)
    arrays = [np.asarray(a, dtype=dtype) for a in arrays]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    return dtype, shape, [np.atleast_1d(a if a.shape == shape else np.broadcast_to(a, shape))
                          for a in arrays]


def _sum_rest(x, i, axis, ours):
    """Σ over each row of x without its entry at i (the argmax): exact when the rest is
    tiny beside that entry, so that log1p of it keeps its digits. An array of the kernel's
    own has the entry set to 0 for the sum and put back; an input is never written (a
    masked sum, slower)."""
    if not ours:
        keep = np.ones(x.shape, dtype=bool)
        np.put_along_axis(keep, i, False, axis=axis)
        return np.sum(x, axis=axis, keepdims=True, where=keep)
    kept = np.take_along_axis(x, i, axis=axis)
    np.put_along_axis(x, i, 0, axis=axis)
    rest = np.sum(x, axis=axis, keepdims=True)
    np.put_along_axis(x, i, kept, axis=axis)
    return rest

'''

# Thin wrappers over generated kernels or a matrix product: (claim, kernel they call, source)
WRAPPERS = {
    "softmax_cross_entropy_int": ("xent.grad-logits", "softmax_cross_entropy", '''
def softmax_cross_entropy_int(z, labels, axis=-1):
    """Softmax cross-entropy with integer class targets: (loss per row, gradient softmax − onehot).

    The one-hot target of `labels` fed to softmax_cross_entropy (claim xent.grad-logits).
    """
    z = np.asarray(z)
    onehot = np.zeros_like(z)
    idx = np.expand_dims(np.asarray(labels), axis)
    np.put_along_axis(onehot, idx, 1, axis=axis)
    return softmax_cross_entropy(z, onehot, axis=axis)
'''),
    "linear_backward": ("linear.backward", None, '''
def linear_backward(x, W, G):
    """y = xW: (∂L/∂x, ∂L/∂W) = (G Wᵀ, xᵀ G) for the upstream gradient G (claim linear.backward)."""
    return G @ np.swapaxes(W, -1, -2), np.swapaxes(x, -1, -2) @ G
'''),
}


def kernel_status(kernels: list[Kernel], jobs: int = 0, known=()) -> dict:
    """Prove every claim the kernels (and the wrappers) rest on, catalogue claims and
    stable rewrites (reusing the `known` proofs); returns {kernel or wrapper name:
    "proved" or why not}."""
    from lemmas import catalogue
    cat = catalogue()
    proofs = {p.claim_id: p for p in known}
    wanted = {c for k in kernels for c in k.claims} | {c for c, _, _ in WRAPPERS.values()}
    claims = [cat[c] for c in sorted(wanted)] + [c for k in kernels for c in k.proof_claims()]
    claims = [c for c in claims if c.id not in proofs]
    proofs.update((p.claim_id, p) for p in prove_many(claims, jobs=jobs))

    def verdict(ids):
        bad = [i for i in ids if proofs[i].status != PROVED or proofs[i].alarm]
        return PROVED if not bad else "not proved: " + ", ".join(bad)
    status = {k.name: verdict(list(k.claims) + [c.id for c in k.proof_claims()])
              for k in kernels}
    for name, (claim, needs, _) in WRAPPERS.items():
        status[name] = verdict([claim]) if needs is None or status.get(needs) == PROVED \
            else f"needs {needs}"
    return status


def module_source(kernels: list[Kernel], status: dict) -> str:
    """The module: every kernel given, and each wrapper whose status is "proved" (or, with
    no status for it, each wrapper whose kernel is there)."""
    from .. import __version__
    parts = [HEADER.format(version=__version__)]
    for k in kernels:
        parts.append(k.source(status.get(k.name, "")) + "\n")
    names = {k.name for k in kernels}
    for name, (_, needs, source) in WRAPPERS.items():
        if status.get(name) == PROVED if name in status else needs in names:
            parts.append(source)
    return "\n".join(parts).rstrip() + "\n"


def select(ids: list[str] | None) -> list[Kernel]:
    """Kernels by name or by a claim they rest on (all when ids is empty)."""
    from lemmas.kernels import KERNELS
    if not ids:
        return list(KERNELS)
    wanted = set(ids) | {needs for name, (claim, needs, _) in WRAPPERS.items()
                         if needs and (name in ids or claim in ids)}
    chosen = [k for k in KERNELS if k.name in wanted or any(c in ids for c in k.claims)]
    unknown = [i for i in ids if not any(i == k.name or i in k.claims for k in KERNELS)
               and not any(i == name or i == claim for name, (claim, _, _) in WRAPPERS.items())]
    if unknown:
        raise KeyError(", ".join(unknown))
    return chosen


def export(path: Path, ids: list[str] | None = None, jobs: int = 0,
           backend: str = "numpy") -> tuple[list, dict]:
    """Write the module with every selected kernel whose formulas are all proved
    (backend "numba": the compiled subset, fused loops)."""
    kernels = select(ids)
    status = kernel_status(kernels, jobs)
    proved = [k for k in kernels if status[k.name] == PROVED]
    status = {name: st for name, st in status.items() if name not in WRAPPERS or not ids
              or name in ids or WRAPPERS[name][0] in ids or WRAPPERS[name][1] in ids}
    if backend == "numba":
        from .compiled import COMPILED, module_source as compiled_source
        proved = [k for k in proved if k.name in COMPILED]
        text = compiled_source(proved)
    else:
        text = module_source(proved, status)
    Path(path).write_text(text, encoding="utf-8")
    return proved, status


def load(path: Path):
    """Import an exported module from its file (a module the user asks derive to check)."""
    spec = importlib.util.spec_from_file_location("derive_exported_kernels", str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
