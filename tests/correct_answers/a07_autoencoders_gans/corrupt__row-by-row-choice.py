# correct: corrupts one row at a time, choosing its pixels with rng.choice(d, k, replace=False) (another use of the generator)
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
    if X.ndim != 2 or not 0 <= fraction <= 1 or kind not in ("masking", "salt_and_pepper", "gaussian"):
        raise ValueError(f"need a 2-D X, a fraction in [0, 1] and a known kind; got {X.shape}, {fraction}, {kind!r}.")
    rng = np.random.default_rng(seed)
    k = round(fraction * X.shape[1])
    noisy = X.copy()
    for row in noisy:
        chosen = rng.choice(X.shape[1], size=k, replace=False)
        if kind == "masking":
            row[chosen] = 0
        elif kind == "salt_and_pepper":
            row[chosen] = rng.integers(0, 2, size=k)
        else:
            row[chosen] = np.clip(row[chosen] + noise_std * rng.standard_normal(k), 0.0, 1.0)
    return noisy
