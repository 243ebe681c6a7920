# correct: predicts in batches of 256 and counts the hits with np.count_nonzero, instead of the mean of a boolean array
def evaluate_accuracy(model, x, y):
    """Classification accuracy of a softmax model.

    Parameters
    ----------
    model : keras.Model
        Outputs class probabilities of shape (N, 10).
    x : ndarray of shape (N, 28, 28)
    y : ndarray of shape (N,), integer labels

    Returns
    -------
    float in [0, 1]
    """
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"{len(x)} images but {len(y)} labels.")
    hits = np.count_nonzero(np.argmax(model.predict(x, batch_size=256, verbose=0), axis=-1) == y)
    return hits / len(y)
