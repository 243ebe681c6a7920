"""course.gradcheck: centred differences and relative error."""

import numpy as np
import pytest

import course


def test_numerical_gradient_of_a_quadratic_is_exact_to_rounding():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.0])
    grad = course.numerical_gradient(lambda v: 0.5 * v @ A @ v, x)
    np.testing.assert_allclose(grad, A @ x, rtol=1e-8)
    np.testing.assert_array_equal(x, [0.5, -1.0])  # restored after the probe


def test_gradcheck_separates_right_from_wrong_gradients():
    x = np.random.default_rng(0).normal(size=(3, 4))
    f = lambda v: np.sum(np.sin(v))  # noqa: E731
    assert course.gradcheck(f, np.cos(x), x) < 1e-7
    assert course.gradcheck(f, -np.cos(x), x) > 1e-2


def test_gradcheck_explains_shape_and_type_mistakes():
    with pytest.raises(ValueError, match="shape of the variable"):
        course.gradcheck(np.sum, np.ones(3), np.ones((3, 1)))
    with pytest.raises(TypeError, match="float NumPy array"):
        course.numerical_gradient(np.sum, [1.0, 2.0])
    assert course.relative_error(np.zeros(2), np.zeros(2)) == 0.0
