# mistake: reshapes with keras.ops.reshape in the NumPy-only function (the values are right)
# loses: dense_to_conv_values
def dense_to_conv(kernel, bias, feature_shape):
    """Conv2D weights from a Dense layer, reshaped by Keras."""
    h, w, c = (int(size) for size in feature_shape)
    if np.shape(kernel)[0] != h * w * c:
        raise ValueError(f"Expected {h * w * c} rows, got {np.shape(kernel)}.")
    conv_kernel = keras.ops.convert_to_numpy(keras.ops.reshape(kernel, (h, w, c, np.shape(kernel)[1])))
    return conv_kernel.astype(np.asarray(kernel).dtype), np.array(bias)
