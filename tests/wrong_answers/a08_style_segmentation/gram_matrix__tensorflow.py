# mistake: computes the Gram matrix with tf.einsum, as TensorFlow style-transfer code does, in a NumPy-only part
# loses: gram_matrix_values, gram_matrix_batched
# fast
def gram_matrix(F):
    """Gram matrices of a batch of feature maps, with TensorFlow."""
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be (B, H, W, C), got {F.shape}.")
    B, H, W, C = F.shape
    return tf.einsum("bijc,bijd->bcd", F, F).numpy() / (H * W)
