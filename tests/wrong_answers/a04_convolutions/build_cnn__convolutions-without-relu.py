# mistake: convolutions without an activation (the statement asks for Conv2D with ReLU); the accuracy still passes
# loses: cnn_architecture
def build_cnn():
    """A small compiled CNN for 28x28x1 digits."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model
