"""course.checks: failure messages that teach."""

import sys

import numpy as np
import pytest

from course import checks


def test_none_return_names_the_missing_return_statement():
    with pytest.raises(AssertionError, match="returned None: did you forget the `return`"):
        checks.assert_returns(None, "sigmoid")


def test_wrong_type_says_what_was_expected():
    with pytest.raises(AssertionError, match="should return a tuple, but returned a list"):
        checks.assert_returns([1, 2], "perceptron_update", tuple)


def test_allclose_reports_index_expected_and_got():
    with pytest.raises(AssertionError, match=r"wrong at index \(1,\): expected 2.0, got 5.0 \(1 of 3 values differ\)"):
        checks.assert_allclose(np.array([1.0, 5.0, 3.0]), [1.0, 2.0, 3.0], "f(x)")
    checks.assert_allclose(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9], "f(x)")


def test_shape_mismatch_reports_both_shapes():
    with pytest.raises(AssertionError, match=r"has shape \(3, 1\), expected \(3,\)"):
        checks.assert_array(np.zeros((3, 1)), "predict(X)", shape=(3,))


def test_assert_equal_passes_on_equal_and_fails_with_hint():
    checks.assert_equal(np.array([1, 0]), [1, 0], "labels")
    with pytest.raises(AssertionError, match="expected \\[1, 0\\].*Use >="):
        checks.assert_equal(np.array([0, 0]), [1, 0], "labels", hint="Use >=.")


# ----------------------------------------------------------------------------------------------- from_scratch
def stable_sigmoid(z):
    """Pure NumPy, with NumPy ufuncs imported by name: what a NumPy-only part asks for."""
    from numpy import abs as absolute, exp
    e = exp(-absolute(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def test_from_scratch_returns_what_a_pure_numpy_function_returns():
    z = np.array([-800.0, 0.0, 3.0])
    np.testing.assert_array_equal(checks.from_scratch(stable_sigmoid)(z), stable_sigmoid(z))
    assert checks.from_scratch(np.linalg.norm)(np.array([3.0, 4.0])) == 5.0


@pytest.mark.parametrize("library", ["keras", "tensorflow", "sklearn", "scipy"])
def test_from_scratch_fails_a_direct_library_call(library):
    calls = {"keras": lambda z: np.asarray(__import__("keras").ops.sigmoid(z)),
             "tensorflow": lambda z: __import__("tensorflow").math.sigmoid(z).numpy(),
             "sklearn": lambda z: __import__("sklearn.preprocessing").preprocessing.minmax_scale(z),
             "scipy": lambda z: __import__("scipy.special").special.softmax(z)}
    with pytest.raises(AssertionError, match=rf"<lambda> called {library}\..*NumPy only"):
        checks.from_scratch(calls[library])(np.array([0.5, 1.0]))


def test_from_scratch_fails_a_library_imported_under_another_name():
    from keras import ops as maths

    def sigmoid(z):
        return np.asarray(maths.sigmoid(z))

    with pytest.raises(AssertionError, match="sigmoid called keras"):
        checks.from_scratch(sigmoid)(np.zeros(3))


@pytest.mark.parametrize("where", ["module", "global alias", "closure", "default"])
@pytest.mark.parametrize("ufunc", ["expit", "log_expit"])
def test_from_scratch_fails_scipy_ufuncs_however_reached(ufunc, where):
    import scipy.special
    hidden = getattr(scipy.special, ufunc)
    namespace = {"scipy": scipy, "alias": hidden}
    source = {"module": f"def f(z):\n    return scipy.special.{ufunc}(z)",
              "global alias": "def f(z):\n    return alias(z)",
              "closure": "def make(g):\n    def f(z):\n        return g(z)\n    return f\nf = make(alias)",
              "default": "def f(z, g=alias):\n    return g(z)"}[where]
    exec(source, namespace)
    with pytest.raises(AssertionError, match=rf"f called scipy\.special\.{ufunc}"):
        checks.from_scratch(namespace["f"])(np.zeros(3))
    assert getattr(scipy.special, ufunc) is hidden, "the ufunc is put back after the call"
    np.testing.assert_array_equal(namespace["f"](np.zeros(1)), hidden(np.zeros(1)))


def test_from_scratch_fails_logsumexp_and_softmax_from_scipy():
    from scipy.special import logsumexp, softmax
    with pytest.raises(AssertionError, match="logsumexp"):
        checks.from_scratch(lambda s: s - logsumexp(s))(np.zeros(4))
    with pytest.raises(AssertionError, match="softmax"):
        checks.from_scratch(lambda s: np.log(softmax(s)))(np.zeros(4))


def test_from_scratch_fails_a_call_through_a_reference_helper():
    import keras

    def keras_sigmoid(z):
        """An instructor's reference helper (it calls Keras)."""
        return np.asarray(keras.ops.sigmoid(z))

    def numpy_reference(z):
        """A reference helper that is NumPy itself: still not the student's own work."""
        return stable_sigmoid(z)

    def wrapper(z):
        return keras_sigmoid(z)

    with pytest.raises(AssertionError, match="wrapper called the reference helper keras_sigmoid"):
        checks.from_scratch(wrapper, references=[keras_sigmoid, numpy_reference])(np.zeros(2))
    with pytest.raises(AssertionError, match="called the reference helper numpy_reference"):
        checks.from_scratch(lambda z: numpy_reference(z), references=[keras_sigmoid, numpy_reference])(np.zeros(2))


def test_from_scratch_fails_an_answer_that_switches_the_profiler_off():
    import sys

    import keras

    def sneaky(z):
        sys.setprofile(None)
        return np.asarray(keras.ops.sigmoid(z))

    with pytest.raises(AssertionError, match="sys.setprofile"):
        checks.from_scratch(sneaky)(np.zeros(2))
    assert sys.getprofile() is None


def test_from_scratch_fails_an_input_changed_in_place_and_names_it():
    def relu(z, out=None):
        z[z < 0] = 0
        return z

    with pytest.raises(AssertionError, match="changed its input z in place"):
        checks.from_scratch(relu)(np.array([-1.0, 2.0]))
    checks.from_scratch(relu)(np.array([1.0, np.nan]))  # unchanged, NaN included
    # a part that charges the slip in a cell of its own: its other cells let it pass
    np.testing.assert_array_equal(checks.from_scratch(relu, inputs_unchanged=False)(np.array([-1.0, 2.0])), [0, 2])


def test_from_scratch_fails_a_library_that_raises_the_expected_error_itself():
    def pca_by_sklearn(X, k):
        from sklearn.decomposition import PCA
        return PCA(n_components=k).fit(X).components_

    with pytest.raises(AssertionError, match=r"pca_by_sklearn called sklearn\..*NumPy only"):
        checks.from_scratch(pca_by_sklearn)(np.ones((4, 3)), 7)  # scikit-learn raises the ValueError, not the answer

    def own_check(z):
        raise ValueError("z must be 2-D")

    with pytest.raises(ValueError, match="2-D"):
        checks.from_scratch(own_check)(np.ones(3))


def test_from_scratch_takes_module_prefixes_or_a_predicate():
    import scipy.special
    allowed = checks.from_scratch(lambda z: scipy.special.softmax(z), forbidden=("sklearn", "scipy.cluster"))
    np.testing.assert_allclose(allowed(np.zeros(2)), [0.5, 0.5])
    by_name = checks.from_scratch(lambda z: scipy.special.softmax(z), forbidden=lambda module, name: name == "softmax",
                                  advice="no softmax here")
    with pytest.raises(AssertionError, match="softmax: no softmax here"):
        by_name(np.zeros(2))
    by_pattern = checks.from_scratch(lambda z: scipy.special.softmax(z), forbidden=("*.SOFT*",), advice="as data")
    with pytest.raises(AssertionError, match="softmax: as data"):
        by_pattern(np.zeros(2))


def test_value_and_gradients_differentiates_tensorflow_code_and_says_none_for_numpy():
    import tensorflow as tf

    value, (dx, dy) = checks.value_and_gradients(lambda x, y, scale: scale * tf.reduce_sum(x ** 2) + tf.reduce_sum(y),
                                                 [1.0, -2.0], [[5.0]], scale=3.0)
    np.testing.assert_allclose(float(value), 20.0)
    np.testing.assert_allclose(np.asarray(dx), [6.0, -12.0])
    np.testing.assert_allclose(np.asarray(dy), [[1.0]])
    value, gradients = checks.value_and_gradients(lambda x: float(np.sum(np.asarray(x) ** 2)), [1.0, -2.0])
    assert value == 5.0 and gradients == (None,)


# ------------------------------------------------------------------------------------------ count_notebook_lines
NOTEBOOK_CODE = '''
def loop_sum(X, axis=0):
    total = np.zeros(X.shape[1 - axis])
    for row in (X if axis == 0 else X.T):
        total = total + row
    return total

def vectorized_sum(X, axis=0):
    return X.sum(axis=axis)

def keras_sum(X, axis=0):
    return np.asarray(keras.ops.sum(X, axis=axis))

def loop_without_tracing(X, axis=0):
    import sys
    sys.settrace(None)
    return loop_sum(X, axis)

def loop_without_frame_trace(X, axis=0):
    import sys
    sys._getframe().f_trace = None
    total = np.zeros(X.shape[1])
    for row in X:
        total = total + row
    return total

def raises(X, axis=0):
    raise ValueError("bad X")
'''


def notebook_functions():
    """The functions of NOTEBOOK_CODE, defined as a notebook defines them: in the module ``__main__``."""
    import keras
    namespace = {"__name__": "__main__", "np": np, "keras": keras}
    exec(NOTEBOOK_CODE, namespace)
    return namespace


def test_count_notebook_lines_counts_a_loop_per_item_and_a_vectorized_version_once():
    notebook, X = notebook_functions(), np.arange(150.0).reshape(50, 3)
    loop_lines, _, loop_result = checks.count_notebook_lines(notebook["loop_sum"], X)
    lines, _, result = checks.count_notebook_lines(notebook["vectorized_sum"], X)
    assert (loop_lines, lines) == (2 + 2 * 50 + 1, 1)
    np.testing.assert_array_equal(loop_result, result)
    np.testing.assert_array_equal(checks.count_notebook_lines(notebook["vectorized_sum"], X, axis=1)[2], X.sum(axis=1))


def test_count_notebook_lines_leaves_out_code_outside_the_notebook():
    """NumPy's and the course's own functions (here the from_scratch wrapper) are not the notebook's lines."""
    notebook, X = notebook_functions(), np.ones((40, 2))
    assert checks.count_notebook_lines(checks.from_scratch(notebook["vectorized_sum"]), X)[0] == 1
    assert checks.count_notebook_lines(lambda X: X.sum(), X)[0] == 0  # a lambda of this test module


def test_count_notebook_lines_stops_a_long_loop_at_the_limit_and_puts_the_tracer_back():
    notebook, previous = notebook_functions(), sys.gettrace()  # (a coverage tool's tracer, if one runs)
    lines, called_keras, result = checks.count_notebook_lines(notebook["loop_sum"], np.ones((10**6, 2)), limit=100)
    assert (lines, called_keras, result) == (101, False, None)
    assert sys.gettrace() is previous


def test_count_notebook_lines_says_whether_keras_ran():
    notebook, X = notebook_functions(), np.ones((4, 3))
    assert checks.count_notebook_lines(notebook["vectorized_sum"], X)[1] is False
    assert checks.count_notebook_lines(notebook["loop_sum"], X)[1] is False
    lines, called_keras, result = checks.count_notebook_lines(notebook["keras_sum"], X)
    assert (lines, called_keras) == (1, True)
    np.testing.assert_allclose(result, [4.0, 4.0, 4.0])


def test_count_notebook_lines_fails_an_answer_that_switches_the_count_off():
    notebook, X = notebook_functions(), np.ones((50, 3))
    for name in ["loop_without_tracing", "loop_without_frame_trace"]:
        with pytest.raises(AssertionError, match="switched off the line count"):
            checks.count_notebook_lines(notebook[name], X)
    with pytest.raises(ValueError, match="bad X"):  # the function's own error goes through unchanged
        checks.count_notebook_lines(notebook["raises"], X)
