# correct: the same four Dense layers, created in the same order, wired with the functional API (encoder to a code tensor, then decoder) and compiled with a keras.losses.BinaryCrossentropy() object instead of keras.Sequential and the loss's string name
def build_denoising_autoencoder(code_size=64):
    """Dense autoencoder 784 -> 256 -> code_size -> 256 -> 784, compiled.

    Parameters
    ----------
    code_size : int

    Returns
    -------
    keras.Model
        Input shape (None, 784), output shape (None, 784), compiled with Adam(0.002) and binary cross-entropy.
    """
    images = keras.Input(shape=(784,))
    hidden = layers.Dense(256, activation="relu")(images)
    code = layers.Dense(code_size, activation="relu")(hidden)
    hidden = layers.Dense(256, activation="relu")(code)
    reconstruction = layers.Dense(784, activation="sigmoid")(hidden)
    model = keras.Model(images, reconstruction)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3), loss=keras.losses.BinaryCrossentropy())
    return model
