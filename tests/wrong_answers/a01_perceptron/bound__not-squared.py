# mistake: returns R / gamma, Novikoff's bound without the square
# loses: bound_values
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them."""
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    v = np.append(w, b)
    signed = (2 * y - 1) * (X_tilde @ v)
    if not np.min(signed) > 0:
        raise ValueError("(w, b) does not separate the data.")
    margin = np.min(signed) / np.linalg.norm(v)
    radius = np.max(np.linalg.norm(X_tilde, axis=1))
    return float(margin), float(radius), float(radius / margin)
