# mistake: sums the loss over the batch instead of averaging it (and leaves the gradient undivided by N, consistently)
# loses: softmax_values, softmax_stable
def softmax_cross_entropy(scores, y):
    """Summed softmax cross-entropy loss and its gradient."""
    if np.ndim(scores) != 2 or np.shape(y) != np.shape(scores)[:1]:
        raise ValueError(f"scores must have shape (N, C) and y shape (N,); got {np.shape(scores)} and {np.shape(y)}.")
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.min(y) < 0 or np.max(y) >= np.shape(scores)[1]:
        raise ValueError(f"y must hold integer class labels from 0 to {np.shape(scores)[1] - 1}.")
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_p)
    dscores[np.arange(N), y] -= 1.0
    return float(-log_p[np.arange(N), y].sum()), dscores
