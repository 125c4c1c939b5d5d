"""Cross-entropy C = −Σ_j y_j ln a_j: sign, minimum (Gibbs), the table, the gradients."""
import sympy as sp

from derive import Approx, Claim, Compare, Equals, Minimum, Source, part
from derive.notation import delta, dim, indices, reals, vector

n, K, m = dim("n"), dim("K"), dim("m")
i, j, k, l, c, r, y_cls = indices("i j k l c r y")
y = vector("y")
a_free = vector("a", positive=True)          # an activation vector in its own right
yp = vector("y", positive=True)
z, w, b, p, s = vector("z"), vector("w"), vector("b"), vector("p"), vector("s")
a, f = sp.IndexedBase("a"), sp.IndexedBase("f")
ar = vector("a")                              # real activations with bounds
C, R = sp.symbols("C R")
a1, = reals("a_1")

SOURCE = Source("Softmax", "cross-entropy cost")
ALL_N = "all n"


def softmax(v, idx, bound=n):
    return sp.exp(v[idx]) / sp.Sum(sp.exp(v[r]), (r, 1, bound))


def xent(v, bound=n):
    return -sp.Sum(y[j] * sp.log(v[j]), (j, 1, bound))


# the lecture's table: y = (1/2, 1/3, 1/6) and a = (a_1, 2(1 − a_1)/3, (1 − a_1)/3)
Y3 = (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6))
A3 = (a1, 2 * (1 - a1) / 3, (1 - a1) / 3)
C3 = -sum(yy * sp.log(aa) for yy, aa in zip(Y3, A3))
TABLE = dict(zip([sp.Rational(q, 10) for q in range(1, 10)],
                 ["1.52", "1.23", "1.10", "1.03", "1.01", "1.03", "1.10", "1.23", "1.52"]))
# the table as the report's figure draws it: C(a_1) by the exported kernel, the table's points
XENT_TABLE = dict(variable=a1, probabilities=A3, target=Y3, table=TABLE)

SOFTMAX_Y = sp.Eq(sp.Sum(y[j], (j, 1, n)), 1)

CLAIMS = [
    Claim("xent.nonnegative", "Cross-entropy is non-negative", SOURCE,
          (part(Compare(-sp.Sum(y[j] * sp.log(ar[j]), (j, 1, n)), ">=", 0)),), scope=ALL_N,
          hypotheses=(y[j] >= 0, ar[j] > 0, ar[j] < 1), indices={j: n}, dims={n: 1}),
    Claim("xent.minimum", "Over the simplex, cross-entropy is smallest at a = y (Gibbs)",
          SOURCE,
          (part(Minimum(-sp.Sum(yp[j] * sp.log(a_free[j]), (j, 1, n)), ((a_free, yp),),
                        -sp.Sum(yp[j] * sp.log(yp[j]), (j, 1, n)))),),
          scope=ALL_N, indices={j: n}, dims={n: 1},
          hypotheses=(sp.Eq(sp.Sum(yp[j], (j, 1, n)), 1), sp.Eq(sp.Sum(a_free[j], (j, 1, n)), 1)),
          note="y and a in the open probability simplex (all entries positive)."),
    Claim("xent.table", "The cross-entropy table for y = (1/2, 1/3, 1/6)", SOURCE,
          tuple(part(Approx(C3.subs(a1, q), sp.Float(v), sp.Rational(1, 200), f"C(a_1 = {q})"),
                     f"a_1 = {q}") for q, v in TABLE.items())
          + (part(Minimum(C3, ((a1, sp.Rational(1, 2)),), -sum(yy * sp.log(yy) for yy in Y3)),
                  "minimum at a_1 = 1/2"),),
          scope="n = 3", hypotheses=(a1 > 0, a1 < 1)),
    Claim("xent.grad-activation", "The gradient of cross-entropy with respect to the activations",
          SOURCE,
          (part(Equals(sp.Derivative(C, a_free[j]), -y[j] / a_free[j])),), scope=ALL_N,
          indices={j: n, k: n}, dims={n: 1},
          defs={C: -sp.Sum(y[k] * sp.log(a_free[k]), (k, 1, n))}),
    Claim("xent.grad-logits", "Softmax with cross-entropy: ∂C/∂z_i = a_i − y_i", SOURCE,
          (part(Equals(sp.Derivative(C, z[i]), a[i] - y[i])),), scope=ALL_N,
          hypotheses=(SOFTMAX_Y,), indices={i: n, j: n, k: n}, dims={n: 1},
          defs={C: xent(a), a: sp.Lambda(k, softmax(z, k))}),
    Claim("xent.grad-bias-weight", "Cross-entropy gradients for the biases and weights", SOURCE,
          (part(Equals(sp.Derivative(C, b[i]), a[i] - y[i]), "bias"),
           part(Equals(sp.Derivative(C, w[i, k]), p[k] * (a[i] - y[i])), "weight")),
          scope=ALL_N, hypotheses=(SOFTMAX_Y,), indices={i: n, j: n, k: m},
          dims={n: 1, m: 1},
          defs={C: xent(a), a: sp.Lambda(l, softmax(z, l)),
                z: sp.Lambda(l, sp.Sum(w[l, c] * p[c], (c, 1, m)) + b[l])},
          note="z_i = Σ_k w_ik a_k^{prev} + b_i; p_k stands for a_k^{prev}."),
    Claim("xent.indicator-form", "Softmax loss in indicator form: the three gradients", SOURCE,
          (part(Equals(sp.Derivative(f[k], s[l]), f[k] * (delta(k, l) - f[l])), "∂f_k/∂s_l"),
           part(Equals(sp.Derivative(-sp.Sum(delta(y_cls, c) * sp.log(a_free[c]), (c, 1, K)),
                                     a_free[k]), -delta(y_cls, k) / a_free[k]), "∂R/∂f_k"),
           part(Equals(sp.Derivative(R, s[l]), f[l] - delta(l, y_cls)), "∂R/∂s_l")),
          scope="all K", indices={k: K, l: K, y_cls: K}, dims={K: 1},
          defs={R: -sp.Sum(delta(y_cls, c) * sp.log(f[c]), (c, 1, K)),
                f: sp.Lambda(r, softmax(s, r, K))},
          note="I(y = k) is δ_yk; in ∂R/∂f_k the f_k are free (positive) variables."),
]
