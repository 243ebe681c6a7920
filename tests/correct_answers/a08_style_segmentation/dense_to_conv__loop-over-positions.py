# correct: fills a new (h, w, c, U) array position by position, copying the c kernel rows that Flatten took from F[i, j, :], instead of one reshape and .copy()
def dense_to_conv(kernel, bias, feature_shape):
    """The Conv2D weights equivalent to a Dense layer applied after Flatten.

    Parameters
    ----------
    kernel : ndarray of shape (h * w * c, U)
        The Dense layer's kernel.
    bias : ndarray of shape (U,)
    feature_shape : tuple (h, w, c)
        The shape of the feature map that Flatten received (without the batch axis).

    Returns
    -------
    conv_kernel : ndarray of shape (h, w, c, U)
    conv_bias : ndarray of shape (U,)
    """
    kernel = np.asarray(kernel)
    h, w, c = [int(size) for size in feature_shape]
    if kernel.ndim != 2:
        raise ValueError(f"kernel must be a 2-D Dense kernel, got shape {kernel.shape}.")
    if len(kernel) != h * w * c:
        raise ValueError(f"kernel has {len(kernel)} rows, but Flatten of a {(h, w, c)} map gives {h * w * c}.")
    conv_kernel = np.zeros((h, w, c, kernel.shape[1]), dtype=kernel.dtype)
    for i in range(h):
        for j in range(w):
            start = (i * w + j) * c  # Flatten: row (i w + j) c + k holds F[i, j, k]
            conv_kernel[i, j] = kernel[start:start + c]
    conv_bias = np.array(bias)
    return conv_kernel, conv_bias
