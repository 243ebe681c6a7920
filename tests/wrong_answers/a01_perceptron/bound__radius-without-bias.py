# mistake: takes R as the largest norm of the points x, forgetting the constant 1 appended for the bias
# loses: bound_values
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    v = np.append(w, b)
    signed = (2 * y - 1) * (X @ w + b)
    if not np.min(signed) > 0:
        raise ValueError("(w, b) does not separate the data.")
    margin = np.min(signed) / np.linalg.norm(v)
    radius = np.max(np.linalg.norm(X, axis=1))
    return float(margin), float(radius), float((radius / margin) ** 2)
