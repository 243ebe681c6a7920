# correct: projects on the components and maps back with np.einsum instead of the @ operator
def pca_transform(X, mean, components):
    """Scores of the rows of X on the components.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    mean : ndarray of shape (d,)
    components : ndarray of shape (k, d)

    Returns
    -------
    Z : ndarray of shape (N, k)
    """
    return np.einsum("nd,kd->nk", np.asarray(X, dtype=float) - mean, components)


def pca_inverse_transform(Z, mean, components):
    """Points in the original space from their scores.

    Parameters
    ----------
    Z : ndarray of shape (N, k)
    mean : ndarray of shape (d,)
    components : ndarray of shape (k, d)

    Returns
    -------
    X_hat : ndarray of shape (N, d)
    """
    return np.einsum("nk,kd->nd", np.asarray(Z, dtype=float), components) + mean
