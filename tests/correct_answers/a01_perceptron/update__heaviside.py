# correct: predicts with np.heaviside(w.x + b, 1) and a float step, then builds new arrays with np.add
def perceptron_update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron learning rule.

    Parameters
    ----------
    w : ndarray of shape (d,)
    b : float
    x : ndarray of shape (d,)
    y : int, 0 or 1
    learning_rate : float

    Returns
    -------
    new_w : ndarray of shape (d,)
    new_b : float
    """
    step = learning_rate * (y - np.heaviside(np.dot(w, x) + b, 1.0))
    return np.add(w, step * x), float(b + step)
