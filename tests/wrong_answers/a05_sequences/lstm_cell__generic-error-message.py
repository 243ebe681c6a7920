# mistake: raises ValueError("wrong shapes") for every bad shape, a message that does not say which argument to fix
# loses: lstm_cell_shape_errors
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
    if U.ndim != 2 or U.shape[1] != 4 * U.shape[0]:
        raise ValueError("wrong shapes")
    n = U.shape[0]
    if x_t.ndim != 2 or W.ndim != 2 or W.shape != (x_t.shape[1], 4 * n):
        raise ValueError("wrong shapes")
    if b.shape != (4 * n,):
        raise ValueError("wrong shapes")
    if h_prev.shape != (x_t.shape[0], n) or c_prev.shape != (x_t.shape[0], n):
        raise ValueError("wrong shapes")
    Z = x_t @ W + h_prev @ U + b
    i, f = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n])
    g, o = np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t
