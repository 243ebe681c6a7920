# mistake: multiplies by the 0/1 labels instead of the signs 2y - 1, so every label-0 point has margin 0
# loses: bound_values, bound_not_separating
# fast
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    v = np.append(w, b)
    signed = y * (X_tilde @ v)
    if not np.min(signed) > 0:
        raise ValueError("(w, b) does not separate the data.")
    margin = np.min(signed) / np.linalg.norm(v)
    radius = np.max(np.linalg.norm(X_tilde, axis=1))
    return float(margin), float(radius), float((radius / margin) ** 2)
