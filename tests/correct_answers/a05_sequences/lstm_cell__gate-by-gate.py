# correct: computes each gate from its own column block of W, U and b (four products each) instead of one Z, and checks the shapes in another order
def lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """One step of an LSTM, with Keras' weight layout (gate blocks i, f, g, o).

    Parameters
    ----------
    x_t : ndarray of shape (N, d)
        The inputs at step t, one row per sequence.
    h_prev, c_prev : ndarray of shape (N, n)
        Hidden and cell states after step t - 1.
    W : ndarray of shape (d, 4n)
        Input weights (Keras' `kernel`).
    U : ndarray of shape (n, 4n)
        Recurrent weights (Keras' `recurrent_kernel`).
    b : ndarray of shape (4n,)
        Biases.

    Returns
    -------
    h_t : ndarray of shape (N, n)
    c_t : ndarray of shape (N, n)
    """
    x_t, h_prev, c_prev, W, U, b = (np.asarray(v, dtype=float) for v in (x_t, h_prev, c_prev, W, U, b))
    n = h_prev.shape[-1] if h_prev.ndim == 2 else -1
    if h_prev.ndim != 2 or c_prev.shape != h_prev.shape or h_prev.shape[0] != x_t.shape[0]:
        raise ValueError(f"h_prev and c_prev must both have shape (N, n) with N = {x_t.shape[0]}; "
                         f"got {h_prev.shape} and {c_prev.shape}.")
    if U.shape != (n, 4 * n):
        raise ValueError(f"U must have shape (n, 4n) = {(n, 4 * n)}; got {U.shape}.")
    if x_t.ndim != 2 or W.shape != (x_t.shape[1], 4 * n):
        raise ValueError(f"W must have shape (d, 4n) = {(x_t.shape[-1], 4 * n)}; got {W.shape}.")
    if b.shape != (4 * n,):
        raise ValueError(f"b must have shape ({4 * n},); got {b.shape}.")

    def gate(k):
        block = slice(k * n, (k + 1) * n)
        return x_t @ W[:, block] + h_prev @ U[:, block] + b[block]

    i, f, g, o = sigmoid(gate(0)), sigmoid(gate(1)), np.tanh(gate(2)), sigmoid(gate(3))
    c_t = f * c_prev + i * g
    return o * np.tanh(c_t), c_t
