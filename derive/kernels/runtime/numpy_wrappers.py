"""The hand-written functions of the exported NumPy module: thin wrappers over a generated
kernel.

The exporter copies each function below the generated kernels (export.WRAPPERS names the
claim each rests on and the kernel it calls). There `softmax_cross_entropy` is the
generated kernel; here it is a plain textbook stand-in, never exported, so that the
wrappers can be imported and tested on their own.
"""
import numpy as np


def softmax_cross_entropy(z, y, axis=-1):
    """Stand-in for the generated kernel: −Σ y ln softmax(z) and softmax(z)·Σy − y."""
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    w = z - np.max(z, axis=axis, keepdims=True)
    log_a = w - np.log(np.sum(np.exp(w), axis=axis, keepdims=True))
    return (-np.sum(y * log_a, axis=axis),
            np.exp(log_a) * np.sum(y, axis=axis, keepdims=True) - y)


def softmax_cross_entropy_int(z, labels, axis=-1):
    """Softmax cross-entropy with integer class targets: (loss per row, gradient softmax − onehot).

    The one-hot target of `labels` fed to softmax_cross_entropy (claim xent.grad-logits).
    """
    z = np.asarray(z)
    onehot = np.zeros_like(z)
    idx = np.expand_dims(np.asarray(labels), axis)
    np.put_along_axis(onehot, idx, 1, axis=axis)
    return softmax_cross_entropy(z, onehot, axis=axis)

