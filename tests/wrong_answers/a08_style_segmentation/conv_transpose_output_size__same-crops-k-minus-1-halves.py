# mistake: crops (k - 1) // 2 on each side for "same" (the padding of an odd kernel), wrong by 2 for even kernels
# loses: conv_transpose_output_size_output_padding, output_padding_for_values
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output ("same" crops (k - 1) // 2)."""
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if output_padding is not None and not 0 <= output_padding < stride:
        raise ValueError("output_padding must be in [0, stride).")
    if output_padding is None:
        if padding == "same":
            return n * stride
        output_padding = max(stride - kernel_size, 0)
    crop = (kernel_size - 1) // 2 if padding == "same" else 0
    return (n - 1) * stride + kernel_size - 2 * crop + output_padding
