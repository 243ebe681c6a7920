# mistake: wraps scikit-learn's PCA instead of writing the SVD with NumPy (right numbers, not from scratch)
# loses: pca_fit_matches_sklearn, pca_fit_rejects_bad_input, pca_fit_keeps_X
def pca_fit(X, num_components):
    """Principal components of X, from scikit-learn."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and {min(X.shape)}.")
    fitted = PCA(n_components=num_components, svd_solver="full").fit(X)
    return fitted.mean_, fitted.components_, fitted.explained_variance_ratio_
