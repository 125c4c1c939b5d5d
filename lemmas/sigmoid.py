"""The logistic function σ(z) = 1/(1 + e^{-z}): derivative, forms, range, saturation."""
import sympy as sp

from derive import Claim, Compare, Equals, Limit, Source, SLIP, part
from derive.notation import reals, sigma

z, x = reals("z x")
SOURCE = Source("Sigmoid neurons", "the logistic function")

CLAIMS = [
    Claim("sigmoid.derivative", "The derivative of the logistic function", SOURCE,
          (part(Equals(sp.Derivative(sigma(z), z), sigma(z) * (1 - sigma(z)))),),
          scope="z real"),
    Claim("sigmoid.logistic-forms", "Two forms of the logistic function", SOURCE,
          (part(Equals(1 / (1 + sp.exp(-x)), sp.exp(x) / (1 + sp.exp(x)))),), scope="x real"),
    Claim("sigmoid.range", "σ takes values strictly between 0 and 1", SOURCE,
          (part(Compare(sigma(z), ">", 0), "lower"), part(Compare(sigma(z), "<", 1), "upper")),
          scope="z real"),
    Claim("sigmoid.vanishing", "σ' vanishes as |z| grows (saturation)", SOURCE,
          (part(Limit(sp.Derivative(sigma(z), z), z, sp.oo, 0), "z → +∞"),
           part(Limit(sp.Derivative(sigma(z), z), z, -sp.oo, 0), "z → −∞")), scope="z real"),
    Claim("sigmoid.derivative.lecture-slip", "The logistic derivative with the wrong numerator",
          SOURCE,
          (part(Equals(sp.Derivative(sigma(z), z),
                       (1 + sp.exp(-z)) ** -1 / (1 + sp.exp(-z)) ** 2)),),
          scope="z real", expect=SLIP, corrects="sigmoid.derivative",
          lecture=r"\sigma'(z) = \frac{(1+e^{-z})^{-1}}{(1+e^{-z})^2}",
          note="The numerator must be e^{-z}: σ'(z) = e^{-z}/(1+e^{-z})^2."),
]
