# mistake: pools windows of the stride's size instead of pool_size (the two coincide only by default)
# loses: max_pool2d_matches_keras, max_pool2d_vectorized
def max_pool2d(X, pool_size, stride=None):
    """Max pooling over height and width, as keras.layers.MaxPooling2D computes it (padding "valid")."""
    X = np.asarray(X)
    s_h, s_w = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    if stride is not None:
        s_h, s_w = (stride, stride) if np.isscalar(stride) else stride
    windows = np.lib.stride_tricks.sliding_window_view(X, (s_h, s_w), axis=(1, 2))[:, ::s_h, ::s_w]
    return windows.max(axis=(4, 5))
