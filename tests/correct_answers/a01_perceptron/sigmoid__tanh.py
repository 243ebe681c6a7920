# correct: the identity sigmoid(z) = (1 + tanh(z / 2)) / 2, which never overflows, instead of two exp forms
def sigmoid(z):
    """Logistic sigmoid, element-wise and without overflow.

    Parameters
    ----------
    z : ndarray of any shape, or float

    Returns
    -------
    ndarray of the same shape as z, values in [0, 1]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
