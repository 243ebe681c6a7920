# mistake: picks all K centroids uniformly at random among the points (random distinct points, not k-means++)
# loses: kmeans_plus_plus_distribution
# fast
def kmeans_plus_plus(X, num_clusters, seed=0):
    """Initial centroids: distinct rows of X chosen uniformly."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and {len(X)}, got {num_clusters}.")
    rng = np.random.default_rng(seed)
    return X[rng.choice(len(X), num_clusters, replace=False)].copy()
