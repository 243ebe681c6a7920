# mistake: with output_padding=None and "valid" returns (n - 1) s + k, forgetting that Keras pads to (n - 1) s + s when k < s
# loses: conv_transpose_output_size_default
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output (no max(s - k, 0) for "valid")."""
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if output_padding is not None and not 0 <= output_padding < stride:
        raise ValueError("output_padding must be in [0, stride).")
    if output_padding is None:
        if padding == "same":
            return n * stride
        output_padding = 0
    crop = kernel_size // 2 if padding == "same" else 0
    return (n - 1) * stride + kernel_size - 2 * crop + output_padding
