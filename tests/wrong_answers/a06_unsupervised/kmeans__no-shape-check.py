# mistake: never checks initial_centroids' shape, so centroids of shape (2, 1) broadcast against X of shape (3, 2)
#   into wrong distances instead of raising ValueError
# loses: kmeans_rejects_bad_input
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means from given initial centroids, with a vectorized update.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    initial_centroids : ndarray of shape (K, d)
    num_iterations : int, at least 0
        Largest number of assign-then-update rounds (0: the initial centroids come back).

    Returns
    -------
    centroids : ndarray of shape (K, d)
    labels : ndarray of shape (N,), integers in 0 .. K - 1
        Index of the nearest final centroid of each point.
    inertia : float
        Sum of squared distances of the points to their centroids.
    num_rounds : int
        Rounds run, counting the one in which no centroid moved.
    """
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
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
        nonempty = counts > 0  # an empty cluster keeps its old centroid
        new_centroids = np.where(nonempty[:, None], sums / np.maximum(counts, 1)[:, None], centroids)
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    labels, squared_distances = assign(centroids)
    inertia = float(squared_distances[np.arange(len(X)), labels].sum())
    return centroids, labels, inertia, num_rounds
