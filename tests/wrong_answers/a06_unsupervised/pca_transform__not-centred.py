# mistake: projects X without subtracting the mean first, and subtracts the projected mean nowhere
# loses: pca_transform_roundtrip
def pca_transform(X, mean, components):
    """Scores of the rows of X on the components (X not centred)."""
    return np.asarray(X, dtype=float) @ components.T


def pca_inverse_transform(Z, mean, components):
    """Points in the original space from their scores."""
    return np.asarray(Z, dtype=float) @ components + mean
