# mistake: wraps the provided keras_max_pool2d instead of pooling with NumPy
# loses: max_pool2d_matches_keras, max_pool2d_vectorized
def max_pool2d(X, pool_size, stride=None):
    """Max pooling over height and width, as keras.layers.MaxPooling2D computes it (padding "valid")."""
    return keras_max_pool2d(np.asarray(X), pool_size, stride).astype(float)
