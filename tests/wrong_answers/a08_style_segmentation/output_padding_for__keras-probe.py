# mistake: finds the output_padding by building Conv2DTranspose layers and reading their output shapes
# loses: output_padding_for_values
def output_padding_for(n_in, n_out, kernel_size, stride, padding):
    """The output_padding that turns n_in into n_out, found by trying Keras layers."""
    for output_padding in range(stride):
        try:
            layer = layers.Conv2DTranspose(1, (kernel_size, 1), strides=(stride, 1), padding=padding,
                                           output_padding=(output_padding, 0))
            if layer(np.zeros((1, n_in, 1, 1), "float32")).shape[1] == n_out:
                return output_padding
        except Exception:
            pass
    raise ValueError(f"No output_padding turns {n_in} into {n_out}.")
