# mistake: chooses each next centroid with probability proportional to D(x), not D(x)^2
# loses: kmeans_plus_plus_distribution
def kmeans_plus_plus(X, num_clusters, seed=0):
    """k-means++ initial centroids (with D instead of D^2)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and {len(X)}, got {num_clusters}.")
    rng = np.random.default_rng(seed)
    chosen = [rng.integers(len(X))]
    distances = np.sqrt(((X - X[chosen[0]]) ** 2).sum(axis=1))
    for _ in range(num_clusters - 1):
        chosen.append(rng.choice(len(X), p=distances / distances.sum()))
        distances = np.minimum(distances, np.sqrt(((X - X[chosen[-1]]) ** 2).sum(axis=1)))
    return X[chosen].copy()
