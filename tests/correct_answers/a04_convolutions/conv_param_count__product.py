# correct: multiplies the kernel's shape with np.prod and adds the biases as C_out * bool(bias), returning a Python int
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
    return int(np.prod([K_h, K_w, C_in, C_out])) + C_out * bool(bias)
