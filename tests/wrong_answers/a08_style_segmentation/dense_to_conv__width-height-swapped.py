# mistake: reads the rows column by column, (w, h, c), then swaps the axes back: height and width are mixed up
# loses: dense_to_conv_values, fully_convolutional_same_size, fully_convolutional_heat_map
def dense_to_conv(kernel, bias, feature_shape):
    """Conv2D weights from a Dense layer, rows read in (w, h, c) order."""
    kernel, bias = np.asarray(kernel), np.asarray(bias)
    h, w, c = (int(size) for size in feature_shape)
    if kernel.shape[0] != h * w * c:
        raise ValueError(f"Expected {h * w * c} rows, got {kernel.shape}.")
    return kernel.reshape(w, h, c, kernel.shape[1]).transpose(1, 0, 2, 3).copy(), bias.copy()
