# mistake: builds the new convolutions without bias (use_bias=False) and sets only their kernels
# loses: fully_convolutional_same_size, fully_convolutional_heat_map
def fully_convolutional(classifier):
    """The classifier with its Dense layers as convolutions, biases dropped."""
    inputs = keras.Input(shape=(None, None, classifier.input_shape[-1]))
    x, feature_shape = inputs, None
    for layer in classifier.layers:
        if isinstance(layer, layers.Flatten):
            feature_shape = tuple(layer.input.shape[1:])
        elif isinstance(layer, layers.Dense):
            kernel, bias = layer.get_weights()
            conv_kernel, _ = dense_to_conv(kernel, bias, feature_shape)
            conv = layers.Conv2D(layer.units, conv_kernel.shape[:2], activation=layer.activation, use_bias=False)
            x = conv(x)
            conv.set_weights([conv_kernel])
            feature_shape = (1, 1, layer.units)
        else:
            x = layer(x)
    return keras.Model(inputs, x)
