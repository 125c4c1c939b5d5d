"""Element expressions lowered to whole-array NumPy statements, one call per operation,
each writing its result into a temporary of the kernel's own that nothing later reads.

Why: on arrays of tens of megabytes fresh memory (page faults, zeroing) costs about as
much as the arithmetic, and a NumPy expression allocates one array per operation; a
careful hand-written kernel passes `out=`. Here that is done for every kernel at once: an
operation whose result has the full (broadcast) shape writes into an operand that the
function itself allocated, that has the full shape and that no later statement reads.
Inputs are never written to.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from .printer import (ArgMaxAxis, KernelPrinter, MaxAxis, PutAxis, RowSum, SumAxis, SumRest,
                      TakeAxis)

ROW_VALUES = (SumAxis, MaxAxis, ArgMaxAxis, TakeAxis, SumRest, RowSum)   # one per row
UFUNCS = {sp.exp: "exp", sp.log: "log", log1p: "log1p", expm1: "expm1", sp.Abs: "absolute",
          sp.tanh: "tanh", sp.Max: "maximum", sp.Min: "minimum"}


@dataclass
class Op:
    target: str
    call: str | None          # a ufunc name (takes out=), "where", "put" (at the argmax),
                              # "rest" (the row sum without it), or None: `node` printed
    operands: tuple           # operand texts (names or literals)
    full: bool                # the result has the full shape of the inputs
    node: object = None       # for call None: SymPy's form over the operands' names
    float: bool = False       # the result is an array of the kernel's float dtype


class Lowering:
    """Builds the statements of one kernel: `assign` each named value in order, then
    `lines(outputs)` chooses the out= buffers and prints."""

    def __init__(self, arrays, taken):
        self.printer = KernelPrinter()
        self.full = set(arrays)         # names whose value has the full shape
        self.floats = set(arrays)       # names whose value has the kernel's float dtype
        self.inputs = set(arrays)
        self.ops: list[Op] = []
        self.taken = set(taken) | set(arrays)
        self.count = 0

    # --- building ---------------------------------------------------------------------
    def assign(self, name: str, expr) -> None:
        self.taken.add(name)
        value = self.value(expr, name)
        if value != name:                                  # a plain name or a literal
            self._emit(None, (value,), value in self.full, name, node=sp.Symbol(value))

    def value(self, e, target=None) -> str:
        """The operand text for e, emitting the statements that compute it."""
        if isinstance(e, sp.Indexed):
            return str(e.base.label)
        if isinstance(e, sp.Symbol):
            return e.name
        if e.is_Number:
            return self.printer.doprint(e)
        if e.is_Add:
            return self._add(e, target)
        if e.is_Mul or (e.is_Pow and e.exp.is_negative):
            return self._mul(e, target)
        if e.is_Pow and e.exp == 2:
            return self._emit("square", (self.value(e.base),), None, target)
        if e.is_Pow:
            return self._emit("power", (self.value(e.base), self.value(e.exp)), None, target)
        if e.func in (sp.Max, sp.Min) and len(e.args) > 2:      # pairwise
            acc = self.value(e.args[0])
            for a in e.args[1:]:
                acc = self._emit(UFUNCS[e.func], (acc, self.value(a)), None)
            return self._rename(acc, target)
        if e.func in UFUNCS and len(e.args) <= 2:
            return self._emit(UFUNCS[e.func], tuple(self.value(a) for a in e.args), None, target)
        if isinstance(e, SumRest):
            return self._emit("rest", (self.value(e.args[0]),), False, target)
        if isinstance(e, PutAxis):
            return self._emit("put", (self.value(e.args[0]), self.value(e.args[1])), True,
                              target)
        if isinstance(e, sp.Piecewise) and len(e.args) == 2 and e.args[1][1] is sp.true:
            (a, cond), (b, _) = e.args
            return self._emit("where", (self.value(cond), self.value(a), self.value(b)),
                              None, target)
        # anything else (a reduction, a comparison, np.where of literals): printed as
        # SymPy's form over the operands' names; a row value is never full
        names = [sp.Symbol(self.value(a)) for a in e.args]
        node = e.func(*names, evaluate=False) if e.is_Relational else e.func(*names)
        full = False if isinstance(e, ROW_VALUES) else None
        return self._emit(None, tuple(str(n) for n in names), full, target, node=node)

    def _add(self, e, target):
        """a + b − c … as add/subtract in place; values of one per row first (cheap),
        then the full ones."""
        terms = []
        for t in e.args:
            coeff, _ = t.as_coeff_Mul()
            terms.append((coeff.is_negative, -t if coeff.is_negative else t))
        terms.sort(key=lambda st: self._cost(st[1]))
        first = next((n for n, (minus, _) in enumerate(terms) if not minus), 0)
        terms.insert(0, terms.pop(first))                 # z − m, not −m + z
        if terms[0][1].is_Number and len(terms) > 1 and not terms[1][0]:
            terms[0], terms[1] = terms[1], terms[0]       # x + 1, not 1 + x
        acc = self.value(terms[0][1])
        if terms[0][0]:
            acc = self._emit("negative", (acc,), None)
        for minus, t in terms[1:]:
            acc = self._emit("subtract" if minus else "add", (acc, self.value(t)), None)
        return self._rename(acc, target)

    def _mul(self, e, target):
        """The factors of one per row first (with their denominators: Σy/(1 + R) once a
        row), then the full ones multiplied, then the full denominators divided; a −1 is
        folded into a sum factor ((b − a)·c for −(a − b)·c), since on arrays a minus sign
        is a whole pass of its own."""
        coeff, factors = e.as_coeff_mul()
        factors = list(factors)
        negate = coeff.is_negative
        coeff = -coeff if negate else coeff
        if negate:
            for n, f in enumerate(factors):
                if f.is_Add:
                    factors[n] = sp.Add(*[-t for t in f.args])
                    negate = False
                    break
        if negate and coeff != 1:                          # x·(−2), not −(x·2)
            coeff, negate = -coeff, False
        num = [f for f in factors if not (f.is_Pow and f.exp.is_negative)]
        den = [f.base ** -f.exp for f in factors if f.is_Pow and f.exp.is_negative]
        if coeff != 1:
            num.append(coeff)
        row = [f for f in num if self._cost(f) == 0]
        if row and any(self._cost(f) == 2 for f in num):
            # the row part (numbers and row denominators in it), then the full factors
            num = [f for f in num if f not in row and not f.is_Number] + [
                sp.Mul(*row, *[f for f in num if f.is_Number],
                       *[1 / d for d in den if self._cost(d) == 0])]
            den = [d for d in den if self._cost(d) != 0]
        num.sort(key=self._cost)
        if len(num) > 1 and num[0].is_Number:            # x·2, not 2·x
            num[0], num[1] = num[1], num[0]
        acc = self.value(num[0]) if num else "1"
        for f in num[1:]:
            acc = self._emit("multiply", (acc, self.value(f)), None)
        for d in den:
            acc = self._emit("divide", (acc, self.value(d)), None)
        if negate:
            acc = self._emit("negative", (acc,), None)
        return self._rename(acc, target)

    def _cost(self, e) -> int:
        """0: a value per row, 1: a number, 2: a full array."""
        if e.is_Number:
            return 1
        return 2 if self._expr_full(e) else 0

    def _expr_full(self, e) -> bool:
        if isinstance(e, ROW_VALUES):
            return False
        if isinstance(e, sp.Indexed):
            return str(e.base.label) in self.full
        if isinstance(e, sp.Symbol):
            return e.name in self.full
        return any(self._expr_full(a) for a in e.args)

    def _rename(self, name, target):
        """The last statement of a value gets the value's own name."""
        if target and self.ops and self.ops[-1].target == name and name not in self.taken:
            self.ops[-1].target = target
            for names, has in ((self.full, self.ops[-1].full), (self.floats, self.ops[-1].float)):
                names.discard(name)
                if has:
                    names.add(target)
            return target
        return name

    def _emit(self, call, operands, full, target=None, node=None):
        if full is None:
            full = any(o in self.full for o in operands)
        if target is None:
            while f"t{self.count}" in self.taken:
                self.count += 1
            target = f"t{self.count}"
            self.count += 1
        float_from = {None: operands if node is not None and node.is_Symbol else (),
                      "where": operands[1:], "put": operands[:1], "rest": ()}
        is_float = any(o in self.floats for o in float_from.get(call, operands))
        self.ops.append(Op(target, call, tuple(operands), full, node, is_float))
        if full:
            self.full.add(target)
        if is_float:
            self.floats.add(target)
        return target

    # --- printing ---------------------------------------------------------------------
    def lines(self, outputs: list[str]) -> list[str]:
        """The statements, each full result written into a dead operand of our own, or
        else into any dead array of our own (so a dead array is never left unused)."""
        last = {}
        for n, op in enumerate(self.ops):
            for o in op.operands:
                last[o] = n
        for o in outputs:
            last[o] = len(self.ops)
        home = {}                       # name -> the array (root name) holding its value
        owners: dict[str, set] = {}     # root -> the names that live in it
        shown = {}                      # a scratch value printed under its array's name
        out = []
        for n, op in enumerate(self.ops):
            buffer = None
            if op.full and op.call is not None:
                for o in op.operands[::-1] if op.call == "where" else op.operands:
                    root = home.get(o)
                    if root and all(last.get(x, -1) <= n for x in owners[root]):
                        buffer = o
                        break
                if buffer is None and op.call not in ("where", "put"):
                    buffer = next((r for r in owners if all(last.get(x, -1) < n
                                                            for x in owners[r])), None)
            if op.call is None and op.operands[0] in home and op.node.is_Symbol:
                buffer = op.operands[0]                    # another name for the same array
            if buffer is not None:
                home[op.target] = home[buffer]
                owners[home[buffer]].add(op.target)
                if op.target not in self.taken and shown.get(buffer, buffer) not in self.taken:
                    shown[op.target] = shown.get(buffer, buffer)
            elif op.call not in (None, "rest") and op.full and op.float:
                # a new array of the kernel's dtype (a comparison's result, np.where of
                # two numbers or an integer array is never written to)
                home[op.target] = op.target
                owners[op.target] = {op.target}
            out.append(self._print(op, buffer, shown, op.operands[0] in home))
        self.home = home
        return out

    def fresh(self, outputs: list[str]) -> list[bool]:
        """For each output (after `lines`): whether it is an array of its own, not an
        input, a view of one, or an array another output already is."""
        seen, out = set(), []
        for name in outputs:
            origin = name
            while (op := next((o for o in self.ops if o.target == origin), None)) \
                    and op.call is None and op.node.is_Symbol:
                origin = op.operands[0]
            root = self.home.get(name, origin)
            out.append(origin not in self.inputs and root not in seen)
            seen.add(root)
        return out

    def _print(self, op: Op, buffer, shown, ours) -> str:
        target = shown.get(op.target, op.target)
        cond, a, b, *_ = [shown.get(o, o) for o in op.operands] + [None] * 3
        buffer = shown.get(buffer, buffer)
        if op.call == "rest":
            return f"{target} = _sum_rest({cond}, i, axis, ours={ours})"
        if op.call == "put":
            array, value = cond, a
            if buffer is None:
                return f"{target} = np.copy({array})\n" \
                    f"np.put_along_axis({target}, i, {value}, axis=axis)"
            return f"np.put_along_axis({buffer}, i, {value}, axis=axis)" + \
                ("" if target == buffer else f"\n{target} = {buffer}")
        if op.call is None:
            node = op.node.xreplace({sp.Symbol(o): sp.Symbol(shown[o]) for o in op.operands
                                     if o in shown})
            return f"{target} = {self.printer.doprint(node)}"
        if op.call == "where":
            if buffer in (a, b):
                keep, put, where = (b, a, cond) if buffer == b else (a, b, f"~{cond}")
                return f"np.copyto({keep}, {put}, where={where})" + \
                    ("" if target == keep else f"\n{target} = {keep}")
            return f"{target} = np.where({cond}, {a}, {b})"
        args = ", ".join(shown.get(o, o) for o in op.operands)
        if buffer is None:
            return f"{target} = np.{op.call}({args})"
        call = f"np.{op.call}({args}, out={buffer})"
        return call if target == buffer else f"{target} = {call}"


def function_source(name: str, params: str, arrays: list[str], prelude: list,
                    outputs: list[tuple[str, object]], doc: str, elementwise: bool) -> str:
    """A Python function computing the named `outputs` (SymPy expressions) with shared
    parts once (common subexpressions) and each full-size array reused once dead.

    `prelude` is [(name, expression)] computed first (the row maximum, the shifted input).
    The inputs are taken in the first one's float dtype and broadcast together (`_inputs`
    in the module header), so float32 stays float32; an elementwise kernel's outputs have
    the inputs' shape, 0-d included.
    """
    names = [n for n, _ in outputs]
    replacements, reduced = sp.cse([e for _, e in outputs], symbols=sp.numbered_symbols("t"),
                                   optimizations="basic")
    replacements, reduced = _positive(replacements, reduced)
    low = Lowering(arrays, {str(s) for s, _ in replacements} | {n for n, _ in prelude}
                   | set(names))
    for sym, value in list(prelude) + list(replacements):
        low.assign(str(sym), value)
    for target, value in zip(names, reduced):
        low.assign(target, value)
    inputs = ", ".join(arrays) + ("," if len(arrays) == 1 else "")
    body = [f"dtype, shape, ({inputs}) = _inputs({', '.join(arrays)})"]
    body += "\n".join(low.lines(names)).split("\n")
    full_shape = "shape" if elementwise else f"{arrays[0]}.shape"
    results = []
    for (n, expr), fresh in zip(outputs, low.fresh(names)):
        if n not in low.full and not isinstance(expr, RowSum):   # constant along the row
            results.append(f"np.full({full_shape}, {n}, dtype=dtype)")
        else:
            cast = ".reshape(shape)" if elementwise else ""
            results.append(f"np.{'asarray' if fresh else 'array'}({n}, dtype=dtype){cast}")
    body.append("return " + ", ".join(results))
    return "\n".join([f"def {name}({params}):",
                      '    """' + doc.strip().replace("\n", "\n    ") + '\n    """']
                     + ["    " + line for line in body]) + "\n"


def _positive(replacements, reduced):
    """A shared value −x kept as x (its uses get the sign): c − x and x − y then cost a
    pass each, where −x alone costs one more."""
    flip, out = {}, []
    for sym, value in replacements:
        value = value.xreplace(flip)
        if value.could_extract_minus_sign():
            value, flip[sym] = -value, -sym
        out.append((sym, value))
    return out, [r.xreplace(flip) for r in reduced]
