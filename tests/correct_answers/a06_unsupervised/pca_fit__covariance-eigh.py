# correct: an eigendecomposition of the covariance matrix (np.linalg.eigh), sorted by decreasing eigenvalue, instead of the SVD
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    num_components : int, 1 <= num_components <= min(N, d)

    Returns
    -------
    mean : ndarray of shape (d,)
        Column means of X.
    components : ndarray of shape (num_components, d)
        Orthonormal rows, by decreasing explained variance; the entry of largest absolute value of each is positive.
    explained_variance_ratio : ndarray of shape (num_components,)
        Fraction of the total variance along each component.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not 1 <= num_components <= min(X.shape):
        raise ValueError(f"need a 2-D X and 1 <= num_components <= min(N, d), got {X.shape} and {num_components}.")
    mean = X.mean(axis=0)
    centred = X - mean
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred / (len(X) - 1))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, components = np.clip(eigenvalues[order], 0, None), eigenvectors[:, order].T
    for row in components:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return mean, components[:num_components], eigenvalues[:num_components] / eigenvalues.sum()
