# %% [markdown]
# # Lecture 15: PCA, k-means and t-SNE
#
# **After this lecture you can** compute a principal component analysis with NumPy's SVD and check it against
# scikit-learn, choose the number of components from the explained variance, write Lloyd's k-means algorithm and
# check it against scikit-learn's `KMeans`, pick a number of clusters with the elbow plot, and read a t-SNE map
# of the 64-dimensional digits without over-interpreting it.
#
# **Prerequisites:** linear algebra (eigenvectors, the SVD); none of the earlier lectures is strictly needed.
# **Run time:** about a minute on a laptop CPU (t-SNE takes most of it); seconds in fast mode.
#
# Sources: K. Pearson, "On lines and planes of closest fit to systems of points in space", *Philosophical
# Magazine* 2 (1901); H. Hotelling, "Analysis of a complex of statistical variables into principal components",
# *Journal of Educational Psychology* 24 (1933); S. Lloyd, "Least squares quantization in PCM", *IEEE Transactions
# on Information Theory* 28 (1982); L. van der Maaten and G. Hinton, "Visualizing data using t-SNE", *Journal of
# Machine Learning Research* 9 (2008); M. Wattenberg, F. Viégas and I. Johnson, "How to use t-SNE effectively",
# *Distill* (2016).

# %% [markdown]
# ## Setup

# %%
import time

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import threadpoolctl
from matplotlib.patches import Ellipse
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

import course

course.setup(keras=False)  # this lecture needs no TensorFlow: it is never imported
# scikit-learn's k-means and t-SNE loops use OpenMP threads, which stall when other programs keep the cores busy;
# one thread is reliably fast on a laptop.
threadpoolctl.threadpool_limits(limits=1, user_api="openmp");

# %% [markdown]
# ## The data: 64 pixels per digit
#
# Every method of this lecture is unsupervised: it sees the images $X$ but never the labels $y$. We use
# scikit-learn's digits, 8x8 grey-level images flattened to vectors in $\mathbb{R}^{64}$; the labels only colour
# the plots afterwards.

# %%
X, y = course.load_digits()
print(course.dataset_info("digits"), "| X:", X.shape, "| pixel values", X.min(), "to", X.max())
fig = course.plot_images(X[:20], labels=y[:20])

# %% [markdown]
# ## The covariance matrix and the ellipsoid
#
# PCA fits an ellipsoid to a cloud of points (Pearson 1901). Subtract the mean $\mu$ to get the centred data
# $X_c = X - \mu$; its covariance matrix and eigen-decomposition are
#
# $$C = \frac{1}{N - 1} X_c^\top X_c = V \,\mathrm{diag}(\lambda_1, \dots, \lambda_d)\, V^\top,
# \qquad \lambda_1 \ge \lambda_2 \ge \dots \ge 0 .$$
#
# The columns of $V$ are the axes of the ellipsoid (the principal axes) and $\lambda_j$ is the variance of the data
# along axis $j$: the first axis is the direction of largest variance (Hotelling 1933). In 2-D we can see it.

# %%
rng = np.random.default_rng(0)
C_true = np.array([[3.0, 1.6], [1.6, 1.2]])
X_2d = rng.multivariate_normal([1.0, -0.5], C_true, size=500)
mu_2d = X_2d.mean(axis=0)
X_c = X_2d - mu_2d
C = X_c.T @ X_c / (len(X_c) - 1)
lambdas, V = np.linalg.eigh(C)              # eigh returns ascending eigenvalues
lambdas, V = lambdas[::-1], V[:, ::-1]
print("C =", np.round(C, 3).tolist(), "| lambda =", np.round(lambdas, 3))

# %%
fig, ax = plt.subplots(figsize=(5.5, 4.5))
ax.scatter(X_2d[:, 0], X_2d[:, 1], s=6, alpha=0.5)
angle = np.degrees(np.arctan2(V[1, 0], V[0, 0]))
for num_std in (1, 2):  # ellipses at 1 and 2 standard deviations along each axis
    ax.add_patch(Ellipse(mu_2d, 2 * num_std * np.sqrt(lambdas[0]), 2 * num_std * np.sqrt(lambdas[1]),
                         angle=angle, fill=False, color="k", lw=1))
for j, color in enumerate(["C3", "C2"]):
    ax.annotate("", mu_2d + 2 * np.sqrt(lambdas[j]) * V[:, j], mu_2d, arrowprops=dict(color=color, lw=2.5))
ax.set(aspect="equal", xlabel="$x_1$", ylabel="$x_2$", title="principal axes $2\\sqrt{\\lambda_j}\\, v_j$");

# %% [markdown]
# The red arrow, the first principal axis, points along the long side of the cloud; the green one is perpendicular
# to it. Each arrow is two standard deviations long along its axis, so the arrows span the outer ellipse.

# %% [markdown]
# ## PCA with the SVD, checked against scikit-learn
#
# Forming $C$ squares the condition number; the SVD of the centred data gives the same axes more accurately:
#
# $$X_c = U S V^\top \;\Rightarrow\; C = V \frac{S^2}{N - 1} V^\top, \qquad \lambda_j = \frac{s_j^2}{N - 1}.$$
#
# The rows of $V^\top$ are the **components**. Keeping the first $k$ of them, $V_k \in \mathbb{R}^{d \times k}$,
# the **scores** (the projection) and the **reconstruction** are
#
# $$Z = X_c V_k, \qquad \hat X = Z V_k^\top + \mu .$$
#
# Each component is defined only up to its sign ($v$ and $-v$ span the same axis), so we compare with
# scikit-learn's `PCA` after flipping each of our components to agree in sign with its counterpart.

# %%
mu = X.mean(axis=0)
U, S, Vt = np.linalg.svd(X - mu, full_matrices=False)
lambdas = S**2 / (len(X) - 1)
explained_variance_ratio = lambdas / lambdas.sum()

k = 10
pca = PCA(n_components=k).fit(X)
signs = np.sign(np.sum(Vt[:k] * pca.components_, axis=1))   # +1 or -1 per component
print(f"max |difference| of the components (after sign alignment): {np.abs(signs[:, None] * Vt[:k] - pca.components_).max():.1e}")
print(f"max |difference| of the explained variance ratios:          {np.abs(explained_variance_ratio[:k] - pca.explained_variance_ratio_).max():.1e}")

# %% [markdown]
# Both differences printed above are at the level of floating-point rounding: a few lines of NumPy are the PCA
# of scikit-learn. The projections agree too, since $Z = X_c V_k$ changes sign with $V_k$:

# %%
Z = (X - mu) @ Vt[:k].T
print(f"max |difference| of the scores Z on digits: {np.abs(Z * signs - pca.transform(X)).max():.1e}")

# %% [markdown]
# ## Explained variance: how many components?
#
# The fraction of the total variance kept by the first $k$ components is
# $\sum_{j \le k} \lambda_j \,/\, \sum_j \lambda_j$. A common rule keeps the smallest $k$ that reaches a target
# such as 90 % or 95 %.

# %%
cumulative = np.cumsum(explained_variance_ratio)
k_90, k_95 = np.searchsorted(cumulative, 0.90) + 1, np.searchsorted(cumulative, 0.95) + 1
print(f"On the digits, {k_90} of 64 components keep 90 % of the variance and {k_95} keep 95 %.")
fig, ax = plt.subplots(figsize=(6, 3.4))
ax.plot(np.arange(1, 65), cumulative, "o-", ms=3)
for target, k_target in [(0.90, k_90), (0.95, k_95)]:
    ax.axhline(target, color="gray", lw=0.7); ax.axvline(k_target, color="gray", lw=0.7, ls="--")
ax.set(xlabel="number of components $k$", ylabel="cumulative explained variance", ylim=(0, 1.02));

# %% [markdown]
# The dashed lines mark the two numbers of components printed above; the line below compares the larger with the 64
# pixels.

# %%
course.claim("fewer than half of the 64 components keep 95 % of the variance of the digits", k_95 < 32,
             k_90=k_90, k_95=k_95)

# %% [markdown]
# The curve rises steeply, then flattens: the numbers of components printed above are to be compared with the 64
# pixels, and the claim line says whether 95 % needs fewer than half of them. The border pixels of the digits are
# almost always blank, and neighbouring pixels move together, so the images live close to a much smaller subspace.

# %% [markdown]
# ## Eigen-digits and reconstructions
#
# Each component is itself a 64-pixel image, an "eigen-digit". A digit is approximated by the mean image plus a
# weighted sum of the first $k$ eigen-digits, with the scores $Z$ as weights.

# %%
fig = course.plot_images(np.vstack([mu, Vt[:9]]), labels=["mean"] + [f"component {j + 1}" for j in range(9)],
                         cmap="RdBu_r")
limit = np.abs(Vt[:9]).max()  # one colour scale for all components, symmetric about 0: white is exactly 0
fig.axes[0].get_images()[0].set(cmap="gray_r", clim=(0, 16))  # the mean is an ordinary image, pixels 0..16
for ax in fig.axes[1:]:
    ax.get_images()[0].set_clim(-limit, limit)

# %% [markdown]
# The mean (in grey) looks like a blurred blob. The components are signed patterns drawn on one colour scale that
# is symmetric about zero: white is a weight of exactly 0, red positive and blue negative, and equal shades are
# equal weights in every panel. Adding a component with a positive score adds ink where it is red and removes it
# where it is blue, in regions typical of some digits, such as the loop of a 0 or the stroke of a 1. (The sign of
# each component is arbitrary, so red and blue may swap for one of them.)

# %%
ks, examples = [1, 2, 5, 10, 20, 40, 64], X[:6]
fig, axes = plt.subplots(len(examples), len(ks) + 1, figsize=(1.1 * (len(ks) + 1), 1.15 * len(examples)))
for row, x in enumerate(examples):
    axes[row, 0].imshow(x.reshape(8, 8), cmap="gray_r")
    for col, k_rec in enumerate(ks, start=1):
        x_hat = ((x - mu) @ Vt[:k_rec].T) @ Vt[:k_rec] + mu        # x_hat = z V_k^T + mu
        axes[row, col].imshow(x_hat.reshape(8, 8), cmap="gray_r")
for col, title in enumerate(["original"] + [f"k = {k_rec}" for k_rec in ks]):
    axes[0, col].set_title(title, fontsize=8)
for ax in axes.flat:
    ax.axis("off")
fig.tight_layout()

# %% [markdown]
# Look at the rows: with one or two components the digits look like generic blobs, with more they become
# recognisable, and with all 64 the reconstruction is exact. The squared reconstruction error, summed over all
# pixels of all digits and divided by $N - 1$, is the sum of the discarded eigenvalues, printed here against a
# direct computation:

# %%
agree = []
for k_rec in [2, 10, k_95]:
    X_hat = ((X - mu) @ Vt[:k_rec].T) @ Vt[:k_rec] + mu
    mse = np.sum((X - X_hat) ** 2) / (len(X) - 1)
    agree.append(np.isclose(mse, lambdas[k_rec:].sum()))
    print(f"k = {k_rec:2d}: sum of squared errors / (N - 1) = {mse:8.3f}, "
          f"sum of discarded lambdas = {lambdas[k_rec:].sum():8.3f}")
course.claim("the reconstruction error equals the sum of the discarded eigenvalues", all(agree))

# %% [markdown]
# ## k-means, written in NumPy
#
# k-means (Lloyd 1982) looks for $K$ centroids $\mu_1, \dots, \mu_K$ and an assignment $c_i$ of each point that
# minimise the **inertia** $J = \sum_i \lVert x_i - \mu_{c_i} \rVert^2$. Lloyd's algorithm alternates two steps,
# each of which can only lower $J$:
#
# $$\text{assign: } c_i = \arg\min_j \lVert x_i - \mu_j \rVert^2, \qquad
# \text{update: } \mu_j = \frac{1}{|\{i : c_i = j\}|} \sum_{i : c_i = j} x_i .$$
#
# A cluster that loses all its points keeps its old centroid here (scikit-learn instead moves it to a far point).

# %%
def assign(X, centroids):
    """Nearest centroid of each row of X, and the inertia of that assignment."""
    squared_distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)   # (N, K)
    return squared_distances.argmin(axis=1), squared_distances.min(axis=1).sum()

def kmeans(X, centroids, max_iterations=300):
    """Lloyd's algorithm from the given centroids; returns centroids, labels, inertia and the history."""
    history = [(centroids, *assign(X, centroids))]
    for _ in range(max_iterations):
        labels = history[-1][1]
        new = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else centroids[j]
                        for j in range(len(centroids))])
        if np.array_equal(new, centroids):
            break
        centroids = new
        history.append((centroids, *assign(X, centroids)))
    return centroids, history[-1][1], history[-1][2], history

# %% [markdown]
# We start from $K = 10$ random digits, nudged off the integer pixel grid by a little noise: on raw digits a point
# can be exactly as far from two starting centroids, and two implementations may break such a tie differently.
# scikit-learn gets the same starting centroids (`init=array`, `n_init=1`).

# %%
K = 10
initial_centroids = X[rng.choice(len(X), K, replace=False)] + rng.normal(scale=0.5, size=(K, X.shape[1]))
centroids, labels, inertia, history = kmeans(X, initial_centroids)
reference = KMeans(n_clusters=K, init=initial_centroids, n_init=1, tol=0, algorithm="lloyd").fit(X)
print(f"NumPy k-means: {len(history) - 1} updates, inertia {inertia:,.2f}")
print(f"scikit-learn:  {reference.n_iter_} iterations, inertia {reference.inertia_:,.2f}")
print("labels identical:", np.array_equal(labels, reference.labels_),
      f"| max |centroid difference| {np.abs(centroids - reference.cluster_centers_).max():.1e}")
course.claim("our k-means and scikit-learn's find the same clusters", np.array_equal(labels, reference.labels_)
             and np.isclose(inertia, reference.inertia_), inertia_ours=inertia, inertia_sklearn=reference.inertia_)

# %%
majority = [int(np.bincount(y[labels == j], minlength=10).argmax()) for j in range(K)]
fig = course.plot_images(centroids, labels=[f"cluster {j}: {m}s" for j, m in enumerate(majority)])
print(f"the most common digit in each cluster: {majority}; {len(set(majority))} different digits among {K} clusters")

# %% [markdown]
# The claim line above says whether both implementations agree. The centroids are average images, titled with the
# most common digit among their points (labels used only now, to read the result). Without labels nothing forces
# the ten clusters to be the ten digits: where two clusters share a most common digit, that digit is split and
# some other digit has no cluster of its own (the count printed above).

# %% [markdown]
# ## Explore: k-means one iteration at a time
#
# On 2-D blobs we can watch the algorithm. We start badly on purpose, from the four leftmost points, and
# precompute every state. The slider steps through them: at each iteration the points take the colour of their
# nearest centroid, then the centroids (crosses) move to the means of their points; the line behind each cross is
# its path so far. (Without a widget front end you see the starting state.)

# %%
X_blobs, _ = make_blobs(n_samples=600, centers=4, cluster_std=1.3, random_state=3)
blob_start = X_blobs[np.argsort(X_blobs[:, 0])[:4]]   # the four leftmost points: a poor start
_, _, _, blob_history = kmeans(X_blobs, blob_start)
print(f"{len(blob_history) - 1} updates until the centroids stop moving")
blob_inertias = np.array([state[2] for state in blob_history])
course.claim("the inertia never increases from one iteration to the next",
             np.all(np.diff(blob_inertias) <= 1e-9 * blob_inertias[0]), first=blob_inertias[0], last=blob_inertias[-1])

def draw_kmeans_step(iteration):
    centroids_t, labels_t, inertia_t = blob_history[iteration]
    path = np.array([state[0] for state in blob_history[:iteration + 1]])     # (iteration + 1, K, 2)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.scatter(X_blobs[:, 0], X_blobs[:, 1], c=labels_t, cmap="tab10", vmin=0, vmax=9, s=8, alpha=0.6)
    ax.plot(path[:, :, 0], path[:, :, 1], "k-", lw=1)
    ax.scatter(centroids_t[:, 0], centroids_t[:, 1], c=range(4), cmap="tab10", vmin=0, vmax=9, marker="X",
               s=200, edgecolor="k")
    ax.set(title=f"iteration {iteration}: inertia {inertia_t:,.1f}", xlabel="$x_1$", ylabel="$x_2$")
    return fig

kmeans_controls = course.interactive_figure(
    draw_kmeans_step,
    iteration=ipywidgets.IntSlider(value=0, min=0, max=len(blob_history) - 1, description="iteration"))

# %% [markdown]
# Step through and watch the inertia in the title (the claim line above checks that it never increases). From this
# poor start the centroids crawl along the chain
# of blobs, one handing its points over to the next, and take the number of updates printed above to settle.
# Lloyd's algorithm stops at a local minimum of $J$, which depends on the start; scikit-learn therefore runs several
# starts (`n_init`) with a smarter initialisation (k-means++) and keeps the best.

# %% [markdown]
# ## The elbow plot: how many clusters?
#
# The smallest inertia that $K$ clusters can reach never rises as $K$ grows (with $K = N$ it is zero), so
# minimising it cannot choose $K$; a fitted inertia, a local minimum, usually falls too. The elbow plot looks for the
# $K$ after which adding clusters buys little.

# %%
cluster_counts = range(1, 21)
inertias = [KMeans(n_clusters=K_elbow, n_init=3, random_state=0).fit(X).inertia_ for K_elbow in cluster_counts]
fig, ax = plt.subplots(figsize=(6, 3.4))
ax.plot(cluster_counts, inertias, "o-")
ax.axvline(10, color="gray", ls="--", lw=0.8)
ax.set(xlabel="number of clusters $K$", ylabel="inertia $J$", title="k-means on the digits", xticks=range(0, 21, 2))
fig.tight_layout()

# %% [markdown]
# Is there an elbow at the ten digit classes (the dashed line)? The line below compares what the tenth cluster
# bought with what the eleventh buys.

# %%
drops = -np.diff(inertias)  # drops[K - 1] is what going from K to K + 1 clusters buys
course.claim("there is no sharp elbow at K = 10: going to 11 clusters still buys more than half of what going to "
             "10 bought", drops[9] > 0.5 * drops[8], drop_9_to_10=drops[8], drop_10_to_11=drops[9])

# %% [markdown]
# On the digits the curve bends smoothly; the claim line compares the last step into the ten classes (dashed line)
# with the next one. A smooth bend is common on real data: the elbow is a hint, and the number of clusters is often
# a choice made for the application.

# %% [markdown]
# ## t-SNE next to PCA
#
# PCA is linear: its 2-D projection keeps the two directions of largest variance, and the digits overlap there.
# t-SNE (van der Maaten and Hinton 2008) is a nonlinear map built for visualisation. It turns distances into
# neighbour probabilities, with a Gaussian of width $\sigma_i$ around each point in the data and a heavy-tailed
# Student-t in the map,
#
# $$p_{j|i} = \frac{\exp(-\lVert x_i - x_j \rVert^2 / 2\sigma_i^2)}{\sum_{k \ne i} \exp(-\lVert x_i - x_k
# \rVert^2 / 2\sigma_i^2)}, \qquad q_{ij} = \frac{(1 + \lVert y_i - y_j \rVert^2)^{-1}}{\sum_{k \ne l}
# (1 + \lVert y_k - y_l \rVert^2)^{-1}},$$
#
# and moves the map points $y_i$ to minimise $\mathrm{KL}(P \,\|\, Q)$ with $p_{ij} = (p_{j|i} + p_{i|j}) / 2N$.
# Each $\sigma_i$ is set so that the **perplexity** $2^{H(P_i)}$ equals a chosen value: roughly the number of
# neighbours each point pays attention to. We precompute maps for a few perplexities (fewer points in fast mode).

# %%
num_points = course.pick(full=len(X), fast=400)
subset = np.random.default_rng(1).choice(len(X), num_points, replace=False)
X_map, y_map = X[subset], y[subset]
Z_pca = PCA(n_components=2).fit_transform(X_map)
perplexities = [5, 30, 50]
tsne_maps, tsne_seconds = {}, {}
for perplexity in course.progress(perplexities, "perplexities"):
    start_time = time.perf_counter()
    tsne_maps[perplexity] = TSNE(perplexity=perplexity, init="pca", random_state=0).fit_transform(X_map)
    tsne_seconds[perplexity] = time.perf_counter() - start_time
print(f"t-SNE on {num_points} digits:", ", ".join(f"perplexity {p}: {s:.1f} s" for p, s in tsne_seconds.items()))

# %%
def draw_maps(perplexity):
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.4))
    for ax, Z_2d, title in [(axes[0], Z_pca, "PCA, first two components"),
                            (axes[1], tsne_maps[perplexity], f"t-SNE, perplexity {perplexity}")]:
        points = ax.scatter(Z_2d[:, 0], Z_2d[:, 1], c=y_map, cmap="tab10", vmin=-0.5, vmax=9.5, s=5)
        ax.set(title=title, xticks=[], yticks=[])
    fig.colorbar(points, ax=axes, label="digit (not seen by either method)")
    return fig

tsne_controls = course.interactive_figure(
    draw_maps, perplexity=ipywidgets.SelectionSlider(options=perplexities, value=30, description="perplexity"))

# %% [markdown]
# To put a number on "the classes overlap" we use the labels once more, after the fact: for every point, the share
# of its 10 nearest neighbours *on the map* that show the same digit.

# %%
def neighbour_agreement(Z_2d, labels, k=10):
    """Mean share of each point's k nearest map neighbours (Euclidean) that have its label."""
    distances = np.linalg.norm(Z_2d[:, None] - Z_2d[None], axis=2) + np.diag(np.full(len(Z_2d), np.inf))
    return np.mean(labels[np.argsort(distances, axis=1)[:, :k]] == labels[:, None])

agreement_pca, agreement_tsne = neighbour_agreement(Z_pca, y_map), neighbour_agreement(tsne_maps[30], y_map)
course.claim("t-SNE (perplexity 30) keeps the digits' neighbourhoods far better than the PCA plane: over 0.85 of "
             "each point's map neighbours share its digit, against under 0.7 for PCA",
             agreement_tsne > 0.85 and agreement_pca < 0.7, t_SNE=agreement_tsne, PCA=agreement_pca)

# %% [markdown]
# Where the claim holds, the classes overlap heavily in the PCA plane while t-SNE, which never saw the labels
# either, separates most digits into their own islands. Move the slider and compare how the map breaks up at
# perplexity 5 with the islands at 30 and 50. Wattenberg et al. (2016) show why such maps must be read with care:
#
# * the size of a cluster in a t-SNE map means nothing (each $\sigma_i$ adapts to the local density, so dense and
#   sparse clusters come out about the same size);
# * distances between well-separated clusters mean little, and a different perplexity or seed can rearrange them;
# * small perplexities can create clumps in pure noise: look at several perplexities before trusting a structure;
# * the map has no `transform` for new points, and its axes have no meaning.

# %% [markdown]
# ## Which method when?
#
# | method | what it gives | keeps | use it for | beware |
# | --- | --- | --- | --- | --- |
# | PCA | linear projection $Z = X_c V_k$, invertible up to the discarded variance | global variance, distances along the kept axes | compression, denoising, decorrelating features before another model, a first look | only linear structure; scale the features first if their units differ |
# | k-means | $K$ centroids and a label per point | nothing of the geometry; a partition | vector quantisation, grouping, a codebook of prototypes | needs $K$; assumes round clusters of similar size; local minima (use several starts) |
# | t-SNE | a 2-D or 3-D map of the given points | local neighbourhoods | looking at clusters in high-dimensional data | cluster sizes and gaps are not meaningful; perplexity and seed change the picture; no new points; slow for large $N$ |
#
# A common recipe chains them: PCA to a few dozen dimensions (fast, removes noise), then t-SNE or k-means on the
# scores.

# %% [markdown]
# ## Summary
#
# * PCA: centre the data, take the SVD $X_c = U S V^\top$; the rows of $V^\top$ are the components (up to sign) and
#   $\lambda_j = s_j^2 / (N - 1)$ their variances, the eigenvalues of the covariance matrix.
# * The cumulative explained variance picks $k$; the reconstruction $\hat X = X_c V_k V_k^\top + \mu$ loses exactly the
#   discarded variance.
# * k-means alternates assign-to-nearest and move-to-the-mean; the inertia never increases, but the result depends on
#   the start. The elbow plot hints at $K$ without deciding it.
# * t-SNE matches neighbour probabilities with a heavy-tailed map: excellent for looking, useless for measuring sizes
#   or distances between clusters; always vary the perplexity.
#
# ## Exercises
#
# 1. Show that the first principal component maximises the variance $\mathrm{Var}(X_c v)$ over unit vectors $v$.
# 2. Multiply one pixel of the digits by 100 and redo the PCA. What happens to the first component? Why do we often
#    standardise features first?
# 3. Run the NumPy k-means from ten different random starts on the digits. How much does the final inertia vary?
# 4. Find initial centroids for which one cluster ends up empty. What does our `kmeans` do, and what does
#    scikit-learn do?
# 5. Run t-SNE with perplexity 30 and three different `random_state`s. Which features of the map are stable?
# 6. Apply t-SNE to the first 20 PCA scores instead of the 64 pixels. Does the map change? Is it faster?

# %% [markdown]
# The calls the exercises start from, run once here so that they work as written (what they show is for you to
# find out):

# %%
X_scaled = X.copy()
X_scaled[:, 36] *= 100  # exercise 2: one pixel multiplied by 100
first_component = PCA(n_components=1).fit(X_scaled).components_[0]
other_start = X[np.random.default_rng(7).choice(len(X), K, replace=False)]  # exercise 3: another random start
other_inertia = kmeans(X, other_start)[2]
tsne_on_scores = TSNE(perplexity=30, init="pca", random_state=1).fit_transform(  # exercises 5 and 6
    PCA(n_components=20).fit_transform(X_map))
print(f"PCA with a scaled pixel: first component {first_component.shape}; k-means from another start: inertia "
      f"computed ({other_inertia > 0}); t-SNE of the 20 PCA scores with random_state=1: {tsne_on_scores.shape}")
