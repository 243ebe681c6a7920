"""Model builders shared by several notebooks.

:func:`cnn_classifier` is the LeNet-style network of lecture 08, reused by
lecture 10 (adversarial examples) so that both attack the same architecture.
"""

__all__ = ["cnn_classifier"]


def cnn_classifier(input_shape=(28, 28, 1), num_classes=10, filters=(32, 64), dense_units=128, dropout=0.5):
    """A LeNet-style CNN: per entry of ``filters`` a 3x3 convolution (ReLU) and 2x2 max pooling, then dense layers.

    Parameters
    ----------
    input_shape : tuple of int, default (28, 28, 1)
        Height, width, channels of one image.
    num_classes : int, default 10
    filters : sequence of int, default (32, 64)
        Number of filters of each convolution block.
    dense_units : int, default 128
        Units of the hidden dense layer (0: none).
    dropout : float, default 0.5
        Dropout rate before the output layer.

    Returns
    -------
    keras.Sequential
        Not compiled; its output is the softmax over ``num_classes``.
    """
    import keras
    from keras import layers

    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}.")
    model = keras.Sequential([keras.Input(shape=input_shape)], name="cnn_classifier")
    for num_filters in filters:
        model.add(layers.Conv2D(num_filters, 3, activation="relu", padding="same"))
        model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    if dense_units:
        model.add(layers.Dense(dense_units, activation="relu"))
    model.add(layers.Dropout(dropout))
    model.add(layers.Dense(num_classes, activation="softmax"))
    return model
