"""The four equations of backpropagation (BP1–BP4), against direct differentiation.

A network with three weight layers of two neurons each (2-2-2-2), every weight, bias,
input and target a symbol. Convention: z^l = W^l a^{l-1} + b^l, (W^l)_{ij} = w^l_{ji} is the
weight from neuron j of layer l−1 to neuron i of layer l. σ is kept folded as a function
symbol whose derivative rule σ' = σ(1 − σ) is the lemma sigmoid.derivative.
"""
import sympy as sp

from derive import Claim, Equals, Source, part
from derive.notation import Sigmoid

SIZES = (2, 2, 2, 2)
L = len(SIZES) - 1
SOURCE = Source("Backpropagation", "the four fundamental equations")


def _matrix(name, rows, cols):
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


def _vector(name, size):
    return sp.Matrix(size, 1, lambda i, _: sp.Symbol(f"{name}_{i + 1}", real=True))


W = {l: _matrix(f"w^{l}", SIZES[l], SIZES[l - 1]) for l in range(1, L + 1)}
B = {l: _vector(f"b^{l}", SIZES[l]) for l in range(1, L + 1)}
X = _vector("x", SIZES[0])
Y = _vector("y", SIZES[-1])
ZS = {l: _vector(f"z^{l}", SIZES[l]) for l in range(1, L + 1)}   # z^l as free variables


def sig(v):
    return v.applyfunc(Sigmoid)


def dsig(v):
    return v.applyfunc(lambda e: Sigmoid(e) * (1 - Sigmoid(e)))


def quadratic(a):
    return sum((a - Y).applyfunc(lambda e: e ** 2)) / 2


def cross_entropy(a):
    return -sum(Y[i] * sp.log(a[i]) + (1 - Y[i]) * sp.log(1 - a[i]) for i in range(len(Y)))


def forward_from(l, z_l):
    """The output activation a^L as a function of z^l."""
    a = sig(z_l)
    for m in range(l + 1, L + 1):
        a = sig(W[m] * a + B[m])
    return a


def network_z(l):
    """z^l as a function of the input and all weights (the whole network up to l)."""
    a = X
    for m in range(1, l + 1):
        z = W[m] * a + B[m]
        a = sig(z)
    return z


def direct_delta(cost, l):
    """δ^l = ∂C/∂z^l by differentiating the cost as a function of z^l directly."""
    c = cost(forward_from(l, ZS[l]))
    return sp.Matrix([sp.diff(c, v) for v in ZS[l]])


def at_network(expr, upto):
    """Put every z^m (m ≤ upto) at its value in the network."""
    return expr.xreplace({v: e for m in range(1, upto + 1)
                          for v, e in zip(ZS[m], network_z(m))})


def _bp2_rhs(l, cost):
    """σ'(z^l) ⊙ (W^{l+1})ᵀ δ^{l+1}, δ^{l+1} taken directly and put at z^{l+1}(z^l)."""
    nxt = direct_delta(cost, l + 1).xreplace(dict(zip(ZS[l + 1], W[l + 1] * sig(ZS[l]) + B[l + 1])))
    return dsig(ZS[l]).multiply_elementwise(W[l + 1].T * nxt)


def _full_cost(cost):
    return cost(forward_from(1, network_z(1)))


def _parts():
    out = [part(Equals(direct_delta(quadratic, L), (sig(ZS[L]) - Y).multiply_elementwise(
               dsig(ZS[L]))), "BP1, quadratic cost"),
           part(Equals(direct_delta(cross_entropy, L), sig(ZS[L]) - Y),
                "BP1, cross-entropy with sigmoid outputs")]
    for l in range(L - 1, 0, -1):
        out.append(part(Equals(direct_delta(quadratic, l), _bp2_rhs(l, quadratic)),
                        f"BP2, l = {l}"))
    full = _full_cost(quadratic)
    for l in range(1, L + 1):
        delta_l = at_network(direct_delta(quadratic, l), l)
        out.append(part(Equals(sp.Matrix([sp.Derivative(full, v) for v in B[l]]), delta_l),
                        f"BP3, l = {l}"))
    for l in (1, L):
        delta_l = at_network(direct_delta(quadratic, l), l)
        a_prev = X if l == 1 else sig(network_z(l - 1))
        out.append(part(Equals(W[l].applyfunc(lambda v: sp.Derivative(full, v)),
                               delta_l * a_prev.T), f"BP4, l = {l}"))
    return tuple(out)


CLAIMS = [
    Claim("backprop.bp1-bp4", "The four equations of backpropagation", SOURCE, _parts(),
          scope="fixed shapes 2-2-2-2, symbolic entries", uses=("sigmoid.derivative",),
          note="Each equation against direct differentiation of the network's cost."),
]
