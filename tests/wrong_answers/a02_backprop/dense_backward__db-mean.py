# mistake: averages dout over the batch for db instead of summing it
# loses: dense_backward_values, dense_backward_gradcheck
def dense_backward(dout, cache):
    """Backward pass of a dense layer."""
    X, W = cache
    return dout @ W.T, X.T @ dout, dout.mean(axis=0)
