# mistake: returns the answer of the visible example instead of computing it
# loses: predict_values
def predict(X, w, b):
    """Threshold-unit predictions for every row of X."""
    return np.array([1, 0, 1, 0])
