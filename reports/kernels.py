"""Numerically stable NumPy kernels exported by derive 0.1.0.

Every function computes a formula derive proved (its docstring names the claims and the
stable rewrite, itself proved equal to the textbook formula). Inputs are NumPy arrays,
batched over leading axes; outputs keep the input's dtype (float32 stays float32); losses
are per sample, not averaged; no n×n Jacobian is ever built.
"""
import numpy as np


def _inputs(*arrays):
    """The arrays in the first one's float dtype (float64 for integers), broadcast together
    and at least 1-d, and the shape of the results: every full-size array a kernel makes
    then has one shape and dtype, so it can take a later result in place (out=)."""
    first = np.asarray(arrays[0])
    dtype = first.dtype if first.dtype.kind == "f" else np.dtype(np.float64)
    arrays = [np.asarray(a, dtype=dtype) for a in arrays]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    return dtype, shape, [np.atleast_1d(a if a.shape == shape else np.broadcast_to(a, shape))
                          for a in arrays]


def _sum_rest(x, i, axis, ours):
    """Σ over each row of x without its entry at i (the argmax): exact when the rest is
    tiny beside that entry, so that log1p of it keeps its digits. An array of the kernel's
    own has the entry set to 0 for the sum and put back; an input is never written (a
    masked sum, slower)."""
    if not ours:
        keep = np.ones(x.shape, dtype=bool)
        np.put_along_axis(keep, i, False, axis=axis)
        return np.sum(x, axis=axis, keepdims=True, where=keep)
    kept = np.take_along_axis(x, i, axis=axis)
    np.put_along_axis(x, i, 0, axis=axis)
    rest = np.sum(x, axis=axis, keepdims=True)
    np.put_along_axis(x, i, kept, axis=axis)
    return rest


def sigmoid(z):
    """σ(z) elementwise.
    
    Returns: sigmoid.
    Proven formulas: sigmoid.logistic-forms (proved).
    Stable rewrite: 1/(1+e^{-|z|}) for z ≥ 0 and e^{-|z|}/(1+e^{-|z|}) for z < 0
    """
    dtype, shape, (z,) = _inputs(z)
    t2 = np.absolute(z)
    np.negative(t2, out=t2)
    t0 = np.exp(t2, out=t2)
    t4 = np.add(t0, 1)
    t1 = np.divide(1, t4, out=t4)
    t6 = np.greater_equal(z, 0)
    t7 = np.multiply(t0, t1, out=t0)
    np.copyto(t7, t1, where=t6)
    sigmoid = t7
    return np.asarray(sigmoid, dtype=dtype).reshape(shape)


def sigmoid_grad(z):
    """σ'(z) elementwise.
    
    Returns: sigmoid_grad.
    Proven formulas: sigmoid.derivative (proved).
    Stable rewrite: σ'(z) = e^{-|z|}/(1+e^{-|z|})², exact where σ(1−σ) rounds to 0
    """
    dtype, shape, (z,) = _inputs(z)
    t1 = np.absolute(z)
    np.negative(t1, out=t1)
    t0 = np.exp(t1, out=t1)
    t3 = np.add(t0, 1)
    np.square(t3, out=t3)
    sigmoid_grad = np.divide(t0, t3, out=t0)
    return np.asarray(sigmoid_grad, dtype=dtype).reshape(shape)


def tanh(z):
    """tanh and its derivative.
    
    Returns: tanh, tanh_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: none for tanh (np.tanh); 1 − tanh²(z) = 4e^{-2|z|}/(1+e^{-2|z|})², exact where 1 − tanh² rounds to 0
    """
    dtype, shape, (z,) = _inputs(z)
    t1 = np.absolute(z)
    np.multiply(t1, -2, out=t1)
    t0 = np.exp(t1, out=t1)
    tanh = np.tanh(z)
    t3 = np.multiply(t0, 4)
    t4 = np.add(t0, 1, out=t0)
    np.square(t4, out=t4)
    tanh_grad = np.divide(t3, t4, out=t3)
    return np.asarray(tanh, dtype=dtype).reshape(shape), np.asarray(tanh_grad, dtype=dtype).reshape(shape)


def relu(z):
    """ReLU and its derivative (0 at z = 0).
    
    Returns: relu, relu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: none needed
    """
    dtype, shape, (z,) = _inputs(z)
    relu = np.maximum(0, z)
    relu_grad = np.where(z > 0, 1.0, 0.0)
    return np.asarray(relu, dtype=dtype).reshape(shape), np.asarray(relu_grad, dtype=dtype).reshape(shape)


def leaky_relu(z):
    """Leaky ReLU max(0.1z, z) and its derivative (the kink z = 0 gets 0.1).
    
    Returns: leaky_relu, leaky_relu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: max(0.1z, z) by cases
    """
    dtype, shape, (z,) = _inputs(z)
    t0 = np.greater(z, 0)
    t1 = np.multiply(z, 1/10)
    np.copyto(t1, z, where=t0)
    leaky_relu = t1
    leaky_relu_grad = np.where(t0, 1, 1/10)
    return np.asarray(leaky_relu, dtype=dtype).reshape(shape), np.asarray(leaky_relu_grad, dtype=dtype).reshape(shape)


def elu(z, alpha=1.0):
    """ELU and its derivative.
    
    Returns: elu, elu_grad.
    Proven formulas: activations.derivatives (proved).
    Stable rewrite: α·expm1(min(z, 0)): no overflow for large z, exact near 0
    """
    dtype, shape, (z,) = _inputs(z)
    t0 = np.greater_equal(z, 0)
    t1 = np.minimum(0, z)
    t2 = np.expm1(t1)
    np.multiply(alpha, t2, out=t2)
    np.copyto(t2, z, where=t0)
    elu = t2
    t4 = np.exp(t1, out=t1)
    np.multiply(alpha, t4, out=t4)
    np.copyto(t4, 1, where=t0)
    elu_grad = t4
    return np.asarray(elu, dtype=dtype).reshape(shape), np.asarray(elu_grad, dtype=dtype).reshape(shape)


def softmax(z, axis=-1):
    """Softmax along `axis`.
    
    Returns: softmax.
    Proven formulas: softmax.normalized, softmax.shift-invariance (proved).
    Stable rewrite: max-shift: e^{z_j − m}/Σ_k e^{z_k − m}, m the row maximum
    """
    dtype, shape, (z,) = _inputs(z)
    m = np.max(z, axis=axis, keepdims=True)
    w = np.subtract(z, m)
    t0 = np.exp(w, out=w)
    t2 = np.sum(t0, axis=axis, keepdims=True)
    softmax = np.divide(t0, t2, out=t0)
    return np.asarray(softmax, dtype=dtype)


def log_softmax(z, axis=-1):
    """ln softmax(z) along `axis`.
    
    Returns: log_softmax.
    Proven formulas: softmax.loss-forms, softmax.shift-invariance (proved).
    Stable rewrite: log-sum-exp at the argmax s: z_j − z_s − log1p(Σ_{k≠s} e^{z_k − z_s})
    """
    dtype, shape, (z,) = _inputs(z)
    i = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, i, axis=axis)
    w = np.subtract(z, m)
    t1 = np.exp(w)
    t2 = _sum_rest(t1, i, axis, ours=True)
    t3 = np.log1p(t2)
    log_softmax = np.subtract(w, t3, out=w)
    return np.asarray(log_softmax, dtype=dtype)


def softmax_cross_entropy(z, y, axis=-1):
    """Softmax cross-entropy per row, −Σ y ln softmax(z), and its gradient.
    
    Returns: loss, grad.
    Proven formulas: xent.grad-logits, softmax.loss-forms (proved).
    Stable rewrite: log-sum-exp at the argmax s for the loss; the gradient softmax(z)·Σy − y as e^{w_j}·Σy/(1 + R) − y_j, R = Σ_{k≠s} e^{w_k}, and at s as (Σy − y_s − y_s R)/(1 + R), so that 1/(1+R) − 1 never cancels
    """
    dtype, shape, (z, y) = _inputs(z, y)
    i = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, i, axis=axis)
    w = np.subtract(z, m)
    ez = np.exp(w)
    sy = np.sum(y, axis=axis, keepdims=True)
    t3 = np.take_along_axis(y, i, axis=axis)
    ds = np.subtract(sy, t3)
    t0 = _sum_rest(ez, i, axis, ours=True)
    t5 = np.add(t0, 1)
    t1 = np.divide(1, t5)
    t7 = np.log1p(t0)
    t8 = np.subtract(t7, w, out=w)
    np.multiply(t8, y, out=t8)
    loss = np.sum(t8, axis=axis)
    t10 = np.multiply(t1, sy)
    t11 = np.multiply(t10, ez, out=ez)
    np.subtract(t11, y, out=t11)
    t13 = np.take_along_axis(y, i, axis=axis)
    t14 = np.multiply(t0, t13)
    t15 = np.subtract(ds, t14)
    t16 = np.multiply(t1, t15)
    np.put_along_axis(t11, i, t16, axis=axis)
    grad = t11
    return np.asarray(loss, dtype=dtype), np.asarray(grad, dtype=dtype)


def bce_with_logits(z, y):
    """Binary cross-entropy with logits, elementwise, and its gradient.
    
    Returns: loss, grad.
    Proven formulas: bce.gradients (proved).
    Stable rewrite: max(z, 0) − zy + log1p(e^{-|z|}); gradient σ(z) − y as (1 − y) − σ(−z) for z ≥ 0, so a target of 1 never cancels
    """
    dtype, shape, (z, y) = _inputs(z, y)
    yc = np.subtract(1, y)
    t3 = np.maximum(0, z)
    t4 = np.multiply(y, z)
    lin = np.subtract(t3, t4, out=t3)
    np.absolute(z, out=t4)
    np.negative(t4, out=t4)
    t0 = np.exp(t4, out=t4)
    t8 = np.add(t0, 1)
    t1 = np.divide(t0, t8, out=t8)
    t10 = np.log1p(t0, out=t0)
    loss = np.add(lin, t10, out=lin)
    t12 = np.greater_equal(z, 0)
    t13 = np.subtract(yc, t1, out=yc)
    t14 = np.subtract(t1, y, out=t1)
    np.copyto(t14, t13, where=t12)
    grad = t14
    return np.asarray(loss, dtype=dtype).reshape(shape), np.asarray(grad, dtype=dtype).reshape(shape)


def kl_divergence(p, q, axis=-1):
    """KL(p‖q) per row and its gradient with respect to q.
    
    Returns: kl, grad_q.
    Proven formulas: info.kl-nonnegative, info.kl-decomposition (proved).
    Stable rewrite: none (p, q > 0)
    """
    dtype, shape, (p, q) = _inputs(p, q)
    t0 = np.divide(p, q)
    t2 = np.log(t0)
    np.multiply(p, t2, out=t2)
    kl = np.sum(t2, axis=axis)
    grad_q = np.negative(t0, out=t0)
    return np.asarray(kl, dtype=dtype), np.asarray(grad_q, dtype=dtype)


def softmax_vjp(a, g, axis=-1):
    """g ↦ Jᵀg for the softmax Jacobian J = diag(a) − a aᵀ at a = softmax(z),
    a vector per row: the Jacobian contracted symbolically, never built.
    
    Returns: vjp.
    Proven formulas: matrix.softmax-jacobian, softmax.jacobian (proved);
    printed from the matrix forms (x is a):
      vjp: its vector–Jacobian product: a ⊙ (g − ⟨g, a⟩)
    """
    dtype, shape, (a, g) = _inputs(a, g)
    t0 = np.multiply(a, g)
    t1 = np.sum(t0, axis=axis, keepdims=True)
    np.subtract(g, t1, out=t0)
    vjp = np.multiply(t0, a, out=t0)
    return np.asarray(vjp, dtype=dtype)


def linear_backward(x, W, G):
    """y = xW: (∂L/∂x, ∂L/∂W) = (G Wᵀ, xᵀ G) for the upstream gradient
    G = ∂L/∂y; leading axes are a batch.
    
    Returns: dx, dW.
    Proven formulas: matrix.linear-backward, linear.backward (proved);
    printed from the matrix forms (X is x, V is W):
      dx: batched: ∂L/∂X = G Wᵀ
      dW: batched: ∂L/∂W = Xᵀ G
    """
    return G @ np.swapaxes(W, -1, -2), np.swapaxes(x, -1, -2) @ G



def softmax_cross_entropy_int(z, labels, axis=-1):
    """Softmax cross-entropy with integer class targets: (loss per row, gradient softmax − onehot).

    The one-hot target of `labels` fed to softmax_cross_entropy (claim xent.grad-logits).
    """
    z = np.asarray(z)
    onehot = np.zeros_like(z)
    idx = np.expand_dims(np.asarray(labels), axis)
    np.put_along_axis(onehot, idx, 1, axis=axis)
    return softmax_cross_entropy(z, onehot, axis=axis)
