# correct: caches the forward pass in (N, T, ...) arrays, fills dZ for all steps in the backward loop, then gets dX, dW, dU and db after it in one einsum/matmul each instead of accumulating them step by step
def lstm_backward(X, W, U, b, dH):
    """Backpropagation through time for lstm_forward(X, W, U, b, return_sequences=True) from the zero state.

    Parameters
    ----------
    X : ndarray of shape (N, T, d)
    W : ndarray of shape (d, 4n)
    U : ndarray of shape (n, 4n)
    b : ndarray of shape (4n,)
    dH : ndarray of shape (N, T, n)
        Gradient of the loss with respect to every hidden state h_1 .. h_T, from the layer above.

    Returns
    -------
    dX : ndarray of shape (N, T, d)
    dW : ndarray of shape (d, 4n)
    dU : ndarray of shape (n, 4n)
    db : ndarray of shape (4n,)
    """
    X = np.asarray(X, dtype=float)
    W, U, b = np.asarray(W, dtype=float), np.asarray(U, dtype=float), np.asarray(b, dtype=float)
    dH = np.asarray(dH, dtype=float)
    N, T, d = X.shape
    n = U.shape[0]
    if dH.shape != (N, T, n):
        raise ValueError(f"dH must have shape (N, T, n) = {(N, T, n)}, like the hidden states; got {dH.shape}.")

    # forward pass, keeping what the backward pass needs
    H_prev = np.zeros((N, T, n))      # h_{t-1} for every step
    C_prev = np.zeros((N, T, n))      # c_{t-1}
    tanh_C = np.zeros((N, T, n))      # tanh(c_t)
    gates = np.zeros((N, T, 4 * n))   # activated gates i, f, g, o
    h, c = np.zeros((N, n)), np.zeros((N, n))
    for t in range(T):
        H_prev[:, t], C_prev[:, t] = h, c
        Z = X[:, t] @ W + h @ U + b
        A = sigmoid(Z)
        A[:, 2 * n:3 * n] = np.tanh(Z[:, 2 * n:3 * n])
        gates[:, t] = A
        c = A[:, n:2 * n] * c + A[:, :n] * A[:, 2 * n:3 * n]
        tanh_C[:, t] = np.tanh(c)
        h = A[:, 3 * n:] * tanh_C[:, t]

    # backward pass: the gradient of the pre-activations Z at every step
    dZ = np.zeros((N, T, 4 * n))
    dh_next, dc_next = np.zeros((N, n)), np.zeros((N, n))
    for t in range(T - 1, -1, -1):
        i, f, g, o = np.split(gates[:, t], 4, axis=1)
        dh = dh_next + dH[:, t]
        do = dh * tanh_C[:, t]
        dc = dc_next + dh * o * (1.0 - tanh_C[:, t] ** 2)
        di, df, dg = dc * g, dc * C_prev[:, t], dc * i
        dZ[:, t, :n] = di * i * (1.0 - i)
        dZ[:, t, n:2 * n] = df * f * (1.0 - f)
        dZ[:, t, 2 * n:3 * n] = dg * (1.0 - g ** 2)
        dZ[:, t, 3 * n:] = do * o * (1.0 - o)
        dh_next = dZ[:, t] @ U.T
        dc_next = dc * f

    dX = dZ @ W.T
    dW = np.einsum("ntd,ntk->dk", X, dZ)
    dU = np.einsum("ntm,ntk->mk", H_prev, dZ)
    db = dZ.sum(axis=(0, 1))
    return dX, dW, dU, db
