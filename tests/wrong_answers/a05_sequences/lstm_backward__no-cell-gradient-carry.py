# mistake: carries only dh back through time and forgets dc_next = dc * f, the gradient through the cell state
# loses: lstm_backward_weights, lstm_backward_inputs, lstm_backward_through_time
def lstm_backward(X, W, U, b, dH):
    """Backpropagation through time for lstm_forward(X, W, U, b, return_sequences=True) from the zero state."""
    X, W, U, b, dH = (np.asarray(v, dtype=float) for v in (X, W, U, b, dH))
    N, T, _ = X.shape
    n = U.shape[0]
    if dH.shape != (N, T, n):
        raise ValueError(f"dH must have shape {(N, T, n)}; got {dH.shape}.")
    h, c, steps = np.zeros((N, n)), np.zeros((N, n)), []
    for t in range(T):
        Z = X[:, t] @ W + h @ U + b
        i, f, g, o = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n]), np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
        c_t = f * c + i * g
        steps.append((h, c, i, f, g, o, np.tanh(c_t)))
        h, c = o * np.tanh(c_t), c_t
    dX, dW, dU, db = np.zeros_like(X), np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dh_next = np.zeros((N, n))
    for t in reversed(range(T)):
        h_prev, c_prev, i, f, g, o, tanh_c = steps[t]
        dh = dH[:, t] + dh_next
        dc = dh * o * (1 - tanh_c ** 2)
        dZ = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
                             dh * tanh_c * o * (1 - o)], axis=1)
        dW += X[:, t].T @ dZ
        dU += h_prev.T @ dZ
        db += dZ.sum(axis=0)
        dX[:, t] = dZ @ W.T
        dh_next = dZ @ U.T
    return dX, dW, dU, db
