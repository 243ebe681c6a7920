# %% [markdown]
# # Lecture 07: Convolution
#
# **After this lecture you can** compute a 2-D correlation and a convolution by hand, say how they differ, detect
# edges with the Sobel kernels, predict the output size of a convolutional layer from its input size, kernel size,
# padding and stride, count the parameters of convolutional layers, explain what max pooling buys, and say why
# images need convolutions rather than dense layers.
#
# **Prerequisites:** lectures 02 (backpropagation) and 04 (Keras). **Run time:** under 30 seconds on a laptop CPU.
#
# Sources: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document recognition",
# *Proceedings of the IEEE* 86 (1998); I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning* (2016), chapter 9
# "Convolutional networks"; I. Sobel and G. Feldman, "A 3x3 isotropic gradient operator for image processing" (1968).

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import scipy.signal
import skimage.data
from keras import layers

import course

course.setup()

# %% [markdown]
# ## Correlation by hand
#
# A dense layer multiplies every input by its own weight. A convolutional layer instead slides one small
# $K \times K$ array of weights $W$, the **kernel** (or filter), over the image $X$ and takes a weighted sum at each
# position. Without padding, an $N \times N$ input gives an $(N - K + 1) \times (N - K + 1)$ output $Y$:
#
# $$Y_{ij} = \sum_{m=0}^{K-1} \sum_{n=0}^{K-1} X_{i+m,\,j+n}\, W_{mn}.$$
#
# This is the **cross-correlation**. We compute it with two plain loops on a $5 \times 5$ input and a $3 \times 3$
# kernel, and print every output value with the window it comes from.

# %%
rng = np.random.default_rng(0)
X = rng.integers(0, 10, size=(5, 5))
W = np.array([[1, 2, 0], [0, 1, -1], [-1, 0, 2]])
print("input X:\n", X, "\nkernel W:\n", W)

# %%
def correlate2d_by_hand(X, W):
    """Valid 2-D cross-correlation with two loops: Y[i, j] = sum(X[i:i+K, j:j+K] * W)."""
    N, K = X.shape[0], W.shape[0]
    Y = np.zeros((N - K + 1, N - K + 1), dtype=X.dtype)
    for i in range(N - K + 1):
        for j in range(N - K + 1):
            Y[i, j] = np.sum(X[i:i + K, j:j + K] * W)
            print(f"Y[{i}, {j}] = sum(X[{i}:{i + K}, {j}:{j + K}] * W) = {Y[i, j]:4d}")
    return Y

Y_corr = correlate2d_by_hand(X, W)

# %% [markdown]
# Each line above is one output value: the nine products of a $3 \times 3$ window of $X$ with $W$, summed. The
# $5 \times 5$ input gives a $3 \times 3$ output, $N - K + 1 = 3$.

# %% [markdown]
# ## Convolution is correlation with the kernel flipped
#
# The mathematical **convolution** runs the kernel backwards: $(X * W)_{ij} = \sum_{m,n} X_{i-m,\,j-n} W_{mn}$.
# Over the same valid positions this equals the correlation with the kernel rotated by 180 degrees (flipped
# up-down and left-right), $W^{\text{flip}}_{mn} = W_{K-1-m,\,K-1-n}$. We check both against SciPy's
# `correlate2d` and `convolve2d`.

# %%
W_flip = W[::-1, ::-1]
Y_conv = correlate2d_by_hand(X, W_flip)
print("correlation:\n", Y_corr, "\nconvolution (correlation with W flipped):\n", Y_conv)
print("equal to scipy.signal.correlate2d:", np.array_equal(Y_corr, scipy.signal.correlate2d(X, W, mode="valid")))
print("equal to scipy.signal.convolve2d: ", np.array_equal(Y_conv, scipy.signal.convolve2d(X, W, mode="valid")))

# %% [markdown]
# Both hand computations agree exactly with SciPy (the two `True` above), and the two outputs differ because this
# $W$ is not symmetric under a 180-degree rotation. For a learned kernel the difference does not matter: the network
# would simply learn the flipped weights. That is why deep-learning libraries implement correlation and call it
# convolution (Goodfellow et al. 2016, section 9.1). Keras' `Conv2D` is no exception:

# %%
conv = layers.Conv2D(1, kernel_size=3, use_bias=False)
conv.build((None, 5, 5, 1))
conv.set_weights([W.reshape(3, 3, 1, 1).astype("float32")])
Y_keras = keras.ops.convert_to_numpy(conv(X.reshape(1, 5, 5, 1).astype("float32")))[0, :, :, 0]
print("Keras Conv2D output:\n", Y_keras.astype(int))
print("equals the correlation:", np.array_equal(Y_keras, Y_corr))
print("equals the convolution:", np.array_equal(Y_keras, Y_conv))

# %% [markdown]
# The Keras layer with our $W$ as its weights returns the correlation, not the convolution.

# %% [markdown]
# ## Padding and stride
#
# Two more choices shape the output. **Padding** $P$ adds $P$ rows and columns of zeros around the input, so the
# kernel can also sit on the border; **stride** $S$ moves the kernel $S$ pixels at a time. With an $N \times N$ input
# and a $K \times K$ kernel the output is $O \times O$ with
#
# $$O = \left\lfloor \frac{N + 2P - K}{S} \right\rfloor + 1.$$
#
# The loop above is too slow for real images, so here is the same correlation, vectorised: NumPy's
# `sliding_window_view` lists every $K \times K$ window, the stride keeps every $S$-th one, and `einsum` takes the
# weighted sums.

# %%
def correlate2d(X, W, padding=0, stride=1):
    """2-D cross-correlation of X (N x N) with W (K x K), zero padding P and stride S."""
    if X.ndim != 2 or W.ndim != 2:
        raise ValueError(f"Give a 2-D image and a 2-D kernel, got shapes {X.shape} and {W.shape}.")
    X_padded = np.pad(X, padding)
    if W.shape[0] > X_padded.shape[0] or W.shape[1] > X_padded.shape[1]:
        raise ValueError(f"The kernel {W.shape} is larger than the padded image {X_padded.shape}; add padding.")
    windows = np.lib.stride_tricks.sliding_window_view(X_padded, W.shape)[::stride, ::stride]
    return np.einsum("ijmn,mn->ij", windows, W)

print("same as the loop:", np.array_equal(correlate2d(X, W), Y_corr))
print("padding 1, stride 2:\n", correlate2d(X, W, padding=1, stride=2))

# %% [markdown]
# With $P = 1$ and $S = 2$ the $5 \times 5$ input gives $\lfloor (5 + 2 - 3) / 2 \rfloor + 1 = 3$ outputs per side.
# Now a table of a few $(N, K, P, S)$: the formula, the shape our function returns, and the shape Keras reports for
# `ZeroPadding2D(P)` followed by `Conv2D(kernel_size=K, strides=S, padding="valid")`.

# %%
def output_size(N, K, P, S):
    return (N + 2 * P - K) // S + 1

print(f"{'N':>4} {'K':>2} {'P':>2} {'S':>2} | {'formula O':>9} {'numpy':>6} {'Keras':>6}")
for N, K, P, S in [(5, 3, 0, 1), (5, 3, 1, 1), (5, 3, 1, 2), (6, 3, 0, 2), (28, 5, 0, 1),
                   (28, 5, 2, 1), (32, 5, 0, 3), (100, 3, 1, 1), (224, 11, 2, 4)]:
    O_numpy = correlate2d(np.zeros((N, N)), np.ones((K, K)), padding=P, stride=S).shape[0]
    model = keras.Sequential([keras.Input((N, N, 1)), layers.ZeroPadding2D(P), layers.Conv2D(1, K, strides=S)])
    O_keras = model.output_shape[1]
    print(f"{N:>4} {K:>2} {P:>2} {S:>2} | {output_size(N, K, P, S):>9} {O_numpy:>6} {O_keras:>6}")

# %% [markdown]
# The three columns agree on every row. The floor matters when the stride does not divide $N + 2P - K$: with
# $N = 6$, $K = 3$, $P = 0$, $S = 2$ the windows start at columns 0 and 2 only, $\lfloor 3 / 2 \rfloor + 1 = 2$
# of them, and cover columns 0 to 4, so column 5 of the input is never covered (the next start, 4, would need a
# column 6). $P = (K - 1)/2$ with $S = 1$
# keeps the size unchanged (Keras' `padding="same"`); the last row has the shape of AlexNet's first layer.

# %% [markdown]
# ## Sobel filters on a real image
#
# Before networks learned their kernels, image features were computed with hand-made ones. The Sobel kernel
#
# $$W_y = \begin{pmatrix} +1 & +2 & +1 \\ 0 & 0 & 0 \\ -1 & -2 & -1 \end{pmatrix}, \qquad W_x = W_y^{\top}$$
#
# subtracts the row below from the row above (with the centre column counted twice): it responds to horizontal
# edges. Its transpose $W_x$ responds to vertical edges. The **gradient magnitude** combines them,
# $G = \sqrt{G_x^2 + G_y^2}$ with $G_x = X \star W_x$ and $G_y = X \star W_y$. We use the photograph that
# scikit-image ships, `skimage.data.camera()`.

# %%
camera = skimage.data.camera().astype(float) / 255
W_y = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
W_x = W_y.T
G_y, G_x = correlate2d(camera, W_y, padding=1), correlate2d(camera, W_x, padding=1)
G = np.sqrt(G_x ** 2 + G_y ** 2)
print(f"image {camera.shape}; outputs {G.shape}; largest |G_x| {np.abs(G_x).max():.2f}, largest G {G.max():.2f}")
print("G_y equals scipy.signal.correlate2d:",
      np.allclose(G_y, scipy.signal.correlate2d(camera, W_y, mode="same")))

# %%
fig, axes = plt.subplots(1, 4, figsize=(13, 3.6))
panels = {"input $X$": camera, "$G_x = X \\star W_x$": G_x, "$G_y = X \\star W_y$": G_y, "magnitude $G$": G}
for ax, (title, image) in zip(axes, panels.items()):
    limits = dict(vmin=-np.abs(image).max(), vmax=np.abs(image).max()) if image.min() < 0 else {}  # 0 is mid-grey
    ax.imshow(image, cmap="gray", **limits); ax.set_title(title); ax.axis("off")
fig.tight_layout()

# %% [markdown]
# $G_x$ lights up (white or black, by the sign of the change; mid-grey is 0) on the vertical edges: the tripod legs,
# the man's coat. $G_y$ does so on the horizontal ones: the horizon, the camera's top. The magnitude $G$ is an edge
# map in every direction. A convolutional network's first layer learns kernels of this kind from data instead of by
# design (LeCun et al. 1998). One deck's second Sobel kernel is $-W_x$: the same edges with the opposite sign.

# %% [markdown]
# ## Parameter counts
#
# A kernel that spans all $C$ channels of its input has $K \times K \times C$ weights, and a layer with $F$ such
# filters has $F \cdot K^2 C$ weights plus one bias per filter, $F$. The count does not depend on the image size.
# The decks' example: a $100 \times 100 \times 1$ image, 10 filters of $3 \times 3 \times 1$, then 8 filters of
# $3 \times 3 \times 10$, both with padding 1 and stride 1. We build exactly these two layers in Keras.

# %%
model = keras.Sequential([keras.Input((100, 100, 1)),
                          layers.Conv2D(10, 3, padding="same", name="conv1"),
                          layers.Conv2D(8, 3, padding="same", name="conv2")])
C = 1
for layer in model.layers:
    F, K = layer.filters, layer.kernel_size[0]
    print(f"{layer.name}: {F} filters {K}x{K}x{C}: weights F*K*K*C = {F * K * K * C}, biases F = {F}, "
          f"Keras counts {layer.count_params()}; output {layer.output.shape[1:]}")
    C = F  # the next layer's kernels span this layer's F output channels
print(f"model.count_params() = {model.count_params()} = 90 + 10 + 720 + 8")

# %% [markdown]
# The first layer has 90 weights and outputs $100 \times 100 \times 10$; the second has 720 weights and outputs
# $100 \times 100 \times 8$. The decks count the weights only; Keras also counts the biases (10 and 8), so
# `count_params()` is 828. `Conv2D(..., use_bias=False)` would give 810.

# %% [markdown]
# ## Why not a dense layer?
#
# A dense layer connects every input to every unit. A $100 \times 100 \times 3$ colour image has $3 \times 10^4$
# inputs; 1,000 hidden units then need $3 \times 10^4 \times 10^3 = 3 \times 10^7$ weights. (One of the decks writes
# $3 \times 10^8$; the product is $3 \times 10^7$.) A convolutional layer shares its small kernels across all
# positions. We build both in Keras and compare.

# %%
dense = keras.Sequential([keras.Input((100, 100, 3)), layers.Flatten(), layers.Dense(1000)])
conv_layer = keras.Sequential([keras.Input((100, 100, 3)), layers.Conv2D(10, 3, padding="same")])
num_dense, num_conv = dense.count_params(), conv_layer.count_params()
print(f"dense, 1,000 units:     {num_dense:>12,} parameters ({num_dense - 1000:,} weights + 1,000 biases), "
      f"{num_dense * 4 / 1e6:.0f} MB as float32")
print(f"conv, 10 filters 3x3x3: {num_conv:>12,} parameters (270 weights + 10 biases)")
print(f"ratio dense / conv: {num_dense / num_conv:,.0f}")
del dense

# %% [markdown]
# The dense layer needs the 30 million weights of the formula; the convolutional layer needs 280 parameters, about
# $10^5$ times fewer, and still produces a $100 \times 100 \times 10$ output. Weight sharing also builds in a prior:
# the same pattern is detected the same way wherever it appears (Goodfellow et al. 2016, section 9.2).

# %% [markdown]
# ## Max pooling and location invariance
#
# A **max pooling** layer with a $p \times p$ window and stride $p$ keeps the largest value of each window. A stroke
# that moves inside a window leaves the window's maximum unchanged, so the pooled output changes less than the input
# under small shifts. We shift MNIST test digits one pixel to the right and compare the relative change
# $\lVert f(X) - f(X_{\text{shifted}}) \rVert / \lVert f(X) \rVert$ of the raw pixels ($f$ the identity) and of
# the max-pooled ones; to see what the *max* adds, we also pool with the mean (average pooling) over the same
# windows.

# %%
(_, _), (x_test, _) = course.load_mnist()
print("data:", course.dataset_info("mnist"))
num_images = course.pick(full=2000, fast=500)
X_digits = x_test[:num_images].astype(float) / 255
X_shifted = np.roll(X_digits, 1, axis=2)  # one pixel to the right (the border columns are blank)

def max_pool(X, p, reduce=np.max):
    """p x p max pooling (or reduce=np.mean: average pooling) with stride p, shape (n, N, N) -> (n, N // p, N // p)."""
    n, N = X.shape[0], X.shape[1] // p * p
    return reduce(X[:, :N, :N].reshape(n, N // p, p, N // p, p), axis=(2, 4))

# %%
def relative_change(A, B):
    return np.mean(np.linalg.norm((A - B).reshape(len(A), -1), axis=1) / np.linalg.norm(A.reshape(len(A), -1), axis=1))

changes = {p: relative_change(max_pool(X_digits, p), max_pool(X_shifted, p)) for p in [1, 2, 4]}
average_changes = {p: relative_change(max_pool(X_digits, p, np.mean), max_pool(X_shifted, p, np.mean)) for p in [2, 4]}
for p, change in changes.items():
    name = "raw pixels" if p == 1 else f"{p}x{p} max pooling"
    share = "" if p == 1 else (f", {change / changes[1]:.0%} of the pixels' change; {p}x{p} average pooling "
                               f"{average_changes[p]:.2f}, {average_changes[p] / changes[1]:.0%}")
    print(f"{name:>16}: relative change {change:.2f}{share}")
print(f"(mean over {num_images:,} MNIST test digits)")
course.claim("the relative change falls from raw pixels to 2x2 max pooling to 4x4 max pooling",
             changes[1] > changes[2] > changes[4], pixels=changes[1], pool_2=changes[2], pool_4=changes[4])
course.claim("the invariance is partial: even 4x4 max pooling keeps over half of the pixels' relative change",
             changes[4] > 0.5 * changes[1], share_kept_4x4=changes[4] / changes[1])

# %%
fig, axes = plt.subplots(2, 3, figsize=(7, 4.6))
for row, (images, label) in enumerate([(X_digits, "digit"), (X_shifted, "shifted by 1")]):
    for col, p in enumerate([1, 2, 4]):
        axes[row, col].imshow(max_pool(images[:1], p)[0], cmap="gray_r"); axes[row, col].axis("off")
        axes[row, col].set_title(f"{label}, " + ("pixels" if p == 1 else f"{p}x{p} pool"), fontsize=9)
fig.tight_layout()

# %% [markdown]
# The relative changes printed above shrink as the pooling window grows (the first checked line): the pooled features
# of a shifted digit move less than its pixels. The invariance is partial, as the shares printed and the second
# checked line say: a stroke that crosses a window boundary changes the maximum of two windows. Average pooling over
# the same windows gives changes of a similar size (printed beside them), so this experiment shows what pooling over
# windows buys, not what the maximum adds over the mean; CNNs commonly pool with the maximum, which passes on the
# strongest response of a feature detector in each window instead of averaging it away. Networks stack several
# convolution-and-pooling stages, as LeNet-5 does (LeCun et al. 1998).

# %% [markdown]
# ## Explore: a kernel picker
#
# Pick a kernel and see what it does to the photograph (the identity kernel shows it unchanged). Blurs average
# neighbours, sharpen adds back the difference to them, Sobel and Laplacian respond to change, emboss to change in
# one diagonal direction. The filtered images and their grey scales are computed once here, so a redraw only plots.
# (Without a widget front end you see the figure for the starting choice.)

# %%
gauss = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256  # binomial approximation of a Gaussian, sigma = 1
kernels = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]]), "box blur": np.ones((5, 5)) / 25,
    "Gaussian blur": gauss, "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "Sobel x": W_x, "Sobel y": W_y, "Laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
}
small = camera[::2, ::2]  # 256 x 256: the blurs are visible and the figure draws fast
filtered = {name: correlate2d(small, W_k, padding=W_k.shape[0] // 2) for name, W_k in kernels.items()}
limits = {name: np.percentile(Y_k, [1, 99]) for name, Y_k in filtered.items()}  # grey scale of each output

# %%
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4), gridspec_kw={"width_ratios": [2, 3]})
output_image = axes[1].imshow(small, cmap="gray"); axes[1].axis("off")
axes[1].set_title("output (1st-99th percentile)")

def draw_filtered(kernel):
    """Update the figure built once above (faster than building a new one): kernel and output."""
    W_k, Y_k = kernels[kernel], filtered[kernel]
    axes[0].clear(); axes[0].axis("off"); axes[0].set_title(f"kernel: {kernel}")
    axes[0].imshow(W_k, cmap="coolwarm", vmin=-np.abs(W_k).max(), vmax=np.abs(W_k).max())
    for (m, n), w in np.ndenumerate(W_k):
        axes[0].text(n, m, f"{w:.2g}", ha="center", va="center", fontsize=8)
    output_image.set_data(Y_k); output_image.set_clim(*limits[kernel])
    return fig

picker = course.interactive_figure(draw_filtered, kernel=ipywidgets.Dropdown(options=list(kernels), value="Sobel x"))

# %% [markdown]
# Sobel x shows the vertical edges, as in the section above; the Laplacian responds to edges in every direction but
# is thin and noisy, since it takes a second difference; the blurs trade detail for smoothness.

# %% [markdown]
# ## Summary
#
# * Cross-correlation slides a $K \times K$ kernel over the input: $Y_{ij} = \sum_{m,n} X_{i+m,j+n} W_{mn}$.
#   Convolution is the same with the kernel flipped; deep-learning libraries compute correlation.
# * Output size: $O = \lfloor (N + 2P - K)/S \rfloor + 1$; $P = (K-1)/2$, $S = 1$ keeps the size.
# * Sobel kernels $W_y$ and $W_x = W_y^\top$ detect horizontal and vertical edges; $\sqrt{G_x^2 + G_y^2}$ all edges.
# * A conv layer has $F K^2 C$ weights plus $F$ biases, independent of the image size: 90 and 720 weights in the
#   decks' example, versus $3 \times 10^7$ for one dense layer of 1,000 units on a $100 \times 100 \times 3$ image.
# * Max pooling keeps the largest value per window, so small shifts of the input change its output less.
#
# ## Exercises
#
# 1. Compute $Y_{00}$ of the correlation and of the convolution of the $5 \times 5$ example by hand on paper.
# 2. For which kernels are correlation and convolution the same? Give a $3 \times 3$ example that is not constant.
# 3. An input of $32 \times 32 \times 3$ goes through 6 filters $5 \times 5$, no padding, stride 1, then $2 \times 2$
#    max pooling, then 16 filters $5 \times 5$ that span all 6 channels. Give every output shape and parameter count,
#    then check them with Keras (`Conv2D(6, 5)`, `MaxPooling2D(2)`, `Conv2D(16, 5)`). The sizes follow LeNet-5's C1,
#    S2 and C3, but the network is not LeNet-5: LeNet-5 takes grey $32 \times 32$ images, subsamples with a trainable
#    weighted average, and connects each C3 map to only some of the 6 S2 maps (1,516 parameters; LeCun et al. 1998),
#    so its counts differ from yours.
# 4. Show that correlating with $W_y$ and then with $W_x$ (no padding) gives the same as correlating once with a
#    $5 \times 5$ kernel. Which one? (Hint: `scipy.signal.convolve2d(W_y, W_x)`.)
# 5. Repeat the shift experiment with a shift of 2 and of 3 pixels, with max and with average pooling. How does the
#    share of the pixels' change that $2 \times 2$ pooling keeps vary with the shift, and which pooling keeps less?
