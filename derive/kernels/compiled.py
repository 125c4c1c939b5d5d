"""A compiled backend: the same stable formulas as fused loops for numba.

Row kernels (softmax family) run one row at a time: reductions (max, argmax, sums) are
loops over the row, element-level intermediate values live in row-sized scratch buffers
(in cache for the shapes that matter), outputs are written once. Elementwise kernels are
one loop with every intermediate value a local. The loop bodies are printed from the
kernels' symbolic forms by a scalar printer; nothing is typed per kernel.
"""
from __future__ import annotations

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from .printer import ArgMaxAxis, MaxAxis, RowSum, SumAxis, SumExpRest, TakeAxis
from .spec import Kernel, vectorize

REDUCTIONS = (SumAxis, SumExpRest, MaxAxis, ArgMaxAxis)


class ScalarPrinter(PythonCodePrinter):
    """One element: x[j] is x[r, c] (or x[c] for elementwise kernels), a buffered
    intermediate is buf_name[c], functions come from math."""

    def __init__(self, arrays, buffers, rowwise):
        super().__init__({"fully_qualified_modules": False})
        self.arrays, self.buffers, self.rowwise = arrays, buffers, rowwise

    def _print_Indexed(self, expr):
        name = str(expr.base.label)
        if name in self.buffers:
            return f"buf_{name}[c]"
        return f"{name}[r, c]" if self.rowwise else f"{name}[c]"

    def _print_Symbol(self, expr):
        name = expr.name
        if name in self.buffers:
            return f"buf_{name}[c]"
        if name in self.arrays:
            return f"{name}[r, c]" if self.rowwise else f"{name}[c]"
        return name

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in ("exp", "log", "log1p", "expm1", "tanh"):
            return f"math.{name}({self._print(expr.args[0])})"
        return super()._print_Function(expr)

    _print_exp = _print_log = _print_log1p = _print_expm1 = _print_tanh = _print_Function

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_Max(self, expr):
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr):
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    def _print_Piecewise(self, expr):
        (a, cond), (b, _) = expr.args
        return f"(({self._print(a)}) if ({self._print(cond)}) else ({self._print(b)}))"

    def _print_TakeAxis(self, expr):
        return f"{expr.args[0].base.label}[r, {self._print(expr.args[1])}]"

    def _print_Pow(self, expr, rational=False):
        if expr.exp == -1:
            return f"1.0/({self._print(expr.base)})"
        return super()._print_Pow(expr, rational)


def _lift(expr, nodes, counter):
    """Replace each reduction inside expr by a row scalar computed before it."""
    def lift(e):
        sym = sp.Symbol(f"red{len(counter)}")
        counter.append(sym)
        nodes.append((sym, e))
        return sym
    return expr.replace(lambda e: isinstance(e, REDUCTIONS), lift)


def _depends_on_elements(expr, arrays, element_syms) -> bool:
    """Whether expr varies along the row (a reduction or x at the argmax does not)."""
    if isinstance(expr, REDUCTIONS + (TakeAxis,)):
        return False
    names = {str(s) for s in expr.free_symbols} | {str(x.base.label)
                                                    for x in expr.atoms(sp.Indexed)}
    inner = set()
    for red in expr.atoms(*REDUCTIONS, TakeAxis):
        inner |= {str(s) for s in red.free_symbols} | {str(x.base.label)
                                                        for x in red.atoms(sp.Indexed)}
    return bool((names - inner) & (set(arrays) | element_syms))


def numba_source(kernel: Kernel) -> str:
    """The compiled loop function `_<name>_loop` and the NumPy-facing wrapper `<name>`."""
    params = [p.split("=")[0].strip() for p in kernel.params.split(",")]
    arrays = kernel.arrays
    rowwise = bool(kernel.dims)
    outputs = kernel.vectorized()
    prelude = [(sp.Symbol(n), vectorize(v, kernel.element)) for n, v in kernel.prelude]
    replacements, reduced = sp.cse(outputs, symbols=sp.numbered_symbols("t"),
                                   optimizations="basic")
    nodes, counter = [], []
    for sym, value in prelude + list(replacements):
        nodes.append((sym, _lift(value, nodes, counter)))
    # a reduction's own argument may hold further reductions: lift those too
    final = []
    for sym, value in nodes:
        if isinstance(value, REDUCTIONS):
            inner = [_lift(a, final, counter) for a in value.args]
            value = value.func(*inner)
        final.append((sym, value))
    outs = [_lift(o.args[0] if isinstance(o, RowSum) else o, final, counter) for o in reduced]
    kinds = ["row" if isinstance(o, RowSum) else "element" for o in reduced]

    element_syms: set = set()
    for sym, value in final:
        if _depends_on_elements(value, arrays, element_syms):
            element_syms.add(str(sym))
    printer = ScalarPrinter(arrays, element_syms if rowwise else set(), rowwise)
    ind = "        "
    body = []
    if rowwise:
        body.append("    R, N = " + arrays[0] + ".shape")
        for name in sorted(element_syms):
            body.append(f"    buf_{name} = np.empty(N, dtype=np.float64)")
        body.append("    for r in range(R):")
        for sym, value in final:
            body += _row_node(sym, value, printer, element_syms)
        for k, (o, kind) in enumerate(zip(outs, kinds)):
            if kind == "row":
                body += [f"{ind}acc = 0.0", f"{ind}for c in range(N):",
                         f"{ind}    acc += {printer.doprint(o)}", f"{ind}out{k}[r] = acc"]
            else:
                body += [f"{ind}for c in range(N):",
                         f"{ind}    out{k}[r, c] = {printer.doprint(o)}"]
    else:
        body.append(f"    for c in range({arrays[0]}.shape[0]):")
        for sym, value in final:
            body.append(f"        {sym} = {printer.doprint(value)}")
        for k, o in enumerate(outs):
            body.append(f"        out{k}[c] = {printer.doprint(o)}")
    extra = [p for p in params if p == "alpha"]
    sig = ", ".join(arrays + extra + [f"out{k}" for k in range(len(outs))])
    loop = ["@numba.njit(cache=True)", f"def _{kernel.name}_loop({sig}):"] + body
    return "\n".join(loop) + "\n\n\n" + _wrapper(kernel, arrays, extra, kinds, rowwise)


def _row_node(sym, value, printer, element_syms):
    ind = "        "
    if isinstance(value, ArgMaxAxis):
        e = printer.doprint(value.args[0])
        return [f"{ind}best = -math.inf", f"{ind}{sym} = 0", f"{ind}for c in range(N):",
                f"{ind}    v = {e}", f"{ind}    if v > best:", f"{ind}        best = v",
                f"{ind}        {sym} = c"]
    if isinstance(value, MaxAxis):
        e = printer.doprint(value.args[0])
        return [f"{ind}{sym} = -math.inf", f"{ind}for c in range(N):",
                f"{ind}    {sym} = max({sym}, {e})"]
    if isinstance(value, (SumAxis, SumExpRest)):
        e = printer.doprint(value.args[0])
        skip = "    if c != i:\n" + ind + "        " if isinstance(value, SumExpRest) else "    "
        return [f"{ind}{sym} = 0.0", f"{ind}for c in range(N):",
                f"{ind}{skip}{sym} += {e}"]
    if str(sym) in element_syms:
        return [f"{ind}for c in range(N):", f"{ind}    buf_{sym}[c] = {printer.doprint(value)}"]
    return [f"{ind}{sym} = {printer.doprint(value)}"]


def _wrapper(kernel: Kernel, arrays, extra, kinds, rowwise) -> str:
    """The NumPy-facing function: arrays to contiguous 2-D rows (the class axis last) or
    to 1-D, output buffers, the loop, and the outputs back in the caller's shape."""
    first = arrays[0]
    prepare = "np.moveaxis(np.asarray({a}), axis, -1)" if rowwise else "np.asarray({a})"
    flat = "{a}.reshape(-1, shape[-1])" if rowwise else "{a}.reshape(-1)"
    lines = [f"def {kernel.name}({kernel.params}):",
             f'    """{kernel.name}, compiled with numba (same formulas as the NumPy module)."""']
    lines += [f"    {a} = " + prepare.format(a=a) for a in arrays]
    lines.append(f"    shape = {first}.shape")
    lines += [f"    {a}2 = np.ascontiguousarray({flat.format(a=a)})" for a in arrays]
    outs = []
    for k, kind in enumerate(kinds):
        size = f"{first}2.shape[0]" if kind == "row" else f"{first}2.shape"
        lines.append(f"    out{k} = np.empty({size}, dtype={first}.dtype)")
        outs.append(f"out{k}.reshape(shape[:-1])" if kind == "row"
                    else f"np.moveaxis(out{k}.reshape(shape), -1, axis)" if rowwise
                    else f"out{k}.reshape(shape)")
    args = ", ".join([f"{a}2" for a in arrays] + extra + [f"out{k}" for k in range(len(kinds))])
    lines.append(f"    _{kernel.name}_loop({args})")
    lines.append(f"    return {', '.join(outs)}")
    return "\n".join(lines) + "\n"


COMPILED = ("softmax", "log_softmax", "softmax_cross_entropy", "bce_with_logits", "sigmoid")

HEADER = '''"""derive's kernels compiled with numba: fused loops printed from the proven formulas."""
import math

import numba
import numpy as np

'''


def module_source(kernels) -> str:
    chosen = [k for k in kernels if k.name in COMPILED]
    return HEADER + "\n\n".join(numba_source(k) for k in chosen)
