# mistake: corrupts each pixel independently with probability fraction, so the number per row is random, not round(fraction * d)
# loses: corrupt_counts, corrupt_salt_and_pepper, corrupt_gaussian_clipped
def corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5):
    """Corrupt each pixel with probability fraction."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), got {X.shape}.")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}.")
    if kind not in ("masking", "salt_and_pepper", "gaussian"):
        raise ValueError(f"unknown kind {kind!r}.")
    rng = np.random.default_rng(seed)
    mask = rng.random(X.shape) < fraction
    X_noisy = X.copy()
    if kind == "masking":
        X_noisy[mask] = 0
    elif kind == "salt_and_pepper":
        X_noisy[mask] = rng.integers(0, 2, size=mask.sum())
    else:
        X_noisy[mask] = np.clip(X[mask] + noise_std * rng.standard_normal(mask.sum()), 0.0, 1.0)
    return X_noisy
