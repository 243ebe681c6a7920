# mistake: divides by the number of entries H W C (F.size per image) instead of the number of positions H W
# loses: gram_matrix_values
def gram_matrix(F):
    """Gram matrices of a batch of feature maps, divided by H W C."""
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be (B, H, W, C), got {F.shape}.")
    B, H, W, C = F.shape
    flat = F.reshape(B, H * W, C)
    return np.transpose(flat, (0, 2, 1)) @ flat / (H * W * C)
