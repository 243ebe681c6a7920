# mistake: compares arrays of different lengths without complaint (NumPy broadcasts or returns a scalar)
# loses: accuracy_values
def accuracy(y_true, y_pred):
    """Fraction of correct predictions."""
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
