# correct: the same two Conv2D/MaxPooling2D blocks and softmax output, created in the same order, wired with the functional API (keras.Model(inputs, outputs)) with tuple kernel and pool sizes instead of keras.Sequential
def build_cnn():
    """A small compiled CNN for 28x28x1 digits.

    Returns
    -------
    keras.Model
        Input shape (None, 28, 28, 1), output shape (None, 10) (softmax), at least one Conv2D and one
        MaxPooling2D layer, at most 200,000 parameters, compiled with sparse categorical cross-entropy
        and the accuracy metric.
    """
    images = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(filters=16, kernel_size=(3, 3), activation="relu")(images)   # 26 x 26 x 16
    x = layers.MaxPooling2D(pool_size=(2, 2))(x)                                   # 13 x 13 x 16
    x = layers.Conv2D(filters=32, kernel_size=(3, 3), activation="relu")(x)        # 11 x 11 x 32
    x = layers.MaxPooling2D(pool_size=(2, 2))(x)                                   # 5 x 5 x 32
    x = layers.Flatten()(x)
    probabilities = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs=images, outputs=probabilities)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model
