# mistake: upsamples with layers.UpSampling2D (copies of pixels, nothing learned) instead of a Conv2DTranspose
# loses: fcn_architecture
def build_fcn(num_classes=2):
    """A small compiled FCN whose decoder repeats pixels."""
    inputs = keras.Input(shape=(None, None, 1))
    full = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    half = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(full))
    quarter = layers.Conv2D(64, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(half))
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.UpSampling2D(2)(quarter))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(layers.UpSampling2D(2)(layers.Concatenate()([x, half])))
    outputs = layers.Conv2D(num_classes, 1, activation="softmax")(layers.Concatenate()([x, full]))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="sparse_categorical_crossentropy",
                  jit_compile=False)
    return model
