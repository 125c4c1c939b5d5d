"""SymPy → NumPy source for the parts of a kernel that are not elementwise arithmetic:
reductions along the class axis, the argmax and the value there, comparisons (the
arithmetic itself is lowered to ufunc calls by `lowering`)."""
from __future__ import annotations

import sympy as sp
from sympy.printing.numpy import NumPyPrinter


class SumAxis(sp.Function):
    """Σ over the class axis of an array expression; keepdims unless reduced."""
    nargs = 1


class MaxAxis(sp.Function):
    """max over the class axis (keepdims)."""
    nargs = 1


class ArgMaxAxis(sp.Function):
    """The position of the row maximum (keepdims), for take/put along the axis."""
    nargs = 1


class TakeAxis(sp.Function):
    """x at the row's argmax position i (keepdims)."""
    nargs = 2


class SumRest(sp.Function):
    """Σ_k x_k over the row without its argmax entry: the sum that log1p needs (of the
    exponentials e^{w_k}, 1 at the argmax) to stay exact when the other terms are tiny."""
    nargs = 1


class PutAxis(sp.Function):
    """x with each row's entry at the argmax position i replaced by value (one per row):
    the stable formula there, where it differs from the one for the rest of the row."""
    nargs = 2


class RowSum(sp.Function):
    """Σ over the class axis that removes the axis: a per-row loss."""
    nargs = 1


class KernelPrinter(NumPyPrinter):
    """Prints an element expression (x[j] means the array x) as NumPy on whole arrays."""

    def _module_format(self, fqn, register=True):
        text = super()._module_format(fqn, register)
        return "np." + text[len("numpy."):] if text.startswith("numpy.") else text

    def _print_Indexed(self, expr):
        return self._print(expr.base.label)

    def _print_SumAxis(self, expr):
        return f"np.sum({self._print(expr.args[0])}, axis=axis, keepdims=True)"

    def _print_RowSum(self, expr):
        return f"np.sum({self._print(expr.args[0])}, axis=axis)"

    def _print_ArgMaxAxis(self, expr):
        return f"np.expand_dims(np.argmax({self._print(expr.args[0])}, axis=axis), axis)"

    def _print_TakeAxis(self, expr):
        x, i = (self._print(a) for a in expr.args)
        return f"np.take_along_axis({x}, {i}, axis=axis)"

    def _print_MaxAxis(self, expr):
        return f"np.max({self._print(expr.args[0])}, axis=axis, keepdims=True)"

    def _print_Heaviside(self, expr):
        return f"np.where({self._print(expr.args[0])} > 0, 1.0, 0.0)"
