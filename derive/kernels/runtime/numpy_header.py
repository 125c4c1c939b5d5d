"""What every kernel of the exported NumPy module calls.

The exporter copies this file, below this docstring, to the top of the module (under the
module's own docstring); the generated kernels follow it. It imports NumPy only.
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
