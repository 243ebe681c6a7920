# mistake: returns the SVD's components with whatever signs np.linalg.svd gives, ignoring the sign convention
# loses: pca_fit_matches_sklearn
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data (signs not fixed)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean, Vt[:num_components], (S**2 / np.sum(S**2))[:num_components]
