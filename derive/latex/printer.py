"""SymPy expressions back in lecture notation, so that derive's own reader reads them
again: a_{j} for an indexed name (a_{k}^{L-1} with a layer label), \\ln, σ'(z), ∂a/∂z.
Used for the corrected expressions of a diagnosis (derive.diagnosis)."""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter


class LectureLatex(LatexPrinter):
    def _print_Indexed(self, expr):
        name, _, label = str(expr.base.label).partition("^")
        subs = ",".join(self._print(i) for i in expr.indices)
        return f"{name}_{{{subs}}}" + (f"^{label}" if label else "")

    def _print_KroneckerDelta(self, expr, exp=None):
        i, j = (self._print(a) for a in expr.args)
        return rf"\delta_{{{i}{j}}}" if len(i) == len(j) == 1 else rf"\delta_{{{i},{j}}}"

    def _print_log(self, expr, exp=None):
        return rf"\ln\left({self._print(expr.args[0])}\right)"

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedUndef):
            name = str(expr.func)
            head = f"\\{name}" if name in ("sigma",) else name
            return rf"{head}\left({', '.join(self._print(a) for a in expr.args)}\right)"
        return super()._print_Function(expr, exp)

    def _print_Subs(self, subs):
        """f'(z): the derivative of f(t) in t, at t = z."""
        expr, (var,), (point,) = subs.args[0], subs.variables, subs.point
        if isinstance(expr, sp.Derivative) and expr.variables == (var,) \
                and isinstance(expr.expr, AppliedUndef) and expr.expr.args == (var,):
            name = str(expr.expr.func)
            head = f"\\{name}" if name in ("sigma",) else name
            return rf"{head}'\left({self._print(point)}\right)"
        return super()._print_Subs(subs)

    def _print_Derivative(self, expr):
        if len(expr.variables) == 1 and isinstance(expr.expr, (sp.Symbol, sp.Indexed)):
            return (rf"\frac{{\partial {self._print(expr.expr)}}}"
                    rf"{{\partial {self._print(expr.variables[0])}}}")
        return super()._print_Derivative(expr)


def lecture_latex(expr) -> str:
    return LectureLatex().doprint(expr)
