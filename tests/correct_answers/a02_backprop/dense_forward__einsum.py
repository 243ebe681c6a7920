# correct: computes X W with np.einsum and returns the cache directly
def dense_forward(X, W, b):
    """Forward pass of a dense layer, out = X W + b.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        A batch of N inputs with D features.
    W : ndarray of shape (D, M)
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, M)
    cache : tuple
        What dense_backward needs, e.g. (X, W).
    """
    if np.ndim(X) != 2 or np.ndim(W) != 2 or np.shape(X)[1] != np.shape(W)[0] or np.shape(b) != np.shape(W)[1:]:
        raise ValueError(f"dense_forward needs X of shape (N, D), W of shape (D, M) and b of shape (M,); got "
                         f"{np.shape(X)}, {np.shape(W)} and {np.shape(b)}.")
    return np.einsum("nd,dm->nm", X, W) + b, (X, W)
