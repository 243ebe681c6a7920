# mistake: centres with X -= mean after X = np.asarray(X, dtype=float), which for a float array is the caller's own
#   array, so the caller's data comes back centred
# loses: pca_fit_keeps_X
# fast
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
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (N, d), got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and min(N, d) = {min(X.shape)}, got {num_components}.")
    mean = X.mean(axis=0)
    X -= mean  # centres the caller's array: asarray of a float array is that array
    _, S, Vt = np.linalg.svd(X, full_matrices=False)
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    explained_variance_ratio = S**2 / np.sum(S**2)
    return mean, Vt[:num_components], explained_variance_ratio[:num_components]
