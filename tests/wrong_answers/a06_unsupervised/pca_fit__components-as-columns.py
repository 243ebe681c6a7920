# mistake: takes the first k columns of Vt (rows of V) as the components instead of the first k rows of Vt
# loses: pca_fit_matches_sklearn
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data (columns of Vt taken)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    components = Vt.T[:num_components]
    largest = components[np.arange(num_components), np.abs(components).argmax(axis=1)]
    components = components * np.where(largest < 0, -1.0, 1.0)[:, None]
    return mean, components, (S**2 / np.sum(S**2))[:num_components]
