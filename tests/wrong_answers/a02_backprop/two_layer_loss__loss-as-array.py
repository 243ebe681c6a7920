# mistake: returns the loss wrapped in a one-element array (np.array([loss]), as for a batch of losses) instead of a
#   float
# loses: two_layer_values
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
    z1, dense1_cache = dense_forward(X, params["W1"], params["b1"])
    h, relu_cache = relu_forward(z1)
    scores, dense2_cache = dense_forward(h, params["W2"], params["b2"])
    loss, dscores = softmax_cross_entropy(scores, y)
    dh, dW2, db2 = dense_backward(dscores, dense2_cache)
    dz1 = relu_backward(dh, relu_cache)
    _, dW1, db1 = dense_backward(dz1, dense1_cache)
    return np.array([loss]), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
