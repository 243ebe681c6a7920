# correct: im2col: all windows of the padded input at once with sliding_window_view, strided by slicing, contracted with W by one np.tensordot (the checks in another order)
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it.

    Parameters
    ----------
    X : ndarray of shape (N, H, W, C_in)
    W : ndarray of shape (K_h, K_w, C_in, C_out)
    b : ndarray of shape (C_out,)
    stride : int, at least 1
    padding : int, at least 0
        Zeros added on each side of the height and width axes.

    Returns
    -------
    ndarray of shape (N, H_out, W_out, C_out)
    """
    if stride < 1:
        raise ValueError(f"stride must be at least 1, got {stride}.")
    if padding < 0:
        raise ValueError(f"padding must be at least 0, got {padding}.")
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    if X.ndim != 4:
        raise ValueError(f"X must have shape (N, H, W, C_in), got {X.shape}.")
    if W.ndim != 4:
        raise ValueError(f"W must have shape (K_h, K_w, C_in, C_out), got {W.shape}.")
    K_h, K_w, C_in, C_out = W.shape
    if X.shape[-1] != C_in or b.shape != (C_out,):
        raise ValueError(f"X {X.shape}, W {W.shape} and b {b.shape} do not fit together.")
    if K_h > X.shape[1] + 2 * padding or K_w > X.shape[2] + 2 * padding:
        raise ValueError(f"A {K_h}x{K_w} kernel does not fit in {X.shape[1:3]} padded by {padding}.")
    X_p = np.pad(X, [(0, 0), (padding, padding), (padding, padding), (0, 0)], mode="constant")
    # windows[n, i, j, c, u, v] = X_p[n, i S + u, j S + v, c]
    windows = np.lib.stride_tricks.sliding_window_view(X_p, (K_h, K_w), axis=(1, 2))[:, ::stride, ::stride]
    return np.tensordot(windows, W, axes=([4, 5, 3], [0, 1, 2])) + b
