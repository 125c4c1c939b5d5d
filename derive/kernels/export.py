"""Writing the standalone kernel module (it imports only NumPy), and checking one.

The kernels and the claims they rest on are handed in (the CLI and the report take them
from `lemmas`); the module is assembled from the hand-written runtime (runtime/
numpy_header.py on top, runtime/numpy_wrappers.py's functions at the end) and the
kernels printed from their proven formulas in between.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..prover import PROVED, prove_many
from .runtime import function_source, module_body, numpy_wrappers
from .spec import Kernel

DOCSTRING = '''"""Numerically stable NumPy kernels exported by derive {version}.

Every function computes a formula derive proved (its docstring names the claims and the
stable rewrite, itself proved equal to the textbook formula). Inputs are NumPy arrays,
batched over leading axes; outputs keep the input's dtype (float32 stays float32); losses
are per sample, not averaged; no n×n Jacobian is ever built.
"""
'''


def header(version: str) -> str:
    """The module's head: its docstring, then runtime/numpy_header.py."""
    return DOCSTRING.format(version=version) + module_body("numpy_header") + "\n"


@dataclass(frozen=True)
class Wrapper:
    """A hand-written function of the module: the claim it rests on, the generated kernel
    it calls (None: plain NumPy), and its code in runtime/numpy_wrappers.py."""
    name: str
    claim: str
    needs: str | None
    function: Callable

    @property
    def source(self) -> str:
        return "\n" + function_source(self.function)


WRAPPERS = {w.name: w for w in (
    Wrapper("softmax_cross_entropy_int", "xent.grad-logits", "softmax_cross_entropy",
            numpy_wrappers.softmax_cross_entropy_int),
)}


def kernel_status(kernels: list[Kernel], catalogue: dict, jobs: int = 0, known=()) -> dict:
    """Prove every claim the kernels (and the wrappers) rest on, claims of `catalogue`
    ({id: claim}) and stable rewrites (reusing the `known` proofs); returns {kernel or
    wrapper name: "proved" or why not}."""
    proofs = {p.claim_id: p for p in known}
    wanted = {c for k in kernels for c in k.claims} | {w.claim for w in WRAPPERS.values()}
    claims = [catalogue[c] for c in sorted(wanted) if c in catalogue]
    claims += [c for k in kernels for c in k.proof_claims()]
    claims = [c for c in claims if c.id not in proofs]
    proofs.update((p.claim_id, p) for p in prove_many(claims, jobs=jobs))

    def verdict(ids):
        missing = [i for i in ids if i not in proofs]
        if missing:
            return "not proved: not in the catalogue: " + ", ".join(missing)
        bad = [i for i in ids if proofs[i].status != PROVED or proofs[i].alarm]
        return PROVED if not bad else "not proved: " + ", ".join(bad)
    status = {k.name: verdict(list(k.claims) + [c.id for c in k.proof_claims()])
              for k in kernels}
    for w in WRAPPERS.values():
        status[w.name] = verdict([w.claim]) if w.needs is None or status.get(w.needs) == PROVED \
            else f"needs {w.needs}"
    return status


def module_source(kernels: list[Kernel], status: dict) -> str:
    """The module: every kernel given, and each wrapper whose status is "proved" (or, with
    no status for it, each wrapper whose kernel is there)."""
    from .. import __version__
    parts = [header(__version__)]
    for k in kernels:
        parts.append(k.source(status.get(k.name, "")) + "\n")
    parts += [w.source for w in wrappers_in(kernels, status)]
    return "\n".join(parts).rstrip() + "\n"


def wrappers_in(kernels: list[Kernel], status: dict) -> list[Wrapper]:
    """The wrappers module_source writes beside these kernels."""
    names = {k.name for k in kernels}
    return [w for w in WRAPPERS.values()
            if (status.get(w.name) == PROVED if w.name in status else w.needs in names)]


def select(ids: list[str] | None, kernels: list[Kernel]) -> list[Kernel]:
    """Kernels by name or by a claim they rest on (all when ids is empty)."""
    if not ids:
        return list(kernels)
    wanted = set(ids) | {w.needs for w in WRAPPERS.values()
                         if w.needs and (w.name in ids or w.claim in ids)}
    chosen = [k for k in kernels if k.name in wanted or any(c in ids for c in k.claims)]
    unknown = [i for i in ids if not any(i == k.name or i in k.claims for k in kernels)
               and not any(i in (w.name, w.claim) for w in WRAPPERS.values())]
    if unknown:
        raise KeyError(", ".join(unknown))
    return chosen


@dataclass
class Exported:
    """What `export` wrote: the functions in the module, and every kernel or wrapper
    that was asked for but left out, with why."""
    path: Path
    functions: list[str]
    status: dict                                   # name -> "proved" or why not
    left_out: dict = field(default_factory=dict)   # name -> why it is not in the module


def export(path: Path, kernels: list[Kernel], catalogue: dict, ids: list[str] | None = None,
           jobs: int = 0, backend: str = "numpy") -> Exported:
    """Write the module with every selected kernel (of `kernels`, their claims in
    `catalogue`) whose formulas are all proved (backend "numba": the compiled subset,
    fused loops)."""
    chosen = select(ids, kernels)
    status = kernel_status(chosen, catalogue, jobs)
    status = {name: st for name, st in status.items() if name not in WRAPPERS or not ids
              or name in ids or WRAPPERS[name].claim in ids or WRAPPERS[name].needs in ids}
    proved = [k for k in chosen if status[k.name] == PROVED]
    left_out = {name: st for name, st in status.items() if st != PROVED}
    if backend == "numba":
        from .compiled import COMPILED, module_source as compiled_source
        left_out.update((k.name, "no numba version (the NumPy module has it)")
                        for k in proved if k.name not in COMPILED)
        left_out.update((w.name, "no numba version (the NumPy module has it)")
                        for w in wrappers_in(proved, status))
        proved = [k for k in proved if k.name in COMPILED]
        text, functions = compiled_source(proved), [k.name for k in proved]
    else:
        text = module_source(proved, status)
        functions = [k.name for k in proved] + [w.name for w in wrappers_in(proved, status)]
    Path(path).write_text(text, encoding="utf-8")
    return Exported(Path(path), functions, status, left_out)


def load(path: Path):
    """Import an exported module from its file (a module the user asks derive to check)."""
    spec = importlib.util.spec_from_file_location("derive_exported_kernels", str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
