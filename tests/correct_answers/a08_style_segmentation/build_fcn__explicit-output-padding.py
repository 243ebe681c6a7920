# correct: the same layers in the same order, written one call per line with layers.concatenate and an explicit output_padding=1 (from Part C: (n - 1) 2 + 3 - 2 + 1 = 2n) in the transposed convolutions instead of output_padding=None
def build_fcn(num_classes=2):
    """A small compiled fully convolutional network for per-pixel labels.

    Parameters
    ----------
    num_classes : int

    Returns
    -------
    keras.Model
        Input shape (None, None, None, 1), output (None, None, None, num_classes) of the input's height and width,
        softmax over the classes; downsampling by at least 4 and a Conv2DTranspose back up; no Dense or Flatten;
        at most 200,000 parameters; compiled with sparse categorical cross-entropy.
    """
    inputs = keras.Input(shape=(None, None, 1))
    full = layers.Conv2D(16, (3, 3), padding="same", activation="relu")(inputs)         # H x W
    pooled = layers.MaxPooling2D(pool_size=(2, 2))(full)
    half = layers.Conv2D(32, (3, 3), padding="same", activation="relu")(pooled)         # H/2 x W/2
    pooled = layers.MaxPooling2D(pool_size=(2, 2))(half)
    quarter = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(pooled)      # H/4 x W/4
    up = layers.Conv2DTranspose(32, (3, 3), strides=(2, 2), padding="same", output_padding=1,
                                activation="relu")(quarter)                             # H/2 x W/2
    merged = layers.concatenate([up, half])
    up = layers.Conv2DTranspose(16, (3, 3), strides=(2, 2), padding="same", output_padding=1,
                                activation="relu")(merged)                              # H x W
    merged = layers.concatenate([up, full])
    outputs = layers.Conv2D(num_classes, (1, 1), activation="softmax")(merged)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003), loss="sparse_categorical_crossentropy",
                  jit_compile=False)
    return model
