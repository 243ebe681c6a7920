# correct: compares np.shape first, then divides the count of matches (np.count_nonzero, as an int) by len(y_true)
def accuracy(y_true, y_pred):
    """Fraction of correct predictions.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (N,)

    Returns
    -------
    float
    """
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"y_true and y_pred must have the same shape, got {np.shape(y_true)} and {np.shape(y_pred)}.")
    correct = int(np.count_nonzero(np.equal(y_true, y_pred)))
    return correct / len(y_true)
