# correct: fills a preallocated (N, T, n) array of hidden states step by step and returns its last slice, instead of stacking a list, and checks 3-D and T >= 1 separately
def lstm_forward(X, W, U, b, return_sequences=False):
    """Run an LSTM over a batch of sequences from the zero state.

    Parameters
    ----------
    X : ndarray of shape (N, T, d)
    W : ndarray of shape (d, 4n)
    U : ndarray of shape (n, 4n)
    b : ndarray of shape (4n,)
    return_sequences : bool
        Return every hidden state instead of the last one.

    Returns
    -------
    ndarray of shape (N, T, n) if return_sequences else (N, n)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 3:
        raise ValueError(f"X must be a batch of shape (N, T, d), got {X.shape}: turn a single sequence (T, d) "
                         "into a batch with X[None].")
    N, T, _ = X.shape
    if T < 1:
        raise ValueError("X has no time step (T = 0): an LSTM needs at least one.")
    n = np.shape(U)[0]
    H = np.empty((N, T, n))
    h = np.zeros((N, n))
    c = np.zeros_like(h)
    for t in range(T):
        h, c = lstm_cell(X[:, t, :], h, c, W, U, b)
        H[:, t, :] = h
    if return_sequences:
        return H
    return H[:, -1, :]
