# mistake: takes argmin over axis 0 of the (N, K) distances, the nearest point of each centroid, instead of axis 1
# loses: kmeans_matches_sklearn, kmeans_vectorized, kmeans_empty_cluster
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means with a vectorized update."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=0), squared_distances

    num_rounds = 0
    for num_rounds in range(1, num_iterations + 1):
        labels, _ = assign(centroids)
        counts = np.bincount(labels, minlength=num_clusters)[:num_clusters]
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels[labels < num_clusters], X[labels[labels < num_clusters]])
        new_centroids = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centroids)
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    labels, squared_distances = assign(centroids)
    return centroids, labels, float(squared_distances.min(axis=1).sum()), num_rounds
