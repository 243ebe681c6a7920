# mistake: calls TensorFlow's sparse softmax cross-entropy (and its softmax) instead of writing them in NumPy
# loses: softmax_values, softmax_stable, softmax_gradcheck
def softmax_cross_entropy(scores, y):
    """Mean softmax cross-entropy loss and its gradient, from TensorFlow."""
    import tensorflow as tf

    if np.ndim(scores) != 2 or np.shape(y) != np.shape(scores)[:1]:
        raise ValueError(f"scores must have shape (N, C) and y shape (N,); got {np.shape(scores)} and {np.shape(y)}.")
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.min(y) < 0 or np.max(y) >= np.shape(scores)[1]:
        raise ValueError(f"y must hold integer class labels from 0 to {np.shape(scores)[1] - 1}.")
    N = scores.shape[0]
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=scores)
    dscores = tf.nn.softmax(scores).numpy()
    dscores[np.arange(N), y] -= 1.0
    return float(tf.reduce_mean(losses)), dscores / N
