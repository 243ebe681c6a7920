# %% [markdown]
# # Lecture 10: Adversarial examples
#
# **After this lecture you can** compute the fast gradient sign method (FGSM) with `tf.GradientTape`, show an
# original digit, its perturbation and the adversarial image with the network's predictions, measure test accuracy
# as a function of the perturbation size $\epsilon$, explain with the linearity argument why a barely visible
# change fools a network, and buy back part of the lost accuracy with one round of adversarial training.
#
# **Prerequisites:** lectures 04 (Keras on MNIST) and 08 (convolutional networks). **Run time:** about 2 minutes
# on a laptop CPU (under 40 seconds with `COURSE_FAST=1`).
#
# Sources: C. Szegedy, W. Zaremba, I. Sutskever, J. Bruna, D. Erhan, I. Goodfellow and R. Fergus, "Intriguing
# properties of neural networks", ICLR (2014), cited by the course's introductory deck for adversarial images;
# I. Goodfellow, J. Shlens and C. Szegedy, "Explaining and harnessing adversarial examples", ICLR (2015);
# A. Madry, A. Makelov, L. Schmidt, D. Tsipras and A. Vladu, "Towards deep learning models resistant to
# adversarial attacks", ICLR (2018).

# %% [markdown]
# ## Setup

# %%
import time

import ipywidgets
import keras
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import course

course.setup()

# %% [markdown]
# ## The model of lecture 08, trained on MNIST
#
# We attack the LeNet-style network of lecture 08, built by `course.cnn_classifier()`: two blocks of a $3 \times 3$
# convolution and $2 \times 2$ max pooling, a dense layer and a softmax over the ten digits. Pixels are scaled to
# $[0, 1]$, which is also the range every adversarial image must stay in. Fast mode trains on a subset for fewer
# epochs; the numbers below say which.

# %%
(x_train, y_train), (x_test, y_test) = course.load_mnist()
num_train, num_test = course.pick(full=len(x_train), fast=2000), course.pick(full=len(x_test), fast=500)
x_train, y_train = x_train[:num_train, :, :, None].astype("float32") / 255, y_train[:num_train]
x_test, y_test = x_test[:num_test, :, :, None].astype("float32") / 255, y_test[:num_test]
num_epochs, batch_size, verbose = course.pick(full=4, fast=2), 64, course.pick(full="auto", fast=0)
data_name = course.dataset_info("mnist")
print(f"data: {data_name}")
print(f"{len(x_train):,} training and {len(x_test):,} test images of shape {x_test.shape[1:]}, {num_epochs} epochs")

# %%
def build_model():
    model = course.cnn_classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  jit_compile=False)
    return model

model = build_model()
model.fit(x_train, y_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
clean_accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
print(f"clean test accuracy: {clean_accuracy:.4f} on {len(x_test):,} test images")

# %% [markdown]
# The accuracy printed above is the starting point: on unmodified test digits the network is a good classifier.

# %% [markdown]
# ## The fast gradient sign method
#
# Training changes the parameters $\theta$ to *decrease* the loss $J(\theta, x, y)$. An attacker keeps $\theta$
# fixed and changes the input $x$ to *increase* it. Goodfellow, Shlens and Szegedy (2015) take one step of size
# $\epsilon$ in every pixel, in the direction that increases the loss, and clip back to valid pixels:
#
# $$x_{\text{adv}} = \operatorname{clip}_{[0, 1]}\big(x + \epsilon \operatorname{sign}(\nabla_x J(\theta, x, y))\big),
# \qquad \|x_{\text{adv}} - x\|_\infty \le \epsilon.$$
#
# No pixel moves by more than $\epsilon$. The gradient with respect to the *input* comes from `tf.GradientTape`,
# which we tell to `watch` the image tensor (it only tracks variables by itself). The sign does not depend on
# $\epsilon$, so we compute it once per image and reuse it for every $\epsilon$.
#
# One detail decides whether the attack works on confident digits: compute $J$ from the **logits** $z$ (the input
# of the softmax), $J = -z_y + \log \sum_k e^{z_k}$, not from the probabilities $p = \operatorname{softmax}(z)$.
# A cross-entropy computed from probabilities clips them to $[10^{-7}, 1 - 10^{-7}]$ before the logarithm, so that
# $\log 0$ cannot occur; for a digit classified with $p_y > 1 - 10^{-7}$ the clip is active, its derivative is 0,
# and so is the whole input gradient: FGSM would leave that image unchanged. The model ends in a softmax layer, so
# `logits` below applies every layer but the last, then the last layer's $z = W h + b$ without its softmax.

# %%
def logits(model, x, training=False):
    """z = W h + b of the model's last (softmax) layer, for images x of shape (N, 28, 28, 1): shape (N, 10)."""
    h = x
    for layer in model.layers[:-1]:
        h = layer(h, training=training)
    return h @ model.layers[-1].kernel + model.layers[-1].bias

def input_gradient(J_of, x, y, batch_size=500):
    """grad_x J for images x (N, 28, 28, 1) and labels y (N,), where J_of(x_batch, y_batch) gives per-image losses."""
    gradients = []
    for start in range(0, len(x), batch_size):
        x_batch = tf.convert_to_tensor(x[start:start + batch_size])
        with tf.GradientTape() as tape:
            tape.watch(x_batch)
            J = J_of(x_batch, y[start:start + batch_size])
        gradients.append(tape.gradient(J, x_batch).numpy())
    return np.concatenate(gradients)

def gradient_sign(model, x, y):
    """sign(grad_x J(theta, x, y)), with J the cross-entropy computed from the logits."""
    J_of = lambda x, y: keras.losses.sparse_categorical_crossentropy(y, logits(model, x), from_logits=True)
    return np.sign(input_gradient(J_of, x, y))

def fgsm(x, sign, epsilon):
    """x_adv = clip(x + epsilon * sign, 0, 1)."""
    return np.clip(x + epsilon * sign, 0.0, 1.0)

# %%
sign = gradient_sign(model, x_test, y_test)
zero_share_logits = np.mean(np.all(sign == 0, axis=(1, 2, 3)))
print(f"sign of the gradient: shape {sign.shape}, values {np.unique(sign)}, {np.mean(sign == 0):.1%} of the pixels 0")

def J_clipped(x, y):  # the same loss from clipped probabilities, -log clip(p_y), for comparison
    p_y = tf.reduce_sum(model(x) * tf.one_hot(y, 10), axis=1)
    return -tf.math.log(tf.clip_by_value(p_y, 1e-7, 1 - 1e-7))

zero_share_clipped = np.mean(np.all(input_gradient(J_clipped, x_test, y_test) == 0, axis=(1, 2, 3)))
p_y = model.predict(x_test, verbose=0)[np.arange(len(y_test)), y_test]
confident_share = np.mean(p_y > np.float32(1 - 1e-7))  # where the clip of the probabilities is active
print(f"test images ({len(x_test):,}) with p_y > 1 - 1e-7: {confident_share:.1%}")
print(f"test images whose input gradient is exactly zero: {zero_share_clipped:.1%} with J from clipped "
      f"probabilities, {zero_share_logits:.1%} with J from logits")
course.claim("computed from the logits, the input gradient is non-zero for more than 99 % of the test images",
             zero_share_logits < 0.01, zero_share_logits=zero_share_logits)
course.claim("computed from clipped probabilities, the input gradient is zero for more test images than from logits",
             zero_share_clipped > zero_share_logits, zero_share_clipped=zero_share_clipped,
             zero_share_logits=zero_share_logits, confident_share=confident_share)

# %% [markdown]
# Every pixel gets $+1$ or $-1$, except where the gradient is exactly 0 (the share of such pixels, which FGSM leaves
# unchanged, is printed on the first line). The share of clipped-probability gradients that are zero is the part of
# the test set that an attack built on clipped probabilities would not touch at all: the digits this model is most
# sure of, those with $p_y > 1 - 10^{-7}$ (their share is printed on the second line). Computed from the
# logits, the loss of a softmax output saturates only when a logit gap exceeds what `float32` can represent, so even
# a confidently classified digit keeps a direction that makes it worse. The two claim lines say whether, for this
# model, the logits gave a direction for almost every image and the clipped loss lost some. The contrast needs a
# confident model: a network trained briefly on a small subset (fast mode) may classify no test digit with
# $p_y > 1 - 10^{-7}$, and then both shares are 0 and the second claim does not hold. (Keras 3 on TensorFlow quietly recovers the logits when a loss is given the
# output of a softmax layer directly, but an attack should not rely on that: ask for the logits.)

# %% [markdown]
# ## Original, perturbation, adversarial image
#
# Four test digits that the network classifies correctly, attacked with $\epsilon = 0.2$: a fifth of the pixel
# range. The middle row shows the perturbation $x_{\text{adv}} - x$ (red $+$, blue $-$), the titles the predicted
# digit and its softmax probability.

# %%
epsilon_demo = 0.2
probs_clean = model.predict(x_test, verbose=0)
shown = np.flatnonzero(probs_clean.argmax(axis=1) == y_test)[:4]
x_adv = fgsm(x_test[shown], sign[shown], epsilon_demo)
probs_adv = model.predict(x_adv, verbose=0)

# %%
fig, axes = plt.subplots(3, len(shown), figsize=(2.4 * len(shown), 7.2))
for col, i in enumerate(shown):
    p, q = probs_clean[i], probs_adv[col]
    axes[0, col].imshow(x_test[i, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
    axes[0, col].set_title(f"label {y_test[i]}: pred {p.argmax()} ({p.max():.0%})", fontsize=10)
    axes[1, col].imshow(x_adv[col, :, :, 0] - x_test[i, :, :, 0], cmap="RdBu_r", vmin=-epsilon_demo, vmax=epsilon_demo)
    axes[1, col].set_title(f"perturbation, $\\epsilon$ = {epsilon_demo}", fontsize=10)
    axes[2, col].imshow(x_adv[col, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
    axes[2, col].set_title(f"adversarial: pred {q.argmax()} ({q.max():.0%})", fontsize=10)
for ax in axes.flat:
    ax.set(xticks=[], yticks=[]); ax.grid(False)
fig.tight_layout()

# %% [markdown]
# Each digit stays readable to a person; the titles of the bottom row show the network's new predictions and how
# sure it is of them, so you can see for these four digits whether the attack changed the prediction and with what
# confidence.
# The perturbation is not random noise: it is spread over the whole image, background included, with a structure
# dictated by the network's gradient. (The perturbation is smaller than $\epsilon$ where clipping to $[0, 1]$ cut
# it, e.g. on the white background where the step is negative.)

# %% [markdown]
# ## Test accuracy versus $\epsilon$
#
# We attack every test image at each $\epsilon$ and measure the accuracy on the adversarial images. As a control,
# the same budget spent on a *random* sign pattern, $x + \epsilon\, r$ with $r_i = \pm 1$ at random, shows whether
# it is the size of the change or its direction that matters.

# %%
epsilons = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
random_sign = np.random.default_rng(0).choice([-1.0, 1.0], size=x_test.shape).astype("float32")

def accuracy(model, x, y):
    return float(np.mean(model.predict(x, batch_size=500, verbose=0).argmax(axis=1) == y))

fgsm_accuracy = [accuracy(model, fgsm(x_test, sign, epsilon), y_test) for epsilon in epsilons]
noise_accuracy = [accuracy(model, fgsm(x_test, random_sign, epsilon), y_test) for epsilon in epsilons]
print(f"test accuracy on {len(x_test):,} images ({data_name})")
print(f"{'epsilon':>8}{'FGSM':>8}{'random sign':>13}")
for epsilon, a_fgsm, a_noise in zip(epsilons, fgsm_accuracy, noise_accuracy):
    print(f"{epsilon:>8.2f}{a_fgsm:>8.3f}{a_noise:>13.3f}")
at = epsilons.index(0.2)
course.claim("at epsilon = 0.2, FGSM costs at least 0.3 more test accuracy than random signs of the same size",
             noise_accuracy[at] - fgsm_accuracy[at] >= 0.3, fgsm=fgsm_accuracy[at], random_signs=noise_accuracy[at])

# %%
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(epsilons, fgsm_accuracy, "o-", label="FGSM: $\\epsilon$ sign(gradient)")
ax.plot(epsilons, noise_accuracy, "s--", label="random signs, same $\\epsilon$")
ax.set(xlabel="$\\epsilon$ (largest change of one pixel)", ylabel="test accuracy", ylim=(0, 1.02),
       title="The standard network under attack"); ax.legend();

# %% [markdown]
# The table and the curve test the point of Szegedy et al. (2014) and Goodfellow et al. (2015) on this model: the
# accuracy under FGSM falls as $\epsilon$ grows, and the claim line says whether, at $\epsilon = 0.2$, random
# changes of exactly the same size per pixel cost far less. Where it holds, the network tolerates noise much
# better than a perturbation chosen with its own gradient: the direction matters, not the size.

# %% [markdown]
# ## Why it works: linearity in high dimension
#
# Goodfellow et al. (2015) explain adversarial examples by *linearity*, not by overfitting or non-linearity. Take
# a linear unit $w^\top x$ and the perturbation $\eta = \epsilon \operatorname{sign}(w)$. Its activation changes by
#
# $$w^\top \eta = \epsilon\, w^\top \operatorname{sign}(w) = \epsilon \|w\|_1 = \epsilon\, m\, n,$$
#
# with $m$ the average $|w_i|$ and $n$ the dimension. No single pixel changes by more than $\epsilon$, but the
# effect grows linearly with $n$. A random sign pattern $r$ of the same size gives $\epsilon\, w^\top r$, a sum of
# $n$ terms of random sign, which grows only like $\epsilon\, m \sqrt{n}$. We compute both for random weights $w$
# at the input sizes of the scikit-learn digits of lecture 02 ($8 \times 8$), of MNIST and of a $224 \times 224$
# colour image.

# %%
rng, epsilon = np.random.default_rng(0), 0.1
print(f"epsilon = {epsilon}, weights w ~ N(0, 1)")
print(f"{'n':>8}{'eps w.sign(w)':>15}{'eps m n':>10}{'eps w.r, r random (rms of 20)':>31}")
for n in [8 * 8, 28 * 28, 224 * 224 * 3]:
    w, r = rng.normal(size=n), rng.choice([-1.0, 1.0], size=(20, n))
    print(f"{n:>8,}{epsilon * w @ np.sign(w):>15.1f}{epsilon * np.mean(np.abs(w)) * n:>10.1f}"
          f"{np.sqrt(np.mean((epsilon * r @ w) ** 2)):>31.1f}")

# %% [markdown]
# With the same $\epsilon$ the aligned change $\epsilon\, w^\top \operatorname{sign}(w)$ equals $\epsilon m n$ and
# grows with the dimension, while the random one stays smaller by a factor of order $\sqrt{n}$. For the largest
# input, a change of at most $\epsilon = 0.1$ per input moves the unit by the amount in the last row.
#
# Our CNN is not linear, but ReLU networks are piecewise linear, so locally the same argument applies to its
# gradient $g = \nabla_x J$: to first order FGSM raises the loss by $\epsilon \|g\|_1$, a random sign pattern by
# about $\epsilon \|g\|_2$ (either sign). Their ratio is at most $\sqrt{n} = 28$ for MNIST:

# %%
x_batch = tf.convert_to_tensor(x_test[:200])
with tf.GradientTape() as tape:
    tape.watch(x_batch)
    J = keras.losses.sparse_categorical_crossentropy(y_test[:200], logits(model, x_batch), from_logits=True)
g = tape.gradient(J, x_batch).numpy().reshape(200, -1)
nonzero = np.linalg.norm(g, axis=1) > 0  # a zero gradient has no direction (0 / 0)
ratio = np.abs(g[nonzero]).sum(axis=1) / np.linalg.norm(g[nonzero], axis=1)
print(f"||g||_1 / ||g||_2 on the {nonzero.sum()} of 200 test images with a non-zero gradient: "
      f"median {np.median(ratio):.1f} (at most sqrt(784) = 28)")

# %% [markdown]
# The median printed above says how many times more the FGSM direction raises the loss, to first order, than a
# typical random direction of the same $\epsilon$: the reason the two curves of the previous section are so far
# apart.

# %% [markdown]
# ## Adversarial training: one round
#
# Goodfellow et al. (2015) turn the attack into a regulariser: train on the loss of clean and adversarial images,
#
# $$\tilde J(\theta, x, y) = \alpha\, J(\theta, x, y) + (1 - \alpha)\, J\big(\theta,\,
# x + \epsilon \operatorname{sign}(\nabla_x J(\theta, x, y)),\, y\big),$$
#
# with $\alpha = 0.5$ and, on MNIST, $\epsilon = 0.25$. The adversarial images must come from the model *being
# trained*, so `model.fit` alone will not do: we write the training step ourselves. For every mini-batch it
# (1) attacks the current model with FGSM and (2) takes one Adam step on the mean loss over the clean and the
# adversarial batch, which is $\tilde J$ with $\alpha = 0.5$. We start from a copy of the standard model, so that
# `model` stays as it was for the comparison.
#
# Two TensorFlow tools make the loop fast. `@tf.function` turns the Python step into a TensorFlow graph: the first
# call *traces* it (runs the Python code once, recording the operations) and later calls run the recorded graph
# without Python. A call with a new input signature (another shape or dtype) traces it again (*retracing*), so a
# last, smaller batch of an epoch, which exists when 64 does not divide the number of training images, costs one
# more trace; Python statements such as `print` or our counter below run only while tracing. `tf.data.Dataset.from_tensor_slices((x_train, y_train))` makes a data set of
# (image, label) pairs; `.shuffle(len(x_train), seed=0)` reshuffles it at every pass over it and `.batch(batch_size)`
# groups it into mini-batches, the last one smaller when `batch_size` does not divide the number of images.

# %%
epsilon_train, num_adversarial_epochs = 0.25, course.pick(full=2, fast=1)
robust_model = build_model()
robust_model.set_weights(model.get_weights())
optimizer, loss_fn = keras.optimizers.Adam(), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer.build(robust_model.trainable_variables)  # Adam's variables now: made inside the first call, they would
                                                   # make TensorFlow trace the step a second time

num_traces = 0

@tf.function
def adversarial_training_step(x, y):
    global num_traces
    num_traces += 1  # Python: runs only when the function is traced, not at every call
    with tf.GradientTape() as tape:  # (1) FGSM against the current weights
        tape.watch(x)
        J = loss_fn(y, logits(robust_model, x))
    x_adv = tf.clip_by_value(x + epsilon_train * tf.sign(tape.gradient(J, x)), 0.0, 1.0)
    with tf.GradientTape() as tape:  # (2) J~: the mean over clean and adversarial images, alpha = 0.5
        J_tilde = loss_fn(tf.concat([y, y], axis=0), logits(robust_model, tf.concat([x, x_adv], axis=0), training=True))
    gradients = tape.gradient(J_tilde, robust_model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, robust_model.trainable_variables))
    return J_tilde

# %%
batches = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train), seed=0).batch(batch_size)
for epoch in range(num_adversarial_epochs):
    progress, losses = keras.utils.Progbar(len(batches), verbose=course.pick(full=1, fast=0)), []
    for images, labels in batches:
        losses.append(float(adversarial_training_step(images, labels)))
        progress.add(1, [("J~", losses[-1])])
    print(f"adversarial epoch {epoch + 1}: mean J~ {np.mean(losses):.4f} on {len(x_train):,} clean images and "
          f"their FGSM versions (epsilon = {epsilon_train})")
batch_shapes = {tuple(images.shape) for images, _ in batches}
print(f"{len(batches)} batches per epoch of {len(batch_shapes)} distinct shapes; the step was traced {num_traces} times")
course.claim("tf.function traced the step once per distinct batch shape, not once per batch",
             num_traces == len(batch_shapes), traces=num_traces, shapes=len(batch_shapes), batches=len(batches))

# %% [markdown]
# Now we attack the adversarially trained model with *its own* gradient (a white-box attack, as before) at every
# $\epsilon$ and compare.

# %%
sign_robust = gradient_sign(robust_model, x_test, y_test)
robust_accuracy = [accuracy(robust_model, fgsm(x_test, sign_robust, epsilon), y_test) for epsilon in epsilons]
print(f"FGSM test accuracy on {len(x_test):,} images ({data_name})")
print(f"{'epsilon':>8}{'standard':>10}{'adv. trained':>14}{'bought back':>13}")
for epsilon, a_standard, a_robust in zip(epsilons, fgsm_accuracy, robust_accuracy):
    print(f"{epsilon:>8.2f}{a_standard:>10.3f}{a_robust:>14.3f}{a_robust - a_standard:>+13.3f}")
print(f"clean accuracy before / after adversarial training: {fgsm_accuracy[0]:.4f} / {robust_accuracy[0]:.4f}")
gain = np.subtract(robust_accuracy, fgsm_accuracy)
print(f"largest gain: {gain.max():+.3f} at epsilon = {epsilons[int(np.argmax(gain))]}")
at_train = epsilons.index(epsilon_train)
course.claim(f"adversarial training raises the FGSM accuracy at epsilon = {epsilon_train} by more than 0.2",
             gain[at_train] > 0.2, standard=fgsm_accuracy[at_train], adversarially_trained=robust_accuracy[at_train])
course.claim("adversarial training costs less than 1 percentage point of clean test accuracy",
             fgsm_accuracy[0] - robust_accuracy[0] < 0.01, clean_before=fgsm_accuracy[0],
             clean_after=robust_accuracy[0])

# %%
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(epsilons, fgsm_accuracy, "o-", label="standard training")
ax.plot(epsilons, robust_accuracy, "o-", label=f"adversarial training, $\\epsilon$ = {epsilon_train}")
ax.axvline(epsilon_train, color="gray", lw=0.8, ls=":")
ax.set(xlabel="$\\epsilon$ of the FGSM attack", ylabel="test accuracy", ylim=(0, 1.02),
       title="What one round of adversarial training buys"); ax.legend();

# %% [markdown]
# The last column of the table is the accuracy bought back at each $\epsilon$ in a single short round, the lines
# below it the clean accuracy before and after, where the gain is largest, and whether the two claims held: a
# large gain at the training $\epsilon$, and little clean accuracy paid for it. Goodfellow et al. (2015) found that
# adversarial training also regularises, so it need not cost clean accuracy.
# Do not read the robust curve as a guarantee: a model trained against FGSM learns to resist *that* attack, partly
# by making its own gradient a poor guide (gradient masking), and Madry et al. (2018) report that such models
# fall to stronger iterative attacks (next section).

# %% [markdown]
# ## Explore: $\epsilon$ slider
#
# The slider sets $\epsilon$ for six test digits attacked with FGSM against the standard model (top row) and the
# adversarially trained one (bottom row); titles give prediction and confidence. All images and predictions are
# computed once below, so moving the slider only redraws. (Without a widget front end you see $\epsilon = 0.2$.)

# %%
slider_epsilons = np.round(np.arange(0.0, 0.301, 0.025), 3)
digits = np.arange(6)
precomputed = {}  # epsilon -> [(images, probabilities) for the standard and the robust model]
for epsilon in slider_epsilons:
    pairs = []
    for m, s in [(model, sign), (robust_model, sign_robust)]:
        images = fgsm(x_test[digits], s[digits], epsilon)
        pairs.append((images, m.predict(images, verbose=0)))
    precomputed[epsilon] = pairs

# %%
def draw_attack(epsilon):
    epsilon = slider_epsilons[np.argmin(np.abs(slider_epsilons - epsilon))]
    fig = matplotlib.figure.Figure(figsize=(8, 3.8), dpi=72)  # no pyplot, one image: a fast redraw
    ax = fig.add_axes([0.12, 0.01, 0.86, 0.88])
    band = np.zeros((10, 28 * len(digits)))  # a blank band above each row for the titles
    rows = [np.vstack([band, np.hstack(images[:, :, :, 0])]) for images, _ in precomputed[epsilon]]
    ax.imshow(np.vstack(rows), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    for row, (_, probs) in enumerate(precomputed[epsilon]):
        for col, label in enumerate(y_test[digits]):
            prediction = probs[col].argmax()
            ax.text(28 * col + 14, 38 * row + 5, f"{label} → {prediction} ({probs[col].max():.0%})", ha="center",
                    va="center", fontsize=10, color="black" if prediction == label else "red")
    ax.set(xticks=[], yticks=[24, 62], yticklabels=["standard", "adv. trained"]); ax.grid(False)
    fig.suptitle(f"FGSM, $\\epsilon$ = {epsilon:.3f}: label → prediction (confidence), red when wrong")
    return fig

controls = course.interactive_figure(draw_attack, epsilon=ipywidgets.FloatSlider(
    value=0.2, min=0.0, max=0.3, step=0.025, description="epsilon", continuous_update=False, readout_format=".3f"))

# %% [markdown]
# Move the slider up from 0 and watch where the top row's predictions turn red, and how much longer the bottom
# row holds out.

# %% [markdown]
# ## Stronger attacks
#
# FGSM takes one step and assumes the loss is linear over the whole $\epsilon$-ball. **Projected gradient descent**
# (PGD, Madry et al. 2018) takes many small steps of size $\alpha$, each followed by a projection back into the ball
# $\|x' - x\|_\infty \le \epsilon$ and into $[0, 1]$, from a random start inside the ball:
#
# $$x^{(t+1)} = \operatorname{clip}_{[0, 1]}\Big(\operatorname{clip}_{[x - \epsilon,\, x + \epsilon]}\big(x^{(t)} +
# \alpha \operatorname{sign}(\nabla_x J(\theta, x^{(t)}, y))\big)\Big).$$
#
# It is the standard first-order attack for measuring robustness, and training against PGD examples (rather than
# FGSM ones) is Madry et al.'s recipe for models that resist all first-order attacks they tried. Szegedy et al.
# (2014), who first reported adversarial images, found them with a box-constrained L-BFGS search, slower but of
# the same spirit: optimise the input, not the weights. A short PGD run against both models, on a subset of the
# test images:

# %%
def pgd(model, x, y, epsilon, alpha, num_steps, seed=0):
    """PGD with a random start: num_steps FGSM steps of size alpha, each projected onto the epsilon-ball and [0, 1]."""
    x_adv = np.clip(x + np.random.default_rng(seed).uniform(-epsilon, epsilon, x.shape), 0, 1).astype("float32")
    for _ in range(num_steps):
        x_adv = np.clip(x_adv + alpha * gradient_sign(model, x_adv, y), x - epsilon, x + epsilon)
        x_adv = np.clip(x_adv, 0.0, 1.0)
    return x_adv

# %%
num_pgd, num_steps, epsilon_pgd = course.pick(full=1000, fast=100), course.pick(full=20, fast=10), 0.2
alpha = 2.5 * epsilon_pgd / num_steps  # a common choice: the steps could cross the ball 2.5 times
x_pgd, y_pgd = x_test[:num_pgd], y_test[:num_pgd]
print(f"epsilon = {epsilon_pgd}, {num_pgd} test images ({data_name}); PGD: {num_steps} steps of {alpha:.3f}")
for name, m, s in [("standard", model, sign), ("adv. trained", robust_model, sign_robust)]:
    a_fgsm = accuracy(m, fgsm(x_pgd, s[:num_pgd], epsilon_pgd), y_pgd)
    a_pgd = accuracy(m, pgd(m, x_pgd, y_pgd, epsilon_pgd, alpha, num_steps), y_pgd)
    print(f"{name:>13}: accuracy under FGSM {a_fgsm:.3f}, under PGD {a_pgd:.3f}")
    course.claim(f"PGD leaves the {name} model no more accuracy than FGSM", a_pgd <= a_fgsm, fgsm=a_fgsm, pgd=a_pgd)

# %% [markdown]
# PGD takes many steps and follows the loss where it bends, so it should leave at most the accuracy that FGSM
# leaves; the claim lines say whether it did for each model in this run. How much of the adversarially trained
# model's advantage survives PGD is the honest measure of what one round of FGSM training bought; Madry et al.
# (2018) need many epochs of PGD training for robustness that holds up.

# %% [markdown]
# ## Summary
#
# * An adversarial example is a valid input changed by a tiny, carefully chosen perturbation that changes the
#   prediction, often with high confidence (Szegedy et al. 2014).
# * FGSM: $x_{\text{adv}} = \operatorname{clip}(x + \epsilon \operatorname{sign}(\nabla_x J(\theta, x, y)), 0, 1)$,
#   one gradient with respect to the *input*, computed with `tf.GradientTape` and `tape.watch(x)`.
# * Differentiate the loss computed from the logits: a loss on clipped probabilities has an exactly zero input
#   gradient for the most confident digits, which FGSM then leaves untouched.
# * Test accuracy falls as $\epsilon$ grows, while random noise of the same size costs much less (checked above at
#   $\epsilon = 0.2$): the direction is what counts.
# * Linearity explains it: $\epsilon\, w^\top \operatorname{sign}(w) = \epsilon m n$ grows with the dimension $n$.
# * Adversarial training on a mix of clean and FGSM images buys back accuracy under that attack (the claims above
#   say how much, and at what clean cost, in this run); stronger iterative attacks (PGD, Madry et al. 2018) are
#   the honest test of robustness.
#
# ## Exercises
#
# 1. Is the gain of adversarial training due to the adversarial images or to the extra epochs? Train a copy of the
#    standard model for the same number of extra epochs on clean images only and attack it.
# 2. Run `pgd` with 40 steps of $\alpha = 0.01$ at every $\epsilon$ of the table and add both models' PGD curves to
#    the plot. Then replace FGSM by PGD (5 steps) inside `adversarial_training_step`: what does it cost, and buy?
# 3. A *targeted* attack makes the network predict a chosen class $t$: step *down* the loss of the target,
#    $x - \epsilon \operatorname{sign}(\nabla_x J(\theta, x, t))$. Turn every test 3 into an 8. Which $\epsilon$
#    is needed?
# 4. Transferability: attack the standard model and feed its adversarial images to a second CNN trained from another
#    seed (a black-box attack). What fraction still fools it?
# 5. Repeat the linearity table with $w$ drawn uniformly from $[-1, 1]$. Predict $\epsilon m n$ before you run it.
