# mistake: accumulates the counts with np.add.at into a float array, so the matrix holds floats (the statement asks for integers)
# loses: confusion_matrix_values
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (true class, predicted class) pairs over all pixels."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"Shapes differ: {y_true.shape} and {y_pred.shape}.")
    y_true, y_pred = y_true.ravel().astype(np.int64), y_pred.ravel().astype(np.int64)
    if ignore_label is not None:
        keep = y_true != ignore_label
        y_true, y_pred = y_true[keep], y_pred[keep]
    counts = np.zeros((num_classes, num_classes))
    np.add.at(counts, (y_true, y_pred), 1)
    return counts
