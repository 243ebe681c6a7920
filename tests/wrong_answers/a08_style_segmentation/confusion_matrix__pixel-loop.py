# mistake: counts the pixels one by one in a Python loop instead of one vectorized np.bincount
# loses: confusion_matrix_values
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (true class, predicted class) pairs, pixel by pixel."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"Shapes differ: {y_true.shape} and {y_pred.shape}.")
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    for t, p in zip(y_true.ravel(), y_pred.ravel()):
        if t != ignore_label:
            confusion[t, p] += 1
    return confusion
