# %% [markdown]
# # Lecture 20: Semantic segmentation and fully convolutional networks
#
# **After this lecture you can** pose segmentation as classifying every pixel (foreground against background, or
# one of $M$ classes), write the per-pixel cross-entropy, turn a trained classifier into a fully convolutional
# network by rewriting its dense layers as convolutions with the same weights and read its class heat maps on a
# large image, compute the output size of a transposed convolution, build and train an encoder-decoder with skip
# connections (a small U-Net), measure a segmentation with pixel accuracy, per-class IoU and mean IoU, and compare
# fine-tuning from a classifier with random initialisation.
#
# **Prerequisites:** lectures 07 (convolution, output sizes), 08 (the CNN classifier), 09 (transfer learning and
# fine-tuning) and 16 (encoders and decoders; its convolutional autoencoder uses the transposed convolutions that
# this lecture explains). **Run time:** under a minute in fast mode
# and a few minutes in full mode on a laptop CPU (most of it the two U-Net trainings).
#
# Sources: J. Long, E. Shelhamer and T. Darrell, "Fully convolutional networks for semantic segmentation" (CVPR
# 2015); O. Ronneberger, P. Fischer and T. Brox, "U-Net: convolutional networks for biomedical image segmentation"
# (MICCAI 2015); V. Dumoulin and F. Visin, "A guide to convolution arithmetic for deep learning" (2016), for the
# transposed convolution; M. Everingham, L. Van Gool, C. Williams, J. Winn and A. Zisserman, "The PASCAL visual
# object classes (VOC) challenge" (IJCV 2010), for the intersection over union.

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import keras
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from matplotlib.colors import ListedColormap

import course

course.setup()

# %% [markdown]
# ## Segmentation: a label for every pixel
#
# A classifier gives one label per image. **Semantic segmentation** gives one per pixel. The simplest case is
# **foreground against background** (two classes: object or not); the general one is **$M$-way labelling**, where
# every pixel gets one of $M$ classes, for example the objects ("things") and surfaces ("stuff") of a street scene.
#
# Our data are canvases of $64 \times 64$ pixels holding one to three MNIST digits at random places
# (`course.load_digit_canvases`). The mask labels a pixel 0 for background and $1 + d$ where digit $d$ has ink, so
# $M = 11$. The training canvases use MNIST's training images, the test canvases its test images: the test digits
# were never seen.

# %%
num_canvases, num_test_canvases = course.pick(full=2000, fast=96), course.pick(full=500, fast=50)
X_train, Y_train = course.load_digit_canvases(num_canvases, split="train", seed=0)
X_test, Y_test = course.load_digit_canvases(num_test_canvases, split="test", seed=1)
M = 11
print("data:", course.dataset_info("mnist"))
print(f"canvases: {X_train.shape} for training, {X_test.shape} for testing; masks {Y_train.dtype}, "
      f"labels 0 to {Y_train.max()}")
share = np.bincount(Y_train.ravel(), minlength=M) / Y_train.size
print(f"share of background pixels: {share[0]:.3f}; each digit class: {share[1:].min():.4f} to {share[1:].max():.4f}")

# %% [markdown]
# One colour per class (white is background) shows the two labellings of the same canvases: foreground against
# background is the mask $y > 0$, the 11-way labelling is the mask itself.

# %%
label_colours = ListedColormap(["white"] + [plt.cm.tab10(d) for d in range(10)])  # class c -> colour c

def show_labels(ax, mask, title):
    ax.imshow(mask, cmap=label_colours, vmin=-0.5, vmax=M - 0.5, interpolation="nearest")
    ax.set(title=title, xticks=[], yticks=[]); ax.grid(False)

fig, axes = plt.subplots(3, 4, figsize=(8, 6.3))
for col in range(4):
    axes[0, col].imshow(X_train[col], cmap="gray_r"); axes[0, col].set(xticks=[], yticks=[]); axes[0, col].grid(False)
    axes[1, col].imshow(Y_train[col] > 0, cmap="gray_r", interpolation="nearest")
    axes[1, col].set(xticks=[], yticks=[]); axes[1, col].grid(False)
    show_labels(axes[2, col], Y_train[col], "digits " + ", ".join(str(c - 1) for c in np.unique(Y_train[col])[1:]))
for row, name in enumerate(["canvas", "foreground", "11 classes"]):
    axes[row, 0].set_ylabel(name)
fig.tight_layout()

# %% [markdown]
# Background dominates: the share printed above means that a "model" that answers *background* everywhere is
# right on almost every pixel. Keep that number in mind when we measure accuracy.

# %% [markdown]
# ## The per-pixel loss
#
# A segmentation network outputs, for every pixel $(i, j)$ of image $n$, a softmax over the $M$ classes,
# $p_{n,i,j,c}$. The loss is the cross-entropy of lecture 03 at every pixel, **averaged over all pixels** of the
# batch of $N$ images of $H \times W$ pixels:
#
# $$L = -\frac{1}{N H W} \sum_{n=1}^{N} \sum_{i=1}^{H} \sum_{j=1}^{W} \log p_{n,i,j,\,y_{n,i,j}}.$$
#
# For foreground against background, $M = 2$ (or one sigmoid per pixel with the binary cross-entropy). Keras'
# `SparseCategoricalCrossentropy` accepts labels of shape $(N, H, W)$ and probabilities of shape $(N, H, W, M)$ and
# averages over every pixel; we check it against the formula.

# %%
rng = np.random.default_rng(0)
logits = rng.normal(size=(2, 4, 5, M))
p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
y = rng.integers(0, M, size=(2, 4, 5))
n, i, j = np.indices(y.shape)
L_formula = -np.mean(np.log(p[n, i, j, y]))
L_keras = float(keras.losses.SparseCategoricalCrossentropy()(y, p.astype("float32")))
print(f"formula: {L_formula:.6f}   Keras: {L_keras:.6f}")
course.claim("Keras' sparse categorical cross-entropy on (N, H, W, M) outputs is the per-pixel cross-entropy "
             "averaged over all pixels", abs(L_formula - L_keras) < 1e-5, difference=abs(L_formula - L_keras))

# %% [markdown]
# The deck's training curves for Long et al.'s networks plot the loss "without normalization": the per-pixel losses
# summed instead of averaged. The sum is the mean times $N H W$, a constant: it changes only the scale of the
# gradient, that is, which learning rate works.

# %% [markdown]
# ## A classifier to start from
#
# Long et al. did not design segmentation networks from scratch: they took ImageNet classifiers and converted them.
# We do the same with lecture 08's CNN (`course.cnn_classifier`: two blocks of a $3 \times 3$ convolution and
# $2 \times 2$ max pooling, then a dense layer of 128 units and a softmax over 10 digits), trained briefly on
# single $28 \times 28$ digits.

# %%
(x_digits, y_digits), (x_digits_test, y_digits_test) = course.load_mnist()
num_digits = course.pick(full=len(x_digits), fast=2000)
x_digits = x_digits[:num_digits, ..., None].astype("float32") / 255
x_digits_test = x_digits_test[..., None].astype("float32") / 255
classifier = course.cnn_classifier()
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
verbose = course.pick(full="auto", fast=0)  # Keras' progress bar in full mode
classifier.fit(x_digits, y_digits[:num_digits], batch_size=64, epochs=course.pick(full=3, fast=1), verbose=verbose)
classifier_accuracy = classifier.evaluate(x_digits_test, y_digits_test, verbose=0)[1]
print(f"classifier: trained on {num_digits:,} digits, test accuracy {classifier_accuracy:.4f}")
classifier.summary()

# %% [markdown]
# ## Dense layers are convolutions
#
# The first dense layer sees the flattened $7 \times 7 \times 64$ feature map $a$. Keras flattens in the order
# (row $u$, column $v$, channel $c$), so unit $k$ computes
#
# $$z_k = b_k + \sum_{u=0}^{6} \sum_{v=0}^{6} \sum_{c=0}^{63} W_{(7u + v) \cdot 64 + c,\; k}\; a_{u,v,c},$$
#
# which is exactly a $7 \times 7$ convolution with kernel $K_{u,v,c,k} = W_{(7u+v) \cdot 64 + c,\,k}$, evaluated at
# the one position where it fits. So the dense layer **is** a convolution whose kernel is as large as the feature
# map, and its weights are the dense weights reshaped to $(7, 7, 64, 128)$. The next dense layer, from 128 to 10
# units, sees one vector per position: it is a $1 \times 1$ convolution with kernel shape $(1, 1, 128, 10)$. Dropout
# does nothing at test time and is left out. We build that **fully convolutional network** (FCN) and copy the
# weights; nothing is retrained.

# %%
fcn = keras.Sequential([
    keras.Input(shape=(None, None, 1)),  # any height and width
    layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
    layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
    layers.Conv2D(128, 7, activation="relu"),    # was Dense(128) after Flatten
    layers.Conv2D(10, 1, activation="softmax"),  # was Dense(10)
], name="fcn")
conv1, _, conv2, _, _, dense1, _, dense2 = classifier.layers
W1, b1 = dense1.get_weights()  # W1: (7 * 7 * 64, 128)
W2, b2 = dense2.get_weights()  # W2: (128, 10)
fcn.layers[0].set_weights(conv1.get_weights())
fcn.layers[2].set_weights(conv2.get_weights())
fcn.layers[4].set_weights([W1.reshape(7, 7, 64, 128), b1])
fcn.layers[5].set_weights([W2.reshape(1, 1, 128, 10), b2])
print("dense kernels", W1.shape, W2.shape, "-> convolution kernels", fcn.layers[4].kernel.shape,
      fcn.layers[5].kernel.shape)

# %% [markdown]
# On a $28 \times 28$ digit the FCN's output is $1 \times 1 \times 10$: one position, the classifier's
# probabilities. We compare them on the MNIST test digits.

# %%
p_classifier = classifier.predict(x_digits_test, batch_size=500, verbose=0)
p_fcn = fcn.predict(x_digits_test, batch_size=500, verbose=0)
print(f"FCN output on 28 x 28 digits: {p_fcn.shape}; classifier output: {p_classifier.shape}")
difference = np.abs(p_fcn[:, 0, 0, :] - p_classifier).max()
course.claim("on 28 x 28 digits the FCN gives the classifier's probabilities (max abs difference below 1e-5)",
             difference < 1e-5, max_abs_difference=difference, digits=len(p_fcn))

# %% [markdown]
# The largest difference printed above is floating-point rounding: the two networks compute the same sums in
# another order.

# %% [markdown]
# ## The FCN's heat maps over a large canvas
#
# Nothing in the FCN fixes the input size. On an $H \times W$ canvas the two poolings give $H/4 \times W/4$ maps,
# and the $7 \times 7$ convolution without padding fits at $(H/4 - 6) \times (W/4 - 6)$ positions. Position
# $(i, j)$ classifies the $28 \times 28$ window that starts at pixel $(4i, 4j)$, almost as the classifier would
# (the classifier pads the window's edges with zeros where the FCN sees the neighbouring pixels): the FCN slides the
# classifier over the canvas with a stride of 4 pixels, sharing all the computation between overlapping windows. Each class gets a **heat map** of probabilities. We take a $96 \times 96$ test canvas
# with three different digits.

# %%
big_canvases, big_masks = course.load_digit_canvases(20, size=96, split="test", seed=2)
index = next(k for k, mask in enumerate(big_masks) if len(np.unique(mask)) == 4)  # background and three digits
canvas, mask = big_canvases[index], big_masks[index]
heat = keras.ops.convert_to_numpy(fcn(canvas[None, :, :, None]))[0]  # (96/4 - 6, 96/4 - 6, 10)
present = np.unique(mask)[1:] - 1
print(f"canvas {canvas.shape} -> heat maps {heat.shape}; digits present: {present.tolist()}")

# %%
h, w = heat.shape[:2]
extent = (11.5, 4 * w + 11.5, 4 * h + 11.5, 11.5)  # cell (i, j) drawn over the centre of its window, 4 pixels wide
fig, axes = plt.subplots(2, 6, figsize=(12, 4.2), layout="constrained")
axes[0, 0].imshow(canvas, cmap="gray_r"); axes[0, 0].set_title("canvas")
show_labels(axes[1, 0], mask, "truth")
for d, ax in zip(range(10), axes[:, 1:].flat):
    image = ax.imshow(heat[:, :, d], cmap="Reds", vmin=0, vmax=1, extent=extent, interpolation="nearest")
    ax.contour(canvas, levels=[0.5], colors="black", linewidths=0.6)  # the digits' outlines
    ax.set_xlim(-0.5, 95.5); ax.set_ylim(95.5, -0.5)
    ax.set_title(f"p(digit {d})" + (" present" if d in present else ""), fontsize=9,
                 fontweight="bold" if d in present else "normal")
for ax in axes.flat:
    ax.axis("off")
fig.colorbar(image, ax=axes[:, 1:].ravel().tolist(), fraction=0.02, label="FCN probability");

# %% [markdown]
# In the maps of the digits present (bold titles), look at the cells whose window sits on that digit. They are not
# the only cells that light up: windows over blank paper, over part of a digit or over two digits at once are inputs
# the classifier never saw in training, and it has no background class, so its answers there mean little. To check
# the pattern beyond one canvas, we compare, over the test canvases, each heat map's peak for the digits present
# with the peaks for the digits absent.

# %%
heat_maps = fcn.predict(X_test[..., None], batch_size=100, verbose=0)  # (N, 10, 10, 10) for 64 x 64 canvases
peaks = heat_maps.max(axis=(1, 2))                      # (N, 10): each class's highest probability on the canvas
is_present = np.stack([np.isin(np.arange(1, 11), np.unique(m)) for m in Y_test])
peak_present, peak_absent = peaks[is_present].mean(), peaks[~is_present].mean()
print(f"mean peak probability on {len(X_test)} test canvases: digits present {peak_present:.3f}, "
      f"absent {peak_absent:.3f}")
course.claim("the FCN's heat maps peak higher for the digits present on a canvas than for those absent",
             peak_present > peak_absent, present=peak_present, absent=peak_absent)

# %% [markdown]
# Compare the two numbers printed above, not only the checked line: wherever the absent digits' peaks are high too,
# the classifier answered confidently on windows unlike anything it was trained on (blank paper, halves of digits,
# two digits at once). A segmentation network needs a background class and training on whole canvases, which is
# what the rest of the lecture does.
#
# The heat maps are also coarse: one value per 4 pixels, and blurred over a 28-pixel window. To label every pixel we
# need to go back up to the full resolution. Long et al. upsample their coarse class scores with transposed
# convolutions ("FCN-32s") and sharpen them by adding scores computed from earlier, finer layers ("FCN-16s",
# "FCN-8s").

# %% [markdown]
# ## Upsampling: the transposed convolution
#
# A convolution with kernel size $k$, stride $s$ and padding $p$ maps $i$ input positions to
# $o = \lfloor (i + 2p - k)/s \rfloor + 1$ (lecture 07). A **transposed convolution** goes the other way: every
# input value stamps a copy of the kernel, scaled by that value, into the output, the copies $s$ pixels apart, and
# overlapping copies add up. It is the backward pass of a strided convolution with respect to its input, hence the
# name (Dumoulin and Visin 2016). Its output size is
#
# $$o = (i - 1)\, s - 2p + k,$$
#
# which is $(i - 1)s + k$ for Keras' `padding="valid"` ($p = 0$) and $i \cdot s$ for `padding="same"`. First the
# stamping, on a $2 \times 2$ input with a $3 \times 3$ kernel of ones and stride 2:

# %%
x_small = np.array([[1.0, 2.0], [3.0, 4.0]])
s, k = 2, 3
stamp = np.zeros(((2 - 1) * s + k,) * 2)
for a in range(2):
    for b in range(2):
        stamp[s * a:s * a + k, s * b:s * b + k] += x_small[a, b] * np.ones((k, k))
transposed = layers.Conv2DTranspose(1, k, strides=s, use_bias=False, kernel_initializer="ones")
keras_output = keras.ops.convert_to_numpy(transposed(x_small[None, :, :, None]))[0, :, :, 0]
print("stamped by hand:\n", stamp, "\nKeras Conv2DTranspose equal:", np.allclose(stamp, keras_output))

# %% [markdown]
# The overlapping row and column (the values 3, 4, 6, 7 and 10) are sums of neighbouring stamps. Now the formula
# against Keras' output sizes, for kernels at least as large as the stride (Keras computes smaller kernels
# differently):

# %%
print(f"{'i':>3}{'k':>3}{'s':>3}  padding  formula  Keras")
agree = []
for i_size, k, s, padding in [(7, 2, 2, "valid"), (7, 3, 2, "valid"), (8, 4, 2, "valid"), (16, 3, 1, "valid"),
                              (5, 5, 3, "valid"), (8, 2, 2, "same"), (8, 3, 2, "same")]:
    formula = (i_size - 1) * s + k if padding == "valid" else i_size * s
    layer = layers.Conv2DTranspose(1, k, strides=s, padding=padding)
    keras_size = layer.compute_output_shape((None, i_size, i_size, 1))[1]
    agree.append(formula == keras_size)
    print(f"{i_size:>3}{k:>3}{s:>3}  {padding:>7}  {formula:>7}  {keras_size:>5}")
course.claim("the output-size formula gives Keras' size in every case of the table", all(agree))

# %% [markdown]
# With $k = s = 2$ the stamps do not overlap: each input pixel becomes a $2 \times 2$ block, weighted by a learned
# kernel per pair of channels. Ronneberger et al. (2015) use this "up-convolution" in the U-Net, and so do we. (A
# kernel size that the stride does not divide, such as $k = 3, s = 2$ above, makes some output pixels sums of more
# stamps than others, which can leave a checkerboard pattern: Odena, Dumoulin and Olah, "Deconvolution and
# checkerboard artifacts", Distill 2016.)

# %% [markdown]
# ## An encoder-decoder with skip connections
#
# The **encoder** halves the resolution and grows the channels, as a classifier does: it sees large windows and
# learns *what* is there. The **decoder** doubles the resolution back with transposed convolutions to say *where*.
# What the encoder has thrown away, the exact position of edges, the decoder cannot invent; a **skip connection**
# hands it the encoder's feature map of the same resolution, which the U-Net of Ronneberger et al. (2015)
# concatenates with the upsampled one. (FCN-8s adds class scores instead.)
#
# Our small U-Net has the FCN of the previous sections as its encoder: the classifier's two convolutions
# (`encoder_1`, `encoder_2`) and its first dense layer as a $7 \times 7$ convolution (`encoder_3`), so that all their
# trained weights can be copied in later, as Long et al. fine-tune their converted layers too. We evaluate
# `encoder_3` at every other position of the $16 \times 16$ map (stride 2, "same" padding), on windows 8 pixels
# apart instead of 4: an $8 \times 8$ map for a quarter of the computation. One more convolution at $8 \times 8$
# gathers the context of neighbouring windows; then the decoder goes back up through $16$, $32$ and $64$, each time
# concatenating the encoder's map of that size. New convolutions have batch normalization (lecture 08). The original
# U-Net has two unpadded convolutions per level, many more filters, and no layers taken from a classifier.

# %%
def conv_bn_relu(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization(momentum=0.9)(x))

def build_unet():
    inputs = keras.Input(shape=(64, 64, 1))
    e1 = layers.Conv2D(32, 3, padding="same", activation="relu", name="encoder_1")(inputs)  # 64 x 64
    e2 = layers.Conv2D(64, 3, padding="same", activation="relu", name="encoder_2")(layers.MaxPooling2D(2)(e1))
    e3 = layers.MaxPooling2D(2)(e2)  # 16 x 16, the input of the classifier's dense layer
    x = layers.Conv2D(128, 7, strides=2, padding="same", activation="relu", name="encoder_3")(e3)  # 8 x 8
    x = conv_bn_relu(x, 64)          # the bottom of the U
    for skip, filters in [(e3, 32), (e2, 32), (e1, 16)]:
        x = layers.Conv2DTranspose(filters, 2, strides=2)(x)  # doubles height and width
        x = conv_bn_relu(layers.Concatenate()([x, skip]), filters)
    return keras.Model(inputs, layers.Conv2D(M, 1, activation="softmax")(x), name="unet")

unet = build_unet()
for layer in unet.layers:
    if isinstance(layer, (layers.Conv2D, layers.MaxPooling2D, layers.Concatenate)):
        print(f"{layer.name:<20}{str(layer.output.shape[1:]):<20}{layer.count_params():>8,}")
print(f"{unet.count_params():,} parameters")

# %% [markdown]
# The shapes above (height, width, channels) go down from $64 \times 64$ to $8 \times 8$ and back up; each
# `concatenate` joins an upsampled map with the encoder's map of the same size. The last $1 \times 1$ convolution
# gives the 11 class probabilities at every pixel.

# %% [markdown]
# ## Measuring a segmentation: pixel accuracy and IoU
#
# Count pixels in a **confusion matrix** $C$: $C_{ab}$ is the number of pixels of true class $a$ predicted as class
# $b$. **Pixel accuracy** is $\sum_a C_{aa} / \sum_{a,b} C_{ab}$, the share of pixels labelled right; the
# background dominates it. The **intersection over union** of class $c$ (Everingham et al. 2010) compares the pixels
# predicted as $c$ with the pixels that are $c$:
#
# $$\mathrm{IoU}_c = \frac{TP_c}{TP_c + FP_c + FN_c}, \qquad TP_c = C_{cc},\quad FP_c = \sum_{a \ne c} C_{ac},\quad
# FN_c = \sum_{b \ne c} C_{cb}.$$
#
# The **mean IoU** averages it over the classes, so a digit class counts as much as the background. A class absent
# from both the truth and the prediction has $0/0$: its IoU is undefined (NaN here) and left out of the mean,
# whereas a class present in the truth but never predicted has IoU 0. Over a test set we accumulate one confusion
# matrix over all its pixels, as the PASCAL VOC benchmark does.

# %%
def confusion_matrix(y_true, y_pred, num_classes=M):
    """C[a, b] = number of pixels of true class a predicted as class b."""
    return np.bincount(num_classes * y_true.ravel() + y_pred.ravel(), minlength=num_classes ** 2).reshape(
        num_classes, num_classes)

def iou_per_class(C):
    """TP / (TP + FP + FN) for every class; NaN for a class absent from both truth and prediction."""
    TP = np.diag(C)
    FP, FN = C.sum(axis=0) - TP, C.sum(axis=1) - TP
    with np.errstate(invalid="ignore"):
        return TP / (TP + FP + FN)

def pixel_accuracy(C):
    return np.trace(C) / C.sum()

# %% [markdown]
# A small example with three classes, in which class 2 appears in neither mask:

# %%
y_true_small = np.array([[0, 0, 1], [0, 1, 1]])
y_pred_small = np.array([[0, 1, 1], [0, 0, 1]])
C_small = confusion_matrix(y_true_small, y_pred_small, num_classes=3)
print("confusion matrix:\n", C_small)
print("IoU per class:", iou_per_class(C_small), " mean IoU:", np.nanmean(iou_per_class(C_small)),
      " pixel accuracy:", pixel_accuracy(C_small))

# %% [markdown]
# Class 0: 2 pixels right, 1 wrongly predicted as 0, 1 missed: $2 / 4 = 0.5$; the same for class 1. Class 2 is NaN
# and the mean is taken over classes 0 and 1. On our test canvases, the "model" that always answers *background*:

# %%
C_background = confusion_matrix(Y_test, np.zeros_like(Y_test))
iou_background = iou_per_class(C_background)
print(f"always background, on the {len(Y_test)} test canvases: pixel accuracy "
      f"{pixel_accuracy(C_background):.3f}, mean IoU {np.nanmean(iou_background):.3f}")

# %% [markdown]
# Its pixel accuracy is high and worthless; its mean IoU is low, since every digit class has IoU 0. That is why
# segmentation papers report mean IoU.

# %% [markdown]
# ## Fine-tuning from the classifier against random initialisation
#
# The deck's experiment after Long et al.: train the same segmentation network twice for the same number of steps,
# once with its encoder initialised from the trained classifier (**fine-tuning**, lecture 09), once from random
# weights. Both start from the same random decoder (same seed); only the three encoder layers differ, which for the
# fine-tuned network get the FCN's weights. Both train all their layers with Adam and lecture 08's one-cycle
# learning rate, whose peak $\eta_{\max}$ is the same for both. After every epoch we measure the mean IoU on
# **validation** canvases, made like the training canvases from MNIST's training images but with another seed (new
# arrangements; a digit image can appear in both, since every canvas draws its digits at random from the same
# images). As lecture 17 insists, the test canvases are left for the final comparison below and used once.

# %%
num_epochs, batch_size, eta_max = course.pick(full=6, fast=1), 16, 3e-3
X_val, Y_val = course.load_digit_canvases(course.pick(full=500, fast=50), split="train", seed=3)
steps = num_epochs * int(np.ceil(num_canvases / batch_size))

def segment(model, X, chunk=25):
    """The most probable class of every pixel, (N, 64, 64); chunks keep the (N, 64, 64, 11) probabilities small."""
    return np.concatenate([keras.ops.convert_to_numpy(model(X[start:start + chunk, ..., None], training=False))
                           .argmax(axis=-1) for start in range(0, len(X), chunk)])

def train_unet(from_classifier):
    keras.utils.set_random_seed(1)
    model = build_unet()
    if from_classifier:
        for name, fcn_layer in [("encoder_1", fcn.layers[0]), ("encoder_2", fcn.layers[2]),
                                ("encoder_3", fcn.layers[4])]:
            model.get_layer(name).set_weights(fcn_layer.get_weights())  # the same shapes: copied as they are
    model.compile(optimizer=keras.optimizers.Adam(course.one_cycle(steps, eta_max)),
                  loss="sparse_categorical_crossentropy", jit_compile=False)
    curve = []  # validation mean IoU after each epoch
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: curve.append(
        np.nanmean(iou_per_class(confusion_matrix(Y_val, segment(model, X_val))))))
    history = model.fit(X_train[..., None], Y_train, batch_size=batch_size, epochs=num_epochs, verbose=verbose,
                        callbacks=[record])
    return model, history.history["loss"], curve

print(f"{num_canvases:,} training canvases, {num_epochs} epochs of batch {batch_size}: {steps} steps per network; "
      f"{len(X_val)} validation canvases")

# %%
fine_tuned, fine_tuned_loss, fine_tuned_curve = train_unet(from_classifier=True)
print(f"fine-tuned: validation mean IoU after each epoch {np.round(fine_tuned_curve, 3)}")

# %%
random_init, random_loss, random_curve = train_unet(from_classifier=False)
print(f"random initialisation: validation mean IoU after each epoch {np.round(random_curve, 3)}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
epochs = np.arange(1, num_epochs + 1)
for name, loss, curve in [("fine-tuned", fine_tuned_loss, fine_tuned_curve),
                          ("random init", random_loss, random_curve)]:
    axes[0].plot(epochs, loss, "o-", label=name); axes[1].plot(epochs, curve, "o-", label=name)
axes[0].set(xlabel="epoch", ylabel="training loss (per pixel)", yscale="log")
axes[1].set(xlabel="epoch", ylabel="validation mean IoU"); axes[1].legend(); fig.tight_layout()

# %% [markdown]
# A segmentation network tends to learn the easy part first, ink against paper: the training loss drops quickly
# while the mean IoU stays low, and telling the digits apart comes later. The curves show how it went in this run.
# The table below compares both networks with the always-background answer on the test canvases; the foreground IoU
# merges the ten digit classes into one (the two-class problem of the first section).

# %%
candidates = {"always background": np.zeros_like(Y_test), "U-Net, random init": segment(random_init, X_test),
              "U-Net, fine-tuned": segment(fine_tuned, X_test)}
results = {}
print(f"{'test canvases':<24}{'pixel acc.':>11}{'mean IoU':>10}{'digits only':>13}{'foreground IoU':>16}")
for name, Y_pred in candidates.items():
    C = confusion_matrix(Y_test, Y_pred)
    iou = iou_per_class(C)
    foreground_iou = iou_per_class(confusion_matrix(Y_test > 0, Y_pred > 0, num_classes=2))[1]
    results[name] = {"pixel accuracy": pixel_accuracy(C), "mean IoU": np.nanmean(iou), "iou": iou,
                     "digit mean IoU": np.nanmean(iou[1:]), "foreground IoU": foreground_iou}
    print(f"{name:<24}{pixel_accuracy(C):>11.4f}{np.nanmean(iou):>10.3f}{np.nanmean(iou[1:]):>13.3f}"
          f"{foreground_iou:>16.3f}")

# %%
fig, ax = plt.subplots(figsize=(8, 3))
for offset, name in [(-0.2, "U-Net, fine-tuned"), (0.2, "U-Net, random init")]:
    ax.bar(np.arange(M) + offset, results[name]["iou"], width=0.4, label=name)
ax.set(xticks=range(M), xticklabels=["bg"] + [str(d) for d in range(10)], xlabel="class", ylabel="test IoU",
       ylim=(0, 1)); ax.legend(ncol=2, loc="lower center", bbox_to_anchor=(0.5, 1.0));

# %%
tuned, scratch = results["U-Net, fine-tuned"], results["U-Net, random init"]
course.claim(f"after the same {steps} steps, the network fine-tuned from the classifier has the higher test mean "
             "IoU", tuned["mean IoU"] > scratch["mean IoU"], fine_tuned=tuned["mean IoU"],
             random_init=scratch["mean IoU"])
course.claim("the fine-tuned U-Net beats the always-background answer in pixel accuracy and in mean IoU",
             tuned["pixel accuracy"] > results["always background"]["pixel accuracy"]
             and tuned["mean IoU"] > results["always background"]["mean IoU"],
             unet_pixel_accuracy=tuned["pixel accuracy"], unet_mean_iou=tuned["mean IoU"])
gaps = {metric: abs(tuned[metric] - scratch[metric]) for metric in ["pixel accuracy", "mean IoU"]}
course.claim("the mean IoU separates the two networks more than the pixel accuracy does",
             gaps["mean IoU"] > gaps["pixel accuracy"], mean_iou_gap=gaps["mean IoU"],
             pixel_accuracy_gap=gaps["pixel accuracy"])
course.claim("for the fine-tuned U-Net, foreground against background is easier than telling the digits apart: "
             "its foreground IoU exceeds the mean IoU of the ten digit classes",
             tuned["foreground IoU"] > tuned["digit mean IoU"], foreground=tuned["foreground IoU"],
             digits=tuned["digit mean IoU"])

# %% [markdown]
# The checked lines say how this run came out. Long et al. did not train their segmentation networks from random
# weights at all: they fine-tune ImageNet classifiers (reaching 62.2 % mean IoU on the PASCAL VOC 2012 test set)
# and remark that training from scratch is not feasible, given how long the classification networks take to learn;
# the deck's slides plot training and test loss against iterations for both starts. Here the classifier brings
# stroke detectors and, in `encoder_3`, a layer that already tells digits apart in a window centred on one, learned
# from thousands of labelled digits; the randomly initialised network has to learn both from the canvases' pixel
# labels within the same steps. With much longer training it may catch up (exercise 3). Pixel accuracy counts
# mostly background pixels, which networks trained long enough get right, so it hides differences that the mean IoU
# shows.

# %% [markdown]
# ## Prediction and truth, canvas by canvas
#
# The slider picks a test canvas, the menu the network. Left: the canvas with the true labels over it; middle: the
# prediction; right: the pixels where the two disagree. The title gives this canvas's mean IoU, over the classes
# present in its truth or its prediction (all others are absent from both and left out). Without a widget front end
# you see the first canvas and the fine-tuned network.

# %%
predictions = {"fine-tuned": candidates["U-Net, fine-tuned"], "random init": candidates["U-Net, random init"]}

def draw_segmentation(canvas_index, network):
    truth, prediction = Y_test[canvas_index], predictions[network][canvas_index]
    fig = matplotlib.figure.Figure(figsize=(8, 3), dpi=72)  # no pyplot: a faster redraw
    axes = fig.subplots(1, 3)
    for ax, labels, title in [(axes[0], truth, "truth"), (axes[1], prediction, f"prediction ({network})")]:
        ax.imshow(X_test[canvas_index], cmap="gray_r")
        ax.imshow(np.ma.masked_equal(labels, 0), cmap=label_colours, vmin=-0.5, vmax=M - 0.5, alpha=0.7,
                  interpolation="nearest")  # background (0) left transparent
        ax.set_title(title, fontsize=10)
    axes[2].imshow(X_test[canvas_index], cmap="gray_r", alpha=0.3)
    axes[2].imshow(np.ma.masked_equal((truth != prediction).astype(int), 0), cmap=ListedColormap(["red"]),
                   interpolation="nearest")
    axes[2].set_title(f"{(truth != prediction).sum()} pixels wrong", fontsize=10)
    for ax in axes:
        ax.axis("off")
    canvas_iou = np.nanmean(iou_per_class(confusion_matrix(truth, prediction)))
    fig.suptitle(f"test canvas {canvas_index}: mean IoU {canvas_iou:.3f}")
    return fig

controls = course.interactive_figure(
    draw_segmentation,
    canvas_index=ipywidgets.IntSlider(value=0, min=0, max=len(X_test) - 1, description="canvas"),
    network=ipywidgets.Dropdown(options=list(predictions), value="fine-tuned", description="network"))

# %% [markdown]
# Look for the typical mistakes: a digit labelled with the class of a similar one (a 4 as a 9, a 3 as a 5), two
# labels inside one digit where the network hesitated, and thin errors along the edges of strokes, where the ink is
# close to the threshold of half intensity that defines the mask. On a single canvas, a handful of stray pixels of a
# class that is not there makes that class count with IoU 0 and pulls the canvas's mean IoU down hard; the test-set
# figures above pool the pixels of all canvases into one confusion matrix, where such strays weigh little.

# %% [markdown]
# ## Summary
#
# * Segmentation labels every pixel: foreground against background, or one of $M$ classes. The loss is the
#   cross-entropy at every pixel, averaged over all pixels.
# * A classifier's dense layers are convolutions: the first one, after the flattening, has a kernel as large as the
#   feature map; the later ones are $1 \times 1$. With the weights copied, the FCN gives the classifier's answer on
#   a digit-sized input and a heat map per class on a larger one (Long et al. 2015).
# * Transposed convolutions upsample: $o = (i - 1)s - 2p + k$. An encoder-decoder with skip connections (U-Net,
#   Ronneberger et al. 2015) combines *what* from the deep layers with *where* from the shallow ones.
# * Measure with the IoU $TP / (TP + FP + FN)$ per class and its mean; pixel accuracy mostly counts the background.
# * Initialising the encoder from a trained classifier is fine-tuning; the checked claim above compares it with
#   random initialisation after the same number of steps.
#
# ## Exercises
#
# 1. Apply the FCN to a $64 \times 64$ canvas and to a crop $28 \times 28$ of it at position $(4i, 4j)$ through the
#    classifier. Where do the two answers differ, and why (think of the "same" padding of the convolutions)?
# 2. Replace the transposed convolutions of the U-Net by `layers.UpSampling2D(2)` (no weights) and compare the mean
#    IoU after the same number of steps.
# 3. Train both networks three times as long. Does the fine-tuned network stay ahead? Then freeze the three copied
#    layers (`trainable = False`, the deck's "fixing feature layers") and compare again.
# 4. Weight the loss per class, inversely to each class's share of the pixels (`sample_weight` in `fit` accepts an
#    array of shape $(N, H, W)$). What happens to the pixel accuracy and to the mean IoU?
# 5. Remove the skip connections (decode from the bottom of the U alone). Which errors of the interactive figure
#    become more frequent?
# 6. Train a two-class network (foreground against background) with one sigmoid output and
#    `binary_crossentropy`. Is its foreground IoU higher than the one of the 11-class network merged to two classes?
# 7. Copy only `encoder_1` and `encoder_2` from the classifier and leave `encoder_3` random. How much of the head
#    start remains: which layers carry what transfers?

# %% [markdown]
# The calls the exercises start from, run once here on a few canvases so that they work as written (what they show
# is for you to find out):

# %%
window = classifier.predict(X_test[:1, 8:36, 12:40, None], verbose=0)  # exercise 1: the window at (4i, 4j) = (8, 12)
upsampled = layers.UpSampling2D(2)(np.zeros((1, 8, 8, 64), "float32"))  # exercise 2
keras.utils.set_random_seed(1)
exercise_unet = build_unet()
for name in ["encoder_1", "encoder_2", "encoder_3"]:  # exercise 3: the copied layers frozen
    exercise_unet.get_layer(name).trainable = False
exercise_unet.compile(optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=False)
class_weights = 1 / np.maximum(share, 1e-6)  # exercise 4: inversely to each class's share of the pixels
exercise_unet.fit(X_train[:16, ..., None], Y_train[:16], sample_weight=class_weights[Y_train[:16]], epochs=1,
                  verbose=0)
two_class = keras.Sequential([keras.Input((64, 64, 1)), layers.Conv2D(8, 3, padding="same", activation="relu"),
                              layers.Conv2D(1, 1, activation="sigmoid")])  # exercise 6: one sigmoid per pixel
two_class.compile(optimizer="adam", loss="binary_crossentropy", jit_compile=False)
two_class.fit(X_train[:16, ..., None], (Y_train[:16] > 0).astype("float32")[..., None], epochs=1, verbose=0)
print(f"ran: the classifier on one window {window.shape}, UpSampling2D {tuple(upsampled.shape)}, a U-Net with frozen "
      f"encoder and per-pixel sample weights of shape {Y_train[:16].shape}, a two-class sigmoid network")
