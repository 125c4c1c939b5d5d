"""Entropy, cross-entropy and the Kullback–Leibler divergence."""
import sympy as sp

from derive import Claim, Compare, Equals, Source, ZeroIff, part
from derive.notation import dim, indices, vector

n = dim("n")
i, = indices("i")
p, q = vector("p", positive=True), vector("q", positive=True)
SOURCE = Source("Information theory", "entropy, cross-entropy and KL divergence")


def total(expr):
    return sp.Sum(expr, (i, 1, n))


KL = total(p[i] * sp.log(p[i] / q[i]))

CLAIMS = [
    Claim("info.kl-decomposition", "Cross-entropy is entropy plus KL divergence", SOURCE,
          (part(Equals(-total(p[i] * sp.log(q[i])), -total(p[i] * sp.log(p[i])) + KL)),),
          scope="all n, p, q > 0", indices={i: n}, dims={n: 1},
          hypotheses=(p[i] > 0, q[i] > 0)),
    Claim("info.kl-nonnegative", "KL divergence is non-negative, and zero only for p = q", SOURCE,
          (part(Compare(KL, ">=", 0), "non-negative"),
           part(ZeroIff(KL, ((q, p),)), "zero exactly when p = q")),
          scope="all n", indices={i: n}, dims={n: 1},
          hypotheses=(sp.Eq(total(p[i]), 1), sp.Eq(total(q[i]), 1), p[i] > 0, q[i] > 0)),
]
