# mistake: reads padding as the total of both sides and pads padding // 2 zeros on each side (off by one pixel)
# loses: conv2d_stride_padding, conv2d_vectorized
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it."""
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    K_h, K_w, C_in, C_out = W.shape
    if X.ndim != 4 or X.shape[3] != C_in or b.shape != (C_out,) or stride < 1 or padding < 0:
        raise ValueError("X, W and b do not fit, or the stride or padding is invalid.")
    half = padding // 2
    X_p = np.pad(X, ((0, 0), (half, half), (half, half), (0, 0)))
    H_out, W_out = (X_p.shape[1] - K_h) // stride + 1, (X_p.shape[2] - K_w) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError("The kernel does not fit in the padded input.")
    Y = np.zeros((X.shape[0], H_out, W_out, C_out))
    for u in range(K_h):
        for v in range(K_w):
            Y += X_p[:, u:u + (H_out - 1) * stride + 1:stride, v:v + (W_out - 1) * stride + 1:stride, :] @ W[u, v]
    return Y + b
