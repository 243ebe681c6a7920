# mistake: wraps the provided keras_lstm (keras.layers.LSTM) instead of looping over lstm_cell
# loses: lstm_forward_last_state, lstm_forward_sequences
def lstm_forward(X, W, U, b, return_sequences=False):
    """Run an LSTM over a batch of sequences from the zero state."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 3 or X.shape[1] == 0:
        raise ValueError(f"X must have shape (N, T, d) with T >= 1, got {X.shape}; pass X[None] for one sequence.")
    if np.shape(W)[0] != X.shape[2]:
        raise ValueError(f"W expects {np.shape(W)[0]} features, X has {X.shape[2]}.")
    return keras_lstm(X, W, U, b, return_sequences=return_sequences)[0]
