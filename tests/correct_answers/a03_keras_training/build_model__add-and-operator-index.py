# correct: builds an empty keras.Sequential and adds the input and the four layers one by one with model.add, and validates with operator.index and a chained comparison in another order
def build_model(num_hidden=128, dropout_rate=0.2):
    """A compiled MLP for 28x28 images: Flatten, Dense(relu), Dropout, Dense(10, softmax).

    Parameters
    ----------
    num_hidden : int
        Units of the hidden Dense layer.
    dropout_rate : float in [0, 1)
        Fraction of hidden units dropped at each training step.

    Returns
    -------
    keras.Sequential
        Input shape (None, 28, 28), output shape (None, 10), compiled with Adam(1e-3),
        sparse categorical cross-entropy and the accuracy metric.
    """
    import operator

    if not (0.0 <= dropout_rate < 1.0):
        raise ValueError(f"dropout_rate should lie in [0, 1), got {dropout_rate}.")
    try:
        units = operator.index(num_hidden)  # accepts int and NumPy integers, refuses 12.5
    except TypeError:
        raise ValueError(f"num_hidden should be a positive integer, got {num_hidden!r}.") from None
    if isinstance(num_hidden, bool) or units <= 0:
        raise ValueError(f"num_hidden should be a positive integer, got {num_hidden!r}.")
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dropout(dropout_rate))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
