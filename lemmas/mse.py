"""The quadratic cost with one sigmoid neuron: the gradients that make learning slow."""
import sympy as sp

from derive import Claim, Equals, Source, part
from derive.notation import dsigma, reals, sigma

w, b, x, y, zs = reals("w b x y z")
a, C = sp.symbols("a C")
SOURCE = Source("Cross-entropy cost", "learning slowdown with the quadratic cost")
DEFS = {C: (y - a) ** 2 / 2, a: sigma(zs), zs: w * x + b}

CLAIMS = [
    Claim("mse.sigmoid-gradients", "Quadratic cost, sigmoid neuron: the gradients", SOURCE,
          (part(Equals(sp.Derivative(C, w), (a - y) * dsigma(zs) * x), "∂C/∂w"),
           part(Equals(sp.Derivative(C, b), (a - y) * dsigma(zs)), "∂C/∂b"),
           part(Equals(sp.Derivative(C, w), a * dsigma(zs)), "∂C/∂w at x = 1, y = 0",
                sp.Eq(x, 1), sp.Eq(y, 0)),
           part(Equals(sp.Derivative(C, b), a * dsigma(zs)), "∂C/∂b at x = 1, y = 0",
                sp.Eq(x, 1), sp.Eq(y, 0))),
          scope="w, b, x, y real", defs=DEFS, note="a = σ(z), z = wx + b."),
]
