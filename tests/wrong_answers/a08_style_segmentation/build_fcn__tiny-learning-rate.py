# mistake: a learning rate of 1e-5, far too small for the fixed schedule: the network still labels everything background
# loses: fcn_mean_iou
def build_fcn(num_classes=2):
    """A small compiled FCN, trained with Adam(1e-5)."""
    inputs = keras.Input(shape=(None, None, 1))
    full = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    half = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(full))
    quarter = layers.Conv2D(64, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(half))
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(quarter)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(layers.Concatenate()([x, half]))
    outputs = layers.Conv2D(num_classes, 1, activation="softmax")(layers.Concatenate()([x, full]))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-5), loss="sparse_categorical_crossentropy",
                  jit_compile=False)
    return model
