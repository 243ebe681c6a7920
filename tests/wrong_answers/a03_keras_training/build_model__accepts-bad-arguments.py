# mistake: never raises ValueError for num_hidden=0, 12.5 or dropout_rate=1.0
# loses: model_compiled
def build_model(num_hidden=128, dropout_rate=0.2):
    """A compiled MLP for 28x28 images."""
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(num_hidden, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
