# mistake: returns the numbers of the visible AND example instead of computing them
# loses: bound_values, bound_not_separating
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    return 0.5 / np.sqrt(4.25), np.sqrt(3.0), 51.0
