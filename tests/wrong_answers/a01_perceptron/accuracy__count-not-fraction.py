# mistake: returns the number of correct predictions instead of their fraction
# loses: accuracy_values
def accuracy(y_true, y_pred):
    """Fraction of correct predictions."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred have different shapes.")
    return float(np.sum(y_true == y_pred))
