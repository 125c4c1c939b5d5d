"""Numerically stable NumPy kernels exported by derive 0.1.0.

Every function computes a formula derive proved (its docstring names the claims and the
stable rewrite, itself proved equal to the textbook formula). Inputs are NumPy arrays,
batched over leading axes; outputs keep the input's dtype (float32 stays float32); losses
are per sample, not averaged; no n×n Jacobian is ever built.
"""
import numpy as np


def _sum_exp_rest(e, i, axis):
    """Σ over each row of e = exp(z − max) without the argmax entry (which is exactly 1):
    zeroed and restored in place, so log1p of it is exact when the others are tiny."""
    np.put_along_axis(e, i, 0, axis=axis)
    rest = np.sum(e, axis=axis, keepdims=True)
    np.put_along_axis(e, i, 1, axis=axis)
    return rest


def sigmoid(z):
    """σ(z) elementwise.
    
    Returns: sigmoid.
    Proven formulas: sigmoid.logistic-forms (proved).
    Stable rewrite: 1/(1+e^{-|z|}) for z ≥ 0 and e^{-|z|}/(1+e^{-|z|}) for z < 0
    """
    z = np.asarray(z)
    dtype = z.dtype
    t0 = np.exp(-abs(z))
    t1 = 1/(t0 + 1)
    return np.asarray(np.where(np.greater_equal(z, 0), t1, t0*t1), dtype=dtype)


def sigmoid_grad(z):
    """σ'(z) elementwise.
    
    Returns: sigmoid_grad.
    Proven formulas: sigmoid.derivative (proved).
    Stable rewrite: σ'(z) = e^{-|z|}/(1+e^{-|z|})², exact where σ(1−σ) rounds to 0
    """
    z = np.asarray(z)
    dtype = z.dtype
    t0 = np.exp(-abs(z))
    return np.asarray(t0/(t0 + 1)**2, dtype=dtype)


def tanh_grad(z):
    """tanh'(z) elementwise.
    
    Returns: tanh_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: 1 − tanh²(z) = 4e^{-2|z|}/(1+e^{-2|z|})², exact where 1 − tanh² rounds to 0
    """
    z = np.asarray(z)
    dtype = z.dtype
    t0 = np.exp(-2*abs(z))
    return np.asarray(4*t0/(t0 + 1)**2, dtype=dtype)


def relu(z):
    """ReLU and its derivative (0 at z = 0).
    
    Returns: relu, relu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: none needed
    """
    z = np.asarray(z)
    dtype = z.dtype
    return np.asarray(np.maximum(0, z), dtype=dtype), np.asarray(np.where(z > 0, 1.0, 0.0), dtype=dtype)


def leaky_relu(z):
    """Leaky ReLU max(0.1z, z) and its derivative (the kink z = 0 gets 0.1).
    
    Returns: leaky_relu, leaky_relu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: max(0.1z, z) by cases
    """
    z = np.asarray(z)
    dtype = z.dtype
    t0 = np.greater(z, 0)
    return np.asarray(np.where(t0, z, (1/10)*z), dtype=dtype), np.asarray(np.where(t0, 1, 1/10), dtype=dtype)


def elu(z, alpha=1.0):
    """ELU and its derivative.
    
    Returns: elu, elu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: α·expm1(min(z, 0)): no overflow for large z, exact near 0
    """
    z = np.asarray(z)
    dtype = z.dtype
    t0 = np.greater_equal(z, 0)
    t1 = np.minimum(0, z)
    return np.asarray(np.where(t0, z, alpha*np.expm1(t1)), dtype=dtype), np.asarray(np.where(t0, 1, alpha*np.exp(t1)), dtype=dtype)


def softmax(z, axis=-1):
    """Softmax along `axis`.
    
    Returns: softmax.
    Proven formulas: softmax.normalized, softmax.shift-invariance (proved).
    Stable rewrite: max-shift: e^{z_j − m}/Σ_k e^{z_k − m}, m the row maximum
    """
    z = np.asarray(z)
    dtype = z.dtype
    m = np.max(z, axis=axis, keepdims=True)
    w = -m + z
    t0 = np.exp(w)
    return np.asarray(t0/np.sum(t0, axis=axis, keepdims=True), dtype=dtype)


def log_softmax(z, axis=-1):
    """ln softmax(z) along `axis`.
    
    Returns: log_softmax.
    Proven formulas: softmax.loss-forms, softmax.shift-invariance (proved).
    Stable rewrite: log-sum-exp at the argmax s: z_j − z_s − log1p(Σ_{k≠s} e^{z_k − z_s})
    """
    z = np.asarray(z)
    dtype = z.dtype
    i = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, i, axis=axis)
    w = -m + z
    return np.asarray(-np.log1p(_sum_exp_rest(np.exp(w), i, axis)) + w, dtype=dtype)


def softmax_cross_entropy(z, y, axis=-1):
    """Softmax cross-entropy per row, −Σ y ln softmax(z), and its gradient.
    
    Returns: loss, grad.
    Proven formulas: xent.grad-logits, softmax.loss-forms (proved).
    Stable rewrite: log-sum-exp at the argmax s for the loss; the gradient softmax(z)·Σ_j y_j − y written as (e^{w_j}Σy − y_j − y_j R)/(1 + R), R = Σ_{k≠s} e^{w_k}, so that 1/(1+R) − 1 never cancels
    """
    z = np.asarray(z)
    dtype = z.dtype
    i = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, i, axis=axis)
    w = -m + z
    ez = np.exp(w)
    dz = np.sum(y, axis=axis, keepdims=True)*ez - y
    t0 = _sum_exp_rest(ez, i, axis)
    return np.asarray(np.sum((np.log1p(t0) - w)*y, axis=axis), dtype=dtype), np.asarray((-t0*y + dz)/(t0 + 1), dtype=dtype)


def bce_with_logits(z, y):
    """Binary cross-entropy with logits, elementwise, and its gradient.
    
    Returns: loss, grad.
    Proven formulas: bce.gradients (proved).
    Stable rewrite: max(z, 0) − zy + log1p(e^{-|z|}); gradient σ(z) − y as (1 − y) − σ(−z) for z ≥ 0, so a target of 1 never cancels
    """
    z = np.asarray(z)
    dtype = z.dtype
    yc = 1 - y
    lin = -y*z + np.maximum(0, z)
    t0 = np.exp(-abs(z))
    t1 = -t0/(t0 + 1)
    return np.asarray(lin + np.log1p(t0), dtype=dtype), np.asarray(np.where(np.greater_equal(z, 0), t1 + yc, -t1 - y), dtype=dtype)


def kl_divergence(p, q, axis=-1):
    """KL(p‖q) per row and its gradient with respect to q.
    
    Returns: kl, grad_q.
    Proven formulas: info.kl-nonnegative, info.kl-decomposition (proved).
    Stable rewrite: none (p, q > 0)
    """
    p = np.asarray(p)
    dtype = p.dtype
    t0 = p/q
    return np.asarray(np.sum(np.log(t0)*p, axis=axis), dtype=dtype), np.asarray(-t0, dtype=dtype)


def softmax_vjp(a, g, axis=-1):
    """g ↦ Jᵀg for the softmax Jacobian J at a = softmax(z).
    
    Returns: vjp.
    Proven formulas: softmax.jacobian (proved).
    Stable rewrite: a ⊙ (g − ⟨g, a⟩): the Jacobian contracted symbolically, never built
    """
    a = np.asarray(a)
    dtype = a.dtype
    return np.asarray((-np.sum(a*g, axis=axis, keepdims=True) + g)*a, dtype=dtype)



def softmax_cross_entropy_int(z, labels, axis=-1):
    """Softmax cross-entropy with integer class targets: (loss per row, gradient softmax − onehot).

    The one-hot target of `labels` fed to softmax_cross_entropy (claim xent.grad-logits).
    """
    z = np.asarray(z)
    onehot = np.zeros_like(z)
    idx = np.expand_dims(np.asarray(labels), axis)
    np.put_along_axis(onehot, idx, 1, axis=axis)
    return softmax_cross_entropy(z, onehot, axis=axis)


def linear_backward(x, W, G):
    """y = xW: (∂L/∂x, ∂L/∂W) = (G Wᵀ, xᵀ G) for the upstream gradient G (claim linear.backward)."""
    return G @ np.swapaxes(W, -1, -2), np.swapaxes(x, -1, -2) @ G
