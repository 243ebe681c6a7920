# %% [markdown]
# # Lecture 19: Neural style transfer
#
# **After this lecture you can** describe an image by the filter responses of a convolutional network (its content)
# and by the correlations between those responses, the Gram matrices (its style), write the content loss, the style
# loss and their weighted sum $\alpha \mathcal{L}_\text{content} + \beta \mathcal{L}_\text{style}$ in TensorFlow and
# check them against NumPy, minimise a loss over the *pixels* of an image with `tf.GradientTape` and L-BFGS,
# synthesise a texture from noise, paint a photograph in the style of another image, and say what the ratio
# $\beta / \alpha$ and the layers chosen for the style change in the result.
#
# **Prerequisites:** lectures 07 (convolution), 08 (convolutional networks) and 09 (architectures and transfer
# learning). **Run time:** under a minute in fast mode and a few minutes in full mode on a laptop CPU.
#
# Sources: L. Gatys, A. Ecker and M. Bethge, "A neural algorithm of artistic style" (arXiv 2015) and "Image style
# transfer using convolutional neural networks" (CVPR 2016); L. Gatys, A. Ecker and M. Bethge, "Texture synthesis
# using convolutional neural networks" (NeurIPS 2015); I. Ustyuzhaninov, W. Brendel, L. Gatys and M. Bethge,
# "Texture synthesis using shallow convolutional networks with random filters" (arXiv 2016) and "What does it take to
# generate natural textures?" (ICLR 2017); K. He, Y. Wang and J. Hopcroft, "A powerful generative model using random
# weights for the deep image representation" (NeurIPS 2016); K. Simonyan and A. Zisserman, "Very deep convolutional
# networks for large-scale image recognition" (ICLR 2015); D. Liu and J. Nocedal, "On the limited memory BFGS method
# for large scale optimization" (1989); the Keras example "Neural style transfer" (keras.io).

# %% [markdown]
# ## Setup

# %%
import os
import pathlib
import socket
import time

import ipywidgets
import keras
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize
import skimage.data
import skimage.transform
import tensorflow as tf
from keras import layers

import course

course.setup()

# %% [markdown]
# ## Content and style
#
# Gatys, Ecker and Bethge (2015) start from an observation about networks trained to recognise objects: their layers
# form a hierarchy, and what an image *shows* can be separated from *how it is painted*.
#
# * The **content** of an image at layer $l$ is the layer's filter responses $F^l$: which feature is present where.
# * The **style** is the **correlations** between the filter responses, taken over all positions: which features
#   occur *together*, wherever they occur. The positions are summed away, so the style keeps colours, strokes and
#   textures but not the layout.
#
# Three images take part. A photograph $\vec p$ gives the content, an artwork $\vec a$ gives the style, and a third
# image $\vec x$, started from random noise, is changed by a gradient-based optimiser *on its pixels* until its
# content is close to the photograph's and its style close to the artwork's. The network's weights never change.
#
# Our images must exist offline, so both come from those that scikit-image ships with its code (`skimage.data`,
# no download): the photograph is the cat *Chelsea*, the "artwork" a microscope image of stained tissue
# (immunohistochemistry), whose brown fibres and blue nuclei make a strongly textured style. Both are cut square and
# shrunk to $S \times S$ pixels with values in $[0, 1]$.

# %%
S = course.pick(full=80, fast=40)  # image side in pixels

def square(image, rows, columns):
    """Crop image[rows, columns], scale to [0, 1] floats and resize to S x S x 3."""
    crop = image[rows, columns].astype("float32") / 255
    return skimage.transform.resize(crop, (S, S), anti_aliasing=True).astype("float32")

p = square(skimage.data.chelsea(), slice(0, 300), slice(80, 380))                   # the photograph (content)
a = square(skimage.data.immunohistochemistry(), slice(0, 256), slice(0, 256))       # the "artwork" (style)
print(f"photograph p and style image a: {p.shape}, pixel values in [{p.min():.2f}, {p.max():.2f}]")

# %%
fig, axes = plt.subplots(1, 2, figsize=(6, 3))
for ax, image, title in zip(axes, [p, a], ["photograph $\\vec p$ (content)", "style image $\\vec a$"]):
    ax.imshow(image); ax.set_title(title); ax.axis("off")

# %% [markdown]
# ## The network: VGG-19 when its weights are here, random filters otherwise
#
# Gatys et al. use VGG-19 (Simonyan and Zisserman 2015, lecture 09) trained on ImageNet: the content is taken at
# `conv4_2`, the style at `conv1_1`, `conv2_1`, `conv3_1`, `conv4_1` and `conv5_1` (Keras calls them
# `block4_conv2`, `block1_conv1`, ...). Its ImageNet weights are an 80 MB download that the machines testing this
# course cannot make. The rule below: use VGG-19 when the weight file is already in Keras' cache
# (`~/.keras/models/`), or, in full mode only, when Keras can download it within a short timeout; otherwise use
# a network of **random filters**.
#
# That is less of a compromise than it sounds. Ustyuzhaninov, Brendel, Gatys and Bethge (2016, ICLR 2017) found that
# a single layer of many *random* filters at several scales already synthesises natural textures close to those of
# VGG, and He, Wang and Hopcroft (2016) used VGG's architecture with random weights for textures and style
# transfer. Our random network stacks four $3 \times 3$ convolutions with ReLU and many random filters
# (He-normal, never trained), with $2 \times 2$ average pooling in between, so each layer looks at the image at
# half the resolution of the one before: four scales, whose filters see patches of 3, 8, 18 and 38 pixels. Average
# rather than max pooling, as Gatys et al. do for VGG: it passes gradients to every pixel, and they found it gives
# slightly more appealing results.

# %%
VGG19_FILE = (pathlib.Path(os.environ.get("KERAS_HOME", pathlib.Path.home() / ".keras")).expanduser()
              / "models" / "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5")

def load_vgg19(timeout_seconds=20):
    """VGG-19's convolutional part with ImageNet weights, or None if the weights are neither cached nor downloadable."""
    if not VGG19_FILE.exists() and course.is_fast():
        return None  # fast mode (the tests) never downloads
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout_seconds)  # an unreachable server fails after this long instead of hanging
    try:
        return keras.applications.VGG19(weights="imagenet", include_top=False)
    except Exception as error:  # no network, a proxy, a firewall: fall back to random filters
        print(f"VGG-19's ImageNet weights are not available here: {str(error)[:200]}")
        return None
    finally:
        socket.setdefaulttimeout(previous)

# %%
def random_filter_network(widths=(64, 64, 128, 128), seed=0):
    """Conv 3x3 + ReLU layers with random He-normal filters, 2x2 average pooling between them; never trained."""
    inputs = keras.Input(shape=(None, None, 3))
    x, outputs = inputs, {}
    for i, width in enumerate(widths):
        if i > 0:
            x = layers.AveragePooling2D(2)(x)
        x = layers.Conv2D(width, 3, padding="same", activation="relu",
                          kernel_initializer=keras.initializers.HeNormal(seed=seed + i), name=f"conv{i + 1}")(x)
        outputs[f"conv{i + 1}"] = x
    return keras.Model(inputs, outputs, name="random_filters")

# %% [markdown]
# Whichever network runs, `extract(images)` returns a dictionary from layer names to feature maps of shape
# (1, height, width, filters), and everything after this cell is the same code for both.

# %%
vgg19 = load_vgg19()
if vgg19 is not None:
    network_name = "VGG-19 with ImageNet weights"
    STYLE_LAYERS = ["block1_conv1", "block2_conv1", "block3_conv1", "block4_conv1", "block5_conv1"]
    CONTENT_LAYER = "block4_conv2"
    vgg19_features = keras.Model(vgg19.input, {name: vgg19.get_layer(name).output
                                               for name in STYLE_LAYERS + [CONTENT_LAYER]})

    def extract(images):  # VGG expects 0..255 BGR pixels minus the ImageNet mean
        return vgg19_features(keras.applications.vgg19.preprocess_input(255.0 * images))
else:
    network_name = "random filters (no ImageNet weights available offline)"
    STYLE_LAYERS, CONTENT_LAYER = ["conv1", "conv2", "conv3", "conv4"], "conv3"
    random_filters = random_filter_network()

    def extract(images):  # centre the pixels so that the zero-mean random filters see positive and negative values
        return random_filters(images - 0.5)

print(f"network: {network_name}")
print(f"style layers {STYLE_LAYERS}, content layer {CONTENT_LAYER}")
for name, F in extract(p[None]).items():
    print(f"  {name}: feature maps of shape {tuple(F.shape)}")

# %% [markdown]
# The first line says which network ran, and that changes what to expect below. With VGG-19 the results are of
# the kind Gatys et al. show: ImageNet features respond to object parts, so the content representation at a deep
# layer keeps the cat's layout while letting exact colours and details go, and the style brings strokes and motifs
# along. Random filters learned nothing: they measure local colour and edge statistics at four scales. Their
# textures can still be convincing (Ustyuzhaninov et al.'s finding), but their content representation is closer
# to a literal record of the pixels, colours included, so expect a style transfer that looks more like a
# re-coloured and re-textured photograph than a painting. The code, the losses and the checks are the same.

# %% [markdown]
# ## Content: the filter responses
#
# Write $N_l$ for the number of filters of layer $l$ and $M_l$ for the number of positions (height times width) of
# its feature maps. Gatys et al. store the responses as a matrix $F^l \in \mathbb{R}^{N_l \times M_l}$, with
# $F^l_{ik}$ the response of filter $i$ at position $k$. Keras gives them as (1, height, width, $N_l$); reshaped to
# $(M_l, N_l)$ it is the transpose, one row per position. Below, the photograph's maps of the two filters of each
# layer whose responses vary most over the image:

# %%
features_p = extract(p[None])
fig, axes = plt.subplots(2, 4, figsize=(9, 4.6))
for column, name in enumerate(STYLE_LAYERS[:4]):
    maps = features_p[name][0].numpy()  # (height, width, N_l)
    for row, i in enumerate(np.argsort(maps.std(axis=(0, 1)))[::-1][:2]):
        axes[row, column].imshow(maps[:, :, i], cmap="magma")
        axes[row, column].set_title(f"{name}, filter {i}", fontsize=9); axes[row, column].axis("off")
fig.tight_layout()

# %% [markdown]
# Each map is the photograph seen through one filter: the deeper the layer, the coarser its grid. The **content
# loss** compares the responses of $\vec x$ ($F^l$) with those of the photograph ($P^l$) position by position:
#
# $$\mathcal{L}_\text{content}(\vec p, \vec x, l) = \frac{1}{2} \sum_{i,k} \big(F^l_{ik} - P^l_{ik}\big)^2.$$

# %%
def content_loss(F, P):
    """Gatys et al.'s content loss: half the sum of squared differences of two feature maps of the same shape."""
    return 0.5 * tf.reduce_sum((F - P) ** 2)

# %% [markdown]
# ## Style: the Gram matrix
#
# The style of layer $l$ is the **Gram matrix** of its responses, the inner products between every pair of filters
# over all positions:
#
# $$G^l_{ij} = \sum_k F^l_{ik} F^l_{jk}, \qquad G^l \in \mathbb{R}^{N_l \times N_l}.$$
#
# $G^l_{ij}$ is large when filters $i$ and $j$ respond strongly at the same places; *where* that happens has been
# summed away. **Our normalisation:** we divide by the number of positions, $\hat G^l = G^l / M_l$, the average
# over positions, so the style of an image does not grow with its size. Gatys et al. instead put the factor into
# the style loss of a layer,
#
# $$E_l = \frac{1}{4 N_l^2 M_l^2} \sum_{i,j} \big(G^l_{ij} - A^l_{ij}\big)^2
#       = \frac{1}{4 N_l^2} \sum_{i,j} \big(\hat G^l_{ij} - \hat A^l_{ij}\big)^2,$$
#
# where $A^l$ is the Gram matrix of the style image; the two forms are equal (checked below). The **style loss**
# sums over a set of layers $L$ with weights $w_l$; like Gatys et al. we weight the layers equally, $w_l = 1/|L|$:
#
# $$\mathcal{L}_\text{style}(\vec a, \vec x) = \sum_{l \in L} w_l E_l.$$

# %%
def gram_matrix(F):
    """G^l / M_l for feature maps F of shape (1, height, width, N_l): an (N_l, N_l) matrix."""
    F = tf.reshape(F, (-1, F.shape[-1]))  # (M_l, N_l): one row per position k, one column per filter i
    M = tf.cast(tf.shape(F)[0], F.dtype)
    return tf.matmul(F, F, transpose_a=True) / M  # G_ij = sum_k F_ki F_kj, divided by M_l

def style_loss(features, A, style_layers):
    """Sum over the style layers of w_l E_l, with w_l = 1 / |L| and A[l] the style image's normalised Gram matrix."""
    E = [tf.reduce_sum((gram_matrix(features[l]) - A[l]) ** 2) / (4 * features[l].shape[-1] ** 2)
         for l in style_layers]
    return tf.add_n(E) / len(style_layers)

# %% [markdown]
# ## Checking the losses against NumPy
#
# The same three formulas written a second time, in plain NumPy and in double precision, on the same features:
# the photograph's feature maps play $F^l$, the style image's $P^l$ and $A^l$. `np.einsum` spells out the sum over
# positions $k$ as it stands in the formula, and the Gatys form of $E_l$ uses the *unnormalised* $G^l$ with its
# factor $1 / (4 N_l^2 M_l^2)$.

# %%
features_a = extract(a[None])
F_np = {l: features_p[l].numpy()[0].reshape(-1, features_p[l].shape[-1]).astype(np.float64).T
        for l in STYLE_LAYERS + [CONTENT_LAYER]}  # F[l][i, k]: filter i, position k, as in Gatys et al.
P_np = {l: features_a[l].numpy()[0].reshape(-1, features_a[l].shape[-1]).astype(np.float64).T
        for l in STYLE_LAYERS + [CONTENT_LAYER]}

def gatys_E(F, P):
    """E_l with unnormalised Gram matrices and the factor 1 / (4 N^2 M^2), F and P of shape (N_l, M_l)."""
    N, M = F.shape
    G, A = np.einsum("ik,jk->ij", F, F), np.einsum("ik,jk->ij", P, P)
    return np.sum((G - A) ** 2) / (4 * N**2 * M**2)

# %%
def relative_difference(tf_value, np_value):
    """Largest absolute difference, relative to the largest absolute NumPy value."""
    return float(np.max(np.abs(np.asarray(tf_value, np.float64) - np_value)) / np.max(np.abs(np_value)))

layer = STYLE_LAYERS[1]
M_l = F_np[layer].shape[1]
differences = {
    f"Gram matrix ({layer})": relative_difference(gram_matrix(features_p[layer]),
                                                  np.einsum("ik,jk->ij", F_np[layer], F_np[layer]) / M_l),
    f"content loss ({CONTENT_LAYER})": relative_difference(
        content_loss(features_p[CONTENT_LAYER], features_a[CONTENT_LAYER]),
        0.5 * np.sum((F_np[CONTENT_LAYER] - P_np[CONTENT_LAYER]) ** 2)),
    "style loss (all style layers, Gatys form)": relative_difference(
        style_loss(features_p, {l: gram_matrix(features_a[l]) for l in STYLE_LAYERS}, STYLE_LAYERS),
        np.mean([gatys_E(F_np[l], P_np[l]) for l in STYLE_LAYERS])),
}
for what, difference in differences.items():
    print(f"{what:<45} max |TensorFlow - NumPy| / max |NumPy| = {difference:.1e}")
course.claim("TensorFlow's Gram matrix, content loss and style loss agree with the NumPy versions to 1e-5 relative",
             max(differences.values()) < 1e-5, largest=max(differences.values()))

# %% [markdown]
# TensorFlow computes in single precision, NumPy here in double, so agreement to about $10^{-6}$ is all one can ask;
# the checked line says whether all three stayed within $10^{-5}$. The last line also confirms that our $\hat G$ with
# $1 / (4 N_l^2)$ is Gatys et al.'s $E_l$.

# %% [markdown]
# ## The Gram matrix forgets where things are
#
# If the style is blind to positions, rearranging an image should leave its Gram matrices almost unchanged while
# its feature maps change completely. We cut the photograph in two and swap the halves (`np.roll` by half the
# width), then compare the relative changes of the features and of the Gram matrices at every style layer.

# %%
swapped = np.roll(p, S // 2, axis=1)
features_swapped = extract(swapped[None])
change_F, change_G = [], []
for l in STYLE_LAYERS:
    F, F_swap = features_p[l], features_swapped[l]
    change_F.append(float(tf.norm(F_swap - F) / tf.norm(F)))
    change_G.append(float(tf.norm(gram_matrix(F_swap) - gram_matrix(F)) / tf.norm(gram_matrix(F))))
    print(f"{l}: features change by {change_F[-1]:6.1%}, Gram matrix by {change_G[-1]:6.2%}")
course.claim("at every style layer, swapping the halves changes the Gram matrix by less than half as much as the "
             "feature maps, and at the first layer by less than a tenth",
             all(g < 0.5 * f for f, g in zip(change_F, change_G)) and change_G[0] < 0.1 * change_F[0],
             first_layer_ratio=change_G[0] / change_F[0], last_layer_ratio=change_G[-1] / change_F[-1])

# %% [markdown]
# The feature maps move with the image, so they change by a large fraction. A Gram matrix changes only through the
# positions whose neighbourhood the cut changed (along the seam and the old borders): few of them at the first
# layer, whose filters see 3 pixels; more at the deeper layers, whose filters see a good part of the small image and
# whose grids have few positions. The checked line says how this run came out. That is why the style loss can be met
# by an image whose parts are anywhere: it describes a **texture**.

# %% [markdown]
# ## Optimising the pixels: `tf.GradientTape` and L-BFGS
#
# The unknown is the image $\vec x$ itself, a `tf.Variable` of shape (1, S, S, 3); the network is fixed. The tape
# gives $\partial \mathcal{L} / \partial \vec x$ for every pixel, exactly as it gave the gradient with respect to the
# input in lecture 10's adversarial examples. Gatys et al. minimise with **L-BFGS** (Liu and Nocedal 1989), a
# quasi-Newton method that builds a curvature estimate from its last few gradients and usually needs far fewer steps
# than plain gradient descent on such smooth problems. SciPy's L-BFGS-B also keeps every pixel in $[0, 1]$ (box
# bounds). SciPy works on flat float64 vectors, so `objective` copies the vector into the variable, runs the
# network under the tape, and hands back the loss and the gradient as float64. `ftol=0, gtol=0` switch off SciPy's
# stopping tests (they compare changes with 1, far above our loss values), so a run stops early only if its line
# search fails; the texture run below prints how many iterations it made.

# %%
def minimise(loss_fn, x0, num_iterations):
    """Minimise loss_fn(x) over the pixels of x (shape (1, S, S, 3), values in [0, 1]) with L-BFGS-B from x0.

    Returns the image (S, S, 3) and the loss after each iteration.
    """
    x = tf.Variable(x0[None])

    @tf.function  # traced once per call of minimise, then fast
    def loss_and_gradient():
        with tf.GradientTape() as tape:
            loss = loss_fn(x)
        return loss, tape.gradient(loss, x)

    def objective(pixels):
        x.assign(pixels.reshape(x.shape).astype("float32"))
        loss, gradient = loss_and_gradient()
        return float(loss), gradient.numpy().ravel().astype(np.float64)

    history = []
    result = scipy.optimize.minimize(
        objective, x0.ravel().astype(np.float64), jac=True, method="L-BFGS-B", bounds=[(0.0, 1.0)] * x0.size,
        options={"maxiter": num_iterations, "ftol": 0.0, "gtol": 0.0},
        callback=lambda intermediate_result: history.append(intermediate_result.fun))
    return result.x.reshape(x0.shape).astype("float32"), history

# %% [markdown]
# ## Texture synthesis: the style loss alone
#
# With $\alpha = 0$ there is no photograph: starting from white noise, $\vec x$ only has to reproduce the style
# image's Gram matrices at the four (or five) style layers. This is Gatys, Ecker and Bethge's texture synthesis
# (2015), the half of style transfer that deals with style.

# %%
num_iterations = course.pick(full=80, fast=25)
A = {l: gram_matrix(features_a[l]) for l in STYLE_LAYERS}  # the style image's Gram matrices, fixed
noise = np.random.default_rng(0).uniform(0, 1, size=(S, S, 3)).astype("float32")

start = time.perf_counter()
texture, texture_history = minimise(lambda x: style_loss(extract(x), A, STYLE_LAYERS), noise, num_iterations)
style_loss_noise = float(style_loss(extract(noise[None]), A, STYLE_LAYERS))
print(f"{len(texture_history)} of {num_iterations} L-BFGS iterations made, in {time.perf_counter() - start:.1f} s")
print(f"style loss: noise {style_loss_noise:.3g}, synthesised texture {texture_history[-1]:.3g}")

# %%
fig, axes = plt.subplots(1, 4, figsize=(12, 3), gridspec_kw={"width_ratios": [1, 1, 1, 1.4]})
for ax, image, title in zip(axes, [noise, texture, a], ["start: white noise", "synthesised texture",
                                                        "style image $\\vec a$"]):
    ax.imshow(image); ax.set_title(title); ax.axis("off")
axes[3].semilogy(np.arange(1, len(texture_history) + 1), texture_history)
axes[3].set(xlabel="L-BFGS iteration", ylabel="style loss", title="style loss over the iterations")
fig.tight_layout()
course.claim("L-BFGS cut the style loss of the noise image by more than 99 %",
             texture_history[-1] < 0.01 * style_loss_noise,
             fraction_left=texture_history[-1] / style_loss_noise)

# %% [markdown]
# Compare the synthesised image with the style image: the Gram matrices fix the colours and the local statistics,
# not the positions, so whatever fibres and nuclei appear sit in new places. Look for what is *not* reproduced,
# too: structure larger than the deepest layer's field of view is constrained by no Gram matrix.

# %% [markdown]
# ## Style transfer: content and style together
#
# Now the photograph returns. Gatys et al. minimise
#
# $$\mathcal{L}_\text{total}(\vec p, \vec a, \vec x) = \alpha\, \mathcal{L}_\text{content}(\vec p, \vec x)
#   + \beta\, \mathcal{L}_\text{style}(\vec a, \vec x),$$
#
# again from white noise. Only the ratio $\beta / \alpha$ matters (multiplying the loss by a constant does not move
# its minimum), so we fix $\alpha = 1$. Its good values depend on the network and on every normalisation: Gatys et
# al. (2015) use $\alpha / \beta$ of $10^{-3}$ and $10^{-4}$ for their VGG and their losses, a number that means
# nothing for other features. So we measure a scale on our own images,
#
# $$\beta_0 = \frac{\mathcal{L}_\text{content}(\vec p, \text{noise})}{\mathcal{L}_\text{style}(\vec a, \vec p)},$$
#
# the $\beta$ at which the content loss of pure noise equals the weighted style loss of the unchanged photograph,
# two "completely wrong" values made the same size, and then try multiples of it.

# %%
P = extract(p[None])[CONTENT_LAYER]  # the photograph's responses at the content layer, fixed
beta_0 = float(content_loss(extract(noise[None])[CONTENT_LAYER], P) / style_loss(features_p, A, STYLE_LAYERS))
print(f"beta_0 = {beta_0:.3g} (alpha = 1)")

def transfer(beta, style_layers, alpha=1.0):
    """Minimise alpha L_content + beta L_style from noise; return the image and its two losses (all style layers)."""
    def total_loss(x):
        features = extract(x)
        return alpha * content_loss(features[CONTENT_LAYER], P) + beta * style_loss(features, A, style_layers)
    x, _ = minimise(total_loss, noise, num_iterations)
    features = extract(x[None])
    return x, float(content_loss(features[CONTENT_LAYER], P)), float(style_loss(features, A, STYLE_LAYERS))

# %%
start = time.perf_counter()
result, result_content_loss, result_style_loss = transfer(beta_0, STYLE_LAYERS)
print(f"{num_iterations} iterations in {time.perf_counter() - start:.1f} s; content loss {result_content_loss:.3g}, "
      f"style loss {result_style_loss:.3g}")
fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
for ax, image, title in zip(axes, [p, result, a], ["photograph $\\vec p$", "$\\vec x$, $\\beta = \\beta_0$",
                                                   "style image $\\vec a$"]):
    ax.imshow(image); ax.set_title(title); ax.axis("off")

# %% [markdown]
# The content loss asks for the photograph's arrangement (eyes, nose, the boundaries between dark and light), the
# style loss for the colours and texture of the style image; the result is a compromise between the two, and the
# next section moves it.

# %% [markdown]
# ## The ratio $\beta / \alpha$ and the layers of the style
#
# Two choices shape the result. The **ratio** $\beta / \alpha$ trades the two losses against each other: the larger
# it is, the more the result looks like the texture and the less like the photograph. The **style layers** decide
# at which scales the style is imposed: Gatys et al. show that matching only the first layer transfers colours and
# the finest grain, and that adding deeper layers brings in larger structures. We compute a small grid (four ratios,
# three in fast mode, times three sets of layers, each a full minimisation from the same noise), then the controls
# below only choose which precomputed result to show.

# %%
beta_factors = course.pick(full=[0.1, 1.0, 10.0, 100.0], fast=[0.1, 1.0, 100.0])  # beta / beta_0
layer_sets = {STYLE_LAYERS[0]: STYLE_LAYERS[:1], f"{STYLE_LAYERS[0]} + {STYLE_LAYERS[1]}": STYLE_LAYERS[:2],
              f"{STYLE_LAYERS[0]} to {STYLE_LAYERS[-1]}": STYLE_LAYERS}
grid, start = {}, time.perf_counter()
for factor in course.progress(beta_factors, "ratios"):
    for name, style_layers in layer_sets.items():
        if factor == 1.0 and style_layers == STYLE_LAYERS:
            grid[factor, name] = result, result_content_loss, result_style_loss  # computed above
        else:
            grid[factor, name] = transfer(factor * beta_0, style_layers)
print(f"{len(grid)} results ({len(grid) - 1} new minimisations) in {time.perf_counter() - start:.0f} s")

# %%
def draw_result(beta_over_beta_0, style_layers):
    image, content, style = grid[beta_over_beta_0, style_layers]
    fig = matplotlib.figure.Figure(figsize=(9, 3.6), dpi=72)  # no pyplot: a fast redraw
    ax_image, ax_losses = fig.add_axes([0.01, 0.05, 0.36, 0.8]), fig.add_axes([0.5, 0.16, 0.47, 0.7])
    ax_image.imshow(image); ax_image.axis("off")
    ax_image.set_title(f"$\\beta = {beta_over_beta_0:g}\\,\\beta_0$, style from {style_layers}", fontsize=9)
    for marker, name in zip("osD", layer_sets):
        points = np.array([grid[factor, name][1:] for factor in beta_factors])
        ax_losses.semilogy(points[:, 0], points[:, 1], marker + "-", alpha=0.7, label=name)
    ax_losses.semilogy(content, style, "o", markersize=14, markerfacecolor="none", color="k")
    ax_losses.set(xlabel="content loss", ylabel=f"style loss ({STYLE_LAYERS[0]} to {STYLE_LAYERS[-1]})",
                  title="every precomputed result (circled: shown)")
    ax_losses.legend(fontsize=7)
    return fig

controls = course.interactive_figure(
    draw_result,
    beta_over_beta_0=ipywidgets.SelectionSlider(options=beta_factors, value=1.0, description="β / β0",
                                                continuous_update=False),
    style_layers=ipywidgets.Dropdown(options=list(layer_sets), value=list(layer_sets)[-1], description="style"))

# %% [markdown]
# Slide the ratio up and the cat dissolves more and more into the texture; slide it down and the style fades to a
# tint and a grain. On the right each line is one set of style layers, its points the ratios: along a line, the
# content loss should rise as the style loss falls (the first checked line below tests it for all layers). With
# only the first layer, the style loss measured on all layers cannot fall far, since the coarser scales were never
# asked for (the second checked line measures it at the deepest layer).

# %%
all_layers = list(layer_sets)[-1]
content_losses = [grid[factor, all_layers][1] for factor in beta_factors]
style_losses = [grid[factor, all_layers][2] for factor in beta_factors]
for factor, content, style in zip(beta_factors, content_losses, style_losses):
    print(f"beta = {factor:>5g} beta_0: content loss {content:9.3g}, style loss {style:9.3g}")
course.claim("with every increase of beta / alpha the result's style loss is lower and its content loss higher",
             bool(np.all(np.diff(style_losses) < 0) and np.all(np.diff(content_losses) > 0)),
             style_loss_ratio_first_to_last=style_losses[0] / style_losses[-1])

# %%
first_only, deepest = list(layer_sets)[0], STYLE_LAYERS[-1]
def deepest_layer_loss(image):
    return float(style_loss(extract(image[None]), A, [deepest]))
loss_first_only = deepest_layer_loss(grid[1.0, first_only][0])
loss_all = deepest_layer_loss(grid[1.0, all_layers][0])
print(f"style loss at {deepest} of the result (beta = beta_0): style from {first_only} only {loss_first_only:.3g}, "
      f"from all style layers {loss_all:.3g}")
course.claim(f"matching only {first_only} leaves {deepest}'s Gram matrix at least three times further from the "
             "style image's than matching all style layers", loss_first_only > 3 * loss_all,
             ratio=loss_first_only / loss_all)

# %% [markdown]
# The two checked lines say whether this run shows the trade-off along the ratio at every step, and whether the
# coarse-scale statistics are left unmatched when the style comes from the first layer alone. The first is what
# the objective promises for exact minimisers (a larger weight on a term never makes that term larger at the
# minimum); with a fixed number of iterations from noise it is an observation about this run. The second is the
# scale argument of Gatys et al.: a Gram matrix only constrains the scale its layer sees.

# %% [markdown]
# ## Summary
#
# * A network's filter responses $F^l$ describe an image's content; their correlations, the Gram matrix
#   $G^l_{ij} = \sum_k F^l_{ik} F^l_{jk}$ (here divided by the $M_l$ positions), describe its style and forget where
#   things are.
# * Content loss $\frac{1}{2} \sum (F^l - P^l)^2$; style loss $\sum_l w_l E_l$ with
#   $E_l = \frac{1}{4 N_l^2 M_l^2} \sum (G^l - A^l)^2$; total $\alpha \mathcal{L}_\text{content} +
#   \beta \mathcal{L}_\text{style}$, minimised over the pixels with `tf.GradientTape` and L-BFGS, the network fixed.
# * The style loss alone synthesises a texture from noise; with the content loss, the photograph is repainted.
# * $\beta / \alpha$ trades content for style; deeper style layers impose larger structures.
# * Trained ImageNet features (VGG-19) are what Gatys et al. used; random filters still capture textures
#   (Ustyuzhaninov et al. 2017), which is what this notebook falls back on offline.
#
# ## Exercises
#
# 1. Content reconstruction, as Gatys et al. show it: minimise the content loss alone from noise, once for each layer
#    of `STYLE_LAYERS`. Which layers give back the photograph pixel for pixel? Compare the random network with VGG-19
#    if you can get its weights.
# 2. Replace L-BFGS by Adam: keep the same `tf.Variable`, take `tape.gradient`, `optimizer.apply_gradients` and clip
#    the pixels to $[0, 1]$ after each step. With as many gradient evaluations as L-BFGS used, how do the loss and
#    the texture compare? Try two learning rates.
# 3. Start the style transfer from the photograph instead of from noise. How do the result and the effect of
#    $\beta / \alpha$ change? (Gatys et al. 2016 compare the starting points.)
# 4. Synthesise the texture at twice the side of the style image (the Gram matrices are averages over positions, so
#    they compare across sizes). Do you see repetitions?
# 5. Add a total-variation term $\lambda \sum (x_{i+1,j} - x_{ij})^2 + (x_{i,j+1} - x_{ij})^2$ to the loss. What
#    does it remove from the results, and what does it cost?
# 6. Widen the random network (more filters per layer) or give it a fifth layer. Does the texture improve?

# %% [markdown]
# The calls the exercises start from, run once here with two iterations each so that they work as written (what
# they show is for you to find out):

# %%
for l in STYLE_LAYERS:  # exercise 1: the content loss alone, at each layer
    minimise(lambda x: content_loss(extract(x)[l], features_p[l]), noise, 2)
x_adam, adam = tf.Variable(noise[None]), keras.optimizers.Adam(learning_rate=0.02)  # exercise 2: Adam
for _ in range(2):
    with tf.GradientTape() as tape:
        adam_loss = style_loss(extract(x_adam), A, STYLE_LAYERS)
    adam.apply_gradients([(tape.gradient(adam_loss, x_adam), x_adam)])
    x_adam.assign(tf.clip_by_value(x_adam, 0.0, 1.0))
from_photograph, _ = minimise(lambda x: content_loss(extract(x)[CONTENT_LAYER], P)  # exercise 3: start from p
                              + beta_0 * style_loss(extract(x), A, STYLE_LAYERS), p, 2)
noise_2S = np.random.default_rng(1).uniform(0, 1, size=(2 * S, 2 * S, 3)).astype("float32")  # exercise 4
texture_2S, _ = minimise(lambda x: style_loss(extract(x), A, STYLE_LAYERS), noise_2S, 2)

def total_variation(x):  # exercise 5: sum of squared differences of neighbouring pixels
    return tf.reduce_sum((x[:, 1:] - x[:, :-1]) ** 2) + tf.reduce_sum((x[:, :, 1:] - x[:, :, :-1]) ** 2)

smoothed, _ = minimise(lambda x: style_loss(extract(x), A, STYLE_LAYERS) + 1e-3 * total_variation(x), noise, 2)
wider = random_filter_network(widths=(128, 128, 256, 256, 256))  # exercise 6: wider, and a fifth layer
print(f"ran: content reconstructions, two Adam steps, a start from the photograph, a texture of side {2 * S}, "
      f"a total-variation term, a wider five-layer network with layers {list(wider(p[None] - 0.5))}")
