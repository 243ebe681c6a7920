# correct: one np.einsum over the positions, divided by H W, instead of reshaping and a batched matrix product
def gram_matrix(F):
    """Gram matrices of a batch of feature maps, averaged over the positions.

    Parameters
    ----------
    F : ndarray of shape (B, H, W, C)

    Returns
    -------
    ndarray of shape (B, C, C)
        G[b, c, d] = mean over the H W positions (i, j) of F[b, i, j, c] * F[b, i, j, d].
    """
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must have shape (B, H, W, C), got {F.shape}; use F[np.newaxis] for one image.")
    return np.einsum("bhwc,bhwd->bcd", F, F) / (F.shape[1] * F.shape[2])
