# mistake: always runs all num_iterations rounds and reports that many, instead of stopping once no centroid moves
# loses: kmeans_matches_sklearn
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means with a vectorized update (never stops early)."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

    for _ in range(num_iterations):
        labels, _ = assign(centroids)
        counts = np.bincount(labels, minlength=num_clusters)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, X)
        centroids = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centroids)
    labels, squared_distances = assign(centroids)
    return centroids, labels, float(squared_distances[np.arange(len(X)), labels].sum()), num_iterations
