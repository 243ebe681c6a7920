# mistake: divides the sums by the counts without guarding empty clusters, so an empty cluster's centroid becomes NaN
# loses: kmeans_empty_cluster
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means with a vectorized update (no rule for empty clusters)."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

    num_rounds = 0
    for num_rounds in range(1, num_iterations + 1):
        labels, _ = assign(centroids)
        one_hot = np.eye(num_clusters)[labels]
        with np.errstate(invalid="ignore", divide="ignore"):
            new_centroids = (one_hot.T @ X) / one_hot.sum(axis=0)[:, None]
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    labels, squared_distances = assign(centroids)
    return centroids, labels, float(squared_distances[np.arange(len(X)), labels].sum()), num_rounds
