# mistake: builds dX in X's own memory (dX = X, then zeroed), overwriting the caller's input in place
# loses: max_pool2d_backward_values, max_pool2d_backward_overlapping
def max_pool2d_backward(dY, X, pool_size, stride=None):
    """Gradient of a loss with respect to max_pool2d's input, given dL/dY."""
    p_h, p_w = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    s_h, s_w = (p_h, p_w) if stride is None else (stride, stride) if np.isscalar(stride) else stride
    windows = np.lib.stride_tricks.sliding_window_view(X, (p_h, p_w), axis=(1, 2))[:, ::s_h, ::s_w]
    N, H_out, W_out, C = windows.shape[:4]
    u, v = np.divmod(windows.reshape(N, H_out, W_out, C, p_h * p_w).argmax(axis=-1), p_w)
    n, i, j, c = np.indices((N, H_out, W_out, C))
    dX = X  # same shape as X
    dX[...] = 0.0
    np.add.at(dX, (n, i * s_h + u, j * s_w + v, c), dY)
    return dX
