# correct: loops over the p_h x p_w offsets inside a window and keeps a running np.maximum of strided slices, starting from the first offset's slice rather than from 0
def max_pool2d(X, pool_size, stride=None):
    """Max pooling over height and width, as keras.layers.MaxPooling2D computes it (padding "valid").

    Parameters
    ----------
    X : ndarray of shape (N, H, W, C)
    pool_size : int or (int, int)
        Window height and width.
    stride : int, (int, int) or None
        Step between windows; None means pool_size.

    Returns
    -------
    ndarray of shape (N, H_out, W_out, C)
    """
    X = np.asarray(X)
    if np.ndim(pool_size) == 0:
        pool_size = (pool_size, pool_size)
    if stride is None:
        stride = pool_size
    elif np.ndim(stride) == 0:
        stride = (stride, stride)
    (p_h, p_w), (s_h, s_w) = pool_size, stride
    H, W = X.shape[1], X.shape[2]
    if s_h < 1 or s_w < 1 or p_h > H or p_w > W:
        raise ValueError(f"A {p_h}x{p_w} window with stride ({s_h}, {s_w}) does not fit in {(H, W)}.")
    H_out, W_out = (H - p_h) // s_h + 1, (W - p_w) // s_w + 1
    Y = None
    for u in range(p_h):
        for v in range(p_w):
            part = X[:, u:u + (H_out - 1) * s_h + 1:s_h, v:v + (W_out - 1) * s_w + 1:s_w, :]
            Y = part.copy() if Y is None else np.maximum(Y, part)
    return Y
