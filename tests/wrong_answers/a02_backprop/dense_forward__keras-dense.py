# mistake: calls a Keras Dense layer with the given weights instead of writing X W + b in NumPy
# loses: dense_forward_values
def dense_forward(X, W, b):
    """Forward pass of a dense layer."""
    if np.ndim(X) != 2 or np.ndim(W) != 2 or np.shape(X)[1] != np.shape(W)[0] or np.shape(b) != np.shape(W)[1:]:
        raise ValueError(f"dense_forward needs X of shape (N, D), W of shape (D, M) and b of shape (M,); got "
                         f"{np.shape(X)}, {np.shape(W)} and {np.shape(b)}.")
    import keras

    out = keras.ops.convert_to_numpy(keras.ops.add(keras.ops.matmul(X, W), b)).astype(np.float64)
    return out, (X, W)
