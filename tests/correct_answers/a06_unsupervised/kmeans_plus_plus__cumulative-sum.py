# correct: draws each next centroid by inverting the cumulative D^2 weights with rng.random() and np.searchsorted instead of rng.choice(p=...)
def kmeans_plus_plus(X, num_clusters, seed=0):
    """k-means++ initial centroids (Arthur and Vassilvitskii 2007).

    Parameters
    ----------
    X : ndarray of shape (N, d)
    num_clusters : int, 1 <= num_clusters <= N
    seed : int

    Returns
    -------
    ndarray of shape (num_clusters, d)
        Rows of X, in the order they were chosen.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not 1 <= num_clusters <= len(X):
        raise ValueError(f"need a 2-D X and 1 <= num_clusters <= N, got {X.shape} and {num_clusters}.")
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(X)))]
    nearest = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    while len(chosen) < num_clusters:
        cumulative = np.cumsum(nearest)
        index = min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")), len(X) - 1)
        chosen.append(index)
        nearest = np.minimum(nearest, ((X - X[index]) ** 2).sum(axis=1))
    return np.array([X[i] for i in chosen])
