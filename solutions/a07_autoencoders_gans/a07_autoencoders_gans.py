# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 07: denoising autoencoders and one GAN training step
#
# You will write three corruptions for a denoising autoencoder (Vincent et al., 2008 and 2010), build and train
# one on MNIST, then write the losses of a generative adversarial network (Goodfellow et al., 2014) from the
# discriminator's logits, stably, for both the minimax and the non-saturating generator, and one training step in
# which the discriminator and the generator each update only their own weights, one after the other.
#
# **Prerequisites:** lectures 16 (autoencoders) and 18 (GANs). **Points:** 30, in five parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes, values and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import keras
import numpy as np
import tensorflow as tf
from keras import layers

import course
from course import checks

course.setup(quiet=True)

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: three corruptions (10 points)
#
# A denoising autoencoder sees a corrupted image $\tilde x$ and must output the clean one $x$. Vincent et al. (2010)
# compare three corruptions, and each of them here changes a **fixed number** $k = $ `round(fraction * d)` of the
# $d$ pixels of every image (Python's `round`), chosen at random, each row with its own choice:
#
# | `kind` | what happens to the $k$ chosen pixels |
# | --- | --- |
# | `"masking"` | set to 0 (lecture 16 shows this one) |
# | `"salt_and_pepper"` | each set to 0 or to 1, independently, with probability 1/2 each |
# | `"gaussian"` | each gets $\varepsilon \sim \mathcal N(0, \sigma^2)$ added, $\sigma$ = `noise_std`, and the result is **clipped** to $[0, 1]$ |
#
# Write `corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5)`:
# * In: `X` of shape `(N, d)` (one image per row, values in $[0, 1]$), `fraction` $\in [0, 1]$, an integer `seed`.
# * Out: a **new** array of the same shape and dtype (float32 images stay float32: a check of its own, 1 point); all
#   pixels that were not chosen are unchanged.
# * Draw every random number from one `np.random.default_rng(seed)`: the same seed gives the same result. Do not
#   modify `X`.
# * Raise a `ValueError` if `X` is not 2-D, if `fraction` is outside $[0, 1]$ or if `kind` is none of the three.
#   Fractions 0 and 1 are valid (these rules are a check of their own, 1 point).
# * NumPy only: the checks call `corrupt` through `checks.from_scratch`, which fails a check if Keras, TensorFlow,
#   scikit-learn or SciPy ran during the call (under any name), or if `corrupt` changed `X` in place.
#
# Hint: one way to draw $k$ distinct positions per row without a loop is to sort random numbers, e.g.
# `np.argsort(rng.random(X.shape), axis=1)[:, :k]`, then `np.put_along_axis` or `np.take_along_axis`.
#
# The checks count the changed pixels in every row of an image set without zeros and ones, compare the other
# pixels with the input, try fraction 0, check the values of each kind (0 and 1 about equally often for salt
# and pepper; for Gaussian noise its mean and standard deviation, and that every value lies in $[0, 1]$), call the
# function twice with the same seed and with two seeds, and check that `X` is unchanged and that the result is a new
# array (one check, 3 points: the other checks give `corrupt` a copy of their images, so a change in place costs
# only these).

# %% nbgrader={"grade": false, "grade_id": "corrupt", "locked": false, "schema_version": 3, "solution": true, "task": false}
def corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5):
    """Corrupt a fixed fraction of the pixels of each image, at random positions.

    Parameters
    ----------
    X : ndarray of shape (N, d)
        Images, one per row, values in [0, 1].
    fraction : float in [0, 1]
    seed : int
    kind : {"masking", "salt_and_pepper", "gaussian"}
    noise_std : float
        Standard deviation of the Gaussian noise (kind "gaussian" only).

    Returns
    -------
    ndarray of shape (N, d), same dtype as X
        A copy of X in which round(fraction * d) pixels of every row are corrupted.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), one image per row; got shape {X.shape}: reshape it first.")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}.")
    if kind not in ("masking", "salt_and_pepper", "gaussian"):
        raise ValueError(f"kind must be 'masking', 'salt_and_pepper' or 'gaussian', got {kind!r}.")
    rng = np.random.default_rng(seed)
    num_chosen = round(fraction * X.shape[1])
    chosen = np.argsort(rng.random(X.shape), axis=1)[:, :num_chosen]
    if kind == "masking":
        new_values = np.zeros(chosen.shape)
    elif kind == "salt_and_pepper":
        new_values = rng.integers(0, 2, size=chosen.shape).astype(float)
    else:
        old_values = np.take_along_axis(X, chosen, axis=1)
        new_values = np.clip(old_values + noise_std * rng.standard_normal(chosen.shape), 0.0, 1.0)
    X_noisy = X.copy()
    np.put_along_axis(X_noisy, chosen, new_values.astype(X.dtype), axis=1)
    return X_noisy
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "corrupt_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 3 images of 10 pixels with values 0.5, 30 % corrupted: expect three changed pixels in every row.
for kind in ("masking", "salt_and_pepper", "gaussian"):
    print(kind, "\n", corrupt(np.full((3, 10), 0.5), 0.3, seed=0, kind=kind).round(2))

# %% nbgrader={"grade": true, "grade_id": "corrupt_counts", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check the exact number of zeros per row for masking, that the other pixels are unchanged, and fraction 0"""
# Every call gets a copy of its images, and a change in place does not fail here (corrupt_seed_and_copy charges it).
corrupt_copy = lambda X, *args, **kwargs: checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), *args, **kwargs)
X = np.random.default_rng(0).uniform(0.1, 0.9, size=(6, 20)).astype("float32")  # no zeros to start with
X_noisy = corrupt_copy(X, 0.3, seed=1)
checks.assert_array(X_noisy, "corrupt(X, 0.3, seed=1)", shape=(6, 20))
checks.assert_equal((X_noisy == 0).sum(axis=1), [6] * 6, "zeros per row for 30 % of 20 pixels",
                    hint="Zero exactly round(fraction * d) pixels in every row, not a random number of them.")
kept = X_noisy != 0
checks.assert_allclose(X_noisy[kept], X[kept], "the pixels that were not set to 0",
                       hint="Leave the other pixels as they are.")
checks.assert_allclose(corrupt_copy(X, 0.0, seed=1), X, "corrupt(X, 0.0)", hint="A fraction of 0 changes nothing.")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(5).uniform(0.2, 1.0, size=(40, 784))
for fraction in (0.33, 0.7, 0.05):
    counts = (corrupt_copy(X, fraction, seed=9) == 0).sum(axis=1)
    checks.assert_equal(counts, [round(fraction * 784)] * 40, f"zeros per row for {fraction} of 784 pixels")
counts = (corrupt_copy(X[:3, :50], 0.5, seed=2) == 0).sum(axis=1)
checks.assert_equal(counts, [25, 25, 25], "zeros per row for 50 % of 50 pixels")
counts = (corrupt_copy(X[:1, :7], 0.5, seed=3) == 0).sum(axis=1)
checks.assert_equal(counts, [4], "zeros in one row of 7 pixels, fraction 0.5 (round(3.5) = 4)")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_input_rules", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check the input rules: fractions 0 and 1 are valid, a fraction outside [0, 1], a non-2-D X or an unknown kind raise ValueError"""
corrupt_copy = lambda X, *args, **kwargs: checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), *args, **kwargs)
X = np.random.default_rng(0).uniform(0.1, 0.9, size=(6, 20)).astype("float32")
checks.assert_allclose(corrupt_copy(X, 1.0, seed=1), np.zeros_like(X), "corrupt(X, 1.0)",
                       hint="A fraction of 1 is valid: it zeros every pixel.")


def expect_value_error(X, fraction, why, **options):
    try:
        corrupt_copy(X, fraction, seed=1, **options)
    except ValueError:
        return
    raise AssertionError(f"corrupt should raise ValueError {why}.")


for bad_fraction in (-0.1, 1.5):
    expect_value_error(X, bad_fraction, f"for fraction {bad_fraction}: a fraction must lie in [0, 1]")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(5).uniform(0.2, 1.0, size=(40, 784))
for kind in ("salt_and_pepper", "gaussian"):
    assert corrupt_copy(X[:4], 1.0, seed=1, kind=kind).shape == (4, 784), f"fraction 1 with kind {kind!r} is valid."
for bad_input in (X[0], X[None]):
    expect_value_error(bad_input, 0.3, f"for X of shape {bad_input.shape}: it expects (N, d)")
expect_value_error(X, 0.3, "for kind='dropout': unknown kind", kind="dropout")
expect_value_error(X, 1.0001, "for fraction 1.0001")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_dtype", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that corrupt returns the dtype it was given (float32 images stay float32), for each kind"""
X = np.random.default_rng(3).uniform(0.1, 0.9, size=(4, 12)).astype("float32")
for kind in ("masking", "salt_and_pepper", "gaussian"):
    # a copy, and a change in place does not fail here: corrupt_seed_and_copy charges it
    X_noisy = checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), 0.5, seed=1, kind=kind)
    assert np.asarray(X_noisy).dtype == X.dtype, (
        f"corrupt(X, 0.5, kind={kind!r}) returned dtype {np.asarray(X_noisy).dtype} for X of dtype {X.dtype}: "
        "return the same dtype (work on X.copy() and cast the new values with .astype(X.dtype)).")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(4).uniform(0.1, 0.9, size=(3, 9))
for kind in ("masking", "salt_and_pepper", "gaussian"):
    for dtype in ("float64", "float32"):
        X_noisy = checks.from_scratch(corrupt, inputs_unchanged=False)(X.astype(dtype), 0.5, seed=2, kind=kind)
        assert np.asarray(X_noisy).dtype == dtype, (f"corrupt(X, 0.5, kind={kind!r}) returned dtype "
                                                    f"{np.asarray(X_noisy).dtype} for X of dtype {dtype}.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_seed_and_copy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that the same seed repeats the result, other seeds and other rows differ, and X is not modified"""
X = np.random.default_rng(1).uniform(0.1, 0.9, size=(8, 30))
X_before = X.copy()
first, again = checks.from_scratch(corrupt)(X, 0.4, seed=3), checks.from_scratch(corrupt)(X, 0.4, seed=3)
checks.assert_allclose(again, first, "corrupt(X, 0.4, seed=3) called twice",
                       hint="Draw from np.random.default_rng(seed), not from the global np.random.")
checks.assert_allclose(X, X_before, "the X you were given", hint="Work on X.copy(); do not zero pixels of X itself.")
other = checks.from_scratch(corrupt)(X, 0.4, seed=4)
assert not np.array_equal(first == 0, other == 0), "Seeds 3 and 4 zeroed the same pixels: use the seed argument."
masks = first == 0
assert len({row.tobytes() for row in masks}) > 1, "Every row has the same zeroed pixels: draw a new choice per row."
for kind in ("salt_and_pepper", "gaussian"):
    checks.assert_allclose(checks.from_scratch(corrupt)(X, 0.4, seed=3, kind=kind), corrupt(X, 0.4, seed=3, kind=kind),
                           f"corrupt(X, 0.4, seed=3, kind={kind!r}) called twice")
    checks.assert_allclose(X, X_before, f"the X you were given (kind {kind!r})", hint="Do not modify X.")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(8).uniform(0.1, 0.9, size=(50, 100)).astype("float32")
X_before = X.copy()
checks.assert_allclose(corrupt(X, 0.25, seed=11), corrupt(X, 0.25, seed=11), "two calls with seed 11")
checks.assert_allclose(X, X_before, "the X you were given (fraction 0.25)")
masks = corrupt(X, 0.25, seed=11) == 0
assert len({row.tobytes() for row in masks}) == 50, "Each of the 50 rows should get its own random choice of pixels."
for kind in ("masking", "salt_and_pepper", "gaussian"):
    X_zero = corrupt(X, 0.0, seed=1, kind=kind)
    assert not np.shares_memory(X_zero, X), f"corrupt(X, 0.0, kind={kind!r}) must return a new array, not X itself."
    changed = corrupt(X, 0.5, seed=12, kind=kind) != X
    assert len({row.tobytes() for row in changed}) == 50, f"kind {kind!r}: each row needs its own choice of pixels."
    checks.assert_allclose(X, X_before, f"the X you were given (kind {kind!r})")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_salt_and_pepper", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check salt-and-pepper noise: exactly k pixels per row changed, each to 0 or 1, about half of them to 1"""
def check_salt_and_pepper(X, fraction, seed, name):
    X_noisy = checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), fraction, seed=seed, kind="salt_and_pepper")
    checks.assert_array(X_noisy, f"salt and pepper on {name}", shape=X.shape)
    changed = X_noisy != X
    k = round(fraction * X.shape[1])
    checks.assert_equal(changed.sum(axis=1), [k] * len(X), f"changed pixels per row on {name}",
                        hint="Exactly round(fraction * d) pixels of each row get salt or pepper.")
    values = X_noisy[changed]
    assert np.all((values == 0) | (values == 1)), f"On {name} a changed pixel is neither 0 nor 1: {values[:5]}."
    share = float(np.mean(values == 1))
    margin = 5 * np.sqrt(0.25 / values.size)
    assert abs(share - 0.5) <= margin, (f"On {name} {share:.1%} of the changed pixels are 1 (salt), expected 50 % "
                                        f"within {margin:.1%}: draw 0 or 1 with probability 1/2 for each pixel.")
    return X_noisy

X = np.random.default_rng(2).uniform(0.1, 0.9, size=(20, 50))  # no 0 or 1 to start with
check_salt_and_pepper(X, 0.3, 1, "20 images of 50 pixels, 30 %")
checks.assert_allclose(checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), 0.0, seed=1, kind="salt_and_pepper"), X,
                       "salt and pepper, fraction 0")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(9).uniform(0.1, 0.9, size=(40, 784)).astype("float32")
check_salt_and_pepper(X, 0.25, 21, "40 images of 784 pixels, 25 %")
X_most = check_salt_and_pepper(X[:5], 0.9, 22, "5 images, fraction 0.9")
assert len({row.tobytes() for row in X_most}) == 5, "With fraction 0.9 each row should still get its own salt and pepper."
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_gaussian_clipped", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check Gaussian noise: exactly k pixels per row changed, noise of mean 0 and the given std, every value in [0, 1]"""
def check_gaussian(X, fraction, noise_std, seed, name):
    X_noisy = checks.from_scratch(corrupt, inputs_unchanged=False)(X.copy(), fraction, seed=seed, kind="gaussian",
                                                                   noise_std=noise_std)
    checks.assert_array(X_noisy, f"Gaussian noise on {name}", shape=X.shape)
    assert X_noisy.min() >= 0 and X_noisy.max() <= 1, (
        f"On {name} values range from {X_noisy.min():.3f} to {X_noisy.max():.3f}: clip the noisy pixels to [0, 1].")
    changed = X_noisy != X
    checks.assert_equal(changed.sum(axis=1), [round(fraction * X.shape[1])] * len(X), f"changed pixels per row on {name}",
                        hint="Add noise to exactly round(fraction * d) pixels of each row, not to all of them.")
    return X_noisy, changed

# Mid-grey pixels and small noise: clipping never happens, so the noise itself can be measured.
X = np.full((100, 100), 0.5)
X_noisy, changed = check_gaussian(X, 0.5, 0.1, 1, "mid-grey images, std 0.1")
noise = (X_noisy - X)[changed]
assert abs(noise.mean()) < 5 * 0.1 / np.sqrt(noise.size), f"The noise has mean {noise.mean():.4f}, expected about 0."
checks.assert_allclose(noise.std(), 0.1, "the standard deviation of the noise", rtol=0.05,
                       hint="Multiply standard normal draws by noise_std (it is a standard deviation, not a variance).")
X_clipped, changed = check_gaussian(X, 0.9, 0.5, 2, "mid-grey images, std 0.5, fraction 0.9")
share_ones = float(np.mean(X_clipped[changed] == 1))  # P(0.5 + 0.5 z >= 1) = P(z >= 1) = 15.9 %
assert abs(share_ones - 0.1587) < 0.02, (f"{share_ones:.1%} of the noisy pixels became exactly 1, expected about "
                                         "15.9 % (0.5 plus noise of std 0.5, clipped at 1).")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(10).uniform(0.0, 1.0, size=(30, 200)).astype("float32")
X[:, :20] = 0.98
check_gaussian(X, 0.5, 0.3, 31, "random images, std 0.3")
check_gaussian(X, 0.05, 2.0, 32, "random images, std 2, fraction 0.05")
X_noisy, changed = check_gaussian(np.full((100, 50), 0.02, dtype="float32"), 0.6, 0.3, 33, "dark images, std 0.3")
share_zeros = float(np.mean(X_noisy[changed] == 0))  # P(0.02 + 0.3 z <= 0) = P(z <= -0.0667) = 47.3 %
assert abs(share_zeros - 0.473) < 0.05, f"{share_zeros:.1%} of the noisy dark pixels were clipped to 0, expected ~47 %."
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: a denoising autoencoder to a specification (3 points)
#
# Build and compile this dense autoencoder with Keras (`keras.Sequential` or the functional API):
#
# | layer | units | activation |
# | --- | --- | --- |
# | input | 784 | |
# | `Dense` (encoder) | 256 | ReLU |
# | `Dense` (the code) | `code_size` (default 64) | ReLU |
# | `Dense` (decoder) | 256 | ReLU |
# | `Dense` (reconstruction) | 784 | sigmoid |
#
# Compile it with `keras.optimizers.Adam(learning_rate=0.002)` and the binary cross-entropy loss (pixels in
# $[0, 1]$ play the part of probabilities). Use no other layers. With `code_size=64` it has 435,536 parameters;
# work out why (each `Dense` layer has inputs × units weights plus units biases).
#
# The check reads the `Dense` layers (units, activations), the input and output shapes, the parameter count, the
# learning rate, and compares `model.evaluate` with the binary cross-entropy computed by hand.

# %% nbgrader={"grade": false, "grade_id": "build", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_denoising_autoencoder(code_size=64):
    """Dense autoencoder 784 -> 256 -> code_size -> 256 -> 784, compiled.

    Parameters
    ----------
    code_size : int

    Returns
    -------
    keras.Model
        Input shape (None, 784), output shape (None, 784), compiled with Adam(0.002) and binary cross-entropy.
    """
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(code_size, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002), loss="binary_crossentropy")
    return model
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "build_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect four Dense layers and 435,536 parameters.
build_denoising_autoencoder().summary()

# %% nbgrader={"grade": true, "grade_id": "dae_architecture", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the layers (units, activations), shapes, parameter count, optimizer and loss of the autoencoder"""
def dense_layers(model):
    return [layer for layer in model.layers if isinstance(layer, layers.Dense)]

def check_autoencoder(model, code_size):
    checks.assert_returns(model, "build_denoising_autoencoder", keras.Model)
    dense = dense_layers(model)
    units = [layer.units for layer in dense]
    checks.assert_equal(units, [256, code_size, 256, 784], "units of the Dense layers",
                        hint="Four Dense layers: 256, code_size, 256, 784.")
    activations = [layer.activation.__name__ for layer in dense]
    checks.assert_equal(activations, ["relu", "relu", "relu", "sigmoid"], "activations of the Dense layers")
    used = [type(layer).__name__ for layer in model.layers if not isinstance(layer, layers.InputLayer)]
    assert len(used) == 4, f"Use only the four Dense layers, got {used}."
    assert tuple(model.input_shape) == (None, 784), f"Input shape should be (None, 784), got {model.input_shape}."
    assert tuple(model.output_shape) == (None, 784), f"Output shape should be (None, 784), got {model.output_shape}."
    expected = 784 * 256 + 256 + 256 * code_size + code_size + code_size * 256 + 256 + 256 * 784 + 784
    checks.assert_equal(model.count_params(), expected, f"parameter count with code_size={code_size}")
    assert model.optimizer is not None, "Compile the model: model.compile(optimizer=..., loss=...)."
    checks.assert_allclose(float(model.optimizer.learning_rate), 0.002, "the optimizer's learning rate", rtol=1e-4)
    assert isinstance(model.optimizer, keras.optimizers.Adam), f"Use Adam, got {type(model.optimizer).__name__}."

keras.utils.set_random_seed(0)
model = build_denoising_autoencoder()
check_autoencoder(model, 64)
X_probe = np.random.default_rng(0).uniform(size=(16, 784)).astype("float32")
by_hand = float(np.mean(keras.losses.binary_crossentropy(X_probe, model.predict(X_probe, verbose=0))))
checks.assert_allclose(model.evaluate(X_probe, X_probe, verbose=0), by_hand, "model.evaluate", rtol=1e-3,
                       hint="Compile with loss='binary_crossentropy' (and no extra metrics or regularizers).")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(1)
check_autoencoder(build_denoising_autoencoder(code_size=16), 16)
check_autoencoder(build_denoising_autoencoder(code_size=100), 100)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: training it to denoise (5 points)
#
# Write `train_denoising_autoencoder(model, X, fraction, num_epochs, batch_size, seed, kind)`: corrupt the clean
# images `X` **once** with your `corrupt(X, fraction, seed=seed, kind=kind)`, then call `model.fit` with the
# corrupted images as inputs and the clean images as targets, for `num_epochs` epochs with batch size `batch_size`
# and `verbose=0`. Return what `model.fit` returns (the `History`).
#
# So that this part is graded on its own, its checks replace your `corrupt` for the duration of the check (and put
# it back afterwards): a mistake in Part A costs points in Part A only. Two checks:
# * the first hands your function a stand-in for a model that records what `fit` receives, and a stand-in for
#   `corrupt` that records its arguments: `corrupt` called once with `X`, your `fraction`, `seed` and `kind`;
#   inputs equal to what it returned, targets equal to `X`, and your `num_epochs` and `batch_size`;
# * the second, with lecture 16's masking noise in place of `corrupt`, builds your Part B model (after
#   `keras.utils.set_random_seed(0)`), trains it with 30 % corruption, batch size 32 and seed 0 on the first 3,000
#   MNIST training images for 4 epochs (fast mode, `COURSE_FAST=1`) or the first 8,000 for 5 epochs (otherwise),
#   then corrupts 500 test images (30 %, seed 123) and expects the mean squared error between the model's output
#   and the **clean** test images to be below **0.033**. (For comparison: the corrupted images themselves are about
#   0.04 from the clean ones.)

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_denoising_autoencoder(model, X, fraction=0.3, num_epochs=5, batch_size=32, seed=0, kind="masking"):
    """Train `model` to map corrupt(X, fraction, seed=seed, kind=kind) back to X.

    Parameters
    ----------
    model : keras.Model
        Compiled, input and output shape (None, d).
    X : ndarray of shape (N, d)
        Clean images, values in [0, 1].
    fraction : float
    num_epochs, batch_size, seed : int
    kind : str
        The corruption, as in `corrupt`.

    Returns
    -------
    keras.callbacks.History
    """
    ### BEGIN SOLUTION
    X_noisy = corrupt(X, fraction, seed=seed, kind=kind)
    return model.fit(X_noisy, X, epochs=num_epochs, batch_size=batch_size, verbose=0)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: one short epoch on 1,000 MNIST images; the loss should be finite and, over more epochs, fall.
(x_train, _), (x_test, _) = course.load_mnist()
X_clean = x_train.reshape(-1, 784).astype("float32") / 255
X_test_clean = x_test[:500].reshape(-1, 784).astype("float32") / 255
print(course.dataset_info("mnist"))
history = train_denoising_autoencoder(build_denoising_autoencoder(), X_clean[:1000], 0.3, num_epochs=1)
print("loss per epoch:", history.history["loss"])

# %% nbgrader={"grade": true, "grade_id": "dae_training_pairs", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that fit receives corrupt(X, fraction, seed=seed, kind=kind) as inputs, X as targets, epochs and batch size"""
class RecordingModel:
    """Stands in for a Keras model: records the arguments of fit."""

    def fit(self, x=None, y=None, batch_size=None, epochs=1, **kwargs):
        self.x, self.y, self.batch_size, self.epochs = np.asarray(x), np.asarray(y), batch_size, epochs
        return "the history"

def check_training_pairs(X, fraction, num_epochs, batch_size, seed, kind):
    global corrupt
    calls, your_corrupt = [], corrupt

    def recording_corrupt(X, fraction, seed=0, kind="masking", noise_std=0.5):
        calls.append((np.array(X), fraction, seed, kind))
        return 1.0 - np.asarray(X)  # not a real corruption: easy to recognise in what fit receives

    recorder, corrupt = RecordingModel(), recording_corrupt
    try:
        result = train_denoising_autoencoder(recorder, X, fraction, num_epochs=num_epochs, batch_size=batch_size,
                                             seed=seed, kind=kind)
    finally:
        corrupt = your_corrupt
    assert len(calls) == 1, f"train_denoising_autoencoder called corrupt {len(calls)} times, expected once."
    checks.assert_allclose(calls[0][0], X, "the images given to corrupt", hint="Corrupt the clean images X.")
    assert calls[0][1:] == (fraction, seed, kind), (f"corrupt received fraction, seed, kind = {calls[0][1:]}, "
                                                    f"expected {(fraction, seed, kind)}: pass yours on to corrupt.")
    assert hasattr(recorder, "x"), "train_denoising_autoencoder never called model.fit."
    checks.assert_allclose(recorder.x, 1.0 - X, "the inputs given to fit",
                           hint="Inputs are what corrupt returned: the corrupted images.")
    checks.assert_allclose(recorder.y, X, "the targets given to fit", hint="Targets are the clean images X.")
    checks.assert_equal(recorder.epochs, num_epochs, "epochs given to fit")
    checks.assert_equal(recorder.batch_size, batch_size, "batch_size given to fit")
    checks.assert_equal(result, "the history", "the value returned", hint="Return what model.fit returns.")

X_small = np.random.default_rng(0).uniform(0.1, 1.0, size=(10, 784))
check_training_pairs(X_small, 0.3, num_epochs=3, batch_size=16, seed=5, kind="masking")
### BEGIN HIDDEN TESTS
check_training_pairs(np.random.default_rng(4).uniform(0.1, 1.0, size=(7, 50)), 0.5, num_epochs=2, batch_size=4, seed=21,
                     kind="gaussian")
check_training_pairs(np.random.default_rng(5).uniform(0.1, 1.0, size=(3, 9)), 0.2, num_epochs=1, batch_size=3, seed=0,
                     kind="salt_and_pepper")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "dae_reconstruction", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that the trained denoising autoencoder brings corrupted test digits within MSE 0.033 of the clean ones"""
def lecture_masking(X, fraction, seed=0, kind="masking", noise_std=0.5):
    """Lecture 16's masking noise, in place of your corrupt during this check."""
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random(np.shape(X)), axis=1)
    X_masked = np.array(X, copy=True)
    np.put_along_axis(X_masked, order[:, :round(fraction * np.shape(X)[1])], 0.0, axis=1)
    return X_masked

your_corrupt, corrupt = corrupt, lecture_masking
try:
    keras.utils.set_random_seed(0)
    dae = build_denoising_autoencoder()
    num_train, num_epochs = course.pick(full=8000, fast=3000), course.pick(full=5, fast=4)
    train_denoising_autoencoder(dae, X_clean[:num_train], 0.3, num_epochs=num_epochs, batch_size=32, seed=0)
finally:
    corrupt = your_corrupt
X_test_noisy = lecture_masking(X_test_clean, 0.3, seed=123)
test_mse = float(np.mean((dae.predict(X_test_noisy, verbose=0) - X_test_clean) ** 2))
print(f"MSE to the clean test images: corrupted input {np.mean((X_test_noisy - X_test_clean) ** 2):.4f}, "
      f"output {test_mse:.4f} ({num_train} training images, {num_epochs} epochs)")
assert test_mse < 0.033, (f"The output is {test_mse:.4f} from the clean images (MSE), above 0.033: train on the "
                          "corrupted images as inputs and the clean ones as targets, with the Part B model.")
### BEGIN HIDDEN TESTS
X_other_noisy = lecture_masking(X_test_clean, 0.3, seed=7)
other_mse = float(np.mean((dae.predict(X_other_noisy, verbose=0) - X_test_clean) ** 2))
assert other_mse < 0.033, f"With another corruption of the test images (seed 7) the MSE is {other_mse:.4f} > 0.033."
input_mse = float(np.mean((X_other_noisy - X_test_clean) ** 2))
assert other_mse < 0.9 * input_mse, f"The output ({other_mse:.4f}) is not closer to the clean images than the input."
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: the GAN losses from logits, stably (6 points)
#
# The discriminator $D$ outputs a **logit** $s$ per image; $D(x) = \sigma(s)$ is its probability that $x$ is real.
# With $s_{\text{real}}$ the logits on real images and $s_{\text{fake}}$ those on generated images $G(z)$:
#
# $$L_D = -\operatorname{mean}\ln \sigma(s_{\text{real}}) - \operatorname{mean}\ln\big(1 - \sigma(s_{\text{fake}})\big),$$
#
# $$L_G^{\text{minimax}} = \operatorname{mean}\ln\big(1 - \sigma(s_{\text{fake}})\big), \qquad
# L_G^{\text{non-saturating}} = -\operatorname{mean}\ln \sigma(s_{\text{fake}}).$$
#
# $L_D$ is the binary cross-entropy with target 1 for real and 0 for fake images (two means, added). The generator
# of the minimax game minimises $L_G^{\text{minimax}}$; lecture 18 shows why its gradient vanishes when $D$ rejects
# the fakes, and trains with the non-saturating loss through `keras.losses.BinaryCrossentropy(from_logits=True)`.
# Here you write both generator losses and $L_D$ **yourself, from the logits**:
#
# * Derive stable forms first: with the softplus $\zeta(a) = \ln(1 + e^{a})$, show that $-\ln\sigma(s) = \zeta(-s)$ and
#   $-\ln(1 - \sigma(s)) = \zeta(s)$. `keras.ops.softplus` (or `keras.ops.log_sigmoid`) computes them without
#   overflow; `keras.ops.log(keras.ops.sigmoid(s))` gives $-\infty$ once $\sigma(s)$ rounds to 0 or 1.
# * Use elementwise `keras.ops` (or `tf.math`) functions and means only: no ready-made cross-entropy
#   (`keras.losses`, `keras.ops.binary_crossentropy`, `tf.nn.sigmoid_cross_entropy_with_logits`). The checks fail if
#   a function whose name contains "crossentropy" or "cross_entropy" runs during your call.
# * Keep it differentiable: Part E takes gradients of these losses with `tf.GradientTape`, so no NumPy inside.
# * In: logits as tensors of shape `(N, 1)`. Out: a scalar tensor. `generator_loss(fake_logits, minimax=False)`
#   returns $L_G^{\text{non-saturating}}$, and $L_G^{\text{minimax}}$ with `minimax=True`.
#
# The checks compare with values worked by hand (at $s = 0$, $\sigma(s) = 1/2$ and each mean is $\ln 2$), with logits
# of $\pm 100$ and $\pm 1000$ both where $D$ is right and where it is wrong, and compare the gradients with respect to
# the logits with their formulas: $\partial L_G^{\text{minimax}} / \partial s_i = -\sigma(s_i)/N$ and
# $\partial L_G^{\text{non-saturating}} / \partial s_i = -(1 - \sigma(s_i))/N$. The gradients are checked away from
# $s = 0$ exactly, so the textbook stable form $\max(s, 0) + \ln(1 + e^{-|s|})$, whose autodiff gradient at the kink
# $s = 0$ is a matter of convention, is as good as `softplus`.

# %% nbgrader={"grade": false, "grade_id": "losses", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D from its logits: target 1 on real, 0 on fake, the two means added.

    Parameters
    ----------
    real_logits, fake_logits : tensor of shape (N, 1)

    Returns
    -------
    scalar tensor
    """
    ### BEGIN SOLUTION
    real_logits, fake_logits = keras.ops.convert_to_tensor(real_logits), keras.ops.convert_to_tensor(fake_logits)
    return keras.ops.mean(keras.ops.softplus(-real_logits)) + keras.ops.mean(keras.ops.softplus(fake_logits))
    ### END SOLUTION


def generator_loss(fake_logits, minimax=False):
    """The generator's loss from D's logits on its fakes.

    Parameters
    ----------
    fake_logits : tensor of shape (N, 1)
    minimax : bool
        False: the non-saturating loss -mean ln sigma(s); True: the minimax loss mean ln(1 - sigma(s)).

    Returns
    -------
    scalar tensor
    """
    ### BEGIN SOLUTION
    fake_logits = keras.ops.convert_to_tensor(fake_logits)
    if minimax:
        return -keras.ops.mean(keras.ops.softplus(fake_logits))
    return keras.ops.mean(keras.ops.softplus(-fake_logits))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "losses_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: at logits 0 expect L_D = 2 ln 2 = 1.3863, L_G = ln 2 = 0.6931 and the minimax L_G = -ln 2.
zeros = tf.zeros((4, 1))
print(float(discriminator_loss(zeros, zeros)), float(generator_loss(zeros)), float(generator_loss(zeros, minimax=True)))
logits = tf.constant([[-100.0], [-10.0], [0.0], [10.0], [100.0]])
for minimax in (False, True):
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = generator_loss(logits, minimax=minimax)
    print("minimax" if minimax else "non-saturating", float(loss), tape.gradient(loss, logits).numpy().ravel())


# %% nbgrader={"grade": false, "grade_id": "losses_checks", "locked": true, "schema_version": 3, "solution": false, "task": false}
def without_ready_made_cross_entropy(function):
    """function, checked: a call fails if a ready-made cross-entropy (keras.losses, ...) ran during it."""
    return checks.from_scratch(
        function, forbidden=("keras.src.losses", "*crossentropy*", "*cross_entropy*"), advice="write the loss from "
        "the logits yourself, with keras.ops.softplus or keras.ops.log_sigmoid, not with a ready-made cross-entropy")


def no_ready_made_cross_entropy(function, *args, **kwargs):
    """Call function(*args, **kwargs); fail if a ready-made cross-entropy (keras.losses, ...) ran during the call."""
    return without_ready_made_cross_entropy(function)(*args, **kwargs)


def loss_and_gradient(loss_function, logits, **kwargs):
    """The loss (a float) and its gradient with respect to the logits (an array), through tf.GradientTape."""
    loss, (gradient,) = checks.value_and_gradients(without_ready_made_cross_entropy(loss_function), logits, **kwargs)
    checks.assert_returns(loss, loss_function.__name__)
    assert gradient is not None, (f"{loss_function.__name__} is not differentiable with respect to the logits: "
                                  "compute it with keras.ops (or tf) functions, not NumPy.")
    return float(loss), np.asarray(gradient)


sigmoid = lambda s: 1 / (1 + np.exp(-np.asarray(s, dtype=float)))

# %% nbgrader={"grade": true, "grade_id": "discriminator_loss_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the discriminator loss at logits 0, on worked logits, and its stability for logits of +-100, D right and wrong"""
zeros = tf.zeros((4, 1))
checks.assert_allclose(float(no_ready_made_cross_entropy(discriminator_loss, zeros, zeros)), 2 * np.log(2),
                       "discriminator_loss at logits 0", rtol=1e-5,
                       hint="Each of the two cross-entropies is ln 2 when sigma(s) = 1/2: add them.")
real, fake = tf.constant([[2.0], [-1.0]]), tf.constant([[0.5], [-3.0]])
# -ln sigma(s) = ln(1 + e^{-s}) on real logits; -ln(1 - sigma(s)) = ln(1 + e^{s}) on fake logits
by_hand = (np.mean([np.log1p(np.exp(-2.0)), np.log1p(np.exp(1.0))])
           + np.mean([np.log1p(np.exp(0.5)), np.log1p(np.exp(-3.0))]))
checks.assert_allclose(float(no_ready_made_cross_entropy(discriminator_loss, real, fake)), by_hand,
                       "discriminator_loss on real [2, -1], fake [0.5, -3]", rtol=1e-5,
                       hint="Target 1 for the real logits (-ln sigma), target 0 for the fake ones (-ln(1 - sigma)).")
confident = float(discriminator_loss(tf.constant([[100.0]]), tf.constant([[-100.0]])))
checks.assert_allclose(confident, 0.0, "discriminator_loss when D is right with logits +-100", atol=1e-5,
                       hint="Use the softplus forms: log(sigmoid(...)) overflows.")
fooled = float(discriminator_loss(tf.constant([[-100.0]]), tf.constant([[100.0]])))
checks.assert_allclose(fooled, 200.0, "discriminator_loss when D is wrong with logits -+100", rtol=1e-4,
                       hint="-ln(1 - sigma(100)) = softplus(100) = 100; log(1 - sigmoid(100)) is log(0) = -inf.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(6)
real, fake = rng.normal(size=(9, 1)).astype("float32"), rng.normal(size=(5, 1)).astype("float32")
expected = np.mean(np.logaddexp(0, -real)) + np.mean(np.logaddexp(0, fake))
checks.assert_allclose(float(no_ready_made_cross_entropy(discriminator_loss, tf.constant(real), tf.constant(fake))),
                       expected, "discriminator_loss on 9 real and 5 fake logits", rtol=1e-5)
wrong = float(discriminator_loss(tf.constant([[-1000.0], [3.0]]), tf.constant([[1000.0], [-2.0], [0.0]])))
expected = np.mean([1000.0, np.log1p(np.exp(-3.0))]) + np.mean([1000.0, np.log1p(np.exp(-2.0)), np.log(2)])
checks.assert_allclose(wrong, expected, "discriminator_loss with logits of -+1000 among others", rtol=1e-4)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "generator_loss_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the non-saturating generator loss at logits 0, -5, +-100, its gradient at -5, 0.5, +-100: both stay finite"""
checks.assert_allclose(float(no_ready_made_cross_entropy(generator_loss, tf.zeros((3, 1)))), np.log(2),
                       "generator_loss at logits 0", rtol=1e-5)
checks.assert_allclose(float(generator_loss(tf.constant([[-5.0]]))), np.log1p(np.exp(5.0)),
                       "generator_loss at logit -5", rtol=1e-5,
                       hint="Non-saturating: -ln sigma(s) = ln(1 + e^{5}) = 5.0067, not ln(1 - sigma(s)).")
logits = [[-100.0], [-5.0], [0.5], [100.0]]
loss, gradient = loss_and_gradient(generator_loss, logits)
checks.assert_allclose(loss, np.mean([100.0, np.log1p(np.exp(5.0)), np.log1p(np.exp(-0.5)), 0.0]),
                       "generator_loss on logits [-100, -5, 0.5, 100]", rtol=1e-5,
                       hint="-ln sigma(-100) = softplus(100) = 100: use softplus, log(sigmoid(-100)) is not stable.")
checks.assert_allclose(gradient, -(1 - sigmoid(logits)) / 4, "d generator_loss / d logits at [-100, -5, 0.5, 100]",
                       atol=1e-6, hint="The non-saturating gradient is -(1 - sigma(s)) / N: largest for rejected fakes.")
### BEGIN HIDDEN TESTS
fake = np.random.default_rng(12).normal(size=(7, 1)).astype("float32")
loss, gradient = loss_and_gradient(generator_loss, fake)
checks.assert_allclose(loss, np.mean(np.logaddexp(0, -fake)), "generator_loss on 7 fake logits", rtol=1e-5)
checks.assert_allclose(gradient, -(1 - sigmoid(fake)) / 7, "gradient on 7 fake logits", atol=1e-6)
loss, gradient = loss_and_gradient(generator_loss, [[-1000.0], [1000.0]])
checks.assert_allclose(loss, 500.0, "generator_loss at logits -1000 and 1000", rtol=1e-4)
checks.assert_allclose(gradient, [[-0.5], [0.0]], "gradient at logits -1000 and 1000", atol=1e-6)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "generator_loss_minimax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the minimax generator loss mean ln(1 - sigma(s)): values, stability at +-100, its vanishing gradient"""
checks.assert_allclose(float(no_ready_made_cross_entropy(generator_loss, tf.zeros((3, 1)), minimax=True)), -np.log(2),
                       "generator_loss(minimax=True) at logits 0", rtol=1e-5,
                       hint="The minimax loss is mean ln(1 - sigma(s)) = -mean softplus(s): negative.")
logits = [[-100.0], [-5.0], [0.5], [100.0]]
loss, gradient = loss_and_gradient(generator_loss, logits, minimax=True)
checks.assert_allclose(loss, -np.mean([0.0, np.log1p(np.exp(-5.0)), np.log1p(np.exp(0.5)), 100.0]),
                       "generator_loss(minimax=True) on logits [-100, -5, 0.5, 100]", rtol=1e-5,
                       hint="ln(1 - sigma(100)) = -softplus(100) = -100; log(1 - sigmoid(100)) is log(0) = -inf.")
checks.assert_allclose(gradient, -sigmoid(logits) / 4, "d generator_loss(minimax=True) / d logits", atol=1e-6,
                       hint="The minimax gradient is -sigma(s) / N: it vanishes for rejected fakes (s = -100).")
### BEGIN HIDDEN TESTS
fake = np.random.default_rng(13).normal(size=(6, 1)).astype("float32") * 3
loss, gradient = loss_and_gradient(generator_loss, fake, minimax=True)
checks.assert_allclose(loss, -np.mean(np.logaddexp(0, fake)), "generator_loss(minimax=True) on 6 fake logits", rtol=1e-5)
checks.assert_allclose(gradient, -sigmoid(fake) / 6, "minimax gradient on 6 fake logits", atol=1e-6)
loss, gradient = loss_and_gradient(generator_loss, [[1000.0], [-1000.0]], minimax=True)
checks.assert_allclose(loss, -500.0, "generator_loss(minimax=True) at logits 1000 and -1000", rtol=1e-4)
checks.assert_allclose(gradient, [[-0.5], [0.0]], "minimax gradient at logits 1000 and -1000", atol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: one GAN training step (6 points)
#
# Lecture 18's step computes both losses from one forward pass and applies both updates at once. Here the two
# players move **one after the other**, as in Algorithm 1 of Goodfellow et al. (2014) with one discriminator step:
# the generator is trained against the discriminator that has just been updated.
#
# Write `train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise)`, in two halves:
#
# 1. **Discriminator half.** Under a `tf.GradientTape`, generate `fake_images = generator(noise, training=True)`,
#    compute `d_loss` with your `discriminator_loss` on the discriminator's logits for `real_images` and for
#    `fake_images` (`discriminator(..., training=True)`: call both networks in training mode throughout, which
#    matters once they hold `Dropout` or `BatchNormalization`), take its gradient with respect to `discriminator.trainable_variables` **only**, and apply it
#    with `d_optimizer`.
# 2. **Generator half.** Under a new tape, generate from the same `noise` again, compute `g_loss` with your
#    (non-saturating) `generator_loss` on the (now updated) discriminator's logits for the fakes, take its gradient with respect to
#    `generator.trainable_variables` **only**, and apply it with `g_optimizer`.
#
# Return `(d_loss, g_loss)`. Each optimizer must change only its own network: if the discriminator's optimizer
# also moved the generator, the discriminator would be teaching the generator to be caught.
#
# The checks build a tiny generator and discriminator (below), run one step with learning rate 0 to compare the
# returned losses with your loss functions, then with one optimizer's learning rate set to 0 at a time to check
# that the other network's weights do not move and that the moving one took exactly one SGD step on its own loss
# (not on the sum of the two losses); the graded version also records which variables each optimizer receives,
# and runs a step on networks with `BatchNormalization`, whose losses and statistics depend on the training flag.

# %% nbgrader={"grade": false, "grade_id": "gan_setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
def make_tiny_gan(seed, noise_size=4, image_size=6):
    """A small dense generator (noise -> image in [0, 1]) and discriminator (image -> one logit)."""
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([keras.Input(shape=(noise_size,)), layers.Dense(8, activation="relu"),
                                  layers.Dense(image_size, activation="sigmoid")])
    discriminator = keras.Sequential([keras.Input(shape=(image_size,)), layers.Dense(8, activation="relu"),
                                      layers.Dense(1)])
    return generator, discriminator

def weights_of(model):
    return [np.array(w) for w in model.get_weights()]

def moved(before, model):
    return any(not np.array_equal(b, a) for b, a in zip(before, weights_of(model)))

# %% nbgrader={"grade": false, "grade_id": "train_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step: update the discriminator on real and fake images, then the generator.

    Parameters
    ----------
    generator : keras.Model, noise (N, k) -> images (N, d)
    discriminator : keras.Model, images (N, d) -> logits (N, 1)
    g_optimizer, d_optimizer : keras.optimizers.Optimizer
    real_images : tensor of shape (M, d)
    noise : tensor of shape (N, k)

    Returns
    -------
    d_loss, g_loss : scalar tensors
        d_loss before the discriminator's update; g_loss with the updated discriminator.
    """
    ### BEGIN SOLUTION
    with tf.GradientTape() as tape:
        fake_images = generator(noise, training=True)
        real_logits = discriminator(real_images, training=True)
        d_loss = discriminator_loss(real_logits, discriminator(fake_images, training=True))
    d_gradients = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    g_gradients = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_gradients, generator.trainable_variables))
    return d_loss, g_loss
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_step_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 20 steps on 6-pixel "images" whose pixels are all 0.9; the generator's mean pixel should move towards 0.9.
generator, discriminator = make_tiny_gan(seed=0)
g_optimizer, d_optimizer = keras.optimizers.Adam(0.01), keras.optimizers.Adam(0.01)
real = tf.fill((16, 6), 0.9)
noise = tf.random.normal((16, 4), seed=1)
print("mean generated pixel before:", float(tf.reduce_mean(generator(noise))))
for step in range(20):
    d_loss, g_loss = train_step(generator, discriminator, g_optimizer, d_optimizer, real, noise)
print(f"after 20 steps: {float(tf.reduce_mean(generator(noise))):.3f}; "
      f"d_loss {float(d_loss):.3f}, g_loss {float(g_loss):.3f}")

# %% nbgrader={"grade": true, "grade_id": "train_step_losses", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that train_step returns (d_loss, g_loss) equal to the loss functions on the networks, with learning rate 0"""
generator, discriminator = make_tiny_gan(seed=3)
real = tf.constant(np.random.default_rng(3).uniform(size=(10, 6)), dtype="float32")
noise = tf.constant(np.random.default_rng(4).normal(size=(10, 4)), dtype="float32")
fake_logits = discriminator(generator(noise))
expected_d = float(discriminator_loss(discriminator(real), fake_logits))
expected_g = float(generator_loss(fake_logits))
result = train_step(generator, discriminator, keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0), real, noise)
checks.assert_returns(result, "train_step", tuple)
assert len(result) == 2, f"train_step should return (d_loss, g_loss), got {len(result)} values."
checks.assert_allclose(float(result[0]), expected_d, "d_loss returned by train_step", rtol=1e-5,
                       hint="d_loss = discriminator_loss(D(real), D(G(noise))).")
checks.assert_allclose(float(result[1]), expected_g, "g_loss returned by train_step", rtol=1e-5,
                       hint="g_loss = generator_loss(D(G(noise))), the non-saturating loss.")
### BEGIN HIDDEN TESTS
generator, discriminator = make_tiny_gan(seed=8, noise_size=3, image_size=5)
real = tf.constant(np.random.default_rng(8).uniform(size=(7, 5)), dtype="float32")
noise = tf.constant(np.random.default_rng(9).normal(size=(9, 3)), dtype="float32")
expected_d = float(discriminator_loss(discriminator(real), discriminator(generator(noise))))
d_loss, g_loss = train_step(generator, discriminator, keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.5), real, noise)
checks.assert_allclose(float(d_loss), expected_d, "d_loss with 7 real and 9 fake images", rtol=1e-5,
                       hint="Compute d_loss before the discriminator's update.")
checks.assert_allclose(float(g_loss), float(generator_loss(discriminator(generator(noise)))),
                       "g_loss (computed with the updated discriminator)", rtol=1e-5,
                       hint="Do the generator half after applying the discriminator's update.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "train_step_separate_updates", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check that each optimizer moves only its own network, by one SGD step on its own loss only, in each half"""
def after_one_sgd_step(model, logits_of, loss_function, learning_rate):
    """The weights of model after one SGD step on loss_function(*logits_of()) with respect to model's variables only.

    The loss's gradient with respect to the logits is your loss function's (checks.value_and_gradients); the rest is
    backpropagated through the test's networks.
    """
    with tf.GradientTape() as tape:
        logits = logits_of()
    _, logit_gradients = checks.value_and_gradients(loss_function, *logits)
    gradients = tape.gradient(list(logits), model.trainable_variables,
                              output_gradients=[tf.constant(g, dtype="float32") for g in logit_gradients])
    return [keras.ops.convert_to_numpy(w) - learning_rate * keras.ops.convert_to_numpy(g)
            for w, g in zip(model.trainable_variables, gradients)]

generator, discriminator = make_tiny_gan(seed=5)
real = tf.constant(np.random.default_rng(5).uniform(size=(12, 6)), dtype="float32")
noise = tf.constant(np.random.default_rng(6).normal(size=(12, 4)), dtype="float32")
g_before, d_before = weights_of(generator), weights_of(discriminator)
d_expected = after_one_sgd_step(discriminator, lambda: (
    discriminator(real, training=True), discriminator(generator(noise, training=True), training=True)),
    discriminator_loss, 0.5)
train_step(generator, discriminator, keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.5), real, noise)
assert not moved(g_before, generator), (
    "The generator's weights moved although only the discriminator's optimizer had a learning rate: "
    "apply d_optimizer to discriminator.trainable_variables only.")
assert moved(d_before, discriminator), "The discriminator did not change: apply its gradients with d_optimizer."
for name, got, expected in zip(["kernel 1", "bias 1", "kernel 2", "bias 2"], weights_of(discriminator), d_expected):
    checks.assert_allclose(got, expected, f"the discriminator's {name} after one step (SGD, learning rate 0.5)",
                           atol=1e-5, hint="Differentiate d_loss alone with respect to discriminator.trainable_variables.")
generator, discriminator = make_tiny_gan(seed=5)
g_before, d_before = weights_of(generator), weights_of(discriminator)
g_expected = after_one_sgd_step(generator, lambda: (
    discriminator(generator(noise, training=True), training=True),), generator_loss, 0.5)
train_step(generator, discriminator, keras.optimizers.SGD(0.5), keras.optimizers.SGD(0.0), real, noise)
assert not moved(d_before, discriminator), (
    "The discriminator's weights moved although only the generator's optimizer had a learning rate: "
    "apply g_optimizer to generator.trainable_variables only.")
for name, got, expected in zip(["kernel 1", "bias 1", "kernel 2", "bias 2"], weights_of(generator), g_expected):
    checks.assert_allclose(got, expected, f"the generator's {name} after one step (SGD, learning rate 0.5)",
                           atol=1e-5, hint="Differentiate g_loss alone with respect to generator.trainable_variables.")
assert moved(g_before, generator), "The generator did not change: apply its gradients with g_optimizer."
### BEGIN HIDDEN TESTS
# Both halves in one step, each optimizer with a learning rate: the discriminator moves once, on d_loss, and the
# generator once, on g_loss (against the updated discriminator, which train_step_losses checks, or the old one).
generator, discriminator = make_tiny_gan(seed=13, noise_size=3, image_size=5)
real = tf.constant(np.random.default_rng(13).uniform(size=(8, 5)), dtype="float32")
noise = tf.constant(np.random.default_rng(14).normal(size=(8, 3)), dtype="float32")
d_expected = after_one_sgd_step(discriminator, lambda: (
    discriminator(real, training=True), discriminator(generator(noise, training=True), training=True)),
    discriminator_loss, 0.3)
updated = keras.models.clone_model(discriminator)
updated.set_weights(d_expected)
g_expected = [after_one_sgd_step(generator, lambda: (critic(generator(noise, training=True), training=True),),
                                 generator_loss, 0.3) for critic in (updated, discriminator)]
train_step(generator, discriminator, keras.optimizers.SGD(0.3), keras.optimizers.SGD(0.3), real, noise)
for name, got, expected in zip(["kernel 1", "bias 1", "kernel 2", "bias 2"], weights_of(discriminator), d_expected):
    checks.assert_allclose(got, expected, f"the discriminator's {name} after a whole step (both learning rates 0.3)",
                           atol=1e-5, hint="d_optimizer applies d_loss's gradient to the discriminator, once per step.")
assert any(all(np.allclose(got, want, atol=1e-5) for got, want in zip(weights_of(generator), expected))
           for expected in g_expected), ("The generator's weights after a whole step (both learning rates 0.3) are "
                                         "not one SGD step on g_loss: g_optimizer applies g_loss's gradient to the "
                                         "generator only, once per step.")
# The training flag: BatchNormalization's moving statistics change only when a network is called with training=True.
keras.utils.set_random_seed(15)
generator = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"),
                              layers.BatchNormalization(momentum=0.5), layers.Dense(6, activation="sigmoid")])
discriminator = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8, activation="relu"),
                                  layers.BatchNormalization(momentum=0.5), layers.Dense(1)])
real = tf.constant(np.random.default_rng(15).uniform(size=(8, 6)), dtype="float32")
noise = tf.constant(np.random.default_rng(16).normal(size=(8, 4)), dtype="float32")
statistics = lambda model: [np.array(w) for w in model.layers[1].non_trainable_weights]
g_start, d_start = statistics(generator), statistics(discriminator)
d_loss, g_loss = train_step(generator, discriminator, keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0), real,
                            noise)
for name, model, start in [("generator", generator, g_start), ("discriminator", discriminator, d_start)]:
    assert any(not np.allclose(a, b) for a, b in zip(start, statistics(model))), (
        f"train_step called the {name} without training=True: call both networks with training=True, as the part "
        "says. With Dropout or BatchNormalization in them, training=False (or no argument, outside fit) trains "
        "another network than the one being scored.")
# Every call in training mode: in that mode BatchNormalization normalizes with the batch's own statistics, so each
# returned loss is the training-mode one (learning rates 0: the weights did not move). The real and fake images may
# go through the discriminator as two batches or as one.
fake = generator(noise, training=True)
joint = discriminator(tf.concat([real, fake], axis=0), training=True)
d_expected = [float(discriminator_loss(discriminator(real, training=True), discriminator(fake, training=True))),
              float(discriminator_loss(joint[:8], joint[8:]))]
assert any(np.isclose(float(d_loss), want, rtol=1e-5) for want in d_expected), (
    f"With BatchNormalization in both networks, d_loss is {float(d_loss):.6g}, not the loss of the networks called "
    f"in training mode ({d_expected[0]:.6g}): call the generator and the discriminator with training=True in the "
    "discriminator half, each time.")
checks.assert_allclose(float(g_loss), float(generator_loss(discriminator(fake, training=True))),
                       "g_loss with BatchNormalization in both networks", rtol=1e-5,
                       hint="Call the generator and the discriminator with training=True in the generator half too.")
### END HIDDEN TESTS
