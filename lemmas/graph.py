"""Computational graphs: local gradients, gates, and the lectures' worked examples."""
import sympy as sp

from derive import Approx, Claim, Equals, Source, part
from derive.notation import at, reals, sigma, step

x, y, z, a, c, g = reals("x y z a c g")
w0, x0, w1, x1, w2 = reals("w_0 x_0 w_1 x_1 w_2")
SOURCE = Source("Backpropagation", "computational graphs")

# f = (x + y) z at x = −2, y = 5, z = −4
F = (x + y) * z
POINT = {x: -2, y: 5, z: -4}

# the sigmoid neuron f = σ(w0 x0 + w1 x1 + w2) and its staged backward pass:
# dot = w0 x0 + w1 x1 + w2, f = σ(dot), ddot = (1 − f) f, then each input's local gradient
DOT = w0 * x0 + w1 * x1 + w2
NEURON = sigma(DOT)
DDOT = (1 - NEURON) * NEURON
NEURON_VARS = (w0, x0, w1, x1, w2)
STAGED = sp.Matrix([x0 * DDOT, w0 * DDOT, x1 * DDOT, w1 * DDOT, 1 * DDOT])
NEURON_POINT = {w0: 2, x0: -1, w1: -3, x1: -2, w2: -3}
NEURON_VALUES = ("-0.20", "0.39", "-0.39", "-0.59", "0.20")

# ReLU backward on the lecture's example
RELU_X = (1, -2, 3, -1)
RELU_G = (4, -1, 5, 9)
RELU_OUT = (4, 0, 5, 0)
t = sp.Symbol("t", real=True)


def _partial(v) -> str:
    return rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}}"


def _relu_backward_example():
    grads = [gi * at(sp.Derivative(sp.Max(0, t), t), {t: xi}) for xi, gi in zip(RELU_X, RELU_G)]
    return Equals(sp.Matrix(grads), sp.Matrix(RELU_OUT))


CLAIMS = [
    Claim("graph.local-gradients", "Local gradients of the basic gates", SOURCE,
          (part(Equals(sp.Derivative(sp.exp(x), x), sp.exp(x)), "e^x"),
           part(Equals(sp.Derivative(a * x, x), a), "ax"),
           part(Equals(sp.Derivative(1 / x, x), -1 / x ** 2), "1/x", sp.Ne(x, 0)),
           part(Equals(sp.Derivative(c + x, x), 1), "c + x")), scope="x real"),
    Claim("graph.example-add-mul", "The worked example f = (x + y)z", SOURCE,
          (part(Approx(F.subs(POINT), -12, 0, "f"), "f"),)
          + tuple(part(Approx(at(sp.Derivative(F, v), POINT), value, 0, _partial(v)),
                       f"∂f/∂{v}")
                  for v, value in ((x, -4), (y, -4), (z, 3))),
          scope="x = −2, y = 5, z = −4"),
    Claim("graph.example-sigmoid-neuron", "The sigmoid neuron: staged backward pass", SOURCE,
          (part(Equals(STAGED, sp.Matrix([sp.Derivative(NEURON, v) for v in NEURON_VARS])),
                "staged backward pass = symbolic gradient"),)
          + tuple(part(Approx(at(sp.Derivative(NEURON, v), NEURON_POINT), sp.Float(val),
                              sp.Rational(1, 200), _partial(v)), f"d{v} ≈ {val}")
                  for v, val in zip(NEURON_VARS, NEURON_VALUES)),
          scope="w, x real; values at w0 = 2, x0 = −1, w1 = −3, x1 = −2, w2 = −3",
          uses=("sigmoid.derivative",)),
    Claim("graph.gate-patterns", "Gradient flow through add, mul, copy and max gates", SOURCE,
          (part(Equals(g * sp.Derivative(x + y, x), g), "add passes g to x"),
           part(Equals(g * sp.Derivative(x + y, y), g), "add passes g to y"),
           part(Equals(g * sp.Derivative(x * y, x), g * y), "mul: x gets g·y"),
           part(Equals(g * sp.Derivative(x * y, y), g * x), "mul: y gets g·x"),
           part(Equals(sp.Derivative((a * x) * (x + c), x),
                       at(sp.Derivative(t * (x + c), t), {t: a * x}) * a
                       + at(sp.Derivative(a * x * t, t), {t: x + c}) * 1),
                "a copied x sums the gradients of its two uses"),
           part(Equals(g * sp.Derivative(sp.Max(x, y), x), g * step(x - y)),
                "max routes g to x when x is larger", sp.Ne(x, y)),
           part(Equals(g * sp.Derivative(sp.Max(x, y), y), g * step(y - x)),
                "max routes g to y when y is larger", sp.Ne(x, y))),
          scope="x, y, g real"),
    Claim("graph.relu-backward", "ReLU backward: pass the gradient where the input is positive",
          SOURCE,
          (part(Equals(g * sp.Derivative(sp.Max(0, x), x), g * step(x)), "elementwise rule",
                sp.Ne(x, 0)),
           part(_relu_backward_example(), "x = (1, −2, 3, −1), ∂L/∂y = (4, −1, 5, 9)")),
          scope="x ≠ 0"),
]
