"""Activation functions and their derivatives: tanh, ReLU, leaky ReLU, ELU."""
import sympy as sp

from derive import Claim, Equals, Source, part
from derive.notation import reals, step

x, = reals("x")
alpha, = reals("alpha", positive=True)
SOURCE = Source("Training neural networks", "activation functions")

LEAKY = sp.Max(x / 10, x)
ELU = sp.Piecewise((x, x >= 0), (alpha * (sp.exp(x) - 1), True))

CLAIMS = [
    Claim("activations.derivatives", "Derivatives of tanh, ReLU, leaky ReLU and ELU", SOURCE,
          (part(Equals(sp.Derivative(sp.tanh(x), x), 1 - sp.tanh(x) ** 2), "tanh"),
           part(Equals(sp.Derivative(sp.Max(0, x), x), step(x)), "ReLU", sp.Ne(x, 0)),
           part(Equals(sp.Derivative(LEAKY, x), 1), "leaky ReLU, x > 0", x > 0),
           part(Equals(sp.Derivative(LEAKY, x), sp.Rational(1, 10)), "leaky ReLU, x < 0", x < 0),
           part(Equals(ELU, x), "ELU, x ≥ 0", x >= 0),
           part(Equals(ELU, alpha * (sp.exp(x) - 1)), "ELU, x < 0", x < 0),
           part(Equals(sp.Derivative(ELU, x), 1), "ELU', x > 0", x > 0),
           part(Equals(sp.Derivative(ELU, x), alpha * sp.exp(x)), "ELU', x < 0", x < 0)),
          scope="x real (x ≠ 0 where the derivative has a kink)"),
]
