# mistake: checks neither the shape of X nor the range of num_components, so a request for 65 components of 64
#   features quietly returns 64
# loses: pca_fit_rejects_bad_input
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
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    explained_variance_ratio = S**2 / np.sum(S**2)
    return mean, Vt[:num_components], explained_variance_ratio[:num_components]
