# correct: sigmoid as exp(min(z, 0)) / (1 + exp(-|z|)) with z as its cache (the backward recomputes it), ReLU by np.where with the mask z > 0 as its cache
def sigmoid_forward(z):
    """Logistic sigmoid, element-wise and without overflow.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    out : ndarray of the shape of z, values in [0, 1]
    cache : object
        What sigmoid_backward needs.
    """
    out = np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))
    return out, z


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid.

    Parameters
    ----------
    dout : ndarray, the shape of z
        Gradient of the loss with respect to the sigmoid's output.
    cache : object
        The cache returned by sigmoid_forward.

    Returns
    -------
    dz : ndarray, the shape of dout
    """
    s, _ = sigmoid_forward(cache)
    return dout * s * (1.0 - s)


def relu_forward(z):
    """Rectified linear unit, max(0, z) element-wise.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    out : ndarray of the shape of z
    cache : object
        What relu_backward needs.
    """
    mask = z > 0
    return np.where(mask, z, 0.0), mask


def relu_backward(dout, cache):
    """Backward pass of ReLU (derivative 1 where z > 0, else 0).

    Parameters
    ----------
    dout : ndarray, the shape of z
    cache : object
        The cache returned by relu_forward.

    Returns
    -------
    dz : ndarray, the shape of dout
    """
    mask = cache
    return np.where(mask, dout, 0.0)
