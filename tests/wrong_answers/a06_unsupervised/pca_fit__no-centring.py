# mistake: takes the SVD of X itself instead of the centred X - mean, so the first component points at the mean
# loses: pca_fit_matches_sklearn
# fast
def pca_fit(X, num_components):
    """Principal components of X by the SVD (forgets to centre)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X, full_matrices=False)
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    return mean, Vt[:num_components], (S**2 / np.sum(S**2))[:num_components]
