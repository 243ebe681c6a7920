# mistake: the inverse transform forgets to add the mean back (Z @ components only)
# loses: pca_transform_roundtrip
def pca_transform(X, mean, components):
    """Scores of the rows of X on the components."""
    return (np.asarray(X, dtype=float) - mean) @ components.T


def pca_inverse_transform(Z, mean, components):
    """Points in the original space from their scores (mean not added back)."""
    return np.asarray(Z, dtype=float) @ components
