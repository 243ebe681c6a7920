"""course.claim: a run's conclusion printed with whether it held."""

import pytest

from course import claim
from course.claims import HELD, NOT_HELD


def test_a_claim_that_held_prints_held_with_its_numbers(capsys):
    assert claim("the CNN beats the dense net", 0.97 > 0.91, cnn=0.97, dense=0.91, epochs=3) is True
    assert capsys.readouterr().out == f"{HELD} the CNN beats the dense net (cnn=0.97, dense=0.91, epochs=3)\n"


def test_a_claim_that_did_not_hold_says_so_and_returns_false(capsys):
    import numpy as np

    assert claim("the loss flattens", np.float64(0.2) < 0.1, last_loss=np.float64(0.2)) is False
    assert capsys.readouterr().out == f"{NOT_HELD} the loss flattens (last_loss=0.2)\n"


def test_a_claim_needs_a_sentence_and_one_truth_value():
    import numpy as np

    with pytest.raises(TypeError, match="sentence"):
        claim("", True)
    with pytest.raises(TypeError, match="one comparison"):
        claim("all close", np.array([True, False]))


@pytest.mark.parametrize("not_a_truth_value", [0.3, 1, 0, None, "yes", [True], (True,)])
def test_a_claim_refuses_a_number_none_or_a_container_as_held(not_a_truth_value):
    """A number is truthy whatever it measures (claim("the loss fell", drop) holds for any drop but 0): refused."""
    with pytest.raises(TypeError, match="one comparison"):
        claim("the loss fell", not_a_truth_value)


def test_a_claim_takes_python_and_numpy_booleans_and_zero_d_boolean_arrays(capsys):
    import numpy as np

    assert claim("numpy comparison", np.float32(2) > 1) is True
    assert claim("numpy reduction", np.all(np.array([1, 2]) > 1)) is False
    assert claim("0-d array", np.array(True)) is True
    assert capsys.readouterr().out.count("\n") == 3
