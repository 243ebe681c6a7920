# mistake: multiplies by the transposed weights, X @ W.T (right only for square symmetric W)
# loses: dense_forward_values
def dense_forward(X, W, b):
    """Forward pass of a dense layer."""
    if np.ndim(X) != 2 or np.ndim(W) != 2 or np.shape(X)[1] != np.shape(W)[0] or np.shape(b) != np.shape(W)[1:]:
        raise ValueError(f"dense_forward needs X of shape (N, D), W of shape (D, M) and b of shape (M,); got "
                         f"{np.shape(X)}, {np.shape(W)} and {np.shape(b)}.")
    out = X @ W.T + b
    return out, (X, W)
