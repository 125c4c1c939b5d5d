"""The learning-slowdown experiment: one sigmoid neuron, quadratic vs cross-entropy cost.

The gradients are derived here by SymPy from the costs (the same forms the lemmas
mse.sigmoid-gradients and bce.gradients prove) and gradient descent is run in 30-digit
arithmetic; the lecture's rounded outputs are then compared with what it computes.
"""
from functools import lru_cache

import mpmath
import sympy as sp

from derive import Approx, Claim, Source, part
from derive.claim import Computation
from derive.notation import dsigma, reals, sigma

w, b = reals("w b")
X_IN, TARGET, RATE, EPOCHS = 1, 0, sp.Rational(15, 100), 300
STARTS = ((sp.Rational(6, 10), sp.Rational(9, 10)), (sp.Integer(2), sp.Integer(2)))
OUTPUT = sigma(w * X_IN + b)
COSTS = {
    "quadratic": (TARGET - OUTPUT) ** 2 / 2,
    "cross-entropy": -(TARGET * sp.log(OUTPUT) + (1 - TARGET) * sp.log(1 - OUTPUT)),
}
SOURCE = Source("Cross-entropy cost", "learning slowdown experiment")
# the set-up as the report's figure draws it again with the exported kernels
SLOWDOWN = dict(x=X_IN, target=TARGET, rate=RATE, epochs=EPOCHS, starts=STARTS)


@lru_cache(maxsize=None)
def trajectory(cost: str, start: tuple, epochs: int = EPOCHS, dps: int = 30):
    """The neuron's output after each epoch of gradient descent from `start`."""
    c = COSTS[cost]
    grads = [sp.diff(c, v) for v in (w, b)]
    with mpmath.workdps(dps):
        point = {w: sp.Float(start[0], dps), b: sp.Float(start[1], dps)}
        outputs = []
        for _ in range(epochs):
            gw, gb = (g.evalf(dps, subs=point) for g in grads)
            point = {w: point[w] - RATE * gw, b: point[b] - RATE * gb}
            outputs.append(OUTPUT.evalf(dps, subs=point))
    return tuple(outputs)


def final_output(cost, start):
    return Computation(lambda: trajectory(cost, start)[-1],
                       f"output after {EPOCHS} epochs, {cost} cost, (w, b) = "
                       f"({start[0]}, {start[1]})")


def _parts():
    stated = {("quadratic", 0): "0.09", ("quadratic", 1): "0.20",
              ("cross-entropy", 0): "0.012", ("cross-entropy", 1): "0.012"}
    out = []
    for (cost, s), value in stated.items():
        start = STARTS[s]
        digits = len(value.split(".")[1])
        out.append(part(Approx(final_output(cost, start), sp.Float(value),
                               sp.Rational(1, 2 * 10 ** digits)),
                        f"{cost}, start ({start[0]}, {start[1]}): ≈ {value}"))
    out.append(part(Approx(dsigma(sp.Integer(4)), sp.Float("0.018"), sp.Rational(1, 2000),
                           r"\sigma'(4)"), "the (2, 2) start saturates: σ'(4) ≈ 0.018"))
    return tuple(out)


CLAIMS = [
    Claim("experiment.learning-slowdown", "Learning slowdown: quadratic vs cross-entropy cost",
          SOURCE, _parts(), scope="one neuron, x = 1, y = 0, η = 0.15, 300 epochs",
          uses=("mse.sigmoid-gradients", "bce.gradients")),
]
