# mistake: the sigmoid's backward pass returns the local derivative s (1 - s) without multiplying by dout
# loses: activations_backward_gradcheck
def sigmoid_forward(z):
    """Logistic sigmoid, element-wise and without overflow."""
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid, without the chain rule."""
    return cache * (1.0 - cache)


def relu_forward(z):
    """Rectified linear unit."""
    return np.maximum(z, 0.0), z


def relu_backward(dout, cache):
    """Backward pass of ReLU."""
    return dout * (cache > 0)
