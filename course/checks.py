"""Assertion helpers for the assignments' test cells.

Each raises ``AssertionError`` with a message that teaches: what was
expected, what came back, the shapes, and a hint at the usual mistake.
"""

import numpy as np

__all__ = ["assert_allclose", "assert_array", "assert_equal", "assert_returns", "assert_shape"]


def assert_returns(value, name, expected_type=None):
    """Fail clearly when a student's function returned None or the wrong type.

    Parameters
    ----------
    value : object
        What the function returned.
    name : str
        The function's name, for the message.
    expected_type : type or tuple of types, optional
    """
    if value is None:
        raise AssertionError(f"{name} returned None: did you forget the `return` statement, "
                             "or leave `raise NotImplementedError()` in place?")
    if expected_type is not None and not isinstance(value, expected_type):
        wanted = getattr(expected_type, "__name__", None) or " or ".join(t.__name__ for t in expected_type)
        raise AssertionError(f"{name} should return a {wanted}, but returned a {type(value).__name__}: {value!r:.80}")


_PLAIN_SCALARS = (bool, int, float, complex, np.bool_, np.integer, np.floating, np.complexfloating)
_LIBRARIES = ("numpy", "tensorflow", "jax", "keras", "torch")


def _is_library_array(value):
    """A tensor of a library (its conversion to NumPy is the library's own code, not the student's)."""
    return type(value).__module__.split(".")[0] in _LIBRARIES[1:] and hasattr(value, "__array__")


def _is_plain(value):
    """Whether ``value`` is data: None, a string, a number, an exact ndarray, or a list/tuple/dict of those."""
    kind = type(value)
    if value is None or kind in (str, bytes) or kind is np.ndarray and value.dtype != object:
        return True
    if isinstance(value, _PLAIN_SCALARS):
        return kind.__module__ in ("builtins", "numpy")
    if kind in (list, tuple):
        return all(_is_plain(item) for item in value)
    if kind is dict:
        return all(_is_plain(k) and _is_plain(v) for k, v in value.items())
    return _is_library_array(value)


def _plain(value, name):
    """``value`` as a NumPy array, when it is plain data: numbers, lists of numbers, or an exact ndarray.

    An ndarray subclass or an object that converts itself (``__array__``, ``__float__``) could look at the
    caller's expected value and return it; the tests accept only data, so a wrong answer cannot pass that way.
    """
    if type(value) is np.ndarray or _is_library_array(value) or (
            isinstance(value, _PLAIN_SCALARS) and type(value).__module__ in ("builtins", "numpy")):
        array = np.asarray(value)
    elif type(value) in (list, tuple):
        array = np.asarray(value)
        if array.dtype == object:
            raise AssertionError(f"{name} should hold numbers, but holds {type(value).__name__} of other objects.")
    else:
        raise AssertionError(f"{name} should be a NumPy array or a number, but is a {type(value).__name__}; "
                             "return a plain numpy.ndarray (np.asarray(...) makes one).")
    if array.dtype.kind not in "biufc":
        raise AssertionError(f"{name} should hold numbers, but its dtype is {array.dtype}.")
    return array


def assert_shape(array, shape, name):
    """Fail when ``array`` does not have ``shape`` (None in ``shape`` matches any size)."""
    got = np.shape(array)
    matches = len(got) == len(shape) and all(s is None or s == g for s, g in zip(shape, got))
    if not matches:
        raise AssertionError(f"{name} has shape {got}, expected {tuple(shape)}. Check which axis you summed or "
                             "broadcast over, and whether you kept the batch dimension.")


def assert_array(value, name, shape=None):
    """Check that ``value`` is a NumPy array (not None, not a list) of the given shape."""
    assert_returns(value, name, np.ndarray)
    if shape is not None:
        assert_shape(value, shape, name)


def assert_allclose(got, expected, name, rtol=1e-6, atol=1e-8, hint=""):
    """Compare arrays element-wise and say where and by how much they differ.

    Parameters
    ----------
    got, expected : array_like
    name : str
        What is compared, e.g. ``"sigmoid(z)"``.
    rtol, atol : float
        Tolerances as in ``numpy.allclose``.
    hint : str, optional
        The usual mistake, appended to the message.
    """
    assert_returns(got, name)
    got_array, expected_array = _plain(got, name).astype(float), np.asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{name} has shape {got_array.shape}, expected {expected_array.shape}. {hint}".strip())
    close = np.isclose(got_array, expected_array, rtol=rtol, atol=atol)
    if not np.all(close):
        where = np.argwhere(~close)[0] if got_array.ndim else ()
        index = tuple(int(i) for i in where)
        message = (f"{name} is wrong at index {index}: expected {expected_array[index].tolist()!r}, got {got_array[index].tolist()!r} "
                   f"({int(np.sum(~close))} of {close.size} values differ).")
        raise AssertionError(f"{message} {hint}".strip())


def assert_equal(got, expected, name, hint=""):
    """Exact comparison for integers, labels and other discrete results."""
    assert_returns(got, name)
    if not _is_plain(got):
        raise AssertionError(f"{name} should be plain data (numbers, strings, arrays, lists of them), but is a "
                             f"{type(got).__name__}.")
    equal = np.array_equal(np.asarray(got, dtype=object) if isinstance(got, (list, tuple)) else np.asarray(got),
                           np.asarray(expected, dtype=object) if isinstance(expected, (list, tuple))
                           else np.asarray(expected))
    if not equal:
        raise AssertionError(f"{name}: expected {expected!r}, got {got!r}. {hint}".strip())
