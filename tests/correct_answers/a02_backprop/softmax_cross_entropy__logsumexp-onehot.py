# correct: the loss as the mean of logsumexp(scores) - score of the right class, and dscores from the softmax minus np.eye(C)[y]
def softmax_cross_entropy(scores, y):
    """Mean softmax cross-entropy loss of a batch and its gradient with respect to the scores.

    Parameters
    ----------
    scores : ndarray of shape (N, C)
        Class scores (logits), one row per sample.
    y : ndarray of shape (N,), integers in 0 .. C - 1
        The right class of every sample.

    Returns
    -------
    loss : float
        The loss averaged over the N samples.
    dscores : ndarray of shape (N, C)
        Gradient of the loss with respect to the scores, (softmax(scores) - onehot(y)) / N.
    """
    if np.ndim(scores) != 2 or np.shape(y) != np.shape(scores)[:1]:
        raise ValueError(f"scores must have shape (N, C) and y shape (N,); got {np.shape(scores)} and {np.shape(y)}.")
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.min(y) < 0 or np.max(y) >= np.shape(scores)[1]:
        raise ValueError(f"y must hold integer class labels from 0 to {np.shape(scores)[1] - 1}.")
    N, C = scores.shape
    row_max = np.max(scores, axis=1)
    logsumexp = row_max + np.log(np.sum(np.exp(scores - row_max[:, None]), axis=1))
    right = scores[np.arange(N), y]
    loss = np.mean(logsumexp - right)
    probabilities = np.exp(scores - logsumexp[:, None])
    onehot = np.eye(C)[y]
    return float(loss), (probabilities - onehot) / N
