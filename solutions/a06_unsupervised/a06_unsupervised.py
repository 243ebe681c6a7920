# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 06: PCA and k-means from scratch, and reading a t-SNE map
#
# You will write principal component analysis with NumPy's SVD (Pearson 1901, Hotelling 1933) and Lloyd's k-means
# (Lloyd 1982), check both against scikit-learn on the 8x8 digits, and then read a t-SNE map
# (van der Maaten and Hinton 2008) as Wattenberg, Viégas and Johnson ("How to use t-SNE effectively", 2016) advise.
#
# **Prerequisites:** lecture 15 (PCA, k-means and t-SNE). **Points:** 20, in five parts (17 autograded, 3 marked
# by hand).
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np
import threadpoolctl
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

import course
from course import checks

course.setup(quiet=True)
threadpoolctl.threadpool_limits(limits=1, user_api="openmp")  # scikit-learn's OpenMP loops stall on busy machines
X_digits, y_digits = course.load_digits()


def sign_aligned(rows, reference_rows):
    """Flip each row of `rows` so that it points the same way as the matching row of `reference_rows`."""
    signs = np.sign(np.sum(np.asarray(rows) * reference_rows, axis=1, keepdims=True))
    return np.where(signs == 0, 1, signs) * rows

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: fitting PCA with the SVD (5 points)
#
# Centre the data with its column means $\mu$, take the thin SVD of the centred data and keep the first
# $k$ right singular vectors:
#
# $$X_c = X - \mu = U S V^\top, \qquad \text{components} = \text{first } k \text{ rows of } V^\top, \qquad
# \text{explained variance ratio}_j = \frac{s_j^2}{\sum_{l} s_l^2},$$
#
# where the sum in the denominator runs over **all** singular values, not only the $k$ you keep.
#
# * In: `X` of shape `(N, d)`, an integer `num_components` $k$.
# * Out: the tuple `(mean, components, explained_variance_ratio)` of shapes `(d,)`, `(k, d)`, `(k,)`, the components
#   ordered by decreasing variance (`np.linalg.svd(..., full_matrices=False)` already sorts them).
# * Raise a `ValueError` if `X` is not 2-D or if `num_components` is not between 1 and `min(N, d)`.
#
# A component is defined only up to its sign, so the check flips each of your components to point the same way as
# scikit-learn's (`PCA(svd_solver="full")`) before comparing them. It also compares the explained variance ratios,
# the mean, and the reconstruction $\hat X = X_c V_k V_k^\top + \mu$ built from your output, on the digits (visible)
# and on random data of other shapes (hidden).

# %% nbgrader={"grade": false, "grade_id": "pca_fit", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pca_fit(X, num_components):
    """Principal components of X by the SVD of the centred data.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    num_components : int, 1 <= num_components <= min(N, d)

    Returns
    -------
    mean : ndarray of shape (d,)
        Column means of X.
    components : ndarray of shape (num_components, d)
        Orthonormal rows, by decreasing explained variance.
    explained_variance_ratio : ndarray of shape (num_components,)
        Fraction of the total variance along each component.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (N, d), got shape {X.shape}.")
    if not 1 <= num_components <= min(X.shape):
        raise ValueError(f"num_components must be between 1 and min(N, d) = {min(X.shape)}, got {num_components}.")
    mean = X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X - mean, full_matrices=False)
    explained_variance_ratio = S**2 / np.sum(S**2)
    return mean, Vt[:num_components], explained_variance_ratio[:num_components]
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "pca_fit_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the first two components of the digits keep about 15 % and 14 % of the variance.
mean, components, explained_variance_ratio = pca_fit(X_digits, 10)
print("shapes:", np.shape(mean), np.shape(components), np.shape(explained_variance_ratio))
print("explained variance ratios:", np.round(explained_variance_ratio, 4))
print("scikit-learn:             ", np.round(PCA(n_components=10, svd_solver="full").fit(X_digits).explained_variance_ratio_, 4))

# %% nbgrader={"grade": true, "grade_id": "pca_fit_matches_sklearn", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Check pca_fit against scikit-learn's PCA (components up to sign, ratios, mean, reconstruction) and its ValueError"""
def check_pca_fit(X, k, name):
    result = pca_fit(X, k)
    checks.assert_returns(result, "pca_fit", tuple)
    mean, components, ratio = result
    reference = PCA(n_components=k, svd_solver="full").fit(X)
    checks.assert_array(components, f"components on {name}", shape=(k, X.shape[1]))
    checks.assert_allclose(mean, reference.mean_, f"mean on {name}", hint="Average over the rows: X.mean(axis=0).")
    checks.assert_allclose(sign_aligned(components, reference.components_), reference.components_,
                           f"components on {name} (signs aligned)", atol=1e-6,
                           hint="Centre X first, and take the first k ROWS of Vt (not columns of U).")
    checks.assert_allclose(ratio, reference.explained_variance_ratio_, f"explained_variance_ratio on {name}",
                           atol=1e-8, hint="Divide s_j**2 by the sum over ALL singular values, then keep k.")
    X_hat = (X - mean) @ components.T @ components + mean
    checks.assert_allclose(X_hat, reference.inverse_transform(reference.transform(X)),
                           f"reconstruction from your components on {name}", atol=1e-6)

check_pca_fit(X_digits, 10, "the digits, k = 10")
try:
    pca_fit(X_digits, 65)
except ValueError:
    pass
else:
    raise AssertionError("pca_fit(X, 65) on 64 features should raise ValueError: k can be at most min(N, d).")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(60)
check_pca_fit(rng.normal(size=(50, 7)) * np.arange(1, 8) + 3.0, 3, "random data of shape (50, 7), k = 3")
check_pca_fit(rng.normal(size=(20, 30)) * np.linspace(1, 4, 30) - 1.0, 5, "random data of shape (20, 30), k = 5")
check_pca_fit(rng.normal(size=(40, 4)) * np.array([5.0, 3.0, 2.0, 1.0]), 4, "random data of shape (40, 4), k = d = 4")
for bad_k in (0, 21):
    try:
        pca_fit(rng.normal(size=(20, 30)), bad_k)
    except ValueError:
        pass
    else:
        raise AssertionError(f"pca_fit on shape (20, 30) with num_components={bad_k} should raise ValueError.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: projecting and reconstructing (4 points)
#
# With the mean $\mu$ and the components $V_k^\top$ (shape `(k, d)`) of a fitted PCA,
#
# $$Z = (X - \mu)\, V_k \quad \text{(transform)}, \qquad \hat X = Z\, V_k^\top + \mu \quad \text{(inverse transform)}.$$
#
# * `pca_transform(X, mean, components)`: `X` `(N, d)` to scores `Z` `(N, k)`.
# * `pca_inverse_transform(Z, mean, components)`: `Z` `(N, k)` back to `(N, d)`.
#
# The check feeds your functions scikit-learn's own `mean_` and `components_` (so this part does not depend on
# Part A) and compares with `PCA.transform` and `PCA.inverse_transform`, and checks that keeping all components
# gives back `X` exactly.

# %% nbgrader={"grade": false, "grade_id": "pca_transform", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pca_transform(X, mean, components):
    """Scores of the rows of X on the components.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    mean : ndarray of shape (d,)
    components : ndarray of shape (k, d)

    Returns
    -------
    Z : ndarray of shape (N, k)
    """
    ### BEGIN SOLUTION
    return (np.asarray(X, dtype=float) - mean) @ components.T
    ### END SOLUTION


def pca_inverse_transform(Z, mean, components):
    """Points in the original space from their scores.

    Parameters
    ----------
    Z : ndarray of shape (N, k)
    mean : ndarray of shape (d,)
    components : ndarray of shape (k, d)

    Returns
    -------
    X_hat : ndarray of shape (N, d)
    """
    ### BEGIN SOLUTION
    return np.asarray(Z, dtype=float) @ components + mean
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "pca_transform_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: reconstructions of the first five digits from 2, 10 and 64 components (top row: the originals).
reference = PCA(svd_solver="full").fit(X_digits)
rows = [X_digits[:5]]
for k in (2, 10, 64):
    Z = pca_transform(X_digits[:5], reference.mean_, reference.components_[:k])
    rows.append(pca_inverse_transform(Z, reference.mean_, reference.components_[:k]))
fig = course.plot_images(np.vstack(rows), num_columns=5)

# %% nbgrader={"grade": true, "grade_id": "pca_transform_roundtrip", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check pca_transform and pca_inverse_transform against scikit-learn, and the exact round trip with all components"""
def check_transforms(X, k, name):
    reference = PCA(n_components=k, svd_solver="full").fit(X)
    Z = pca_transform(X, reference.mean_, reference.components_)
    checks.assert_array(Z, f"pca_transform on {name}", shape=(len(X), k))
    checks.assert_allclose(Z, reference.transform(X), f"pca_transform on {name}", atol=1e-6,
                           hint="Subtract the mean before projecting: Z = (X - mean) @ components.T.")
    X_hat = pca_inverse_transform(Z, reference.mean_, reference.components_)
    checks.assert_array(X_hat, f"pca_inverse_transform on {name}", shape=X.shape)
    checks.assert_allclose(X_hat, reference.inverse_transform(reference.transform(X)),
                           f"pca_inverse_transform on {name}", atol=1e-6, hint="Add the mean back: Z @ components + mean.")

check_transforms(X_digits, 10, "the digits, k = 10")
full = PCA(svd_solver="full").fit(X_digits)
round_trip = pca_inverse_transform(pca_transform(X_digits, full.mean_, full.components_), full.mean_, full.components_)
checks.assert_allclose(round_trip, X_digits, "the round trip with all 64 components", atol=1e-8)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(61)
check_transforms(rng.normal(size=(30, 6)) * np.arange(1, 7) + 2.0, 2, "random data of shape (30, 6), k = 2")
check_transforms(rng.normal(size=(12, 25)) + 5.0, 4, "random data of shape (12, 25), k = 4")
check_transforms(rng.normal(size=(40, 3)), 1, "random data of shape (40, 3), k = 1")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: k-means from scratch (5 points)
#
# Lloyd's algorithm with $K$ centroids $\mu_1, \dots, \mu_K$ repeats two steps:
#
# $$\text{assign: } c_i = \arg\min_j \lVert x_i - \mu_j \rVert^2, \qquad
# \text{update: } \mu_j = \text{mean of the points } x_i \text{ with } c_i = j .$$
#
# Write `kmeans(X, initial_centroids, num_iterations)`:
#
# * Start from `initial_centroids` (shape `(K, d)`; do not change that array in place). Run `num_iterations` rounds
#   of assign-then-update (you may stop early once the centroids stop changing: further rounds change nothing).
# * Then assign every point once more to its nearest **final** centroid: those are the `labels`, and the
#   **inertia** is $J = \sum_i \lVert x_i - \mu_{c_i} \rVert^2$ for the final centroids and labels.
# * Out: `(centroids, labels, inertia)` of shapes `(K, d)`, `(N,)` (integers 0 to K - 1) and a Python `float`.
# * Raise a `ValueError` if `initial_centroids` does not have as many columns as `X`.
# * Ties: when a point is exactly as far from two centroids, take the one with the smaller index (`np.argmin` does).
#
# The check compares your result with `KMeans(n_clusters=K, init=initial_centroids, n_init=1, max_iter=num_iterations,
# tol=0, algorithm="lloyd")` from the same initial centroids: labels identical, inertia and centroids equal up to
# rounding. It uses starts where no cluster becomes empty (Part D is about those).

# %% nbgrader={"grade": false, "grade_id": "kmeans", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kmeans(X, initial_centroids, num_iterations):
    """Lloyd's k-means from given initial centroids.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    initial_centroids : ndarray of shape (K, d)
    num_iterations : int
        Number of assign-then-update rounds.

    Returns
    -------
    centroids : ndarray of shape (K, d)
    labels : ndarray of shape (N,), integers in 0 .. K - 1
        Index of the nearest final centroid of each point.
    inertia : float
        Sum of squared distances of the points to their centroids.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}) to match X of shape {X.shape}, "
                         f"got {centroids.shape}.")

    def assign(centroids):
        squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return squared_distances.argmin(axis=1), squared_distances

    for _ in range(num_iterations):
        labels, _ = assign(centroids)
        new_centroids = centroids.copy()
        for j in range(len(centroids)):
            if np.any(labels == j):  # an empty cluster keeps its old centroid
                new_centroids[j] = X[labels == j].mean(axis=0)
        if np.array_equal(new_centroids, centroids):
            break
        centroids = new_centroids
    labels, squared_distances = assign(centroids)
    inertia = float(squared_distances[np.arange(len(X)), labels].sum())
    return centroids, labels, inertia
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "kmeans_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it on the digits with 10 random digits as the start, nudged off the integer pixel grid so that no point is
# exactly as far from two starting centroids (two programs may break such ties differently).
rng = np.random.default_rng(6)
start = X_digits[rng.choice(len(X_digits), 10, replace=False)] + rng.normal(scale=0.5, size=(10, 64))
centroids, labels, inertia = kmeans(X_digits, start, num_iterations=20)
reference = KMeans(n_clusters=10, init=start, n_init=1, max_iter=20, tol=0, algorithm="lloyd").fit(X_digits)
print(f"your inertia {inertia:,.3f} | scikit-learn's {reference.inertia_:,.3f}")
print("labels identical:", np.array_equal(labels, reference.labels_))
fig = course.plot_images(centroids, labels=[f"centroid {j}" for j in range(10)])

# %% nbgrader={"grade": true, "grade_id": "kmeans_matches_sklearn", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Check kmeans against scikit-learn's Lloyd k-means from the same start: labels, inertia, centroids, ValueError"""
def check_kmeans(X, start, num_iterations, name):
    start_copy = start.copy()
    result = kmeans(X, start, num_iterations)
    checks.assert_returns(result, "kmeans", tuple)
    centroids, labels, inertia = result
    reference = KMeans(n_clusters=len(start), init=start_copy, n_init=1, max_iter=num_iterations, tol=0,
                       algorithm="lloyd").fit(X)
    checks.assert_allclose(start, start_copy, "the initial_centroids you were given",
                           hint="Work on a copy: centroids = initial_centroids.copy().")
    checks.assert_array(labels, f"labels on {name}", shape=(len(X),))
    checks.assert_equal(labels, reference.labels_, f"labels on {name}",
                        hint="Labels are the nearest FINAL centroids: assign once more after the last update.")
    checks.assert_returns(inertia, "inertia", (float, np.floating))
    checks.assert_allclose(inertia, reference.inertia_, f"inertia on {name}", rtol=1e-8,
                           hint="Sum the SQUARED distances of each point to its own centroid.")
    checks.assert_allclose(centroids, reference.cluster_centers_, f"centroids on {name}", atol=1e-6)

rng = np.random.default_rng(6)
start = X_digits[rng.choice(len(X_digits), 10, replace=False)] + rng.normal(scale=0.5, size=(10, 64))
check_kmeans(X_digits, start, 20, "the digits, K = 10, 20 iterations")
check_kmeans(np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0], [10.0, 9.0]]), np.array([[0.2, 0.1], [0.4, 0.1]]), 1,
             "four points in 2-D, K = 2, 1 iteration")
try:
    kmeans(X_digits, start[:, :10], 5)
except ValueError:
    pass
else:
    raise AssertionError("kmeans should raise ValueError when initial_centroids has 10 columns but X has 64.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(62)
blobs = np.vstack([rng.normal(loc=center, size=(40, 3)) for center in ([0, 0, 0], [6, 0, 0], [0, 6, 0], [3, 3, 6])])
check_kmeans(blobs, blobs[[0, 1, 2, 41, 85]] + 0.1, 1, "3-D blobs, K = 5, 1 iteration")
check_kmeans(blobs, blobs[[0, 1, 2, 41, 85]] + 0.1, 50, "3-D blobs, K = 5, 50 iterations")
scores = rng.normal(size=(150, 5)) * np.array([4.0, 3.0, 2.0, 1.0, 1.0])
check_kmeans(scores, rng.normal(size=(3, 5)) * 0.5, 7, "random 5-D data, K = 3, 7 iterations")
start = X_digits[rng.choice(len(X_digits), 4, replace=False)] + rng.normal(scale=0.5, size=(4, 64))
check_kmeans(X_digits, start, 100, "the digits, K = 4, 100 iterations")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: an empty cluster (3 points)
#
# If no point is nearest to centroid $j$, its mean is undefined: `X[labels == j].mean(axis=0)` is the mean of zero
# rows, which is `nan` (with a warning), and one `nan` centroid spoils every later step. **Rule for this
# assignment: a centroid whose cluster is empty keeps its old position** for that round. (scikit-learn instead moves
# it to a far-away point, so the check does not compare with scikit-learn here.)
#
# Nothing new to write if your `kmeans` above already follows the rule. The check starts from centroids of which
# some are far from every point and expects: no exception, no `nan` in the result, the far centroids unchanged,
# no point labelled with them, and (once converged) the other centroids equal to the means of their clusters.

# %% nbgrader={"grade": false, "grade_id": "empty_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the third centroid starts far from all six points, so its cluster is empty from the start.
X_small = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [5.0, 5.0], [5.0, 6.0], [6.0, 5.0]])
centroids, labels, inertia = kmeans(X_small, np.array([[0.5, 0.5], [4.0, 4.0], [100.0, -100.0]]), num_iterations=5)
print("centroids:\n", centroids, "\nlabels:", labels, "| inertia:", inertia)

# %% nbgrader={"grade": true, "grade_id": "kmeans_empty_cluster", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that an empty cluster keeps its centroid: no exception, no NaN, the other centroids are cluster means"""
def check_empty(X, start, num_iterations, empty, name, converged=True):
    centroids, labels, inertia = kmeans(X, start, num_iterations)
    checks.assert_array(centroids, f"centroids on {name}", shape=start.shape)
    assert np.all(np.isfinite(centroids)), (f"centroids on {name} contain NaN or inf:\n{centroids}\n"
                                            "Only update a centroid whose cluster has at least one point.")
    assert np.isfinite(inertia), f"inertia on {name} is {inertia}; it should be a finite number."
    checks.assert_allclose(centroids[empty], start[empty], f"the centroids of the empty clusters on {name}",
                           hint="An empty cluster keeps its old centroid.")
    assert not np.isin(labels, empty).any(), f"On {name} no point should be labelled {empty}, got labels {labels}."
    if converged:  # after enough rounds every other centroid is the mean of its final cluster
        for j in sorted(set(range(len(start))) - set(empty)):
            checks.assert_allclose(centroids[j], X[labels == j].mean(axis=0), f"centroid {j} on {name}", atol=1e-8)

X_small = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [5.0, 5.0], [5.0, 6.0], [6.0, 5.0]])
check_empty(X_small, np.array([[0.5, 0.5], [4.0, 4.0], [100.0, -100.0]]), 5, [2], "six points in 2-D")
checks.assert_allclose(kmeans(X_small, np.array([[0.5, 0.5], [4.0, 4.0], [100.0, -100.0]]), 5)[2], 8 / 3,
                       "inertia on six points in 2-D", hint="Each triangle of points adds 4/3.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(63)
X_hidden = rng.normal(size=(60, 3))
start = np.vstack([X_hidden[:2] + 0.01, [[50.0, 50.0, 50.0]], X_hidden[2:3] + 0.01, [[-40.0, 0.0, 40.0]]])
check_empty(X_hidden, start, 100, [2, 4], "60 points in 3-D with two far centroids")
check_empty(X_hidden, start, 1, [2, 4], "60 points in 3-D with two far centroids, 1 iteration", converged=False)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: reading a t-SNE map (3 points, marked by hand)
#
# The cell below computes t-SNE maps of 400 digits with two perplexities (it takes a few seconds). Colours show the
# true labels, which t-SNE never saw.
#
# A classmate looks at the right-hand map and concludes:
# 1. "The cluster of one digit is much larger than another's, so that digit's images vary more."
# 2. "Two clusters that lie far apart are very different digits; two that touch are similar."
# 3. "The digits form well-separated groups in the 64-dimensional pixel space."
#
# In four to six sentences, say which of these conclusions the maps support and which they do not, and why. Use
# what t-SNE does with the perplexity and the per-point widths $\sigma_i$, and what changes between the two maps.
#
# **Marking criteria (3 points, one per item).**
# * (1 point) Cluster sizes in a t-SNE map carry no reliable information: each $\sigma_i$ is tuned so that every
#   point has about "perplexity" effective neighbours, which evens out densities, so dense and spread-out
#   clusters come out of similar size. Conclusion 1 is not supported.
# * (1 point) Distances between clusters are not reliable either: the map keeps local neighbourhoods, not global
#   distances, and the arrangement of the islands changes with the perplexity (compare the two maps) and the
#   random seed. Conclusion 2 is not supported (a PCA projection or distances in 64-D would be needed).
# * (1 point) Conclusion 3 is supported, with care: points that are neighbours in the map are mostly neighbours in
#   pixel space, and islands that persist across perplexities (and seeds) and agree with the labels are evidence
#   of real structure; small clumps seen only at a low perplexity may be artefacts. Citing the need to compare
#   several perplexities (Wattenberg et al. 2016) earns the point.

# %% nbgrader={"grade": false, "grade_id": "tsne_figure", "locked": true, "schema_version": 3, "solution": false, "task": false}
subset = np.random.default_rng(66).choice(len(X_digits), 400, replace=False)
fig, axes = plt.subplots(1, 2, figsize=(10, 4.4))
for ax, perplexity in zip(axes, (5, 40)):
    Z_map = TSNE(perplexity=perplexity, init="pca", random_state=0).fit_transform(X_digits[subset])
    points = ax.scatter(Z_map[:, 0], Z_map[:, 1], c=y_digits[subset], cmap="tab10", vmin=-0.5, vmax=9.5, s=6)
    ax.set(title=f"t-SNE of 400 digits, perplexity {perplexity}", xticks=[], yticks=[])
fig.colorbar(points, ax=axes, label="digit (not seen by t-SNE)");

# %% [markdown] nbgrader={"grade": true, "grade_id": "tsne_reading", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# Conclusion 1 does not follow: t-SNE chooses a width $\sigma_i$ for every point so that each has about
# "perplexity" effective neighbours, which stretches dense regions and shrinks sparse ones, so the size of an island
# says little about how much its images vary. Conclusion 2 does not follow either: the cost only rewards keeping
# near neighbours near, so the distances between islands are poorly constrained; going from perplexity 5 to 40
# rearranges them, and another random seed would too. To compare digits globally I would look at a PCA projection
# or at distances between class means in the 64-dimensional space. Conclusion 3 is reasonably supported: map
# neighbours are mostly pixel-space neighbours, and most digits form islands at both perplexities that agree with
# labels t-SNE never saw; the extra small clumps at perplexity 5 are the kind of detail that may be an artefact.
