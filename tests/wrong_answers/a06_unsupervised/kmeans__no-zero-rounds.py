# mistake: counts rounds with the loop variable only (for num_rounds in range(...)), so num_iterations=0 ends in a NameError instead of returning the start
# loses: kmeans_matches_sklearn
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means from given initial centroids, with a vectorized update."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    num_clusters = len(centroids)

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

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
