# %% [markdown]
# # Lecture 08: Convolutional networks on MNIST
#
# **After this lecture you can** explain what a convolutional layer computes and how many parameters it has, build
# and train a LeNet-style CNN in Keras, compare it with a dense network of similar size, look at its learned filters
# and feature maps, regularise it with dropout and data augmentation, and make it train faster with batch
# normalization, a one-cycle learning-rate schedule and a sensible batch size.
#
# **Prerequisites:** lectures 04 (Keras on MNIST), 05 (Adam, batch size), 06 (dropout) and 07 (convolution).
# **Run time:** under a minute in fast mode and a few minutes in full mode on a laptop CPU.
#
# Sources: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document recognition"
# (1998), for LeNet and MNIST; N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever and R. Salakhutdinov, "Dropout: a
# simple way to prevent neural networks from overfitting" (2014); P. Simard, D. Steinkraus and J. Platt, "Best
# practices for convolutional neural networks applied to visual document analysis" (2003), for data augmentation of
# digits; S. Ioffe and C. Szegedy, "Batch normalization" (2015); L. Smith and N. Topin, "Super-convergence" (2018),
# for the one-cycle schedule; F. Chollet, "Simple MNIST convnet" (keras-io examples).

# %% [markdown]
# ## Setup

# %%
import inspect
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from scipy import signal

import course

course.setup()

# %% [markdown]
# ## Data: images with a channel axis
#
# A convolutional layer expects images of shape (height, width, channels); MNIST digits are grey, so one channel.
# Pixels become float32 in $[0, 1]$. As in lecture 04, the last sixth of the training part is the validation set,
# on which we compare models and settings; the test set is used once, for the model we report. Fast mode trains on a
# subset of the training images.

# %%
(x_train_all, y_train_all), (x_test, y_test) = course.load_mnist()
num_val = len(x_train_all) // 6
x_val, y_val = x_train_all[-num_val:, ..., None].astype("float32") / 255, y_train_all[-num_val:]
num_train = course.pick(full=len(x_train_all) - num_val, fast=1000)
x_train = x_train_all[:num_train, ..., None].astype("float32") / 255
y_train = y_train_all[:num_train]
x_test = x_test[..., None].astype("float32") / 255
print("data:", course.dataset_info("mnist"))
print(f"train / validation / test: {len(x_train):,} / {len(x_val):,} / {len(x_test):,} images of shape "
      f"{x_train.shape[1:]}")

# %% [markdown]
# ## What a convolution computes
#
# A convolutional layer slides small filters over the image. Filter $k$ with weights $w_{u,v,c,k}$ ($u, v$ over a
# $3 \times 3$ window, $c$ over the input channels) and bias $b_k$ produces the **feature map**
#
# $$z_{i,j,k} = b_k + \sum_{u=0}^{2} \sum_{v=0}^{2} \sum_{c} w_{u,v,c,k}\, x_{i+u,\, j+v,\, c}.$$
#
# (Deep-learning libraries compute this cross-correlation and call it convolution.) The same weights are used at
# every position $(i, j)$: a filter that detects an edge detects it anywhere. Here are two hand-made filters, the
# Sobel operators for vertical and horizontal edges, applied to a training digit.

# %%
sobel = {"vertical edges": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
         "horizontal edges": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])}
x = x_train[0, :, :, 0]
maps = [signal.correlate2d(x, w, mode="same") for w in sobel.values()]
fig, axes = plt.subplots(1, 3, figsize=(6.6, 2.4))
axes[0].imshow(x, cmap="gray_r"); axes[0].set_title("digit", fontsize=9)
for ax, feature_map, name in zip(axes[1:], maps, sobel):
    limit = np.abs(feature_map).max()  # a colour scale symmetric about 0: white is exactly 0
    ax.imshow(feature_map, cmap="RdBu_r", vmin=-limit, vmax=limit); ax.set_title(name, fontsize=9)
for ax in axes:
    ax.axis("off")

# %% [markdown]
# Each filter responds (red positive, blue negative; white is 0 on this symmetric scale) where the stroke has an edge
# of its orientation, and stays at 0 on flat regions. A CNN *learns* its filters instead of having them designed.
#
# **Parameters.** A layer with $C_{\text{out}}$ filters of size $3 \times 3$ on $C_{\text{in}}$ input channels has
# $(3 \cdot 3 \cdot C_{\text{in}} + 1)\, C_{\text{out}}$ parameters, however large the image: ten $3 \times 3$
# filters on a grey image have $10 \cdot 9 = 90$ weights (plus 10 biases), eight $3 \times 3$ filters on those ten
# maps have $8 \cdot 3 \cdot 3 \cdot 10 = 720$ weights (plus 8 biases).

# %%
for c_in, c_out in [(1, 10), (10, 8)]:
    conv = layers.Conv2D(c_out, 3, padding="same")
    conv.build((None, 100, 100, c_in))
    print(f"{c_out} filters 3x3x{c_in}: formula {(3 * 3 * c_in + 1) * c_out}, Keras {conv.count_params()}")

# %% [markdown]
# ## A LeNet-style CNN
#
# LeNet-5 (LeCun et al. 1998) alternates convolutions with subsampling and ends in dense layers. The course's
# `course.cnn_classifier` follows that pattern: two blocks of a $3 \times 3$ convolution (ReLU, "same" padding) and
# $2 \times 2$ max pooling, which halves height and width, then a dense layer of 128 ReLU units, dropout and a
# softmax over the 10 digits.

# %%
cnn = course.cnn_classifier()
cnn.summary()

# %% [markdown]
# The summary shows the shapes shrinking from $28 \times 28$ to $14 \times 14$ to $7 \times 7$ while the channels
# grow from 1 to 32 to 64. Most parameters sit in the first dense layer, which sees all $7 \cdot 7 \cdot 64$ values.

# %% [markdown]
# ## CNN versus a dense network of similar size
#
# Is the CNN better just because it is big? We build a dense network with one hidden layer of $h$ units, choosing
# $h$ so that its parameter count $(784 + 1) h + (h + 1) \cdot 10$ matches the CNN's, and train both the same way.

# %%
h = round((cnn.count_params() - 10) / (784 + 1 + 10))
dense = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(h, activation="relu"),
                          layers.Dropout(0.5), layers.Dense(10, activation="softmax")], name="dense")
print(f"parameters: CNN {cnn.count_params():,}; dense network with h = {h}: {dense.count_params():,}")

# %%
num_epochs, verbose = course.pick(full=8, fast=2), course.pick(full="auto", fast=0)
histories, accuracies = {}, {}
for name, model in [("CNN", cnn), ("dense", dense)]:
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
    histories[name] = model.fit(x_train, y_train, batch_size=128, epochs=num_epochs, verbose=verbose,
                                validation_data=(x_val, y_val))
    accuracies[name] = histories[name].history["val_accuracy"][-1]
    print(f"{name}: validation accuracy {accuracies[name]:.4f} after {num_epochs} epochs on {len(x_train):,} images")
course.claim("with about the same number of parameters, the CNN is more accurate than the dense network on the "
             "validation set", accuracies["CNN"] > accuracies["dense"], cnn=accuracies["CNN"],
             dense=accuracies["dense"])
print(f"the CNN's test accuracy, measured once: {cnn.evaluate(x_test, y_test, verbose=0)[1]:.4f}")

# %% [markdown]
# Training curves of both networks, on the training images and on the validation set:

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
for name, history in histories.items():
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        ax.plot(history.history[metric], "--", label=f"{name} training")
        ax.plot(history.history[f"val_{metric}"], "o-", label=f"{name} validation")
        ax.set(xlabel="epoch", ylabel=metric)
axes[1].legend(); fig.tight_layout()

# %% [markdown]
# The checked line above says whether the CNN won in this run. Given enough epochs and data it should: its weights
# are shared across positions and see local neighbourhoods, a prior that suits images, whereas the dense network must
# learn every position separately. (After very few epochs on a small subset, as in fast mode, the dense network can
# still be ahead: it starts learning faster.) LeCun et al. (1998) report 0.95 % test error on the full MNIST for
# LeNet-5 against 4.5 % for a dense network with 1,000 hidden units.

# %% [markdown]
# ## What the network learned: filters and feature maps
#
# The first layer's 32 filters are $3 \times 3$ weight arrays, drawn on one colour scale symmetric about 0: red
# marks positive weights, blue negative ones, white zero.

# %%
kernels = cnn.layers[0].get_weights()[0]  # shape (3, 3, 1, 32): u, v, c, k
limit = np.abs(kernels).max()
fig, axes = plt.subplots(2, 16, figsize=(13, 2))
for k, ax in enumerate(axes.flat):
    ax.imshow(kernels[:, :, 0, k], cmap="RdBu_r", vmin=-limit, vmax=limit); ax.set_title(k, fontsize=8); ax.axis("off")

# %% [markdown]
# Look for small edge or bar detectors among them (a row of red next to a row of blue), like the Sobel filters above,
# but learned from data. To see what the layers do to one digit we build a model that returns every intermediate
# output, then show the first eight feature maps of each layer.

# %%
probe = keras.Model(cnn.inputs, [layer.output for layer in cnn.layers[:4]])
outputs = probe.predict(x_test[:1], verbose=0)
fig, axes = plt.subplots(4, 9, figsize=(11, 5.4))
for row, (layer, maps) in enumerate(zip(cnn.layers[:4], outputs)):
    axes[row, 0].imshow(x_test[0, :, :, 0], cmap="gray_r"); axes[row, 0].set_ylabel(layer.name, fontsize=8)
    for col in range(8):
        axes[row, col + 1].imshow(maps[0, :, :, col], cmap="viridis")
    print(f"{layer.name}: output of shape {maps.shape[1:]}")
for ax in axes.flat:
    ax.set(xticks=[], yticks=[])

# %% [markdown]
# Each row starts with the digit itself. The first convolution's maps light up on edges of particular
# orientations; pooling keeps the strongest response in each $2 \times 2$ block at half the resolution; the second
# convolution combines them into coarser, more abstract parts of the stroke.

# %% [markdown]
# ## Dropout and data augmentation on a small training set
#
# With few training images a CNN memorises them. Two remedies:
#
# * **Dropout** (Srivastava et al. 2014; lecture 06) keeps each unit with probability $p$ during training and scales
#   the survivors by $1 / p$: $\tilde a = m \odot a / p$ with $m_i \sim \text{Bernoulli}(p)$. Keras' `Dropout(rate)`
#   and `course.cnn_classifier(dropout=rate)` take the drop probability, `rate` $= 1 - p$. At test time nothing is
#   dropped. Units cannot rely on particular partners, which acts like averaging many thinned networks.
# * **Data augmentation** shows a randomly transformed copy of each image at every epoch. Simard et al. (2003) showed
#   that affine and elastic distortions of MNIST digits cut the error of a simple CNN markedly. Keras' random layers
#   are active only during training.
#
# For digits, small shifts, rotations and zooms give plausible digits and so does a little pixel noise. Flips
# do not: a mirrored 2, 3 or 7 is no digit at all, and a 6 flipped upside down (or rotated by 180°) reads as a 9,
# so the label would be wrong. Flips suit photographs of objects (a mirrored cat is still a cat), not text.
#
# Another way to shift: pad by 2 pixels with `layers.ZeroPadding2D(2)` and cut a random $28 \times 28$ window back out
# with `layers.RandomCrop(28, 28)`. On its own that pair breaks evaluation in the installed Keras: `RandomCrop` crops
# only in training and passes its input through unchanged otherwise (its `transform_images` does nothing when
# `training` is false; keras-team/keras#21868), so `evaluate` and `predict` would feed $32 \times 32$ maps to a network
# built for $28 \times 28$. A `layers.CenterCrop(28, 28)` after it fixes this: in training it receives $28 \times 28$
# images and leaves them alone, otherwise it cuts the centre, which undoes the padding. The cell below shows the
# shapes and trains and evaluates a CNN with this augmentation for one epoch, so the suggestion is known to run.

# %%
pad_and_crop = keras.Sequential([layers.ZeroPadding2D(2), layers.RandomCrop(28, 28)], name="pad_and_crop")
shift_by_crop = keras.Sequential([layers.ZeroPadding2D(2), layers.RandomCrop(28, 28), layers.CenterCrop(28, 28)],
                                 name="shift_by_crop")
for name, pipeline in [("ZeroPadding2D + RandomCrop", pad_and_crop), ("... + CenterCrop", shift_by_crop)]:
    shapes = [tuple(pipeline(x_train[:4], training=training).shape[1:]) for training in (True, False)]
    print(f"{name:<27} output in training {shapes[0]}, outside training {shapes[1]}")
keras.utils.set_random_seed(0)
crop_model = keras.Sequential([keras.Input(shape=(28, 28, 1)), shift_by_crop, course.cnn_classifier()])
crop_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
crop_model.fit(x_train[:500], y_train[:500], batch_size=32, epochs=1, verbose=0)
crop_accuracy = crop_model.evaluate(x_val, y_val, verbose=0)[1]
print(f"CNN with pad-and-crop shifts, 1 epoch on 500 images: validation accuracy {crop_accuracy:.3f}")
course.claim("with CenterCrop after RandomCrop the augmentation returns 28 x 28 images in training and outside it",
             all(tuple(shift_by_crop(x_train[:4], training=t).shape[1:]) == (28, 28, 1) for t in (True, False)))

# %%
augment = keras.Sequential([
    layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),  # up to 10 % of the height/width: about 3 pixels
    layers.RandomRotation(0.04, fill_mode="constant"),          # up to 0.04 of a turn: about 14 degrees
    layers.RandomZoom(0.1, fill_mode="constant"),
    layers.GaussianNoise(0.05),
], name="augment")
samples = [augment(x_train[:1], training=True)[0, :, :, 0] for _ in range(10)]
fig = course.plot_images(np.clip(samples, 0, 1), labels=[f"y = {y_train[0]}"] * 10)

# %% [markdown]
# Ten random versions of the same training digit, all still clearly the same digit. Now the experiment: 500
# training images, the course CNN without dropout, with dropout ($p = 0.5$) and with dropout plus augmentation, same
# number of epochs; then the accuracy on the training images (without augmentation) and on the validation images.

# %%
num_small, small_epochs = 500, course.pick(full=40, fast=4)
x_small, y_small = x_train[:num_small], y_train[:num_small]
variants = {"no dropout": (0.0, False), "dropout p = 0.5": (0.5, False), "dropout p = 0.5 + augmentation": (0.5, True)}
print(f"{num_small} training images, {small_epochs} epochs ({course.dataset_info('mnist')})")
print(f"{'variant':<32}{'train accuracy':>15}{'val. accuracy':>15}")
gaps, val_accuracies = {}, {}
for name, (rate, use_augmentation) in course.progress(variants.items(), "variants", total=len(variants)):
    keras.utils.set_random_seed(0)
    model = course.cnn_classifier(dropout=rate)
    if use_augmentation:
        model = keras.Sequential([keras.Input(shape=(28, 28, 1)), augment, model])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
    model.fit(x_small, y_small, batch_size=32, epochs=small_epochs, verbose=0)
    train_accuracy, val_accuracy = (model.evaluate(x, y, verbose=0)[1] for x, y in [(x_small, y_small),
                                                                                    (x_val, y_val)])
    gaps[name], val_accuracies[name] = train_accuracy - val_accuracy, val_accuracy
    print(f"{name:<32}{train_accuracy:>15.4f}{val_accuracy:>15.4f}")
course.claim("dropout plus augmentation leaves a smaller gap between training and validation accuracy than no dropout, "
             "with a validation accuracy at least as high",
             gaps["dropout p = 0.5 + augmentation"] < gaps["no dropout"]
             and val_accuracies["dropout p = 0.5 + augmentation"] >= val_accuracies["no dropout"],
             gap_no_dropout=gaps["no dropout"], gap_dropout=gaps["dropout p = 0.5"],
             gap_dropout_and_augmentation=gaps["dropout p = 0.5 + augmentation"],
             val_no_dropout=val_accuracies["no dropout"],
             val_dropout_and_augmentation=val_accuracies["dropout p = 0.5 + augmentation"])

# %% [markdown]
# Read the table as the gap between the two columns: without regularisation the network fits its 500 training images
# closely (nearly perfectly, given enough epochs), and the validation accuracy is what regularisation can improve. A
# smaller gap alone proves little: a regulariser that lowers the training accuracy more than the validation accuracy
# also narrows it, while making the model worse on new images. So the checked line asks for both, a smaller gap *and*
# a validation accuracy at least as high as without dropout. Augmentation needs more epochs to pay off, because every
# epoch shows new variants: in the 4 epochs of fast mode it can lower both accuracies, and the claim then does not
# hold.

# %% [markdown]
# ## A CNN that trains fast
#
# On a CPU, time is what we pay for. The Keras example "Simple MNIST convnet" (Chollet) is our reference: Conv2D 32,
# pool, Conv2D 64, pool, dropout 0.5, softmax, batch 128, Adam at its default learning rate $10^{-3}$; its
# convolutions use "valid" padding and have biases. A variant designed to reach a good accuracy in fewer epochs
# (`course.fast_cnn_classifier`, printed below) changes seven things:
#
# * **fewer filters** (16 and 32): cheaper steps, and MNIST needs no more;
# * **batch normalization** (Ioffe and Szegedy 2015) after each convolution, before the ReLU: it standardises each
#   channel over the batch and all positions of its map, $\hat z = (z - \mu_B) / \sqrt{\sigma_B^2 + \epsilon}$, then
#   rescales, $\gamma \hat z + \beta$; the network then tolerates a much larger learning rate. Its running averages of
#   $\mu$ and $\sigma^2$, used at test time, get momentum 0.9 instead of Keras' 0.99, so that they forget their
#   starting values within a few dozen steps instead of a few hundred (an average with momentum $m$ weighs its start by
#   $m^t$ after $t$ steps, a time constant of $1 / (1 - m)$: 10 steps instead of 100), which matters in a short run;
# * **no convolution biases** (`use_bias=False`): the mean subtraction of batch normalization would cancel them, and
#   its $\beta$ plays their part;
# * **"same" padding** instead of "valid": the maps stay $28 \times 28$ and $14 \times 14$ before pooling;
# * **dropout 0.25** instead of 0.5 before the output layer;
# * a **one-cycle learning rate**, a variant of Smith and Topin's (2018), whose cycle rises and falls linearly:
#   warm up linearly from $\eta_{\max}/10$ to $\eta_{\max} = 0.01$ during the first 20 % of the steps, then decay
#   along a cosine to $\eta_{\max}/100$;
# * a **smallish batch** (64): more updates per epoch than 128, which matters when we train for two epochs only.

# %%
# The builder lives in the course package (course/models.py): benchmarks/cnn_time_to_98.py times the same model.
fast_cnn, one_cycle = course.fast_cnn_classifier, course.one_cycle
print(inspect.getsource(course.models.one_cycle) + "\n" + inspect.getsource(course.models.fast_cnn_classifier))

# %%
batch_size, fast_epochs = 64, 2
keras.utils.set_random_seed(0)
model = fast_cnn(int(np.ceil(len(x_train) / batch_size)), fast_epochs)
start = time.perf_counter()
model.fit(x_train, y_train, batch_size=batch_size, epochs=fast_epochs, verbose=verbose)
seconds, fast_accuracy = time.perf_counter() - start, model.evaluate(x_val, y_val, verbose=0)[1]
cnn_after_2 = histories["CNN"].history["val_accuracy"][fast_epochs - 1]
print(f"fast CNN: {model.count_params():,} parameters, {fast_epochs} epochs on {len(x_train):,} images in "
      f"{seconds:.1f} s; validation accuracy {fast_accuracy:.4f} ({course.dataset_info('mnist')})")
course.claim(f"after {fast_epochs} epochs on the same images the fast CNN is more accurate on the validation set than "
             f"the course CNN after its first {fast_epochs}", fast_accuracy > cnn_after_2, fast_cnn=fast_accuracy,
             course_cnn=cnn_after_2)
print(f"the fast CNN's test accuracy, measured once: {model.evaluate(x_test, y_test, verbose=0)[1]:.4f}")

# %%
steps = np.arange(fast_epochs * int(np.ceil(len(x_train) / batch_size)))
schedule = one_cycle(len(steps))
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.plot(steps, [float(schedule(s)) for s in steps]); ax.set(xlabel="step", ylabel="learning rate $\\eta$")

# %% [markdown]
# The schedule above: a short climb, then a long cosine descent, so the last steps fine-tune with a tiny rate. The
# checked line above compares the fast CNN with the course CNN of the earlier section after the same two epochs on the
# same images (the course CNN's curve shows its later epochs). `benchmarks/cnn_time_to_98.py` in the repository
# measures, on the full stand-in training set, how long each model trains until it first reaches 98 % test accuracy,
# the Keras example against this one; run it on your machine to see the ratio. Compiling with XLA (`jit_compile=True`)
# is another knob, but on a CPU the compilation of such a small model can cost more time than it saves: measure it
# (the script's `--jit-compile`) before relying on it.

# %% [markdown]
# ## Batch size versus time per epoch
#
# An epoch is $\lceil N / k \rceil$ updates for batch size $k$. On a CPU each update carries a fixed overhead, so
# larger batches tend to make an epoch faster, at the price of fewer updates. We time the second epoch of the fast CNN
# (the first one also traces the training step).

# %%
print(f"fast CNN, {len(x_train):,} images ({course.dataset_info('mnist')})")
print(f"{'batch size':>10}{'updates / epoch':>17}{'s / epoch':>11}{'val. accuracy':>15}")
batch_results = {}
for k in course.progress([32, 64, 256], "batch sizes"):
    keras.utils.set_random_seed(0)
    model = fast_cnn(int(np.ceil(len(x_train) / k)), 2)
    model.fit(x_train, y_train, batch_size=k, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=k, epochs=1, verbose=0)
    epoch_seconds, accuracy = time.perf_counter() - start, model.evaluate(x_val, y_val, verbose=0)[1]
    batch_results[k] = (epoch_seconds, accuracy)
    print(f"{k:>10}{int(np.ceil(len(x_train) / k)):>17}{epoch_seconds:>11.2f}{accuracy:>15.4f}")
course.claim("after the same two epochs, batch 32 gives the more accurate model than batch 256",
             batch_results[32][1] > batch_results[256][1], accuracy_32=batch_results[32][1],
             accuracy_256=batch_results[256][1])

# %% [markdown]
# Fewer updates per epoch usually make the epoch faster, but each update of a large batch costs more, and on a busy
# machine the timings are noisy: read the seconds column of this run for yourself. The checked line compares the
# accuracy after the same two epochs at batch 32 and at batch 256, which makes 8 times fewer updates. For a short,
# fixed budget of epochs the smaller batches win on accuracy; the fast CNN's 64 is a compromise between speed per
# epoch and updates per epoch.

# %% [markdown]
# ## Summary
#
# * A convolution applies the same small filter at every position: $(3 \cdot 3 \cdot C_{\text{in}} + 1)
#   C_{\text{out}}$ parameters, independent of the image size.
# * Weight sharing and locality suit images: LeCun et al. (1998) report 0.95 % test error for LeNet-5 against 4.5 %
#   for a dense network; the checked claim above compares our CNN with a dense network of the same size.
# * First-layer filters are edge and stroke detectors; deeper feature maps are coarser and more abstract.
# * Dropout and data augmentation (shifts, small rotations, zooms, noise; no flips for digits) fight overfitting,
#   most visibly on small training sets.
# * Batch normalization, a one-cycle learning rate, fewer filters and a small batch are designed to reach a given
#   accuracy in fewer epochs (checked above against the course CNN after two epochs).
#
# ## Exercises
#
# 1. Compute by hand the parameter count of every layer of `course.cnn_classifier()` and check it with `summary()`.
# 2. Replace the dense network's single hidden layer by two layers with the same total parameter count. Does it
#    close the gap to the CNN?
# 3. Use the `shift_by_crop` pipeline above (`ZeroPadding2D(2)`, `RandomCrop(28, 28)`, `CenterCrop(28, 28)`) in the
#    augmentation instead of `RandomTranslation`. Is the result different? Why should it not be, much? (Without the
#    `CenterCrop`, `evaluate` fails: see the section above.)
# 4. Add `layers.RandomFlip("horizontal")` to the augmentation and train on the 500 images again. What happens to
#    the validation accuracy, and which digits suffer most?
# 5. Train the fast CNN with Keras' default batch-normalization momentum (0.99): copy the source of
#    `fast_cnn_classifier` printed above and drop `momentum=0.9`. Plot the validation accuracy after each epoch: why
#    is it poor at first, and why does it matter less for long training runs?
# 6. Run `benchmarks/cnn_time_to_98.py` with and without `--jit-compile`, and with `--fast-batch-size 128`. Which
#    change helps on your machine?
