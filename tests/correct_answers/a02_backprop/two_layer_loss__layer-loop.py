# correct: runs the three layers in a loop that keeps (names, cache) pairs, then walks them in reverse, unpacking dense_backward's gradients straight into the grads dict
def two_layer_loss(params, X, y):
    """Loss and gradients of the network dense - ReLU - dense - softmax cross-entropy.

    Parameters
    ----------
    params : dict of ndarray
        "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    X : ndarray of shape (N, D)
    y : ndarray of shape (N,), integers in 0 .. C - 1

    Returns
    -------
    loss : float
        Mean cross-entropy over the batch.
    grads : dict of ndarray
        Same keys and shapes as params: the gradients of the loss.
    """
    out, caches = X, []
    for names in [("W1", "b1"), None, ("W2", "b2")]:  # None stands for the ReLU between the dense layers
        if names is None:
            out, cache = relu_forward(out)
        else:
            out, cache = dense_forward(out, params[names[0]], params[names[1]])
        caches.append((names, cache))
    loss, dout = softmax_cross_entropy(out, y)
    grads = {}
    for names, cache in reversed(caches):
        if names is None:
            dout = relu_backward(dout, cache)
        else:
            dout, grads[names[0]], grads[names[1]] = dense_backward(dout, cache)
    return loss, grads
