# mistake: uses np.linalg.eigh of the covariance, whose eigenvalues come in increasing order, and keeps the first k
# loses: pca_fit_matches_sklearn
def pca_fit(X, num_components):
    """Principal components from the eigenvectors of the covariance matrix (in eigh's ascending order)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    X_centred = X - mean
    eigenvalues, eigenvectors = np.linalg.eigh(X_centred.T @ X_centred / (len(X) - 1))
    components = eigenvectors.T[:num_components]
    largest = components[np.arange(num_components), np.abs(components).argmax(axis=1)]
    components = components * np.where(largest < 0, -1.0, 1.0)[:, None]
    ratio = eigenvalues / eigenvalues.sum()
    return mean, components, ratio[:num_components]
