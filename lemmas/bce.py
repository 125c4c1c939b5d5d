"""Binary cross-entropy C = −(y ln a + (1 − y) ln(1 − a)) with sigmoid outputs."""
import sympy as sp

from derive import Claim, Compare, Equals, Limit, Source, part
from derive.notation import dim, indices, reals, sigma, vector

n = dim("n")
i, j, k = indices("i j k")
a_, y_, b_, zs = reals("a y b z")
w, x, z, yv = vector("w"), vector("x"), vector("z"), vector("y")
av = sp.IndexedBase("a")
C = sp.Symbol("C")
SOURCE = Source("Cross-entropy cost", "binary cross-entropy with a sigmoid neuron")


def bce(y, a):
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


CLAIMS = [
    Claim("bce.nonnegative", "Binary cross-entropy is non-negative", SOURCE,
          (part(Compare(bce(y_, a_), ">=", 0)),), scope="0 ≤ y ≤ 1, 0 < a < 1",
          hypotheses=(y_ >= 0, y_ <= 1, a_ > 0, a_ < 1)),
    Claim("bce.limit", "Binary cross-entropy tends to 0 as a → y for y ∈ {0, 1}", SOURCE,
          (part(Limit(bce(0, a_), a_, 0, 0, "+"), "y = 0"),
           part(Limit(bce(1, a_), a_, 1, 0, "-"), "y = 1")), scope="y ∈ {0, 1}"),
    Claim("bce.gradients", "Binary cross-entropy: the weight and bias gradients", SOURCE,
          (part(Equals(sp.Derivative(C, w[i]), x[i] * (sigma(zs) - y_)), "weight"),
           part(Equals(sp.Derivative(C, b_), sigma(zs) - y_), "bias")),
          scope="all n", indices={i: n, k: n}, dims={n: 1},
          defs={C: bce(y_, sigma(zs)), zs: b_ + sp.Sum(w[k] * x[k], (k, 1, n))},
          note="a = σ(z), z = b + Σ_i w_i x_i: the σ' of the chain rule cancels."),
    Claim("bce.multi-output-delta", "Sigmoid outputs with cross-entropy: δ_i = a_i − y_i",
          SOURCE,
          (part(Equals(sp.Derivative(C, z[i]), av[i] - yv[i])),), scope="all n",
          indices={i: n, j: n, k: n}, dims={n: 1},
          defs={C: sp.Sum(bce(yv[j], av[j]), (j, 1, n)), av: sp.Lambda(k, sigma(z[k]))}),
]
