# mistake: checks the shapes but not whether the kernel fits: a kernel taller than the padded input gives an empty output instead of an error
# loses: conv2d_matches_keras_valid
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it."""
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    if X.ndim != 4 or W.ndim != 4:
        raise ValueError(f"X must be (N, H, W, C_in) and W (K_h, K_w, C_in, C_out); got {X.shape} and {W.shape}.")
    K_h, K_w, C_in, C_out = W.shape
    if X.shape[3] != C_in or b.shape != (C_out,) or stride < 1 or padding < 0:
        raise ValueError("X, W and b do not fit, or the stride or padding is invalid.")
    H_out = max(0, (X.shape[1] + 2 * padding - K_h) // stride + 1)
    W_out = max(0, (X.shape[2] + 2 * padding - K_w) // stride + 1)
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    Y = np.zeros((X.shape[0], H_out, W_out, C_out))
    for u in range(K_h):
        for v in range(K_w):
            rows = X_p[:, u:u + (H_out - 1) * stride + 1:stride, v:v + (W_out - 1) * stride + 1:stride, :]
            if rows.shape[1:3] == (H_out, W_out):
                Y += rows @ W[u, v]
    return Y + b
