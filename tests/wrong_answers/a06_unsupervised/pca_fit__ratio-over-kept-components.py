# mistake: divides each s_j^2 by the sum over the k kept singular values only, so the ratios always add up to 1
# loses: pca_fit_matches_sklearn
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    kept = S[:num_components] ** 2
    return mean, Vt[:num_components], kept / kept.sum()
