"""The kernels exported from the catalogue: for each output, the formula the lemmas prove
and the numerically stable formula the code computes; derive proves the two equal.

Element expressions: x[j] is the array x, Σ_k runs over the class axis, m is any real
shift (the code uses the row maximum). Elementwise kernels use plain symbols.
"""
import sympy as sp

from derive.kernels import (ArgMaxAxis, Form, Kernel, MatrixKernel, MaxAxis, TakeAxis, derived,
                            expm1, log1p)
from derive.notation import dim, indices, sigma, vector
from lemmas.matrixforms import CLAIMS as MATRIX_FORMS

n = dim("n")
j, k, s = indices("j k s")              # s: the position of the row maximum
z, y, a, g, p, q = (vector(s) for s in "zyagpq")
zs, ys, alpha = sp.Symbol("z", real=True), sp.Symbol("y", real=True), \
    sp.Symbol("alpha", positive=True)
m = sp.Symbol("m", real=True)                  # any shift; the code takes the row maximum
w = vector("w")                                # the shifted input z − m
VEC = dict(element=j, dims={n: 1}, indices={j: n, k: n, s: n})


def total(expr):
    return sp.Sum(expr, (k, 1, n))


def softmax_of(v, idx):
    return sp.exp(v[idx]) / total(sp.exp(v[k]))


def _shifted(**kw):
    """Kernels that work on w = z − m, m the row maximum (any m, for the proofs)."""
    return dict(VEC, prelude=(("m", MaxAxis(z[j])), ("w", z[j] - m)),
                defs={w: sp.Lambda(k, z[k] - m)}, **kw)


def _at_argmax(**kw):
    """Kernels that shift by z_s, s the argmax, so that w_s = 0 exactly and the rest of
    the row's exponentials R = Σ_{k≠s} e^{w_k} can go into log1p without loss."""
    return dict(VEC, prelude=(("i", ArgMaxAxis(z[j])), ("m", TakeAxis(z[j], sp.Symbol("i"))),
                              ("w", z[j] - m)),
                defs={w: sp.Lambda(k, z[k] - z[s])}, **kw)


ez = vector("ez")
sy, ds = sp.Symbol("sy", real=True), sp.Symbol("ds", real=True)   # Σ_k y_k; Σ_k y_k − y_s
yc = sp.Symbol("yc", real=True)                       # 1 − y, formed before anything else
lin = sp.Symbol("lin", real=True)                     # max(z, 0) − zy, formed first
REST = sp.Sum((1 - sp.KroneckerDelta(k, s)) * ez[k], (k, 1, n))   # Σ_{k≠s} e^{w_k}


def _xent_prelude():
    """Exponentials once (ez), Σy once (sy), and Σy − y_s formed first (ds): with a
    one-hot target at the argmax it is exactly 0, so the gradient there is −R/(1 + R),
    not 0."""
    base = _at_argmax()
    base["prelude"] += (("ez", sp.exp(w[j])), ("sy", total(y[k])),
                        ("ds", sy - TakeAxis(y[j], sp.Symbol("i"))))
    base["defs"] = {**base["defs"], ez: sp.Lambda(k, sp.exp(w[k])), sy: total(y[k]),
                    ds: total(y[k]) - y[s]}
    return base


E = sp.exp(-sp.Abs(zs))                   # never exp of a large positive number
SIGMA_STABLE = sp.Piecewise((1 / (1 + E), zs >= 0), (E / (1 + E), True))
TANH = sp.tanh(zs)
XENT = -y[j] * sp.log(softmax_of(z, j))  # one term of −Σ_j y_j ln a_j
KL = p[j] * sp.log(p[j] / q[j])

MATRIX = {c.id: c for c in MATRIX_FORMS}

KERNELS = [
    Kernel("sigmoid", ("sigmoid.logistic-forms",), "z",
           (Form("sigmoid", sigma(zs), SIGMA_STABLE),), element=j,
           rewrite="1/(1+e^{-|z|}) for z ≥ 0 and e^{-|z|}/(1+e^{-|z|}) for z < 0",
           doc="σ(z) elementwise."),
    Kernel("sigmoid_grad", ("sigmoid.derivative",), "z",
           (Form("sigmoid_grad", sp.Derivative(sigma(zs), zs), E / (1 + E) ** 2),), element=j,
           rewrite="σ'(z) = e^{-|z|}/(1+e^{-|z|})², exact where σ(1−σ) rounds to 0",
           doc="σ'(z) elementwise."),
    Kernel("tanh", ("activations.derivatives",), "z",
           (Form("tanh", TANH, TANH),
            Form("tanh_grad", sp.Derivative(TANH, zs), 4 * E ** 2 / (1 + E ** 2) ** 2)),
           element=j, rewrite="none for tanh (np.tanh); 1 − tanh²(z) = "
           "4e^{-2|z|}/(1+e^{-2|z|})², exact where 1 − tanh² rounds to 0",
           doc="tanh and its derivative."),
    Kernel("relu", ("activations.derivatives",), "z",
           (Form("relu", sp.Max(0, zs), sp.Max(0, zs)),
            Form("relu_grad", sp.Heaviside(zs), sp.Heaviside(zs), kink=True)), element=j,
           rewrite="none needed", doc="ReLU and its derivative (0 at z = 0)."),
    Kernel("leaky_relu", ("activations.derivatives",), "z",
           (Form("leaky_relu", sp.Max(zs / 10, zs), sp.Piecewise((zs, zs > 0), (zs / 10, True))),
            Form("leaky_relu_grad", sp.Derivative(sp.Max(zs / 10, zs), zs),
                 sp.Piecewise((sp.Integer(1), zs > 0), (sp.Rational(1, 10), True)), kink=True)),
           element=j, rewrite="max(0.1z, z) by cases", hypotheses=(sp.Ne(zs, 0),),
           doc="Leaky ReLU max(0.1z, z) and its derivative (the kink z = 0 gets 0.1)."),
    Kernel("elu", ("activations.derivatives",), "z, alpha=1.0",
           (Form("elu", sp.Piecewise((zs, zs >= 0), (alpha * (sp.exp(zs) - 1), True)),
                 sp.Piecewise((zs, zs >= 0), (alpha * expm1(sp.Min(zs, 0)), True))),
            Form("elu_grad", sp.Piecewise((sp.Integer(1), zs >= 0), (alpha * sp.exp(zs), True)),
                 sp.Piecewise((sp.Integer(1), zs >= 0), (alpha * sp.exp(sp.Min(zs, 0)), True)))),
           element=j, rewrite="α·expm1(min(z, 0)): no overflow for large z, exact near 0",
           doc="ELU and its derivative."),
    Kernel("softmax", ("softmax.normalized", "softmax.shift-invariance"), "z, axis=-1",
           (Form("softmax", softmax_of(z, j), softmax_of(w, j)),),
           rewrite="max-shift: e^{z_j − m}/Σ_k e^{z_k − m}, m the row maximum",
           doc="Softmax along `axis`.", **_shifted()),
    Kernel("log_softmax", ("softmax.loss-forms", "softmax.shift-invariance"), "z, axis=-1",
           (Form("log_softmax", sp.log(softmax_of(z, j)),
                 w[j] - log1p(REST.xreplace({ez[k]: sp.exp(w[k])}))),),
           rewrite="log-sum-exp at the argmax s: z_j − z_s − log1p(Σ_{k≠s} e^{z_k − z_s})",
           doc="ln softmax(z) along `axis`.", **_at_argmax()),
    Kernel("softmax_cross_entropy", ("xent.grad-logits", "softmax.loss-forms"), "z, y, axis=-1",
           (Form("loss", XENT, -y[j] * (w[j] - log1p(REST)), reduce=True),
            Form("grad", derived(sp.Derivative(-sp.Sum(y[k] * sp.log(softmax_of(z, k)), (k, 1, n)),
                                               z[j]), {}, {j: n, k: n}, {n: 1}),
                 sp.Piecewise(((ds - y[j] * REST) / (1 + REST), sp.Eq(j, s)),
                              (ez[j] * sy / (1 + REST) - y[j], True)))),
           rewrite="log-sum-exp at the argmax s for the loss; the gradient "
                   "softmax(z)·Σy − y as e^{w_j}·Σy/(1 + R) − y_j, R = Σ_{k≠s} e^{w_k}, "
                   "and at s as (Σy − y_s − y_s R)/(1 + R), so that 1/(1+R) − 1 never cancels",
           doc="Softmax cross-entropy per row, −Σ y ln softmax(z), and its gradient.",
           **_xent_prelude()),
    Kernel("bce_with_logits", ("bce.gradients",), "z, y",
           (Form("loss", -(ys * sp.log(sigma(zs)) + (1 - ys) * sp.log(1 - sigma(zs))),
                 lin + log1p(E)),
            Form("grad", sp.Derivative(-(ys * sp.log(sigma(zs)) + (1 - ys) * sp.log(1 - sigma(zs))), zs),
                 sp.Piecewise((yc - E / (1 + E), zs >= 0), (E / (1 + E) - ys, True)))),
           element=j, rewrite="max(z, 0) − zy + log1p(e^{-|z|}); gradient σ(z) − y as "
           "(1 − y) − σ(−z) for z ≥ 0, so a target of 1 never cancels",
           prelude=(("yc", 1 - ys), ("lin", sp.Max(zs, 0) - zs * ys)),
           defs={yc: 1 - ys, lin: sp.Max(zs, 0) - zs * ys}, doc="Binary cross-entropy with logits, elementwise, and its gradient."),
    Kernel("kl_divergence", ("info.kl-nonnegative", "info.kl-decomposition"), "p, q, axis=-1",
           (Form("kl", KL, KL, reduce=True),
            Form("grad_q", derived(sp.Derivative(total(p[k] * sp.log(p[k] / q[k])), q[j]),
                                   {}, {j: n, k: n}, {n: 1}), -p[j] / q[j], wrt="q")),
           rewrite="none (p, q > 0)", doc="KL(p‖q) per row and its gradient with respect to q.",
           **dict(VEC, hypotheses=(p[j] > 0, q[j] > 0))),
    MatrixKernel("softmax_vjp", MATRIX["matrix.softmax-jacobian"], (("vjp", 1),),
                 "a, g, axis=-1", {"x": "a", "g": "g"}, along=True,
                 doc="g ↦ Jᵀg for the softmax Jacobian J = diag(a) − a aᵀ at a = softmax(z),\n"
                     "a vector per row: the Jacobian contracted symbolically, never built."),
    MatrixKernel("linear_backward", MATRIX["matrix.linear-backward"], (("dx", 3), ("dW", 4)),
                 "x, W, G", {"X": "x", "V": "W", "G": "G"},
                 doc="y = xW: (∂L/∂x, ∂L/∂W) = (G Wᵀ, xᵀ G) for the upstream gradient\n"
                     "G = ∂L/∂y; leading axes are a batch."),
]
