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

from .printer import ArgMaxAxis, MaxAxis, RowSum, SumAxis, SumRest, TakeAxis
from .runtime import module_body
from .spec import Kernel, vectorize

REDUCTIONS = (SumAxis, SumRest, MaxAxis, ArgMaxAxis)


class ScalarPrinter(PythonCodePrinter):
    """One element: x[j] is x[r, c] (or x[c] for elementwise kernels), a buffered
    intermediate is buf_name[c], functions come from math."""

    def __init__(self, arrays, buffers, rowwise):
        super().__init__({"fully_qualified_modules": False})
        self.arrays, self.buffers, self.rowwise = arrays, buffers, rowwise
        self.locals: set = set()         # element values kept in a local of the loop
        self.again: dict = {}            # cheap element values recomputed where read
        self.here: set = set()           # the values of the loop being printed

    def _element(self, name: str, array: bool):
        """How a value is read inside the loop (None: a plain name, a row scalar)."""
        if name in self.again and name not in self.here:
            return f"({self._print(self.again[name])})"
        if name in self.locals:
            return name
        if name in self.buffers:
            return f"buf_{name}[c]"
        if array:
            return f"{name}[r, c]" if self.rowwise else f"{name}[c]"
        return None

    def _print_Indexed(self, expr):
        return self._element(str(expr.base.label), True)

    def _print_Symbol(self, expr):
        return self._element(expr.name, expr.name in self.arrays) or expr.name

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name == "exp":                       # the call-free exp of the module header
            return f"_exp({self._print(expr.args[0])})"
        if name == "log1p":                     # the call-free log1p of the header
            return f"_log1p({self._print(expr.args[0])})"
        if name in ("log", "expm1", "tanh"):
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

    def _print_PutAxis(self, expr):
        """The argmax entry is c == i; there an intermediate x taken at i is x itself (an
        input taken at i stays a row value, computed once)."""
        array, value = expr.args
        here = value.replace(lambda e: isinstance(e, TakeAxis)
                             and str(e.args[0].base.label) not in self.arrays,
                             lambda e: e.args[0])
        return f"(({self._print(here)}) if c == i else ({self._print(array)}))"

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
    body = []
    if rowwise:
        final, outs = _hoist(final, outs, arrays, element_syms)
        rows = _row_body(final, outs, kinds, printer, element_syms)
        body.append("    R, N = " + arrays[0] + ".shape")
        for name in sorted(printer.buffers):
            body.append(f"    buf_{name} = np.empty(N, dtype=np.float64)")
        body.append("    for r in range(R):")
        body += rows
    else:
        body.append(f"    for c in range({arrays[0]}.shape[0]):")
        for sym, value in final:
            body.append(f"        {sym} = {printer.doprint(value)}")
        for k, o in enumerate(outs):
            body.append(f"        out{k}[c] = {printer.doprint(o)}")
    extra = [p for p in params if p == "alpha"]
    sig = ", ".join(arrays + extra + [f"out{k}" for k in range(len(outs))])
    # contract: fused multiply-adds; arcp: x / s over a row may be x · (1/s); the sums
    # alone may be reordered (_acc), so that they vectorise
    loop = ['@numba.njit(cache=True, fastmath={"contract", "arcp"}, error_model="numpy")',
            f"def _{kernel.name}_loop({sig}):"] + body
    return "\n".join(loop) + "\n\n\n" + _wrapper(kernel, arrays, extra, kinds, rowwise)


def _names(expr) -> set:
    return {str(s) for s in expr.free_symbols} | {str(x.base.label)
                                                  for x in expr.atoms(sp.Indexed)}


def _hoist(final, outs, arrays, element_syms):
    """Calls whose arguments are the same along the row (log1p of a row sum) become row
    scalars computed once, so that the element loops stay call-free and vectorise."""
    hoisted: dict = {}
    def lift(expr, into):
        calls = [f for f in expr.atoms(sp.Function) if not isinstance(f, REDUCTIONS + (
                 TakeAxis, RowSum)) and not _depends_on_elements(f, arrays, element_syms)]
        for f in calls:
            if f not in hoisted:
                hoisted[f] = sp.Symbol(f"h{len(hoisted)}")
                into.append((hoisted[f], f))
        return expr.xreplace({f: hoisted[f] for f in calls})
    new_final = []
    for sym, value in final:
        if str(sym) in element_syms and not isinstance(value, REDUCTIONS):
            value = lift(value, new_final)
        new_final.append((sym, value))
    new_outs = [lift(o, new_final) for o in outs]
    return new_final, new_outs


def _cheap(value, printer) -> bool:
    """An input element and row scalars, added or multiplied: cheaper to recompute than
    to keep in a row buffer."""
    if value.atoms(sp.Function):
        return False
    arrays = {str(x.base.label) for x in value.atoms(sp.Indexed)}
    return arrays <= set(printer.arrays) and sp.count_ops(value) <= 2


def _row_body(final, outs, kinds, printer, element_syms):
    """One row: max/argmax first, then element values and sums fused into as few loops as
    their dependencies allow, then one loop that writes every output."""
    steps = _loops(final, element_syms)
    steps, sunk = _sink(steps, outs)
    steps = _merge(steps)
    _storage(steps, outs, sunk, printer)
    return _print_row(steps, sunk, outs, kinds, printer)


def _loops(final, element_syms) -> list:
    """The row's steps in order: ("line", node) for a scalar or a max, ("loop", nodes)
    for element values and sums that can share one pass."""
    steps: list = []
    loop: list | None = None
    sums: set = set()
    for sym, value in final:
        if isinstance(value, (ArgMaxAxis, MaxAxis)) or (loop is not None
                                                         and _names(value) & sums):
            loop, sums = None, set()          # needs what the open loop computes: after it
        if isinstance(value, (SumAxis, SumRest)) or str(sym) in element_syms:
            if loop is None:
                loop = []
                steps.append(("loop", loop))
            loop.append((sym, value))
            if isinstance(value, REDUCTIONS):
                sums.add(str(sym))
        elif loop is not None and not isinstance(value, (ArgMaxAxis, MaxAxis)):
            steps.insert(len(steps) - 1, ("line", (sym, value)))   # a row scalar: before
        else:
            steps.append(("line", (sym, value)))
    return steps


def _nodes(steps):
    return [node for kind, item in steps for node in (item if kind == "loop" else [item])]


def _sink(steps, outs):
    """Element values that only the outputs read move to the output loop."""
    sunk: list = []
    needed = set().union(*(_names(o) for o in outs))
    for kind, group in reversed(steps):
        if kind != "loop":
            continue
        for node in reversed(list(group)):
            sym, value = node
            others = [v for _, v in _nodes(steps) if v is not value]
            if not isinstance(value, REDUCTIONS) and str(sym) in needed and not any(
                    str(sym) in _names(v) for v in others):
                group.remove(node)
                sunk.insert(0, node)
                needed |= _names(value)
    return [(k, it) for k, it in steps if k != "loop" or it], sunk


def _merge(steps):
    """Neighbouring loops that can now run as one (the second needs no sum of the first)."""
    merged: list = []
    for kind, item in steps:
        if kind == "loop" and merged and merged[-1][0] == "loop" and not (
                set().union(*(_names(v) for _, v in item))
                & {str(s) for s, v in merged[-1][1] if isinstance(v, REDUCTIONS)}):
            merged[-1][1].extend(item)
        else:
            merged.append((kind, item))
    return merged


def _storage(steps, outs, sunk, printer):
    """Where each element value lives: a row buffer only when something outside its loop
    reads it and it is not cheaper to compute again; otherwise a local of its loop."""
    inside = {str(sym): id(group) for kind, group in steps if kind == "loop"
              for sym, value in group if not isinstance(value, REDUCTIONS)}
    readers: dict = {}
    for kind, item in steps:
        for sym, value in (item if kind == "loop" else [item]):
            for name in _names(value) & set(inside):
                readers.setdefault(name, set()).add(id(item) if kind == "loop" else None)
    for o in outs + [value for _, value in sunk]:
        for name in _names(o) & set(inside):
            readers.setdefault(name, set()).add(None)
    buffers = {n for n in inside if readers.get(n, set()) - {inside[n]}}
    printer.again = {str(sym): value for sym, value in _nodes(steps)
                     if str(sym) in buffers and _cheap(value, printer)}
    printer.buffers = buffers - set(printer.again)
    printer.locals = (set(inside) - printer.buffers) | {str(sym) for sym, _ in sunk}


def _print_row(steps, sunk, outs, kinds, printer) -> list:
    ind = "        "
    lines: list = []
    for kind, item in steps:
        if kind == "line":
            lines.extend(_row_node(*item, printer))
            continue
        init, body = [], []
        printer.here = {str(sym) for sym, _ in item}        # read as locals in this loop
        for sym, value in item:
            e = printer.doprint(value.args[0] if isinstance(value, REDUCTIONS) else value)
            if isinstance(value, REDUCTIONS):
                init.append(f"{ind}{sym} = 0.0")
                term = f"({e}) if c != i else 0.0" if isinstance(value, SumRest) else e
                body.append(f"{ind}    {sym} = _acc({sym}, {term})")
            elif str(sym) in printer.buffers:
                body.append(f"{ind}    buf_{sym}[c] = {e}")
            else:
                body.append(f"{ind}    {sym} = {e}")
        lines.extend(init + [f"{ind}for c in range(N):"] + body)
    printer.here = set()
    init, body, after = [], [f"{ind}for c in range(N):"], []
    body += [f"{ind}    {sym} = {printer.doprint(value)}" for sym, value in sunk]
    for k, (o, kind) in enumerate(zip(outs, kinds)):
        if kind == "row":
            init.append(f"{ind}acc{k} = 0.0")
            body.append(f"{ind}    acc{k} = _acc(acc{k}, {printer.doprint(o)})")
            after.append(f"{ind}out{k}[r] = acc{k}")
        else:
            body.append(f"{ind}    out{k}[r, c] = {printer.doprint(o)}")
    return lines + init + body + after


def _row_node(sym, value, printer):
    """A row scalar, or the row's max / argmax (sums are fused into loops by _row_body)."""
    ind = "        "
    if isinstance(value, (ArgMaxAxis, MaxAxis)) and isinstance(value.args[0], sp.Indexed):
        helper = "_row_argmax" if isinstance(value, ArgMaxAxis) else "_row_max"
        return [f"{ind}{sym} = {helper}({value.args[0].base.label}[r])"]
    if isinstance(value, ArgMaxAxis):
        e = printer.doprint(value.args[0])
        return [f"{ind}best = -math.inf", f"{ind}{sym} = 0", f"{ind}for c in range(N):",
                f"{ind}    v = {e}", f"{ind}    if v > best:", f"{ind}        best = v",
                f"{ind}        {sym} = c"]
    if isinstance(value, MaxAxis):
        e = printer.doprint(value.args[0])
        return [f"{ind}{sym} = -math.inf", f"{ind}for c in range(N):",
                f"{ind}    {sym} = max({sym}, {e})"]
    return [f"{ind}{sym} = {printer.doprint(value)}"]


def _wrapper(kernel: Kernel, arrays, extra, kinds, rowwise) -> str:
    """The NumPy-facing function: arrays to contiguous 2-D rows (the class axis last) or
    to 1-D, output buffers, the loop, and the outputs back in the caller's shape."""
    first = arrays[0]
    prepare = "np.moveaxis({a}, axis, -1)" if rowwise else "{a}"
    flat = "{a}.reshape(-1, shape[-1])" if rowwise else "{a}.reshape(-1)"
    lines = [f"def {kernel.name}({kernel.params}):",
             f'    """{kernel.name}, compiled with numba (same formulas as the NumPy module)."""',
             f"    dtype, ({', '.join(arrays)},) = _inputs({', '.join(arrays)})"]
    lines += [f"    {a} = " + prepare.format(a=a) for a in arrays if rowwise]
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
    lines.append(f"    return {', '.join(o + '.astype(dtype, copy=False)' for o in outs)}")
    return "\n".join(lines) + "\n"


COMPILED = ("softmax", "log_softmax", "softmax_cross_entropy", "bce_with_logits", "sigmoid")

DOCSTRING = ('"""derive\'s kernels compiled with numba: fused loops printed from the proven '
             'formulas."""\n')


def header() -> str:
    """The compiled module's head: its docstring, then the helpers of runtime/numba_header.py."""
    return DOCSTRING + module_body("numba_header") + "\n"


def module_source(kernels) -> str:
    chosen = [k for k in kernels if k.name in COMPILED]
    return header() + "\n\n".join(numba_source(k) for k in chosen)
