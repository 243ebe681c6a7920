# mistake: leaves out the pixels whose predicted label is ignore_label instead of those whose true label is
# loses: confusion_matrix_values
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (true class, predicted class) pairs, ignoring by prediction."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"Shapes differ: {y_true.shape} and {y_pred.shape}.")
    y_true, y_pred = y_true.ravel().astype(np.int64), y_pred.ravel().astype(np.int64)
    if ignore_label is not None:
        keep = y_pred != ignore_label
        y_true, y_pred = y_true[keep], y_pred[keep]
    return np.bincount(num_classes * y_true + y_pred, minlength=num_classes**2).reshape(num_classes, num_classes)
