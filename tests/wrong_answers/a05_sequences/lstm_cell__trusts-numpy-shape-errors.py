# mistake: checks no shape itself, trusting NumPy to raise, but a W, U, b or state with a size-1 axis broadcasts into wrong numbers without an error
# loses: lstm_cell_shape_errors
def lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """One step of an LSTM, with Keras' weight layout (gate blocks i, f, g, o)."""
    x_t, h_prev, c_prev, W, U, b = (np.asarray(v, dtype=float) for v in (x_t, h_prev, c_prev, W, U, b))
    n = U.shape[0]
    if U.shape != (n, 4 * n) or W.shape[1] != 4 * n:
        raise ValueError(f"U must be (n, 4n) and W (d, 4n); got {U.shape} and {W.shape}.")
    Z = x_t @ W + h_prev @ U + b
    i, f = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n])
    g, o = np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t
