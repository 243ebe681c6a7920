# mistake: returns the labels of the last assign step, made with the centroids before their last update
# loses: kmeans_matches_sklearn, kmeans_vectorized
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means with a vectorized update (labels not refreshed at the end)."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)
    num_rounds = 0
    for num_rounds in range(1, num_iterations + 1):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        labels = squared_distances.argmin(axis=1)
        counts = np.bincount(labels, minlength=num_clusters)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, X)
        new_centroids = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centroids)
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    inertia = float(((X - centroids[labels]) ** 2).sum())
    return centroids, labels, inertia, num_rounds
