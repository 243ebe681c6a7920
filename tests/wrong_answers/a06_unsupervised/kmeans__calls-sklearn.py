# mistake: wraps scikit-learn's KMeans (with the same options as the check) instead of writing Lloyd's algorithm
# loses: kmeans_matches_sklearn, kmeans_rejects_bad_input, kmeans_keeps_inputs, kmeans_vectorized, kmeans_empty_cluster
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means, from scikit-learn."""
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}), got {centroids.shape}.")
    fitted = KMeans(n_clusters=len(centroids), init=centroids, n_init=1, max_iter=num_iterations, tol=0,
                    algorithm="lloyd").fit(X)
    return fitted.cluster_centers_, fitted.labels_, float(fitted.inertia_), int(fitted.n_iter_)
