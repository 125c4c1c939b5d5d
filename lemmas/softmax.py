"""Softmax a_j = e^{z_j} / Σ_k e^{z_k}: range, normalization, Jacobian, shift invariance."""
import sympy as sp

from derive import Claim, Compare, Equals, Source, SLIP, part
from derive.notation import delta, dim, indices, reals, vector

n, d = dim("n"), dim("d")
i, j, k, t, m, l = indices("i j k t m l")
z, x, f = vector("z"), vector("x"), vector("f")
W = vector("W")
D, = reals("D")
a = sp.IndexedBase("a")
S = sp.IndexedBase("S")

SOURCE = Source("Softmax", "the softmax layer")
ALL_N = "all n"


def softmax(v, idx, bound=n):
    """e^{v_idx} / Σ_k e^{v_k}."""
    return sp.exp(v[idx]) / sp.Sum(sp.exp(v[k]), (k, 1, bound))


A = {a: sp.Lambda(m, softmax(z, m))}
RANGES = {i: n, j: n, k: n}

CLAIMS = [
    Claim("softmax.range", "Softmax outputs lie strictly between 0 and 1", SOURCE,
          (part(Compare(a[j], ">", 0), "lower"), part(Compare(a[j], "<", 1), "upper")),
          scope=ALL_N, indices=RANGES, dims={n: 2}, defs=A,
          note="The upper bound needs n ≥ 2: for n = 1, a_1 = 1."),
    Claim("softmax.normalized", "Softmax outputs sum to one", SOURCE,
          (part(Equals(sp.Sum(a[j], (j, 1, n)), 1)),), scope=ALL_N, indices=RANGES,
          dims={n: 1}, defs=A),
    Claim("softmax.jacobian", "The Jacobian of softmax", SOURCE,
          (part(Equals(sp.Derivative(a[j], z[k]), a[j] * (delta(j, k) - a[k])), "general"),
           part(Equals(sp.Derivative(a[j], z[j]), a[j] * (1 - a[j])), "diagonal"),
           part(Equals(sp.Derivative(a[j], z[k]), -a[j] * a[k]), "off-diagonal",
                sp.Ne(j, k))),
          scope=ALL_N, indices=RANGES, dims={n: 1}, defs=A),
    Claim("softmax.shift-invariance", "Adding a constant to every input leaves softmax unchanged",
          SOURCE,
          (part(Equals(sp.exp(z[j] + D) / sp.Sum(sp.exp(z[k] + D), (k, 1, n)),
                       softmax(z, j))),),
          scope=ALL_N, indices=RANGES, dims={n: 1}),
    Claim("softmax.linear-input-gradient", "Softmax of a linear map: the weight gradient",
          SOURCE,
          (part(Equals(sp.Derivative(S[t], W[i, j]),
                       S[t] * (delta(t, i) - S[i]) * x[j])),),
          scope=ALL_N, indices={t: n, i: n, j: d}, dims={n: 1, d: 1},
          defs={S: sp.Lambda(m, sp.exp(sp.Sum(W[m, l] * x[l], (l, 1, d)))
                             / sp.Sum(sp.exp(sp.Sum(W[k, l] * x[l], (l, 1, d))), (k, 1, n)))},
          note="g = Wx, g_m = Σ_l W_ml x_l; S_t = softmax(g)_t."),
    Claim("softmax.loss-forms", "Two forms of the softmax loss", SOURCE,
          (part(Equals(-sp.log(softmax(f, j)), -f[j] + sp.log(sp.Sum(sp.exp(f[k]), (k, 1, n))))),),
          scope=ALL_N, indices=RANGES, dims={n: 1},
          note="j plays the role of the true class y."),
    Claim("softmax.jacobian.lecture-slip",
          "The off-diagonal softmax derivative over (Σ x_k)² instead of (Σ e^{x_k})²", SOURCE,
          (part(Equals(sp.Derivative(softmax(x, i), x[j]),
                       -sp.exp(x[i]) * sp.exp(x[j]) / sp.Sum(x[k], (k, 1, n)) ** 2),
                "off-diagonal", sp.Ne(i, j)),),
          scope=ALL_N, indices=RANGES, dims={n: 2}, expect=SLIP, corrects="softmax.jacobian",
          lecture=r"\frac{\partial S_i}{\partial x_j} = \frac{-e^{x_i} e^{x_j}}"
                  r"{\left(\sum_k x_k\right)^2}"),
]
