# mistake: uses the stride for the output size but slides the windows by one pixel (slices without the step)
# loses: conv2d_stride_padding
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
    for u in range(K_h):
        for v in range(K_w):
            Y += X_p[:, u:u + H_out, v:v + W_out, :] @ W[u, v]
    return Y + b
