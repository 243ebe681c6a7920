# mistake: returns (c_t, h_t) instead of (h_t, c_t), so the caller carries the cell state as the hidden state
# loses: lstm_cell_matches_keras
def lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """One step of an LSTM, with Keras' weight layout (gate blocks i, f, g, o)."""
    x_t, h_prev, c_prev, W, U, b = (np.asarray(v, dtype=float) for v in (x_t, h_prev, c_prev, W, U, b))
    if U.ndim != 2 or U.shape[1] != 4 * U.shape[0]:
        raise ValueError(f"U must have shape (n, 4n); got {U.shape}.")
    n = U.shape[0]
    if x_t.ndim != 2 or W.shape != (x_t.shape[1], 4 * n) or b.shape != (4 * n,):
        raise ValueError(f"W must be (d, {4 * n}) and b ({4 * n},); got {W.shape} and {b.shape}.")
    if h_prev.shape != (x_t.shape[0], n) or c_prev.shape != (x_t.shape[0], n):
        raise ValueError(f"h_prev and c_prev must have shape {(x_t.shape[0], n)}.")
    Z = x_t @ W + h_prev @ U + b
    i, f = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n])
    g, o = np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
    c_t = f * c_prev + i * g
    return c_t, o * np.tanh(c_t)
