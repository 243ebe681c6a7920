"""Checked claims: a conclusion drawn from a run, tested on that run's numbers.

A lecture that says "dropout closes the gap" or "the attack succeeds" states
it through :func:`claim`, which prints on every run the claim, whether it held
and the numbers it rests on, so the prose around it can read true either way
("in this run, ..."). The test run counts the claims of each lecture; in full
mode (``make test-full``, fixed seeds) a claim that did not hold fails the test.
"""

import numbers

import numpy as np

__all__ = ["HELD", "NOT_HELD", "claim"]

#: The prefixes of the printed line, which the tests look for.
HELD, NOT_HELD = "Claim held:", "Claim did not hold in this run:"


def _format(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{value:d}"
    if isinstance(value, numbers.Real):
        return f"{value:.4g}"
    return str(value)


def claim(statement, held, **evidence):
    """Print whether ``statement`` held in this run, with the numbers it rests on; return ``held``.

    Parameters
    ----------
    statement : str
        The conclusion in plain words, e.g. ``"the CNN beats the dense network on the test set"``.
    held : bool or numpy.bool_
        Whether it held: one comparison of this run's numbers that is false in a run where the statement is false
        (e.g. ``cnn_accuracy > dense_accuracy``; ``val[-1] > 1.1 * min(val)`` where noise alone could pass
        ``val[-1] > min(val)``). A number, ``None`` or an array is refused: its truth value is no check.
    **evidence
        The numbers it rests on, printed as ``name=value``.

    Returns
    -------
    bool

    Examples
    --------
    >>> claim("3 is larger than 2", 3 > 2, left=3, right=2)
    Claim held: 3 is larger than 2 (left=3, right=2)
    True
    """
    if not isinstance(statement, str) or not statement.strip():
        raise TypeError(f"statement must be a sentence (a non-empty str), got {statement!r}.")
    if isinstance(held, np.ndarray) and held.shape == () and held.dtype == bool:
        held = held.item()  # a 0-d boolean array, as some NumPy reductions return
    if not isinstance(held, (bool, np.bool_)):
        raise TypeError(f"held must be True or False (one comparison of this run's numbers, such as a > b), got "
                        f"{type(held).__name__} {held!r}: the truth value of a number, None or an array is no check.")
    held = bool(held)
    numbers_text = ", ".join(f"{name}={_format(value)}" for name, value in evidence.items())
    print(f"{HELD if held else NOT_HELD} {statement}" + (f" ({numbers_text})" if numbers_text else ""))
    return held
