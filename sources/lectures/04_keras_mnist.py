# %% [markdown]
# # Lecture 04: Keras on MNIST
#
# **After this lecture you can** build the same Keras 3 model with the Sequential and the functional API, split
# MNIST into training, validation and test sets, train with early stopping and checkpoints, read training curves,
# save and reload a model, evaluate it with a confusion matrix, and measure how the device changes the time per
# epoch.
#
# **Prerequisites:** lectures 01 to 03 (the perceptron, backpropagation and mini-batch gradient descent,
# activations and losses). **Run time:** under a minute in fast mode and a few minutes in full mode on a laptop CPU.
#
# Sources: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document recognition"
# (1998), for MNIST; F. Chollet, *Deep Learning with Python* (2nd ed., 2021), chapters 2 to 7, and the Keras
# guides "The Sequential model" and "The Functional API" (keras.io); L. Prechelt, "Early stopping, but when?" (1998).

# %% [markdown]
# ## Setup

# %%
import pathlib
import shutil
import tempfile
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn import metrics

import course

course.setup()

# %% [markdown]
# ## MNIST: training, validation and test sets
#
# The test set is looked at once, at the end; every choice made while training (when to stop, which learning rate) is
# made on a **validation** set carved out of the training images (lecture 06 returns to this split). Keras' MNIST
# download has 60,000 training and 10,000 test images; we keep the last sixth of the training part for validation,
# which gives the classic 50,000 / 10,000 / 10,000 split. The offline stand-in (8,000 / 2,000 images) is split in the
# same proportions. Pixels are scaled from $\{0, \dots, 255\}$ to $[0, 1]$.

# %%
(x_train_all, y_train_all), (x_test, y_test) = course.load_mnist()
num_val = len(x_train_all) // 6  # the last sixth of the training part: 10,000 of 60,000
x_train, y_train = x_train_all[:-num_val].astype("float32") / 255, y_train_all[:-num_val]
x_val, y_val = x_train_all[-num_val:].astype("float32") / 255, y_train_all[-num_val:]
x_test = x_test.astype("float32") / 255
num_train = course.pick(full=len(x_train), fast=min(len(x_train), 6667))  # fast mode: at most 6,667 images
x_train, y_train = x_train[:num_train], y_train[:num_train]
print("data:", course.dataset_info("mnist"))
print(f"train / validation / test: {len(x_train):,} / {len(x_val):,} / {len(x_test):,} images of {x_test.shape[1:]}")

# %%
fig = course.plot_images(x_train[:20], labels=y_train[:20])

# %% [markdown]
# The first twenty training images with their labels: centred, size-normalised handwritten digits on a blank
# background (LeCun et al. 1998).

# %% [markdown]
# ## One model, two APIs
#
# Keras offers two ways to describe a network. The **Sequential** API takes a list of layers, each feeding the
# next. The **functional** API calls layers on tensors and then wraps inputs and outputs in a `keras.Model`; it
# also handles several inputs, several outputs and branches, which a list cannot. Here both describe the same
# multilayer perceptron of lecture 02, with lecture 03's softmax output: flatten the $28 \times 28$ image to
# $n_0 = 784$ inputs, a dense layer of $n_1 = 128$ ReLU units and a softmax output over $n_2 = 10$ classes.

# %%
def build_sequential():
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="sequential_mlp")

sequential_model = build_sequential()
sequential_model.summary()

# %%
inputs = keras.Input(shape=(28, 28))
hidden = layers.Dense(128, activation="relu")(layers.Flatten()(inputs))
outputs = layers.Dense(10, activation="softmax")(hidden)
functional_model = keras.Model(inputs, outputs, name="functional_mlp")
functional_model.summary()

# %% [markdown]
# A dense layer from $n_{l-1}$ to $n_l$ units holds an $n_{l-1} \times n_l$ weight matrix and $n_l$ biases, so
# the network has
#
# $$P = \sum_{l=1}^{L} (n_{l-1} + 1)\, n_l$$
#
# parameters; Flatten has none.

# %%
n = [784, 128, 10]
P = sum((n[l - 1] + 1) * n[l] for l in range(1, len(n)))
print(f"P from the formula: {P:,}; Sequential: {sequential_model.count_params():,}; "
      f"functional: {functional_model.count_params():,}")
assert sequential_model.count_params() == functional_model.count_params() == P

# %% [markdown]
# The two summaries list the same layers, and the three counts printed above agree: the API changes how the model
# is written, not what it is.

# %% [markdown]
# ## Training with callbacks: early stopping and checkpoints
#
# `model.compile` fixes the optimizer, the loss and the metrics; `model.fit` then runs mini-batch gradient descent on
# the cross-entropy $C = -\ln a_y$, exactly the loop of lecture 02: shuffle, cut into batches of `batch_size`, step
# every weight by $-\eta\, \partial C / \partial w$ with $\eta$ = `learning_rate` (`keras.optimizers.SGD`; lecture 05
# compares it with other optimizers). After every epoch it calls its **callbacks**. `EarlyStopping` watches the
# validation loss and stops once it has not improved for `patience` epochs, then restores the weights of the best
# epoch (Prechelt 1998). `ModelCheckpoint` saves the best model seen so far to a file, here in a temporary folder, so
# a crash or an interrupted run loses nothing.
#
# The loss is `sparse_categorical_crossentropy`: the same $C = -\ln a_y$ as lecture 03's log-likelihood, but it takes
# each target as an integer class label $y \in \{0, \dots, 9\}$ (what `load_mnist` returns) and picks $a_y$ from the
# ten outputs directly. `categorical_crossentropy` computes the same number from one-hot targets (lectures 02, 03 and
# 05 build them with `np.eye(10)[y]`); "sparse" names the label form, which saves building ten numbers per image.

# %%
work_dir = pathlib.Path(tempfile.mkdtemp(prefix="lecture04_"))
num_epochs, batch_size = course.pick(full=30, fast=5), 128
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint(work_dir / "best.keras", monitor="val_loss", save_best_only=True),
]
model = build_sequential()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=num_epochs, batch_size=batch_size,
                    callbacks=callbacks, verbose=course.pick(full="auto", fast=0))

# %%
val_loss = history.history["val_loss"]
best_epoch = int(np.argmin(val_loss)) + 1
print(f"ran {len(val_loss)} of {num_epochs} epochs; lowest validation loss {min(val_loss):.4f} at epoch {best_epoch}")
print(f"checkpoint file: {(work_dir / 'best.keras').name}, {(work_dir / 'best.keras').stat().st_size / 1e6:.1f} MB")
a_val = model.predict(x_val[:256], verbose=0)
sparse = keras.losses.sparse_categorical_crossentropy(y_val[:256], a_val)
one_hot = keras.losses.categorical_crossentropy(np.eye(10)[y_val[:256]], a_val)
print(f"sparse (integer labels) and categorical (one-hot) cross-entropy on 256 validation images: "
      f"{float(np.mean(sparse)):.6f} and {float(np.mean(one_hot)):.6f}")

# %% [markdown]
# ## Training curves
#
# `fit` returns a `History` whose `.history` holds one value per epoch for every metric, on the training data
# (averaged over the batches of the epoch, while the weights were still changing) and on the validation data (at the
# end of the epoch).

# %%
fig = course.plot_history(history, metrics=("loss", "accuracy"))
train_loss = history.history["loss"]
course.claim("in the last epoch the training loss is below the validation loss", train_loss[-1] < val_loss[-1],
             training_loss=train_loss[-1], validation_loss=val_loss[-1])
rose_after_best = best_epoch < len(val_loss) and val_loss[-1] > min(val_loss)
print(f"validation loss lowest at epoch {best_epoch} of {len(val_loss)}; "
      f"{'it rose after that' if rose_after_best else 'it had not risen by the last epoch'}")

# %% [markdown]
# The training loss measures how well the network fits the images it learns from, the validation loss how well that
# carries over to new ones. The checked line says whether, in this run, the network ended up fitting its training
# images better than new ones; the difference is the **generalisation gap**. A gap alone is not overfitting: lecture
# 06 calls it overfitting when the validation loss turns back up while the training loss keeps falling, and the line
# below the checked one says whether the validation loss rose after its lowest epoch in this run. Once the validation
# loss has not improved for `patience` epochs, early stopping ends training (the line above the plot says how many
# epochs ran; the 5 epochs of fast mode leave it little room to stop).
# After the first epoch the validation loss can sit *below* the training loss, because the training loss is averaged
# over an epoch in which the model was still improving.

# %% [markdown]
# ## Saving and loading a model
#
# `model.save("name.keras")` writes the architecture, the weights and the optimizer state into one zip file;
# `keras.models.load_model` rebuilds the model from it, ready to predict or to continue training. We check that the
# reloaded model predicts exactly what the original does, on the validation images.

# %%
path = work_dir / "mnist_mlp.keras"
model.save(path)
reloaded = keras.models.load_model(path)
p_original, p_reloaded = model.predict(x_val, verbose=0), reloaded.predict(x_val, verbose=0)
print(f"saved {path.name} ({path.stat().st_size / 1e6:.1f} MB); "
      f"largest difference between the predictions: {np.max(np.abs(p_original - p_reloaded)):.1e}")
assert np.allclose(p_original, p_reloaded)

# %%
best = keras.models.load_model(work_dir / "best.keras")
shutil.rmtree(work_dir)  # the temporary folder and its two model files are not needed any more
_, best_val_accuracy = best.evaluate(x_val, y_val, verbose=0)
_, model_val_accuracy = model.evaluate(x_val, y_val, verbose=0)
print(f"validation accuracy of the checkpoint: {best_val_accuracy:.4f}; "
      f"of the restored model: {model_val_accuracy:.4f}")
same_weights = all(np.array_equal(w_best, w_model) for w_best, w_model in zip(best.get_weights(), model.get_weights()))
course.claim("the checkpoint and the model early stopping restored hold the same weights",
             same_weights and best_val_accuracy == model_val_accuracy, checkpoint=best_val_accuracy,
             restored=model_val_accuracy)

# %% [markdown]
# The predictions agree to the difference printed above. The checkpoint file holds the epoch with the lowest
# validation loss, and early stopping restores that epoch's weights when training ends (in the installed Keras also
# when it ends without stopping early); the checked line compares the two models' weights, array by array, and
# their validation accuracies.

# %% [markdown]
# ## Evaluating: accuracy and the confusion matrix
#
# Only now do we touch the test set. The predicted class is the most probable one, $\hat y = \arg\max_j a_j$. Entry
# $(i, j)$ of the **confusion matrix** counts the test images of true class $i$ predicted as class $j$: the diagonal
# holds the correct answers, everything else a mistake, and the matrix says which digits get confused.

# %%
y_pred = np.argmax(model.predict(x_test, verbose=0), axis=1)
test_accuracy = np.mean(y_pred == y_test)
confusion = metrics.confusion_matrix(y_test, y_pred)
print(f"test accuracy on {len(y_test):,} images ({course.dataset_info('mnist')}): {test_accuracy:.4f}")
fig, ax = plt.subplots(figsize=(5.5, 5))
metrics.ConfusionMatrixDisplay(confusion).plot(ax=ax, colorbar=False, cmap="Blues")
ax.set(xlabel="predicted label", ylabel="true label"); ax.grid(False)

# %%
off_diagonal = confusion - np.diag(np.diag(confusion))
true_label, predicted_label = np.unravel_index(np.argmax(off_diagonal), confusion.shape)
print(f"most frequent mistake: true label {true_label} predicted as {predicted_label} "
      f"({off_diagonal[true_label, predicted_label]} times)")

# %% [markdown]
# Misclassified test digits, titled "true → predicted":

# %%
wrong = np.flatnonzero(y_pred != y_test)[:20]
fig = course.plot_images(x_test[wrong], labels=[f"{y_test[i]} → {y_pred[i]}" for i in wrong])

# %% [markdown]
# Some of the mistakes are digits a person would hesitate over too (the most frequent confusion is printed above);
# others are plain errors of a model that sees pixels, not strokes. Lecture 08 compares this kind of network with a
# convolutional one, which looks at local patterns.

# %% [markdown]
# ## Time per epoch: CPU versus GPU
#
# An epoch is $m = \lceil N / k \rceil$ mini-batch updates for $N$ training images and batch size $k$. Each update
# is a few large matrix products, which a GPU runs in parallel. We time epochs on the CPU with
# `tf.device("/CPU:0")` and, when TensorFlow sees a GPU, on the GPU. A callback can be any object with methods
# named after the moments of training (`on_epoch_begin`, `on_epoch_end`, ...): ours records the wall time of every
# epoch. The first epoch also traces and compiles the training step, so we report the median of the later epochs.

# %%
class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every epoch in self.seconds."""
    def on_train_begin(self, logs=None):
        self.seconds = []
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)

# %%
def seconds_per_epoch(device, batch_size, num_epochs):
    """Train a fresh model on `device`; return the median seconds per epoch after the first."""
    keras.utils.set_random_seed(0)
    with tf.device(device):
        model = build_sequential()
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
        timer = EpochTimer()
        model.fit(x_train, y_train, epochs=num_epochs, batch_size=batch_size, callbacks=[timer], verbose=0)
    return float(np.median(timer.seconds[1:]))

# %%
num_timing_epochs = course.pick(full=4, fast=2)
gpus = tf.config.list_physical_devices("GPU")
rows = [("CPU", seconds_per_epoch("/CPU:0", 128, num_timing_epochs))]
if gpus:
    rows.append(("GPU", seconds_per_epoch("/GPU:0", 128, num_timing_epochs)))
print(f"batch size 128, {len(x_train):,} training images ({course.dataset_info('mnist')})")
print(f"{'device':<8}{'s / epoch':>10}")
for device, seconds in rows:
    print(f"{device:<8}{seconds:>10.2f}")
if not gpus:
    print(f"{'GPU':<8}  no GPU visible on this machine")

# %% [markdown]
# For comparison, a table NVIDIA published (reproduced in the source deck on stochastic gradient descent) for
# training a deep *convolutional* network: 64 s on a CPU against 7.5 s on a GPU with batches of 64 images, 124 s
# against 14.5 s with 128 and 257 s against 28.5 s with 256, a speed-up of 8.5 to 9 times. Expect our small dense
# network on small images to gain much less from a GPU: each step is too little work to keep thousands of GPU cores
# busy, and moving batches to the device costs time of its own. Convolutions on large images are where GPUs shine.
# How the batch size trades the time per epoch against the number of updates is a question of optimization:
# lecture 05 measures it.

# %% [markdown]
# ## Summary
#
# * `keras.Sequential([...])` and the functional `keras.Model(inputs, outputs)` can build the same network; the
#   parameter count $P = \sum_l (n_{l-1} + 1) n_l$ is the same either way.
# * Choose everything (epochs, architecture, learning rate) on a validation set; use the test set once, at the end.
# * Callbacks run after every epoch: `EarlyStopping(restore_best_weights=True)` stops `patience` epochs after the
#   best validation loss and restores that epoch's weights, `ModelCheckpoint(save_best_only=True)` keeps the best
#   model on disk.
# * `model.save("model.keras")` and `keras.models.load_model` round-trip a model exactly.
# * A confusion matrix shows which classes are confused; look at the misclassified images too.
# * A custom callback can time every epoch; GPUs pay off most for large models and inputs.
#
# ## Exercises
#
# 1. Add a second hidden layer of 64 units to both the Sequential and the functional model. Compute the new
#    parameter count by hand with the formula and check it against `count_params()`.
# 2. Train for 30 epochs without early stopping. Plot the curves: when does the validation loss start to rise, and
#    at which epoch would `EarlyStopping(patience=3)` have stopped?
# 3. Train with `learning_rate=0.01` and with `learning_rate=1.0`. How do the training curves change? Which epoch
#    does early stopping pick?
# 4. Which pair of digits does the confusion matrix confuse most? Look at ten such images and say whether you would
#    have got them right.
# 5. Write a small functional model with two outputs: the digit (10-way softmax) and whether it is even (sigmoid).
#    Why can the Sequential API not express it?
