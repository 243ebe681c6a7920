# correct: decides the crop P from the padding first, writes the default "valid" case as (n - 1) s + max(k, s), and checks output_padding only when it is given
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output.

    Parameters
    ----------
    n : int
        Side of the input.
    kernel_size, stride : int
    padding : {"valid", "same"}
    output_padding : int in [0, stride) or None

    Returns
    -------
    int
    """
    if padding == "valid":
        crop = 0
    elif padding == "same":
        crop = kernel_size // 2
    else:
        raise ValueError(f"Unknown padding {padding!r}: use 'valid' or 'same'.")
    if output_padding is None:
        if padding == "same":
            return int(n * stride)
        return int((n - 1) * stride + max(kernel_size, stride))
    if output_padding < 0 or output_padding >= stride:
        raise ValueError(f"output_padding must be in [0, {stride}), got {output_padding}.")
    return int((n - 1) * stride + kernel_size - 2 * crop + output_padding)
