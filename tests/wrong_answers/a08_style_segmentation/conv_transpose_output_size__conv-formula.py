# mistake: uses the convolution's output size for the transposed convolution, which shrinks instead of growing
# loses: conv_transpose_output_size_default, conv_transpose_output_size_output_padding, output_padding_for_values
# fast
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output (the convolution's formula)."""
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if output_padding is not None and not 0 <= output_padding < stride:
        raise ValueError("output_padding must be in [0, stride).")
    if padding == "same":
        return -(-n // stride)
    return (n - kernel_size) // stride + 1
