# mistake: ignores output_padding and always returns Keras' default size (n s for "same", (n - 1) s + max(k, s) for "valid")
# loses: conv_transpose_output_size_output_padding, output_padding_for_values
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output (output_padding ignored)."""
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if output_padding is not None and not 0 <= output_padding < stride:
        raise ValueError("output_padding must be in [0, stride).")
    if padding == "same":
        return n * stride
    return (n - 1) * stride + max(kernel_size, stride)
