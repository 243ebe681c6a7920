# %% [markdown]
# # Lecture 09: ImageNet architectures and transfer learning
#
# **After this lecture you can** build AlexNet, VGG-16, an inception module (GoogLeNet) and residual networks in
# Keras and count their parameters by hand and by Keras, read the ImageNet top-5 error table from 2012 to 2017, and
# reuse a trained CNN on a new task in four ways: training from scratch, frozen features with a new head,
# fine-tuning with a small learning rate, and CNN features fed to an SVM.
#
# **Prerequisites:** lectures 07 (convolution) and 08 (convolutional networks). **Run time:** under 40 seconds in
# fast mode and a few minutes in full mode on a laptop CPU.
#
# Sources: A. Krizhevsky, I. Sutskever and G. Hinton, "ImageNet classification with deep convolutional neural
# networks" (2012); M. Zeiler and R. Fergus, "Visualizing and understanding convolutional networks" (2014);
# K. Simonyan and A. Zisserman, "Very deep convolutional networks for large-scale image recognition" (2015);
# C. Szegedy et al., "Going deeper with convolutions" (2015); K. He, X. Zhang, S. Ren and J. Sun, "Deep residual
# learning for image recognition" (2016); J. Hu, L. Shen and G. Sun, "Squeeze-and-excitation networks" (2018);
# O. Russakovsky et al., "ImageNet large scale visual recognition challenge" (2015); A. S. Razavian, H. Azizpour,
# J. Sullivan and S. Carlsson, "CNN features off-the-shelf: an astounding baseline for recognition" (2014);
# J. Yosinski, J. Clune, Y. Bengio and H. Lipson, "How transferable are features in deep neural networks?" (2014);
# the Keras guide "Transfer learning & fine-tuning" (keras.io).

# %% [markdown]
# ## Setup

# %%
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn import pipeline, preprocessing, svm

import course

course.setup()

# %% [markdown]
# ## Counting parameters without filling them
#
# A convolution with $k \times k$ kernels from $c_{\mathrm{in}}$ to $c_{\mathrm{out}}$ channels has
# $(k^2 c_{\mathrm{in}} + 1)\, c_{\mathrm{out}}$ parameters (one bias per filter), a dense layer from
# $n_{\mathrm{in}}$ to $n_{\mathrm{out}}$ units has $(n_{\mathrm{in}} + 1)\, n_{\mathrm{out}}$; pooling, ReLU and
# flattening have none. The networks below are big: VGG-16's weights alone fill 553 MB in float32. Since a count
# needs only the *shapes* of the weights, we build each model inside `keras.StatelessScope(initialize_variables=False)`,
# where Keras creates every weight with its shape but never fills it with numbers. Then we delete the model and
# clear Keras' session, so nothing piles up. None of these networks is trained here, and no weights are downloaded.

# %%
def count_parameters(build):
    """Build a model with `build()` without allocating its weights; return (total, trainable) parameter counts."""
    with keras.StatelessScope(initialize_variables=False):
        model = build()
        total = model.count_params()
        trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    del model
    keras.backend.clear_session()
    return total, trainable

# %% [markdown]
# ## AlexNet (2012)
#
# Krizhevsky et al. won ILSVRC 2012 with five convolutions and three dense layers on $227 \times 227$ colour
# images: 96 filters of $11 \times 11$ with stride 4, then $5 \times 5$ and $3 \times 3$ filters, max pooling, and
# two dense layers of 4,096 units before the 1,000-way softmax. The network was split over two GPUs; the second,
# fourth and fifth convolutions only see the half of the channels on their own GPU, which Keras expresses with
# `groups=2`.

# %%
def alexnet():
    return keras.Sequential([
        keras.Input(shape=(227, 227, 3)),
        layers.Conv2D(96, 11, strides=4, activation="relu"), layers.MaxPooling2D(3, strides=2),
        layers.Conv2D(256, 5, padding="same", groups=2, activation="relu"), layers.MaxPooling2D(3, strides=2),
        layers.Conv2D(384, 3, padding="same", activation="relu"),
        layers.Conv2D(384, 3, padding="same", groups=2, activation="relu"),
        layers.Conv2D(256, 3, padding="same", groups=2, activation="relu"), layers.MaxPooling2D(3, strides=2),
        layers.Flatten(), layers.Dense(4096, activation="relu"), layers.Dropout(0.5),
        layers.Dense(4096, activation="relu"), layers.Dropout(0.5), layers.Dense(1000, activation="softmax"),
    ], name="alexnet")

# %% [markdown]
# With $6 \times 6 \times 256 = 9{,}216$ inputs to the first dense layer, that layer alone holds
# $(9{,}216 + 1) \times 4{,}096$ parameters.

# %%
total_alexnet, _ = count_parameters(alexnet)
first_dense = (6 * 6 * 256 + 1) * 4096
print(f"AlexNet: {total_alexnet:,} parameters (published: '60 million parameters', Krizhevsky et al. 2012)")
print(f"first dense layer: {first_dense:,} = {first_dense / total_alexnet:.0%} of them")
course.claim("our AlexNet count is within 2 % of the published 60 million, and the first dense layer holds over half "
             "of it", abs(total_alexnet / 60e6 - 1) < 0.02 and first_dense > total_alexnet / 2,
             millions=total_alexnet / 1e6)

# %% [markdown]
# The count printed above agrees with the paper's round "60 million" (the checked line says within 2 %), and the
# first dense layer holds most of it: the convolutions do most of the computing, the dense layers hold most of the
# weights.

# %% [markdown]
# ## VGG-16 (2014)
#
# Simonyan and Zisserman kept one recipe throughout: $3 \times 3$ convolutions with stride 1 and padding 1, and
# $2 \times 2$ max pooling that halves the image, while the number of filters doubles from 64 to 512. Two stacked
# $3 \times 3$ convolutions see a $5 \times 5$ patch with $2 \cdot 9 c^2$ instead of $25 c^2$ weights. Thirteen
# convolutions and three dense layers make 16 weight layers, and the recipe fits in a loop.

# %%
VGG16_BLOCKS = [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)]  # (number of convolutions, filters) per block

def vgg16():
    model = keras.Sequential([keras.Input(shape=(224, 224, 3))], name="vgg16")
    for num_convolutions, filters in VGG16_BLOCKS:
        for _ in range(num_convolutions):
            model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
        model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    for units in [4096, 4096]:
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(1000, activation="softmax"))
    return model

# %%
total_vgg, _ = count_parameters(vgg16)
print(f"VGG-16: {total_vgg:,} parameters (published: 138 million, Simonyan & Zisserman 2015)")
print(f"in float32 (4 bytes each): {4 * total_vgg / 1e6:.0f} MB; "
      f"{total_vgg / total_alexnet:.1f} times AlexNet")
course.claim("our VGG-16 count rounds to the published 138 million", round(total_vgg / 1e6) == 138,
             millions=total_vgg / 1e6)

# %% [markdown]
# The count printed above is the published 138 million; more than half a gigabyte of weights just to store the
# model, which is why we never filled them in this notebook.

# %% [markdown]
# ## GoogLeNet (2014): the inception module
#
# Szegedy et al. let every block look at several scales at once: four branches ($1 \times 1$, $3 \times 3$,
# $5 \times 5$ convolutions and a $3 \times 3$ max pooling) are computed side by side and their outputs stacked
# along the channels. What keeps this affordable are $1 \times 1$ convolutions placed *before* the expensive
# $3 \times 3$ and $5 \times 5$ ones (and after the pooling), which first reduce the number of channels. Below is
# module "3a" of their Table 1, on a $28 \times 28 \times 192$ input.

# %%
def inception_module(x, n1, n3_reduce, n3, n5_reduce, n5, pool_projection):
    branch1 = layers.Conv2D(n1, 1, activation="relu")(x)
    branch3 = layers.Conv2D(n3_reduce, 1, activation="relu")(x)
    branch3 = layers.Conv2D(n3, 3, padding="same", activation="relu")(branch3)
    branch5 = layers.Conv2D(n5_reduce, 1, activation="relu")(x)
    branch5 = layers.Conv2D(n5, 5, padding="same", activation="relu")(branch5)
    branch_pool = layers.MaxPooling2D(3, strides=1, padding="same")(x)
    branch_pool = layers.Conv2D(pool_projection, 1, activation="relu")(branch_pool)
    return layers.Concatenate()([branch1, branch3, branch5, branch_pool])

# %%
def module_3a(reduce=True):
    inputs = keras.Input(shape=(28, 28, 192))
    if reduce:
        outputs = inception_module(inputs, 64, 96, 128, 16, 32, 32)
    else:  # the naive module: 3x3 and 5x5 convolutions straight on the 192 input channels, no pool projection
        outputs = layers.Concatenate()([layers.Conv2D(64, 1)(inputs), layers.Conv2D(128, 3, padding="same")(inputs),
                                        layers.Conv2D(32, 5, padding="same")(inputs), layers.MaxPooling2D(
                                            3, strides=1, padding="same")(inputs)])
    return keras.Model(inputs, outputs)

# %%
total_3a, _ = count_parameters(module_3a)
total_naive, _ = count_parameters(lambda: module_3a(reduce=False))
weights_3a = total_3a - (64 + 96 + 128 + 16 + 32 + 32)  # without the biases
print(f"inception 3a: {total_3a:,} parameters ({weights_3a:,} weights without biases = {weights_3a / 1024:.1f} K "
      "in units of 1,024; Szegedy et al., Table 1: 159K)")
print(f"naive module without 1x1 reductions: {total_naive:,} parameters, {total_naive / total_3a:.1f} times more")
course.claim("module 3a's weights, in units of 1,024, give the paper's 159K (digits after the point dropped)",
             int(weights_3a / 1024) == 159, thousands=weights_3a / 1024)

# %% [markdown]
# The $1 \times 1$ reductions cut the parameters by the factor printed above, and the naive module's output would
# also have more channels (192 from the pooling branch alone), so the next module would be more expensive still.
# The weight count without biases, divided by 1,024, gives the 159K of the paper's table (the checked line).
#
# The whole GoogLeNet stacks nine such modules (the numbers of filters are those of Table 1) between a small
# convolutional stem and a **global average pooling**: a layer without parameters that replaces each of the $c$
# feature maps of size $h \times w$ by its mean, $g_k = \frac{1}{hw} \sum_{i,j} z_{i,j,k}$, so an
# $h \times w \times c$ output becomes $c$ numbers whatever $h$ and $w$ (Lin, Chen and Yan, "Network in network",
# 2014). GoogLeNet's last module outputs $7 \times 7 \times 1{,}024$; flattening it for a dense layer of 4,096 units,
# as AlexNet does, would cost $(50{,}176 + 1) \times 4{,}096 \approx 206$ million parameters, while after global
# average pooling a single 1,024 to 1,000 classifier remains. We leave out the two auxiliary classifiers used only
# during training. Keras' `layers.GlobalAveragePooling2D` computes exactly this mean:

# %%
z = np.random.default_rng(0).normal(size=(2, 7, 7, 1024)).astype("float32")  # two images' last feature maps
g = keras.ops.convert_to_numpy(layers.GlobalAveragePooling2D()(z))
print(f"{z.shape} -> {g.shape}; equals the mean over the h and w axes: {np.allclose(g, z.mean(axis=(1, 2)), atol=1e-6)}")

# %%
GOOGLENET_MODULES = {  # name: (n1, n3_reduce, n3, n5_reduce, n5, pool_projection), Szegedy et al. 2015, Table 1
    "3a": (64, 96, 128, 16, 32, 32), "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64), "4b": (160, 112, 224, 24, 64, 64), "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64), "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128), "5b": (384, 192, 384, 48, 128, 128),
}

def googlenet():
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.Conv2D(64, 7, strides=2, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    x = layers.Conv2D(64, 1, activation="relu")(x)
    x = layers.Conv2D(192, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    for name, filters in GOOGLENET_MODULES.items():
        x = inception_module(x, *filters)
        if name in ("3b", "4e"):
            x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    x = layers.Dropout(0.4)(layers.GlobalAveragePooling2D()(x))
    return keras.Model(inputs, layers.Dense(1000, activation="softmax")(x), name="googlenet")

# %%
total_googlenet, _ = count_parameters(googlenet)
print(f"GoogLeNet (without auxiliary classifiers): {total_googlenet:,} parameters, "
      f"{total_alexnet / total_googlenet:.0f} times fewer than AlexNet")
print("published: 'twelve times fewer parameters than the winning architecture of Krizhevsky et al.' "
      "(Szegedy et al. 2015), about 5 to 7 million")
print(f"VGG-16 / GoogLeNet: {total_vgg / total_googlenet:.0f}")

# %% [markdown]
# GoogLeNet is deeper than VGG-16 (22 weight layers) yet holds the number of parameters printed above, a small
# fraction of VGG-16's (the last ratio printed): the $1 \times 1$ reductions and the missing dense layers make the
# difference. Published figures for GoogLeNet range from 5 to 7 million, depending on what is counted (the classifier,
# the biases, the auxiliary classifiers); ours counts every weight and bias of the network used at test time.

# %% [markdown]
# ## ResNet (2015): the residual block
#
# Stacking more plain layers made networks *worse*, even on the training set: the optimiser could not find a good
# solution for the deeper network, though copying the shallower one and adding identity layers would be one. He
# et al. build that identity into the architecture. A block computes a residual $\mathcal{F}(x)$ with two or
# three convolutions and adds its input back:
#
# $$y = \mathrm{relu}\big(\mathcal{F}(x) + x\big).$$
#
# If the identity is what is needed, the block only has to push $\mathcal{F}$ to zero. Backwards, the chain rule gives
# $\partial y / \partial x = \mathrm{diag}\big(\mathrm{relu}'(\mathcal{F}(x) + x)\big)\, \big(\partial \mathcal{F} /
# \partial x + I\big)$: wherever an output unit is active, the gradient reaches $x$ through the identity term $I$
# however small $\partial \mathcal{F} / \partial x$ is, instead of only through the product of the block's weights.
# The ReLU after the addition still zeroes it for inactive units, so the shortcut is not a perfectly clean path; He et
# al.'s follow-up, "Identity mappings in deep residual networks" (2016), moves the ReLU into the residual branch so
# that $y = \mathcal{F}(x) + x$ exactly. When the block changes the shape (stride 2, more channels), the shortcut
# becomes a $1 \times 1$ convolution. ResNet-18 and 34 use *basic* blocks (two $3 \times 3$ convolutions); ResNet-50,
# 101 and 152 use *bottleneck* blocks ($1 \times 1$ reducing, $3 \times 3$, $1 \times 1$ expanding by 4), the same
# trick as the inception module. Convolutions have no bias here, since batch normalization follows each one.

# %%
def residual_block(x, filters, stride=1, bottleneck=False):
    def conv_bn(y, filters, size, stride=1):
        return layers.BatchNormalization()(layers.Conv2D(filters, size, stride, "same", use_bias=False)(y))
    if bottleneck:
        out_channels = 4 * filters
        residual = layers.ReLU()(conv_bn(x, filters, 1, stride))
        residual = conv_bn(layers.ReLU()(conv_bn(residual, filters, 3)), out_channels, 1)
    else:
        out_channels = filters
        residual = conv_bn(layers.ReLU()(conv_bn(x, filters, 3, stride)), filters, 3)
    shortcut = x if stride == 1 and x.shape[-1] == out_channels else conv_bn(x, out_channels, 1, stride)
    return layers.ReLU()(layers.Add()([residual, shortcut]))  # y = relu(F(x) + x)

# %% [markdown]
# He et al.'s Table 1 gives every depth as a number of blocks in four stages of 64, 128, 256 and 512 filters
# (times 4 at the output of a bottleneck), after a $7 \times 7$ convolution and a max pooling, and before a global
# average pooling and one dense layer.

# %%
RESNET_STAGES = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}

def resnet(depth):
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.BatchNormalization()(layers.Conv2D(64, 7, strides=2, padding="same", use_bias=False)(inputs))
    x = layers.MaxPooling2D(3, strides=2, padding="same")(layers.ReLU()(x))
    for stage, num_blocks in enumerate(RESNET_STAGES[depth]):
        for block in range(num_blocks):
            stride = 2 if block == 0 and stage > 0 else 1
            x = residual_block(x, 64 * 2**stage, stride, bottleneck=depth >= 50)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(1000, activation="softmax")(x), name=f"resnet{depth}")

# %% [markdown]
# Next to our counts we print the parameters usually quoted for these networks (the torchvision model zoo, which
# counts the trainable ones, as our third column does) and the billions of multiply-adds (FLOPs) of He et al.'s
# Table 1. Our total also counts batch normalization's running means and variances, which are not trained.

# %%
QUOTED_MILLIONS = {18: 11.7, 34: 21.8, 50: 25.6, 101: 44.5, 152: 60.2}  # torchvision's ResNet-18 ... 152
FLOPS_BILLIONS = {18: 1.8, 34: 3.6, 50: 3.8, 101: 7.6, 152: 11.3}  # He et al. 2016, Table 1
print(f"{'depth':>5} {'blocks':<14} {'total':>12} {'trainable':>12} {'quoted':>8} {'FLOPs':>7}")
trainable_millions = {}
for depth, stages in RESNET_STAGES.items():
    total, trainable = count_parameters(lambda: resnet(depth))
    trainable_millions[depth] = trainable / 1e6
    print(f"{depth:>5} {str(stages):<14} {total:>12,} {trainable:>12,} {QUOTED_MILLIONS[depth]:>7.1f}M "
          f"{FLOPS_BILLIONS[depth]:>6.1f}G")
course.claim("every ResNet's trainable count rounds to the quoted figure (to 0.1 million)",
             all(round(trainable_millions[depth], 1) == QUOTED_MILLIONS[depth] for depth in RESNET_STAGES),
             **{f"resnet{depth}": round(millions, 2) for depth, millions in trainable_millions.items()})

# %% [markdown]
# Our trainable counts round to the quoted figures (the checked line). Two things stand out in the table: ResNet-50
# has only a few million parameters more than ResNet-34, and nearly the same FLOPs, although it is 16 layers deeper
# (bottlenecks are cheap); and even ResNet-152 holds fewer than half the parameters of VGG-16.
#
# Keras ships the same architectures in `keras.applications`; with `weights=None` nothing is downloaded. Its
# ResNet50 gives every convolution a bias, which adds a few tens of thousands of parameters:

# %%
total_keras_50, trainable_keras_50 = count_parameters(lambda: keras.applications.ResNet50(weights=None))
print(f"keras.applications.ResNet50(weights=None): {total_keras_50:,} parameters "
      f"({trainable_keras_50:,} trainable; published 25.6 million)")

# %% [markdown]
# ## ImageNet top-5 error, 2012 to 2017
#
# The ImageNet Large Scale Visual Recognition Challenge (ILSVRC) asks for 1,000 classes on about 1.2 million
# training images; an answer counts as correct when the true class is among the five guesses (top-5). The
# figures are the published test errors of the winning (or best-known) entries, most of them ensembles of several
# networks. The source deck gives AlexNet 15.4 %; the paper and the challenge results give 15.3 %. The 11.2 % of
# 2013 is the winning entry of Zeiler's team (Clarifai), with extra training data, as listed by Russakovsky et al.
# (2015); the ZFNet paper itself reports 14.8 %. VGG's 7.3 % is its challenge entry (the paper later reached
# 6.8 %). The deck also lists a 2016 ensemble at 2.99 %.

# %%
IMAGENET_TOP5 = [  # (name, year, top-5 test error in %, source)
    ("AlexNet", 2012, 15.3, "Krizhevsky et al. 2012"),
    ("ZFNet", 2013, 11.2, "Zeiler & Fergus 2014; Russakovsky et al. 2015"),
    ("VGG", 2014, 7.3, "Simonyan & Zisserman 2015"),
    ("GoogLeNet", 2014, 6.7, "Szegedy et al. 2015"),
    ("ResNet", 2015, 3.57, "He et al. 2016"),
    ("SENet", 2017, 2.25, "Hu et al. 2018"),
]
HUMAN_TOP5 = 5.1  # Russakovsky et al. 2015: one trained annotator on 1,500 test images

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.8))
names = [f"{name}\n{year}" for name, year, _, _ in IMAGENET_TOP5]
errors = [error for _, _, error, _ in IMAGENET_TOP5]
bars = ax.bar(names, errors, color=["C1" if e > HUMAN_TOP5 else "C0" for e in errors])
ax.bar_label(bars, fmt="%.2f %%")
ax.axhline(HUMAN_TOP5, color="k", linestyle="--", label=f"human, {HUMAN_TOP5} % (Russakovsky et al. 2015)")
ax.set(ylabel="top-5 error on ImageNet (%)", title="ILSVRC classification, published figures"); ax.legend();

# %% [markdown]
# The error fell by a factor of about seven in five years, and since ResNet (2015) the winning entries are below
# the error of the trained human annotator (the dashed line). The depth grew from 8 to 152 layers on the way,
# while the parameters did not: compare the counts printed in the sections above.

# %% [markdown]
# ## Transfer learning, offline: digits 0-4 to digits 5-9
#
# A network trained on a large task has learned features (edges, strokes, parts) that help on another task with
# few labels. The usual setting is ImageNet to a small data set; ours is its offline miniature. The **source**
# task is to classify MNIST digits 0-4, with all their training images; the **target** task is to classify digits
# 5-9, for which we pretend to have only $N$ labelled images. The target's test set holds the test images of
# 5-9, which the source network never saw.

# %%
(x_train_all, y_train_all), (x_test_all, y_test_all) = course.load_mnist()
x_train_all = x_train_all[..., None].astype("float32") / 255  # (N, 28, 28, 1), pixels in [0, 1]
x_test_all = x_test_all[..., None].astype("float32") / 255
source, target = y_train_all < 5, y_train_all >= 5
num_source = course.pick(full=int(source.sum()), fast=1500)
x_source, y_source = x_train_all[source][:num_source], y_train_all[source][:num_source]
x_target_pool, y_target_pool = x_train_all[target], y_train_all[target] - 5  # labels 5..9 become 0..4
x_target_test, y_target_test = x_test_all[y_test_all >= 5], y_test_all[y_test_all >= 5] - 5
print("data:", course.dataset_info("mnist"))
print(f"source (digits 0-4): {len(x_source):,} training images; target (digits 5-9): a pool of "
      f"{len(x_target_pool):,} training images and {len(x_target_test):,} test images")

# %% [markdown]
# The source network is the course's LeNet-style CNN (`course.cnn_classifier`, lecture 08): two blocks of
# $3 \times 3$ convolution and $2 \times 2$ pooling, a dense layer of 128 ReLU units (our "FC7"), dropout, and a
# softmax over the five source classes.

# %%
keras.utils.set_random_seed(0)
source_model = course.cnn_classifier(num_classes=5)
source_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                     jit_compile=False)
source_model.fit(x_source, y_source, epochs=course.pick(full=4, fast=1), batch_size=64,
                 verbose=course.pick(full="auto", fast=0))
source_test = y_test_all < 5
_, source_accuracy = source_model.evaluate(x_test_all[source_test], y_test_all[source_test], verbose=0)
print(f"source network, test accuracy on the {source_test.sum():,} test images of digits 0-4: {source_accuracy:.4f}")

# %% [markdown]
# ## Four ways to use the source network
#
# With $N$ labelled target images we compare:
#
# * **(a) random initialization**: the same CNN, trained from scratch on the $N$ images;
# * **(b) frozen features, new head**: copy the source network's convolution blocks, put a new softmax layer for
#   the target classes on top of their flattened output, and set `layer.trainable = False` on every copied layer
#   ("fixing feature layers"); only the head learns, with Adam's learning rate $10^{-2}$;
# * **(c) fine-tuning**: start from (b)'s trained model, unfreeze every layer and keep training all of them with a
#   small learning rate, $10^{-4}$, so the pretrained features move only a little (the Keras guide's recipe);
# * **(d) CNN features plus SVM**: run the frozen convolution blocks and train a linear SVM on their flattened
#   output (Razavian et al. 2014 did this with the features of a network trained on ImageNet).
#
# We cut the source network after its convolutions rather than after its dense layer: Yosinski et al. (2014)
# found the later layers of a network more specific to the task it was trained on (exercise 5 tries the other cut).
# Training from scratch (a) uses Adam's default learning rate $10^{-3}$.
#
# Networks (a) and (b) are trained for the same number of gradient steps, whatever $N$, so small sets are not
# under-trained: the $N$ images are repeated to fill the steps. Fine-tuning (c) continues from (b)'s trained model for
# as many steps again, so it has had twice the steps of (a) and (b) in all; (d) takes no gradient step on the
# network.

# %%
num_steps, batch_size = course.pick(full=400, fast=80), 32

def fit_steps(model, x, y, learning_rate):
    """Compile `model` with Adam(learning_rate) and train it for num_steps mini-batches drawn from (x, y)."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    index = np.random.default_rng(0).permutation(np.arange(num_steps * min(batch_size, len(x))) % len(x))
    model.fit(x[index], y[index], epochs=1, batch_size=min(batch_size, len(x)), verbose=0)
    return model

def copy_source_layers():
    """A fresh copy of the source network's convolution blocks and its Flatten layer (the dense layers left out)."""
    copy = keras.models.clone_model(source_model)
    copy.set_weights(source_model.get_weights())
    return copy.layers[:5]  # Conv2D, MaxPooling2D, Conv2D, MaxPooling2D, Flatten

def test_accuracy(model):
    """Fraction of the target test images (digits 5-9) that `model` classifies correctly."""
    return float(np.mean(np.argmax(model(x_target_test, training=False), axis=1) == y_target_test))

# %% [markdown]
# Before training anything, the frozen model of (b) shows what "fixing the feature layers" does to the number of
# parameters that learn:

# %%
frozen_model = keras.Sequential([keras.Input(shape=(28, 28, 1)), *copy_source_layers(),
                                 layers.Dense(5, activation="softmax")])
for layer in frozen_model.layers[:-1]:
    layer.trainable = False
num_trainable = sum(int(np.prod(w.shape)) for w in frozen_model.trainable_weights)
print(f"frozen features + new head: {num_trainable:,} trainable of {frozen_model.count_params():,} parameters "
      f"({num_trainable / frozen_model.count_params():.0%}): only the new 3,136 x 5 head and its 5 biases")

# %% [markdown]
# And the feature extractor of (d) is the same frozen copy, without a head:

# %%
feature_extractor = keras.Sequential([keras.Input(shape=(28, 28, 1)), *copy_source_layers()])
print(f"features: {feature_extractor.output_shape[1]} numbers per image, "
      f"last layer: {feature_extractor.layers[-1].name}")

# %% [markdown]
# Now the four methods as functions of the labelled set $(x, y)$; each returns its test accuracy on the target
# test set.

# %%
def random_init(x, y):
    keras.utils.set_random_seed(1)
    model = fit_steps(course.cnn_classifier(num_classes=5), x, y, learning_rate=1e-3)
    return test_accuracy(model), model

def frozen_head(x, y):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), *copy_source_layers(),
                              layers.Dense(5, activation="softmax")])
    for layer in model.layers[:-1]:
        layer.trainable = False  # fixing the feature layers
    model = fit_steps(model, x, y, learning_rate=1e-2)
    return test_accuracy(model), model

# %%
def fine_tune(frozen_model, x, y):
    for layer in frozen_model.layers:
        layer.trainable = True
    model = fit_steps(frozen_model, x, y, learning_rate=1e-4)  # a hundred times smaller than the head's
    return test_accuracy(model)

test_features = feature_extractor.predict(x_target_test, verbose=0)

def features_svm(x, y):
    classifier = pipeline.make_pipeline(preprocessing.StandardScaler(), svm.SVC(kernel="linear", C=0.1))
    classifier.fit(feature_extractor.predict(x, verbose=0), y)
    return classifier.score(test_features, y_target_test)

# %% [markdown]
# ## Learning curves: accuracy against the number of labelled images
#
# The labelled sets are nested: the first $N$ images of one fixed shuffle of the target pool, so a larger set
# contains the smaller ones. Fast mode tries only the smallest and the largest $N$.

# %%
sizes = course.pick(full=[20, 50, 200, 1000], fast=[20, 1000])
order = np.random.default_rng(0).permutation(len(x_target_pool))
results = {"(a) random init": [], "(b) frozen + new head": [], "(c) fine-tuning": [], "(d) CNN features + SVM": []}
start = time.perf_counter()
for N in course.progress(sizes, "label budgets"):
    x, y = x_target_pool[order[:N]], y_target_pool[order[:N]]
    results["(a) random init"].append(random_init(x, y)[0])
    accuracy_b, model_b = frozen_head(x, y)
    results["(b) frozen + new head"].append(accuracy_b)
    results["(c) fine-tuning"].append(fine_tune(model_b, x, y))
    results["(d) CNN features + SVM"].append(features_svm(x, y))
print(f"trained {3 * len(sizes)} networks and {len(sizes)} SVMs in {time.perf_counter() - start:.0f} s")

# %%
print(f"test accuracy on the {len(y_target_test):,} test images of digits 5-9 ({course.dataset_info('mnist')}), "
      f"{num_steps} steps per network")
print(f"{'N labelled':<24}" + "".join(f"{N:>8}" for N in sizes))
for method, accuracies in results.items():
    print(f"{method:<24}" + "".join(f"{accuracy:>8.3f}" for accuracy in accuracies))

# %%
fig, ax = plt.subplots(figsize=(6.5, 4))
for method, accuracies in results.items():
    ax.plot(sizes, accuracies, "o-", label=method)
ax.set(xscale="log", xticks=sizes, xticklabels=sizes, xlabel="labelled training images $N$ (digits 5-9)",
       ylabel="test accuracy", title="Transfer from digits 0-4 to digits 5-9"); ax.legend();

# %%
for column, N in enumerate(sizes):
    best = max(results, key=lambda method: results[method][column])
    print(f"N = {N:>4}: best {best} ({results[best][column]:.3f}), "
          f"random init {results['(a) random init'][column]:.3f}")
course.claim("every method's test accuracy rises with every increase of N",
             all(np.all(np.diff(accuracies) > 0) for accuracies in results.values()))
spread = [max(results[method][column] for method in results) - min(results[method][column] for method in results)
          for column in range(len(sizes))]
course.claim(f"the four methods lie closer together at N = {sizes[-1]} than at N = {sizes[0]}", spread[-1] < spread[0],
             spread_smallest_N=spread[0], spread_largest_N=spread[-1])

# %% [markdown]
# Read the table column by column: the lines above name the best method at each $N$ on this run, and the checked lines
# test whether every method improved with more labels and whether the methods drew closer as $N$ grew. On
# ImageNet-sized problems the pattern is clear-cut (Razavian et al. 2014; Yosinski et al. 2014): with few labels, the
# methods that reuse a trained network beat training from scratch by a wide margin, fine-tuning is the best or close
# to it, and the gap closes as $N$ grows. Our miniature can be much kinder to random initialization: 28 x 28 digits
# are an easy task that a small CNN learns from a few dozen examples, and the source network saw few images (in fast
# mode 1,500 images for one epoch), so its features need not be much better than what (a) learns by itself. The SVM on
# frozen features needs no gradient step on the network at all, and the frozen model with a new head is the same kind
# of linear classifier on the same features, trained with another loss and a fixed number of steps. With a single
# shuffle and few steps the differences of a percent or two between methods are within the noise (exercise 4 measures
# it).

# %% [markdown]
# ## Summary
#
# * Parameters: a convolution has $(k^2 c_{\mathrm{in}} + 1) c_{\mathrm{out}}$, a dense layer
#   $(n_{\mathrm{in}} + 1) n_{\mathrm{out}}$; AlexNet (about 61 M) and VGG-16 (138 M) keep most of theirs in the
#   dense layers, GoogLeNet and ResNet get rid of them with global average pooling.
# * $1 \times 1$ convolutions reduce channels before expensive convolutions (inception module, bottleneck block).
# * A residual block computes $y = \mathrm{relu}(\mathcal{F}(x) + x)$; it made 152-layer networks trainable, with
#   fewer parameters than VGG-16.
# * ImageNet top-5 error fell from 15.3 % (AlexNet, 2012) to 2.25 % (SENet, 2017), below the 5.1 % of a trained
#   human since ResNet.
# * With few labels, reuse a trained network: freeze its feature layers and train a new head (or an SVM on its
#   features), then fine-tune all layers with a small learning rate.
#
# ## Exercises
#
# 1. Count AlexNet's parameters by hand, layer by layer, with the two formulas of this lecture, and check your
#    total against the one printed above. How many would it have without `groups=2`?
# 2. Build VGG-19 (blocks of 2, 2, 4, 4, 4 convolutions). How many parameters does it add to VGG-16, and where?
# 3. Rewrite `residual_block` without the shortcut (a plain block) and count the parameters of "plain-34". Why
#    does the count barely change, while He et al. found the plain network much harder to train?
# 4. Repeat the learning-curve experiment with three other shuffles of the target pool and plot the mean and the
#    spread per method. At which $N$ do the methods stop being distinguishable?
# 5. Cut the source network after its dense layer of 128 units instead (`copy.layers[:6]`) and repeat (b) and
#    (d). Do the later features transfer as well as the convolutional ones?
# 6. Swap the roles: pretrain on 5-9 and transfer to 0-4. Is the transfer equally useful in both directions?
