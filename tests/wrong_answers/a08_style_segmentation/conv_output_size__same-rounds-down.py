# mistake: rounds down for padding "same", n // s, where Keras gives ceil(n / s) (25 -> 12 instead of 13 at stride 2)
# loses: conv_output_size_values
def conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """Side of keras.layers.Conv2D's output (same rounded down)."""
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if stride < 1:
        raise ValueError(f"The stride must be at least 1, got {stride}.")
    if padding == "same":
        return n // stride
    if kernel_size > n:
        raise ValueError("The kernel does not fit.")
    return (n - kernel_size) // stride + 1
