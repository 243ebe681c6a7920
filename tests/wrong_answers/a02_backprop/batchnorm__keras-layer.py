# mistake: runs Keras' BatchNormalization layer in training mode instead of writing the forward pass in NumPy
# loses: batchnorm_forward_values
import keras


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Batch normalization in training mode."""
    layer = keras.layers.BatchNormalization(epsilon=eps, dtype="float64")
    layer.build(X.shape)
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    out = keras.ops.convert_to_numpy(layer(X, training=True))
    std = np.sqrt(X.var(axis=0) + eps)
    return out, ((X - X.mean(axis=0)) / std, gamma, std)


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization."""
    X_hat, gamma, std = cache
    dX_hat = dout * gamma
    dX = (dX_hat - dX_hat.mean(axis=0) - X_hat * (dX_hat * X_hat).mean(axis=0)) / std
    return dX, (dout * X_hat).sum(axis=0), dout.sum(axis=0)
