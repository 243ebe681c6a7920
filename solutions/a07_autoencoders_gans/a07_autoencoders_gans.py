# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 07: denoising autoencoders and one GAN training step
#
# You will write the corruption of a denoising autoencoder (Vincent et al., 2008), build and train one on MNIST,
# then write the two losses of a generative adversarial network (Goodfellow et al., 2014) and one training step in
# which the discriminator and the generator each update only their own weights.
#
# **Prerequisites:** lectures 16 (autoencoders) and 18 (GANs). **Points:** 25, in five parts.
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
# ## Part A: the corruption (6 points)
#
# A denoising autoencoder sees a corrupted image $\tilde x$ and must output the clean one $x$. The corruption of
# Vincent et al. sets a **fixed fraction** $\nu$ of the pixels of each image, chosen at random, to 0.
#
# Write `corrupt(X, fraction, seed)`:
# * In: `X` of shape `(N, d)` (one image per row), `fraction` $\nu \in [0, 1]$, an integer `seed`.
# * Out: a **new** array of the same shape and dtype in which exactly `round(fraction * d)` pixels of **each row**
#   are set to 0 (Python's `round`), each row with its own random choice of pixels; all other pixels are unchanged.
# * The same seed gives the same result; make a generator with `np.random.default_rng(seed)`. Do not modify `X`.
# * Raise a `ValueError` if `X` is not 2-D or if `fraction` is outside $[0, 1]$.
#
# Hint: one way to draw $k$ distinct positions per row without a loop is to sort random numbers, e.g.
# `np.argsort(rng.random(X.shape), axis=1)[:, :k]`, then `np.put_along_axis`.
#
# The checks count the zeros in every row of an image set without zeros, compare the other pixels with the input,
# try fractions 0 and 1, call the function twice with the same seed and with two seeds, and check that `X` is
# unchanged.

# %% nbgrader={"grade": false, "grade_id": "corrupt", "locked": false, "schema_version": 3, "solution": true, "task": false}
def corrupt(X, fraction, seed=0):
    """Set a fixed fraction of the pixels of each image to 0, at random positions.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    fraction : float in [0, 1]
    seed : int

    Returns
    -------
    ndarray of shape (N, d), same dtype as X
        A copy of X with round(fraction * d) pixels of every row set to 0.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), one image per row; got shape {X.shape}: reshape it first.")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}.")
    rng = np.random.default_rng(seed)
    num_zeroed = round(fraction * X.shape[1])
    zeroed = np.argsort(rng.random(X.shape), axis=1)[:, :num_zeroed]
    X_noisy = X.copy()
    np.put_along_axis(X_noisy, zeroed, 0, axis=1)
    return X_noisy
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "corrupt_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 3 images of 10 pixels, 30 % corrupted: expect three 0s in every row.
print(corrupt(np.arange(1.0, 31.0).reshape(3, 10), 0.3, seed=0))

# %% nbgrader={"grade": true, "grade_id": "corrupt_counts", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the exact number of zeros per row, that other pixels are unchanged, fractions 0 and 1, and bad input"""
X = np.random.default_rng(0).uniform(0.1, 1.0, size=(6, 20)).astype("float32")  # no zeros to start with
X_noisy = corrupt(X, 0.3, seed=1)
checks.assert_array(X_noisy, "corrupt(X, 0.3, seed=1)", shape=(6, 20))
checks.assert_equal((X_noisy == 0).sum(axis=1), [6] * 6, "zeros per row for 30 % of 20 pixels",
                    hint="Zero exactly round(fraction * d) pixels in every row, not a random number of them.")
kept = X_noisy != 0
checks.assert_allclose(X_noisy[kept], X[kept], "the pixels that were not set to 0",
                       hint="Leave the other pixels as they are.")
assert X_noisy.dtype == X.dtype, f"corrupt should keep the dtype {X.dtype}, got {X_noisy.dtype}."
checks.assert_allclose(corrupt(X, 0.0, seed=1), X, "corrupt(X, 0.0)", hint="A fraction of 0 changes nothing.")
checks.assert_allclose(corrupt(X, 1.0, seed=1), np.zeros_like(X), "corrupt(X, 1.0)",
                       hint="A fraction of 1 zeros everything.")
for bad_fraction in (-0.1, 1.5):
    try:
        corrupt(X, bad_fraction, seed=1)
    except ValueError:
        pass
    else:
        raise AssertionError(f"corrupt(X, {bad_fraction}) should raise ValueError: a fraction must lie in [0, 1].")
### BEGIN HIDDEN TESTS
X = np.random.default_rng(5).uniform(0.2, 1.0, size=(40, 784))
for fraction in (0.33, 0.7, 0.05):
    counts = (corrupt(X, fraction, seed=9) == 0).sum(axis=1)
    checks.assert_equal(counts, [round(fraction * 784)] * 40, f"zeros per row for {fraction} of 784 pixels")
counts = (corrupt(X[:3, :50], 0.5, seed=2) == 0).sum(axis=1)
checks.assert_equal(counts, [25, 25, 25], "zeros per row for 50 % of 50 pixels")
try:
    corrupt(X[0], 0.3, seed=1)
except ValueError:
    pass
else:
    raise AssertionError("corrupt should raise ValueError for a 1-D X: it expects one image per row, shape (N, d).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "corrupt_seed_and_copy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that the same seed repeats the result, other seeds and other rows differ, and X is not modified"""
X = np.random.default_rng(1).uniform(0.1, 1.0, size=(8, 30))
X_before = X.copy()
first, again = corrupt(X, 0.4, seed=3), corrupt(X, 0.4, seed=3)
checks.assert_allclose(again, first, "corrupt(X, 0.4, seed=3) called twice",
                       hint="Draw from np.random.default_rng(seed), not from the global np.random.")
checks.assert_allclose(X, X_before, "the X you were given", hint="Work on X.copy(); do not zero pixels of X itself.")
other = corrupt(X, 0.4, seed=4)
assert not np.array_equal(first == 0, other == 0), "Seeds 3 and 4 zeroed the same pixels: use the seed argument."
masks = first == 0
assert len({row.tobytes() for row in masks}) > 1, "Every row has the same zeroed pixels: draw a new choice per row."
### BEGIN HIDDEN TESTS
X = np.random.default_rng(8).uniform(0.1, 1.0, size=(50, 100)).astype("float32")
X_before = X.copy()
checks.assert_allclose(corrupt(X, 0.25, seed=11), corrupt(X, 0.25, seed=11), "two calls with seed 11")
checks.assert_allclose(X, X_before, "the X you were given (fraction 0.25)")
masks = corrupt(X, 0.25, seed=11) == 0
assert len({row.tobytes() for row in masks}) == 50, "Each of the 50 rows should get its own random choice of pixels."
X_zero = corrupt(X, 0.0, seed=1)
assert not np.shares_memory(X_zero, X), "corrupt(X, 0.0) must return a new array, not X itself."
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
# ## Part C: training it to denoise (6 points)
#
# Write `train_denoising_autoencoder(model, X, fraction, num_epochs, batch_size, seed)`: corrupt the clean images
# `X` **once** with your `corrupt(X, fraction, seed)`, then call `model.fit` with the corrupted images as inputs
# and the clean images as targets, for `num_epochs` epochs with batch size `batch_size` and `verbose=0`. Return
# what `model.fit` returns (the `History`).
#
# Two checks:
# * the first hands your function a stand-in for a model that records what `fit` receives: inputs equal to
#   `corrupt(X, fraction, seed)`, targets equal to `X`, and your `num_epochs` and `batch_size`;
# * the second builds your Part B model (after `keras.utils.set_random_seed(0)`), trains it with 30 % corruption,
#   batch size 32 and seed 0 on the first 3,000 MNIST training images for 4 epochs (fast mode, `COURSE_FAST=1`)
#   or the first 8,000 for 5 epochs (otherwise), then corrupts 500 test images (30 %, seed 123) and expects the
#   mean squared error between the model's output and the **clean** test images to be below **0.033**. (For
#   comparison: the corrupted images themselves are about 0.04 from the clean ones.)

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_denoising_autoencoder(model, X, fraction=0.3, num_epochs=5, batch_size=32, seed=0):
    """Train `model` to map corrupt(X, fraction, seed) back to X.

    Parameters
    ----------
    model : keras.Model
        Compiled, input and output shape (None, d).
    X : ndarray of shape (N, d)
        Clean images, values in [0, 1].
    fraction : float
    num_epochs, batch_size, seed : int

    Returns
    -------
    keras.callbacks.History
    """
    ### BEGIN SOLUTION
    X_noisy = corrupt(X, fraction, seed)
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

# %% nbgrader={"grade": true, "grade_id": "dae_training_pairs", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that fit receives corrupt(X, fraction, seed) as inputs, X as targets, and the given epochs and batch size"""
class RecordingModel:
    """Stands in for a Keras model: records the arguments of fit."""

    def fit(self, x=None, y=None, batch_size=None, epochs=1, **kwargs):
        self.x, self.y, self.batch_size, self.epochs = np.asarray(x), np.asarray(y), batch_size, epochs
        return "the history"

def check_training_pairs(X, fraction, num_epochs, batch_size, seed):
    recorder = RecordingModel()
    result = train_denoising_autoencoder(recorder, X, fraction, num_epochs=num_epochs, batch_size=batch_size, seed=seed)
    assert hasattr(recorder, "x"), "train_denoising_autoencoder never called model.fit."
    checks.assert_allclose(recorder.x, corrupt(X, fraction, seed), "the inputs given to fit",
                           hint="Inputs are corrupt(X, fraction, seed): the corrupted images, with the given seed.")
    checks.assert_allclose(recorder.y, X, "the targets given to fit", hint="Targets are the clean images X.")
    checks.assert_equal(recorder.epochs, num_epochs, "epochs given to fit")
    checks.assert_equal(recorder.batch_size, batch_size, "batch_size given to fit")
    checks.assert_equal(result, "the history", "the value returned", hint="Return what model.fit returns.")

X_small = np.random.default_rng(0).uniform(0.1, 1.0, size=(10, 784))
check_training_pairs(X_small, 0.3, num_epochs=3, batch_size=16, seed=0)
### BEGIN HIDDEN TESTS
check_training_pairs(np.random.default_rng(4).uniform(0.1, 1.0, size=(7, 50)), 0.5, num_epochs=2, batch_size=4, seed=21)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "dae_reconstruction", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that the trained denoising autoencoder brings corrupted test digits within MSE 0.033 of the clean ones"""
keras.utils.set_random_seed(0)
dae = build_denoising_autoencoder()
num_train, num_epochs = course.pick(full=8000, fast=3000), course.pick(full=5, fast=4)
train_denoising_autoencoder(dae, X_clean[:num_train], 0.3, num_epochs=num_epochs, batch_size=32, seed=0)
X_test_noisy = corrupt(X_test_clean, 0.3, seed=123)
test_mse = float(np.mean((dae.predict(X_test_noisy, verbose=0) - X_test_clean) ** 2))
print(f"MSE to the clean test images: corrupted input {np.mean((X_test_noisy - X_test_clean) ** 2):.4f}, "
      f"output {test_mse:.4f} ({num_train} training images, {num_epochs} epochs)")
assert test_mse < 0.033, (f"The output is {test_mse:.4f} from the clean images (MSE), above 0.033: train on the "
                          "corrupted images as inputs and the clean ones as targets, with the Part B model.")
### BEGIN HIDDEN TESTS
X_other_noisy = corrupt(X_test_clean, 0.3, seed=7)
other_mse = float(np.mean((dae.predict(X_other_noisy, verbose=0) - X_test_clean) ** 2))
assert other_mse < 0.033, f"With another corruption of the test images (seed 7) the MSE is {other_mse:.4f} > 0.033."
input_mse = float(np.mean((X_other_noisy - X_test_clean) ** 2))
assert other_mse < 0.9 * input_mse, f"The output ({other_mse:.4f}) is not closer to the clean images than the input."
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: the GAN losses (4 points)
#
# The discriminator $D$ outputs a **logit** $s$ per image; $D(x) = \sigma(s)$ is its probability that $x$ is real.
# With $s_{\text{real}}$ the logits on real images and $s_{\text{fake}}$ those on generated images $G(z)$:
#
# $$L_D = -\operatorname{mean}\ln \sigma(s_{\text{real}}) - \operatorname{mean}\ln\big(1 - \sigma(s_{\text{fake}})\big),
# \qquad L_G = -\operatorname{mean}\ln \sigma(s_{\text{fake}}).$$
#
# $L_D$ is the binary cross-entropy with target 1 for real and 0 for fake images (two means, added). $L_G$ is the
# **non-saturating** generator loss of Goodfellow et al. (2014): instead of minimising $\ln(1 - D(G(z)))$, whose
# gradient vanishes when the discriminator confidently rejects the fakes, the generator maximises $\ln D(G(z))$,
# i.e. it minimises the cross-entropy of its fakes with target 1.
#
# * In: logits as tensors or arrays of shape `(N, 1)`. Out: a scalar (a 0-d tensor or a float).
# * Compute from the logits, never through $\sigma$ and then $\ln$: `keras.losses.BinaryCrossentropy(from_logits=True)`
#   is stable for logits of $\pm 100$, `log(sigmoid(...))` is not.
#
# The checks compare with values worked by hand: at $s = 0$, $\sigma(s) = 1/2$ and each mean is $\ln 2$.

# %% nbgrader={"grade": false, "grade_id": "losses", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D: target 1 on real logits, 0 on fake logits, the two means added.

    Parameters
    ----------
    real_logits, fake_logits : tensor of shape (N, 1)

    Returns
    -------
    scalar tensor
    """
    ### BEGIN SOLUTION
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    return (cross_entropy(keras.ops.ones_like(real_logits), real_logits)
            + cross_entropy(keras.ops.zeros_like(fake_logits), fake_logits))
    ### END SOLUTION


def generator_loss(fake_logits):
    """Non-saturating generator loss: binary cross-entropy of the fake logits with target 1.

    Parameters
    ----------
    fake_logits : tensor of shape (N, 1)

    Returns
    -------
    scalar tensor
    """
    ### BEGIN SOLUTION
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    return cross_entropy(keras.ops.ones_like(fake_logits), fake_logits)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "losses_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: at logits 0 expect L_D = 2 ln 2 = 1.3863 and L_G = ln 2 = 0.6931.
zeros = tf.zeros((4, 1))
print(float(discriminator_loss(zeros, zeros)), float(generator_loss(zeros)))

# %% nbgrader={"grade": true, "grade_id": "discriminator_loss_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the discriminator loss at logits 0, on worked logits, and its stability for logits of +-100"""
zeros = tf.zeros((4, 1))
checks.assert_allclose(float(discriminator_loss(zeros, zeros)), 2 * np.log(2), "discriminator_loss at logits 0",
                       rtol=1e-5, hint="Each of the two cross-entropies is ln 2 when sigma(s) = 1/2: add them.")
real, fake = tf.constant([[2.0], [-1.0]]), tf.constant([[0.5], [-3.0]])
# -ln sigma(s) = ln(1 + e^{-s}) on real logits; -ln(1 - sigma(s)) = ln(1 + e^{s}) on fake logits
by_hand = (np.mean([np.log1p(np.exp(-2.0)), np.log1p(np.exp(1.0))])
           + np.mean([np.log1p(np.exp(0.5)), np.log1p(np.exp(-3.0))]))
checks.assert_allclose(float(discriminator_loss(real, fake)), by_hand,
                       "discriminator_loss on real [2, -1], fake [0.5, -3]", rtol=1e-5,
                       hint="Target 1 for the real logits, target 0 for the fake logits, from_logits=True.")
confident = float(discriminator_loss(tf.constant([[100.0]]), tf.constant([[-100.0]])))
checks.assert_allclose(confident, 0.0, "discriminator_loss when D is right with logits +-100", atol=1e-5,
                       hint="Use from_logits=True instead of log(sigmoid(...)), which overflows.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(6)
real, fake = rng.normal(size=(9, 1)).astype("float32"), rng.normal(size=(5, 1)).astype("float32")
expected = np.mean(np.logaddexp(0, -real)) + np.mean(np.logaddexp(0, fake))
checks.assert_allclose(float(discriminator_loss(tf.constant(real), tf.constant(fake))), expected,
                       "discriminator_loss on 9 real and 5 fake logits", rtol=1e-5)
wrong = float(discriminator_loss(tf.constant([[-100.0]]), tf.constant([[100.0]])))
checks.assert_allclose(wrong, 200.0, "discriminator_loss when D is wrong with logits -+100", rtol=1e-4)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "generator_loss_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the non-saturating generator loss at logits 0, at a rejected fake (logit -5) and its stability"""
checks.assert_allclose(float(generator_loss(tf.zeros((3, 1)))), np.log(2), "generator_loss at logits 0", rtol=1e-5)
checks.assert_allclose(float(generator_loss(tf.constant([[-5.0]]))), np.log1p(np.exp(5.0)),
                       "generator_loss at logit -5", rtol=1e-5,
                       hint="Non-saturating: -ln sigma(s) = ln(1 + e^{5}) = 5.0067, not ln(1 - sigma(s)).")
### BEGIN HIDDEN TESTS
fake = np.random.default_rng(12).normal(size=(7, 1)).astype("float32")
checks.assert_allclose(float(generator_loss(tf.constant(fake))), np.mean(np.logaddexp(0, -fake)),
                       "generator_loss on 7 fake logits", rtol=1e-5)
checks.assert_allclose(float(generator_loss(tf.constant([[-100.0]]))), 100.0, "generator_loss at logit -100", rtol=1e-4)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: one GAN training step (6 points)
#
# Write `train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise)`, in two halves:
#
# 1. **Discriminator half.** Under a `tf.GradientTape`, generate `fake_images = generator(noise, training=True)`,
#    compute `d_loss` with your `discriminator_loss` on the discriminator's logits for `real_images` and for
#    `fake_images`, take its gradient with respect to `discriminator.trainable_variables` **only**, and apply it
#    with `d_optimizer`.
# 2. **Generator half.** Under a new tape, generate from the same `noise` again, compute `g_loss` with your
#    `generator_loss` on the (now updated) discriminator's logits for the fakes, take its gradient with respect to
#    `generator.trainable_variables` **only**, and apply it with `g_optimizer`.
#
# Return `(d_loss, g_loss)`. Each optimizer must change only its own network: if the discriminator's optimizer
# also moved the generator, the discriminator would be teaching the generator to be caught.
#
# The checks build a tiny generator and discriminator (below), run one step with learning rate 0 to compare the
# returned losses with your loss functions, then with one optimizer's learning rate set to 0 at a time to check
# that the other network's weights do not move; the graded version also records which variables each optimizer
# receives.

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
"""Check that each optimizer moves only its own network: the other network's weights stay put in each half"""
generator, discriminator = make_tiny_gan(seed=5)
real = tf.constant(np.random.default_rng(5).uniform(size=(12, 6)), dtype="float32")
noise = tf.constant(np.random.default_rng(6).normal(size=(12, 4)), dtype="float32")
g_before, d_before = weights_of(generator), weights_of(discriminator)
train_step(generator, discriminator, keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.5), real, noise)
assert not moved(g_before, generator), (
    "The generator's weights moved although only the discriminator's optimizer had a learning rate: "
    "apply d_optimizer to discriminator.trainable_variables only.")
assert moved(d_before, discriminator), "The discriminator did not change: apply its gradients with d_optimizer."
generator, discriminator = make_tiny_gan(seed=5)
g_before, d_before = weights_of(generator), weights_of(discriminator)
train_step(generator, discriminator, keras.optimizers.SGD(0.5), keras.optimizers.SGD(0.0), real, noise)
assert not moved(d_before, discriminator), (
    "The discriminator's weights moved although only the generator's optimizer had a learning rate: "
    "apply g_optimizer to generator.trainable_variables only.")
assert moved(g_before, generator), "The generator did not change: apply its gradients with g_optimizer."
### BEGIN HIDDEN TESTS
class RecordingSGD(keras.optimizers.SGD):
    """SGD that records the weights of the other network each time it applies gradients."""

    def watch(self, own, other):
        self.own, self.other, self.calls = own, other, []
        return self

    def apply(self, grads, trainable_variables=None):
        variables = list(trainable_variables) if trainable_variables is not None else []
        self.calls.append(({id(v) for v in variables}, weights_of(self.other)))
        return super().apply(grads, trainable_variables)

generator, discriminator = make_tiny_gan(seed=13, noise_size=3, image_size=5)
real = tf.constant(np.random.default_rng(13).uniform(size=(8, 5)), dtype="float32")
noise = tf.constant(np.random.default_rng(14).normal(size=(8, 3)), dtype="float32")
g_optimizer = RecordingSGD(0.3).watch(generator, discriminator)
d_optimizer = RecordingSGD(0.3).watch(discriminator, generator)
g_start, d_start = weights_of(generator), weights_of(discriminator)
train_step(generator, discriminator, g_optimizer, d_optimizer, real, noise)
for name, optimizer, own in [("d_optimizer", d_optimizer, discriminator), ("g_optimizer", g_optimizer, generator)]:
    assert len(optimizer.calls) == 1, f"{name} should apply gradients once per step, got {len(optimizer.calls)} calls."
    assert optimizer.calls[0][0] == {id(v) for v in own.trainable_variables}, \
        f"{name} should receive exactly its own network's trainable_variables."
same = lambda first, second: all(np.array_equal(x, y) for x, y in zip(first, second))
assert same(d_optimizer.calls[0][1], g_start), "The generator moved before or during the discriminator's half."
assert same(g_optimizer.calls[0][1], weights_of(discriminator)), \
    "The discriminator moved during the generator's half: do the discriminator's half first, then the generator's."
assert moved(d_start, discriminator) and moved(g_start, generator), "Both networks should change (learning rate 0.3)."
### END HIDDEN TESTS
