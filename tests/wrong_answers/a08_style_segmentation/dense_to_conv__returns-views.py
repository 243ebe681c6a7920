# mistake: returns kernel.reshape(...) and bias themselves, a view of the Dense layer's kernel and its own bias array,
#   not new arrays, so changing the convolution's weights changes the Dense layer's
# loses: dense_to_conv_values
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
    kernel, bias = np.asarray(kernel), np.asarray(bias)
    h, w, c = (int(size) for size in feature_shape)
    if kernel.ndim != 2 or kernel.shape[0] != h * w * c:
        raise ValueError(f"A Dense layer after Flatten of a {(h, w, c)} map has a kernel of {h * w * c} rows; "
                         f"got a kernel of shape {kernel.shape}.")
    return kernel.reshape(h, w, c, kernel.shape[1]), bias
