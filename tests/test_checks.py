"""course.checks: failure messages that teach."""

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
