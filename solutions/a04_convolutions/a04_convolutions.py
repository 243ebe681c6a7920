# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 04: convolutions, from NumPy to Keras
#
# You will compute the sizes and parameter counts of convolution layers, write a vectorized NumPy convolution
# and max pooling that give exactly what `keras.layers.Conv2D` and `keras.layers.MaxPooling2D` give, then the step
# lecture 07 does not show: their **backward passes**, checked against numerical gradients as in CS231n; and build
# and train a small convolutional network on MNIST. The conventions are those of CS231n's convolution assignment and
# of Keras: images are `(N, H, W, C)` (channels last) and kernels are `(K_h, K_w, C_in, C_out)`.
#
# **Prerequisites:** lectures 02 (backpropagation, numerical gradients), 07 and 08 (convolutions, CNNs in Keras).
# **Points:** 45, in six parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes, strides,
#   paddings and seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * **From scratch means from scratch.** Parts A to E are NumPy only: no Keras, TensorFlow, scikit-learn or SciPy,
#   directly or through the reference helpers below, and no changing an input array in place. Every value check of
#   those parts calls your function through `from_scratch` (below), which fails the check when it does either.
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
# The tests compare your functions with these two Keras layers, given the same weights. Keras works in float32, so
# results agree to about $10^{-5}$, not to the last digit. Use them yourself to compare while you work.
#
# * `tf_conv2d` and `tf_max_pool2d` compute the same in float64 (TensorFlow's `tf.nn.conv2d`, `tf.nn.max_pool2d`);
#   `numerical_conv2d_gradient` and `numerical_max_pool2d_gradient` differentiate them by centred differences
#   (`course.numerical_gradient`, lecture 02): the references of Parts D and E.
# * `from_scratch(f)` is `f`, checked by `course.checks.from_scratch`: while `f` runs, `sys.setprofile` records every
#   Python function it calls, and SciPy's ufuncs (`scipy.special.expit`, ...) are swapped for recorders; a call into
#   Keras, TensorFlow, scikit-learn or SciPy, under any name, or into one of the reference helpers, fails the check
#   with its name, and so does an input array that `f` changed in place.
# * `checks.count_notebook_lines(f, ...)` (the course's) runs `f(...)` and counts the lines of notebook code it
#   runs: the vectorization checks use it.

# %% nbgrader={"grade": false, "grade_id": "reference", "locked": true, "schema_version": 3, "solution": false, "task": false}
def keras_conv2d(X, W, b, stride=1, padding="valid"):
    """What keras.layers.Conv2D computes with kernel W (K_h, K_w, C_in, C_out) and bias b (C_out,)."""
    layer = layers.Conv2D(W.shape[3], W.shape[:2], strides=stride, padding=padding)
    layer.build((None,) + X.shape[1:])
    layer.set_weights([W.astype("float32"), b.astype("float32")])
    return keras.ops.convert_to_numpy(layer(X.astype("float32")))


def keras_max_pool2d(X, pool_size, stride=None):
    """What keras.layers.MaxPooling2D computes (padding "valid")."""
    layer = layers.MaxPooling2D(pool_size=pool_size, strides=stride)
    return keras.ops.convert_to_numpy(layer(X.astype("float32")))


def tf_conv2d(X, W, b, stride=1, padding=0):
    """conv2d in float64 by tf.nn.conv2d, with `padding` zeros on each side of height and width."""
    Y = tf.nn.conv2d(tf.constant(X, "float64"), tf.constant(W, "float64"), strides=stride,
                     padding=[[0, 0], [padding, padding], [padding, padding], [0, 0]])
    return Y.numpy() + b


def tf_max_pool2d(X, pool_size, stride=None):
    """max_pool2d in float64 by tf.nn.max_pool2d (padding "valid")."""
    return tf.nn.max_pool2d(tf.constant(X, "float64"), pool_size, pool_size if stride is None else stride,
                            "VALID").numpy()


def numerical_conv2d_gradient(name, dY, X, W, b, stride=1, padding=0):
    """Centred differences of L = sum(tf_conv2d(X, W, b, stride, padding) * dY) with respect to name: "X", "W", "b"."""
    arrays = {"X": X, "W": W, "b": b}

    def loss(value):
        args = dict(arrays, **{name: value})
        return np.sum(tf_conv2d(args["X"], args["W"], args["b"], stride, padding) * dY)

    return course.numerical_gradient(loss, np.array(arrays[name], dtype=float))


def numerical_max_pool2d_gradient(dY, X, pool_size, stride=None):
    """Centred differences of L = sum(tf_max_pool2d(X, pool_size, stride) * dY) with respect to X."""
    return course.numerical_gradient(lambda X_: np.sum(tf_max_pool2d(X_, pool_size, stride) * dY),
                                     np.array(X, dtype=float))


def from_scratch(function):
    """checks.from_scratch(function), which also fails a call into this notebook's reference helpers."""
    return checks.from_scratch(function, references=(keras_conv2d, keras_max_pool2d, tf_conv2d, tf_max_pool2d,
                                                     numerical_conv2d_gradient, numerical_max_pool2d_gradient))


# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: sizes and parameter counts (4 points)
#
# A convolution with a $K \times K$ kernel, zero padding $P$ on every side and stride $S$ turns an input of
# side $N$ into an output of side
#
# $$N_{out} = \left\lfloor \frac{N + 2P - K}{S} \right\rfloor + 1.$$
#
# A layer of $C_{out}$ filters of shape $K_h \times K_w \times C_{in}$ has $K_h K_w C_{in} C_{out}$ weights, plus
# $C_{out}$ biases (one per filter) when it has a bias.
#
# * `conv_output_size(N, K, P, S)`: in, four integers; out, the integer $N_{out}$. Raise a `ValueError` if
#   $S < 1$, $P < 0$, or the kernel is larger than the padded input ($K > N + 2P$).
# * `conv_param_count(K_h, K_w, C_in, C_out, bias=True)`: out, the integer number of parameters.
#
# The checks use the worked examples of the lecture: a 100x100x1 input and 10 filters of 3x3x1 (90 weights and
# 10 biases; the output is 100x100x10 with padding 1, stride 1), then 8 filters of 3x3x10 on that output
# (720 weights and 8 biases), and other layers when graded.

# %% nbgrader={"grade": false, "grade_id": "conv_output_size", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_output_size(N, K, P, S):
    """Side of a convolution's (or pooling's) output.

    Parameters
    ----------
    N : int
        Side of the input (height or width).
    K : int
        Side of the kernel.
    P : int
        Zero padding added on each side.
    S : int
        Stride.

    Returns
    -------
    int
        floor((N + 2P - K) / S) + 1
    """
    ### BEGIN SOLUTION
    if S < 1 or P < 0:
        raise ValueError(f"The stride must be at least 1 and the padding at least 0, got S={S}, P={P}.")
    if K > N + 2 * P:
        raise ValueError(f"A kernel of side {K} does not fit in an input of side {N} padded by {P}.")
    return (N + 2 * P - K) // S + 1
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "conv_param_count", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_param_count(K_h, K_w, C_in, C_out, bias=True):
    """Number of trainable parameters of a convolution layer.

    Parameters
    ----------
    K_h, K_w : int
        Kernel height and width.
    C_in : int
        Channels of the input (the depth of each filter).
    C_out : int
        Number of filters.
    bias : bool
        Whether each filter has a bias.

    Returns
    -------
    int
    """
    ### BEGIN SOLUTION
    return K_h * K_w * C_in * C_out + (C_out if bias else 0)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "sizes_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect 100 and 98, then 100 and 90 parameters.
print(conv_output_size(100, 3, 1, 1), conv_output_size(100, 3, 0, 1))
print(conv_param_count(3, 3, 1, 10), conv_param_count(3, 3, 1, 10, bias=False))

# %% nbgrader={"grade": true, "grade_id": "conv_output_size_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check conv_output_size on the lecture's 100x100 example, with and without padding, its type and bad arguments"""
checks.assert_returns(from_scratch(conv_output_size)(100, 3, 1, 1), "conv_output_size(100, 3, 1, 1)", (int, np.integer))
checks.assert_equal(from_scratch(conv_output_size)(100, 3, 1, 1), 100, "conv_output_size(100, 3, 1, 1)",
                    hint="Padding 1 on each side adds 2 to N: (100 + 2 - 3) / 1 + 1 = 100.")
checks.assert_equal(from_scratch(conv_output_size)(100, 3, 0, 1), 98, "conv_output_size(100, 3, 0, 1)")
### BEGIN HIDDEN TESTS
checks.assert_equal(from_scratch(conv_output_size)(227, 11, 0, 4), 55,
                    "conv_output_size(227, 11, 0, 4) (AlexNet's first layer)")
checks.assert_equal(from_scratch(conv_output_size)(28, 5, 2, 2), 14, "conv_output_size(28, 5, 2, 2)",
                    hint="Round down: floor((28 + 4 - 5) / 2) + 1 = 14.")
checks.assert_equal(from_scratch(conv_output_size)(7, 3, 0, 3), 2,
                    "conv_output_size(7, 3, 0, 3)", hint="Round down, not up.")
checks.assert_equal(from_scratch(conv_output_size)(5, 5, 0, 1), 1, "conv_output_size(5, 5, 0, 1)")
checks.assert_equal(from_scratch(conv_output_size)(5, 7, 1, 1), 1, "conv_output_size(5, 7, 1, 1)",
                    hint="A kernel of side N + 2P fits the padded input exactly once: K > N + 2P is the error.")
for bad in [(10, 3, 0, 0), (10, 3, -1, 1), (4, 7, 1, 1)]:
    try:
        conv_output_size(*bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv_output_size{bad} should raise ValueError (stride < 1, padding < 0 or K > N + 2P).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv_param_count_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check conv_param_count on the lecture's two layers (3x3x1 -> 10 and 3x3x10 -> 8 filters), with and without bias"""
checks.assert_returns(from_scratch(conv_param_count)(3, 3, 1, 10), "conv_param_count(3, 3, 1, 10)", (int, np.integer))
checks.assert_equal(from_scratch(conv_param_count)(3, 3, 1, 10, bias=False), 90,
                    "conv_param_count(3, 3, 1, 10, bias=False)")
checks.assert_equal(from_scratch(conv_param_count)(3, 3, 1, 10), 100, "conv_param_count(3, 3, 1, 10)",
                    hint="One bias per filter: 90 weights + 10 biases.")
checks.assert_equal(from_scratch(conv_param_count)(3, 3, 10, 8, bias=False), 720,
                    "conv_param_count(3, 3, 10, 8, bias=False)",
                    hint="Each filter is as deep as its input: 3 x 3 x 10 weights, times 8 filters.")
checks.assert_equal(from_scratch(conv_param_count)(3, 3, 10, 8), 728, "conv_param_count(3, 3, 10, 8)")
### BEGIN HIDDEN TESTS
checks.assert_equal(from_scratch(conv_param_count)(11, 11, 3, 96), 34_944,
                    "conv_param_count(11, 11, 3, 96) (AlexNet's first layer)")
keras_layer = layers.Conv2D(7, (5, 2))
keras_layer.build((None, 12, 12, 3))
checks.assert_equal(from_scratch(conv_param_count)(5, 2, 3, 7), keras_layer.count_params(),
                    "conv_param_count(5, 2, 3, 7)",
                    hint="A non-square kernel has K_h * K_w positions.")
checks.assert_equal(from_scratch(conv_param_count)(1, 1, 64, 32, bias=False), 2048,
                    "conv_param_count(1, 1, 64, 32, bias=False)")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: a vectorized convolution in NumPy (14 points)
#
# Implement `conv2d(X, W, b, stride=1, padding=0)`: the input `X` of shape $(N, H, W, C_{in})$ is first padded
# with $P$ zeros on each side of both spatial axes (call it $X_p$), then every filter slides over it with stride
# $S$:
#
# $$Y[n, i, j, o] = b[o] + \sum_{u=0}^{K_h - 1} \sum_{v=0}^{K_w - 1} \sum_{c=0}^{C_{in} - 1}
#   X_p[n,\, iS + u,\, jS + v,\, c]\; W[u, v, c, o].$$
#
# This is a **cross-correlation**: the kernel is not flipped, as in every deep-learning library (a mathematician's
# convolution would use $W[K_h - 1 - u, K_w - 1 - v, c, o]$).
#
# * In: `X` $(N, H, W, C_{in})$, `W` $(K_h, K_w, C_{in}, C_{out})$ as in Keras, `b` $(C_{out},)$, integers
#   `stride` $\ge 1$ and `padding` $\ge 0$. Out: $(N, H_{out}, W_{out}, C_{out})$ with the sizes of Part A.
# * Raise a `ValueError` when `X` or `W` is not 4-D, `X`'s channels differ from `W.shape[2]`, `b` is not of shape
#   $(C_{out},)$, `stride < 1`, `padding < 0`, or the kernel does not fit in the padded input (a kernel that fits
#   exactly once gives a $1 \times 1$ output).
# * **Vectorized**: no Python loop over the output pixels. Two good routes: build a view of all windows with
#   `np.lib.stride_tricks.sliding_window_view` and contract it with `W` by `np.einsum` or `np.tensordot` (im2col);
#   or loop only over the $K_h K_w$ kernel offsets $(u, v)$ and add one matrix product of a strided slice of $X_p$
#   with `W[u, v]` per offset. `np.pad` does the padding.
#
# With `padding=0` this is Keras' `padding="valid"`; with stride 1, an odd kernel and $P = (K - 1) / 2$ it is
# Keras' `padding="same"` (the output keeps the input's size). The checks compare with `keras_conv2d` to $10^{-5}$:
# first without padding (5 points), then with stride and padding (5 points), then they count the lines of your
# Python code that run on a 64x28x28x8 batch (4 points: see that cell's docstring).

# %% nbgrader={"grade": false, "grade_id": "conv2d", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d(X, W, b, stride=1, padding=0):
    """2-D cross-correlation with stride and zero padding, as keras.layers.Conv2D computes it.

    Parameters
    ----------
    X : ndarray of shape (N, H, W, C_in)
    W : ndarray of shape (K_h, K_w, C_in, C_out)
    b : ndarray of shape (C_out,)
    stride : int, at least 1
    padding : int, at least 0
        Zeros added on each side of the height and width axes.

    Returns
    -------
    ndarray of shape (N, H_out, W_out, C_out)
    """
    ### BEGIN SOLUTION
    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)
    if X.ndim != 4 or W.ndim != 4:
        raise ValueError(f"X must be (N, H, W, C_in) and W (K_h, K_w, C_in, C_out); got {X.shape} and {W.shape}.")
    K_h, K_w, C_in, C_out = W.shape
    if X.shape[3] != C_in:
        raise ValueError(f"X has {X.shape[3]} channels but the filters expect {C_in} (W.shape[2]).")
    if b.shape != (C_out,):
        raise ValueError(f"b must have shape ({C_out},), one bias per filter; got {b.shape}.")
    if stride < 1 or padding < 0:
        raise ValueError(f"The stride must be at least 1 and the padding at least 0, got {stride} and {padding}.")
    H_out, W_out = (X.shape[1] + 2 * padding - K_h) // stride + 1, (X.shape[2] + 2 * padding - K_w) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError(f"A {K_h}x{K_w} kernel does not fit in an input of {X.shape[1:3]} padded by {padding}.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    Y = np.zeros((X.shape[0], H_out, W_out, C_out), dtype=np.result_type(X, W, b, np.float32))
    for u in range(K_h):  # one matrix product per kernel offset, each over all pixels at once
        for v in range(K_w):
            rows = X_p[:, u:u + (H_out - 1) * stride + 1:stride, v:v + (W_out - 1) * stride + 1:stride, :]
            Y += rows @ W[u, v]
    return Y + b
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "conv2d_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: a vertical-edge filter on a 5x5 image whose right half is 1; expect 0 in the first column, 3 in the others.
image = np.zeros((1, 5, 5, 1))
image[0, :, 3:, 0] = 1.0
edge = np.array([[-1.0, 0.0, 1.0]] * 3).reshape(3, 3, 1, 1)
print(conv2d(image, edge, np.zeros(1))[0, :, :, 0])
same = np.allclose(conv2d(image, edge, np.zeros(1)), keras_conv2d(image, edge, np.zeros(1)), atol=1e-5)
print("same as Keras:", same)

# %% nbgrader={"grade": true, "grade_id": "conv2d_matches_keras_valid", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d without padding, stride 1, against keras.layers.Conv2D(padding="valid") with the same weights"""
rng = np.random.default_rng(0)
X, W, b = rng.normal(size=(2, 7, 7, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
Y = from_scratch(conv2d)(X, W, b)
checks.assert_array(Y, "conv2d(X, W, b) with X (2, 7, 7, 3) and W (3, 3, 3, 4)", shape=(2, 5, 5, 4))
checks.assert_allclose(Y, keras_conv2d(X, W, b), "conv2d(X, W, b)", rtol=1e-5, atol=1e-5,
                       hint="Did you flip the kernel? Keras computes a correlation: W[u, v] multiplies "
                            "X[i + u, j + v]. Did you add the bias once per filter?")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(10)
for shape_X, shape_W in [((3, 9, 8, 2), (2, 4, 2, 5)), ((1, 6, 6, 5), (1, 1, 5, 3)), ((4, 10, 7, 1), (5, 3, 1, 2))]:
    X, W, b = rng.normal(size=shape_X), rng.normal(size=shape_W), rng.normal(size=shape_W[3])
    expected = keras_conv2d(X, W, b)
    checks.assert_allclose(from_scratch(conv2d)(X, W, b), expected,
                           f"conv2d with X {shape_X} and W {shape_W}", rtol=1e-5, atol=1e-5,
                           hint="Non-square kernels: use K_h for the height and K_w for the width.")
X, W = rng.normal(size=(2, 6, 6, 3)), rng.normal(size=(3, 3, 3, 2))
for bad_W, bad_b in [(rng.normal(size=(3, 3, 4, 2)), np.zeros(2)), (W, np.zeros(3))]:
    try:
        conv2d(X, bad_W, bad_b)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv2d should raise ValueError for X {X.shape}, W {bad_W.shape} and b {bad_b.shape}.")
for bad_X, bad_W, bad_b, why in [(X[0], W, np.zeros(2), "an X without its batch axis"),
                                 (X, W, np.zeros(1), "a b of shape (1,) for 2 filters (it would broadcast)"),
                                 (X, rng.normal(size=(7, 3, 3, 2)), np.zeros(2), "a kernel one row taller than X"),
                                 (X, rng.normal(size=(3, 7, 3, 2)), np.zeros(2), "a kernel one column wider than X")]:
    try:
        conv2d(bad_X, bad_W, bad_b)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv2d should raise ValueError for {why}: X {bad_X.shape}, W {bad_W.shape}, "
                             f"b {bad_b.shape}.")
X, W, b = rng.normal(size=(2, 5, 4, 3)), rng.normal(size=(5, 4, 3, 2)), rng.normal(size=2)
checks.assert_allclose(from_scratch(conv2d)(X, W, b), keras_conv2d(X, W, b),
                       "conv2d with a kernel as large as X (a 1x1 output)", rtol=1e-5, atol=1e-5,
                       hint="A kernel that fits exactly once gives a 1x1 output: it is valid, not an error.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_stride_padding", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d with padding (1 for a 3x3 kernel is Keras' padding="same") and with strides, against Keras"""
rng = np.random.default_rng(1)
X, W, b = rng.normal(size=(2, 8, 8, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
Y = from_scratch(conv2d)(X, W, b, stride=1, padding=1)
checks.assert_array(Y, "conv2d(X, W, b, padding=1) with X (2, 8, 8, 3)", shape=(2, 8, 8, 4))
checks.assert_allclose(Y, keras_conv2d(X, W, b, padding="same"), "conv2d(X, W, b, padding=1)", rtol=1e-5, atol=1e-5,
                       hint="Pad with zeros on both sides of the height and width axes, not the batch or channels.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(11)
X, W, b = rng.normal(size=(2, 9, 10, 3)), rng.normal(size=(3, 3, 3, 2)), rng.normal(size=2)
checks.assert_allclose(from_scratch(conv2d)(X, W, b, stride=2), keras_conv2d(X, W, b, stride=2),
                       "conv2d(X, W, b, stride=2)",
                       rtol=1e-5, atol=1e-5, hint="Output pixel (i, j) starts at input pixel (i S, j S).")
X, W, b = rng.normal(size=(3, 11, 11, 2)), rng.normal(size=(5, 5, 2, 3)), rng.normal(size=3)
checks.assert_allclose(from_scratch(conv2d)(X, W, b, padding=2), keras_conv2d(X, W, b, padding="same"),
                       "conv2d with 5x5, padding=2",
                       rtol=1e-5, atol=1e-5)
checks.assert_allclose(from_scratch(conv2d)(X, W, b, stride=3), keras_conv2d(X, W, b, stride=3),
                       "conv2d(X, W, b, stride=3)",
                       rtol=1e-5, atol=1e-5)
X, W, b = rng.normal(size=(2, 27, 27, 2)), rng.normal(size=(3, 3, 2, 4)), rng.normal(size=4)
checks.assert_allclose(from_scratch(conv2d)(X, W, b, stride=2, padding=1),
                       keras_conv2d(X, W, b, stride=2, padding="same"),
                       "conv2d(X, W, b, stride=2, padding=1) on 27x27", rtol=1e-5, atol=1e-5)
X, W, b = rng.normal(size=(2, 6, 7, 3)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=2)
X_padded = np.pad(X, ((0, 0), (2, 2), (2, 2), (0, 0)))
checks.assert_allclose(from_scratch(conv2d)(X, W, b, stride=2, padding=2), keras_conv2d(X_padded, W, b, stride=2),
                       "conv2d(X, W, b, stride=2, padding=2)", rtol=1e-5, atol=1e-5)
for bad in [dict(stride=0), dict(padding=-1)]:
    try:
        conv2d(X, W, b, **bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv2d should raise ValueError for {bad}.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_vectorized", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check that conv2d is vectorized (no Python loop over output pixels) and right on a 64x28x28x8 batch, 16 3x3 filters

A stopwatch would make grading depend on the machine's load, so this test counts instead: sys.settrace counts
the lines of Python code defined in this notebook (your functions; not NumPy's) that run during one call.
A 3x3 kernel on 28x28 images has 26 x 26 = 676 output pixels per image, so a loop over the pixels runs at least
2 x 676 lines and fails the limit of 400 lines; a loop over the 9 kernel offsets, or even over the 64 images,
passes. The count is the same on every machine (checks.count_notebook_lines, from the course's helper package).
Then the output is compared with Keras.
"""
rng = np.random.default_rng(2)
X, W, b = rng.normal(size=(64, 28, 28, 8)), rng.normal(size=(3, 3, 8, 16)), rng.normal(size=16)
num_lines, called_keras, Y = checks.count_notebook_lines(conv2d, X, W, b)
assert num_lines <= 400, (f"conv2d ran more than 400 lines of your Python code on one 64x28x28x8 batch: it loops over "
                          "output pixels. Loop at most over the kernel offsets (u, v), or use sliding_window_view.")
assert not called_keras, "conv2d called Keras or TensorFlow: compute the convolution with NumPy only."
checks.assert_array(Y, "conv2d on a (64, 28, 28, 8) batch with W (3, 3, 8, 16)", shape=(64, 26, 26, 16))
checks.assert_allclose(Y, keras_conv2d(X, W, b), "conv2d on a (64, 28, 28, 8) batch", rtol=1e-5, atol=1e-5)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(12)
X, W, b = rng.normal(size=(16, 40, 40, 4)), rng.normal(size=(5, 5, 4, 8)), rng.normal(size=8)
num_lines, called_keras, Y = checks.count_notebook_lines(conv2d, X, W, b, stride=1, padding=2)
assert num_lines <= 400, f"conv2d ran more than 400 lines of Python on a 16x40x40x4 batch with padding 2: vectorize it."
assert not called_keras, "conv2d called Keras or TensorFlow: compute the convolution with NumPy only."
checks.assert_allclose(Y, keras_conv2d(X, W, b, padding="same"), "conv2d on a (16, 40, 40, 4) batch, padding 2",
                       rtol=1e-5, atol=1e-5)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: max pooling (6 points)
#
# Max pooling keeps the largest value of each $p_h \times p_w$ window, channel by channel, moving by the stride
# (by default the window's size, so windows do not overlap); there is no padding and no parameter:
#
# $$Y[n, i, j, c] = \max_{0 \le u < p_h,\ 0 \le v < p_w} X[n,\, i S_h + u,\, j S_w + v,\, c].$$
#
# * In: `X` $(N, H, W, C)$; `pool_size` an integer $p$ (a $p \times p$ window) or a pair $(p_h, p_w)$; `stride`
#   an integer, a pair, or `None` for `pool_size`. Out: $(N, H_{out}, W_{out}, C)$ with the sizes of Part A ($P = 0$).
# * Vectorized, like `conv2d`. Watch out for negative inputs: a maximum that starts from 0 is wrong there.
#
# The first check compares with `keras_max_pool2d` (that is, `keras.layers.MaxPooling2D`, 4 points); the second
# counts the lines of your code that run on a 4x30x30x3 batch with 3x3 windows and stride 1, 784 windows per image
# (2 points: a loop over the windows fails it, a loop over the $p_h p_w$ offsets inside a window passes).

# %% nbgrader={"grade": false, "grade_id": "max_pool2d", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_pool2d(X, pool_size, stride=None):
    """Max pooling over height and width, as keras.layers.MaxPooling2D computes it (padding "valid").

    Parameters
    ----------
    X : ndarray of shape (N, H, W, C)
    pool_size : int or (int, int)
        Window height and width.
    stride : int, (int, int) or None
        Step between windows; None means pool_size.

    Returns
    -------
    ndarray of shape (N, H_out, W_out, C)
    """
    ### BEGIN SOLUTION
    X = np.asarray(X)
    p_h, p_w = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    s_h, s_w = (p_h, p_w) if stride is None else (stride, stride) if np.isscalar(stride) else stride
    if min(s_h, s_w) < 1 or p_h > X.shape[1] or p_w > X.shape[2]:
        raise ValueError(f"A {p_h}x{p_w} window with stride ({s_h}, {s_w}) does not fit in {X.shape[1:3]}.")
    windows = np.lib.stride_tricks.sliding_window_view(X, (p_h, p_w), axis=(1, 2))[:, ::s_h, ::s_w]
    return windows.max(axis=(4, 5))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "max_pool2d_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 2x2 pooling of a 4x4 image holding 0..15; expect [[5, 7], [13, 15]].
print(max_pool2d(np.arange(16.0).reshape(1, 4, 4, 1), 2)[0, :, :, 0])

# %% nbgrader={"grade": true, "grade_id": "max_pool2d_matches_keras", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check max_pool2d on a 4x4 example and against keras.layers.MaxPooling2D (2x2 windows, stride 2)"""
small = from_scratch(max_pool2d)(np.arange(16.0).reshape(1, 4, 4, 1), 2)
checks.assert_array(small, "max_pool2d of a (1, 4, 4, 1) image", shape=(1, 2, 2, 1))
checks.assert_allclose(small[0, :, :, 0], [[5.0, 7.0], [13.0, 15.0]], "max_pool2d of the 4x4 image 0..15")
rng = np.random.default_rng(3)
X = rng.normal(size=(2, 8, 8, 3))
checks.assert_allclose(from_scratch(max_pool2d)(X, 2), keras_max_pool2d(X, 2), "max_pool2d(X, 2) with X (2, 8, 8, 3)",
                       rtol=1e-5, atol=1e-5, hint="Take the maximum per channel, over height and width only.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(13)
X = rng.normal(size=(2, 7, 9, 4)) - 3.0
checks.assert_allclose(from_scratch(max_pool2d)(X, 3, stride=2), keras_max_pool2d(X, 3, stride=2),
                       "max_pool2d(X, 3, stride=2)",
                       rtol=1e-5, atol=1e-5, hint="All inputs are negative here: do not start the maximum at 0.")
checks.assert_allclose(from_scratch(max_pool2d)(X, (2, 3)), keras_max_pool2d(X, (2, 3)), "max_pool2d(X, (2, 3))",
                       rtol=1e-5, atol=1e-5, hint="A pair (p_h, p_w) gives a p_h x p_w window and, by default, stride.")
checks.assert_allclose(from_scratch(max_pool2d)(X, 2, stride=1), keras_max_pool2d(X, 2, stride=1),
                       "max_pool2d(X, 2, stride=1)",
                       rtol=1e-5, atol=1e-5)
for shape, pool in [((1, 6, 3, 2), (5, 2)), ((1, 3, 6, 2), (2, 5)), ((2, 4, 5, 1), (4, 5))]:
    X = rng.normal(size=shape)
    checks.assert_allclose(from_scratch(max_pool2d)(X, pool, stride=1), keras_max_pool2d(X, pool, stride=1),
                           f"max_pool2d(X, {pool}, stride=1) with X {shape}", rtol=1e-5, atol=1e-5,
                           hint="Compare the window's height with X's height (axis 1) and its width with X's width "
                                "(axis 2); a window as large as X fits once.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "max_pool2d_vectorized", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that max_pool2d is vectorized (no Python loop over the windows) on a 4x30x30x3 batch, 3x3 windows, stride 1

As for conv2d, the check counts the lines of notebook code one call runs: 28 x 28 = 784 windows per image, so a
loop over the windows runs more than 300 lines; a loop over the 9 offsets inside a window, or over the 4 images, does
not. Then the output is compared with Keras.
"""
rng = np.random.default_rng(4)
X = rng.normal(size=(4, 30, 30, 3))
num_lines, called_keras, P = checks.count_notebook_lines(max_pool2d, X, 3, stride=1, limit=300)
assert num_lines <= 300, ("max_pool2d ran more than 300 lines of your Python code on a 4x30x30x3 batch: it loops over "
                          "the windows. Use sliding_window_view, or loop only over the offsets inside a window.")
assert not called_keras, "max_pool2d called Keras or TensorFlow: compute the pooling with NumPy only."
checks.assert_allclose(P, keras_max_pool2d(X, 3, stride=1), "max_pool2d(X, 3, stride=1) on a (4, 30, 30, 3) batch",
                       rtol=1e-5, atol=1e-5)
### BEGIN HIDDEN TESTS
X = rng.normal(size=(2, 41, 37, 2)) - 1.0
num_lines, called_keras, P = checks.count_notebook_lines(max_pool2d, X, (2, 3), stride=(1, 2), limit=300)
assert num_lines <= 300, "max_pool2d ran more than 300 lines of Python on a 2x41x37x2 batch: vectorize it."
assert not called_keras, "max_pool2d called Keras or TensorFlow: compute the pooling with NumPy only."
checks.assert_allclose(P, keras_max_pool2d(X, (2, 3), stride=(1, 2)), "max_pool2d(X, (2, 3), stride=(1, 2))",
                       rtol=1e-5, atol=1e-5)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv2d_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: the backward pass of the convolution (9 points)
#
# Lecture 07 computes a convolution; training a CNN also needs its **backward pass**, as CS231n's convolution
# assignment asks. A layer $Y = \mathrm{conv2d}(X, W, b)$ inside a network receives the gradient
# $dY = \partial L / \partial Y$ of the loss with respect to its output, of the output's shape, and returns the
# gradients of $L$ with respect to its inputs and parameters. From the formula of Part B, with $X_p$ the padded input:
#
# $$db[o] = \sum_{n, i, j} dY[n, i, j, o], \qquad
#   dW[u, v, c, o] = \sum_{n, i, j} X_p[n,\, iS + u,\, jS + v,\, c]\; dY[n, i, j, o],$$
#
# $$dX_p[n,\, iS + u,\, jS + v,\, c] \mathrel{+}= \sum_o W[u, v, c, o]\; dY[n, i, j, o]
#   \quad \text{for every } (i, j, u, v),$$
#
# and $dX$ is $dX_p$ without its padding (the gradient that reaches the zeros of the padding goes nowhere). An input
# pixel covered by several windows receives the sum of their contributions; one covered by none (a stride larger
# than the kernel skips pixels) gets 0.
#
# Write `conv2d_backward(dY, X, W, stride=1, padding=0)` returning the tuple `(dX, dW, db)`:
#
# * In: `dY` $(N, H_{out}, W_{out}, C_{out})$, and the `X`, `W`, `stride`, `padding` of the forward call (the bias
#   does not enter the gradients). Out: `dX` $(N, H, W, C_{in})$, `dW` $(K_h, K_w, C_{in}, C_{out})$, `db`
#   $(C_{out},)$, each of the shape of the variable it is the gradient of.
# * Raise a `ValueError` when `dY` does not have the shape of `conv2d(X, W, b, stride, padding)`'s output.
# * NumPy only. The route of Part B works here too: for each kernel offset $(u, v)$, one `np.tensordot` of a
#   strided slice of $X_p$ with $dY$ gives `dW[u, v]`, and one matrix product `dY @ W[u, v].T` is added to the same
#   strided slice of $dX_p$.
#
# The checks build the scalar $L = \sum Y \odot dY$ for a random $dY$ (its gradient with respect to $Y$ is $dY$) and
# compare your gradients with its centred differences, `numerical_conv2d_gradient` (float64): `dX` (3 points) and
# `dW` (3 points) with stride 1 and no padding, `db` (1 point), then `dX` and `dW` with strides and padding
# (2 points).

# %% nbgrader={"grade": false, "grade_id": "conv2d_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_backward(dY, X, W, stride=1, padding=0):
    """Gradients of a loss with respect to the input, kernel and bias of conv2d, given dL/dY.

    Parameters
    ----------
    dY : ndarray of shape (N, H_out, W_out, C_out)
        Gradient of the loss with respect to conv2d's output.
    X : ndarray of shape (N, H, W, C_in)
        The input of the forward call.
    W : ndarray of shape (K_h, K_w, C_in, C_out)
        The kernel of the forward call.
    stride : int, at least 1
    padding : int, at least 0

    Returns
    -------
    dX : ndarray of shape (N, H, W, C_in)
    dW : ndarray of shape (K_h, K_w, C_in, C_out)
    db : ndarray of shape (C_out,)
    """
    ### BEGIN SOLUTION
    dY, X, W = np.asarray(dY, dtype=float), np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    K_h, K_w, C_in, C_out = W.shape
    N, H, W_in = X.shape[:3]
    H_out, W_out = (H + 2 * padding - K_h) // stride + 1, (W_in + 2 * padding - K_w) // stride + 1
    if dY.shape != (N, H_out, W_out, C_out):
        raise ValueError(f"dY must have the shape of conv2d's output, {(N, H_out, W_out, C_out)}; got {dY.shape}.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    dX_p, dW = np.zeros_like(X_p), np.zeros_like(W)
    for u in range(K_h):
        for v in range(K_w):
            rows = slice(u, u + (H_out - 1) * stride + 1, stride)
            cols = slice(v, v + (W_out - 1) * stride + 1, stride)
            dW[u, v] = np.tensordot(X_p[:, rows, cols, :], dY, axes=([0, 1, 2], [0, 1, 2]))
            dX_p[:, rows, cols, :] += dY @ W[u, v].T
    return dX_p[:, padding:padding + H, padding:padding + W_in, :], dW, dY.sum(axis=(0, 1, 2))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "conv2d_backward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: relative errors against centred differences (course.gradcheck, lecture 02); expect 1e-7 or less each.
rng = np.random.default_rng(5)
X_try, W_try, b_try = rng.normal(size=(2, 6, 5, 2)), rng.normal(size=(3, 2, 2, 3)), rng.normal(size=3)
dY_try = rng.normal(size=(2, 3, 3, 3))  # the output of stride 2, padding 1: (6 + 2 - 3) // 2 + 1 = 3 rows
dX_try, dW_try, db_try = conv2d_backward(dY_try, X_try, W_try, stride=2, padding=1)
for name, got in [("X", dX_try), ("W", dW_try), ("b", db_try)]:
    expected = numerical_conv2d_gradient(name, dY_try, X_try, W_try, b_try, stride=2, padding=1)
    print(f"d{name}: shape {np.shape(got)}, relative error {course.relative_error(got, expected):.1e}")

# %% nbgrader={"grade": true, "grade_id": "conv2d_backward_dx", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d_backward's dX against numerical gradients, stride 1 and no padding"""
HINTS = {"dX": "Each output pixel (i, j) sends dY[n, i, j] @ W[u, v].T back to input pixel (i S + u, j S + v): "
               "accumulate with +=, and use W[u, v].T (C_out -> C_in), not a flipped kernel.",
         "dW": "dW[u, v] sums over n, i, j the products X_p[n, i S + u, j S + v, :] (outer) dY[n, i, j, :]; "
               "do not average over the batch.",
         "db": "db sums dY over the batch and both spatial axes, one value per filter."}


def check_conv2d_backward(which, shape_X, shape_W, stride=1, padding=0, seed=0):
    """Compare which ("dX", "dW" or "db") of conv2d_backward with centred differences of sum(conv2d * dY)."""
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=shape_X), rng.normal(size=shape_W), rng.normal(size=shape_W[3])
    output_shape = tf_conv2d(X, W, b, stride, padding).shape
    dY = rng.normal(size=output_shape)
    result = from_scratch(conv2d_backward)(dY, X, W, stride=stride, padding=padding)
    checks.assert_returns(result, "conv2d_backward", (tuple, list))
    assert len(result) == 3, f"conv2d_backward should return the tuple (dX, dW, db), got {len(result)} values."
    got = dict(zip(("dX", "dW", "db"), result))[which]
    expected = numerical_conv2d_gradient(which[1:], dY, X, W, b, stride, padding)
    size = f"X {shape_X}, W {shape_W}, stride {stride}, padding {padding}"
    checks.assert_array(got, f"{which} ({size})", shape=expected.shape)
    checks.assert_allclose(got, expected, f"{which} against the numerical gradient ({size})", rtol=1e-6, atol=1e-6,
                           hint=HINTS[which])


check_conv2d_backward("dX", (2, 5, 5, 2), (3, 3, 2, 3), seed=0)
### BEGIN HIDDEN TESTS
check_conv2d_backward("dX", (1, 6, 4, 3), (2, 3, 3, 2), seed=20)
check_conv2d_backward("dX", (3, 4, 4, 1), (1, 1, 1, 4), seed=21)
X, W = np.ones((2, 5, 5, 2)), np.ones((3, 3, 2, 3))
for bad_shape in [(2, 5, 5, 3), (2, 3, 3, 2), (1, 3, 3, 3)]:
    try:
        conv2d_backward(np.ones(bad_shape), X, W)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv2d_backward should raise ValueError for dY {bad_shape}: conv2d's output is "
                             "(2, 3, 3, 3) for X (2, 5, 5, 2) and W (3, 3, 2, 3).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_backward_dw", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d_backward's dW against numerical gradients, stride 1 and no padding"""
check_conv2d_backward("dW", (2, 5, 5, 2), (3, 3, 2, 3), seed=1)
### BEGIN HIDDEN TESTS
check_conv2d_backward("dW", (3, 6, 4, 3), (2, 3, 3, 2), seed=22)
check_conv2d_backward("dW", (1, 4, 7, 1), (4, 1, 1, 3), seed=23)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_backward_db", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d_backward's db against numerical gradients"""
check_conv2d_backward("db", (2, 5, 5, 2), (3, 3, 2, 3), seed=2)
### BEGIN HIDDEN TESTS
check_conv2d_backward("db", (3, 7, 6, 1), (2, 2, 1, 5), stride=2, padding=1, seed=24)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_backward_stride_padding", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d_backward's dX and dW with stride 2 and padding 1, and with a stride that skips input pixels"""
check_conv2d_backward("dX", (2, 6, 5, 2), (3, 3, 2, 3), stride=2, padding=1, seed=3)
check_conv2d_backward("dW", (2, 6, 5, 2), (3, 3, 2, 3), stride=2, padding=1, seed=3)
### BEGIN HIDDEN TESTS
for which in ("dX", "dW"):
    check_conv2d_backward(which, (2, 7, 7, 2), (2, 2, 2, 3), stride=3, seed=25)  # rows 2 and 5 are never read
    check_conv2d_backward(which, (1, 5, 6, 3), (3, 2, 3, 2), stride=1, padding=2, seed=26)
    check_conv2d_backward(which, (2, 8, 7, 1), (3, 3, 1, 2), stride=2, padding=1, seed=27)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "max_pool2d_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: the backward pass of max pooling (4 points)
#
# Max pooling passes each window's largest value on, so its gradient goes to that value only: for each window
# $(n, i, j, c)$ whose maximum is at $(iS_h + u^*, jS_w + v^*)$,
#
# $$dX[n,\, iS_h + u^*,\, jS_w + v^*,\, c] \mathrel{+}= dY[n, i, j, c],$$
#
# and every other entry of $dX$ is 0. With a stride smaller than the window, windows overlap and one input can be
# the maximum of several of them: its gradient is the **sum** of theirs. (Fancy-index assignment
# `dX[rows, cols] += dY` adds only once for repeated indices; `np.add.at` adds every time.)
#
# Write `max_pool2d_backward(dY, X, pool_size, stride=None)`:
#
# * In: `dY` $(N, H_{out}, W_{out}, C)$, and the `X`, `pool_size`, `stride` of the forward call (as in Part C).
#   Out: `dX`, shape $(N, H, W, C)$, a new array.
# * NumPy only; the tests use inputs without ties (where a window has several maxima, any one of them may take the
#   gradient).
#
# The checks compare with the centred differences of $L = \sum \mathrm{max\_pool2d}(X) \odot dY$,
# `numerical_max_pool2d_gradient`: windows that do not overlap (2 points), then overlapping ones (2 points).

# %% nbgrader={"grade": false, "grade_id": "max_pool2d_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_pool2d_backward(dY, X, pool_size, stride=None):
    """Gradient of a loss with respect to max_pool2d's input, given dL/dY.

    Parameters
    ----------
    dY : ndarray of shape (N, H_out, W_out, C)
        Gradient of the loss with respect to max_pool2d's output.
    X : ndarray of shape (N, H, W, C)
        The input of the forward call.
    pool_size : int or (int, int)
    stride : int, (int, int) or None
        As in max_pool2d.

    Returns
    -------
    ndarray of shape (N, H, W, C)
    """
    ### BEGIN SOLUTION
    dY, X = np.asarray(dY, dtype=float), np.asarray(X, dtype=float)
    p_h, p_w = (pool_size, pool_size) if np.isscalar(pool_size) else pool_size
    s_h, s_w = (p_h, p_w) if stride is None else (stride, stride) if np.isscalar(stride) else stride
    windows = np.lib.stride_tricks.sliding_window_view(X, (p_h, p_w), axis=(1, 2))[:, ::s_h, ::s_w]
    N, H_out, W_out, C = windows.shape[:4]
    u, v = np.divmod(windows.reshape(N, H_out, W_out, C, p_h * p_w).argmax(axis=-1), p_w)
    n, i, j, c = np.indices((N, H_out, W_out, C))
    dX = np.zeros_like(X)
    np.add.at(dX, (n, i * s_h + u, j * s_w + v, c), dY)
    return dX
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "max_pool2d_backward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the 4x4 image 0..15 and dY = [[1, 2], [3, 4]]; expect 1, 2, 3, 4 at the maxima 5, 7, 13, 15, 0 elsewhere.
dY_try = np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1)
print(max_pool2d_backward(dY_try, np.arange(16.0).reshape(1, 4, 4, 1), 2)[0, :, :, 0])

# %% nbgrader={"grade": true, "grade_id": "max_pool2d_backward_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check max_pool2d_backward on the 4x4 example and against numerical gradients, windows that do not overlap"""
def check_max_pool2d_backward(shape_X, pool_size, stride=None, seed=0, shift=0.0):
    """Compare max_pool2d_backward with the centred differences of sum(max_pool2d(X) * dY)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=shape_X) + shift
    dY = rng.normal(size=tf_max_pool2d(X, pool_size, stride).shape)
    dX = from_scratch(max_pool2d_backward)(dY, X, pool_size, stride)
    name = f"max_pool2d_backward for X {shape_X}, pool_size {pool_size}, stride {stride}"
    checks.assert_array(dX, name, shape=shape_X)
    checks.assert_allclose(dX, numerical_max_pool2d_gradient(dY, X, pool_size, stride), name, rtol=1e-6, atol=1e-6,
                           hint="Each window sends its dY to the position of its maximum only (u* by rows, v* by "
                                "columns within the window), added to what other windows sent there.")


dX = from_scratch(max_pool2d_backward)(np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1),
                                       np.arange(16.0).reshape(1, 4, 4, 1), 2)
checks.assert_array(dX, "max_pool2d_backward for the 4x4 example", shape=(1, 4, 4, 1))
checks.assert_allclose(dX[0, :, :, 0], [[0, 0, 0, 0], [0, 1, 0, 2], [0, 0, 0, 0], [0, 3, 0, 4]],
                       "max_pool2d_backward for the 4x4 image 0..15 and dY [[1, 2], [3, 4]]",
                       hint="The gradient goes to the maximum of each window, 5, 7, 13 and 15.")
check_max_pool2d_backward((2, 4, 6, 3), 2, seed=0)
### BEGIN HIDDEN TESTS
check_max_pool2d_backward((2, 7, 9, 2), (2, 3), seed=30, shift=-3.0)  # the last row is in no window
check_max_pool2d_backward((1, 9, 8, 3), 3, seed=31)
check_max_pool2d_backward((3, 6, 4, 1), (3, 1), stride=(3, 2), seed=32)  # a stride larger than the window
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "max_pool2d_backward_overlapping", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check max_pool2d_backward where windows overlap (stride smaller than the window): gradients add up"""
peak = np.zeros((1, 3, 3, 1))
peak[0, 1, 1, 0] = 1.0  # the maximum of all four 2x2 windows (stride 1)
dX = from_scratch(max_pool2d_backward)(np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 2, 2, 1), peak, 2, stride=1)
checks.assert_array(dX, "max_pool2d_backward for the 3x3 peak", shape=(1, 3, 3, 1))
checks.assert_allclose(dX[0, :, :, 0], [[0, 0, 0], [0, 10, 0], [0, 0, 0]],
                       "max_pool2d_backward for a peak that is the maximum of four windows",
                       hint="The middle pixel is the maximum of all four windows: it gets 1 + 2 + 3 + 4 = 10. "
                            "dX[idx] += dY adds only once for repeated indices; np.add.at adds every time.")
check_max_pool2d_backward((2, 7, 7, 2), 3, stride=2, seed=1)
### BEGIN HIDDEN TESTS
check_max_pool2d_backward((2, 6, 7, 3), 2, stride=1, seed=33, shift=-2.0)
check_max_pool2d_backward((1, 9, 8, 2), (3, 2), stride=(2, 1), seed=34)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: a small CNN in Keras (8 points)
#
# Write `build_cnn()` returning a **compiled** Keras model for MNIST digits:
#
# * input `keras.Input(shape=(28, 28, 1))` (one channel), output `layers.Dense(10, activation="softmax")`;
# * at least one `layers.Conv2D` layer with a ReLU (`activation="relu"`, checked) and one `layers.MaxPooling2D`
#   layer, then `layers.Flatten()`;
# * at most 200,000 parameters (the lecture's network, `course.cnn_classifier()`, has more, most of them in its
#   128-unit dense layer: count a layer's parameters with Part A);
# * compiled with `loss="sparse_categorical_crossentropy"`, `metrics=["accuracy"]` and an optimizer of your
#   choice (`keras.optimizers.Adam(learning_rate=1e-3)` works well; `jit_compile=False` starts faster on a CPU).
#
# The check seeds Keras, calls `build_cnn()`, trains the model for a fixed, short schedule on the first training
# images (4,000 images for 2 epochs in fast mode, 8,000 for 3 epochs otherwise, batches of 32) and requires a test
# accuracy of at least **0.85** in fast mode and **0.93** otherwise (`min_accuracy` below).

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false, "task": false}
(x_train, y_train), (x_test, y_test) = course.load_mnist()
x_train = x_train[..., np.newaxis].astype("float32") / 255  # (N, 28, 28, 1): one channel
x_test = x_test[..., np.newaxis].astype("float32") / 255
num_train, num_epochs = course.pick(full=min(len(x_train), 8000), fast=4000), course.pick(full=3, fast=2)
min_accuracy = course.pick(full=0.93, fast=0.85)
print("data:", course.dataset_info("mnist"))
print(f"{num_train:,} training images, {num_epochs} epochs, {len(x_test):,} test images; min_accuracy={min_accuracy}")

# %% nbgrader={"grade": false, "grade_id": "build_cnn", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_cnn():
    """A small compiled CNN for 28x28x1 digits.

    Returns
    -------
    keras.Model
        Input shape (None, 28, 28, 1), output shape (None, 10) (softmax), at least one Conv2D and one
        MaxPooling2D layer, at most 200,000 parameters, compiled with sparse categorical cross-entropy
        and the accuracy metric.
    """
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "build_cnn_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
build_cnn().summary()

# %% nbgrader={"grade": true, "grade_id": "cnn_architecture", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that build_cnn returns a compiled model with Conv2D and MaxPooling2D layers and the right input, output"""
keras.utils.set_random_seed(0)
model = build_cnn()
checks.assert_returns(model, "build_cnn()", keras.Model)
layer_types = [type(layer).__name__ for layer in model.layers]
assert "Conv2D" in layer_types, f"build_cnn() should have at least one Conv2D layer; its layers are {layer_types}."
assert "MaxPooling2D" in layer_types, f"build_cnn() should have a MaxPooling2D layer; its layers are {layer_types}."
checks.assert_equal(tuple(model.input_shape), (None, 28, 28, 1), "model.input_shape",
                    hint="Start with keras.Input(shape=(28, 28, 1)): Conv2D needs a channel axis.")
checks.assert_equal(tuple(model.output_shape), (None, 10), "model.output_shape", hint="End with Dense(10, softmax).")
assert getattr(model, "optimizer", None) is not None, "build_cnn() should return a compiled model: call model.compile."
### BEGIN HIDDEN TESTS
assert model.count_params() <= 200_000, f"build_cnn() has {model.count_params():,} parameters; keep it at most 200,000."
loss_name = getattr(model.loss, "name", model.loss)
checks.assert_equal(loss_name, "sparse_categorical_crossentropy", "the loss",
                    hint="The labels are integers 0-9: use 'sparse_categorical_crossentropy'.")
probabilities = keras.ops.convert_to_numpy(model(x_test[:5]))
checks.assert_allclose(probabilities.sum(axis=1), np.ones(5), "the sum of the output probabilities", rtol=1e-5,
                       hint="The last layer needs activation='softmax'.")


def is_relu(layer):
    """A layer that applies ReLU: its own activation, a ReLU layer or Activation("relu")."""
    return type(layer).__name__ == "ReLU" or getattr(getattr(layer, "activation", None), "__name__", "") == "relu"


convolutions = [number for number, layer in enumerate(model.layers) if isinstance(layer, layers.Conv2D)]
assert any(is_relu(model.layers[number]) or (number + 1 < len(model.layers) and is_relu(model.layers[number + 1]))
           for number in convolutions), ("The part asks for a Conv2D layer with ReLU: give it activation='relu' "
                                         "(without an activation two convolutions in a row are one linear map).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "cnn_accuracy", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
"""Check that build_cnn's model, trained with a fixed seed and schedule, reaches min_accuracy on MNIST's test images"""
keras.utils.set_random_seed(0)
model = build_cnn()
model.fit(x_train[:num_train], y_train[:num_train], epochs=num_epochs, batch_size=32,
          verbose=course.pick(full="auto", fast=0))
y_pred = np.argmax(keras.ops.convert_to_numpy(model.predict(x_test, verbose=0)), axis=1)
test_accuracy = float(np.mean(y_pred == y_test))
print(f"test accuracy: {test_accuracy:.4f} ({len(y_test):,} test images of {course.dataset_info('mnist')})")
assert test_accuracy >= min_accuracy, (f"Test accuracy {test_accuracy:.3f} is below {min_accuracy}: check the input "
                                       "scaling, the softmax output, the loss, the learning rate (try Adam(1e-3)).")
### BEGIN HIDDEN TESTS
for digits in [(0, 1, 2, 3, 4), (5, 6, 7, 8, 9)]:
    keep = np.isin(y_test, digits)
    half_accuracy = float(np.mean(y_pred[keep] == y_test[keep]))
    assert half_accuracy >= min_accuracy - 0.05, (f"Test accuracy on digits {digits} is {half_accuracy:.3f}, below "
                                                  f"{min_accuracy - 0.05:.2f}.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What you built
#
# Your `conv2d` and `max_pool2d` compute what Keras' `Conv2D` and `MaxPooling2D` layers compute, your backward passes
# are what automatic differentiation computes through them when Keras trains, and the network of Part F stacks those
# same operations, with weights learned by gradient descent. The script
# `benchmarks/conv2d_numpy_vs_keras.py` in the course repository times the reference NumPy convolution against
# the Keras layer on a 64x28x28x8 batch.
