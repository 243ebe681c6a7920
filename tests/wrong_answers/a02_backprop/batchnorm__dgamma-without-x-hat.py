# mistake: sums dout for dgamma as for dbeta, forgetting that gamma multiplies X_hat
# loses: batchnorm_backward_gradcheck
def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Batch normalization in training mode."""
    std = np.sqrt(X.var(axis=0) + eps)
    X_hat = (X - X.mean(axis=0)) / std
    return gamma * X_hat + beta, (X_hat, gamma, std)


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization."""
    X_hat, gamma, std = cache
    dX_hat = dout * gamma
    dX = (dX_hat - dX_hat.mean(axis=0) - X_hat * (dX_hat * X_hat).mean(axis=0)) / std
    return dX, dout.sum(axis=0), dout.sum(axis=0)
