# mistake: pads with np.pad, then lets the provided keras_conv2d do the convolution instead of NumPy
# loses: conv2d_matches_keras_valid, conv2d_stride_padding, conv2d_vectorized
# fast
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it."""
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    if X.shape[3] != W.shape[2] or b.shape != (W.shape[3],) or stride < 1 or padding < 0:
        raise ValueError("X, W and b do not fit, or the stride or padding is invalid.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    return keras_conv2d(X_p, W, b, stride=stride)
