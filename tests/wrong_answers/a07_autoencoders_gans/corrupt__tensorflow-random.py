# mistake: draws the positions with TensorFlow (tf.random, tf.argsort) in a part that asks for NumPy only
# loses: corrupt_counts, corrupt_input_rules, corrupt_dtype, corrupt_seed_and_copy, corrupt_salt_and_pepper,
#   corrupt_gaussian_clipped
def corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5):
    """Corrupt a fixed fraction of the pixels of each image, positions drawn with TensorFlow."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), got {X.shape}.")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}.")
    if kind not in ("masking", "salt_and_pepper", "gaussian"):
        raise ValueError(f"unknown kind {kind!r}.")
    rng = np.random.default_rng(seed)
    scores = tf.random.stateless_uniform(X.shape, seed=[seed, 0])
    chosen = tf.argsort(scores, axis=1)[:, :round(fraction * X.shape[1])].numpy()
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
