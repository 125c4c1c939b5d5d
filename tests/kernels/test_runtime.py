"""The hand-written code of the exported modules (derive/kernels/runtime/), imported and
tested as the modules they are, and copied into what the exporters write."""
import numpy as np
import pytest

from derive.kernels import compiled, export
from derive.kernels.runtime import module_body, numpy_header, numpy_wrappers
from lemmas.kernels import KERNELS


def test_exported_modules_start_with_the_runtime_modules():
    numpy_module = export.module_source(KERNELS, {})
    assert numpy_module.startswith('"""Numerically stable NumPy kernels exported by derive')
    assert module_body("numpy_header") in numpy_module
    assert '"""What every kernel of the exported NumPy module calls.' not in numpy_module
    assert module_body("numba_header") in compiled.module_source(KERNELS)


def test_wrappers_are_copied_function_by_function_without_the_stand_in():
    source = export.module_source(KERNELS, {"linear_backward": "proved"})
    for w in export.WRAPPERS.values():
        assert w.source in source
    assert "Stand-in for the generated kernel" not in source
    assert source.count("def softmax_cross_entropy(") == 1


def test_inputs_take_the_first_float_dtype_and_broadcast():
    dtype, shape, (a, b) = numpy_header._inputs(np.float32([[1, 2]]), np.array([[3], [4]]))
    assert dtype == np.float32 and shape == (2, 2)
    assert a.dtype == b.dtype == np.float32 and a.shape == b.shape == (2, 2)
    dtype, shape, (s,) = numpy_header._inputs(3)
    assert dtype == np.float64 and shape == () and s.shape == (1,)


@pytest.mark.parametrize("ours", [False, True])
def test_sum_rest_leaves_out_the_argmax_and_never_writes_an_input(ours):
    x = np.array([[1.0, 5.0, 2.0], [7.0, 1e-20, 3e-20]])
    i = np.expand_dims(np.argmax(x, axis=-1), -1)
    if not ours:
        x.flags.writeable = False
    rest = numpy_header._sum_rest(x, i, -1, ours)
    assert np.array_equal(rest, [[1.0 + 2.0], [1e-20 + 3e-20]])
    assert np.array_equal(x, [[1.0, 5.0, 2.0], [7.0, 1e-20, 3e-20]])


def test_integer_targets_are_their_one_hot_rows():
    z = np.random.default_rng(0).normal(size=(4, 3))
    labels = np.array([0, 2, 1, 2])
    got = numpy_wrappers.softmax_cross_entropy_int(z, labels)
    want = numpy_wrappers.softmax_cross_entropy(z, np.eye(3)[labels])
    assert all(np.array_equal(g, w) for g, w in zip(got, want))
    along_0 = numpy_wrappers.softmax_cross_entropy_int(z.T, labels, axis=0)
    assert np.allclose(along_0[0], got[0]) and np.allclose(along_0[1], got[1].T)


def test_numba_runtime_is_a_module_of_its_own():
    numba_header = pytest.importorskip("derive.kernels.runtime.numba_header",
                                       exc_type=ImportError)
    x = np.array([-800.0, -745.0, -1.0, 0.0, 1e-300, 3.5, 709.0, 800.0])
    with np.errstate(over="ignore"):
        want = np.exp(x)
    assert all(numba_header._exp(v) == pytest.approx(w, rel=3e-16, abs=0)
               for v, w in zip(x, want))
    assert numba_header._row_argmax(np.array([1.0, 9.0, 9.0, 2.0])) == 1
