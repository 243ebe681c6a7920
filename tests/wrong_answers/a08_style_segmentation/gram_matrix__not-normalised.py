# mistake: leaves the Gram matrix as a sum over the positions (F^T F), not divided by H W, so it grows with the image
# loses: gram_matrix_values, gram_matrix_batched
def gram_matrix(F):
    """Gram matrices of a batch of feature maps (summed over the positions)."""
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be (B, H, W, C), got {F.shape}.")
    B, H, W, C = F.shape
    flat = F.reshape(B, H * W, C)
    return np.transpose(flat, (0, 2, 1)) @ flat
