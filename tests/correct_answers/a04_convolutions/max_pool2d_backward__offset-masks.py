# correct: loops over the offsets inside a window, sends dY through strided slices where that offset holds the window's maximum (first one only), adding up overlaps with +=, instead of argmax and np.add.at
def max_pool2d_backward(dY, X, pool_size, stride=None):
    """Gradient of a loss with respect to max_pool2d's input, given dL/dY.

    Parameters
    ----------
    dY : ndarray of shape (N, H_out, W_out, C)
        Gradient of the loss with respect to max_pool2d's output.
    X : ndarray of shape (N, H, W, C)
        The input of the forward call.
    pool_size : int or (int, int)
    stride : int, (int, int) or None
        As in max_pool2d.

    Returns
    -------
    ndarray of shape (N, H, W, C)
    """
    dY, X = np.asarray(dY, dtype=float), np.asarray(X, dtype=float)
    p_h, p_w = (pool_size, pool_size) if np.ndim(pool_size) == 0 else pool_size
    if stride is None:
        s_h, s_w = p_h, p_w
    else:
        s_h, s_w = (stride, stride) if np.ndim(stride) == 0 else stride
    H_out, W_out = dY.shape[1], dY.shape[2]
    # the strided slices that pick, for every window, its entry at offset (u, v): shape (N, H_out, W_out, C)
    slices = [(slice(u, u + (H_out - 1) * s_h + 1, s_h), slice(v, v + (W_out - 1) * s_w + 1, s_w))
              for u in range(p_h) for v in range(p_w)]
    maxima = np.max([X[:, rows, cols, :] for rows, cols in slices], axis=0)
    dX = np.zeros_like(X)
    taken = np.zeros(dY.shape, dtype=bool)  # whether a window already sent its gradient (ties: the first maximum)
    for rows, cols in slices:
        hit = (X[:, rows, cols, :] == maxima) & ~taken
        taken |= hit
        dX[:, rows, cols, :] += np.where(hit, dY, 0.0)
    return dX
