# correct: works with X @ w + b and |v| = sqrt(|w|^2 + b^2) without building the augmented matrix, signs from np.where, and checks every point with np.any
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,), labels 0 or 1
    w : ndarray of shape (d,)
    b : float

    Returns
    -------
    margin : float
        gamma, the smallest signed distance of the points (x, 1) to the hyperplane (w, b) . (x, 1) = 0.
    radius : float
        R, the largest norm of the points (x, 1).
    bound : float
        (R / gamma) ** 2.

    Raises
    ------
    ValueError
        If (w, b) does not separate (X, y) with a positive margin.
    """
    signs = np.where(y == 1, 1.0, -1.0)
    distances = signs * (X @ w + b)
    if np.any(distances <= 0):
        raise ValueError("(w, b) does not separate the data with a positive margin.")
    norm_v = np.sqrt(np.dot(w, w) + b ** 2)
    margin = distances.min() / norm_v
    radius = np.sqrt(np.max(np.sum(X ** 2, axis=1)) + 1.0)
    bound = (radius / margin) ** 2
    return float(margin), float(radius), float(bound)
