# mistake: divides by the norm of w alone (lecture 01's distance |w.x + b| / |w|), not by the norm of v = (w, b)
# loses: bound_values
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    signed = (2 * y - 1) * (X_tilde @ np.append(w, b))
    if not np.min(signed) > 0:
        raise ValueError("(w, b) does not separate the data.")
    margin = np.min(signed) / np.linalg.norm(w)
    radius = np.max(np.linalg.norm(X_tilde, axis=1))
    return float(margin), float(radius), float((radius / margin) ** 2)
