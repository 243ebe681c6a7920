# mistake: rejects only a negative margin, so a point on the boundary (margin 0) gives an infinite bound
# loses: bound_not_separating
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    v = np.append(w, b)
    signed = (2 * y - 1) * (X_tilde @ v)
    if np.min(signed) < 0:
        raise ValueError("(w, b) does not separate the data.")
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.min(signed) / np.linalg.norm(v)
        radius = np.max(np.linalg.norm(X_tilde, axis=1))
        return float(margin), float(radius), float((radius / margin) ** 2)
