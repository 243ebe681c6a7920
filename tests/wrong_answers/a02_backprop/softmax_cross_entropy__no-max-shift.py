# mistake: exponentiates the raw scores without subtracting the row maximum, so e^1000 overflows
# loses: softmax_stable
def softmax_cross_entropy(scores, y):
    """Mean softmax cross-entropy loss and its gradient, the textbook way."""
    if np.ndim(scores) != 2 or np.shape(y) != np.shape(scores)[:1]:
        raise ValueError(f"scores must have shape (N, C) and y shape (N,); got {np.shape(scores)} and {np.shape(y)}.")
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.min(y) < 0 or np.max(y) >= np.shape(scores)[1]:
        raise ValueError(f"y must hold integer class labels from 0 to {np.shape(scores)[1] - 1}.")
    N = scores.shape[0]
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(N), y]))
    dscores = p.copy()
    dscores[np.arange(N), y] -= 1.0
    return float(loss), dscores / N
