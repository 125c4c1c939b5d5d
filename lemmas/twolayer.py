"""The 20-line two-layer NumPy network: its hand-written gradients are the true ones.

    h = 1 / (1 + np.exp(-x.dot(w1)))
    y_pred = h.dot(w2)
    loss = np.square(y_pred - y).sum()
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h.T.dot(grad_y_pred)
    grad_h = grad_y_pred.dot(w2.T)
    grad_w1 = x.T.dot(grad_h * h * (1 - h))
"""
import sympy as sp

from derive import Claim, Equals, Source, part
from derive.notation import Sigmoid

BATCH, D_IN, HIDDEN, D_OUT = 2, 2, 3, 2
SOURCE = Source("Neural networks in NumPy", "a two-layer network trained by hand")


def _matrix(name, rows, cols):
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


X = _matrix("x", BATCH, D_IN)
Y = _matrix("y", BATCH, D_OUT)
W1 = _matrix("w1", D_IN, HIDDEN)
W2 = _matrix("w2", HIDDEN, D_OUT)

H = (X * W1).applyfunc(Sigmoid)
Y_PRED = H * W2
LOSS = sum((Y_PRED - Y).applyfunc(lambda e: e ** 2))
GRAD_Y_PRED = 2 * (Y_PRED - Y)
GRAD_W2 = H.T * GRAD_Y_PRED
GRAD_H = GRAD_Y_PRED * W2.T
GRAD_W1 = X.T * GRAD_H.multiply_elementwise(H).multiply_elementwise(H.applyfunc(lambda e: 1 - e))

CLAIMS = [
    Claim("twolayer.numpy-gradients", "The two-layer network's hand-written gradients", SOURCE,
          (part(Equals(W2.applyfunc(lambda v: sp.Derivative(LOSS, v)), GRAD_W2), "grad_w2"),
           part(Equals(W1.applyfunc(lambda v: sp.Derivative(LOSS, v)), GRAD_W1), "grad_w1")),
          scope=f"fixed shapes: batch {BATCH}, {D_IN} → {HIDDEN} → {D_OUT}, symbolic entries",
          uses=("sigmoid.derivative",)),
]
