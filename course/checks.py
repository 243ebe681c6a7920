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
    got_array, expected_array = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
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
    equal = np.array_equal(np.asarray(got), np.asarray(expected))
    if not equal:
        raise AssertionError(f"{name}: expected {expected!r}, got {got!r}. {hint}".strip())
