# mistake: returns X itself when fraction is 0 (nothing to corrupt), not a new array, so the caller's later changes to
#   the result change their images
# loses: corrupt_seed_and_copy
def corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5):
    """Corrupt a fixed fraction of the pixels of each image, at random positions.

    Parameters
    ----------
    X : ndarray of shape (N, d)
        Images, one per row, values in [0, 1].
    fraction : float in [0, 1]
    seed : int
    kind : {"masking", "salt_and_pepper", "gaussian"}
    noise_std : float
        Standard deviation of the Gaussian noise (kind "gaussian" only).

    Returns
    -------
    ndarray of shape (N, d), same dtype as X
        A copy of X in which round(fraction * d) pixels of every row are corrupted.
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), one image per row; got shape {X.shape}: reshape it first.")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}.")
    if kind not in ("masking", "salt_and_pepper", "gaussian"):
        raise ValueError(f"kind must be 'masking', 'salt_and_pepper' or 'gaussian', got {kind!r}.")
    if fraction == 0:
        return X  # nothing to corrupt
    rng = np.random.default_rng(seed)
    num_chosen = round(fraction * X.shape[1])
    chosen = np.argsort(rng.random(X.shape), axis=1)[:, :num_chosen]
    if kind == "masking":
        new_values = np.zeros(chosen.shape)
    elif kind == "salt_and_pepper":
        new_values = rng.integers(0, 2, size=chosen.shape).astype(float)
    else:
        old_values = np.take_along_axis(X, chosen, axis=1)
        new_values = np.clip(old_values + noise_std * rng.standard_normal(chosen.shape), 0.0, 1.0)
    X_noisy = X.copy()
    np.put_along_axis(X_noisy, chosen, new_values.astype(X.dtype), axis=1)
    return X_noisy
