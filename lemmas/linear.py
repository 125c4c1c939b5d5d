"""Linear layers: backward pass, no collapse without activations, L2 and hinge gradients."""
import sympy as sp

from derive import Claim, Equals, Source, SLIP, part
from derive.notation import delta, dim, indices, reals, step, vector

N, D, M, P, Q, K = (dim(s) for s in "NDMPQK")
i, j, k, l, r, q, s_, u, yc = indices("i j k l r q s u y")
x, W, G = vector("x"), vector("W"), vector("G")
W1, W2, W3 = vector("W1"), vector("W2"), vector("W3")
lam, = reals("lambda")
L = sp.Symbol("L")
SOURCE = Source("Linear classifiers", "linear layers and their gradients")


def total(expr, *limits):
    return sp.Sum(expr, *limits)


# y = xW with x ∈ R^{N×D}, W ∈ R^{D×M}; G = ∂L/∂y, so L changes as Σ G ∘ y
Y_OF = sp.Lambda((i, k), total(x[i, l] * W[l, k], (l, 1, D)))
LOSS = total(total(G[r, q] * Y_OF(r, q), (q, 1, M)), (r, 1, N))

# hinge loss of one example with class y: s = Wx
def score(row):
    return total(W[row, l] * x[l], (l, 1, D))


def hinge(sign):
    return total((1 - delta(j, yc)) * sp.Max(0, score(j) + sign * score(yc) + 1), (j, 1, K))


def margin(row):
    return score(row) - score(yc) + 1


HINGE_GRAD = ((1 - delta(r, yc)) * step(margin(r)) * x[q]
              - delta(r, yc) * total((1 - delta(j, yc)) * step(margin(j)) * x[q], (j, 1, K)))

CLAIMS = [
    Claim("linear.backward", "Backward pass of y = xW", SOURCE,
          (part(Equals(sp.Derivative(L, x[i, j]), total(G[i, k] * W[j, k], (k, 1, M))),
                "∂L/∂x = (∂L/∂y) Wᵀ"),
           part(Equals(sp.Derivative(L, W[j, k]), total(x[i, j] * G[i, k], (i, 1, N))),
                "∂L/∂W = xᵀ (∂L/∂y)")),
          scope="all N, D, M", indices={i: N, j: D, k: M}, dims={N: 1, D: 1, M: 1},
          defs={L: LOSS}, note="G = ∂L/∂y is the upstream gradient; L varies as Σ G ∘ y."),
    Claim("linear.no-activation-collapse", "Linear layers without activation collapse into one",
          SOURCE,
          (part(Equals(total(W2[i, j] * total(W1[j, k] * x[k], (k, 1, D)), (j, 1, M)),
                       total(total(W2[i, j] * W1[j, k], (j, 1, M)) * x[k], (k, 1, D))),
                "two layers"),
           part(Equals(total(W3[i, s_] * total(W2[s_, j] * total(W1[j, k] * x[k], (k, 1, D)),
                                               (j, 1, M)), (s_, 1, P)),
                       total(total(total(W3[i, s_] * W2[s_, j], (s_, 1, P)) * W1[j, k],
                                   (j, 1, M)) * x[k], (k, 1, D))),
                "three layers")),
          scope="all shapes", indices={i: Q}, dims={D: 1, M: 1, P: 1, Q: 1}),
    Claim("linear.l2-gradient", "The gradient of the L2 penalty", SOURCE,
          (part(Equals(sp.Derivative(lam * total(total(W[k, l] ** 2, (l, 1, D)), (k, 1, M)),
                                     W[i, j]), 2 * lam * W[i, j])),),
          scope="all shapes", indices={i: M, j: D}, dims={M: 1, D: 1}),
    Claim("linear.hinge-gradient", "The multiclass hinge loss: gradient per row of W", SOURCE,
          (part(Equals(sp.Derivative(hinge(-1), W[r, q]), HINGE_GRAD)),),
          scope="all K, D (margins ≠ 0)", indices={r: K, q: D, yc: K}, dims={K: 2, D: 1},
          note="Row r ≠ y gets I(s_r − s_y + 1 > 0) x; row y gets −Σ_{j≠y} I(…) x."),
    Claim("linear.hinge-gradient.lecture-slip",
          "The hinge loss expanded with + W_y·x instead of − W_y·x", SOURCE,
          (part(Equals(hinge(-1), hinge(+1))),),
          scope="all K, D", indices={yc: K}, dims={K: 2, D: 1}, expect=SLIP,
          corrects="linear.hinge-gradient",
          lecture=r"L_i = \sum_{j \neq y_i} \max(0, W_j \cdot x_i + W_{y_i} \cdot x_i + 1)"),
]
