# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 08: style statistics and semantic segmentation
#
# You will write the two pieces of neural style transfer that define "style" (Gatys et al., 2015): the Gram matrix
# of a batch of feature maps and the style loss over several layers; then the steps that turn a classifier into a
# segmenter in the fully convolutional networks of Long et al. (2015): a `Dense` layer's weights copied into an
# equivalent `Conv2D`, so that a classifier of small images slides over large ones and returns a heat map, the
# output sizes of transposed convolutions (the upsampling layers of FCNs), and the mean intersection over union
# (IoU) that segmentation is scored with, edge cases included. Last, you build and train a small FCN that finds the
# digits on canvases of MNIST digits, pixel by pixel.
#
# **Prerequisites:** lectures 07 and 08 (convolutions, CNNs in Keras), 19 (neural style transfer) and 20 (semantic
# segmentation). **Points:** 30, in five parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes, sizes, values
#   and seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * **From scratch means from scratch.** Parts A, C and D, and `dense_to_conv` in Part B, are NumPy only: no Keras,
#   TensorFlow, scikit-learn or SciPy, directly or through the reference helpers below, and no changing an input
#   array in place. Their value checks call your function through `from_scratch` (below), which fails the check
#   when it does either.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import keras
import numpy as np
import tensorflow as tf
from keras import layers

import course
from course import checks

course.setup(quiet=True)

# %% [markdown] nbgrader={"grade": false, "grade_id": "reference_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The references, and how the checks call your code
#
# The tests compare your functions with TensorFlow and Keras computing the same thing. Use these helpers yourself
# to compare while you work (but not inside your answers):
#
# * `tf_gram_matrix` and `tf_style_loss` compute Part A's formulas with TensorFlow ops, in float64.
# * `keras_dense(F, kernel, bias)` is what `layers.Flatten()` followed by a `Dense` layer with these weights computes
#   on feature maps `F`; `tf_conv_valid(F, conv_kernel, conv_bias)` is a `Conv2D` with `padding="valid"`.
# * `keras_conv_output_size` and `keras_conv_transpose_output_size` build a `Conv2D` or `Conv2DTranspose` layer,
#   run it on zeros and return the output's height.
# * `tf_confusion_matrix` (`tf.math.confusion_matrix`) and `keras_mean_iou` (`keras.metrics.MeanIoU`).
# * `from_scratch(f)` is `f`, checked by the course's `checks.from_scratch`: while `f` runs, every function it calls
#   is recorded; a call into Keras, TensorFlow, scikit-learn or SciPy (under any name), or into one of the reference
#   helpers, fails the check with its name, and so does an input array that `f` changed in place.
# * `checks.count_notebook_lines(f, ...)` (the course's) runs `f(...)` and counts the lines of notebook code it
#   runs: Part D's vectorization check uses it.

# %% nbgrader={"grade": false, "grade_id": "reference", "locked": true, "schema_version": 3, "solution": false, "task": false}
def tf_gram_matrix(F):
    """Gram matrices of feature maps F (B, H, W, C) with TensorFlow, in float64: (B, C, C), divided by H W."""
    F = tf.constant(F, "float64")
    return (tf.einsum("bijc,bijd->bcd", F, F) / (F.shape[1] * F.shape[2])).numpy()


def tf_style_loss(grams_generated, grams_style, weights=None):
    """The weighted style loss of Part A with TensorFlow, in float64: shape (B,)."""
    weights = [1 / len(grams_generated)] * len(grams_generated) if weights is None else weights
    total = 0.0
    for G, A, weight in zip(grams_generated, grams_style, weights):
        G, A = tf.constant(G, "float64"), tf.constant(A, "float64")
        total += weight * tf.reduce_sum(tf.square(G - A), axis=(1, 2)) / (4 * G.shape[-1] ** 2)
    return total.numpy()


def keras_dense(F, kernel, bias):
    """What layers.Flatten() then a Dense layer with weights (kernel, bias) compute on F (N, h, w, c), in float64."""
    flat = layers.Flatten(dtype="float64")(tf.constant(F, "float64"))
    return (flat @ tf.constant(kernel, "float64") + bias).numpy()


def tf_conv_valid(F, conv_kernel, conv_bias):
    """What Conv2D(padding="valid", stride 1) with weights (conv_kernel, conv_bias) computes on F, in float64."""
    return (tf.nn.conv2d(tf.constant(F, "float64"), tf.constant(conv_kernel, "float64"), 1, "VALID")
            + conv_bias).numpy()


def keras_conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """The height of what keras.layers.Conv2D returns for an input of height n."""
    layer = layers.Conv2D(1, (kernel_size, 1), strides=(stride, 1), padding=padding)
    return int(layer(np.zeros((1, n, 1, 1), "float32")).shape[1])


def keras_conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """The height of what keras.layers.Conv2DTranspose returns for an input of height n."""
    layer = layers.Conv2DTranspose(1, (kernel_size, 1), strides=(stride, 1), padding=padding,
                                   output_padding=None if output_padding is None else (output_padding, 0))
    return int(layer(np.zeros((1, n, 1, 1), "float32")).shape[1])


def tf_confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """tf.math.confusion_matrix (rows: true class, columns: predicted), pixels whose y_true is ignore_label left out."""
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    keep = y_true != ignore_label if ignore_label is not None else np.ones(y_true.shape, bool)
    return tf.math.confusion_matrix(y_true[keep], y_pred[keep], num_classes, dtype="int64").numpy()


def keras_mean_iou(y_true, y_pred, num_classes, ignore_label=None):
    """keras.metrics.MeanIoU over all pixels at once (classes absent from truth and prediction are left out)."""
    metric = keras.metrics.MeanIoU(num_classes, ignore_class=ignore_label)
    metric.update_state(np.ravel(y_true), np.ravel(y_pred))
    return float(metric.result())


REFERENCES = (tf_gram_matrix, tf_style_loss, keras_dense, tf_conv_valid, keras_conv_output_size,
              keras_conv_transpose_output_size, tf_confusion_matrix, keras_mean_iou)


def from_scratch(function):
    """function, checked by checks.from_scratch: it fails if it runs Keras, TensorFlow, scikit-learn, SciPy or one
    of the REFERENCES above, or changes an input array in place."""
    return checks.from_scratch(function, references=REFERENCES)


# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: the Gram matrix and the style loss (7 points)
#
# Gatys et al. (2015) describe the style of an image by how the channels of a layer's feature maps go together,
# wherever they are in the image. For one image's feature map $F$ of shape $(H, W, C)$, with $M = HW$ positions,
# the Gram matrix is the $C \times C$ matrix of channel products averaged over the positions:
#
# $$G[c, d] = \frac{1}{M} \sum_{i=0}^{H-1} \sum_{j=0}^{W-1} F[i, j, c]\, F[i, j, d], \qquad
#   \text{that is } G = \frac{1}{M} \tilde F^\top \tilde F \text{ with } \tilde F \text{ the } (M, C)
#   \text{ reshape of } F.$$
#
# With the Gram matrices $G_l$ of the generated image and $A_l$ of the style image at layer $l$ (which has $C_l$
# channels), Gatys et al. define the layer's contribution and the style loss as
#
# $$E_l = \frac{1}{4 C_l^2} \sum_{c=0}^{C_l - 1} \sum_{d=0}^{C_l - 1} \big(G_l[c, d] - A_l[c, d]\big)^2, \qquad
#   \mathcal L_{\text{style}} = \sum_l w_l E_l.$$
#
# (The paper writes $E_l = \frac{1}{4 N_l^2 M_l^2} \sum (G_l - A_l)^2$ with Gram matrices that are sums over the
# positions, not means, and $N_l$ channels: dividing each Gram matrix by $M_l$ is the same thing, and lets the style
# image have another size than the generated one, as it may here.)
#
# * `gram_matrix(F)`: in, a **batch** of feature maps `F` of shape $(B, H, W, C)$; out, an array of shape
#   $(B, C, C)$ whose entry `b` is the Gram matrix of image `b` alone. Raise a `ValueError` if `F` is not 4-D.
# * `style_loss(grams_generated, grams_style, weights=None)`: in, two lists of the same length $L$ (one entry per
#   layer): `grams_generated[l]` of shape $(B, C_l, C_l)$ and `grams_style[l]` of shape $(B, C_l, C_l)$ or
#   $(1, C_l, C_l)$ (one style image for the whole batch), and $L$ weights $w_l$ (by default $1/L$ each, as in the
#   paper). Out: the style loss of each image of the batch, an array of shape $(B,)$. Raise a `ValueError` if the
#   lists have different lengths.
# * NumPy only (`from_scratch`); no loop over the positions $(i, j)$.
#
# The checks compare with `tf_gram_matrix` and `tf_style_loss` on batches of two images with $H \ne W$ and several
# channels, check that each image's Gram matrix is its own, that a feature map tiled twice has the same Gram matrix,
# and compute the style loss over layers of different depths, with the weights given and by default.

# %% nbgrader={"grade": false, "grade_id": "gram_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gram_matrix(F):
    """Gram matrices of a batch of feature maps, averaged over the positions.

    Parameters
    ----------
    F : ndarray of shape (B, H, W, C)

    Returns
    -------
    ndarray of shape (B, C, C)
        G[b, c, d] = mean over the H W positions (i, j) of F[b, i, j, c] * F[b, i, j, d].
    """
    ### BEGIN SOLUTION
    F = np.asarray(F, dtype=float)
    if F.ndim != 4:
        raise ValueError(f"F must be a batch of feature maps (B, H, W, C); got shape {F.shape}. "
                         "Add a batch axis for one image: F[np.newaxis].")
    B, H, W, C = F.shape
    flat = F.reshape(B, H * W, C)
    return np.transpose(flat, (0, 2, 1)) @ flat / (H * W)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "gram_matrix_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: one 2x2 map with 2 channels, channel 0 all ones, channel 1 = [[1, 2], [3, 4]]:
# expect [[1, 2.5], [2.5, 7.5]] (the means of 1, of c1 and of c1 squared).
F_try = np.stack([np.ones((2, 2)), np.array([[1.0, 2.0], [3.0, 4.0]])], axis=-1)[np.newaxis]
print(gram_matrix(F_try))

# %% nbgrader={"grade": true, "grade_id": "gram_matrix_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check gram_matrix on a worked 2x2 example and on a batch (2, 3, 4, 5) against tf_gram_matrix"""
G = from_scratch(gram_matrix)(F_try)
checks.assert_array(G, "gram_matrix of the 2x2 map with 2 channels", shape=(1, 2, 2))
checks.assert_allclose(G[0], [[1.0, 2.5], [2.5, 7.5]], "gram_matrix of the 2x2 map with 2 channels",
                       hint="Average the products over the H W = 4 positions: G[1, 1] = (1 + 4 + 9 + 16) / 4.")
F = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
G = from_scratch(gram_matrix)(F)
checks.assert_array(G, "gram_matrix(F) for F of shape (2, 3, 4, 5)", shape=(2, 5, 5))
checks.assert_allclose(G, tf_gram_matrix(F), "gram_matrix(F) for F of shape (2, 3, 4, 5)", rtol=1e-6, atol=1e-9,
                       hint="G[b] is F_b^T F_b / (H W) with F_b the (H W, C) reshape of image b: a C x C matrix, "
                            "divided by the number of positions H W (not by H W C, and not left as a sum).")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(10)
for shape in [(1, 7, 3, 2), (3, 1, 1, 4), (4, 5, 6, 8), (2, 9, 2, 1)]:
    F = rng.normal(size=shape) + 0.5
    checks.assert_allclose(from_scratch(gram_matrix)(F), tf_gram_matrix(F), f"gram_matrix for F of shape {shape}",
                           rtol=1e-6, atol=1e-9, hint="A (C, C) matrix per image, divided by H W.")
F32 = rng.uniform(size=(2, 6, 5, 3)).astype("float32")
checks.assert_allclose(from_scratch(gram_matrix)(F32), tf_gram_matrix(F32), "gram_matrix of a float32 batch",
                       rtol=1e-5, atol=1e-7)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "gram_matrix_batched", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that each image of a batch gets its own Gram matrix, that tiling a map keeps it, and the ValueError for 3-D"""
rng = np.random.default_rng(1)
F = rng.normal(size=(3, 4, 2, 3))
G = from_scratch(gram_matrix)(F)
checks.assert_array(G, "gram_matrix(F) for F of shape (3, 4, 2, 3)", shape=(3, 3, 3))
for b in range(3):
    checks.assert_allclose(G[b], from_scratch(gram_matrix)(F[b:b + 1])[0], f"gram_matrix(F)[{b}]",
                           hint="Each image's Gram matrix uses that image's positions only: reshape to (B, H W, C), "
                                "not to (B H W, C).")
tiled = np.tile(F[:1], (1, 2, 3, 1))  # the same map repeated: 2 x 3 times as many positions, same statistics
checks.assert_allclose(from_scratch(gram_matrix)(tiled), G[:1], "gram_matrix of the first map tiled 2 x 3 times",
                       hint="Divide by the number of positions H W: then the Gram matrix does not grow with the "
                            "image, and a style image of another size can be compared.")
try:
    gram_matrix(F[0])
except ValueError:
    pass
else:
    raise AssertionError("gram_matrix should raise ValueError for one map of shape (4, 2, 3): it expects (B, H, W, C).")
### BEGIN HIDDEN TESTS
F = rng.normal(size=(5, 3, 7, 4))
G = from_scratch(gram_matrix)(F)
for b in range(5):
    checks.assert_allclose(G[b], from_scratch(gram_matrix)(F[b:b + 1])[0], f"gram_matrix(F)[{b}] of a batch of 5",
                           hint="Each image's Gram matrix uses that image's positions only.")
checks.assert_allclose(np.transpose(G, (0, 2, 1)), G, "the transpose of each Gram matrix", hint="G is symmetric.")
checks.assert_allclose(from_scratch(gram_matrix)(np.tile(F, (1, 3, 1, 1))), G, "gram_matrix of a batch tiled 3 times")
for bad in (F.reshape(5, 21, 4), F[np.newaxis]):
    try:
        gram_matrix(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"gram_matrix should raise ValueError for shape {bad.shape}: it expects (B, H, W, C).")
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "style_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def style_loss(grams_generated, grams_style, weights=None):
    """Gatys et al.'s style loss of each image of a batch, summed over layers with weights.

    Parameters
    ----------
    grams_generated : list of L ndarrays, entry l of shape (B, C_l, C_l)
        Gram matrices of the generated images at each layer.
    grams_style : list of L ndarrays, entry l of shape (B, C_l, C_l) or (1, C_l, C_l)
        Gram matrices of the style image(s) at the same layers.
    weights : sequence of L floats, optional
        w_l; 1 / L each by default.

    Returns
    -------
    ndarray of shape (B,)
        sum over l of w_l / (4 C_l^2) * sum over (c, d) of (G_l[b, c, d] - A_l[b, c, d])^2.
    """
    ### BEGIN SOLUTION
    if len(grams_generated) != len(grams_style):
        raise ValueError(f"Got Gram matrices for {len(grams_generated)} layers of the generated images but "
                         f"{len(grams_style)} of the style image: one of each per layer.")
    num_layers = len(grams_generated)
    weights = [1 / num_layers] * num_layers if weights is None else weights
    total = 0.0
    for G, A, weight in zip(grams_generated, grams_style, weights):
        G, A = np.asarray(G, dtype=float), np.asarray(A, dtype=float)
        total = total + weight * np.sum((G - A) ** 2, axis=(1, 2)) / (4 * G.shape[-1] ** 2)
    return total
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "style_loss_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: one layer with one channel, G = 4 and A = 1: expect (4 - 1)^2 / 4 = 2.25. Then two layers, two images.
print(style_loss([np.full((1, 1, 1), 4.0)], [np.ones((1, 1, 1))]))
print(style_loss([np.ones((2, 2, 2)), np.zeros((2, 3, 3))], [np.zeros((1, 2, 2)), np.ones((1, 3, 3))]))

# %% nbgrader={"grade": true, "grade_id": "style_loss_one_layer", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check style_loss for one layer: the worked example and a batch of two 3x3 Gram matrices against tf_style_loss"""
loss = from_scratch(style_loss)([np.full((1, 1, 1), 4.0)], [np.ones((1, 1, 1))])
checks.assert_array(loss, "style_loss for G = 4, A = 1", shape=(1,))
checks.assert_allclose(loss, [2.25], "style_loss for G = 4, A = 1 (one channel)",
                       hint="E = (G - A)^2 / (4 C^2) = 9 / 4: divide the sum of squares by 4 C^2.")
rng = np.random.default_rng(2)
grams_generated, grams_style = [rng.normal(size=(2, 3, 3))], [rng.normal(size=(2, 3, 3))]
loss = from_scratch(style_loss)(grams_generated, grams_style)
checks.assert_array(loss, "style_loss for a batch of 2 images", shape=(2,))
checks.assert_allclose(loss, tf_style_loss(grams_generated, grams_style), "style_loss for one layer of 3 channels",
                       hint="Sum the squared differences over the C x C entries of each image (axes 1 and 2, not "
                            "the batch), then divide by 4 C^2.")
### BEGIN HIDDEN TESTS
grams_generated, grams_style = [rng.normal(size=(4, 6, 6))], [rng.normal(size=(4, 6, 6))]
checks.assert_allclose(from_scratch(style_loss)(grams_generated, grams_style),
                       tf_style_loss(grams_generated, grams_style), "style_loss for one layer of 6 channels, 4 images")
checks.assert_allclose(from_scratch(style_loss)(grams_generated, grams_generated), np.zeros(4),
                       "style_loss of Gram matrices with themselves", atol=1e-12)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "style_loss_layers", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check style_loss over two layers of 2 and 4 channels, one style image for the batch, with weights and by default"""
rng = np.random.default_rng(3)
grams_generated = [rng.normal(size=(3, 2, 2)), rng.normal(size=(3, 4, 4))]
grams_style = [rng.normal(size=(1, 2, 2)), rng.normal(size=(1, 4, 4))]
for weights in ([0.2, 0.8], None):
    loss = from_scratch(style_loss)(grams_generated, grams_style, weights)
    checks.assert_array(loss, f"style_loss over two layers, weights {weights}", shape=(3,))
    checks.assert_allclose(loss, tf_style_loss(grams_generated, grams_style, weights),
                           f"style_loss over layers of 2 and 4 channels, weights {weights}",
                           hint="Each layer has its own C_l: divide its sum by 4 C_l^2, multiply by its w_l "
                                "(1/L each by default), and add the layers. The style Gram matrices (1, C, C) "
                                "serve every image of the batch.")
### BEGIN HIDDEN TESTS
grams_generated = [rng.normal(size=(2, c, c)) for c in (3, 1, 5)]
grams_style = [rng.normal(size=(2, c, c)) for c in (3, 1, 5)]
for weights in ([1.0, 0.5, 0.25], None, (0.0, 1.0, 0.0)):
    checks.assert_allclose(from_scratch(style_loss)(grams_generated, grams_style, weights),
                           tf_style_loss(grams_generated, grams_style, weights),
                           f"style_loss over layers of 3, 1 and 5 channels, weights {weights}")
try:
    style_loss(grams_generated, grams_style[:2])
except ValueError:
    pass
else:
    raise AssertionError("style_loss should raise ValueError for 3 generated and 2 style Gram matrices.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: a classifier's Dense layers as convolutions (7 points)
#
# Long et al. (2015) observe that a fully connected layer is a convolution whose kernel covers its whole input: a
# `Dense` layer of $U$ units on the flattened $(h, w, c)$ feature map is a `Conv2D` of $U$ filters of size
# $h \times w$ with `padding="valid"`, which returns a $(1, 1, U)$ map; a later `Dense` layer, on $U_{prev}$ inputs,
# is a $1 \times 1$ convolution on that $(1, 1, U_{prev})$ map. The network then takes inputs of any size, and on
# an image larger than the classifier's it returns a map of class probabilities, one per position: a heat map.
#
# The weights only need to be put in the right order. Keras' `Flatten` reads an $(h, w, c)$ map row by row, the
# channel varying fastest (NumPy's default, C order): $F[i, j, k]$ becomes entry $r = (i\,w + j)\,c + k$ of the
# vector. So the `Dense` kernel $V$ of shape $(hwc, U)$ and the `Conv2D` kernel $K$ of shape $(h, w, c, U)$ agree
# when $K[i, j, k, u] = V[(i\,w + j)\,c + k,\ u]$; the bias stays as it is. (A channels-first network, as in
# PyTorch, flattens in the order $(c, h, w)$: its weights would need another order.)
#
# * `dense_to_conv(kernel, bias, feature_shape)`: in, a `Dense` layer's `kernel` $(hwc, U)$ and `bias` $(U,)$ and
#   the shape $(h, w, c)$ of the map that `Flatten` received; out, `(conv_kernel, conv_bias)` of shapes
#   $(h, w, c, U)$ and $(U,)$ (new arrays). Raise a `ValueError` if `kernel` has not $hwc$ rows. NumPy only.
# * `fully_convolutional(classifier)`: in, a `keras.Sequential` classifier built on `keras.Input(shape=(h0, w0, c0))`
#   whose layers are `Conv2D` and `MaxPooling2D` layers (padding "valid"), one `Flatten`, then `Dense` layers. Out, a
#   `keras.Model` on `keras.Input(shape=(None, None, c0))` (any height and width) in which:
#   * the `Conv2D` and `MaxPooling2D` layers are the classifier's own (call the classifier's layer objects on your new
#     tensors: they keep their weights);
#   * `Flatten` is gone, and each `Dense` layer becomes a `Conv2D` with `padding="valid"`, the layer's activation
#     (`layer.activation`) and the weights of your `dense_to_conv` (`layer.get_weights()` gives `[kernel, bias]`). The
#     first `Dense` layer's `feature_shape` is the shape `Flatten` received, `flatten_layer.input.shape[1:]`; each
#     later one sees a $(1, 1, U_{prev})$ map. A new layer has weights once it is built: call it on a tensor first,
#     then `conv.set_weights([conv_kernel, conv_bias])`.
#
# The checks use a classifier with non-zero biases on $10 \times 12 \times 2$ inputs whose `Flatten` receives a
# $3 \times 4 \times 5$ map: `dense_to_conv` against `keras_dense` (3 points); your model on $10 \times 12$ images
# against the classifier (2 points); and on a larger image, where output $(i, j)$ must be the classifier's output on
# the crop that starts at row $iS$ and column $jS$, with $S$ the product of the classifier's strides (2 points).
# Other classifiers are used when graded (three `Dense` layers, strided convolutions, no convolution at all).

# %% nbgrader={"grade": false, "grade_id": "dense_to_conv", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_to_conv(kernel, bias, feature_shape):
    """The Conv2D weights equivalent to a Dense layer applied after Flatten.

    Parameters
    ----------
    kernel : ndarray of shape (h * w * c, U)
        The Dense layer's kernel.
    bias : ndarray of shape (U,)
    feature_shape : tuple (h, w, c)
        The shape of the feature map that Flatten received (without the batch axis).

    Returns
    -------
    conv_kernel : ndarray of shape (h, w, c, U)
    conv_bias : ndarray of shape (U,)
    """
    ### BEGIN SOLUTION
    kernel, bias = np.asarray(kernel), np.asarray(bias)
    h, w, c = (int(size) for size in feature_shape)
    if kernel.ndim != 2 or kernel.shape[0] != h * w * c:
        raise ValueError(f"A Dense layer after Flatten of a {(h, w, c)} map has a kernel of {h * w * c} rows; "
                         f"got a kernel of shape {kernel.shape}.")
    return kernel.reshape(h, w, c, kernel.shape[1]).copy(), bias.copy()
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "dense_to_conv_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: a Dense layer of 2 units after Flatten of a (1, 2, 3) map; kernel rows 0..5 hold r and 10 r.
# Expect conv_kernel[0, 1, 2] = [5, 50] (position (i, j, k) = (0, 1, 2) is row (0 * 2 + 1) * 3 + 2 = 5).
kernel_try = np.stack([np.arange(6.0), 10 * np.arange(6.0)], axis=1)
conv_kernel_try, conv_bias_try = dense_to_conv(kernel_try, np.array([0.5, -0.5]), (1, 2, 3))
print(conv_kernel_try.shape, conv_kernel_try[0, 1, 2], conv_bias_try)

# %% nbgrader={"grade": true, "grade_id": "dense_to_conv_values", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check dense_to_conv: a Conv2D with its weights on (2, 3, 4, 5) maps equals Flatten then Dense, bias included"""
conv_kernel, conv_bias = from_scratch(dense_to_conv)(kernel_try, np.array([0.5, -0.5]), (1, 2, 3))
checks.assert_allclose(conv_kernel[0, 1, 2], [5.0, 50.0], "conv_kernel[0, 1, 2] in the example",
                       hint="Flatten puts F[i, j, k] at row (i w + j) c + k: reshape the kernel to (h, w, c, U).")
rng = np.random.default_rng(4)
kernel, bias = rng.normal(size=(3 * 4 * 5, 6)), rng.normal(size=6)
result = from_scratch(dense_to_conv)(kernel, bias, (3, 4, 5))
checks.assert_returns(result, "dense_to_conv", tuple)
conv_kernel, conv_bias = result
checks.assert_array(conv_kernel, "conv_kernel for a (3, 4, 5) map and 6 units", shape=(3, 4, 5, 6))
checks.assert_array(conv_bias, "conv_bias for 6 units", shape=(6,))
F = rng.normal(size=(2, 3, 4, 5))
checks.assert_allclose(tf_conv_valid(F, conv_kernel, conv_bias)[:, 0, 0, :], keras_dense(F, kernel, bias),
                       "Conv2D with your weights against Flatten + Dense, on (2, 3, 4, 5) maps", rtol=1e-6,
                       atol=1e-9, hint="Keras' Flatten is row-major over (h, w, c), the channel fastest: not "
                                       "(c, h, w) as in channels-first code, and not (w, h, c). Keep the bias.")
### BEGIN HIDDEN TESTS
for feature_shape, units in [((1, 1, 7), 3), ((2, 2, 3), 4), ((5, 4, 3), 2), ((6, 1, 2), 5)]:
    kernel, bias = rng.normal(size=(int(np.prod(feature_shape)), units)), rng.normal(size=units)
    conv_kernel, conv_bias = from_scratch(dense_to_conv)(kernel, bias, feature_shape)
    checks.assert_array(conv_kernel, f"conv_kernel for a {feature_shape} map", shape=feature_shape + (units,))
    F = rng.normal(size=(3,) + feature_shape)
    checks.assert_allclose(tf_conv_valid(F, conv_kernel, conv_bias)[:, 0, 0, :], keras_dense(F, kernel, bias),
                           f"Conv2D with your weights against Flatten + Dense on a {feature_shape} map",
                           rtol=1e-6, atol=1e-9)
conv_kernel, conv_bias = from_scratch(dense_to_conv)(kernel, bias, np.array([6, 1, 2]))
checks.assert_array(conv_kernel, "conv_kernel for feature_shape given as an array", shape=(6, 1, 2, 5))
assert not np.shares_memory(conv_kernel, kernel) and not np.shares_memory(conv_bias, bias), (
    "dense_to_conv should return new arrays, not views of the Dense layer's kernel and bias: add .copy().")
try:
    dense_to_conv(rng.normal(size=(11, 2)), np.zeros(2), (2, 2, 3))
except ValueError:
    pass
else:
    raise AssertionError("dense_to_conv should raise ValueError for a kernel of 11 rows and a (2, 2, 3) map (12).")
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "fully_convolutional", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fully_convolutional(classifier):
    """The classifier with its Dense layers as convolutions: a model for inputs of any size.

    Parameters
    ----------
    classifier : keras.Sequential
        Input (h0, w0, c0); Conv2D and MaxPooling2D layers (padding "valid"), one Flatten, then Dense layers.

    Returns
    -------
    keras.Model
        Input shape (None, None, None, c0); output (N, H_out, W_out, units of the last Dense layer), which is
        (N, 1, 1, units) on inputs of the classifier's size.
    """
    ### BEGIN SOLUTION
    inputs = keras.Input(shape=(None, None, classifier.input_shape[-1]))
    x, feature_shape = inputs, None
    for layer in classifier.layers:
        if isinstance(layer, layers.Flatten):
            feature_shape = tuple(layer.input.shape[1:])
        elif isinstance(layer, layers.Dense):
            kernel, bias = layer.get_weights()
            conv_kernel, conv_bias = dense_to_conv(kernel, bias, feature_shape)
            conv = layers.Conv2D(layer.units, conv_kernel.shape[:2], padding="valid", activation=layer.activation)
            x = conv(x)
            conv.set_weights([conv_kernel, conv_bias])
            feature_shape = (1, 1, layer.units)
        else:
            x = layer(x)
    return keras.Model(inputs, x)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "classifier_setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The classifier the checks below convert: 10x12x2 inputs, Flatten receives a 3x4x5 map, biases not zero.
def make_classifier(input_shape, body, dense, seed):
    """A keras.Sequential classifier: body layers, Flatten, Dense layers, every bias set to non-zero values."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=input_shape), *body, layers.Flatten(), *dense])
    rng = np.random.default_rng(seed)
    model.set_weights([w if w.ndim > 1 else rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return model


classifier = make_classifier((10, 12, 2), [layers.Conv2D(4, 3, activation="relu"), layers.MaxPooling2D(2),
                                           layers.Conv2D(5, 2, activation="relu")],
                             [layers.Dense(6, activation="relu"), layers.Dense(3, activation="softmax")], seed=0)

# %% nbgrader={"grade": false, "grade_id": "fully_convolutional_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: on 10x12 images expect an output (2, 1, 1, 3) equal to the classifier's (difference about 1e-7);
# on 14x18 images a 3x4 map of class probabilities, one per 10x12 window, windows 2 pixels apart.
fcn_try = fully_convolutional(classifier)
X_try = np.random.default_rng(0).normal(size=(2, 10, 12, 2)).astype("float32")
Y_try = keras.ops.convert_to_numpy(fcn_try(X_try))
print(Y_try.shape, "largest difference:", np.abs(Y_try[:, 0, 0] - keras.ops.convert_to_numpy(classifier(X_try))).max())
print(keras.ops.convert_to_numpy(fcn_try(np.zeros((2, 14, 18, 2), "float32"))).shape)

# %% nbgrader={"grade": true, "grade_id": "fully_convolutional_same_size", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check fully_convolutional on the classifier's own input size (10x12x2): output (N, 1, 1, 3) equal to the classifier"""
def check_same_size(classifier, X, name):
    fcn = fully_convolutional(classifier)
    checks.assert_returns(fcn, "fully_convolutional", keras.Model)
    Y = keras.ops.convert_to_numpy(fcn(X))
    expected = keras.ops.convert_to_numpy(classifier(X))
    checks.assert_array(Y, f"your model's output on {X.shape} images ({name})",
                        shape=(len(X), 1, 1, expected.shape[-1]))
    checks.assert_allclose(Y[:, 0, 0, :], expected, f"your model against the classifier ({name})", rtol=1e-4,
                           atol=1e-5, hint="Keep every bias (use_bias, set_weights([conv_kernel, conv_bias])) and "
                                           "every activation (activation=layer.activation); the first Dense "
                                           "layer's kernel covers the whole map that Flatten received.")


X = np.random.default_rng(5).normal(size=(2, 10, 12, 2)).astype("float32")
check_same_size(classifier, X, "10x12x2 images, Flatten of a 3x4x5 map")
### BEGIN HIDDEN TESTS
other = make_classifier((9, 9, 1), [layers.Conv2D(3, 3, strides=2, activation="tanh"), layers.MaxPooling2D(2)],
                        [layers.Dense(4, activation="tanh"), layers.Dense(5, activation="relu"),
                         layers.Dense(2, activation="sigmoid")], seed=1)
check_same_size(other, np.random.default_rng(6).normal(size=(3, 9, 9, 1)).astype("float32"),
                "9x9x1 images, a strided convolution and three Dense layers")
no_conv = make_classifier((5, 4, 3), [], [layers.Dense(2)], seed=2)
check_same_size(no_conv, np.random.default_rng(7).normal(size=(2, 5, 4, 3)).astype("float32"),
                "5x4x3 images, Flatten then one Dense layer")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "fully_convolutional_heat_map", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the heat map on 14x18 images: output (i, j) is the classifier on the 10x12 crop at (2i, 2j) (stride 2)"""
def check_heat_map(classifier, stride, extra_rows, extra_cols, seed, name):
    h0, w0, c0 = classifier.input_shape[1:]
    X = np.random.default_rng(seed).normal(size=(2, h0 + stride * extra_rows, w0 + stride * extra_cols, c0))
    X = X.astype("float32")
    fcn = fully_convolutional(classifier)
    assert tuple(fcn.input_shape) == (None, None, None, c0), (
        f"Your model's input shape is {fcn.input_shape}: build it on keras.Input(shape=(None, None, {c0})) so "
        "that it takes images of any size.")
    heat = keras.ops.convert_to_numpy(fcn(X))
    units = classifier.output_shape[-1]
    checks.assert_array(heat, f"your model's heat map on {X.shape} images ({name})",
                        shape=(2, extra_rows + 1, extra_cols + 1, units))
    for i in range(extra_rows + 1):
        for j in range(extra_cols + 1):
            crop = X[:, i * stride:i * stride + h0, j * stride:j * stride + w0]
            checks.assert_allclose(heat[:, i, j], keras.ops.convert_to_numpy(classifier(crop)),
                                   f"heat map at ({i}, {j}) against the classifier on the crop at "
                                   f"({i * stride}, {j * stride}) ({name})", rtol=1e-4, atol=1e-5)


check_heat_map(classifier, stride=2, extra_rows=2, extra_cols=3, seed=8, name="14x18x2 images")
### BEGIN HIDDEN TESTS
other = make_classifier((9, 9, 1), [layers.Conv2D(3, 3, strides=2, activation="tanh"), layers.MaxPooling2D(2)],
                        [layers.Dense(4, activation="tanh"), layers.Dense(5, activation="relu"),
                         layers.Dense(2, activation="sigmoid")], seed=1)
no_conv = make_classifier((5, 4, 3), [], [layers.Dense(2)], seed=2)
check_heat_map(other, stride=4, extra_rows=2, extra_cols=1, seed=9, name="17x13x1 images, total stride 4")
check_heat_map(no_conv, stride=1, extra_rows=3, extra_cols=2, seed=10, name="8x6x3 images, no convolution")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: output sizes of convolutions and transposed convolutions (6 points)
#
# An FCN's encoder shrinks the image; its decoder must bring it back to exactly the input's size, or the
# per-pixel labels do not line up. Keras' `Conv2D` with kernel $k$ and stride $s$ turns a side $n$ into
#
# $$n_{out} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1 \ \text{ for padding "valid"}, \qquad
#   n_{out} = \left\lceil \frac{n}{s} \right\rceil \ \text{ for padding "same"}.$$
#
# A transposed convolution (`Conv2DTranspose`) runs a convolution backwards (its backward pass, as in assignment
# 04): each of the $n$ input pixels adds its value times the kernel onto a $k$-pixel patch of the output, the
# patches $s$ pixels apart, which covers $(n - 1)s + k$ pixels. Keras then crops $P$ pixels on each side and adds
# $a$, the `output_padding`, at the end:
#
# $$n_{out} = (n - 1)\,s + k - 2P + a, \qquad P = 0 \text{ for "valid"}, \quad
#   P = \lfloor k / 2 \rfloor \text{ for "same"}.$$
#
# Several sizes $n$ give the same convolution output (the floor and the ceiling round), so the transposed
# convolution must be told which one it inverts: `output_padding` $a$, with $0 \le a < s$ (Keras raises a
# `ValueError` otherwise). With `output_padding=None`, Keras chooses: "valid" takes $a = \max(s - k, 0)$, and "same"
# gives exactly $n_{out} = n s$.
#
# * `conv_output_size(n, kernel_size, stride=1, padding="valid")`: the convolution's side, an `int`. Raise a
#   `ValueError` for a padding other than "valid" and "same", a stride below 1, or "valid" with $k > n$.
# * `conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None)`: the transposed
#   convolution's side, an `int`. Raise a `ValueError` for a padding other than "valid" and "same", and for an
#   `output_padding` outside $0 \le a < s$.
# * `output_padding_for(n_in, n_out, kernel_size, stride, padding)`: the `output_padding` $a$ (an `int`,
#   $0 \le a < s$) with which a transposed convolution turns $n_{in}$ into $n_{out}$; a `ValueError` if there is none.
# * NumPy (or plain Python) only: no building Keras layers to read their shapes.
#
# The checks use a decoder's problem: an encoder with `padding="same"` and stride 2 took a side of 25 to 13, and the
# transposed convolution with $k = 3$, $s = 2$ and `output_padding=None` gives 26, not 25. When graded, your sizes
# are compared with the output shapes of real `Conv2D` and `Conv2DTranspose` layers, for kernels smaller than,
# equal to and larger than the stride, odd and even.

# %% nbgrader={"grade": false, "grade_id": "conv_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """Side of keras.layers.Conv2D's output.

    Parameters
    ----------
    n : int
        Side of the input (height or width).
    kernel_size, stride : int
    padding : {"valid", "same"}

    Returns
    -------
    int
    """
    ### BEGIN SOLUTION
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if stride < 1:
        raise ValueError(f"The stride must be at least 1, got {stride}.")
    if padding == "same":
        return -(-n // stride)
    if kernel_size > n:
        raise ValueError(f"A kernel of {kernel_size} does not fit in {n} pixels without padding.")
    return (n - kernel_size) // stride + 1
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "conv_transpose_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_transpose_output_size(n, kernel_size, stride=1, padding="valid", output_padding=None):
    """Side of keras.layers.Conv2DTranspose's output.

    Parameters
    ----------
    n : int
        Side of the input.
    kernel_size, stride : int
    padding : {"valid", "same"}
    output_padding : int in [0, stride) or None

    Returns
    -------
    int
    """
    ### BEGIN SOLUTION
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    if output_padding is not None and not 0 <= output_padding < stride:
        raise ValueError(f"output_padding must satisfy 0 <= output_padding < stride = {stride}, got {output_padding}.")
    if output_padding is None:
        if padding == "same":
            return n * stride
        output_padding = max(stride - kernel_size, 0)
    crop = kernel_size // 2 if padding == "same" else 0
    return (n - 1) * stride + kernel_size - 2 * crop + output_padding
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "output_padding_for", "locked": false, "schema_version": 3, "solution": true, "task": false}
def output_padding_for(n_in, n_out, kernel_size, stride, padding):
    """The output_padding with which Conv2DTranspose turns a side n_in into n_out.

    Parameters
    ----------
    n_in, n_out : int
    kernel_size, stride : int
    padding : {"valid", "same"}

    Returns
    -------
    int in [0, stride)

    Raises
    ------
    ValueError
        If no output_padding gives n_out.
    """
    ### BEGIN SOLUTION
    for output_padding in range(stride):
        if conv_transpose_output_size(n_in, kernel_size, stride, padding, output_padding) == n_out:
            return output_padding
    raise ValueError(f"No output_padding in [0, {stride}) turns {n_in} into {n_out} with kernel {kernel_size}, "
                     f"stride {stride} and padding {padding!r}.")
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "sizes_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the encoder takes 25 to 13 ("same", stride 2); the decoder gives 26 by default, 25 with output_padding 0.
print(conv_output_size(25, 3, 2, "same"), conv_transpose_output_size(13, 3, 2, "same"),
      conv_transpose_output_size(13, 3, 2, "same", output_padding=0), output_padding_for(13, 25, 3, 2, "same"))

# %% nbgrader={"grade": true, "grade_id": "conv_output_size_values", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check conv_output_size for "valid" and "same", strides 1 to 3, and a padding it does not know"""
for args, expected in [((28, 3, 1, "valid"), 26), ((25, 3, 2, "same"), 13), ((7, 3, 2, "valid"), 3),
                       ((7, 3, 2, "same"), 4), ((8, 2, 3, "valid"), 3), ((10, 5, 3, "same"), 4)]:
    got = from_scratch(conv_output_size)(*args)
    checks.assert_returns(got, f"conv_output_size{args}", (int, np.integer))
    checks.assert_equal(got, expected, f"conv_output_size{args}",
                        hint="'valid': floor((n - k) / s) + 1; 'same': ceil(n / s), whatever the kernel.")
try:
    conv_output_size(10, 3, 1, "full")
except ValueError:
    pass
else:
    raise AssertionError("conv_output_size(10, 3, 1, 'full') should raise ValueError: Keras knows 'valid' and 'same'.")
### BEGIN HIDDEN TESTS
for n, k, s in [(9, 4, 2), (5, 5, 1), (11, 1, 3), (16, 3, 4), (13, 2, 2), (6, 6, 5)]:
    for padding in ("valid", "same"):
        checks.assert_equal(from_scratch(conv_output_size)(n, k, s, padding), keras_conv_output_size(n, k, s, padding),
                            f"conv_output_size({n}, {k}, {s}, {padding!r}) against Conv2D")
for bad in [(4, 5, 1, "valid"), (10, 3, 0, "same")]:
    try:
        conv_output_size(*bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv_output_size{bad} should raise ValueError.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv_transpose_output_size_default", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check conv_transpose_output_size with output_padding=None: "same" gives n s, "valid" (n - 1) s + max(k, s)"""
for args, expected in [((13, 3, 2, "same"), 26), ((4, 3, 2, "valid"), 9), ((3, 1, 2, "valid"), 6),
                       ((5, 4, 1, "same"), 5), ((6, 2, 2, "valid"), 12)]:
    got = from_scratch(conv_transpose_output_size)(*args)
    checks.assert_returns(got, f"conv_transpose_output_size{args}", (int, np.integer))
    checks.assert_equal(got, expected, f"conv_transpose_output_size{args}",
                        hint="A transposed convolution grows the input: (n - 1) s + k - 2P + a, not the "
                             "convolution's formula. With output_padding None, 'same' gives n s and 'valid' takes "
                             "a = max(s - k, 0).")
### BEGIN HIDDEN TESTS
for n, k, s in [(1, 3, 2), (7, 5, 3), (5, 1, 3), (4, 2, 3), (6, 4, 2), (3, 3, 3), (2, 6, 1)]:
    for padding in ("valid", "same"):
        checks.assert_equal(from_scratch(conv_transpose_output_size)(n, k, s, padding),
                            keras_conv_transpose_output_size(n, k, s, padding),
                            f"conv_transpose_output_size({n}, {k}, {s}, {padding!r}) against Conv2DTranspose")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv_transpose_output_size_output_padding", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check conv_transpose_output_size with an output_padding: 13 -> 25 or 26 ("same", k = 3, s = 2), and a < s"""
for args, expected in [((13, 3, 2, "same", 0), 25), ((13, 3, 2, "same", 1), 26), ((4, 3, 2, "valid", 1), 10),
                       ((4, 3, 2, "valid", 0), 9), ((3, 1, 3, "valid", 2), 9)]:
    checks.assert_equal(from_scratch(conv_transpose_output_size)(*args), expected, f"conv_transpose_output_size{args}",
                        hint="With an output_padding a: (n - 1) s + k - 2P + a, P = 0 ('valid') or floor(k / 2) "
                             "('same').")
try:
    conv_transpose_output_size(13, 3, 2, "same", output_padding=2)
except ValueError:
    pass
else:
    raise AssertionError("conv_transpose_output_size(13, 3, 2, 'same', output_padding=2) should raise ValueError: "
                         "Keras requires output_padding < stride.")
### BEGIN HIDDEN TESTS
for n, k, s, a, padding in [(5, 4, 2, 1, "same"), (6, 2, 3, 2, "same"), (7, 5, 3, 1, "same"), (3, 4, 2, 1, "valid"),
                            (4, 1, 3, 1, "valid"), (2, 6, 4, 3, "same"), (5, 3, 1, 0, "same"), (6, 2, 2, 0, "valid")]:
    checks.assert_equal(from_scratch(conv_transpose_output_size)(n, k, s, padding, a),
                        keras_conv_transpose_output_size(n, k, s, padding, a),
                        f"conv_transpose_output_size({n}, {k}, {s}, {padding!r}, output_padding={a}) against "
                        "Conv2DTranspose", hint="An even kernel crops floor(k / 2) on each side with 'same'.")
for bad in [dict(output_padding=-1), dict(padding="full")]:
    try:
        conv_transpose_output_size(**dict(dict(n=6, kernel_size=3, stride=2, padding="valid"), **bad))
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv_transpose_output_size with {bad} should raise ValueError.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "output_padding_for_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check output_padding_for on the decoder's problem (13 -> 25 and 13 -> 26), a stride of 3, and a size out of reach"""
for args, expected in [((13, 25, 3, 2, "same"), 0), ((13, 26, 3, 2, "same"), 1), ((8, 26, 3, 3, "valid"), 2),
                       ((8, 24, 3, 3, "valid"), 0)]:
    got = from_scratch(output_padding_for)(*args)
    checks.assert_returns(got, f"output_padding_for{args}", (int, np.integer))
    checks.assert_equal(got, expected, f"output_padding_for{args}",
                        hint="Find the a in 0, ..., s - 1 with (n_in - 1) s + k - 2P + a = n_out.")
for args in [(13, 30, 3, 2, "same"), (13, 24, 3, 2, "same")]:
    try:
        output_padding_for(*args)
    except ValueError:
        pass
    else:
        raise AssertionError(f"output_padding_for{args} should raise ValueError: no output_padding in [0, s) gives "
                             f"{args[1]} (it would have to be {args[1] - 25}).")
### BEGIN HIDDEN TESTS
for n_in, n_out, k, s, padding in [(7, 13, 4, 2, "same"), (7, 13, 5, 2, "same"), (5, 19, 2, 4, "valid"),
                                   (5, 21, 2, 4, "valid"), (9, 9, 3, 1, "same"), (4, 15, 5, 3, "valid")]:
    a = from_scratch(output_padding_for)(n_in, n_out, k, s, padding)
    checks.assert_equal(keras_conv_transpose_output_size(n_in, k, s, padding, a), n_out,
                        f"Conv2DTranspose({k}, strides={s}, padding={padding!r}, output_padding={a}) on {n_in}")
for args in [(7, 15, 4, 2, "same"), (5, 17, 2, 4, "valid"), (9, 10, 3, 1, "same"), (6, 11, 3, 1, "valid")]:
    try:
        output_padding_for(*args)
    except ValueError:
        pass
    else:
        raise AssertionError(f"output_padding_for{args} should raise ValueError: no output_padding in [0, s) fits.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: mean intersection over union (6 points)
#
# Segmentation is scored per class: with the pixels of class $k$ in the truth and those predicted as $k$, the
# intersection over union is $\mathrm{IoU}_k = TP_k / (TP_k + FP_k + FN_k)$, and the mean IoU averages it over the
# classes (Long et al., 2015, report it on PASCAL VOC). All of it comes from the **confusion matrix** $N$ of the
# whole data set, $N[t, p]$ = the number of pixels of true class $t$ predicted as $p$ (rows: truth, as in
# `tf.math.confusion_matrix`): $TP_k = N[k, k]$, $FN_k$ = the rest of row $k$, $FP_k$ = the rest of column $k$.
#
# Two edge cases decide the number:
# * a class that is in neither the truth nor the prediction ($TP + FP + FN = 0$) has no IoU: it is **left out** of
#   the mean, neither 0 nor 1 (its entry is `np.nan`), as `keras.metrics.MeanIoU` does;
# * a class in the truth that is never predicted correctly has IoU 0, and so has a class predicted where it is not.
#
# And the counts are summed over the **whole data set** before dividing: the mean IoU of a data set is not the mean
# of the images' mean IoUs (a small object in one image would weigh as much as a whole image).
#
# * `confusion_matrix(y_true, y_pred, num_classes, ignore_label=None)`: in, two integer arrays of the same shape
#   (e.g. $(N, H, W)$), labels in $[0, K)$, $K$ = `num_classes`; pixels whose **true** label is `ignore_label` (such
#   as 255 for the object borders of PASCAL VOC) are left out. Out, a $(K, K)$ integer array. Raise a `ValueError` if
#   the shapes differ. **Vectorized**: no Python loop over pixels or images (`np.bincount` on $K t + p$ does it in
#   one call).
# * `iou_per_class(confusion)`: in, a $(K, K)$ confusion matrix; out, the $(K,)$ float array of IoUs, `np.nan` for
#   the classes left out.
# * `mean_iou(y_true, y_pred, num_classes, ignore_label=None)`: the mean IoU over the classes that are present, a
#   `float`, from the confusion matrix of all the pixels. NumPy only.
#
# The checks compare with `tf_confusion_matrix` and `keras_mean_iou`, use a confusion matrix worked by hand that has
# both edge cases, and two images on which the mean of per-image scores differs from the data set's score. When
# graded, `mean_iou`'s check puts reference versions of `confusion_matrix` and `iou_per_class` in place of yours, so
# that a slip in one of them costs the points of its own check only.

# %% nbgrader={"grade": false, "grade_id": "confusion_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (true class, predicted class) pairs over all pixels.

    Parameters
    ----------
    y_true, y_pred : integer ndarrays of the same shape
        Labels in [0, num_classes); y_true may also hold ignore_label.
    num_classes : int
    ignore_label : int or None
        Pixels whose true label is ignore_label are not counted.

    Returns
    -------
    ndarray of shape (num_classes, num_classes), integers
        Entry [t, p]: the number of pixels of true class t predicted as p.
    """
    ### BEGIN SOLUTION
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}.")
    y_true, y_pred = y_true.ravel().astype(np.int64), y_pred.ravel().astype(np.int64)
    if ignore_label is not None:
        keep = y_true != ignore_label
        y_true, y_pred = y_true[keep], y_pred[keep]
    counts = np.bincount(num_classes * y_true + y_pred, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "iou_per_class", "locked": false, "schema_version": 3, "solution": true, "task": false}
def iou_per_class(confusion):
    """Intersection over union of each class, np.nan for a class in neither truth nor prediction.

    Parameters
    ----------
    confusion : ndarray of shape (K, K)
        Rows: true class; columns: predicted class.

    Returns
    -------
    ndarray of shape (K,), float
    """
    ### BEGIN SOLUTION
    confusion = np.asarray(confusion, dtype=float)
    true_positives = np.diag(confusion)
    union = confusion.sum(axis=0) + confusion.sum(axis=1) - true_positives
    iou = np.full(len(confusion), np.nan)
    present = union > 0
    iou[present] = true_positives[present] / union[present]
    return iou
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "mean_iou", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mean_iou(y_true, y_pred, num_classes, ignore_label=None):
    """Mean IoU over the classes present in the truth or the prediction, counted over all pixels at once.

    Parameters
    ----------
    y_true, y_pred : integer ndarrays of the same shape
    num_classes : int
    ignore_label : int or None

    Returns
    -------
    float
    """
    ### BEGIN SOLUTION
    return float(np.nanmean(iou_per_class(confusion_matrix(y_true, y_pred, num_classes, ignore_label))))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "iou_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 3 classes on a 2x3 image; class 2 is in neither truth nor prediction.
# Expect the matrix [[2, 1, 0], [0, 3, 0], [0, 0, 0]], IoUs [2/3, 3/4, nan] and the mean 0.7083.
y_true_try, y_pred_try = np.array([[0, 0, 0], [1, 1, 1]]), np.array([[0, 0, 1], [1, 1, 1]])
print(confusion_matrix(y_true_try, y_pred_try, 3))
print(iou_per_class(confusion_matrix(y_true_try, y_pred_try, 3)), mean_iou(y_true_try, y_pred_try, 3))

# %% nbgrader={"grade": true, "grade_id": "confusion_matrix_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check confusion_matrix against tf.math.confusion_matrix, with an ignore label, and that it is vectorized

The vectorization check counts (it does not time): sys.settrace counts the lines of your notebook code that run on
20 canvases of 64x64 pixels (81,920 pixels); a loop over the pixels or the images runs more than 100 lines.
"""
confusion = from_scratch(confusion_matrix)(y_true_try, y_pred_try, 3)
checks.assert_array(confusion, "confusion_matrix of the 2x3 example", shape=(3, 3))
assert np.issubdtype(confusion.dtype, np.integer), (f"confusion_matrix should return integer counts, got dtype "
                                                   f"{confusion.dtype}: np.bincount counts in integers, keep them.")
checks.assert_equal(confusion, [[2, 1, 0], [0, 3, 0], [0, 0, 0]], "confusion_matrix of the 2x3 example",
                    hint="Row = true class, column = predicted class: the pixel of class 0 predicted as 1 is [0, 1].")
rng = np.random.default_rng(11)
y_true, y_pred = rng.integers(0, 4, size=(2, 5, 6)), rng.integers(0, 4, size=(2, 5, 6))
y_true[0, :2] = 255
checks.assert_equal(from_scratch(confusion_matrix)(y_true, y_pred, 4, ignore_label=255),
                    tf_confusion_matrix(y_true, y_pred, 4, ignore_label=255),
                    "confusion_matrix of two 5x6 images, 4 classes, ignore_label=255",
                    hint="Leave out the pixels whose TRUE label is ignore_label, before counting.")
y_true, y_pred = rng.integers(0, 11, size=(20, 64, 64)), rng.integers(0, 11, size=(20, 64, 64))
num_lines, called_keras, confusion = checks.count_notebook_lines(confusion_matrix, y_true, y_pred, 11, limit=100)
assert num_lines <= 100, ("confusion_matrix ran more than 100 lines of your Python code on 20 images of 64x64: it "
                          "loops over pixels or images. Count all pairs at once: np.bincount(K * t + p).")
assert not called_keras, "confusion_matrix called Keras or TensorFlow: count with NumPy only."
checks.assert_equal(confusion, tf_confusion_matrix(y_true, y_pred, 11), "confusion_matrix of 20 images, 11 classes")
### BEGIN HIDDEN TESTS
for shape, K, ignore in [((3, 7, 5), 3, None), ((50,), 6, 0), ((2, 4, 4), 2, 5), ((4, 9, 3), 5, 4)]:
    y_true, y_pred = rng.integers(0, K, size=shape), rng.integers(0, K, size=shape)
    if ignore is not None:
        y_true[rng.random(shape) < 0.2] = ignore
    checks.assert_equal(from_scratch(confusion_matrix)(y_true, y_pred, K, ignore_label=ignore),
                        tf_confusion_matrix(y_true, y_pred, K, ignore_label=ignore),
                        f"confusion_matrix for labels of shape {shape}, {K} classes, ignore_label={ignore}")
confusion = from_scratch(confusion_matrix)(np.zeros((2, 3), int), np.zeros((2, 3), int), 4)
checks.assert_equal(confusion.shape, (4, 4), "the shape of the matrix when only class 0 occurs",
                    hint="minlength=K*K: the matrix is K x K whichever classes occur.")
try:
    confusion_matrix(np.zeros((2, 3), int), np.zeros((3, 2), int), 2)
except ValueError:
    pass
else:
    raise AssertionError("confusion_matrix should raise ValueError for y_true (2, 3) and y_pred (3, 2).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "iou_per_class_edge_cases", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check iou_per_class on a worked matrix: a class predicted but absent (0), one never predicted (0), one absent (nan)"""
worked = np.array([[6, 1, 1, 0, 0],
                   [1, 4, 0, 0, 0],
                   [0, 0, 0, 0, 0],   # class 2: never true, predicted once -> IoU 0
                   [2, 0, 0, 0, 0],   # class 3: true twice, never predicted -> IoU 0
                   [0, 0, 0, 0, 0]])  # class 4: in neither -> nan, left out of the mean
iou = from_scratch(iou_per_class)(worked)
checks.assert_array(iou, "iou_per_class of the worked matrix", shape=(5,))
checks.assert_equal(np.isnan(iou), [False, False, False, False, True], "which IoUs are nan",
                    hint="Only a class with TP + FP + FN = 0 has no IoU (nan); the others are numbers, 0 included.")
checks.assert_allclose(iou[:4], [6 / 11, 4 / 6, 0.0, 0.0], "iou_per_class of the worked matrix, classes 0-3",
                       hint="IoU_k = N[k, k] / (row k sum + column k sum - N[k, k]).")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(12)
confusion = rng.integers(0, 20, size=(6, 6))
confusion[:, 2] = 0
confusion[2, :] = 0
confusion[4, 4] = 0
iou = from_scratch(iou_per_class)(confusion)
tp = np.diag(confusion).astype(float)
union = confusion.sum(0) + confusion.sum(1) - tp
checks.assert_equal(np.isnan(iou), union == 0, "which IoUs are nan for a random 6x6 matrix")
checks.assert_allclose(iou[union > 0], tp[union > 0] / union[union > 0], "iou_per_class of a random 6x6 matrix")
iou = from_scratch(iou_per_class)(np.zeros((3, 3), int))
checks.assert_equal(np.isnan(iou), [True, True, True], "iou_per_class of an all-zero matrix")
checks.assert_allclose(from_scratch(iou_per_class)(np.eye(4, dtype=int) * 7), np.ones(4), "iou_per_class of 7 I")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "mean_iou_dataset", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check mean_iou over two images counted together (not the mean of the images' scores), and with an ignore label"""
### BEGIN HIDDEN TESTS
def reference_confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """In place of the submitted confusion_matrix in this cell: a slip there is charged in its own cell only."""
    y_true, y_pred = np.ravel(y_true).astype(np.int64), np.ravel(y_pred).astype(np.int64)
    keep = y_true != ignore_label if ignore_label is not None else np.ones(len(y_true), bool)
    return np.bincount(num_classes * y_true[keep] + y_pred[keep],
                       minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def reference_iou_per_class(confusion):
    """In place of the submitted iou_per_class in this cell."""
    confusion = np.asarray(confusion, dtype=float)
    union = confusion.sum(axis=0) + confusion.sum(axis=1) - np.diag(confusion)
    return np.where(union > 0, np.diag(confusion) / np.where(union > 0, union, 1.0), np.nan)


your_functions = confusion_matrix, iou_per_class
globals().update(confusion_matrix=reference_confusion_matrix, iou_per_class=reference_iou_per_class)
### END HIDDEN TESTS
y_true = np.zeros((2, 4, 4), int)
y_true[0, :2, :2] = 1          # a 2x2 object in image 0 ...
y_true[1, :, :3] = 1           # ... and a 4x3 one in image 1
y_pred = np.zeros((2, 4, 4), int)
y_pred[0, 0, 0] = 1            # image 0: one pixel of its object found
y_pred[1, :, :2] = 1           # image 1: 8 of its 12 pixels found
got = from_scratch(mean_iou)(y_true, y_pred, 3)
checks.assert_returns(got, "mean_iou", (float, np.floating))
checks.assert_allclose(got, keras_mean_iou(y_true, y_pred, 3), "mean_iou of the two images, 3 classes", rtol=1e-5,
                       hint="Count over both images at once, then divide (not the mean of per-image mean IoUs), "
                            "and leave out class 2, which occurs nowhere.")
y_true[1, 3, :] = 255
checks.assert_allclose(from_scratch(mean_iou)(y_true, y_pred, 3, ignore_label=255),
                       keras_mean_iou(y_true, y_pred, 3, ignore_label=255), "mean_iou with ignore_label=255",
                       rtol=1e-5, hint="Pixels whose true label is 255 count for no class.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(13)
y_true = rng.integers(0, 11, size=(5, 16, 16))
y_true[y_true == 7] = 0  # class 7 never true ...
y_pred = np.where(rng.random((5, 16, 16)) < 0.6, y_true, rng.integers(0, 11, size=(5, 16, 16)))
y_pred[y_pred == 7] = 0  # ... nor predicted: left out
y_pred[y_pred == 3] = 4  # class 3 true but never predicted: IoU 0, counted
checks.assert_allclose(from_scratch(mean_iou)(y_true, y_pred, 11), keras_mean_iou(y_true, y_pred, 11),
                       "mean_iou of 5 images, 11 classes", rtol=1e-5)
y_true[:, :3] = 255
checks.assert_allclose(from_scratch(mean_iou)(y_true, y_pred, 11, ignore_label=255),
                       keras_mean_iou(y_true, y_pred, 11, ignore_label=255), "mean_iou with 255 borders", rtol=1e-5)
small_true, small_pred = np.zeros((3, 8, 8), int), np.zeros((3, 8, 8), int)
small_true[0, 0, 0] = 2
small_true[1:, 2:6, 2:6] = 1
small_pred[1:, 2:6, 2:5] = 1
checks.assert_allclose(from_scratch(mean_iou)(small_true, small_pred, 3), keras_mean_iou(small_true, small_pred, 3),
                       "mean_iou with a one-pixel object missed in one image", rtol=1e-5)
globals().update(confusion_matrix=your_functions[0], iou_per_class=your_functions[1])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: a small FCN that finds the digits (4 points)
#
# `course.load_digit_canvases(num_canvases, size=64, max_digits=3, split=..., seed=...)` pastes 1 to 3 MNIST digits
# at random places on blank 64x64 canvases and labels every pixel: 0 for the background, $1 + d$ where digit $d$'s
# ink is at least half of full intensity. Here the task is foreground/background: label 1 where any digit is
# (`masks > 0`), 0 elsewhere, so `num_classes=2`. (Telling the ten digits apart, pixel by pixel, needs more training
# than an autograder can afford; lecture 20 shows it.)
#
# Write `build_fcn(num_classes=2)`, returning a **compiled** fully convolutional network in the spirit of Long et
# al. (2015):
#
# * input `keras.Input(shape=(None, None, 1))`: canvases of any size whose sides are multiples of 4 (and of 8 if you
#   downsample by 8); output $(N, H, W, K)$ with the input's $H$ and $W$ and a softmax over the $K$ = `num_classes`
#   channels of every pixel (a last `Conv2D(num_classes, 1, activation="softmax")` does it);
# * an encoder that downsamples by at least 4 in all (two `MaxPooling2D(2)`, or convolutions with `strides=2`), and
#   a decoder that upsamples back with at least one `layers.Conv2DTranspose` with a stride of 2 or more (Part C
#   says which `output_padding` keeps the sizes right); no `Dense` or `Flatten` layer; at most 200,000 parameters;
# * compiled with `loss="sparse_categorical_crossentropy"` (the masks are integer labels per pixel) and an optimizer
#   of your choice (`keras.optimizers.Adam(learning_rate=3e-3)` works; `jit_compile=False` starts faster on a CPU).
#
# We suggest at least one **skip connection** (the check does not look for one: it looks at the mean IoU). FCN-8s
# (Long et al.) adds the predictions of earlier, finer layers to the
# upsampled coarse ones; with the functional API, `layers.Concatenate()([upsampled, earlier])` before the next layer
# does the same. The digits are about 5 % of the pixels, and a network that must rebuild their outlines from a map
# 4 times coarser tends, with this short schedule, to stay at labelling every pixel background: the finer layer
# hands the decoder the outlines.
#
# The check seeds Keras, calls `build_fcn(2)` and trains it for a fixed schedule: 800 canvases (seed 0) for 2 epochs
# in fast mode (`COURSE_FAST=1`), 4,000 for 4 epochs otherwise, batches of 32. It then requires a mean IoU
# (`keras_mean_iou`, background and digits) of at least **0.80** in fast mode and **0.85** otherwise on 300 test
# canvases (split "test", seed 1); when graded, also on canvases of another size.

# %% nbgrader={"grade": false, "grade_id": "canvas_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
num_canvases, num_epochs = course.pick(full=4000, fast=800), course.pick(full=4, fast=2)
min_mean_iou = course.pick(full=0.85, fast=0.80)
canvases, masks = course.load_digit_canvases(num_canvases, size=64, max_digits=3, split="train", seed=0)
test_canvases, test_masks = course.load_digit_canvases(300, size=64, max_digits=3, split="test", seed=1)
X_canvas, y_canvas = canvases[..., np.newaxis], (masks > 0).astype("int64")
X_canvas_test, y_canvas_test = test_canvases[..., np.newaxis], (test_masks > 0).astype("int64")
print("data:", course.dataset_info("mnist"))
print(f"{num_canvases:,} training canvases, {num_epochs} epochs, 300 test canvases; min_mean_iou={min_mean_iou}; "
      f"{y_canvas.mean():.1%} of the training pixels are digits")

# %% nbgrader={"grade": false, "grade_id": "build_fcn", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_fcn(num_classes=2):
    """A small compiled fully convolutional network for per-pixel labels.

    Parameters
    ----------
    num_classes : int

    Returns
    -------
    keras.Model
        Input shape (None, None, None, 1), output (None, None, None, num_classes) of the input's height and width,
        softmax over the classes; downsampling by at least 4 and a Conv2DTranspose back up; no Dense or Flatten;
        at most 200,000 parameters; compiled with sparse categorical cross-entropy.
    """
    ### BEGIN SOLUTION
    inputs = keras.Input(shape=(None, None, 1))
    full = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    half = layers.Conv2D(32, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(full))
    quarter = layers.Conv2D(64, 3, padding="same", activation="relu")(layers.MaxPooling2D(2)(half))
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(quarter)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(layers.Concatenate()([x, half]))
    outputs = layers.Conv2D(num_classes, 1, activation="softmax")(layers.Concatenate()([x, full]))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="sparse_categorical_crossentropy",
                  jit_compile=False)
    return model
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "build_fcn_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
fcn_try = build_fcn()
print(f"{fcn_try.count_params():,} parameters; output on a 64x64 canvas:",
      keras.ops.convert_to_numpy(fcn_try(X_canvas[:1])).shape)

# %% nbgrader={"grade": true, "grade_id": "fcn_architecture", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check build_fcn: any input size, per-pixel softmax of the input's size, downsampling by 4, a Conv2DTranspose"""
def all_layers(model):
    """The layers of model, those of nested models included."""
    found = []
    for layer in model.layers:
        found += all_layers(layer) if isinstance(layer, keras.Model) else [layer]
    return found


def check_fcn(model, num_classes):
    checks.assert_returns(model, f"build_fcn({num_classes})", keras.Model)
    assert getattr(model, "optimizer", None) is not None, "build_fcn should return a compiled model: model.compile."
    checks.assert_equal(tuple(model.input_shape), (None, None, None, 1), "the model's input shape",
                        hint="keras.Input(shape=(None, None, 1)) takes canvases of any size.")
    for shape in [(2, 64, 64, 1), (1, 96, 80, 1)]:
        probabilities = keras.ops.convert_to_numpy(model(np.random.default_rng(0).uniform(size=shape)))
        checks.assert_array(probabilities, f"the output on {shape} canvases", shape=shape[:3] + (num_classes,))
        checks.assert_allclose(probabilities.sum(axis=-1), np.ones(shape[:3]), "the probabilities per pixel",
                               rtol=1e-4, hint="End with Conv2D(num_classes, 1, activation='softmax').")
    kinds = [type(layer).__name__ for layer in all_layers(model)]
    assert not {"Dense", "Flatten"} & set(kinds), f"An FCN has no Dense or Flatten layer; yours has {kinds}."
    downsampling = int(np.prod([layer.strides[0] for layer in all_layers(model)
                                if isinstance(layer, (layers.Conv2D, layers.MaxPooling2D, layers.AveragePooling2D))
                                and not isinstance(layer, layers.Conv2DTranspose)]))
    assert downsampling >= 4, f"The encoder downsamples by {downsampling} in all; downsample by at least 4."
    assert any(isinstance(layer, layers.Conv2DTranspose) and max(layer.strides) >= 2 for layer in all_layers(model)), \
        "Upsample with at least one layers.Conv2DTranspose of stride 2 or more."
    assert model.count_params() <= 200_000, f"build_fcn has {model.count_params():,} parameters; keep it at most 200,000."


keras.utils.set_random_seed(0)
check_fcn(build_fcn(2), 2)
### BEGIN HIDDEN TESTS
check_fcn(build_fcn(11), 11)
loss_name = getattr(build_fcn(2).loss, "name", build_fcn(2).loss)
checks.assert_equal(loss_name, "sparse_categorical_crossentropy", "the loss",
                    hint="The masks are integer labels: use 'sparse_categorical_crossentropy'.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "fcn_mean_iou", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that build_fcn's network, trained with a fixed seed and schedule, reaches min_mean_iou on test canvases"""
keras.utils.set_random_seed(0)
fcn = build_fcn(2)
fcn.fit(X_canvas, y_canvas, epochs=num_epochs, batch_size=32, verbose=course.pick(full="auto", fast=0))
y_canvas_pred = keras.ops.convert_to_numpy(fcn.predict(X_canvas_test, verbose=0)).argmax(axis=-1)
test_mean_iou = keras_mean_iou(y_canvas_test, y_canvas_pred, 2)
print(f"mean IoU on 300 test canvases: {test_mean_iou:.3f} (background and digits; {course.dataset_info('mnist')})")
assert test_mean_iou >= min_mean_iou, (
    f"Mean IoU {test_mean_iou:.3f} is below {min_mean_iou}: check that the output has the input's size and a "
    "softmax per pixel, the loss, the learning rate (try Adam(3e-3)), and try a skip connection (Concatenate).")
### BEGIN HIDDEN TESTS
big_canvases, big_masks = course.load_digit_canvases(60, size=96, max_digits=4, split="test", seed=2)
big_pred = keras.ops.convert_to_numpy(fcn.predict(big_canvases[..., np.newaxis], verbose=0)).argmax(axis=-1)
big_mean_iou = keras_mean_iou((big_masks > 0).astype("int64"), big_pred, 2)
assert big_mean_iou >= min_mean_iou - 0.05, (f"On 96x96 canvases with up to 4 digits the mean IoU is "
                                             f"{big_mean_iou:.3f}, below {min_mean_iou - 0.05:.2f}.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What you built
#
# The Gram matrices and the weighted style loss of Part A are what neural style transfer minimizes, together with a
# content loss, by gradient descent on the pixels of the generated image (lecture 19). Part B is how Long et al.
# (2015) turned classifiers trained on ImageNet into the first layers of their FCNs; Part C is what keeps the
# decoder's output the size of the input; Part D is the score that PASCAL VOC and Cityscapes report; and Part E put
# them together, at the scale of a laptop: a network with no `Dense` layer that labels every pixel of canvases of
# any size.
