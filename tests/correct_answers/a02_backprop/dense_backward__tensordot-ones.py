# correct: dX by np.dot with W.T, dW by np.tensordot over the batch axis, and db as the product of a row of ones with dout
def dense_backward(dout, cache):
    """Backward pass of a dense layer.

    Parameters
    ----------
    dout : ndarray of shape (N, M)
        Gradient of the loss with respect to the layer's output.
    cache : tuple
        The cache returned by dense_forward.

    Returns
    -------
    dX : ndarray of shape (N, D)
    dW : ndarray of shape (D, M)
    db : ndarray of shape (M,)
    """
    X, W = cache
    dX = np.dot(dout, W.T)
    dW = np.tensordot(X, dout, axes=(0, 0))
    db = np.ones(dout.shape[0]) @ dout
    return dX, dW, db
