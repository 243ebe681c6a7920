# correct: the same Embedding, LSTM, average pooling and sigmoid Dense layers, created in the same order, wired with the functional API (keras.Model(inputs, outputs)) instead of keras.Sequential, and keyword arguments for the Embedding
def build_model(vocab_size=500, maxlen=100):
    """A compiled binary classifier of padded word-index sequences.

    Parameters
    ----------
    vocab_size : int
        Word indices are in [0, vocab_size).
    maxlen : int
        Length of every (padded) review.

    Returns
    -------
    keras.Model
        Input (None, maxlen) integers, output (None, 1) probabilities; compiled with binary cross-entropy and the
        accuracy metric; at most 100,000 parameters.
    """
    words = keras.Input(shape=(maxlen,))
    vectors = layers.Embedding(input_dim=vocab_size, output_dim=16)(words)
    states = layers.LSTM(16, return_sequences=True)(vectors)
    summary = layers.GlobalAveragePooling1D()(states)
    probability = layers.Dense(1, activation="sigmoid")(summary)
    model = keras.Model(inputs=words, outputs=probability)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003), loss="binary_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model
