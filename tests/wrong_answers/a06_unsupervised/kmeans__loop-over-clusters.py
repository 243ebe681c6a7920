# mistake: copies lecture 15's update, a Python loop over the clusters, where the assignment asks for a vectorized one
# loses: kmeans_vectorized
# fast
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means, updating one cluster at a time."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

    num_rounds = 0
    for num_rounds in range(1, num_iterations + 1):
        labels, _ = assign(centroids)
        new = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else centroids[j]
                        for j in range(len(centroids))])
        if np.array_equal(new, centroids):
            break
        centroids = new
    labels, squared_distances = assign(centroids)
    return centroids, labels, float(squared_distances[np.arange(len(X)), labels].sum()), num_rounds
