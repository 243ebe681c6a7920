# mistake: compares the window's height with the input's width (X.shape[2]) when checking that it fits, so a tall window on a wide input raises
# loses: max_pool2d_matches_keras
def max_pool2d(X, pool_size, stride=None):
    """Max pooling over height and width, as keras.layers.MaxPooling2D computes it (padding "valid")."""
    X = np.asarray(X)
    p_h, p_w = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    s_h, s_w = (p_h, p_w) if stride is None else (stride, stride) if np.isscalar(stride) else stride
    if p_h > X.shape[2] or p_w > X.shape[1]:
        raise ValueError(f"A {p_h}x{p_w} window does not fit in {X.shape[1:3]}.")
    windows = np.lib.stride_tricks.sliding_window_view(X, (p_h, p_w), axis=(1, 2))[:, ::s_h, ::s_w]
    return windows.max(axis=(4, 5))
