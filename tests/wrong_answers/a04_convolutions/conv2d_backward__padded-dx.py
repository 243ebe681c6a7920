# mistake: returns the gradient of the padded input, without cutting the padding off
# loses: conv2d_backward_stride_padding
def conv2d_backward(dY, X, W, stride=1, padding=0):
    """Gradients of a loss with respect to the input, kernel and bias of conv2d, given dL/dY."""
    dY, X, W = np.asarray(dY, dtype=float), np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    K_h, K_w, C_in, C_out = W.shape
    N, H, W_in = X.shape[:3]
    H_out, W_out = (H + 2 * padding - K_h) // stride + 1, (W_in + 2 * padding - K_w) // stride + 1
    if dY.shape != (N, H_out, W_out, C_out):
        raise ValueError(f"dY must have shape {(N, H_out, W_out, C_out)}; got {dY.shape}.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    dX_p, dW = np.zeros_like(X_p), np.zeros_like(W)
    for u in range(K_h):
        for v in range(K_w):
            rows, cols = slice(u, u + (H_out - 1) * stride + 1, stride), slice(v, v + (W_out - 1) * stride + 1, stride)
            dW[u, v] = np.tensordot(X_p[:, rows, cols, :], dY, axes=([0, 1, 2], [0, 1, 2]))
            dX_p[:, rows, cols, :] += dY @ W[u, v].T
    return dX_p, dW, dY.sum(axis=(0, 1, 2))
