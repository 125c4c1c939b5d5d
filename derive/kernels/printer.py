"""SymPy → NumPy source for kernels: a printer, like SymPy's own, with the few forms
kernels need (reductions along an axis, np.where, np.maximum), and common-subexpression
elimination so that each exp is computed once."""
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


class SumExpRest(sp.Function):
    """Σ_k e_k over the row without its argmax entry, for e = exp(w) with w = 0 there:
    the sum that log1p needs to stay exact when the other terms are tiny."""
    nargs = 1


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

    def _print_SumExpRest(self, expr):
        return f"_sum_exp_rest({self._print(expr.args[0])}, i, axis)"

    def _print_MaxAxis(self, expr):
        return f"np.max({self._print(expr.args[0])}, axis=axis, keepdims=True)"

    def _print_Max(self, expr):
        return self._pairwise("np.maximum", expr) or super()._print_Max(expr)

    def _print_Min(self, expr):
        return self._pairwise("np.minimum", expr) or super()._print_Min(expr)

    def _pairwise(self, fn, expr):
        if len(expr.args) != 2:
            return None
        return f"{fn}({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_Pow(self, expr, rational=False):
        if expr.exp == -1:
            return f"1/({self._print(expr.base)})"
        return super()._print_Pow(expr, rational)

    def _print_Mul(self, expr):
        """−(a − b)·c as (b − a)·c: on arrays the minus sign is a whole pass of its own."""
        adds = [a for a in expr.args if isinstance(a, sp.Add)]
        if expr.args[0] == -1 and len(adds) == 1:
            flipped = sp.Add(*[-t for t in adds[0].args], evaluate=False)
            rest = [a for a in expr.args[1:] if a is not adds[0]]
            return super()._print_Mul(sp.Mul(flipped, *rest, evaluate=False))
        return super()._print_Mul(expr)

    def _print_Piecewise(self, expr):
        (a, cond), (b, other) = expr.args[:2]
        if len(expr.args) != 2 or other is not sp.true:
            return super()._print_Piecewise(expr)
        return f"np.where({self._print(cond)}, {self._print(a)}, {self._print(b)})"

    def _print_Heaviside(self, expr):
        return f"np.where({self._print(expr.args[0])} > 0, 1.0, 0.0)"


def function_source(name: str, params: str, prelude: list, outputs: list, doc: str) -> str:
    """A Python function computing `outputs` (SymPy expressions) with shared parts once.

    `prelude` is [(name, expression)] computed first (the row maximum, the shifted input);
    every output is returned in the dtype of the first argument (float32 stays float32).
    """
    printer = KernelPrinter()
    first = params.split(",")[0].strip()
    replacements, reduced = sp.cse(outputs, symbols=sp.numbered_symbols("t"),
                                   optimizations="basic")
    lines = [f"def {name}({params}):", '    """' + doc.strip().replace("\n", "\n    ") + '\n    """',
             f"    {first} = np.asarray({first})", f"    dtype = {first}.dtype"]
    for sym, value in list(prelude) + list(replacements):
        lines.append(f"    {sym} = {printer.doprint(value)}")
    results = ", ".join(f"np.asarray({printer.doprint(r)}, dtype=dtype)" for r in reduced)
    lines.append(f"    return {results}")
    return "\n".join(lines) + "\n"
