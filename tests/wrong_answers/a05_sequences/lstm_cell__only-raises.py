# mistake: a function that only raises ValueError (Part B is graded with a reference lstm_cell, so only Part A loses)
# loses: lstm_cell_matches_keras, lstm_cell_shape_errors
def lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """One step of an LSTM, with Keras' weight layout (gate blocks i, f, g, o)."""
    raise ValueError(f"U must have shape (n, 4n) and W (d, 4n); got {np.shape(U)} and {np.shape(W)}.")
