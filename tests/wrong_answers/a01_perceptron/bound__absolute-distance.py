# mistake: takes the smallest unsigned distance |v.x~| / |v|, so a point on the wrong side goes unnoticed
# loses: bound_not_separating
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    v = np.append(w, b)
    distance = np.abs(X_tilde @ v)
    if not np.min(distance) > 0:
        raise ValueError("a point lies on the boundary.")
    margin = np.min(distance) / np.linalg.norm(v)
    radius = np.max(np.linalg.norm(X_tilde, axis=1))
    return float(margin), float(radius), float((radius / margin) ** 2)
