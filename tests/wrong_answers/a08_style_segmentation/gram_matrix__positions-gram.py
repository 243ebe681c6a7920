# mistake: multiplies in the wrong order, F F^T, which gives an (H W, H W) matrix of positions, not (C, C) of channels
# loses: gram_matrix_values, gram_matrix_batched
def gram_matrix(F):
    """Gram matrices of a batch of feature maps (positions by positions)."""
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be (B, H, W, C), got {F.shape}.")
    B, H, W, C = F.shape
    flat = F.reshape(B, H * W, C)
    return flat @ np.transpose(flat, (0, 2, 1)) / (H * W)
