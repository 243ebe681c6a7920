# correct: caches the centred input, the variance and eps, and backpropagates step by step through the graph (the variance path, then the mean path) instead of the simplified one-line formula
def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Batch normalization in training mode: every column standardised over the batch, then scaled and shifted.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    gamma, beta : ndarray of shape (D,)
    eps : float
        Added to the variance under the square root.

    Returns
    -------
    out : ndarray of shape (N, D)
    cache : tuple
        What batchnorm_backward needs.
    """
    N = X.shape[0]
    mu = np.sum(X, axis=0) / N
    centred = X - mu
    var = np.sum(centred ** 2, axis=0) / N
    inv_std = 1.0 / np.sqrt(var + eps)
    X_hat = centred * inv_std
    out = gamma * X_hat + beta
    return out, (centred, var, eps, inv_std, X_hat, gamma)


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization (training mode).

    Parameters
    ----------
    dout : ndarray of shape (N, D)
    cache : tuple
        The cache returned by batchnorm_forward.

    Returns
    -------
    dX : ndarray of shape (N, D)
    dgamma, dbeta : ndarray of shape (D,)
    """
    centred, var, eps, inv_std, X_hat, gamma = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * X_hat, axis=0)
    dX_hat = dout * gamma
    # X_hat = centred * (var + eps) ** -0.5: the direct path and the path through the variance
    dvar = np.sum(dX_hat * centred, axis=0) * -0.5 * (var + eps) ** -1.5
    dcentred = dX_hat * inv_std + dvar * 2.0 * centred / N
    # centred = X - mu: the path through the mean
    dmu = -np.sum(dcentred, axis=0)
    dX = dcentred + dmu / N
    return dX, dgamma, dbeta
