# %% [markdown]
# # Lecture 18: Generative adversarial networks
#
# **After this lecture you can** write the GAN minimax objective and explain why the generator is trained with the
# non-saturating loss $-\log D(G(z))$ instead, train a generator and a discriminator in Keras with a custom
# `tf.GradientTape` step and one optimizer each, watch the samples improve epoch by epoch, recognize mode
# collapse and measure it on a ring of Gaussians, reduce it by letting the discriminator see several samples at
# once (PacGAN), and build a small DCGAN.
#
# **Prerequisites:** lectures 04 to 06 (training deep networks) and 16 (autoencoders). **Run time:** under 40 seconds in
# fast mode, a few minutes in full mode, on a laptop CPU.
#
# Sources: I. Goodfellow, J. Pouget-Abadie, M. Mirza, B. Xu, D. Warde-Farley, S. Ozair, A. Courville and Y. Bengio,
# "Generative adversarial nets" (NeurIPS 2014); A. Radford, L. Metz and S. Chintala, "Unsupervised representation
# learning with deep convolutional generative adversarial networks" (ICLR 2016); T. Salimans, I. Goodfellow,
# W. Zaremba, V. Cheung, A. Radford and X. Chen, "Improved techniques for training GANs" (NeurIPS 2016); L. Metz,
# B. Poole, D. Pfau and J. Sohl-Dickstein, "Unrolled generative adversarial networks" (ICLR 2017); T. Karras, T. Aila,
# S. Laine and J. Lehtinen, "Progressive growing of GANs for improved quality, stability, and variation" (ICLR 2018);
# Z. Lin, A. Khetan, G. Fanti and S. Oh, "PacGAN: the power of two samples in generative adversarial networks"
# (NeurIPS 2018); the Keras examples "DCGAN to generate face images" and TensorFlow's DCGAN tutorial.

# %% [markdown]
# ## Setup

# %%
import time

import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

import course

course.setup()

# %% [markdown]
# ## The game
#
# A **generator** $G$ turns noise $z \sim p(z)$ (here a standard normal) into a sample $G(z)$; a **discriminator** $D$
# outputs the probability $D(x)$ that $x$ is a real training example rather than a forgery. Goodfellow et al. (2014)
# train them against each other on the value
#
# $$\min_G \max_D \; V(D, G) = \mathbb{E}_{x \sim p_\text{data}}[\log D(x)]
# + \mathbb{E}_{z \sim p(z)}[\log(1 - D(G(z)))].$$
#
# $D$ maximizes $V$: it is a binary classifier trained with cross-entropy, real $= 1$, fake $= 0$. $G$ minimizes the
# second term: it wants $D(G(z))$ close to 1. For a fixed $G$ the best discriminator is
# $D^*(x) = p_\text{data}(x) / (p_\text{data}(x) + p_G(x))$, and with it the game minimizes the Jensen-Shannon
# divergence between the data and the generator's distribution, whose minimum is reached at $p_G = p_\text{data}$.

# %% [markdown]
# ## Why the generator's loss in the game saturates
#
# Early in training the fakes are bad, $D$ rejects them easily and $D(G(z)) \approx 0$. Write
# $D(G(z)) = \sigma(a)$ with $a$ the discriminator's logit. The generator's loss in the game, $\log(1 - D(G(z)))$,
# has the derivative $-\sigma(a) = -D(G(z))$ with respect to $a$, which is nearly zero just when the generator most
# needs to learn. Goodfellow et al. therefore train $G$ to *maximize* $\log D(G(z))$, that is to minimize the
# **non-saturating loss** $-\log D(G(z))$, whose derivative $-(1 - D(G(z)))$ is largest when the fakes are worst.
# Both losses push $D(G(z))$ up; only their gradients differ.

# %%
d_of_g = np.linspace(0.001, 0.999, 500)  # D(G(z))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
axes[0].plot(d_of_g, np.log(1 - d_of_g), label=r"minimax: $\log(1 - D(G(z)))$")
axes[0].plot(d_of_g, -np.log(d_of_g), label=r"non-saturating: $-\log D(G(z))$")
axes[0].set(xlabel="$D(G(z))$", ylabel="generator loss (minimized)", title="the two generator losses")
axes[1].plot(d_of_g, d_of_g, label="minimax: $D(G(z))$")
axes[1].plot(d_of_g, 1 - d_of_g, label="non-saturating: $1 - D(G(z))$")
axes[1].set(xlabel="$D(G(z))$", ylabel="|d loss / d logit|", title="size of the gradient")
for ax in axes:
    ax.axvspan(0, 0.1, color="gray", alpha=0.15); ax.legend(fontsize=8)
fig.tight_layout()
print(f"at D(G(z)) = 0.01: gradient size {0.01:.2f} (minimax) versus {1 - 0.01:.2f} (non-saturating)")

# %% [markdown]
# In the grey band (the discriminator confidently rejects the fakes, as at the start of training) the minimax loss
# is flat and its gradient vanishes, while the non-saturating loss is steep: the gradient sizes printed above
# differ by a factor of about 100. From here on the generator is trained with $-\log D(G(z))$.

# %% [markdown]
# ## A generator and a discriminator for 8x8 digits
#
# We start small: scikit-learn's 8x8 digits, scaled to $[-1, 1]$ so that a `tanh` output layer can produce them.
# Both networks are small multilayer perceptrons. The discriminator returns a **logit** $a$ (no sigmoid), and the
# losses use `from_logits=True`, which computes $\log \sigma(a)$ stably.

# %%
X_digits, _ = course.load_digits()
X_digits = (X_digits / 8.0 - 1.0).astype("float32")  # 0..16 -> -1..1
latent_dim = 32
print(f"data: {course.dataset_info('digits')}, shape {X_digits.shape}, range [{X_digits.min()}, {X_digits.max()}]")

def mlp_generator(latent_dim, output_dim, width=128, output_activation="tanh"):
    return keras.Sequential([keras.Input((latent_dim,)), layers.Dense(width), layers.LeakyReLU(0.2), layers.Dense(
        2 * width), layers.LeakyReLU(0.2), layers.Dense(output_dim, output_activation)])

def mlp_discriminator(input_dim, width=128):
    return keras.Sequential([keras.Input((input_dim,)), layers.Dense(2 * width), layers.LeakyReLU(0.2),
                             layers.Dense(width), layers.LeakyReLU(0.2), layers.Dense(1)])  # a logit

# %% [markdown]
# ## The training step: two networks, two optimizers
#
# `model.fit` trains one model on one loss. A GAN needs two losses, each minimized over its own network's weights
# only, so we write the step ourselves with `tf.GradientTape` (the same structure as TensorFlow's DCGAN tutorial):
# one forward pass, the discriminator's loss $-\log D(x) - \log(1 - D(G(z)))$ and the generator's non-saturating
# loss $-\log D(G(z))$, each differentiated with respect to its own network's variables and applied by its own
# Adam optimizer ($\beta_1 = 0.5$ and the default learning rate $2 \cdot 10^{-4}$ as recommended by Radford et al.
# 2016; the small MLP GANs below pass $10^{-3}$). `real_label` below 1 is one-sided label smoothing (Salimans et al.
# 2016); `d_learning_rate` (if given) and `pack` are used later.
#
# This step is **simultaneous**: both gradients come from the same forward pass, so the generator is updated against
# the discriminator as it was *before* this step's update. It is cheap (one pass for both) and common in tutorials,
# but it is not the algorithm of the paper. Goodfellow et al.'s Algorithm 1 **alternates**: $k$ discriminator steps
# ($k = 1$ in their experiments), then one generator step on fresh noise against the discriminator that has just
# been updated. In assignment a07 (Part E) you write that alternating step.

# %%
cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)

def make_train_step(generator, discriminator, latent_dim, learning_rate=2e-4, real_label=1.0, d_learning_rate=None,
                    pack=1):
    g_optimizer = keras.optimizers.Adam(learning_rate, beta_1=0.5)
    d_optimizer = keras.optimizers.Adam(d_learning_rate or learning_rate, beta_1=0.5)

    def packed(x):  # PacGAN (used later): pack samples side by side into one input of D
        return x if pack == 1 else tf.reshape(x, (-1, pack * x.shape[-1]))

    @tf.function
    def train_step(x_real):
        z = tf.random.normal((tf.shape(x_real)[0], latent_dim))
        with tf.GradientTape() as d_tape, tf.GradientTape() as g_tape:
            logits_real = discriminator(packed(x_real), training=True)
            logits_fake = discriminator(packed(generator(z, training=True)), training=True)
            d_loss = (cross_entropy(real_label * tf.ones_like(logits_real), logits_real)
                      + cross_entropy(tf.zeros_like(logits_fake), logits_fake))
            g_loss = cross_entropy(tf.ones_like(logits_fake), logits_fake)  # -log D(G(z)), non-saturating
        d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
        g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
        d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
        g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
        return d_loss, g_loss
    return train_step

# %% [markdown]
# The training loop shuffles the data into mini-batches, calls the step, records both losses, and after every
# epoch saves the generator's output for a **fixed** set of noise vectors $z$, so the saved grids show the same
# 40 "seeds" evolving over training.

# %%
def train_gan(train_step, generator, X, num_epochs, batch_size, z_fixed, seed=0):
    rng, history, samples_per_epoch = np.random.default_rng(seed), {"d_loss": [], "g_loss": []}, []
    for epoch in course.progress(range(num_epochs), "GAN epochs"):
        losses = [train_step(X[batch]) for batch in np.array_split(rng.permutation(len(X)), len(X) // batch_size)]
        history["d_loss"].append(float(np.mean([d for d, g in losses])))
        history["g_loss"].append(float(np.mean([g for d, g in losses])))
        samples_per_epoch.append(generator(z_fixed, training=False).numpy())
    return history, samples_per_epoch

# %%
keras.utils.set_random_seed(0)
generator = mlp_generator(latent_dim, 64)
discriminator = mlp_discriminator(64)
z_fixed = np.random.default_rng(0).normal(size=(40, latent_dim)).astype("float32")
num_epochs = course.pick(full=150, fast=8)
start = time.perf_counter()
history, digit_samples = train_gan(make_train_step(generator, discriminator, latent_dim, learning_rate=1e-3),
                                   generator, X_digits, num_epochs, batch_size=64, z_fixed=z_fixed)
print(f"{num_epochs} epochs on the digits in {time.perf_counter() - start:.1f} s; last epoch: "
      f"D loss {history['d_loss'][-1]:.3f}, G loss {history['g_loss'][-1]:.3f}")

# %%
fig = course.plot_history(history, metrics=("d_loss", "g_loss"))
course.plot_images(digit_samples[-1].reshape(-1, 8, 8), num_columns=10).suptitle(
    f"generator samples after epoch {num_epochs} (fixed z)", y=1.02);

# %% [markdown]
# The losses do not fall steadily as in supervised training: each network's loss depends on the other, and at
# the equilibrium of the game $D$ would output $1/2$ everywhere, giving $D$ a loss of $2 \log 2 \approx 1.39$ and
# $G$ a loss of $\log 2 \approx 0.69$. The last epoch's samples are shown above. Expect blobs after the few epochs
# of a fast-mode run; the full run has many more epochs for digit shapes to emerge in (the slider below shows
# each epoch's grid, so you can see how far they got).

# %% [markdown]
# ## Explore: the samples epoch by epoch
#
# Move the slider to see the grid the generator produced for the same 40 noise vectors at the end of each epoch.
# The grids were saved during training, so a redraw only shows a stored image.

# %%
def tile(images, num_columns=10, side=8):
    """Arrange N images of side x side pixels into one (rows * side, num_columns * side) mosaic."""
    rows = images.reshape(-1, num_columns, side, side).transpose(0, 2, 1, 3)
    return rows.reshape(-1, num_columns * side)

mosaics = [tile(samples) for samples in digit_samples]  # precomputed: one mosaic per epoch

def draw_epoch(epoch):
    fig, ax = plt.subplots(figsize=(5, 2.3))
    ax.imshow(mosaics[epoch - 1], cmap="gray_r", vmin=-1, vmax=1); ax.axis("off")
    ax.set_title(f"epoch {epoch} of {num_epochs}: G(z) for 40 fixed z")
    return fig

controls = course.interactive_figure(draw_epoch, epoch=ipywidgets.IntSlider(value=num_epochs, min=1,
                                                                             max=num_epochs))

# %% [markdown]
# Scroll from the first grids to the last and look for the order in which noise gives way to smooth blobs and then to
# strokes (a full run has many more epochs to scroll through). Follow one position across epochs: a given $z$ can
# change shape or even class during training, because the generator keeps moving as long as the discriminator does.

# %% [markdown]
# ## Mode collapse on a ring of eight Gaussians
#
# The generator is rewarded for fooling the current discriminator, not for covering the data. It can put all its
# samples on the few kinds of example that fool $D$ best, and when $D$ catches up, jump to others: **mode
# collapse**. The standard test (Metz et al. 2017) is a mixture of eight 2-D Gaussians on a circle of radius 2. We
# count a mode as **covered** when at least 2 % of 2,000 generated points lie closer to its centre than a third of
# the gap between neighbouring centres.

# %%
num_modes, radius, std = 8, 2.0, 0.05
centres = radius * np.stack([np.cos(2 * np.pi * np.arange(num_modes) / num_modes),
                             np.sin(2 * np.pi * np.arange(num_modes) / num_modes)], axis=1)
max_distance = 2 * radius * np.sin(np.pi / num_modes) / 3  # a third of the gap between neighbouring centres

def sample_ring(n, seed=0):
    rng = np.random.default_rng(seed)
    return (centres[rng.integers(num_modes, size=n)] + std * rng.normal(size=(n, 2))).astype("float32")

def modes_covered(points, min_fraction=0.02):
    """Return (number of modes covered, fraction of points near some mode, the mode nearest to most points)."""
    distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)  # (N, 8)
    nearest, close = distances.argmin(axis=1), distances.min(axis=1) < max_distance
    counts = np.bincount(nearest[close], minlength=num_modes)
    crowded = int(np.bincount(nearest, minlength=num_modes).argmax())
    return int(np.sum(counts >= min_fraction * len(points))), close.mean(), crowded

X_ring = sample_ring(25_600)
print(f"the real data covers {modes_covered(sample_ring(2000, seed=1))[0]} of {num_modes} modes "
      f"(a mode's points must lie within {max_distance:.2f} of its centre)")

# %% [markdown]
# The check printed above confirms the counter on real data. Now a plain GAN in a setup close to that of Metz et al.
# (2017): a generator with two hidden ReLU layers of 128 units, a discriminator with one, batches of 256, Adam with
# learning rate $10^{-3}$ for both networks. Nothing in the generator's loss asks for variety: it can move all its
# samples to wherever the current $D$ is most fooled. One epoch is 100 steps; a snapshot of 2,000 samples (fixed $z$)
# is kept after each.

# %%
ring_latent_dim, ring_epochs, ring_seeds = 16, course.pick(full=30, fast=12), course.pick(full=[0, 1, 2], fast=[0])
z_ring = np.random.default_rng(2).normal(size=(2000, ring_latent_dim)).astype("float32")

def train_ring_gan(pack=1, seed=0):
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([keras.Input((ring_latent_dim,)), layers.Dense(128, "relu"),
                                  layers.Dense(128, "relu"), layers.Dense(2)])  # points anywhere on the plane
    discriminator = keras.Sequential([keras.Input((2 * pack,)), layers.Dense(128, "relu"), layers.Dense(1)])
    step = make_train_step(generator, discriminator, ring_latent_dim, learning_rate=1e-3, pack=pack)
    return train_gan(step, generator, X_ring, ring_epochs, batch_size=256, z_fixed=z_ring, seed=seed)[1]

start = time.perf_counter()
plain_runs = [train_ring_gan(seed=seed) for seed in ring_seeds]
print(f"{len(ring_seeds)} plain GAN run(s) of {ring_epochs} epochs in {time.perf_counter() - start:.1f} s")
for seed, snapshots in zip(ring_seeds, plain_runs):
    print(f"seed {seed}: modes covered per epoch {[modes_covered(p)[0] for p in snapshots]}")
    print(f"        mode nearest to most points per epoch {[modes_covered(p)[2] for p in snapshots]}")
plain_covered = np.array([[modes_covered(p)[0] for p in snapshots] for snapshots in plain_runs])
crowded_modes = [len({modes_covered(p)[2] for p in snapshots}) for snapshots in plain_runs]
few_modes = np.mean(plain_covered <= num_modes // 2)  # share of epochs with at most half of the modes covered
course.claim("the plain GAN covers at most half of the 8 modes in most epochs, and the mode nearest to most of its "
             "points changes during training", few_modes > 0.5 and min(crowded_modes) > 1,
             share_of_epochs_at_most_4=few_modes, fewest_crowded_modes=min(crowded_modes))

# %% [markdown]
# The lists printed above are where mode collapse shows, and the claim line sums them up: how often the plain
# generator covers only a few modes, and whether the mode nearest to most of its points moves around the ring. The
# sample clouds below show the mechanism where it happens: the cloud sits in one region, the discriminator learns
# to reject that region, and the cloud moves on to another mode.

# %%
shown = np.linspace(0, ring_epochs - 1, 6).astype(int)
fig, axes = plt.subplots(1, len(shown), figsize=(2.3 * len(shown), 2.6), sharex=True, sharey=True)
for ax, epoch in zip(axes, shown):
    ax.scatter(*centres.T, c="C3", marker="x", s=40)
    ax.scatter(*plain_runs[0][epoch][:500].T, s=2, alpha=0.5)
    ax.set(title=f"epoch {epoch + 1}: {modes_covered(plain_runs[0][epoch])[0]} modes", xlim=(-3, 3), ylim=(-3, 3),
           aspect="equal")
fig.suptitle(f"plain GAN, seed {ring_seeds[0]}: 500 samples (red crosses: the eight centres)", y=1.02);

# %% [markdown]
# ## A mitigation: PacGAN, the discriminator sees several samples at once
#
# A collapsed generator produces samples that are far less varied than real ones, but a discriminator that looks at
# one example at a time cannot see that: each fake, taken alone, may look perfectly real. Lin, Khetan, Fanti and Oh
# (2018, "PacGAN: the power of two samples in generative adversarial networks") let the discriminator judge $m$
# samples at once, concatenated into one input, all real or all fake. Four fakes from a collapsed generator all come
# from the same mode; four real points almost never do (the chances are computed below), and $D$ can learn to tell.
# The generator itself is unchanged. In code it is one reshape, `(batch, 2) -> (batch / m, 2 m)`, of the real and the
# fake batch before they enter $D$ (the `pack` argument of `make_train_step`). Minibatch discrimination (Salimans et
# al. 2016) and the minibatch standard deviation feature (Karras et al. 2018) pursue the same idea differently.

# %%
pack = 4
all_different = np.prod(np.arange(num_modes, num_modes - pack, -1)) / num_modes**pack  # 8 * 7 * 6 * 5 / 8^4
one_mode = num_modes / num_modes**pack
packs = sample_ring(4000 * pack, seed=3).reshape(4000, pack, 2)
distinct = np.array([len(set(np.linalg.norm(q[:, None] - centres[None], axis=2).argmin(axis=1))) for q in packs])
print(f"{pack} real points: from {pack} different modes with probability {all_different:.0%} "
      f"(simulated: {np.mean(distinct == pack):.0%}), all from one mode {one_mode:.2%} "
      f"(simulated: {np.mean(distinct == 1):.2%}); mean number of different modes {distinct.mean():.2f}")

# %% [markdown]
# So four real points come from four different modes less than half of the time, but from a single mode almost
# never: what separates a real pack from a collapsed one is that the real pack nearly always spans two or more
# modes.

# %%
start = time.perf_counter()
pac_runs = [train_ring_gan(pack=pack, seed=seed) for seed in ring_seeds]
print(f"{len(ring_seeds)} PacGAN run(s) (m = {pack}) in {time.perf_counter() - start:.1f} s")
last_half = slice(ring_epochs // 2, None)
for name, runs in [("plain GAN", plain_runs), (f"PacGAN, m = {pack}", pac_runs)]:
    final = [modes_covered(snapshots[-1])[0] for snapshots in runs]
    later = np.mean([[modes_covered(p)[0] for p in snapshots[last_half]] for snapshots in runs])
    print(f"{name:<16} modes covered after the last epoch, per seed {final}; "
          f"mean over seeds and the last {ring_epochs - ring_epochs // 2} epochs {later:.1f} of {num_modes}")

# %%
fig, ax = plt.subplots(figsize=(6, 3))
for color, name, runs in [("C0", "plain GAN", plain_runs), ("C1", f"PacGAN, m = {pack}", pac_runs)]:
    for i, snapshots in enumerate(runs):
        ax.plot(np.arange(1, ring_epochs + 1), [modes_covered(p)[0] for p in snapshots], "o-", color=color,
                alpha=0.7, ms=3, label=name if i == 0 else None)
ax.set(xlabel="epoch (100 steps)", ylabel="modes covered", ylim=(-0.3, num_modes + 0.3),
       title=f"ring of 8 Gaussians, {len(ring_seeds)} seed(s) each"); ax.legend();

# %%
fig, axes = plt.subplots(1, len(shown), figsize=(2.3 * len(shown), 2.6), sharex=True, sharey=True)
for ax, epoch in zip(axes, shown):
    ax.scatter(*centres.T, c="C3", marker="x", s=40)
    ax.scatter(*pac_runs[0][epoch][:500].T, s=2, alpha=0.5, c="C1")
    ax.set(title=f"epoch {epoch + 1}: {modes_covered(pac_runs[0][epoch])[0]} modes", xlim=(-3, 3), ylim=(-3, 3),
           aspect="equal")
fig.suptitle(f"PacGAN (m = {pack}), seed {ring_seeds[0]}: 500 samples, same z as above", y=1.02);

# %%
plain_later = np.mean([[modes_covered(p)[0] for p in snapshots[last_half]] for snapshots in plain_runs])
pac_later = np.mean([[modes_covered(p)[0] for p in snapshots[last_half]] for snapshots in pac_runs])
course.claim(f"packing {pack} samples covers more than one mode more than the plain GAN, on average over the seeds "
             "and the last half of the epochs", pac_later > plain_later + 1, plain=plain_later, pacgan=pac_later)

# %% [markdown]
# The claim line compares the two on the runs of this notebook, averaged over the last half of the epochs so that
# one lucky or unlucky snapshot does not decide it; the line plot shows every seed. With the same generator, the
# same learning rates and the same noise, only the discriminator's input changed. Where the claim holds, the packed
# discriminator spreads the generator over the ring instead of chasing it from mode to mode. Look at the PacGAN
# clouds above for how it gets there: points between the modes are ignored by the counter (the fraction of points
# near a mode, the second value `modes_covered` returns, measures them). A fast-mode run trains one seed for fewer
# epochs, so its claim rests on that single run; a full run repeats the comparison over three seeds and for
# longer. Lin et al. (2018) report the benefit over many runs and data sets; unrolled GANs (Metz et al. 2017) and
# Wasserstein losses are other fixes.

# %% [markdown]
# ## DCGAN: convolutions for 28x28 digits
#
# Radford et al. (2016) found an architecture that trains GANs on images reliably: the generator upsamples with
# strided transposed convolutions (`Conv2DTranspose`: each input value stamps a copy of the kernel, scaled by that
# value, into an output `strides` times larger, overlapping copies adding up; lecture 16 uses them in its
# convolutional autoencoder and lecture 20 derives their output size; our kernel 4 is a multiple of the stride 2,
# so every output pixel gets the same number of stamps), the discriminator downsamples with strided convolutions
# (no pooling), batch normalization in both (except the generator's output and the discriminator's input layer),
# ReLU-like activations (LeakyReLU with slope 0.2 in the discriminator) and a `tanh` output. We train a small one
# briefly on the MNIST images.

# %%
(x_mnist, _), _ = course.load_mnist()
X_mnist = (x_mnist[:course.pick(full=8000, fast=1024)].astype("float32") / 127.5 - 1.0)[..., None]
print(f"data: {course.dataset_info('mnist')}; {len(X_mnist)} training images used, shape {X_mnist.shape[1:]}")
dcgan_latent_dim = 64

generator_cnn = keras.Sequential([
    keras.Input((dcgan_latent_dim,)), layers.Dense(7 * 7 * 64, use_bias=False), layers.BatchNormalization(),
    layers.LeakyReLU(0.2), layers.Reshape((7, 7, 64)),
    layers.Conv2DTranspose(32, 4, strides=2, padding="same", use_bias=False), layers.BatchNormalization(),
    layers.LeakyReLU(0.2),                                                             # 14 x 14 x 32
    layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")])       # 28 x 28 x 1
discriminator_cnn = keras.Sequential([
    keras.Input((28, 28, 1)), layers.Conv2D(32, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),  # 14 x 14
    layers.Conv2D(64, 4, strides=2, padding="same"), layers.BatchNormalization(), layers.LeakyReLU(0.2),  # 7 x 7
    layers.Flatten(), layers.Dense(1)])
print(f"generator {generator_cnn.count_params():,} parameters, discriminator {discriminator_cnn.count_params():,}")

# %%
keras.utils.set_random_seed(0)
dcgan_epochs = course.pick(full=6, fast=1)
z_fixed_cnn = np.random.default_rng(0).normal(size=(40, dcgan_latent_dim)).astype("float32")
start = time.perf_counter()
dcgan_history, dcgan_samples = train_gan(make_train_step(generator_cnn, discriminator_cnn, dcgan_latent_dim),
                                         generator_cnn, X_mnist, dcgan_epochs, batch_size=64, z_fixed=z_fixed_cnn)
print(f"DCGAN: {dcgan_epochs} epochs of {len(X_mnist) // 64} steps in {time.perf_counter() - start:.1f} s; "
      f"last epoch D loss {dcgan_history['d_loss'][-1]:.3f}, G loss {dcgan_history['g_loss'][-1]:.3f}")
course.plot_images(dcgan_samples[-1][..., 0], num_columns=10).suptitle(
    f"DCGAN samples after epoch {dcgan_epochs} (MNIST images, fixed z)", y=1.02);

# %% [markdown]
# The samples after the short training printed above are shown (white background, dark strokes, as in the other
# grids). Expect noise after the sixteen steps of fast mode; the full run's few epochs on 8,000 images give the
# generator far more steps, and longer training than that is what DCGAN samples of readable digits usually take.
# Convolutions give the generator a built-in notion of local, translated structure that the MLP generator had to
# learn from scratch.

# %% [markdown]
# ## Summary
#
# * A GAN trains a generator $G$ and a discriminator $D$ on
#   $\min_G \max_D \mathbb{E}[\log D(x)] + \mathbb{E}[\log(1 - D(G(z)))]$; $D$ is a real-versus-fake classifier.
# * The generator's minimax loss $\log(1 - D(G(z)))$ has a vanishing gradient when $D$ rejects the fakes; the
#   non-saturating loss $-\log D(G(z))$ does not, and is what is used in practice (Goodfellow et al. 2014).
# * Training needs a custom step: two losses, two gradient tapes, two optimizers. Ours updates both networks from one
#   forward pass (simultaneous); Goodfellow et al.'s Algorithm 1 alternates, the generator stepping against the
#   freshly updated discriminator.
# * GAN losses do not measure sample quality; look at samples for fixed $z$ over the epochs.
# * Mode collapse: the generator covers only some modes and hops between them (count them on a ring of
#   Gaussians). Letting the discriminator judge several samples at once (PacGAN, minibatch statistics) is designed
#   to counter it, and the claim above says whether it did here; unrolling and other losses are further remedies.
# * DCGAN: transposed convolutions up, strided convolutions down, batch norm, LeakyReLU, tanh output.
#
# ## Exercises
#
# 1. Train the digits GAN with the minimax generator loss $\log(1 - D(G(z)))$ instead (replace `g_loss` by
#    `-cross_entropy(tf.zeros_like(logits_fake), logits_fake)`). What happens to the samples in the first epochs?
# 2. Show that for a fixed $G$ the discriminator that maximizes $V$ is $D^*(x) = p_\text{data}(x) / (p_\text{data}(x)
#    + p_G(x))$.
# 3. Repeat the ring experiment over five seeds with packs of $m = 2$ and $m = 8$, and with one-sided label
#    smoothing (`real_label=0.9`) instead of packing. Report the mean and spread of the modes covered.
# 4. Implement the minibatch standard deviation feature of Karras et al. (2018): a layer that appends the standard
#    deviation of each feature over the batch, averaged over features, to every example. Put it after the ring
#    discriminator's hidden layer (no packing). Does it help as much as PacGAN?
# 5. Give the DCGAN discriminator a dropout layer, or remove its batch normalization. How do the samples change?
# 6. Interpolate linearly between two noise vectors $z_1$ and $z_2$ and show $G(z)$ along the line. Is the change
#    smooth?

# %% [markdown]
# The calls the exercises start from, run once here so that they work as written (what they show is for you to find
# out):

# %%
a = tf.constant(np.linspace(-5, 5, 11, dtype="float32")[:, None])  # logits a of D(G(z)) = sigmoid(a)
minimax_g_loss = -cross_entropy(tf.zeros_like(a), a)  # exercise 1: log(1 - D(G(z))), averaged
print(f"exercise 1's g_loss {float(minimax_g_loss):.5f} = mean of log(1 - sigmoid(a)) "
      f"{float(np.mean(np.log(1 - 1 / (1 + np.exp(-a.numpy()))))):.5f}")
for exercise_pack, exercise_label in [(2, 1.0), (8, 1.0), (1, 0.9)]:  # exercise 3: m = 2, m = 8, real_label=0.9
    keras.utils.set_random_seed(0)
    exercise_generator = keras.Sequential([keras.Input((ring_latent_dim,)), layers.Dense(128, "relu"), layers.Dense(2)])
    exercise_discriminator = keras.Sequential([keras.Input((2 * exercise_pack,)), layers.Dense(128, "relu"),
                                               layers.Dense(1)])
    exercise_step = make_train_step(exercise_generator, exercise_discriminator, ring_latent_dim, learning_rate=1e-3,
                                    real_label=exercise_label, pack=exercise_pack)
    exercise_step(X_ring[:256])
with_dropout = keras.Sequential([  # exercise 5: the DCGAN discriminator with dropout, without batch normalization
    keras.Input((28, 28, 1)), layers.Conv2D(32, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
    layers.Dropout(0.3), layers.Conv2D(64, 4, strides=2, padding="same"), layers.LeakyReLU(0.2), layers.Dropout(0.3),
    layers.Flatten(), layers.Dense(1)])
dropout_logits = with_dropout(X_mnist[:8], training=True)
z_line = z_fixed[0] + np.linspace(0, 1, 8)[:, None] * (z_fixed[1] - z_fixed[0])  # exercise 6: z_1 to z_2
print(f"ran: one ring step each with m = 2, m = 8 and real_label=0.9; a DCGAN discriminator with dropout "
      f"{tuple(dropout_logits.shape)}; G along a line: {tuple(generator(z_line).shape)}")
