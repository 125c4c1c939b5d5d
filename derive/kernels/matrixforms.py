"""Kernels printed from proved matrix forms (`MatrixEquals` claims of the catalogue).

A matrix kernel computes the right side of one or more parts of a claim — G Wᵀ and Xᵀ G
of the linear layer, a ⊙ (g − ⟨g, a⟩ 1) of the softmax VJP — printed as NumPy from the
proved expression itself, so the code is the formula the prover checked. Two ways to
hold the arrays:
  - matrices: each name an array whose last two axes are the matrix (leading axes a
    batch): products are `@`, a transpose swaps the last two axes;
  - columns `along` an axis: each column vector is an array whose `axis` holds its
    entries (a batch of vectors, one per row): uᵀv is a sum along the axis, kept as an
    axis of length 1 so that it broadcasts, and the ones vector 1 is that broadcast.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..claim import Claim
from ..notation import Hadamard, Transposed, vector
from .lowering import function_source
from .printer import SumAxis

ONES = r"\mathbf{1}"
J = sp.Symbol("j", integer=True, positive=True)      # the element along the axis


class NotPrintable(ValueError):
    """A matrix form the printer does not turn into NumPy (the export says so)."""


@dataclass(frozen=True)
class MatrixKernel:
    name: str
    claim: Claim                    # a claim of MatrixEquals parts
    outputs: tuple                  # ((output name, index of the part it computes), …)
    params: str                     # the Python signature
    names: dict                     # the claim's name (LaTeX) -> the parameter holding it
    along: bool = False             # columns along `axis` (else matrices in the last two axes)
    doc: str = ""

    @property
    def claims(self) -> tuple:
        """The matrix form, and the index forms it uses (proved for symbolic sizes)."""
        return (self.claim.id, *self.claim.uses)

    @property
    def arrays(self) -> list[str]:
        return list(dict.fromkeys(self.names.values()))

    def proof_claims(self) -> list:
        return []                   # the code is the proved right side: nothing to rewrite

    def relation(self, output: str):
        return self.claim.parts[dict(self.outputs)[output]].relation

    def source(self, status: str = "") -> str:
        names = ", ".join(f"{k} is {v}" for k, v in self.names.items() if k != v)
        said = "".join(f"  {out}: {self.claim.parts[i].label}\n" for out, i in self.outputs)
        doc = (f"{self.doc}\n\nReturns: {', '.join(o for o, _ in self.outputs)}.\n"
               f"Proven formulas: {', '.join(self.claims)}{' (' + status + ')' if status else ''};\n"
               f"printed from the matrix forms ({names}):\n{said}")
        if self.along:
            outputs = [(out, _element(self.relation(out).rhs, self.names))
                       for out, _ in self.outputs]
            return function_source(self.name, self.params, self.arrays, [], outputs, doc,
                                   elementwise=False)
        body = ", ".join(_strip(_print(self.relation(out).rhs, self.names))
                         for out, _ in self.outputs)
        doc = doc.strip().replace("\n", "\n    ")
        return f'def {self.name}({self.params}):\n    """{doc}\n    """\n    return {body}\n'


def _strip(text: str) -> str:
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def _print(e, names: dict) -> str:
    """A matrix form with each name an array whose last two axes are the matrix."""
    if isinstance(e, sp.Symbol):
        if sp.latex(e) not in names:
            raise NotPrintable(f"{sp.latex(e)} is not a parameter")
        return names[sp.latex(e)]
    if e.is_Number:
        return str(int(e)) if e.is_Integer else repr(float(e))
    if isinstance(e, Transposed):
        return f"np.swapaxes({_print(e.args[0], names)}, -1, -2)"
    if isinstance(e, Hadamard):
        return "(" + " * ".join(_print(a, names) for a in e.args) + ")"
    if isinstance(e, sp.Add):
        terms = [_print(t, names) for t in e.args]
        return "(" + terms[0] + "".join(f" - {t[1:]}" if t.startswith("-") else f" + {t}"
                                        for t in terms[1:]) + ")"
    if isinstance(e, sp.Mul):
        coeff, factors = e.args_cnc()
        number = sp.Mul(*coeff)
        text = " @ ".join(_print(f, names) for f in factors) if factors else "1"
        return text if number == 1 else f"-{text}" if number == -1 else \
            f"{_print(number, names)} * {text}"
    raise NotPrintable(f"{type(e).__name__} in a matrix kernel")


def _element(e, names: dict):
    """A matrix form of column vectors as the element expression the kernel printer
    lowers (x[j] the array x along the axis): uᵀv is Σ over the axis, ⊙ a product,
    s·1 the number s broadcast."""
    if isinstance(e, sp.Symbol):
        if sp.latex(e) == ONES:
            return sp.Integer(1)
        if sp.latex(e) not in names:
            raise NotPrintable(f"{sp.latex(e)} is not a parameter")
        return vector(names[sp.latex(e)])[J]
    if e.is_Number:
        return e
    if isinstance(e, Hadamard):
        return sp.Mul(*(_element(a, names) for a in e.args))
    if isinstance(e, sp.Add):
        return sp.Add(*(_element(a, names) for a in e.args))
    if isinstance(e, sp.Mul):
        coeff, factors = e.args_cnc()
        out, i = [sp.Mul(*coeff)], 0
        while i < len(factors):
            f = factors[i]
            if isinstance(f, Transposed) and i + 1 < len(factors):
                out.append(SumAxis(_element(f.args[0], names) * _element(factors[i + 1], names)))
                i += 2
                continue
            if isinstance(f, Transposed):
                raise NotPrintable("an outer product, with columns along an axis")
            out.append(_element(f, names))
            i += 1
        return sp.Mul(*out)
    raise NotPrintable(f"{type(e).__name__} in a kernel of columns")
