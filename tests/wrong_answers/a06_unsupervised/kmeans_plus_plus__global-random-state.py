# mistake: draws from the global np.random instead of np.random.default_rng(seed), so the seed changes nothing
# loses: kmeans_plus_plus_invariants
def kmeans_plus_plus(X, num_clusters, seed=0):
    """k-means++ initial centroids (ignores the seed)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and {len(X)}, got {num_clusters}.")
    chosen = [np.random.randint(len(X))]
    squared_distances = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(num_clusters - 1):
        chosen.append(np.random.choice(len(X), p=squared_distances / squared_distances.sum()))
        squared_distances = np.minimum(squared_distances, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return X[chosen].copy()
