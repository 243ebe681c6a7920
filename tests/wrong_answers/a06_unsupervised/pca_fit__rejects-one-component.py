# mistake: a range check that rejects the valid request num_components = 1 ("a projection needs at least 2 axes")
# loses: pca_fit_matches_sklearn
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 < num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 2 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    return mean, Vt[:num_components], (S**2 / np.sum(S**2))[:num_components]
