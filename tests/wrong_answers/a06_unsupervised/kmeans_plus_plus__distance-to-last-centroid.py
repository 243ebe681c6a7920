# mistake: weights the points by the squared distance to the LAST centroid chosen, not to the nearest one
# loses: kmeans_plus_plus_invariants, kmeans_plus_plus_distribution
def kmeans_plus_plus(X, num_clusters, seed=0):
    """k-means++ initial centroids (distance to the last pick only)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and {len(X)}, got {num_clusters}.")
    rng = np.random.default_rng(seed)
    chosen = [rng.integers(len(X))]
    for _ in range(num_clusters - 1):
        squared_distances = ((X - X[chosen[-1]]) ** 2).sum(axis=1)
        chosen.append(rng.choice(len(X), p=squared_distances / squared_distances.sum()))
    return X[chosen].copy()
