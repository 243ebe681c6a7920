# mistake: leaves the output layer linear (logits) although the loss expects probabilities
# loses: model_layers, trained_accuracy
def build_model(num_hidden=128, dropout_rate=0.2):
    """A compiled MLP for 28x28 images."""
    if isinstance(num_hidden, bool) or not isinstance(num_hidden, (int, np.integer)) or num_hidden < 1:
        raise ValueError(f"num_hidden must be a positive integer, got {num_hidden!r}.")
    if not 0 <= dropout_rate < 1:
        raise ValueError(f"dropout_rate must be in [0, 1), got {dropout_rate!r}.")
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(num_hidden, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
