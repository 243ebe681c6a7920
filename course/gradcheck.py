"""Numerical gradients, as CS231n checks its analytic ones.

The centred difference ``(f(x + h) - f(x - h)) / (2 h)`` has an error of
order ``h**2``; the relative error ``|a - n| / max(|a|, |n|)`` is scale free:
below 1e-7 in float64 the analytic gradient is almost surely right, above
1e-2 it is almost surely wrong.
"""

import numpy as np

__all__ = ["gradcheck", "numerical_gradient", "relative_error"]


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a scalar. ``x`` is changed in place and restored.
    x : ndarray of any shape, float
        The point at which to differentiate.
    h : float, default 1e-5
        Step size.

    Returns
    -------
    ndarray, same shape as ``x``
        The numerical gradient df/dx.
    """
    x = _as_float_array(x, "x")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = float(f(x))
        x[index] = original - h
        f_minus = float(f(x))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b, eps=1e-12):
    """Largest element-wise relative error ``|a - b| / max(|a|, |b|, eps)``.

    Parameters
    ----------
    a, b : array_like, same shape

    Returns
    -------
    float
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"Cannot compare gradients of shapes {a.shape} and {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), eps)))


def gradcheck(f, analytic_grad, x, h=1e-5):
    """Compare an analytic gradient with the numerical one at ``x``.

    Parameters
    ----------
    f : callable
        Scalar function of ``x``.
    analytic_grad : ndarray, same shape as ``x``
        The gradient you computed.
    x : ndarray
        The point.

    Returns
    -------
    float
        The relative error (see :func:`relative_error`).
    """
    x = _as_float_array(x, "x")
    analytic_grad = np.asarray(analytic_grad, dtype=float)
    if analytic_grad.shape != x.shape:
        raise ValueError(f"The analytic gradient has shape {analytic_grad.shape} but x has shape {x.shape}; "
                         "a gradient has the shape of the variable it is taken with respect to.")
    return relative_error(analytic_grad, numerical_gradient(f, x, h))


def _as_float_array(x, name):
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"{name} must be a float NumPy array (it is changed in place), got {type(x).__name__}"
                        f"{'' if not isinstance(x, np.ndarray) else ' of dtype ' + str(x.dtype)}.")
    return x
