# mistake: puts the predicted class in the rows and the true class in the columns
# loses: confusion_matrix_values
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (predicted class, true class) pairs."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"Shapes differ: {y_true.shape} and {y_pred.shape}.")
    y_true, y_pred = y_true.ravel().astype(np.int64), y_pred.ravel().astype(np.int64)
    if ignore_label is not None:
        keep = y_true != ignore_label
        y_true, y_pred = y_true[keep], y_pred[keep]
    return np.bincount(num_classes * y_pred + y_true, minlength=num_classes**2).reshape(num_classes, num_classes)
