# mistake: takes the ReLU derivative at z = 0 as 1 (z >= 0) although the statement asks for 0
# loses: activations_backward_gradcheck
def sigmoid_forward(z):
    """Logistic sigmoid, element-wise and without overflow."""
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid."""
    return dout * cache * (1.0 - cache)


def relu_forward(z):
    """Rectified linear unit."""
    return np.maximum(z, 0.0), z


def relu_backward(dout, cache):
    """Backward pass of ReLU."""
    return dout * (cache >= 0)
