"""Kernels: proven formulas exported as numerically stable code.

`spec` says what a kernel is (textbook and stable formula per output, the claims they
rest on), `matrixforms` a kernel printed from a proved matrix form, `printer` and
`lowering` print them as NumPy, `compiled` as numba loops, `export` writes a module (the
hand-written parts from `runtime/`), `verify` checks one in 50 digits. The kernels themselves are catalogue content (lemmas/kernels.py), handed in.

What a kernel spec is written with — the public API for the catalogue:
"""
from .matrixforms import MatrixKernel
from .printer import ArgMaxAxis, MaxAxis, PutAxis, RowSum, SumAxis, SumRest, TakeAxis
from .spec import Form, Kernel, derived, expm1, log1p, vectorize

__all__ = ["Form", "Kernel", "MatrixKernel", "derived", "vectorize", "log1p", "expm1", "SumAxis", "MaxAxis",
           "ArgMaxAxis", "TakeAxis", "SumRest", "PutAxis", "RowSum"]
