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
