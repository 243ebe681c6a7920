# mistake: computes dW as dout.T @ X, the transpose of the gradient (shape (M, D) instead of (D, M))
# loses: dense_backward_values, dense_backward_gradcheck
def dense_backward(dout, cache):
    """Backward pass of a dense layer."""
    X, W = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)
