# mistake: reshapes the batch to (B H W, C), so every image gets one Gram matrix of the whole batch
# loses: gram_matrix_values, gram_matrix_batched
def gram_matrix(F):
    """Gram matrices of a batch of feature maps (positions of all images pooled)."""
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be (B, H, W, C), got {F.shape}.")
    B, H, W, C = F.shape
    flat = F.reshape(B * H * W, C)
    return np.repeat((flat.T @ flat / (B * H * W))[np.newaxis], B, axis=0)
