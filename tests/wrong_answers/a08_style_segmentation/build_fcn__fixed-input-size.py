# mistake: builds the network on keras.Input(shape=(64, 64, 1)), the training canvases' size, so it is not for any size
# loses: fcn_architecture
def build_fcn(num_classes=2):
    """A small compiled FCN, for 64x64 canvases only."""
    inputs = keras.Input(shape=(64, 64, 1))
    full = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    half = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(full))
    quarter = layers.Conv2D(64, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(half))
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(quarter)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(layers.Concatenate()([x, half]))
    outputs = layers.Conv2D(num_classes, 1, activation="softmax")(layers.Concatenate()([x, full]))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="sparse_categorical_crossentropy",
                  jit_compile=False)
    return model
