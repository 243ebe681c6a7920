# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 06: PCA, k-means and k-means++ from scratch, and reading a t-SNE map
#
# You will write principal component analysis with NumPy's SVD (Pearson 1901, Hotelling 1933), a vectorized
# Lloyd's k-means (Lloyd 1982) and the k-means++ initialisation (Arthur and Vassilvitskii 2007), check them against
# scikit-learn and against the probabilities k-means++ is defined by, and then read a t-SNE map
# (van der Maaten and Hinton 2008) as Wattenberg, Viégas and Johnson ("How to use t-SNE effectively", 2016) advise.
#
# **Prerequisites:** lecture 15 (PCA, k-means and t-SNE). **Points:** 30, in six parts (27 autograded, 3 marked
# by hand).
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * **NumPy only.** Parts A to E are from scratch: your functions may use NumPy, not SciPy, scikit-learn, Keras or
#   TensorFlow. Every check of those parts calls your function through `checks.from_scratch`, which fails the check
#   if any of them ran during the call (under whatever name you imported it), or if your function changed an input
#   array in place. The notebook uses scikit-learn itself, outside your functions, as the reference to compare with.
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

course.setup(quiet=True, keras=False)  # NumPy only: TensorFlow is not imported
threadpoolctl.threadpool_limits(limits=1, user_api="openmp")  # scikit-learn's OpenMP loops stall on busy machines
X_digits, y_digits = course.load_digits()

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
#   ordered by decreasing variance (`np.linalg.svd(..., full_matrices=False)` already sorts them; if you use an
#   eigendecomposition of the covariance instead, sort it yourself).
# * **Sign convention.** A component is defined only up to its sign, and different SVD routines return different
#   signs. Make the output unique as scikit-learn does: flip each component so that its entry of **largest
#   absolute value is positive** (with a tie, the first such entry).
# * Raise a `ValueError` if `X` is not 2-D or if `num_components` is not between 1 and `min(N, d)`; every $k$ in
#   that range, including $k = 1$, is valid.
# * Leave the caller's `X` as it was: centre a new array (`X - mean` makes one; `X -= mean` would change theirs).
# * NumPy only (the checks call `pca_fit` through `checks.from_scratch`).
#
# Three checks. The first (3 points) compares your components (signs included) with scikit-learn's
# `PCA(svd_solver="full")`, and the explained variance ratios, the mean, and the reconstruction
# $\hat X = X_c V_k V_k^\top + \mu$ built from your output, on the digits with $k = 10$ and $k = 1$ (visible) and on
# random data of other shapes (hidden). The second (1 point) asks for the `ValueError`s, the third (1 point) checks
# that `X` keeps its values.

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
        Orthonormal rows, by decreasing explained variance; the entry of largest absolute value of each is positive.
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
    largest = Vt[np.arange(len(Vt)), np.abs(Vt).argmax(axis=1)]
    Vt = Vt * np.where(largest < 0, -1.0, 1.0)[:, None]
    explained_variance_ratio = S**2 / np.sum(S**2)
    return mean, Vt[:num_components], explained_variance_ratio[:num_components]
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "pca_fit_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the first two components of the digits keep about 15 % and 14 % of the variance.
mean, components, explained_variance_ratio = pca_fit(X_digits, 10)
print("shapes:", np.shape(mean), np.shape(components), np.shape(explained_variance_ratio))
print("explained variance ratios:", np.round(explained_variance_ratio, 4))
print("scikit-learn:             ", np.round(PCA(n_components=10, svd_solver="full").fit(X_digits).explained_variance_ratio_, 4))
print("largest |entry| of each component is positive:",
      np.all(components[np.arange(len(components)), np.abs(components).argmax(axis=1)] > 0))

# %% nbgrader={"grade": true, "grade_id": "pca_fit_matches_sklearn", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check pca_fit against scikit-learn's PCA (components with their signs, ratios, mean, reconstruction), and k = 1"""
def check_pca_fit(X, k, name):
    # on a copy, and an X changed in place does not fail here: that slip costs the third check's point, once
    result = checks.from_scratch(pca_fit, inputs_unchanged=False)(X.copy(), k)
    checks.assert_returns(result, "pca_fit", tuple)
    mean, components, ratio = result
    reference = PCA(n_components=k, svd_solver="full").fit(X)
    checks.assert_array(components, f"components on {name}", shape=(k, X.shape[1]))
    checks.assert_allclose(mean, reference.mean_, f"mean on {name}", hint="Average over the rows: X.mean(axis=0).")
    checks.assert_allclose(np.abs(components), np.abs(reference.components_), f"|components| on {name}", atol=1e-6,
                           hint="Centre X first, take the first k ROWS of Vt (not columns of U), largest variance first.")
    checks.assert_allclose(components, reference.components_, f"components on {name} (with their signs)", atol=1e-6,
                           hint="Flip each component so that its entry of largest absolute value is positive.")
    checks.assert_allclose(ratio, reference.explained_variance_ratio_, f"explained_variance_ratio on {name}",
                           atol=1e-8, hint="Divide s_j**2 by the sum over ALL singular values, then keep k.")
    X_hat = (X - mean) @ components.T @ components + mean
    checks.assert_allclose(X_hat, reference.inverse_transform(reference.transform(X)),
                           f"reconstruction from your components on {name}", atol=1e-6)

check_pca_fit(X_digits, 10, "the digits, k = 10")
check_pca_fit(X_digits, 1, "the digits, k = 1 (one component is a valid request)")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(60)
check_pca_fit(rng.normal(size=(50, 7)) * np.arange(1, 8) + 3.0, 3, "random data of shape (50, 7), k = 3")
check_pca_fit(rng.normal(size=(20, 30)) * np.linspace(1, 4, 30) - 1.0, 5, "random data of shape (20, 30), k = 5")
check_pca_fit(rng.normal(size=(40, 4)) * np.array([5.0, 3.0, 2.0, 1.0]), 4, "random data of shape (40, 4), k = d = 4")
check_pca_fit(rng.normal(size=(15, 6)) * np.arange(6, 0, -1) + 10.0, 1, "random data of shape (15, 6), k = 1")
check_pca_fit(rng.normal(size=(60, 12)) @ rng.normal(size=(12, 12)), 12, "correlated data of shape (60, 12), k = d")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "pca_fit_rejects_bad_input", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that pca_fit raises ValueError for num_components outside 1 to min(N, d) and for an X that is not 2-D"""
def expect_value_error(X, k, why):
    try:
        checks.from_scratch(pca_fit, inputs_unchanged=False)(X, k)
    except ValueError:
        return
    raise AssertionError(f"pca_fit {why} should raise ValueError.")

try:  # NumPy only here too: an answer that reaches a library on valid input scores nothing in this part
    checks.from_scratch(pca_fit, inputs_unchanged=False)(X_digits.copy(), 2)
except (AssertionError, NameError):  # (where only NumPy is installed, a library's names are not defined)
    raise
except Exception:  # an answer that fails on valid input loses that in the first check, not again here
    pass
expect_value_error(X_digits.copy(), 65, "on 64 features with num_components=65 (k can be at most min(N, d))")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(64)
for bad_k in (0, 21):
    expect_value_error(rng.normal(size=(20, 30)), bad_k, f"on shape (20, 30) with num_components={bad_k}")
expect_value_error(rng.normal(size=(20,)), 1, "on a 1-D array (X must have shape (N, d))")
expect_value_error(rng.normal(size=(4, 5, 6)), 1, "on a 3-D array (X must have shape (N, d))")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "pca_fit_keeps_X", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that pca_fit leaves the caller's X with its values (checks.from_scratch fails an input changed in place)"""
checks.from_scratch(pca_fit)(X_digits.copy(), 10)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(65)
checks.from_scratch(pca_fit)(rng.normal(size=(30, 5)) * 3.0 + 4.0, 2)
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
# * NumPy only.
#
# The check feeds your functions scikit-learn's own `mean_` and `components_` (so this part does not depend on
# Part A) and compares with `PCA.transform` and `PCA.inverse_transform`, for $k = 10$ and $k = 1$, and checks that
# keeping all components gives back `X` exactly.

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
    Z = checks.from_scratch(pca_transform)(X, reference.mean_, reference.components_)
    checks.assert_array(Z, f"pca_transform on {name}", shape=(len(X), k))
    checks.assert_allclose(Z, reference.transform(X), f"pca_transform on {name}", atol=1e-6,
                           hint="Subtract the mean before projecting: Z = (X - mean) @ components.T.")
    X_hat = checks.from_scratch(pca_inverse_transform)(Z, reference.mean_, reference.components_)
    checks.assert_array(X_hat, f"pca_inverse_transform on {name}", shape=X.shape)
    checks.assert_allclose(X_hat, reference.inverse_transform(reference.transform(X)),
                           f"pca_inverse_transform on {name}", atol=1e-6, hint="Add the mean back: Z @ components + mean.")

check_transforms(X_digits, 10, "the digits, k = 10")
check_transforms(X_digits, 1, "the digits, k = 1")
full = PCA(svd_solver="full").fit(X_digits)
round_trip = checks.from_scratch(pca_inverse_transform)(checks.from_scratch(pca_transform)(X_digits, full.mean_, full.components_),
                        full.mean_, full.components_)
checks.assert_allclose(round_trip, X_digits, "the round trip with all 64 components", atol=1e-8)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(61)
check_transforms(rng.normal(size=(30, 6)) * np.arange(1, 7) + 2.0, 2, "random data of shape (30, 6), k = 2")
check_transforms(rng.normal(size=(12, 25)) + 5.0, 4, "random data of shape (12, 25), k = 4")
check_transforms(rng.normal(size=(40, 3)), 1, "random data of shape (40, 3), k = 1")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: a vectorized k-means (7 points)
#
# Lloyd's algorithm with $K$ centroids $\mu_1, \dots, \mu_K$ repeats two steps:
#
# $$\text{assign: } c_i = \arg\min_j \lVert x_i - \mu_j \rVert^2, \qquad
# \text{update: } \mu_j = \frac{1}{n_j} \sum_{i : c_i = j} x_i, \quad n_j = |\{i : c_i = j\}| .$$
#
# Lecture 15 updates the centroids one cluster at a time, in a Python loop over $j$. Here the update must be
# **vectorized**: compute all $K$ sums and counts at once, e.g. with a one-hot matrix $A$ of shape `(N, K)`
# ($A_{ij} = 1$ when $c_i = j$): sums $= A^\top X$, counts $= A^\top \mathbf{1}$; `np.bincount` and `np.add.at` do
# the same without $A$. No Python loop over the points or over the clusters: the only loop is the one over rounds.
#
# Write `kmeans(X, initial_centroids, num_iterations)`:
#
# * Start from `initial_centroids` (shape `(K, d)`; do not change that array in place). Run at most
#   `num_iterations` rounds of assign-then-update, and **stop after the first round whose update leaves every
#   centroid unchanged** (that round counts).
# * Then assign every point once more to its nearest **final** centroid: those are the `labels`, and the
#   **inertia** is $J = \sum_i \lVert x_i - \mu_{c_i} \rVert^2$ for the final centroids and labels.
# * Out: `(centroids, labels, inertia, num_rounds)` of shapes `(K, d)`, `(N,)` (integers 0 to K - 1), a Python
#   `float`, and the `int` number of rounds run (scikit-learn calls it `n_iter_`).
# * An empty cluster ($n_j = 0$) keeps its old centroid (Part D checks this; avoid dividing by zero).
# * Raise a `ValueError` if `initial_centroids` does not have as many columns as `X`. $K = 1$ is valid.
# * Ties: when a point is exactly as far from two centroids, take the one with the smaller index (`np.argmin` does).
# * NumPy only.
#
# Four checks. The first (3 points) compares your result with `KMeans(n_clusters=K, init=initial_centroids,
# n_init=1, max_iter=num_iterations, tol=0, algorithm="lloyd")` from the same initial centroids: labels and number of
# rounds identical, inertia and centroids equal up to rounding, from starts where no cluster becomes empty. The
# second (1 point) asks for the `ValueError`s, the third (1 point) checks that `X` and `initial_centroids` keep their
# values. The fourth (2 points) counts the lines of your notebook's Python code that run during one call with $K = 50$ clusters and 5 rounds
# (`sys.settrace`; the count, unlike a stopwatch, is the same on every machine): a loop over the 50 clusters runs
# at least 250 lines, more than the limit of 200.

# %% nbgrader={"grade": false, "grade_id": "kmeans", "locked": false, "schema_version": 3, "solution": true, "task": false}
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
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    centroids = np.array(initial_centroids, dtype=float)
    if centroids.ndim != 2 or X.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"initial_centroids must have shape (K, {X.shape[-1]}) to match X of shape {X.shape}, "
                         f"got {centroids.shape}.")
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
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "kmeans_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it on the digits with 10 random digits as the start, nudged off the integer pixel grid so that no point is
# exactly as far from two starting centroids (two programs may break such ties differently).
rng = np.random.default_rng(6)
start = X_digits[rng.choice(len(X_digits), 10, replace=False)] + rng.normal(scale=0.5, size=(10, 64))
centroids, labels, inertia, num_rounds = kmeans(X_digits, start, num_iterations=100)
reference = KMeans(n_clusters=10, init=start, n_init=1, max_iter=100, tol=0, algorithm="lloyd").fit(X_digits)
print(f"your inertia {inertia:,.3f} after {num_rounds} rounds | scikit-learn's {reference.inertia_:,.3f} "
      f"after {reference.n_iter_}")
print("labels identical:", np.array_equal(labels, reference.labels_))
fig = course.plot_images(centroids, labels=[f"centroid {j}" for j in range(10)])

# %% nbgrader={"grade": true, "grade_id": "kmeans_matches_sklearn", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check kmeans against scikit-learn's Lloyd k-means from the same start: labels, rounds, inertia, centroids"""
def check_kmeans(X, start, num_iterations, name):
    # on copies, and inputs changed in place do not fail here: that slip costs the third check's point, once
    result = checks.from_scratch(kmeans, inputs_unchanged=False)(X.copy(), start.copy(), num_iterations)
    checks.assert_returns(result, "kmeans", tuple)
    assert len(result) == 4, f"kmeans should return (centroids, labels, inertia, num_rounds), got {len(result)} values."
    centroids, labels, inertia, num_rounds = result
    reference = KMeans(n_clusters=len(start), init=start, n_init=1, max_iter=num_iterations, tol=0,
                       algorithm="lloyd").fit(X)
    checks.assert_array(labels, f"labels on {name}", shape=(len(X),))
    checks.assert_equal(labels, reference.labels_, f"labels on {name}",
                        hint="Labels are the nearest FINAL centroids: assign once more after the last update.")
    checks.assert_returns(inertia, "inertia", (float, np.floating))
    checks.assert_allclose(inertia, reference.inertia_, f"inertia on {name}", rtol=1e-8,
                           hint="Sum the SQUARED distances of each point to its own centroid.")
    checks.assert_allclose(centroids, reference.cluster_centers_, f"centroids on {name}", atol=1e-6)
    checks.assert_returns(num_rounds, "num_rounds", (int, np.integer))
    checks.assert_equal(num_rounds, reference.n_iter_, f"num_rounds on {name} ({num_iterations} allowed)",
                        hint="Stop after the first round in which no centroid moves, and count that round.")

rng = np.random.default_rng(6)
start = X_digits[rng.choice(len(X_digits), 10, replace=False)] + rng.normal(scale=0.5, size=(10, 64))
check_kmeans(X_digits, start, 100, "the digits, K = 10, at most 100 rounds")
check_kmeans(X_digits, start, 5, "the digits, K = 10, 5 rounds")
check_kmeans(np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0], [10.0, 9.0]]), np.array([[0.2, 0.1], [0.4, 0.1]]), 1,
             "four points in 2-D, K = 2, 1 round")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(62)
blobs = np.vstack([rng.normal(loc=center, size=(40, 3)) for center in ([0, 0, 0], [6, 0, 0], [0, 6, 0], [3, 3, 6])])
check_kmeans(blobs, blobs[[0, 1, 2, 41, 85]] + 0.1, 1, "3-D blobs, K = 5, 1 round")
check_kmeans(blobs, blobs[[0, 1, 2, 41, 85]] + 0.1, 50, "3-D blobs, K = 5, at most 50 rounds")
check_kmeans(blobs, blobs[[7]] + 0.1, 10, "3-D blobs, K = 1")
scores = rng.normal(size=(150, 5)) * np.array([4.0, 3.0, 2.0, 1.0, 1.0])
check_kmeans(scores, rng.normal(size=(3, 5)) * 0.5, 7, "random 5-D data, K = 3, 7 rounds")
start = X_digits[rng.choice(len(X_digits), 4, replace=False)] + rng.normal(scale=0.5, size=(4, 64))
check_kmeans(X_digits, start, 100, "the digits, K = 4, at most 100 rounds")
# Integer starting points for float data, a cluster of a single point, zero rounds, and centroids that would broadcast.
X_small = np.array([[0.0, 0.0], [0.0, 1.5], [10.0, 10.0]])
centroids, labels, inertia, num_rounds = checks.from_scratch(kmeans, inputs_unchanged=False)(
    X_small.copy(), np.array([[0, 0], [10, 10]]), 10)
checks.assert_allclose(centroids, [[0.0, 0.75], [10.0, 10.0]],
                       "the centroids of [[0, 0], [0, 1.5], [10, 10]] from the integer start [[0, 0], [10, 10]]",
                       hint="Work in float even when initial_centroids holds integers, and a cluster of one point has "
                            "that point as its centroid.")
checks.assert_equal(labels, [0, 0, 1], "the labels of [[0, 0], [0, 1.5], [10, 10]]")
checks.assert_allclose(inertia, 1.125, "the inertia of [[0, 0], [0, 1.5], [10, 10]]")
checks.assert_equal(num_rounds, 2, "num_rounds on [[0, 0], [0, 1.5], [10, 10]] (one move, then one still round)")
centroids, labels, inertia, num_rounds = checks.from_scratch(kmeans, inputs_unchanged=False)(
    X_small.copy(), X_small[[0, 2]], 0)
checks.assert_allclose(centroids, [[0.0, 0.0], [10.0, 10.0]], "the centroids with num_iterations=0",
                       hint="num_iterations=0 runs no round: the initial centroids come back, with their labels.")
checks.assert_equal(labels, [0, 0, 1], "the labels with num_iterations=0")
checks.assert_allclose(inertia, 2.25, "the inertia with num_iterations=0")
checks.assert_equal(num_rounds, 0, "num_rounds with num_iterations=0")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "kmeans_rejects_bad_input", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that kmeans raises ValueError when initial_centroids does not have one row per centroid and X's columns"""
def expect_value_error(X, start, why):
    try:
        checks.from_scratch(kmeans, inputs_unchanged=False)(X, start, 5)
    except ValueError:
        return
    raise AssertionError(f"kmeans should raise ValueError for initial_centroids {why}.")

try:  # NumPy only here too: an answer that reaches a library on valid input scores nothing in this part
    checks.from_scratch(kmeans, inputs_unchanged=False)(X_digits.copy(), X_digits[:3].copy(), 2)
except (AssertionError, NameError):  # (where only NumPy is installed, a library's names are not defined)
    raise
except Exception:  # an answer that fails on valid input loses that in the first check, not again here
    pass
expect_value_error(X_digits.copy(), X_digits[:10, :10].copy(), "with 10 columns when X has 64")
### BEGIN HIDDEN TESTS
X_small = np.array([[0.0, 0.0], [0.0, 1.5], [10.0, 10.0]])
expect_value_error(X_small.copy(), np.zeros((2, 1)), "of shape (2, 1) and X of shape (3, 2) (they would broadcast "
                   "into wrong distances)")
expect_value_error(X_small.copy(), np.zeros(2), "of shape (2,), one centroid as a vector instead of a (1, 2) array")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "kmeans_keeps_inputs", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that kmeans leaves X and initial_centroids with their values (checks.from_scratch fails an input changed in place)"""
rng = np.random.default_rng(8)
checks.from_scratch(kmeans)(X_digits.copy(), X_digits[rng.choice(len(X_digits), 10, replace=False)] + 0.5, 5)
### BEGIN HIDDEN TESTS
checks.from_scratch(kmeans)(np.array([[0.0, 0.0], [0.0, 1.5], [10.0, 10.0]]), np.array([[0.0, 0.0], [10.0, 10.0]]), 10)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "kmeans_vectorized", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that kmeans is vectorized: at most 200 lines of notebook Python for 5 rounds with K = 50, and still right

checks.count_notebook_lines counts, with sys.settrace, the lines of Python code defined in this notebook (your
functions; not NumPy's, nor the course's) that run during one call. A loop over the 50 clusters runs at least
50 lines per round, 250 in 5 rounds; a vectorized round runs about ten.
"""


def check_vectorized(X, start, name):
    num_lines, _, result = checks.count_notebook_lines(checks.from_scratch(kmeans, inputs_unchanged=False), X.copy(),
                                                       start.copy(), 5, limit=200)
    assert num_lines <= 200, (f"kmeans ran more than 200 lines of your Python code for 5 rounds with K = {len(start)} "
                              f"on {name}: it loops over the clusters or the points. Compute all the sums and counts "
                              "at once (a one-hot matrix, np.bincount or np.add.at).")
    reference = KMeans(n_clusters=len(start), init=start, n_init=1, max_iter=5, tol=0, algorithm="lloyd").fit(X)
    checks.assert_equal(result[1], reference.labels_, f"labels after 5 rounds with K = {len(start)} on {name}")
    checks.assert_allclose(result[0], reference.cluster_centers_, f"centroids after 5 rounds on {name}", atol=1e-6)

rng = np.random.default_rng(7)
check_vectorized(X_digits, X_digits[rng.choice(len(X_digits), 50, replace=False)] + rng.normal(scale=0.5, size=(50, 64)),
                 "the digits")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(17)
points = rng.normal(size=(3000, 2)) * np.array([3.0, 1.0])
check_vectorized(points, points[rng.choice(3000, 60, replace=False)] + 0.01, "3,000 random points in 2-D")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: an empty cluster (3 points)
#
# If no point is nearest to centroid $j$, its mean is undefined: `X[labels == j].mean(axis=0)` is the mean of zero
# rows, which is `nan` (with a warning), and `sums / counts` divides by zero; one `nan` centroid spoils every later
# step. **Rule for this assignment: a centroid whose cluster is empty keeps its old position** for that round.
# (scikit-learn instead moves it to a far-away point, so the check does not compare with scikit-learn here.)
#
# Nothing new to write if your `kmeans` above already follows the rule. The check starts from centroids of which
# some are far from every point and expects: no exception, no `nan` in the result, the far centroids unchanged,
# no point labelled with them, and (once converged) the other centroids equal to the means of their clusters.

# %% nbgrader={"grade": false, "grade_id": "empty_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the third centroid starts far from all six points, so its cluster is empty from the start.
X_small = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [5.0, 5.0], [5.0, 6.0], [6.0, 5.0]])
centroids, labels, inertia, num_rounds = kmeans(X_small, np.array([[0.5, 0.5], [4.0, 4.0], [100.0, -100.0]]), 5)
print("centroids:\n", centroids, "\nlabels:", labels, "| inertia:", inertia, "| rounds:", num_rounds)

# %% nbgrader={"grade": true, "grade_id": "kmeans_empty_cluster", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that an empty cluster keeps its centroid: no exception, no NaN, the other centroids are cluster means"""
def check_empty(X, start, num_iterations, empty, name, converged=True):
    centroids, labels, inertia, num_rounds = checks.from_scratch(kmeans, inputs_unchanged=False)(
        X.copy(), start.copy(), num_iterations)
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
checks.assert_allclose(kmeans(X_small.copy(), np.array([[0.5, 0.5], [4.0, 4.0], [100.0, -100.0]]), 5)[2], 8 / 3,
                       "inertia on six points in 2-D", hint="Each triangle of points adds 4/3.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(63)
X_hidden = rng.normal(size=(60, 3))
start = np.vstack([X_hidden[:2] + 0.01, [[50.0, 50.0, 50.0]], X_hidden[2:3] + 0.01, [[-40.0, 0.0, 40.0]]])
check_empty(X_hidden, start, 100, [2, 4], "60 points in 3-D with two far centroids")
check_empty(X_hidden, start, 1, [2, 4], "60 points in 3-D with two far centroids, 1 round", converged=False)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "kmeans_plus_plus_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: k-means++ initialisation (8 points)
#
# Lloyd's algorithm only finds a local minimum, and which one depends on the start. Arthur and Vassilvitskii
# (2007) pick the start at random but spread out, and prove that the expected inertia of that start alone is
# within a factor $8(\ln K + 2)$ of the optimum. With $D(x)$ the distance from $x$ to the **nearest** centroid
# chosen so far:
#
# 1. the first centroid is a row of `X` chosen uniformly at random;
# 2. each next centroid is a row $x_i$ of `X` chosen with probability $\dfrac{D(x_i)^2}{\sum_l D(x_l)^2}$;
# 3. repeat step 2 until there are $K$ centroids.
#
# A point already chosen has $D = 0$ and cannot be chosen again. (scikit-learn's `kmeans_plusplus` is the
# *greedy* variant, which draws several candidates per step and keeps the best, so the check does not compare
# with it.)
#
# Write `kmeans_plus_plus(X, num_clusters, seed)`:
# * In: `X` of shape `(N, d)`, an integer `num_clusters` $K$, an integer `seed`. You may assume that `X` has at
#   least $K$ distinct rows.
# * Out: an array of shape `(K, d)`, the chosen rows of `X` **in the order they were chosen** (a new array: do
#   not modify `X`).
# * Draw all random numbers from `np.random.default_rng(seed)`: the same seed gives the same centroids.
#   `rng.choice(N, p=...)` or `rng.integers` are the tools. A loop over the $K$ picks is fine; compute each
#   $D(x)^2$ for all points at once.
# * Raise a `ValueError` if `X` is not 2-D or if `num_clusters` is not between 1 and `N`.
# * NumPy only.
#
# Two checks. The first checks what must hold for every draw: shapes, chosen rows are distinct rows of `X`,
# $K = 1$, $K = N$ (every point is chosen once), the seed, and that `X` is unchanged. The second runs your function
# with 3,000 seeds on a few points and compares how often each ordered choice comes out with the probabilities
# above (a chi-squared test at a false-alarm rate of one in a million): choosing uniformly, with $D$ instead of
# $D^2$, or with the distance to the first or to the last centroid instead of the nearest one fails it.

# %% nbgrader={"grade": false, "grade_id": "kmeans_plus_plus", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kmeans_plus_plus(X, num_clusters, seed=0):
    """k-means++ initial centroids (Arthur and Vassilvitskii 2007).

    Parameters
    ----------
    X : ndarray of shape (N, d)
    num_clusters : int, 1 <= num_clusters <= N
    seed : int

    Returns
    -------
    ndarray of shape (num_clusters, d)
        Rows of X, in the order they were chosen.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (N, d), got shape {X.shape}.")
    if not 1 <= num_clusters <= len(X):
        raise ValueError(f"num_clusters must be between 1 and N = {len(X)}, got {num_clusters}.")
    rng = np.random.default_rng(seed)
    chosen = [rng.integers(len(X))]
    squared_distances = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(num_clusters - 1):
        chosen.append(rng.choice(len(X), p=squared_distances / squared_distances.sum()))
        squared_distances = np.minimum(squared_distances, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
    return X[chosen].copy()
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "kmeans_plus_plus_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: Lloyd's k-means on the digits from 10 random digits and from k-means++, five seeds each.
for seed in range(5):
    random_start = X_digits[np.random.default_rng(seed).choice(len(X_digits), 10, replace=False)]
    _, _, random_inertia, _ = kmeans(X_digits, random_start, 100)
    _, _, plus_plus_inertia, _ = kmeans(X_digits, kmeans_plus_plus(X_digits, 10, seed=seed), 100)
    print(f"seed {seed}: inertia from random digits {random_inertia:,.0f} | from k-means++ {plus_plus_inertia:,.0f}")

# %% nbgrader={"grade": true, "grade_id": "kmeans_plus_plus_invariants", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check kmeans_plus_plus's invariants: distinct rows of X, K = 1 and K = N, the seed, X unchanged, ValueError"""
def row_indices(X, centroids, name):
    """Index in X of each returned row; fails if a row is not a row of X."""
    indices = []
    for j, row in enumerate(centroids):
        matches = np.flatnonzero(np.all(X == row, axis=1))
        assert len(matches) == 1, (f"centroid {j} of {name} is {row}, which is not a row of X: k-means++ picks "
                                   "data points as centroids (return X[index], not a mean or a random point).")
        indices.append(int(matches[0]))
    return indices

def check_invariants(X, K, name):
    X_before = X.copy()
    centroids = checks.from_scratch(kmeans_plus_plus)(X, K, seed=3)
    checks.assert_array(centroids, f"kmeans_plus_plus on {name}", shape=(K, X.shape[1]))
    checks.assert_allclose(X, X_before, f"the X you were given ({name})", hint="Do not modify X.")
    indices = row_indices(X, centroids, name)
    assert len(set(indices)) == K, (f"On {name} kmeans_plus_plus chose the same point twice (rows {indices}): a "
                                    "point already chosen has D = 0, so its probability must be 0.")
    checks.assert_allclose(checks.from_scratch(kmeans_plus_plus)(X, K, seed=3), centroids, f"two calls with seed 3 on {name}",
                           hint="Draw everything from np.random.default_rng(seed).")
    return indices

X_four = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [10.0, 0.0]])
check_invariants(X_four, 2, "four points, K = 2")
check_invariants(X_four, 1, "four points, K = 1")
assert sorted(check_invariants(X_four, 4, "four points, K = N = 4")) == [0, 1, 2, 3], "With K = N every point is chosen."
first_picks = {row_indices(X_four, centroids, "X_four")[0]
               for centroids in checks.call_each(kmeans_plus_plus, [((X_four, 1), {"seed": seed}) for seed in range(40)])}
assert first_picks == {0, 1, 2, 3}, (f"Over 40 seeds the first centroid was only ever rows {sorted(first_picks)}: "
                                     "choose it uniformly at random with the seeded generator.")
for bad_k in (0, 5):
    try:
        kmeans_plus_plus(X_four, bad_k)
    except ValueError:
        pass
    else:
        raise AssertionError(f"kmeans_plus_plus on 4 points with num_clusters={bad_k} should raise ValueError.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(64)
X_random = rng.normal(size=(200, 5))
check_invariants(X_random, 12, "200 random points in 5-D, K = 12")
assert sorted(check_invariants(X_random[:30], 30, "30 random points, K = N = 30")) == list(range(30)), \
    "With K = N every point is chosen exactly once."
check_invariants(X_digits[:300], 10, "300 digits, K = 10")
check_invariants(X_random[:, :1], 1, "200 random points in 1-D, K = 1")
assert not np.array_equal(kmeans_plus_plus(X_random, 12, seed=1), kmeans_plus_plus(X_random, 12, seed=2)), \
    "Seeds 1 and 2 gave the same centroids: use the seed argument."
try:
    kmeans_plus_plus(X_random[0], 1)
except ValueError:
    pass
else:
    raise AssertionError("kmeans_plus_plus on a 1-D array should raise ValueError: X must have shape (N, d).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "kmeans_plus_plus_distribution", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check that k-means++ picks each ordered choice of centroids as often as the D^2 probabilities say (3,000 seeds)"""
from scipy import stats


def check_frequencies(X, K, probabilities, name, num_seeds=3000, first_seed=0):
    """probabilities: {tuple of row indices in the order chosen: probability}. Chi-squared test, p > 1e-6."""
    checks.from_scratch(kmeans_plus_plus)(X, K, seed=first_seed)
    counts = {}
    seeds = range(first_seed, first_seed + num_seeds)
    for centroids in checks.call_each(kmeans_plus_plus, [((X, K), {"seed": seed}) for seed in seeds]):
        picked = tuple(row_indices(X, centroids, name))
        counts[picked] = counts.get(picked, 0) + 1
    impossible = sorted(set(counts) - set(probabilities))
    assert not impossible, f"On {name} kmeans_plus_plus chose {impossible[0]}, which has probability 0."
    observed = np.array([counts.get(choice, 0) for choice in probabilities])
    expected = num_seeds * np.array(list(probabilities.values()))
    chi_squared = float(np.sum((observed - expected) ** 2 / expected))
    limit = float(stats.chi2.isf(1e-6, df=len(expected) - 1))
    worst = np.argmax(np.abs(observed - expected) / np.sqrt(expected))
    assert chi_squared <= limit, (
        f"On {name} the choices of kmeans_plus_plus do not follow the k-means++ probabilities (chi-squared "
        f"{chi_squared:.0f} > {limit:.0f}): for example {list(probabilities)[worst]} came out {observed[worst]} times "
        f"in {num_seeds} seeds, expected about {expected[worst]:.0f}. Pick with probability D(x)^2 / sum D^2, D the "
        "distance to the NEAREST centroid chosen so far.")

# Four points on a line at 0, 1, 3 and 10. If the first pick is row 0, D^2 of the others is 1, 9 and 100, so the
# second pick is row 1, 2 or 3 with probability 1/110, 9/110 and 100/110; and so on for the other first picks.
squared = {0: [0, 1, 9, 100], 1: [1, 0, 4, 81], 2: [9, 4, 0, 49], 3: [100, 81, 49, 0]}
pairs = {(i, j): 0.25 * squared[i][j] / sum(squared[i]) for i in range(4) for j in range(4) if i != j}
check_frequencies(X_four, 2, pairs, "four points at 0, 1, 3, 10, K = 2")
### BEGIN HIDDEN TESTS
def kmeans_plus_plus_probabilities(X, K):
    """The probability of every ordered choice of K rows under the definition."""
    probabilities = {}

    def extend(chosen, probability):
        if len(chosen) == K:
            probabilities[tuple(chosen)] = probability
            return
        if chosen:
            d2 = np.min(((X[:, None, :] - X[chosen][None, :, :]) ** 2).sum(axis=2), axis=1)
        else:
            d2 = np.ones(len(X))
        for i in np.flatnonzero(d2 > 0):
            extend(chosen + [int(i)], probability * d2[i] / d2.sum())

    extend([], 1.0)
    return probabilities

# Two pairs of close points: after one point of each pair, the third pick is the near neighbour of either, 1/2 each.
X_line = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0], [11.0, 1.0]])
check_frequencies(X_line, 3, kmeans_plus_plus_probabilities(X_line, 3), "four points in two pairs, K = 3",
                  first_seed=1000)
X_five = np.random.default_rng(65).normal(size=(5, 2)) * np.array([3.0, 1.0])
check_frequencies(X_five, 2, kmeans_plus_plus_probabilities(X_five, 2), "five random points in 2-D, K = 2",
                  first_seed=5000)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: reading a t-SNE map (3 points, marked by hand)
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
# * (1 point) A verdict on conclusion 3 that rests on what t-SNE does, either way. "Supported, with care": points
#   that are neighbours in the map are mostly neighbours in pixel space, and islands that persist across
#   perplexities (and seeds) and agree with the labels are evidence of real structure, while small clumps seen only
#   at a low perplexity may be artefacts. "Not supported by the map alone": t-SNE can open gaps that are not there
#   in 64-D (its heavy-tailed similarities push moderately distant points far apart), so separation must be checked
#   in the pixel space itself (distances to class means, a nearest-neighbour classifier). Either earns the point
#   when it is argued from the two maps; citing the need to compare several perplexities (Wattenberg et al. 2016)
#   is one way.

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
