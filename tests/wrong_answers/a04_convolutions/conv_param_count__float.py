# mistake: returns the count as a float (100.0), where the statement asks for the integer number of parameters
# loses: conv_param_count_values
def conv_param_count(K_h, K_w, C_in, C_out, bias=True):
    """Number of trainable parameters of a convolution layer.

    Parameters
    ----------
    K_h, K_w : int
        Kernel height and width.
    C_in : int
        Channels of the input (the depth of each filter).
    C_out : int
        Number of filters.
    bias : bool
        Whether each filter has a bias.

    Returns
    -------
    int
    """
    return float(K_h * K_w * C_in * C_out + (C_out if bias else 0))
