# mistake: always takes the point farthest from the chosen centroids (deterministic farthest-first), not a D^2 draw
# loses: kmeans_plus_plus_distribution
def kmeans_plus_plus(X, num_clusters, seed=0):
    """Initial centroids: a random first point, then always the farthest point."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and {len(X)}, got {num_clusters}.")
    rng = np.random.default_rng(seed)
    chosen = [rng.integers(len(X))]
    squared_distances = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(num_clusters - 1):
        chosen.append(int(np.argmax(squared_distances)))
        squared_distances = np.minimum(squared_distances, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return X[chosen].copy()
