# mistake: copies the Dense kernel as if Flatten read the map channels first, (c, h, w) as PyTorch does, not (h, w, c)
# loses: dense_to_conv_values, fully_convolutional_same_size, fully_convolutional_heat_map
# fast
def dense_to_conv(kernel, bias, feature_shape):
    """Conv2D weights from a Dense layer, rows read in (c, h, w) order."""
    kernel, bias = np.asarray(kernel), np.asarray(bias)
    h, w, c = (int(size) for size in feature_shape)
    if kernel.shape[0] != h * w * c:
        raise ValueError(f"Expected {h * w * c} rows, got {kernel.shape}.")
    return kernel.reshape(c, h, w, kernel.shape[1]).transpose(1, 2, 0, 3).copy(), bias.copy()
