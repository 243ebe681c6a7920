# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 03: training a Keras model on MNIST
#
# You will build a small Keras network to an exact specification, write early stopping yourself as a Keras callback
# (lecture 04 uses Keras' own) and train the network with it, plot its training and validation curves, reach a
# stated test accuracy on MNIST, read an overfitting plot, and decide from two recorded runs how patient early
# stopping must be.
#
# **Prerequisites:** lectures 04 (Keras on MNIST), 05 (Adam) and 06 (dropout). **Points:** 22, in six parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other sizes and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

import course
from course import checks

course.setup(quiet=True)

# %% [markdown] nbgrader={"grade": false, "grade_id": "data_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The data
#
# As in lecture 04: the last sixth of MNIST's training part is the validation set (50,000 / 10,000 / 10,000
# images on the full data set; 6,667 / 1,333 / 2,000 on the offline stand-in), pixels scaled to $[0, 1]$. In fast
# mode (`COURSE_FAST=1`) only the first 4,000 training images are used, so that everything runs in seconds.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
(x_train_all, y_train_all), (x_test, y_test) = course.load_mnist()
num_val = len(x_train_all) // 6
x_train, y_train = x_train_all[:-num_val].astype("float32") / 255, y_train_all[:-num_val]
x_val, y_val = x_train_all[-num_val:].astype("float32") / 255, y_train_all[-num_val:]
x_test = x_test.astype("float32") / 255
num_train = course.pick(full=len(x_train), fast=min(len(x_train), 4000))
x_train, y_train = x_train[:num_train], y_train[:num_train]
print("data:", course.dataset_info("mnist"))
print(f"train / validation / test: {len(x_train):,} / {len(x_val):,} / {len(x_test):,} images")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: the model (4 points)
#
# Write `build_model(num_hidden=128, dropout_rate=0.2)` returning a **compiled** `keras.Sequential` model with
# exactly these layers, in this order:
#
# 1. `keras.Input(shape=(28, 28))` (an input, not a layer of the list's output),
# 2. `layers.Flatten()`,
# 3. `layers.Dense(num_hidden, activation="relu")`,
# 4. `layers.Dropout(dropout_rate)`,
# 5. `layers.Dense(10, activation="softmax")`.
#
# Compile it with `optimizer=keras.optimizers.Adam(learning_rate=1e-3)`, `loss="sparse_categorical_crossentropy"`
# and `metrics=["accuracy"]`. With the defaults the model has $(784 + 1) \cdot 128 + (128 + 1) \cdot 10 = 101{,}770$
# parameters. Raise a `ValueError` if `num_hidden` is not a positive integer or `dropout_rate` is not in $[0, 1)$.
#
# The checks read the model's layers (types, units, activations), its parameter count, its input and output shapes,
# its dropout rate, how it is compiled, and try other arguments.

# %% nbgrader={"grade": false, "grade_id": "build_model", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_model(num_hidden=128, dropout_rate=0.2):
    """A compiled MLP for 28x28 images: Flatten, Dense(relu), Dropout, Dense(10, softmax).

    Parameters
    ----------
    num_hidden : int
        Units of the hidden Dense layer.
    dropout_rate : float in [0, 1)
        Fraction of hidden units dropped at each training step.

    Returns
    -------
    keras.Sequential
        Input shape (None, 28, 28), output shape (None, 10), compiled with Adam(1e-3),
        sparse categorical cross-entropy and the accuracy metric.
    """
    ### BEGIN SOLUTION
    if isinstance(num_hidden, bool) or not isinstance(num_hidden, (int, np.integer)) or num_hidden < 1:
        raise ValueError(f"num_hidden must be a positive integer, got {num_hidden!r}.")
    if not 0 <= dropout_rate < 1:
        raise ValueError(f"dropout_rate must be in [0, 1), got {dropout_rate!r}.")
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(num_hidden, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "build_model_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect Flatten, Dense(128), Dropout, Dense(10) and 101,770 parameters.
build_model().summary()

# %% nbgrader={"grade": true, "grade_id": "model_layers", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the model's layer types, units, activations and parameter count"""
keras.utils.set_random_seed(0)
model = build_model()
checks.assert_returns(model, "build_model()", keras.Model)
got_types = [type(layer).__name__ for layer in model.layers]
checks.assert_equal(got_types, ["Flatten", "Dense", "Dropout", "Dense"], "the layer types of build_model()",
                    hint="keras.Input is not in model.layers; put it first in the list, then the four layers.")
dense_hidden, dense_out = model.layers[1], model.layers[3]
checks.assert_equal(dense_hidden.units, 128, "units of the hidden Dense layer")
checks.assert_equal(dense_hidden.get_config()["activation"], "relu", "activation of the hidden Dense layer")
checks.assert_equal(dense_out.units, 10, "units of the output Dense layer", hint="One output per digit class.")
checks.assert_equal(dense_out.get_config()["activation"], "softmax", "activation of the output Dense layer",
                    hint="The loss expects probabilities: use activation='softmax'.")
checks.assert_equal(model.count_params(), 101_770, "model.count_params()",
                    hint="(784 + 1) * 128 + (128 + 1) * 10 = 101,770: check the input shape (28, 28) and the units.")
### BEGIN HIDDEN TESTS
checks.assert_equal(tuple(model.input_shape), (None, 28, 28), "model.input_shape",
                    hint="Start with keras.Input(shape=(28, 28)); Flatten turns it into 784 inputs.")
checks.assert_equal(tuple(model.output_shape), (None, 10), "model.output_shape")
checks.assert_allclose(model.layers[2].rate, 0.2, "the default dropout rate")
small = build_model(num_hidden=64, dropout_rate=0.5)
checks.assert_equal(small.layers[1].units, 64, "units of the hidden layer with num_hidden=64",
                    hint="Use the num_hidden argument, not the number 128.")
checks.assert_allclose(small.layers[2].rate, 0.5, "the dropout rate with dropout_rate=0.5",
                       hint="Use the dropout_rate argument, not the number 0.2.")
checks.assert_equal(small.count_params(), 785 * 64 + 65 * 10, "count_params() with num_hidden=64")
tiny = build_model(num_hidden=1, dropout_rate=0.0)
checks.assert_equal(tiny.count_params(), 785 + 2 * 10, "count_params() with num_hidden=1, dropout_rate=0.0",
                    hint="1 hidden unit and a dropout rate of 0 are valid arguments: do not reject them.")
probabilities = np.asarray(small(np.random.default_rng(1).random((3, 28, 28), dtype="float32")))
checks.assert_allclose(probabilities.sum(axis=1), np.ones(3), "the sum of the output probabilities", rtol=1e-5)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "model_compiled", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that the model is compiled with Adam(1e-3), sparse categorical cross-entropy and accuracy; bad arguments"""
model = build_model()
assert getattr(model, "optimizer", None) is not None, \
    "build_model() should return a compiled model: call model.compile(...) before returning it."
checks.assert_equal(type(model.optimizer).__name__, "Adam", "the optimizer's type")
loss_name = getattr(model.loss, "name", model.loss)
checks.assert_equal(loss_name, "sparse_categorical_crossentropy", "the loss",
                    hint="Labels are integers 0-9, not one-hot vectors: use 'sparse_categorical_crossentropy'.")
### BEGIN HIDDEN TESTS
checks.assert_allclose(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)), 1e-3, "Adam's learning rate")
history = model.fit(x_train[:64], y_train[:64], epochs=1, batch_size=32, verbose=0)
assert "accuracy" in history.history, f"Compile with metrics=['accuracy']; fit logged only {sorted(history.history)}."
for bad in [dict(num_hidden=0), dict(num_hidden=12.5), dict(dropout_rate=1.0), dict(dropout_rate=-0.1)]:
    try:
        build_model(**bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"build_model({bad}) should raise ValueError.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: early stopping, written yourself (8 points)
#
# Lecture 04 stops training with `keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
# restore_best_weights=True)`. Here you write that callback yourself. A callback is a subclass of
# `keras.callbacks.Callback`; during `fit`, Keras sets `self.model` to the model being trained and calls
# `on_train_begin(logs)`, then `on_epoch_end(epoch, logs)` after every epoch, with `logs["val_loss"]` the validation
# loss of that epoch, and `on_train_end(logs)` at the end.
#
# * `BestWeightsEarlyStopping(patience)`: at the start of training, forget any earlier run. After each epoch, if the
#   validation loss is lower than the lowest so far, remember it and the weights (`self.model.get_weights()`, a list
#   of arrays) and reset the count of epochs without improvement; otherwise add one to that count, and once it
#   reaches `patience` set `self.model.stop_training = True`. At the end of training, put the remembered weights
#   back (`self.model.set_weights(...)`).
# * `train(model, x_train, y_train, x_val, y_val, num_epochs, batch_size, patience=3, verbose=0)` calls `model.fit`
#   on the training data for at most `num_epochs` epochs with mini-batches of `batch_size`, validates on
#   `(x_val, y_val)` after every epoch, passes one `BestWeightsEarlyStopping(patience)` in `callbacks=[...]`, passes
#   `verbose` on to `fit`, and returns the `History` that `fit` returns. Raise a `ValueError` if `num_epochs` or
#   `batch_size` is smaller than 1.
#
# Do not use `keras.callbacks.EarlyStopping`: the checks make sure that your `train` makes a
# `BestWeightsEarlyStopping(patience)` (by its name, when `train` runs) and gives it to `fit`.
#
# The first check trains briefly, reads the history, counts the optimizer's steps (one per mini-batch, the last one
# smaller) and reads what `fit` printed. The second trains on a validation set whose labels are shuffled, so that the
# validation loss rises as the model learns the training digits: training must stop `patience` epochs after the best
# epoch, and the returned model must have the best epoch's weights; when graded, also after a training that ran all its
# epochs, and with one callback object used for two trainings in a row. The third trains the model of Part A with your
# `train` and expects a test accuracy of at least **0.85 on the offline stand-in** and at least **0.88 on the full MNIST
# data set**, in fast mode as in full mode; the lines printed by the data cell at the top say which copy of MNIST you
# have.

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
class BestWeightsEarlyStopping(keras.callbacks.Callback):
    """Stop training once the validation loss has not improved for `patience` epochs; keep the best weights.

    Parameters
    ----------
    patience : int
        Epochs without a lower validation loss before training stops.
    """

    def __init__(self, patience=3):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        ### BEGIN SOLUTION
        self.best_loss, self.best_weights, self.num_bad_epochs = np.inf, None, 0
        ### END SOLUTION

    def on_epoch_end(self, epoch, logs=None):
        ### BEGIN SOLUTION
        if logs["val_loss"] < self.best_loss:
            self.best_loss, self.best_weights, self.num_bad_epochs = logs["val_loss"], self.model.get_weights(), 0
        else:
            self.num_bad_epochs += 1
            if self.num_bad_epochs >= self.patience:
                self.model.stop_training = True
        ### END SOLUTION

    def on_train_end(self, logs=None):
        ### BEGIN SOLUTION
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)
        ### END SOLUTION


def train(model, x_train, y_train, x_val, y_val, num_epochs, batch_size, patience=3, verbose=0):
    """Fit a compiled model with early stopping on the validation loss.

    Parameters
    ----------
    model : keras.Model, compiled
    x_train : ndarray of shape (N, 28, 28)
    y_train : ndarray of shape (N,), integer labels
    x_val : ndarray of shape (M, 28, 28)
    y_val : ndarray of shape (M,)
    num_epochs : int
        Largest number of epochs.
    batch_size : int
    patience : int
        Epochs without a lower validation loss before training stops.
    verbose : int or str
        Passed on to model.fit.

    Returns
    -------
    keras.callbacks.History
        With the model's weights set to those of the epoch with the lowest validation loss.
    """
    ### BEGIN SOLUTION
    if num_epochs < 1 or batch_size < 1:
        raise ValueError(f"num_epochs and batch_size must be at least 1, got {num_epochs} and {batch_size}.")
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=num_epochs, batch_size=batch_size,
                     callbacks=[BestWeightsEarlyStopping(patience)], verbose=verbose)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: train the model of Part A on the MNIST training images (at most 30 epochs, 10 in fast mode).
keras.utils.set_random_seed(0)
model = build_model()
history = train(model, x_train, y_train, x_val, y_val, num_epochs=course.pick(full=30, fast=10), batch_size=128,
                patience=3, verbose=course.pick(full="auto", fast=0))
val_loss = history.history["val_loss"]
print(f"ran {len(val_loss)} epochs; lowest validation loss {min(val_loss):.4f} at epoch {np.argmin(val_loss) + 1}")

# %% nbgrader={"grade": true, "grade_id": "train_history", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check train's History, its steps (one per mini-batch, num_epochs=1 and batch_size=1 included) and its verbose"""
import contextlib
import io
import math


def check_steps(num_images, num_epochs, batch_size, seed):
    """Train with patience above num_epochs (no early stop) and count the optimizer's steps."""
    keras.utils.set_random_seed(seed)
    model = build_model()
    history = train(model, x_train[:num_images], y_train[:num_images], x_val[:64], y_val[:64], num_epochs=num_epochs,
                    batch_size=batch_size, patience=num_epochs + 1)
    checks.assert_equal(len(history.history["loss"]), num_epochs, f"epochs run with num_epochs={num_epochs}")
    checks.assert_equal(int(model.optimizer.iterations), num_epochs * math.ceil(num_images / batch_size),
                        f"optimizer steps for {num_images} images, batch_size={batch_size}, num_epochs={num_epochs}",
                        hint="One step per mini-batch of batch_size images, the last one smaller: pass "
                             "batch_size=batch_size to fit.")


def printed_by_train(verbose):
    """What train printed during one epoch on 64 images with this verbose."""
    keras.utils.set_random_seed(2)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        train(build_model(), x_train[:64], y_train[:64], x_val[:64], y_val[:64], num_epochs=1, batch_size=32,
              patience=3, verbose=verbose)
    return printed.getvalue()


keras.utils.set_random_seed(1)
short = build_model()
short_history = train(short, x_train[:512], y_train[:512], x_val[:256], y_val[:256], num_epochs=3, batch_size=64)
checks.assert_returns(short_history, "train", keras.callbacks.History)
for key in ["loss", "accuracy", "val_loss", "val_accuracy"]:
    assert key in short_history.history, (f"The history has no {key!r} (it has {sorted(short_history.history)}): "
                                          "pass validation_data=(x_val, y_val) to fit.")
assert 1 <= len(short_history.history["loss"]) <= 3, \
    f"num_epochs=3 should run at most 3 epochs, got {len(short_history.history['loss'])}."
check_steps(num_images=100, num_epochs=1, batch_size=32, seed=0)
assert "loss" in printed_by_train(verbose=2), "train(..., verbose=2) printed no progress: pass verbose on to fit."
assert "loss" not in printed_by_train(verbose=0), "train(..., verbose=0) printed progress: pass verbose on to fit."
### BEGIN HIDDEN TESTS
assert short_history.history["loss"][-1] < short_history.history["loss"][0], \
    f"The training loss should fall over 3 epochs, got {short_history.history['loss']}."
check_steps(num_images=50, num_epochs=2, batch_size=16, seed=4)
check_steps(num_images=6, num_epochs=1, batch_size=1, seed=5)
check_steps(num_images=20, num_epochs=1, batch_size=64, seed=6)
for bad in [dict(num_epochs=0, batch_size=32), dict(num_epochs=2, batch_size=0)]:
    try:
        train(short, x_train[:64], y_train[:64], x_val[:64], y_val[:64], **bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"train(..., {bad}) should raise ValueError.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "train_early_stopping", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check early stopping on a rising validation loss: stops patience epochs after the best, restores the best weights,
with your own callback"""
def check_early_stopping(seed, num_images, patience, batch_size):
    rng = np.random.default_rng(seed)
    x_noisy_val, y_noisy_val = x_val[:num_images], rng.permutation(y_val[:num_images])  # shuffled labels
    keras.utils.set_random_seed(seed)
    model = build_model()
    history = train(model, x_train[:num_images], y_train[:num_images], x_noisy_val, y_noisy_val,
                    num_epochs=30, batch_size=batch_size, patience=patience)
    val_loss = history.history["val_loss"]
    best_epoch = int(np.argmin(val_loss)) + 1
    assert len(val_loss) < 30, ("Training ran all 30 epochs although the validation loss rose: pass "
                                "BestWeightsEarlyStopping(patience) in callbacks=[...] and set "
                                "self.model.stop_training = True.")
    checks.assert_equal(len(val_loss), best_epoch + patience, f"the number of epochs run with patience={patience}",
                        hint=f"The lowest validation loss was at epoch {best_epoch}: training should stop "
                             f"{patience} epochs later. Use the patience argument and logs['val_loss'].")
    final_val_loss = model.evaluate(x_noisy_val, y_noisy_val, verbose=0)[0]
    checks.assert_allclose(final_val_loss, min(val_loss), "the validation loss of the returned model", rtol=1e-3,
                           hint=f"It should be the lowest one (epoch {best_epoch}), not the last one "
                                f"({val_loss[-1]:.4f}): keep the best epoch's weights and set them back in "
                                "on_train_end.")


def callback_train_makes(patience):
    """What train passes to BestWeightsEarlyStopping: a stand-in takes its place and stops train as it is made."""
    global BestWeightsEarlyStopping
    made, yours = [], BestWeightsEarlyStopping

    def stand_in(*args, **kwargs):
        made.append((args, kwargs))
        raise LookupError("the stand-in for BestWeightsEarlyStopping stops train here")

    BestWeightsEarlyStopping = stand_in
    try:
        train(build_model(), x_train[:32], y_train[:32], x_val[:32], y_val[:32], num_epochs=2, batch_size=32,
              patience=patience)
    except LookupError:
        pass
    finally:
        BestWeightsEarlyStopping = yours
    assert made, ("train did not make a BestWeightsEarlyStopping: write the callback yourself and pass "
                  "BestWeightsEarlyStopping(patience) to fit, not Keras' own EarlyStopping.")
    return made[0]


check_early_stopping(seed=3, num_images=300, patience=2, batch_size=32)
args, kwargs = callback_train_makes(patience=5)
assert 5 in list(args) + list(kwargs.values()), (f"train made BestWeightsEarlyStopping{tuple(args)} {kwargs}: pass "
                                                 "it the patience train was given.")
### BEGIN HIDDEN TESTS
check_early_stopping(seed=11, num_images=400, patience=4, batch_size=50)
check_early_stopping(seed=12, num_images=300, patience=1, batch_size=64)
# A plateau: with a learning rate of 0 every epoch has the same validation loss, and a loss equal to the best one is
# no improvement (as in Keras' EarlyStopping), so training stops patience epochs after the first.
keras.utils.set_random_seed(13)
plateau = build_model()
plateau.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
plateau_history = train(plateau, x_train[:64], y_train[:64], x_val[:64], y_val[:64], num_epochs=8, batch_size=32,
                        patience=2)
checks.assert_equal(len(plateau_history.history["val_loss"]), 3,
                    "epochs run while the validation loss stays the same, with patience=2",
                    hint="A validation loss equal to the best one is not an improvement: compare with <.")
# Training that runs all its epochs (patience above num_epochs) also ends with the best epoch's weights.
x_noisy_val, y_noisy_val = x_val[:300], np.random.default_rng(14).permutation(y_val[:300])
keras.utils.set_random_seed(14)
full_run = build_model()
val_loss = train(full_run, x_train[:300], y_train[:300], x_noisy_val, y_noisy_val, num_epochs=5, batch_size=32,
                 patience=10).history["val_loss"]
checks.assert_equal(len(val_loss), 5, "epochs run with num_epochs=5 and patience=10")
checks.assert_allclose(full_run.evaluate(x_noisy_val, y_noisy_val, verbose=0)[0], min(val_loss),
                       "the validation loss of the model after 5 epochs without an early stop", rtol=1e-3,
                       hint="Restore the best weights in on_train_end, whether or not training stopped early.")


def second_run_with_the_same_callback(seed, patience):
    """Train twice with train's BestWeightsEarlyStopping(patience) the same object: first on true validation labels
    (a low validation loss), then on shuffled ones; the second training must go as if it were the first."""
    global BestWeightsEarlyStopping
    yours = BestWeightsEarlyStopping
    one_callback = yours(patience)
    BestWeightsEarlyStopping = lambda *args, **kwargs: one_callback
    try:
        keras.utils.set_random_seed(seed)
        train(build_model(), x_train[:300], y_train[:300], x_val[:300], y_val[:300], num_epochs=4, batch_size=32,
              patience=patience)
        model = build_model()
        val_loss = train(model, x_train[:300], y_train[:300], x_noisy_val, y_noisy_val, num_epochs=30,
                         batch_size=32, patience=patience).history["val_loss"]
    finally:
        BestWeightsEarlyStopping = yours
    best_epoch = int(np.argmin(val_loss)) + 1
    hint = ("Reset the lowest loss, the best weights and the count in on_train_begin: a callback object used for a "
            "second training must forget the first one.")
    checks.assert_equal(len(val_loss), best_epoch + patience, "epochs run by a second training with the same "
                        "callback object", hint=hint)
    checks.assert_allclose(model.evaluate(x_noisy_val, y_noisy_val, verbose=0)[0], min(val_loss),
                           "the validation loss after a second training with the same callback object", rtol=1e-3,
                           hint=hint)


second_run_with_the_same_callback(seed=15, patience=2)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "trained_accuracy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that the model of Part A, trained with your train, reaches the target test accuracy"""
data = course.dataset_info("mnist")
target = 0.88 if "full data set" in data else 0.85
keras.utils.set_random_seed(0)
trained = build_model()
train(trained, x_train, y_train, x_val, y_val, num_epochs=course.pick(full=30, fast=10), batch_size=128, patience=3)
### BEGIN HIDDEN TESTS
validation_accuracy = float(np.mean(np.argmax(trained.predict(x_val, verbose=0), axis=1) == y_val))
assert validation_accuracy >= target - 0.02, f"Validation accuracy {validation_accuracy:.4f} is far below the target."
### END HIDDEN TESTS
trained_accuracy = float(np.mean(np.argmax(trained.predict(x_test, verbose=0), axis=1) == y_test))
assert trained_accuracy >= target, (f"Test accuracy {trained_accuracy:.4f} is below the target {target} for {data}: "
                                    "check the model of Part A (softmax output, Adam 1e-3) and that train uses the "
                                    "whole training set and restores the best weights.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: validation curves (3 points)
#
# Write `plot_curves(history)` that returns a matplotlib `Figure` with two panels side by side: the loss on the left
# and the accuracy on the right. Each panel holds a line labelled `"training"` (values `history.history["loss"]`,
# resp. `["accuracy"]`) and a line labelled `"validation"` (`"val_loss"`, resp. `"val_accuracy"`), plotted against
# the epoch numbers $1, 2, \dots$; label the x-axis `"epoch"`, the y-axes `"loss"` and `"accuracy"`, and show a
# legend. Lecture 04's course helper `course.plot_history` draws this much. Add what early stopping needs to see: in
# the loss panel, a vertical dashed line at the epoch of the lowest validation loss, labelled `"best epoch"`
# (`ax.axvline(epoch, linestyle="--", label="best epoch")`, before the legend). Do not call `plt.show()`.
#
# The check draws made-up histories (so that it does not depend on Part B) and reads the axis labels, the legend,
# and the lines' labels and data back from the figure.

# %% nbgrader={"grade": false, "grade_id": "plot_curves", "locked": false, "schema_version": 3, "solution": true, "task": false}
def plot_curves(history):
    """Training and validation loss (left) and accuracy (right) against the epoch.

    Parameters
    ----------
    history : keras.callbacks.History
        What train returned; history.history holds loss, accuracy, val_loss, val_accuracy.

    Returns
    -------
    matplotlib.figure.Figure
        Two Axes; each with lines labelled "training" and "validation" over epochs 1..N.
    """
    ### BEGIN SOLUTION
    logs = history.history
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.4))
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], "o-", label="training")
        ax.plot(epochs, logs[f"val_{metric}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=metric)
    best_epoch = int(np.argmin(logs["val_loss"])) + 1
    axes[0].axvline(best_epoch, color="gray", linestyle="--", label="best epoch")
    for ax in axes:
        ax.legend()
    fig.tight_layout()
    return fig
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "plot_curves_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it on the history of the training above.
fig = plot_curves(history)

# %% nbgrader={"grade": true, "grade_id": "curves_figure", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the loss and accuracy panels: training and validation lines over epochs 1..N, labels, the best epoch"""
def check_curves(history):
    figure = plot_curves(history)
    checks.assert_returns(figure, "plot_curves", plt.Figure)
    assert len(figure.axes) == 2, f"Expected two panels (loss, accuracy), got {len(figure.axes)}: plt.subplots(1, 2)."
    logs = history.history
    for ax, metric in zip(figure.axes[:2], ["loss", "accuracy"]):
        checks.assert_equal((ax.get_xlabel(), ax.get_ylabel()), ("epoch", metric),
                            f"the axis labels of the {metric} panel",
                            hint=f"ax.set(xlabel='epoch', ylabel={metric!r}).")
        assert ax.get_legend() is not None, f"The {metric} panel has no legend: call ax.legend()."
        lines = {line.get_label(): line for line in ax.get_lines()}
        for label, key in [("training", metric), ("validation", f"val_{metric}")]:
            assert label in lines, (f"The {metric} panel has no line labelled {label!r} (labels: {sorted(lines)}): "
                                    f"plot with label={label!r}.")
            checks.assert_allclose(lines[label].get_ydata(), logs[key], f"the y-values of the {label} {metric} line",
                                   hint=f"Plot history.history[{key!r}].")
            checks.assert_allclose(lines[label].get_xdata(), np.arange(1, len(logs[key]) + 1),
                                   f"the x-values of the {label} {metric} line", hint="Epochs count from 1.")
    loss_lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    assert "best epoch" in loss_lines, (f"The loss panel has no line labelled 'best epoch' (labels: "
                                        f"{sorted(loss_lines)}): ax.axvline(epoch, linestyle='--', label='best epoch').")
    best_epoch = int(np.argmin(logs["val_loss"])) + 1
    checks.assert_allclose(np.unique(loss_lines["best epoch"].get_xdata()), [best_epoch],
                           "the x position of the 'best epoch' line", hint="The epoch of the lowest validation loss, "
                           "counted from 1: np.argmin(val_loss) + 1.")
    plt.close(figure)

recorded = keras.callbacks.History()  # a history of its own, so that this check does not depend on Part B
recorded.history = {"loss": [2.0, 1.0, 0.7], "accuracy": [0.3, 0.6, 0.8], "val_loss": [1.5, 1.1, 1.2],
                    "val_accuracy": [0.5, 0.7, 0.65]}
check_curves(recorded)
### BEGIN HIDDEN TESTS
one_epoch = keras.callbacks.History()
one_epoch.history = {"loss": [1.3], "accuracy": [0.55], "val_loss": [0.9], "val_accuracy": [0.7]}
check_curves(one_epoch)
made_up = keras.callbacks.History()
made_up.history = {"loss": [2.0, 1.0, 0.7, 0.6, 0.55], "accuracy": [0.3, 0.6, 0.8, 0.85, 0.9],
                   "val_loss": [1.5, 1.1, 1.0, 1.05, 1.2], "val_accuracy": [0.5, 0.7, 0.75, 0.74, 0.73]}
check_curves(made_up)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: test accuracy (2 points)
#
# Write `evaluate_accuracy(model, x, y)` that returns the fraction of images in `x` whose predicted class
# $\hat y = \arg\max_j a_j$ equals the label in `y`, as a Python `float`. Raise a `ValueError` if `x` and `y` hold
# different numbers of samples.
#
# The check compares your function with the argmax predictions of a small, untrained model of its own (so that it
# does not depend on your Parts A and B), on a few hundred images and on a single one; the cell after the function
# prints the test accuracy of the model you trained in Part B.

# %% nbgrader={"grade": false, "grade_id": "evaluate_accuracy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def evaluate_accuracy(model, x, y):
    """Classification accuracy of a softmax model.

    Parameters
    ----------
    model : keras.Model
        Outputs class probabilities of shape (N, 10).
    x : ndarray of shape (N, 28, 28)
    y : ndarray of shape (N,), integer labels

    Returns
    -------
    float in [0, 1]
    """
    ### BEGIN SOLUTION
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}; pass images and labels of the same set.")
    y_pred = np.argmax(model.predict(x, verbose=0), axis=1)
    return float(np.mean(y_pred == np.asarray(y)))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "evaluate_accuracy_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
test_accuracy = evaluate_accuracy(model, x_test, y_test)
print(f"test accuracy on {len(y_test):,} images ({course.dataset_info('mnist')}): {test_accuracy:.4f}")

# %% nbgrader={"grade": true, "grade_id": "test_accuracy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check evaluate_accuracy against the argmax predictions of a fixed model, its type, and mismatched lengths"""
keras.utils.set_random_seed(5)
fixed = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10, activation="softmax")])
accuracy = evaluate_accuracy(fixed, x_test[:300], y_test[:300])
checks.assert_returns(accuracy, "evaluate_accuracy", float)
expected = float(np.mean(np.argmax(fixed.predict(x_test[:300], verbose=0), axis=1) == y_test[:300]))
checks.assert_allclose(accuracy, expected, "evaluate_accuracy(model, x_test[:300], y_test[:300])", atol=1e-6,
                       hint="Compare the argmax of the predicted probabilities (axis=1) with the labels.")
for num_images, num_labels in [(10, 9), (1, 3)]:  # 1 against 3 broadcasts silently in y_pred == y
    try:
        evaluate_accuracy(fixed, x_test[:num_images], y_test[:num_labels])
    except ValueError:
        pass
    else:
        raise AssertionError(f"evaluate_accuracy should raise ValueError for {num_images} images and {num_labels} "
                             "labels: compare len(x) with len(y) first.")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(6)
fixed = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10, activation="softmax")])
probabilities = fixed.predict(x_val[:257], verbose=0)
labels = np.argmax(probabilities, axis=1)
labels[::3] = (labels[::3] + 1) % 10  # a third of the labels wrong: the accuracy is about 2/3
checks.assert_allclose(evaluate_accuracy(fixed, x_val[:257], labels), 1 - len(labels[::3]) / 257,
                       "evaluate_accuracy on 257 validation images, a third of them labelled wrong", atol=1e-6)
checks.assert_allclose(evaluate_accuracy(fixed, x_val[1:2], labels[1:2]), 1.0, "evaluate_accuracy on a single image")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: reading an overfitting plot (3 points, graded by hand)
#
# The curves below were recorded once, before this assignment was written, and are stored here as numbers: a
# network `Flatten -> Dense(512, relu) -> Dense(10, softmax)` **without dropout**, trained with Adam (batch size 32,
# 40 epochs) on only 1,000 training images of the offline MNIST stand-in and validated on its 1,333 validation
# images.
#
# In the cell after the figure, explain in a few sentences:
# 1. what the curves show after the epoch where the validation loss is lowest, and what that behaviour is called;
# 2. at which epoch `EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)` would stop this
#    run, and which epoch's weights the model would then keep;
# 3. two changes that would make the validation loss turn up later or not at all, each with a one-line reason.
#
# **Marking criteria** (1 point each): (1) names overfitting and says the training loss keeps falling towards zero
# while the validation loss rises, i.e. the network memorises the 1,000 training images instead of learning what
# generalises; (2) reads the lowest validation loss off the plot and gives the stopping epoch as that epoch plus 3,
# with the weights of the best epoch kept; (3) two sound remedies with reasons, e.g. more training data, dropout,
# L2 weight decay, a smaller network, data augmentation, early stopping itself.

# %% nbgrader={"grade": false, "grade_id": "overfitting_plot", "locked": true, "schema_version": 3, "solution": false, "task": false}
recorded_loss = [1.093, 0.384, 0.236, 0.16, 0.115, 0.085, 0.064, 0.05, 0.04, 0.034, 0.03, 0.027, 0.025, 0.02, 0.015,
                 0.009, 0.006, 0.005, 0.005, 0.004, 0.004, 0.004, 0.003, 0.003, 0.003, 0.003, 0.002, 0.002, 0.002,
                 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.001, 0.001, 0.001, 0.001, 0.001]
recorded_val_loss = [0.766, 0.545, 0.49, 0.458, 0.441, 0.433, 0.445, 0.462, 0.493, 0.541, 0.57, 0.59, 0.568, 0.521,
                     0.472, 0.464, 0.47, 0.474, 0.476, 0.479, 0.481, 0.484, 0.486, 0.488, 0.491, 0.493, 0.495, 0.497,
                     0.499, 0.501, 0.503, 0.505, 0.507, 0.509, 0.51, 0.512, 0.514, 0.516, 0.518, 0.519]
fig = course.plot_history({"loss": recorded_loss, "val_loss": recorded_val_loss})
fig.axes[0].set_title("Dense(512) without dropout, 1,000 training images")

# %% [markdown] nbgrader={"grade": true, "grade_id": "overfitting_answer", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# The validation loss is lowest at epoch 6. After it the training loss keeps falling towards zero while the
# validation loss climbs back up: the network is **overfitting**. With 512 hidden units and no regularization it
# has far more parameters than the 1,000 training images constrain, so it memorises them (near-zero training loss,
# ever more confident outputs) instead of learning features that carry over to new digits, and its confident
# mistakes on validation images cost more and more cross-entropy.
#
# Early stopping with patience 3 sees no improvement at epochs 7, 8 and 9, so it stops after epoch 9 and restores
# the weights of epoch 6.
#
# Remedies: (a) more training data, since more examples are harder to memorise; (b) dropout after the hidden layer,
# which stops units from co-adapting to particular images; (c) an L2 penalty on the weights, which keeps them small
# and the function smooth; (d) a smaller hidden layer, with fewer parameters to memorise with.

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_f_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: how patient must early stopping be? (2 points)
#
# Patience is a trade: too little and a run that is still improving, slowly and with pauses, is stopped on a
# plateau; too much and every run trains epochs that are thrown away. The second run below was recorded like the
# first (40 epochs, stored as numbers), for a larger network with dropout on all 1,600 training images: its
# validation loss keeps improving until late, in small steps, with plateaus between them.
#
# Write `smallest_patience(val_losses_per_run)`:
#
# * In: a list of runs, each a list of validation losses, one per epoch (epoch 1 first).
# * Out: the smallest integer `patience` $\ge 1$ for which early stopping as your callback of Part B does it (an
#   epoch improves when its loss is strictly lower than the best so far; stop after `patience` epochs in a row
#   without improvement; restore the best weights) keeps, on **every** run, weights whose validation loss is the
#   lowest of the whole run.
# * Think before you code: which epochs of a run decide the answer, and which can never matter? A simulation over
#   every candidate patience works too, but say in a comment why your answer is right.
#
# Then set `patience_for_both` to your function's answer for the two recorded runs, and compare it with the
# patience 3 of Part E: what would patience 3 have cost on the second run? The check compares your function with its
# own rule on these runs (visible) and on other runs (hidden), and `patience_for_both` with the right value.

# %% nbgrader={"grade": false, "grade_id": "second_run", "locked": true, "schema_version": 3, "solution": false, "task": false}
second_val_loss = [0.912, 0.701, 0.598, 0.534, 0.497, 0.471, 0.455, 0.447, 0.452, 0.449, 0.458, 0.451, 0.436, 0.44,
                   0.433, 0.438, 0.442, 0.437, 0.431, 0.429, 0.434, 0.436, 0.432, 0.437, 0.433, 0.418, 0.421, 0.416,
                   0.419, 0.422, 0.42, 0.424, 0.423, 0.426, 0.428, 0.427, 0.431, 0.43, 0.433, 0.435]
fig, ax = plt.subplots(figsize=(6, 3.4))
for label, losses in [("first run", recorded_val_loss), ("second run", second_val_loss)]:
    ax.plot(np.arange(1, len(losses) + 1), losses, "o-", label=label)
ax.set(xlabel="epoch", ylabel="validation loss", title="Validation loss of the two recorded runs")
ax.legend();

# %% nbgrader={"grade": false, "grade_id": "smallest_patience", "locked": false, "schema_version": 3, "solution": true, "task": false}
def smallest_patience(val_losses_per_run):
    """The smallest patience with which early stopping keeps the best epoch of every run.

    Parameters
    ----------
    val_losses_per_run : list of lists of float
        The validation loss of each epoch, one list per run.

    Returns
    -------
    int, at least 1
    """
    ### BEGIN SOLUTION
    # Only the epochs up to each run's best matter: early stopping must survive the longest stretch without
    # improvement that comes before the best epoch (after it, stopping is what we want). A stretch of k epochs
    # without improvement is survived with patience k + 1.
    patience = 1
    for losses in val_losses_per_run:
        best, waited = float("inf"), 0
        for loss in losses:
            if loss < best:
                patience = max(patience, waited + 1)
                best, waited = loss, 0
            else:
                waited += 1
    return patience
    ### END SOLUTION


### BEGIN SOLUTION
patience_for_both = smallest_patience([recorded_val_loss, second_val_loss])
# The second run pauses for five epochs (21 to 25) before improving again at epoch 26, and reaches its best at
# epoch 28: patience 6 waits that pause out. Patience 3 would have stopped it at epoch 11 with the weights of
# epoch 8 (validation loss 0.447 instead of 0.416).
### END SOLUTION
print("patience for both runs:", patience_for_both)

# %% nbgrader={"grade": true, "grade_id": "smallest_patience_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check smallest_patience against a simulation of early stopping on the two recorded runs and on others, and patience_for_both"""
def kept_loss(losses, patience):
    """The validation loss of the weights early stopping keeps (strict improvement, best weights restored)."""
    best, waited = float("inf"), 0
    for loss in losses:
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


def expected_patience(runs):
    return next(p for p in range(1, 1 + max(len(r) for r in runs)) if all(kept_loss(r, p) == min(r) for r in runs))


def check_patience(runs, name):
    answer = smallest_patience([list(run) for run in runs])
    checks.assert_returns(answer, f"smallest_patience on {name}", (int, np.integer))
    expected = expected_patience(runs)
    if answer < expected:
        worst = next(r for r in runs if kept_loss(r, answer) != min(r))
        raise AssertionError(f"smallest_patience on {name} returned {answer}, but with that patience early stopping "
                             f"keeps a validation loss of {kept_loss(worst, answer)} on one run whose best is "
                             f"{min(worst)}: it stops on a plateau before the best epoch.")
    assert answer == expected, (f"smallest_patience on {name} returned {answer}: early stopping keeps every run's best "
                                f"epoch already with patience {expected}, which stops sooner.")


check_patience([recorded_val_loss], "the first recorded run")
check_patience([second_val_loss], "the second recorded run")
check_patience([recorded_val_loss, second_val_loss], "both recorded runs")
assert patience_for_both == 6, (f"patience_for_both is {patience_for_both!r}: it should be what smallest_patience "
                                "gives for both recorded runs.")
### BEGIN HIDDEN TESTS
check_patience([[0.5, 0.4, 0.3, 0.2]], "a run that improves every epoch")
check_patience([[0.3, 0.5, 0.6, 0.7]], "a run that is best at its first epoch")
check_patience([[0.7]], "a run of one epoch")
check_patience([[0.5, 0.5, 0.5, 0.4]], "a run whose loss repeats (not an improvement) before it improves")
check_patience([[0.9, 0.8, 0.85, 0.8, 0.79, 0.95, 0.9], [0.6, 0.61, 0.62, 0.63, 0.59]], "two short runs")
rng = np.random.default_rng(3)
for index in range(5):
    runs = [list(np.round(1 / np.arange(1, 31) + rng.uniform(0, 0.05, 30), 3)) for _ in range(index + 1)]
    check_patience(runs, f"{index + 1} random runs of 30 epochs")
### END HIDDEN TESTS
