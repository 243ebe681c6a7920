# mistake: loops over every output pixel (right values, but not vectorized as the part asks)
# loses: conv2d_vectorized
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it."""
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    K_h, K_w, C_in, C_out = W.shape
    if X.ndim != 4 or X.shape[3] != C_in or b.shape != (C_out,) or stride < 1 or padding < 0:
        raise ValueError("X, W and b do not fit, or the stride or padding is invalid.")
    H_out, W_out = (X.shape[1] + 2 * padding - K_h) // stride + 1, (X.shape[2] + 2 * padding - K_w) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError("The kernel does not fit in the padded input.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    Y = np.zeros((X.shape[0], H_out, W_out, C_out))
    for i in range(H_out):
        for j in range(W_out):
            window = X_p[:, i * stride:i * stride + K_h, j * stride:j * stride + K_w, :]
            Y[:, i, j, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2])) + b
    return Y
