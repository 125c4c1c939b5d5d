"""The compiled backend's helpers: what the numba loops of an exported module call.

The exporter copies this file, below this docstring, to the top of a `derive export
--backend numba` module (under that module's own docstring); the loops and their
NumPy-facing wrappers follow it. `_exp` and `_log1p` are call-free, so that the loops
over them vectorise; `_acc` is the one addition that may be reassociated.
"""
import math

import numba
import numpy as np
from llvmlite import binding as llvm, ir
from numba import types
from numba.extending import intrinsic

if numba.config.CPU_FEATURES is None and "+avx512f" in llvm.get_host_cpu_features().flatten():
    # LLVM tunes AVX-512 CPUs to prefer 256-bit vectors, which halves the throughput of
    # _exp below; ask for 512. Applies to numba code compiled after this import, never
    # when NUMBA_CPU_FEATURES is set (the user's choice wins).
    numba.config.CPU_FEATURES = llvm.get_host_cpu_features().flatten() + ",-prefer-256-bit"


def _inputs(*arrays):
    """(the result dtype, the arrays broadcast together): the NumPy module's rule (the
    first one's float dtype, float64 for integers), computed in native float32 or float64
    (numba has no float16, nor big-endian arrays)."""
    first = np.asarray(arrays[0])
    dtype = first.dtype if first.dtype.kind == "f" else np.dtype(np.float64)
    work = np.dtype(np.float32 if dtype.itemsize <= 4 else np.float64)
    arrays = [np.asarray(a, dtype=work) for a in arrays]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    return dtype, [a if a.shape == shape else np.broadcast_to(a, shape) for a in arrays]


@intrinsic
def _float_bits(typingctx, bits):
    """The float64 whose bit pattern is the int64 `bits`."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


@intrinsic
def _bits(typingctx, x):
    """The int64 bit pattern of the float64 x."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _acc(typingctx, total, term):
    """total + term, the one addition that may be reassociated: sums over a row vectorise,
    and nothing else in a loop can be reordered (the stable forms rely on their order)."""
    def codegen(context, builder, signature, args):
        result = builder.fadd(args[0], args[1])
        result.flags.append("reassoc")
        return result
    return types.float64(types.float64, types.float64), codegen


_LOG2E, _LN2_HI, _LN2_LO = 1.4426950408889634, 0.6931471803691238, 1.9082149292705877e-10
_C = [1.0 / math.factorial(i) for i in range(14)]
_C3, _C4, _C5, _C6, _C7, _C8, _C9, _C10, _C11, _C12, _C13 = _C[3:]


@numba.njit(inline="always", fastmath={"contract"})
def _exp(x):
    """e^x with no call, so that loops over it vectorise (math.exp is a libm call):
    e^x = 2^k · e^r with |r| <= ln 2 / 2 (ln 2 split in two for an exact r), e^r by its
    Taylor polynomial of degree 13 (truncation < 2e-17 relative), 2^k as the product of
    two powers of two built from their bits, so that subnormal results are right too.
    Matches np.exp to 1 ulp; inf, -inf and nan as np.exp."""
    y = min(max(x, -745.2), 709.79)
    k = math.floor(y * _LOG2E + 0.5)
    r = (y - k * _LN2_HI) - k * _LN2_LO
    p = 1.0 + r * (1.0 + r * (0.5 + r * (_C3 + r * (_C4 + r * (_C5 + r * (_C6 + r * (
        _C7 + r * (_C8 + r * (_C9 + r * (_C10 + r * (_C11 + r * (_C12 + r * _C13))))))))))))
    half = np.int64(k) >> 1
    e = p * _float_bits((half + 1023) << 52) * _float_bits((np.int64(k) - half + 1023) << 52)
    if x > 709.79:
        e = math.inf
    if x != x:
        e = x
    return e


_LOG_T = [2.0 / (2 * i + 1) for i in range(1, 11)]
_T1, _T2, _T3, _T4, _T5, _T6, _T7, _T8, _T9, _T10 = _LOG_T
_SQRT2 = 1.4142135623730951


@numba.njit(inline="always", fastmath={"contract"}, error_model="numpy")
def _log1p(x):
    """ln(1 + x) with no call, so that loops over it vectorise (math.log1p is a libm call).
    u = 1 + x rounded, c = (x − (u − 1))/u what that rounding lost; u = 2^k (1 + f) with
    1 + f in [√2/2, √2) (f exact; k read from the exponent bits as a float, no int
    conversion), ln(1 + f) = f − s(f − T) with s = f/(2 + f), T = Σ 2s^{2i}/(2i + 1), ten
    terms (|s| < 0.172: truncation < 1e-17 relative); ln 2 in two parts. Matches
    np.log1p to 1 ulp; ±0, −1, below −1, inf and nan as np.log1p. Inlined, it takes the
    error model of its caller: the kernels' loops use numpy's (a division by zero is inf
    or nan, as in NumPy; Python's raises, and a loop that may raise does not vectorise)."""
    u = 1.0 + x
    c = (x - (u - 1.0)) / u
    bits = _bits(u)
    k = _float_bits(0x4330000000000000 | ((bits >> 52) & 0x7FF)) - 4503599627371519.0
    m = _float_bits((bits & 0xFFFFFFFFFFFFF) | 0x3FF0000000000000)    # in [1, 2)
    big = m > _SQRT2
    m = m * 0.5 if big else m
    k = k + 1.0 if big else k
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    t = z * (_T1 + z * (_T2 + z * (_T3 + z * (_T4 + z * (_T5 + z * (_T6 + z * (
        _T7 + z * (_T8 + z * (_T9 + z * _T10)))))))))
    r = k * _LN2_HI + ((f - s * (f - t)) + (k * _LN2_LO + c))
    if u == 0.0:
        r = -math.inf
    if u < 0.0 or x != x:
        r = math.nan
    if x == math.inf or x == 0.0:
        r = x
    return r


@numba.njit(fastmath={"nnan", "ninf", "nsz"})
def _row_max(x):
    """max of a row in eight independent lanes, which LLVM turns into vector max (a single
    running max is one dependent compare per element, 4x slower). nnan: a row with a nan
    gives nan outputs whatever shift it gets, since the nan itself goes through exp."""
    n = x.shape[0]
    m0 = m1 = m2 = m3 = m4 = m5 = m6 = m7 = -math.inf
    k = 0
    while k + 8 <= n:
        a0, a1, a2, a3 = x[k], x[k + 1], x[k + 2], x[k + 3]
        a4, a5, a6, a7 = x[k + 4], x[k + 5], x[k + 6], x[k + 7]
        m0 = a0 if a0 > m0 else m0
        m1 = a1 if a1 > m1 else m1
        m2 = a2 if a2 > m2 else m2
        m3 = a3 if a3 > m3 else m3
        m4 = a4 if a4 > m4 else m4
        m5 = a5 if a5 > m5 else m5
        m6 = a6 if a6 > m6 else m6
        m7 = a7 if a7 > m7 else m7
        k += 8
    m = max(max(max(m0, m1), max(m2, m3)), max(max(m4, m5), max(m6, m7)))
    for c in range(k, n):
        m = max(m, x[c])
    return m


@numba.njit
def _row_argmax(x):
    """The first position of the row maximum (0 when there is none: a nan row)."""
    m = _row_max(x)
    for c in range(x.shape[0]):
        if x[c] == m:
            return c
    return 0
