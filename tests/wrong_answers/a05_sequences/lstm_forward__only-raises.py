# mistake: a function that only raises ValueError (it scored the shape-error cell before that cell tried a valid call)
# loses: lstm_forward_last_state, lstm_forward_sequences, lstm_forward_shape_errors
# fast
def lstm_forward(X, W, U, b, return_sequences=False):
    """Run an LSTM over a batch of sequences from the zero state."""
    raise ValueError(f"X must have shape (N, T, d) with T >= 1, got {np.shape(X)}; pass X[None] for one sequence.")
