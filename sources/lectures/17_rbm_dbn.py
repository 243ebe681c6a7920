# %% [markdown]
# # Lecture 17: Restricted Boltzmann machines and deep belief nets
#
# **After this lecture you can** write the energy and the two conditional distributions of a restricted Boltzmann
# machine (RBM), train one with contrastive divergence (CD-1) in NumPy, draw samples from it by Gibbs sampling, use
# its hidden units as features for a classifier (by hand and with scikit-learn's `BernoulliRBM`), stack two RBMs
# into a deep belief net by greedy layer-wise pre-training, and explain why this once mattered and why it is rarely
# done today.
#
# **Prerequisites:** lectures 03 (activations and losses) and 04 to 06 (training deep networks); the
# autoencoder lecture helps. **Run time:** under 30 seconds in fast mode, two to three minutes in full mode, on a
# laptop CPU.
#
# Sources: G. Hinton, "Training products of experts by minimizing contrastive divergence", *Neural Computation* 14
# (2002); G. Hinton, S. Osindero and Y.-W. Teh, "A fast learning algorithm for deep belief nets", *Neural
# Computation* 18 (2006); G. Hinton, "A practical guide to training restricted Boltzmann machines" (UTML TR
# 2010-003); D. Erhan, Y. Bengio, A. Courville, P.-A. Manzagol, P. Vincent and S. Bengio, "Why does unsupervised
# pre-training help deep learning?", *JMLR* 11 (2010); T. Tieleman, "Training restricted Boltzmann machines using
# approximations to the likelihood gradient" (ICML 2008); scikit-learn's gallery example "Restricted Boltzmann
# Machine features for digit classification".

# %% [markdown]
# ## Setup

# %%
import itertools

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn import linear_model, model_selection, neural_network, pipeline

import course

course.setup()

# %% [markdown]
# ## The data: binarized digits
#
# An RBM with binary visible units models binary vectors, so we turn scikit-learn's 8x8 digits (pixel values 0 to 16)
# into black-and-white images with a threshold at 8, and keep a quarter of them aside as a test set for the
# classifiers at the end. Each image is a vector $v \in \{0, 1\}^{64}$.

# %%
X, y = course.load_digits()
V = (X > 8).astype(float)  # binarize: a pixel is on when its intensity is above half of 16
V_train, V_test, y_train, y_test = model_selection.train_test_split(V, y, test_size=0.25, random_state=0, stratify=y)
print(f"data: {course.dataset_info('digits')}, binarized at 8: {len(V_train)} train, {len(V_test)} test images")
print(f"fraction of pixels that are on: {V_train.mean():.3f}")
course.plot_images(V_train[:10].reshape(-1, 8, 8), labels=y_train[:10]);

# %% [markdown]
# The binarized digits are still easy to read by eye: the threshold keeps the strokes and drops the grey edges.

# %% [markdown]
# ## The energy and the two conditionals
#
# An RBM has visible units $v \in \{0,1\}^{n_v}$, hidden units $h \in \{0,1\}^{n_h}$, weights $W$ of shape
# $n_v \times n_h$, visible biases $b$ and hidden biases $c$. It gives every joint state an energy and a probability
#
# $$E(v, h) = -b^\top v - c^\top h - v^\top W h, \qquad p(v, h) = \frac{e^{-E(v, h)}}{Z}.$$
#
# "Restricted" means there are no visible-visible and no hidden-hidden connections. Because of that, given $v$ the
# hidden units are independent of each other (and the other way round), and each conditional is a logistic unit:
#
# $$p(h_j = 1 \mid v) = \sigma\Big(c_j + \sum_i v_i W_{ij}\Big), \qquad
# p(v_i = 1 \mid h) = \sigma\Big(b_i + \sum_j W_{ij} h_j\Big).$$
#
# Row by row on a batch $V$ (one image per row) that is `sigmoid(c + V @ W)` and `sigmoid(b + H @ W.T)`.

# %%
def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def energy(v, h, W, b, c):
    return -b @ v - c @ h - v @ W @ h

def p_h_given_v(V, W, c):
    return sigmoid(c + V @ W)

def p_v_given_h(H, W, b):
    return sigmoid(b + H @ W.T)

# %% [markdown]
# We check the formula for $p(h_j = 1 \mid v)$ on a tiny RBM (4 visible, 3 hidden units) by brute force: list all
# $2^3$ hidden states, weigh each by $e^{-E(v, h)}$, normalize, and add up the probability of the states with
# $h_j = 1$. The partition function $Z$ cancels in the ratio.

# %%
rng = np.random.default_rng(0)
W_tiny, b_tiny, c_tiny = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
v_tiny = np.array([1.0, 0.0, 1.0, 1.0])
all_h = np.array(list(itertools.product([0.0, 1.0], repeat=3)))  # the 8 hidden states
weights = np.exp([-energy(v_tiny, h, W_tiny, b_tiny, c_tiny) for h in all_h])
brute_force = (weights / weights.sum()) @ all_h  # p(h_j = 1 | v) for j = 1, 2, 3
print("by enumeration:", np.round(brute_force, 6))
print("by the formula:", np.round(p_h_given_v(v_tiny, W_tiny, c_tiny), 6))

# %% [markdown]
# The two rows printed above agree: the hidden units really are independent logistic units given $v$. This is what
# makes RBMs practical: one matrix product gives all of $p(h \mid v)$.

# %% [markdown]
# ## Contrastive divergence (CD-1)
#
# The gradient of the log-likelihood of one training vector is a difference of two correlations,
#
# $$\frac{\partial \log p(v)}{\partial W_{ij}} = \langle v_i h_j \rangle_{\text{data}} - \langle v_i h_j
# \rangle_{\text{model}},$$
#
# the first with $v$ clamped to the data and $h \sim p(h \mid v)$, the second under the model's own distribution,
# which would need a long Markov chain. Hinton (2002) replaced it by a single step of Gibbs sampling started at the
# data: sample $h^{(0)} \sim p(h \mid v^{(0)})$, reconstruct $v^{(1)} = p(v \mid h^{(0)})$, compute
# $p(h \mid v^{(1)})$, and update with learning rate $\varepsilon$:
#
# $$\Delta W = \varepsilon \big(v^{(0)\top} p(h \mid v^{(0)}) - v^{(1)\top} p(h \mid v^{(1)})\big), \quad
# \Delta b = \varepsilon \big(v^{(0)} - v^{(1)}\big), \quad
# \Delta c = \varepsilon \big(p(h \mid v^{(0)}) - p(h \mid v^{(1)})\big),$$
#
# averaged over a mini-batch. As Hinton's practical guide (2010) recommends, we use probabilities rather than binary
# samples for $v^{(1)}$ and for the hidden statistics (less noise), start $W$ small and set $b_i$ to the log-odds
# of pixel $i$ being on.

# %%
def train_rbm(V, num_hidden, num_epochs, learning_rate=0.1, batch_size=20, seed=0):
    """CD-1 on the rows of V (values in [0, 1]); returns W, b, c and the reconstruction error per epoch."""
    rng = np.random.default_rng(seed)
    p_on = V.mean(axis=0).clip(1e-3, 1 - 1e-3)
    W, b, c = rng.normal(0, 0.01, (V.shape[1], num_hidden)), np.log(p_on / (1 - p_on)), np.zeros(num_hidden)
    errors = []
    for epoch in course.progress(range(num_epochs), "CD-1 epochs"):
        for batch in np.array_split(rng.permutation(len(V)), max(1, len(V) // batch_size)):
            v0 = V[batch]
            ph0 = p_h_given_v(v0, W, c)
            h0 = (rng.random(ph0.shape) < ph0).astype(float)  # a binary sample of the hidden units
            v1 = p_v_given_h(h0, W, b)                         # the reconstruction
            ph1 = p_h_given_v(v1, W, c)
            W += learning_rate * (v0.T @ ph0 - v1.T @ ph1) / len(v0)
            b += learning_rate * (v0 - v1).mean(axis=0)
            c += learning_rate * (ph0 - ph1).mean(axis=0)
        errors.append(reconstruction_error(V, W, b, c))
    return W, b, c, errors

# %% [markdown]
# We monitor the **reconstruction error**: the mean squared difference between $v$ and its mean-field
# reconstruction $p(v \mid h = p(h \mid v))$. It is easy to compute and shows whether training runs, but it is not
# the quantity CD minimizes (the guide warns it can mislead), so we also look at samples below.

# %%
def reconstruction_error(V, W, b, c):
    return np.mean((V - p_v_given_h(p_h_given_v(V, W, c), W, b)) ** 2)

num_hidden, num_epochs = course.pick(full=100, fast=64), course.pick(full=40, fast=10)
W, b, c, errors = train_rbm(V_train, num_hidden, num_epochs)
for epoch in sorted(set(range(0, num_epochs, max(1, num_epochs // 8))) | {num_epochs - 1}):
    print(f"epoch {epoch + 1:>3}: reconstruction error {errors[epoch]:.4f} (binarized digits, training set)")
test_error = reconstruction_error(V_test, W, b, c)
print(f"test-set reconstruction error: {test_error:.4f}")
half = num_epochs // 2
course.claim("the reconstruction error falls more in the first half of the epochs than in the second",
             errors[0] - errors[half - 1] > errors[half - 1] - errors[-1], first=errors[0], middle=errors[half - 1],
             last=errors[-1])
course.claim("the gap between test-set and training error is less than a tenth of what training removed from the "
             "error", test_error - errors[-1] < 0.1 * (errors[0] - errors[-1]), train=errors[-1], test=test_error,
             after_epoch_1=errors[0])

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(np.arange(1, num_epochs + 1), errors, "o-")
ax.set(xlabel="epoch", ylabel="reconstruction error", title=f"CD-1, {num_hidden} hidden units");

# %% [markdown]
# The values are printed above and plotted here; the first claim line says whether the error fell faster early
# than late, the second whether the test-set error stayed close to the training error, measured against how much
# training lowered it. Where it did, the RBM has not simply memorized the training images.

# %% [markdown]
# ## What the hidden units learned
#
# Column $j$ of $W$ holds the weights from every pixel to hidden unit $j$: drawn as an 8x8 image it is the pattern
# that switches the unit on. All filters share one colour scale, symmetric about zero: white is a weight of exactly
# 0, red a pixel that pushes the unit on, blue one that pushes it off, and equal shades are equal weights.

# %%
def plot_filters(W_columns, title):
    """Columns of a weight matrix as 8x8 images on one colour scale symmetric about 0 (white = 0)."""
    limit = np.abs(W_columns).max()
    fig = course.plot_images(W_columns.T.reshape(-1, 8, 8), num_columns=10, cmap="RdBu_r", symmetric=True)
    fig.suptitle(f"{title} (colour scale +-{limit:.2f}, white = 0)", y=1.02)
    return fig

plot_filters(W[:, :40], "first 40 filters (columns of W), CD-1 on binarized digits");

# %% [markdown]
# Look at what the filters respond to: in CD-1 RBMs on digits they tend to be local, blobs and stroke fragments
# rather than whole digits, each a small piece that many different digits share.

# %% [markdown]
# ## Gibbs sampling: what the model believes digits look like
#
# A sample from the model comes from running the chain $v \to h \sim p(h \mid v) \to v \sim p(v \mid h) \to \dots$
# for many steps $k$. We start 10 chains from test images and 10 from random noise and show $p(v \mid h)$ after
# $k$ steps (the mean image of the last step, less grainy than the binary sample).

# %%
def gibbs_chain(V, W, b, c, steps, seed=0):
    """Run Gibbs chains from the rows of V; return p(v | h) after each number of steps in `steps`."""
    rng, snapshots = np.random.default_rng(seed), []
    for step in range(1, max(steps) + 1):
        H = (rng.random((len(V), W.shape[1])) < p_h_given_v(V, W, c)).astype(float)
        pv = p_v_given_h(H, W, b)
        V = (rng.random(pv.shape) < pv).astype(float)
        if step in steps:
            snapshots.append(pv)
    return np.concatenate(snapshots)

steps = [1, 10, 100, 1000]
starts = {"data": V_test[:10], "noise": (np.random.default_rng(1).random((10, 64)) < 0.5).astype(float)}
grids = {name: np.concatenate([start, gibbs_chain(start, W, b, c, steps, seed=seed)])
         for seed, (name, start) in enumerate(starts.items())}

# %%
for name, grid in grids.items():
    titles = [f"{name}" if i == 0 else "" for i in range(10)]
    titles += [f"k={k}" if i == 0 else "" for k in steps for i in range(10)]
    fig = course.plot_images(grid.reshape(-1, 8, 8), labels=titles, num_columns=10)
    fig.suptitle(f"Gibbs chains started from {name} (rows: start, then k = {steps})", y=1.02)

# %% [markdown]
# Read the rows from top to bottom. Started from data, one step should give a blurred copy of the digit; more
# steps carry the chain away from it, and once nothing is left of the starting image the data and noise starts
# look alike. Samples that are blends of two digits or no digit at all are expected: CD-1 only ever looks one step
# away from the data, so the model's distribution between and away from the digits is poorly shaped. Persistent
# CD (Tieleman 2008), which keeps the chains running across updates, is designed to fix much of this.

# %% [markdown]
# ## The same with scikit-learn's `BernoulliRBM`
#
# scikit-learn ships a binary RBM. It trains with persistent contrastive divergence (Tieleman 2008, also called
# stochastic maximum likelihood), not CD-1, and stores $W^\top$ as `components_`, $b$ as `intercept_visible_` and
# $c$ as `intercept_hidden_`, so our functions work on its parameters.

# %%
rbm = neural_network.BernoulliRBM(n_components=num_hidden, learning_rate=0.06, n_iter=num_epochs, random_state=0)
rbm.fit(V_train)
W_sk, b_sk, c_sk = rbm.components_.T, rbm.intercept_visible_, rbm.intercept_hidden_
print(f"BernoulliRBM reconstruction error: train {reconstruction_error(V_train, W_sk, b_sk, c_sk):.4f}, "
      f"test {reconstruction_error(V_test, W_sk, b_sk, c_sk):.4f}  (ours, CD-1: test "
      f"{reconstruction_error(V_test, W, b, c):.4f})")
print(f"its hidden probabilities equal ours on its parameters: "
      f"{np.allclose(rbm.transform(V_test), p_h_given_v(V_test, W_sk, c_sk))}")
plot_filters(W_sk[:, :20], "first 20 filters of BernoulliRBM");

# %% [markdown]
# `rbm.transform` is exactly $p(h \mid v)$ (the check printed above); compare its filters with ours. Its
# reconstruction error differs from ours (both printed above): it uses another learning rule and learning rate,
# and reconstruction error is not what either rule optimizes.

# %% [markdown]
# ## RBM features for a classifier
#
# The hidden probabilities $p(h \mid v)$ are a new representation of each image, learned without labels. The
# scikit-learn gallery example "Restricted Boltzmann Machine features for digit classification" feeds them to a
# logistic regression in a `Pipeline` and compares with logistic regression on raw pixels. We do the same on our
# binarized digits (the gallery example uses grey-level pixels in [0, 1] and enlarges the data set by shifting each
# image by one pixel, which makes raw pixels much weaker there). Same classifier and regularization ($C = 1$) in
# every row.

# %%
def logistic():
    return linear_model.LogisticRegression(C=1.0, max_iter=2000)

rbm_pipeline = pipeline.Pipeline([
    ("rbm", neural_network.BernoulliRBM(n_components=num_hidden, learning_rate=0.06, n_iter=num_epochs,
                                        random_state=0)),
    ("logistic", logistic())])
accuracy = {"logistic regression on raw pixels": logistic().fit(V_train, y_train).score(V_test, y_test),
            "BernoulliRBM + logistic regression": rbm_pipeline.fit(V_train, y_train).score(V_test, y_test)}
for name, value in accuracy.items():
    print(f"{name:<40} test accuracy {value:.3f}  (binarized digits, {len(V_test)} test images)")
raw, rbm_features = accuracy.values()
course.claim("on these digits the RBM features add less than 3 percentage points over raw pixels",
             rbm_features - raw < 0.03, raw_pixels=raw, rbm_features=rbm_features)

# %% [markdown]
# The two test accuracies are printed above. On these clean, centred digits a linear model on raw pixels is already
# strong, so there is little for unsupervised features to add; the claim line says how much they added here (a
# negative difference means that the RBM features did worse than the raw pixels). The
# gain the gallery example shows comes on its harder, shifted data. The features are useful in another way: 64
# pixels went in, and the classifier sees the RBM's own description of the image.

# %% [markdown]
# ## Stacking RBMs: a deep belief net
#
# Hinton, Osindero and Teh (2006) showed that RBMs can be stacked: train the first RBM on the data, then treat its
# hidden probabilities $p(h^{(1)} \mid v)$ as data for a second RBM, and so on, one layer at a time (**greedy
# layer-wise pre-training**). They proved that adding a layer this way, suitably initialised, cannot decrease a
# variational lower bound on the log-likelihood of the data. The result is a deep belief net (DBN). Our `train_rbm`
# accepts values in [0, 1], so the second layer is one call.

# %%
H1_train, H1_test = p_h_given_v(V_train, W, c), p_h_given_v(V_test, W, c)
W2, b2, c2, errors2 = train_rbm(H1_train, num_hidden, num_epochs, seed=1)
H2_train, H2_test = p_h_given_v(H1_train, W2, c2), p_h_given_v(H1_test, W2, c2)
print(f"second RBM: reconstruction error of h1 after {num_epochs} epochs {errors2[-1]:.4f}")
features = {"raw pixels (64)": (V_train, V_test), f"RBM 1, CD-1 ({num_hidden})": (H1_train, H1_test),
            f"DBN: RBM 1 + RBM 2 ({num_hidden})": (H2_train, H2_test)}
feature_accuracy = {name: logistic().fit(F_train, y_train).score(F_test, y_test)
                    for name, (F_train, F_test) in features.items()}
for name, value in feature_accuracy.items():
    print(f"logistic regression on {name:<30} test accuracy {value:.3f}")
print(f"best on the {len(V_test)} binarized test digits: {max(feature_accuracy, key=feature_accuracy.get)}")

# %% [markdown]
# The test accuracies on the binarized digits are printed above, one row per representation, with the best one
# named. Neither RBM ever sees a label: each layer keeps what describes the images well, which need not be what
# separates the classes. On small, clean data that a linear model already handles, stacking more unsupervised
# layers in front of a *linear* classifier is no guaranteed gain; the DBN's real use was different, as the next
# section shows.

# %% [markdown]
# ## Pre-training as initialization, and why it mattered
#
# The DBN's main use was to **initialize a deep network**: copy $W$ and $c$ of each RBM into the dense sigmoid layers
# of a network, add a softmax output, and fine-tune everything with backpropagation. In 2006 deep sigmoid networks
# trained from a random start with plain SGD often trained badly, and pre-trained ones did better. Erhan et al. (2010)
# studied why and concluded that pre-training acts as an unusual regularizer: it puts the weights in a region from
# which gradient descent reaches solutions that generalize better, which matters most for deep networks and small
# labelled sets. We compare three networks of the same shape (two hidden layers as wide as the RBMs, a softmax
# output), trained with plain SGD on the binarized digits: sigmoid with random (Glorot) initialization, sigmoid
# initialized from the DBN, and ReLU with He initialization, the modern default. The test set stays out of training: a
# fifth of the training images is held out as a validation set, which the curves below follow epoch by epoch, and the
# test images are used once, at the end.

# %%
def build_network(activation, initializer, rbm_layers=None):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,))] + [layers.Dense(num_hidden, activation,
                             kernel_initializer=initializer) for _ in range(2)] + [layers.Dense(10, "softmax")])
    for layer, weights in zip(model.layers, rbm_layers or []):
        layer.set_weights(weights)  # weights W and hidden biases c of one RBM
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model

# %%
networks = {"sigmoid, random init": ("sigmoid", "glorot_uniform", None),
            "sigmoid, DBN init": ("sigmoid", "glorot_uniform", [(W, c), (W2, c2)]),
            "ReLU, He init": ("relu", "he_normal", None)}
V_fit, V_val, y_fit, y_val = model_selection.train_test_split(V_train, y_train, test_size=0.2, random_state=0,
                                                              stratify=y_train)
num_finetune_epochs, curves, test_accuracy = course.pick(full=20, fast=4), {}, {}
for name, arguments in networks.items():
    model = build_network(*arguments)
    history = model.fit(V_fit, y_fit, epochs=num_finetune_epochs, batch_size=32, validation_data=(V_val, y_val),
                        verbose=0)
    curves[name], test_accuracy[name] = history.history["val_accuracy"], model.evaluate(V_test, y_test, verbose=0)[1]
    print(f"{name:<22} validation accuracy after epoch 1: {curves[name][0]:.3f}, after epoch {num_finetune_epochs}: "
          f"{curves[name][-1]:.3f}; test accuracy at the end {test_accuracy[name]:.3f}")
random_init, dbn_init = curves["sigmoid, random init"], curves["sigmoid, DBN init"]
course.claim("after one epoch the randomly initialised sigmoid network is still near chance (below 20 %) on the "
             "validation set", random_init[0] < 0.2, random_init=random_init[0], chance=0.1)
course.claim("after one epoch the DBN-initialised sigmoid network is ahead of the randomly initialised one on the "
             "validation set", dbn_init[0] > random_init[0], random_init=random_init[0], dbn_init=dbn_init[0])
gain = test_accuracy["sigmoid, DBN init"] - test_accuracy["sigmoid, random init"]
print(f"DBN initialization {'adds' if gain > 0 else 'loses'} {100 * abs(gain):.1f} percentage points of test accuracy "
      f"over a random start for the sigmoid network after {num_finetune_epochs} epochs (binarized digits, "
      f"{len(V_test)} test images)")

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
for name, curve in curves.items():
    ax.plot(np.arange(1, num_finetune_epochs + 1), curve, "o-", label=name)
ax.set(xlabel="epoch of fine-tuning (SGD, learning rate 0.1)", ylabel="validation accuracy",
       title=f"binarized digits, 64-{num_hidden}-{num_hidden}-10 network"); ax.legend();

# %% [markdown]
# The validation accuracies per epoch are printed and plotted above, and the test accuracy of each network at the
# end, with the difference pre-training makes for the sigmoid network. A sigmoid network started at random *can*
# sit on a plateau for a while: its small random features carry little information about the digit, and its
# gradients are damped by $\sigma' \le 1/4$ at every layer. The first claim line says whether it was still near
# chance after one epoch here, and its curve shows for how long; how long such a plateau lasts depends on the
# depth, the initialisation, the learning rate and the amount of data (exercise 7). Started from the DBN, the
# hidden layers already describe the digits, so fine-tuning only has to adjust them; the second claim line says
# whether that gave a head start after one epoch in this run. Compare the ReLU network, which had no pre-training
# at all.
#
# Pre-training is rarely used today because the ReLU network's recipe needs none: ReLU units do not saturate
# (Glorot, Bordes and Bengio 2011), careful initialization keeps signals at a good scale through depth (Glorot and
# Bengio 2010, He et al. 2015), batch normalization (Ioffe and Szegedy 2015) keeps it there during training, and
# large labelled data sets with dropout regularize well. Unsupervised pre-training lives on in another form:
# autoencoders, and the self-supervised pre-training of today's large models, learn a representation first and
# fine-tune it later.

# %% [markdown]
# ## Summary
#
# * An RBM assigns energy $E(v, h) = -b^\top v - c^\top h - v^\top W h$; with no connections inside a layer,
#   $p(h_j = 1 \mid v) = \sigma(c_j + v^\top W_{:j})$ and $p(v_i = 1 \mid h) = \sigma(b_i + W_{i:} h)$.
# * CD-1 approximates the likelihood gradient by one Gibbs step from the data:
#   $\Delta W = \varepsilon(v^{(0)\top} p(h \mid v^{(0)}) - v^{(1)\top} p(h \mid v^{(1)}))$.
# * Reconstruction error is a cheap training monitor, not the objective; Gibbs samples show what the model learned,
#   and CD-1 models sample poorly far from the data.
# * `BernoulliRBM` (persistent CD) gives the same $p(h \mid v)$ features; in a `Pipeline` with logistic regression
#   they are compared with raw pixels above.
# * Greedy layer-wise training stacks RBMs into a deep belief net (Hinton et al. 2006); as an initialization it made
#   deep sigmoid networks train better (Hinton et al. 2006), acting as a regularizer (Erhan et al. 2010); ReLU, good
#   initialization and batch norm made it unnecessary.
#
# ## Exercises
#
# 1. Show from the energy that $p(h \mid v) = \prod_j p(h_j \mid v)$ and derive $p(h_j = 1 \mid v)$. Where does the
#    "restricted" structure enter?
# 2. Replace CD-1 by CD-10 (ten Gibbs steps in the negative phase). What happens to the reconstruction error, and to
#    the Gibbs samples started from noise?
# 3. Implement persistent CD: keep a set of chains between mini-batches instead of restarting them at the data.
#    Compare the samples from noise with those of CD-1.
# 4. Train the classifier comparison on the grey-level digits scaled to [0, 1] instead of the binarized ones, as the
#    scikit-learn gallery does. Does the ranking change?
# 5. Generate from the DBN: run a Gibbs chain in the top RBM, then go down once with $p(h^{(1)} \mid h^{(2)})$ and
#    $p(v \mid h^{(1)})$. How do the samples compare with those of the single RBM?
# 6. Give the logistic regression the features of RBM 1 and RBM 2 side by side. Does it beat either alone?
# 7. Repeat the fine-tuning comparison with 5 hidden layers instead of 2. Which curve suffers most?

# %% [markdown]
# The calls the exercises start from, run once here so that they work as written (what they show is for you to find
# out):

# %%
G_train, G_test, g_train, g_test = model_selection.train_test_split(X / 16, y, test_size=0.25, random_state=0,
                                                                    stratify=y)  # exercise 4: grey levels in [0, 1]
grey_pipeline_accuracy = rbm_pipeline.fit(G_train, g_train).score(G_test, g_test)
h1_samples = gibbs_chain(H1_test[:10], W2, b2, c2, [10])  # exercise 5: the top RBM's chain, p(h1 | h2) ...
dbn_samples = p_v_given_h(h1_samples, W, b)  # ... then down once to the pixels, p(v | h1)
side_by_side = logistic().fit(np.hstack([H1_train, H2_train]), y_train)  # exercise 6
keras.utils.set_random_seed(0)
deeper = keras.Sequential([keras.Input((64,))] + [layers.Dense(num_hidden, "sigmoid") for _ in range(5)]
                          + [layers.Dense(10, "softmax")])  # exercise 7: 5 hidden layers
deeper.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
deeper.fit(V_fit, y_fit, epochs=1, batch_size=32, verbose=0)
print(f"ran: the pipeline on grey levels, DBN samples {dbn_samples.shape}, logistic regression on "
      f"{side_by_side.n_features_in_} stacked features, a network with {len(deeper.layers) - 1} hidden layers")
