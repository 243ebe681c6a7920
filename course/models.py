"""Model builders shared by several notebooks and scripts.

:func:`cnn_classifier` is the LeNet-style network of lecture 08, reused by
lecture 10 (adversarial examples) so that both attack the same architecture.
:func:`fast_cnn_classifier` is lecture 08's fast CNN, which
``benchmarks/cnn_time_to_98.py`` times against the Keras example.
"""

__all__ = ["cnn_classifier", "fast_cnn_classifier", "one_cycle"]


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


def one_cycle(total_steps, eta_max=0.01):
    """Linear warm-up from eta_max / 10 to eta_max over 20 % of the steps, then cosine decay to eta_max / 100.

    Returns
    -------
    keras.optimizers.schedules.LearningRateSchedule
    """
    import keras

    if total_steps < 2:
        raise ValueError(f"A one-cycle schedule needs at least 2 steps, got {total_steps}.")
    warmup = max(1, int(0.2 * total_steps))
    return keras.optimizers.schedules.CosineDecay(eta_max / 10, total_steps - warmup, alpha=0.01,
                                                  warmup_target=eta_max, warmup_steps=warmup)


def fast_cnn_classifier(steps_per_epoch, num_epochs, eta_max=0.01, filters=(16, 32),
                        loss="sparse_categorical_crossentropy", jit_compile=False):
    """Conv-BatchNorm-ReLU-pool blocks and a one-cycle Adam schedule over ``num_epochs``, compiled.

    Parameters
    ----------
    steps_per_epoch, num_epochs : int
        The length of training, which the learning-rate schedule spans.
    eta_max : float, default 0.01
        Peak learning rate.
    filters : sequence of int, default (16, 32)
    loss : str, default "sparse_categorical_crossentropy"
        Use "categorical_crossentropy" for one-hot labels.
    jit_compile : bool, default False
        XLA compilation (rarely worth it on a CPU for a model this small).

    Returns
    -------
    keras.Sequential
        For 28x28x1 images, softmax over 10 classes, metric "accuracy".
    """
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(28, 28, 1))], name="fast_cnn")
    for num_filters in filters:
        model.add(layers.Conv2D(num_filters, 3, padding="same", use_bias=False))  # BatchNorm's beta is the bias
        model.add(layers.BatchNormalization(momentum=0.9))  # running statistics that settle in a few hundred steps
        model.add(layers.ReLU())
        model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    model.add(layers.Dropout(0.25))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(one_cycle(steps_per_epoch * num_epochs, eta_max)), loss=loss,
                  metrics=["accuracy"], jit_compile=jit_compile)
    return model
