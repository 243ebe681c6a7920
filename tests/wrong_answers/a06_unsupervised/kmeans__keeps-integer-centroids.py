# mistake: copies the initial centroids with their own dtype and sums into np.zeros_like(centroids), so integer starting points truncate the sums of float data (np.add.at casts them to integers)
# loses: kmeans_matches_sklearn
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means from given initial centroids, with a vectorized update."""
    X = np.asarray(X, dtype=float)
    centroids = initial_centroids.copy()
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

    num_rounds = 0
    for num_rounds in range(1, num_iterations + 1):
        labels, _ = assign(centroids)
        counts = np.bincount(labels, minlength=num_clusters)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, X)
        new_centroids = np.where((counts > 0)[:, None], sums / np.maximum(counts, 1)[:, None], centroids)
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    labels, squared_distances = assign(centroids)
    inertia = float(squared_distances[np.arange(len(X)), labels].sum())
    return centroids, labels, inertia, num_rounds
