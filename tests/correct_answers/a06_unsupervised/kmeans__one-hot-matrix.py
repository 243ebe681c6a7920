# correct: the update with a one-hot matrix A (sums A.T @ X, counts A.sum(axis=0)) and a while loop over the rounds
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
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError("initial_centroids must have shape (K, d) with X's d columns.")

    def nearest(centroids):
        distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return distances.argmin(axis=1), distances

    rounds = 0
    while rounds < num_iterations:
        rounds += 1
        labels, _ = nearest(centroids)
        one_hot = np.eye(len(centroids))[labels]
        counts = one_hot.sum(axis=0)
        means = (one_hot.T @ X) / np.where(counts > 0, counts, 1)[:, None]
        updated = np.where((counts > 0)[:, None], means, centroids)
        moved = not np.array_equal(updated, centroids)
        centroids = updated
        if not moved:
            break
    labels, distances = nearest(centroids)
    return centroids, labels, float(distances[np.arange(len(X)), labels].sum()), rounds
