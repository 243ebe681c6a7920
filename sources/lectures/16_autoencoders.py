# %% [markdown]
# # Lecture 16: Autoencoders
#
# **After this lecture you can** train an undercomplete autoencoder on MNIST and choose its code size, explain why an
# overcomplete one learns the identity and apply the three cures (a bottleneck, a sparsity penalty, denoising),
# train a denoising autoencoder and a stacked one layer by layer, use a learned code as features for a classifier,
# and build a convolutional autoencoder.
#
# **Prerequisites:** lectures 04 (Keras on MNIST) and 15 (PCA). **Run time:** about 3 minutes on a laptop CPU
# (under a minute with `COURSE_FAST=1`).
#
# Sources: G. Hinton and R. Salakhutdinov, "Reducing the dimensionality of data with neural networks", *Science*
# 313 (2006); P. Vincent, H. Larochelle, Y. Bengio and P.-A. Manzagol, "Extracting and composing robust features
# with denoising autoencoders", ICML (2008); Y. Bengio, P. Lamblin, D. Popovici and H. Larochelle, "Greedy
# layer-wise training of deep networks", NIPS (2007); I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*
# (2016), chapter 14.

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import keras
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression

import course

course.setup()

# %% [markdown]
# ## The data: MNIST pixels in $[0, 1]$
#
# An autoencoder needs no labels: the input is its own target. We flatten each $28 \times 28$ image into a vector
# $x \in [0, 1]^{784}$ (pixels divided by 255), so that a sigmoid output layer can reproduce it. Labels are kept
# only to colour plots and to test the learned features at the end.

# %%
(x_train, y_train), (x_test, y_test) = course.load_mnist()
num_train, num_test = course.pick(full=10000, fast=2000), course.pick(full=2000, fast=500)
X_train = x_train[:num_train].reshape(-1, 784).astype("float32") / 255
X_test = x_test[:num_test].reshape(-1, 784).astype("float32") / 255
y_train, y_test = y_train[:num_train], y_test[:num_test]
num_epochs, batch_size = course.pick(full=10, fast=2), 64
verbose = course.pick(full="auto", fast=0)
data_name = course.dataset_info("mnist")
print(f"{data_name}: {len(X_train)} training and {len(X_test)} test images, "
      f"pixels in [{X_train.min()}, {X_train.max()}]")

# %% [markdown]
# ## An undercomplete autoencoder
#
# An **encoder** $f$ maps the input to a code $h$ and a **decoder** $g$ maps the code back to a reconstruction
# $\hat x$; both are trained together to make $\hat x$ close to $x$:
#
# $$h = f(x), \qquad \hat x = g(h) = g(f(x)).$$
#
# Since every pixel lies in $[0, 1]$ we train with the per-pixel cross-entropy (it learns faster than the squared
# error with a sigmoid output, lecture 03) and report the mean squared error, which is easier to read:
#
# $$L = -\frac{1}{N d} \sum_{i=1}^{N} \sum_{j=1}^{d}
# \left[x_{ij} \ln \hat x_{ij} + (1 - x_{ij}) \ln(1 - \hat x_{ij})\right], \qquad
# \text{MSE} = \frac{1}{N d} \sum_{i=1}^{N} \lVert x_i - \hat x_i \rVert^2 .$$
#
# The autoencoder is **undercomplete** when the code is smaller than the input ($\dim h < d = 784$): it cannot copy
# every pixel through the bottleneck, so it has to keep what matters most about digits. Ours is dense:
# 784 → 128 → code → 128 → 784, ReLU inside, a linear code, a sigmoid output.

# %%
learning_rate = 3e-3

def make_autoencoder(code_size, hidden_size=128):
    """Dense autoencoder x -> h -> x_hat; returns (autoencoder, encoder)."""
    inputs = keras.Input(shape=(784,))
    hidden = layers.Dense(hidden_size, activation="relu")(inputs)
    code = layers.Dense(code_size, name="code")(hidden)
    outputs = layers.Dense(784, activation="sigmoid")(layers.Dense(hidden_size, activation="relu")(code))
    autoencoder = keras.Model(inputs, outputs)
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return autoencoder, keras.Model(inputs, code)

def mse(X_hat, X):
    return float(np.mean((X_hat - X) ** 2))

# %%
autoencoder, encoder = make_autoencoder(code_size=32)
history = autoencoder.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
X_hat = autoencoder.predict(X_test, verbose=0)
print(f"code size 32: test reconstruction MSE {mse(X_hat, X_test):.4f} on {len(X_test)} test images")

# %%
fig = course.plot_images(np.concatenate([X_test[:10], X_hat[:10]]), num_columns=10)
fig.suptitle("Top: original test images. Bottom: reconstructed from a 32-number code");

# %% [markdown]
# The reconstructions keep each digit's identity and overall shape while losing fine detail; the error printed
# above is the mean squared difference per pixel on test images the autoencoder never saw.

# %% [markdown]
# ## The code size trade-off
#
# A smaller code compresses more and reconstructs worse. We train one autoencoder per code size and compare it with
# PCA (lecture 15), which is the best *linear* encoder and decoder for the same squared error. A linear autoencoder
# can at best match PCA; a nonlinear one can beat it, as Hinton and Salakhutdinov (2006) showed with a deep
# 784-1000-500-250-30 autoencoder on MNIST (pre-trained as a stack of RBMs, lecture 17, then fine-tuned).

# %%
code_sizes = [2, 8, 32]
autoencoder_mse, pca_mse, encoders = {32: mse(X_hat, X_test)}, {}, {32: encoder}
for code_size in code_sizes:
    if code_size not in encoders:  # code size 32 is trained above
        model, encoders[code_size] = make_autoencoder(code_size)
        model.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
        autoencoder_mse[code_size] = mse(model.predict(X_test, verbose=0), X_test)
    pca = PCA(n_components=code_size, random_state=0).fit(X_train)
    pca_mse[code_size] = mse(pca.inverse_transform(pca.transform(X_test)), X_test)
    print(f"code size {code_size:>2}: test MSE autoencoder {autoencoder_mse[code_size]:.4f}, "
          f"PCA {pca_mse[code_size]:.4f}")
course.claim("the test error falls as the code grows, for the autoencoder and for PCA",
             all(np.diff([errors[c] for c in code_sizes]).max() < 0 for errors in (autoencoder_mse, pca_mse)),
             **{f"autoencoder_{c}": autoencoder_mse[c] for c in code_sizes})

# %%
fig, ax = plt.subplots(figsize=(5, 3.2))
ax.plot(code_sizes, [autoencoder_mse[c] for c in code_sizes], "o-", label="dense autoencoder")
ax.plot(code_sizes, list(pca_mse.values()), "s--", label="PCA")
ax.set(xscale="log", xticks=code_sizes, xticklabels=code_sizes, xlabel="code size",
       ylabel="test reconstruction MSE", title="Reconstruction error against code size"); ax.legend();

# %% [markdown]
# The claim line says whether the error fell as the code grew (values printed above, on the MNIST test images
# named at the top). Where the
# autoencoder sits relative to PCA depends on the code size and on how long it trained: PCA is solved exactly,
# while the autoencoder here trains for a few epochs only (fast mode: far fewer), so in short runs PCA can win.

# %% [markdown]
# ## The 2-D code space
#
# With a code of size 2 we can look at the code itself: each test image becomes a point $h \in \mathbb{R}^2$.
# Nothing in training told the autoencoder about labels, yet images of the same digit tend to land close together.

# %%
codes_2d = encoders[2].predict(X_test, verbose=0)
fig, ax = plt.subplots(figsize=(5.5, 4.5))
points = ax.scatter(codes_2d[:, 0], codes_2d[:, 1], c=y_test, cmap="tab10", s=6)
fig.colorbar(points, ax=ax, ticks=range(10), label="digit")
ax.set(xlabel="$h_1$", ylabel="$h_2$", title="Codes of the test images (code size 2)");

# %% [markdown]
# Look for digits that occupy a region of their own (often 0 and 1) and for similar-looking digits that overlap
# (often 4, 7, 9 and 3, 5, 8): overlapping digits are the ones a 2-number code cannot tell apart, so it reconstructs
# them as a blend.

# %% [markdown]
# ## Why an overcomplete autoencoder learns the identity
#
# If the code is as large as the input or larger ($\dim h \ge d$), nothing forces the network to learn anything
# about digits: copying, $g(f(x)) = x$ for *every* $x$, is a perfect solution. With 1024 ReLU code units it is easy
# to write down: the encoder passes pixel $j$ to unit $j$ ($\mathrm{relu}(x_j) = x_j$ since $x_j \ge 0$) and the
# decoder passes it back.

# %%
W_encoder, W_decoder = np.eye(784, 1024), np.eye(1024, 784)  # identity blocks, all other weights 0
copy_model = lambda X: np.maximum(0, X @ W_encoder) @ W_decoder
X_noise = np.random.default_rng(0).uniform(size=(100, 784))
print(f"hand-built copier: MSE on test digits {mse(copy_model(X_test), X_test):.4f}, "
      f"on uniform noise {mse(copy_model(X_noise), X_noise):.4f}")

# %% [markdown]
# The copier reconstructs digits and pure noise equally perfectly (both errors printed above are 0): a low
# reconstruction error alone does not mean the code has captured anything. To see how much a *trained* model copies,
# we probe it with test digits that lost 30 % of their pixels (set to 0, the corruption used by Vincent et al.
# 2008, see below) and measure its squared error to the *clean* digit on exactly the pixels that were removed, ink
# and blank alike. A copier leaves them at 0 and scores the squared ink it lost; a model that smears grey over the
# image pays on the removed blank pixels; only a model of what digits look like, which fills the strokes in and
# leaves the paper white, scores low. We also print the share of the removed ink that comes back.

# %%
def corrupt(X, fraction, rng):
    """Copy of X with round(fraction * d) randomly chosen pixels of each row set to 0."""
    num_zeroed = round(fraction * X.shape[1])
    zeroed = np.argsort(rng.random(X.shape), axis=1)[:, :num_zeroed]  # a random subset per row
    X_noisy = X.copy()
    np.put_along_axis(X_noisy, zeroed, 0.0, axis=1)
    return X_noisy

rng = np.random.default_rng(0)
X_train_noisy, X_test_noisy = corrupt(X_train, 0.3, rng), corrupt(X_test, 0.3, np.random.default_rng(1))
removed_pixels = corrupt(np.ones_like(X_test), 0.3, np.random.default_rng(1)) == 0  # the same positions, ink or not
removed = removed_pixels & (X_test > 0.5)  # ink pixels the corruption took away

def removed_error(X_out):
    """Mean squared error to the clean test digits on the removed pixels only; X_out (N, 784)."""
    return float(np.mean((X_out - X_test)[removed_pixels] ** 2))

def ink_put_back(X_out):
    """Share of the removed ink that comes back in X_out: 0 for a copier."""
    return float(X_out[removed].sum() / X_test[removed].sum())

copier_error = removed_error(copy_model(X_test_noisy))
print(f"pixels set to 0 per image: {round(0.3 * 784)}; the hand-built copier: squared error on the removed pixels "
      f"{copier_error:.4f}, ink put back {ink_put_back(copy_model(X_test_noisy)):.0%}")

# %% [markdown]
# Now we train an overcomplete autoencoder, a single ReLU layer of 1024 code units (784 → 1024 → 784), and compare
# it with an undercomplete one of exactly the same shape but 32 code units (784 → 32 → 784): same depth, same
# training, only the code size differs. (Comparing with the two-layer autoencoder above would mix the code size
# with the depth.)

# %%
def make_wide_autoencoder(code_size=1024, code_penalty=None):
    """One-layer autoencoder 784 -> code (ReLU) -> 784, code_penalty a layer on the code; returns (autoencoder, encoder)."""
    inputs = keras.Input(shape=(784,))
    code = layers.Dense(code_size, activation="relu")(inputs)
    if code_penalty is not None:
        code = code_penalty(code)
    autoencoder = keras.Model(inputs, layers.Dense(784, activation="sigmoid")(code))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return autoencoder, keras.Model(inputs, code)

undercomplete, _ = make_wide_autoencoder(code_size=32)
undercomplete.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
overcomplete, overcomplete_encoder = make_wide_autoencoder()
overcomplete.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
wide_mse, wide_removed = {}, {}
for name, model in [("undercomplete (code 32)", undercomplete), ("overcomplete (code 1024)", overcomplete)]:
    X_out = model.predict(X_test_noisy, verbose=0)
    wide_mse[name], wide_removed[name] = mse(model.predict(X_test, verbose=0), X_test), removed_error(X_out)
    print(f"{name:>24}: test MSE {wide_mse[name]:.4f}; on corrupted digits, squared error on the removed pixels "
          f"{wide_removed[name]:.4f}, ink put back {ink_put_back(X_out):.0%}")
over, under = wide_removed["overcomplete (code 1024)"], wide_removed["undercomplete (code 32)"]
course.claim("the overcomplete autoencoder reconstructs clean test digits better than the undercomplete one",
             wide_mse["overcomplete (code 1024)"] < wide_mse["undercomplete (code 32)"], **{
                 name.split(" ")[0]: value for name, value in wide_mse.items()})
course.claim("on the removed pixels the overcomplete autoencoder is further from the clean digits than the "
             "undercomplete one, between it and the copier: it drifts towards copying", under < over < copier_error,
             undercomplete=under, overcomplete=over, copier=copier_error)

# %% [markdown]
# The first claim line says whether the overcomplete model reconstructs clean digits better; the errors on the
# removed pixels, and the second claim line, say which of the two behaves more like a copier on corrupted digits: a
# model that drifts towards copying leaves more of the removed strokes empty, and its error there moves towards the
# copier's. How far the wide model has drifted depends on how long it trained: after the few epochs of a fast-mode
# run it often has not yet, so compare a fast and a full run.
# Goodfellow, Bengio and Courville (*Deep Learning*, chapter 14) describe the ways to keep an autoencoder from
# learning the identity; the three used most:
#
# 1. **Undercomplete**: a bottleneck $\dim h < d$ (the sections above).
# 2. **Regularization**: keep a large code but penalise it, for example make it sparse.
# 3. **Denoising**: corrupt the input and ask for the clean one; then copying is no longer optimal.

# %% [markdown]
# ## Cure 2: a sparsity penalty on the code
#
# A **sparse autoencoder** adds an L1 penalty on the code to the reconstruction loss. With $L$ the per-pixel
# cross-entropy above, averaged over the $N$ images of a mini-batch, we add the L1 norm of each image's code,
# averaged over the same images:
#
# $$L_{\text{sparse}} = L + \lambda\, \frac{1}{N} \sum_{i=1}^{N} \sum_j \lvert h_{ij} \rvert ,$$
#
# so the network is paid to use few code units per image, even though it has 1024, and $\lambda$ means the same
# whatever the batch size. Keras' `activity_regularizer=keras.regularizers.L1(lambda)` was written for this, but
# what it adds has changed between Keras versions: up to the fix keras-team/keras#22021 (January 2026) it added
# the sum over the whole batch, $N$ times the mean above (64 times here), and since then the mean. So we add the
# penalty ourselves, with `add_loss` in a small layer that passes the code through unchanged.

# %%
class L1CodePenalty(layers.Layer):
    """Passes the code h (batch, units) through; adds sparsity * mean over the images of sum_j |h_j| to the loss."""

    def __init__(self, sparsity, **kwargs):
        super().__init__(**kwargs)
        self.sparsity = sparsity

    def call(self, h):
        self.add_loss(self.sparsity * keras.ops.mean(keras.ops.sum(keras.ops.abs(h), axis=-1)))
        return h

sparsity = 1e-4  # lambda
sparse, sparse_encoder = make_wide_autoencoder(code_penalty=L1CodePenalty(sparsity))
sparse.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
active = {}
for name, model, code_model in [("overcomplete", overcomplete, overcomplete_encoder),
                                ("sparse", sparse, sparse_encoder)]:
    h = code_model.predict(X_test, verbose=0)
    active[name], wide_mse[name] = np.mean(h > 0.1), mse(model.predict(X_test, verbose=0), X_test)
    print(f"{name:>12}: code units with h_j > 0.1 per image {active[name]:.0%}, test MSE {wide_mse[name]:.4f}, "
          f"penalty lambda * mean_i sum_j |h_ij| = {sparsity * np.mean(np.abs(h).sum(axis=1)):.4f}")
course.claim("with the penalty fewer than half of the code units are active per image, and fewer than without it",
             active["sparse"] < 0.5 and active["sparse"] < active["overcomplete"], **active)

# %% [markdown]
# The shares of active units and the test errors are printed above, and the claim line says whether the penalty
# switched most code units off for a given image; compare the two errors for what that cost in reconstruction.
# Where it holds, each image is described by a few active units out of 1024, a constraint much like a bottleneck.

# %% [markdown]
# ## Cure 3: the denoising autoencoder
#
# Vincent et al. (2008) corrupt each input and train the autoencoder to restore the clean version:
#
# $$\tilde x = \text{corrupt}(x), \qquad L = \text{cross-entropy}\big(x,\; g(f(\tilde x))\big).$$
#
# The corruption is the one used above: a fixed fraction $\nu = 30\,\%$ of the pixels of each image, chosen at
# random, set to 0 (the level in the source deck). Copying $\tilde x$ leaves the removed strokes missing, so the
# network has to learn how digits continue. Like Vincent et al. we keep a wide code: the denoiser has exactly the
# architecture of the overcomplete model above (784 → 1024 → 784); only its training inputs differ.

# %%
denoiser, denoiser_encoder = make_wide_autoencoder()
denoiser.fit(X_train_noisy, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
X_denoised = denoiser.predict(X_test_noisy, verbose=0)
mse_noisy, mse_denoised = mse(X_test_noisy, X_test), mse(X_denoised, X_test)
denoiser_removed = removed_error(X_denoised)
print(f"test MSE to the clean image: corrupted input {mse_noisy:.4f}, denoised output {mse_denoised:.4f}; "
      f"on the removed pixels {denoiser_removed:.4f}, ink put back {ink_put_back(X_denoised):.0%}")
course.claim("the denoised output is closer to the clean image than the corrupted input", mse_denoised < mse_noisy,
             mse_corrupted=mse_noisy, mse_denoised=mse_denoised)
course.claim("on the removed pixels the denoiser is closer to the clean digits than the same network trained on "
             "clean images", denoiser_removed < over, denoiser=denoiser_removed, trained_on_clean=over)

# %%
fig = course.plot_images(np.concatenate([X_test_noisy[:10], X_denoised[:10], X_test[:10]]), num_columns=10)
fig.suptitle("Rows: input with 30 % of pixels set to 0, denoised output, clean target");

# %% [markdown]
# The figure shows what the network makes of the removed pixels. The second claim line compares its squared error
# on them with that of the overcomplete model trained on clean images: same network, same code size, but trained
# to restore rather than to copy.

# %% [markdown]
# ## A stacked autoencoder, trained layer by layer
#
# Deep autoencoders used to be hard to train from random weights. Hinton and Salakhutdinov (2006) pre-trained
# theirs **greedily**, one layer at a time, with each layer a restricted Boltzmann machine (lecture 17) trained on
# the codes of the layer below; the stack was then unrolled into an encoder and a decoder and fine-tuned with
# backpropagation. Bengio et al. (2007) showed that the same greedy scheme works with autoencoders in place of the
# RBMs, which is what we do: a first autoencoder learns a code $h^{(1)}$ of the pixels, a second one learns a code
# $h^{(2)}$ of $h^{(1)}$, and so on; the encoders stacked together form a deep encoder
# $x \to h^{(1)} \to h^{(2)}$. Here: 784 → 128 → 784 on the pixels (our one-layer `make_wide_autoencoder` with 128
# units), then 128 → 32 → 128 on the first code. The first code is not in $[0, 1]$, so the second autoencoder has a
# ReLU output and the squared error as its loss.

# %%
first, first_encoder = make_wide_autoencoder(code_size=128)  # step 1: on the pixels
first.fit(X_train, X_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
H1_train = first_encoder.predict(X_train, verbose=0)  # the first code h1, kept fixed from now on

inputs = keras.Input(shape=(128,))  # step 2: on the first code
code = layers.Dense(32, activation="relu")(inputs)
second, second_encoder = keras.Model(inputs, layers.Dense(128, activation="relu")(code)), keras.Model(inputs, code)
second.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
second.fit(H1_train, H1_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)

# %% [markdown]
# Does the code help a classifier? We train logistic regression on the first `num_labelled` training images only,
# once on the 784 raw pixels and once on the 32-number stacked code $h^{(2)}$ (the autoencoders used all training
# images, without labels), and score both on the test images.

# %%
def stacked_code(X):
    return second_encoder.predict(first_encoder.predict(X, verbose=0), verbose=0)

num_labelled = course.pick(full=2000, fast=500)
features = {"raw pixels (784)": (X_train, X_test), "stacked code (32)": (stacked_code(X_train), stacked_code(X_test))}
accuracies = {}
for name, (F_train, F_test) in features.items():
    classifier = LogisticRegression(max_iter=5000).fit(F_train[:num_labelled], y_train[:num_labelled])
    accuracies[name] = classifier.score(F_test, y_test)
    print(f"logistic regression on {name:>17}: test accuracy {accuracies[name]:.3f}")
print(f"({num_labelled} labelled training images, {len(y_test)} test images; {data_name})")

# %% [markdown]
# The two accuracies printed above show how much class information survives in 32 numbers learned without labels,
# against 784 raw pixels. In the 2006-2007 papers such a pre-trained stack (of RBMs or of autoencoders) was the
# *starting point* of a deep
# network that was then fine-tuned with labels; today good initialisation and ReLUs make that step mostly
# unnecessary for classification, but learned codes remain useful when labels are scarce.

# %% [markdown]
# ## A convolutional autoencoder
#
# For images, convolutions share weights across positions (the CNN lectures). The encoder halves the resolution
# twice with max-pooling, 28×28 → 14×14 → 7×7 with 8 channels (a code of 392 numbers); the decoder doubles it
# back with **transposed convolutions** (`Conv2DTranspose`): each input value stamps a copy of the kernel, scaled
# by that value, into the output, the copies `strides` = 2 pixels apart, and overlapping copies add up, so height
# and width double. Lecture 20 draws the stamping and derives the output size. Our kernel of 3 with stride 2 is the
# setting lecture 20 warns about: the stride does not divide the kernel size, so some output pixels get more stamps
# than others, which can leave a checkerboard pattern (Odena, Dumoulin and Olah 2016); a kernel of 2 or 4 avoids
# it.

# %%
conv_autoencoder = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu", padding="same"), layers.MaxPooling2D(2),
    layers.Conv2D(8, 3, activation="relu", padding="same"), layers.MaxPooling2D(2, name="code"),
    layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same"),
    layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
    layers.Conv2D(1, 3, activation="sigmoid", padding="same")])
conv_autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
images_train, images_test = X_train.reshape(-1, 28, 28, 1), X_test.reshape(-1, 28, 28, 1)
conv_autoencoder.fit(images_train, images_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
images_hat = conv_autoencoder.predict(images_test, verbose=0)
print(f"convolutional autoencoder: {conv_autoencoder.count_params()} parameters, code shape "
      f"{conv_autoencoder.get_layer('code').output.shape[1:]}, test MSE {mse(images_hat, images_test):.4f}")
print(f"dense autoencoder (code 32): {autoencoder.count_params()} parameters")

# %%
fig = course.plot_images(np.concatenate([images_test[:10, :, :, 0], images_hat[:10, :, :, 0]]), num_columns=10)
fig.suptitle("Top: original. Bottom: convolutional autoencoder");

# %% [markdown]
# The convolutional model has far fewer parameters than the dense one (both counts are printed above). Its code is
# larger than 32 numbers, so its test error is not directly comparable with the dense models'; it is the
# architecture to start from for larger images.

# %% [markdown]
# ## Explore: how much corruption can the denoiser undo?
#
# The slider sets the fraction of pixels set to 0 in eight test images; the rows show the corrupted input, the
# output of the denoising autoencoder trained above at 30 %, and the clean target. All outputs are computed once
# below, so moving the slider only redraws. (Without a widget front end you see the figure for 30 %.)

# %%
levels = np.round(np.arange(0.0, 0.95, 0.1), 1)
clean = X_test[:8]
noisy_by_level = {level: corrupt(clean, level, np.random.default_rng(1)) for level in levels}
denoised_by_level = {level: denoiser.predict(noisy_by_level[level], verbose=0) for level in levels}
strip = lambda images: np.hstack(images.reshape(-1, 28, 28))  # eight images side by side

def draw_denoising(fraction):
    level = levels[np.argmin(np.abs(levels - fraction))]
    noisy, denoised = noisy_by_level[level], denoised_by_level[level]
    fig = matplotlib.figure.Figure(figsize=(6, 2.6), dpi=72)  # no pyplot, one image, small: a fast redraw
    ax = fig.add_axes([0.1, 0.02, 0.88, 0.84])
    ax.imshow(np.vstack([strip(noisy), strip(denoised), strip(clean)]), cmap="gray_r", vmin=0, vmax=1,
              interpolation="nearest")
    ax.set(xticks=[], yticks=[14, 42, 70], yticklabels=["input", "output", "clean"])
    ax.set_title(f"{level:.0%} of pixels set to 0: MSE input {mse(noisy, clean):.3f}, "
                 f"output {mse(denoised, clean):.3f}")
    ax.grid(False)
    return fig

controls = course.interactive_figure(draw_denoising, fraction=ipywidgets.FloatSlider(
    value=0.3, min=0.0, max=0.9, step=0.1, description="corrupted", continuous_update=False))

# %% [markdown]
# The figure's title gives, for each level, the MSE of the input and of the output to the clean images. Watch the
# output's error as the level moves past the 30 % used in training: the further past it, the less of each digit is
# left to go on. At 0 % the denoiser acts as an ordinary autoencoder on clean images.

# %% [markdown]
# ## Summary
#
# * An autoencoder trains an encoder $h = f(x)$ and a decoder $\hat x = g(h)$ to reconstruct its input; it needs no
#   labels. The code size trades compression against reconstruction error; PCA is the linear baseline.
# * With $\dim h \ge d$ it can learn the identity and tells us nothing; the cures are a bottleneck, a penalty on the
#   code (sparsity: an L1 penalty, its mean over the images added to the loss) and denoising.
# * A denoising autoencoder (Vincent et al. 2008) maps a corrupted input, here 30 % of pixels set to 0, to the clean
#   one, and so has to learn the structure of the data.
# * Deep autoencoders can be pre-trained greedily, layer by layer: Hinton and Salakhutdinov (2006) stacked RBMs,
#   Bengio et al. (2007) autoencoders, as here; the stacked code can serve as features for a classifier.
# * Convolutional autoencoders share weights across the image and need far fewer parameters.
#
# ## Exercises
#
# 1. Add code sizes 4, 16 and 64 to the trade-off plot. Where does the curve flatten?
# 2. Make `make_autoencoder` linear (no activations anywhere, linear output) and train it with `loss="mse"` (the
#    squared error PCA minimises; the cross-entropy also clips the predictions to $[10^{-7}, 1 - 10^{-7}]$, lecture
#    10), then compare its error with PCA's for code size 8. Why can it not beat PCA?
# 3. Raise the sparsity weight $\lambda$ by factors of 10. What happens to the share of active units and to the
#    reconstruction of digits?
# 4. Train the denoiser at 50 % corruption and use the slider again. Which levels does it handle better now?
# 5. Replace the zeroing corruption by additive Gaussian noise $\tilde x = x + \epsilon$, $\epsilon \sim
#    \mathcal{N}(0, 0.3^2)$, clipped to $[0, 1]$. Compare the outputs.
# 6. Fine-tune the stacked encoder with a softmax layer on top, using the same labelled images. Does it beat
#    logistic regression on the frozen code?

# %% [markdown]
# The calls the exercises start from, run once here on a few images so that they work as written (what they show
# is for you to find out):

# %%
small = X_train[:256]
code_4, _ = make_autoencoder(code_size=4)  # exercise 1
linear = keras.Sequential([keras.Input((784,)), layers.Dense(128), layers.Dense(8), layers.Dense(128),
                           layers.Dense(784)])  # exercise 2: no activations, linear output
linear.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
linear.fit(small, small, epochs=1, verbose=0)
sparser, _ = make_wide_autoencoder(code_penalty=L1CodePenalty(10 * sparsity))  # exercise 3
sparser.fit(small, small, epochs=1, verbose=0)
half_removed = corrupt(small, 0.5, np.random.default_rng(2))  # exercise 4
gaussian = np.clip(small + np.random.default_rng(3).normal(0, 0.3, small.shape), 0, 1)  # exercise 5
fine_tuned = keras.Sequential([first_encoder, second_encoder, layers.Dense(10, activation="softmax")])  # exercise 6
fine_tuned.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
fine_tuned.fit(X_train[:num_labelled], y_train[:num_labelled], epochs=1, verbose=0)
print(f"ran: code size 4 ({code_4.count_params():,} parameters), a linear autoencoder with MSE, lambda x 10, "
      f"{np.mean(half_removed[small > 0] == 0):.0%} of the ink removed at 50 %, Gaussian noise in "
      f"[{gaussian.min():.0f}, {gaussian.max():.0f}], the stacked encoder fine-tuned with a softmax")
