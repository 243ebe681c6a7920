# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 04: convolutions, from NumPy to Keras
#
# You will compute the sizes and parameter counts of convolution layers, write a vectorized NumPy convolution
# and max pooling that give exactly what `keras.layers.Conv2D` and `keras.layers.MaxPooling2D` give, and build and
# train a small convolutional network on MNIST. The conventions are those of CS231n's convolution assignment and
# of Keras: images are `(N, H, W, C)` (channels last) and kernels are `(K_h, K_w, C_in, C_out)`.
#
# **Prerequisites:** lectures 07 and 08 (convolutions, CNNs in Keras). **Points:** 30, in four parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes, strides,
#   paddings and seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Do not call Keras inside your NumPy functions: Keras is only the reference the tests compare with.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import sys

import keras
import numpy as np
from keras import layers

import course
from course import checks

course.setup(quiet=True)

# %% [markdown] nbgrader={"grade": false, "grade_id": "reference_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The reference: Keras' layers
#
# The tests compare your functions with these two Keras layers, given the same weights. Keras works in float32, so
# results agree to about $10^{-5}$, not to the last digit. Use them yourself to compare while you work.

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
checks.assert_returns(conv_output_size(100, 3, 1, 1), "conv_output_size(100, 3, 1, 1)", (int, np.integer))
checks.assert_equal(conv_output_size(100, 3, 1, 1), 100, "conv_output_size(100, 3, 1, 1)",
                    hint="Padding 1 on each side adds 2 to N: (100 + 2 - 3) / 1 + 1 = 100.")
checks.assert_equal(conv_output_size(100, 3, 0, 1), 98, "conv_output_size(100, 3, 0, 1)")
### BEGIN HIDDEN TESTS
checks.assert_equal(conv_output_size(227, 11, 0, 4), 55, "conv_output_size(227, 11, 0, 4) (AlexNet's first layer)")
checks.assert_equal(conv_output_size(28, 5, 2, 2), 14, "conv_output_size(28, 5, 2, 2)",
                    hint="Round down: floor((28 + 4 - 5) / 2) + 1 = 14.")
checks.assert_equal(conv_output_size(7, 3, 0, 3), 2, "conv_output_size(7, 3, 0, 3)", hint="Round down, not up.")
checks.assert_equal(conv_output_size(5, 5, 0, 1), 1, "conv_output_size(5, 5, 0, 1)")
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
checks.assert_equal(conv_param_count(3, 3, 1, 10, bias=False), 90, "conv_param_count(3, 3, 1, 10, bias=False)")
checks.assert_equal(conv_param_count(3, 3, 1, 10), 100, "conv_param_count(3, 3, 1, 10)",
                    hint="One bias per filter: 90 weights + 10 biases.")
checks.assert_equal(conv_param_count(3, 3, 10, 8, bias=False), 720, "conv_param_count(3, 3, 10, 8, bias=False)",
                    hint="Each filter is as deep as its input: 3 x 3 x 10 weights, times 8 filters.")
checks.assert_equal(conv_param_count(3, 3, 10, 8), 728, "conv_param_count(3, 3, 10, 8)")
### BEGIN HIDDEN TESTS
checks.assert_equal(conv_param_count(11, 11, 3, 96), 34_944, "conv_param_count(11, 11, 3, 96) (AlexNet's first layer)")
keras_layer = layers.Conv2D(7, (5, 2))
keras_layer.build((None, 12, 12, 3))
checks.assert_equal(conv_param_count(5, 2, 3, 7), keras_layer.count_params(), "conv_param_count(5, 2, 3, 7)",
                    hint="A non-square kernel has K_h * K_w positions.")
checks.assert_equal(conv_param_count(1, 1, 64, 32, bias=False), 2048, "conv_param_count(1, 1, 64, 32, bias=False)")
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
# * Raise a `ValueError` when `X`'s channels differ from `W.shape[2]`, `b` is not of shape $(C_{out},)$,
#   `stride < 1` or `padding < 0`.
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
    H_out = conv_output_size(X.shape[1], K_h, padding, stride)
    W_out = conv_output_size(X.shape[2], K_w, padding, stride)
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
Y = conv2d(X, W, b)
checks.assert_array(Y, "conv2d(X, W, b) with X (2, 7, 7, 3) and W (3, 3, 3, 4)", shape=(2, 5, 5, 4))
checks.assert_allclose(Y, keras_conv2d(X, W, b), "conv2d(X, W, b)", rtol=1e-5, atol=1e-5,
                       hint="Did you flip the kernel? Keras computes a correlation: W[u, v] multiplies "
                            "X[i + u, j + v]. Did you add the bias once per filter?")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(10)
for shape_X, shape_W in [((3, 9, 8, 2), (2, 4, 2, 5)), ((1, 6, 6, 5), (1, 1, 5, 3)), ((4, 10, 7, 1), (5, 3, 1, 2))]:
    X, W, b = rng.normal(size=shape_X), rng.normal(size=shape_W), rng.normal(size=shape_W[3])
    expected = keras_conv2d(X, W, b)
    checks.assert_allclose(conv2d(X, W, b), expected, f"conv2d with X {shape_X} and W {shape_W}", rtol=1e-5, atol=1e-5,
                           hint="Non-square kernels: use K_h for the height and K_w for the width.")
X, W = rng.normal(size=(2, 6, 6, 3)), rng.normal(size=(3, 3, 3, 2))
for bad_W, bad_b in [(rng.normal(size=(3, 3, 4, 2)), np.zeros(2)), (W, np.zeros(3))]:
    try:
        conv2d(X, bad_W, bad_b)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv2d should raise ValueError for X {X.shape}, W {bad_W.shape} and b {bad_b.shape}.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "conv2d_stride_padding", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Check conv2d with padding (1 for a 3x3 kernel is Keras' padding="same") and with strides, against Keras"""
rng = np.random.default_rng(1)
X, W, b = rng.normal(size=(2, 8, 8, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
Y = conv2d(X, W, b, stride=1, padding=1)
checks.assert_array(Y, "conv2d(X, W, b, padding=1) with X (2, 8, 8, 3)", shape=(2, 8, 8, 4))
checks.assert_allclose(Y, keras_conv2d(X, W, b, padding="same"), "conv2d(X, W, b, padding=1)", rtol=1e-5, atol=1e-5,
                       hint="Pad with zeros on both sides of the height and width axes, not the batch or channels.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(11)
X, W, b = rng.normal(size=(2, 9, 10, 3)), rng.normal(size=(3, 3, 3, 2)), rng.normal(size=2)
checks.assert_allclose(conv2d(X, W, b, stride=2), keras_conv2d(X, W, b, stride=2), "conv2d(X, W, b, stride=2)",
                       rtol=1e-5, atol=1e-5, hint="Output pixel (i, j) starts at input pixel (i S, j S).")
X, W, b = rng.normal(size=(3, 11, 11, 2)), rng.normal(size=(5, 5, 2, 3)), rng.normal(size=3)
checks.assert_allclose(conv2d(X, W, b, padding=2), keras_conv2d(X, W, b, padding="same"), "conv2d with 5x5, padding=2",
                       rtol=1e-5, atol=1e-5)
checks.assert_allclose(conv2d(X, W, b, stride=3), keras_conv2d(X, W, b, stride=3), "conv2d(X, W, b, stride=3)",
                       rtol=1e-5, atol=1e-5)
X, W, b = rng.normal(size=(2, 27, 27, 2)), rng.normal(size=(3, 3, 2, 4)), rng.normal(size=4)
checks.assert_allclose(conv2d(X, W, b, stride=2, padding=1), keras_conv2d(X, W, b, stride=2, padding="same"),
                       "conv2d(X, W, b, stride=2, padding=1) on 27x27", rtol=1e-5, atol=1e-5)
X, W, b = rng.normal(size=(2, 6, 7, 3)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=2)
X_padded = np.pad(X, ((0, 0), (2, 2), (2, 2), (0, 0)))
checks.assert_allclose(conv2d(X, W, b, stride=2, padding=2), keras_conv2d(X_padded, W, b, stride=2),
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
passes. The count is the same on every machine. Then the output is compared with Keras.
"""


class LineLimitExceeded(BaseException):
    """Raised inside the traced function once it has run more lines than allowed."""


def count_notebook_lines(function, *args, limit=400, **kwargs):
    """Run function(*args, **kwargs) under sys.settrace; return (lines of notebook code run, called Keras?, result)."""
    count, called_keras = 0, False

    def on_line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > limit:
                raise LineLimitExceeded
        return on_line

    def on_call(frame, event, arg):
        nonlocal called_keras
        module = frame.f_globals.get("__name__", "")
        called_keras = called_keras or module.startswith(("keras", "tensorflow"))
        return on_line if module == "__main__" else None

    previous, result = sys.gettrace(), None
    sys.settrace(on_call)
    try:
        result = function(*args, **kwargs)
    except LineLimitExceeded:
        pass
    finally:
        sys.settrace(previous)
    return count, called_keras, result


rng = np.random.default_rng(2)
X, W, b = rng.normal(size=(64, 28, 28, 8)), rng.normal(size=(3, 3, 8, 16)), rng.normal(size=16)
num_lines, called_keras, Y = count_notebook_lines(conv2d, X, W, b)
assert num_lines <= 400, (f"conv2d ran more than 400 lines of your Python code on one 64x28x28x8 batch: it loops over "
                          "output pixels. Loop at most over the kernel offsets (u, v), or use sliding_window_view.")
assert not called_keras, "conv2d called Keras or TensorFlow: compute the convolution with NumPy only."
checks.assert_array(Y, "conv2d on a (64, 28, 28, 8) batch with W (3, 3, 8, 16)", shape=(64, 26, 26, 16))
checks.assert_allclose(Y, keras_conv2d(X, W, b), "conv2d on a (64, 28, 28, 8) batch", rtol=1e-5, atol=1e-5)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(12)
X, W, b = rng.normal(size=(16, 40, 40, 4)), rng.normal(size=(5, 5, 4, 8)), rng.normal(size=8)
num_lines, called_keras, Y = count_notebook_lines(conv2d, X, W, b, stride=1, padding=2)
assert num_lines <= 400, f"conv2d ran more than 400 lines of Python on a 16x40x40x4 batch with padding 2: vectorize it."
assert not called_keras, "conv2d called Keras or TensorFlow: compute the convolution with NumPy only."
checks.assert_allclose(Y, keras_conv2d(X, W, b, padding="same"), "conv2d on a (16, 40, 40, 4) batch, padding 2",
                       rtol=1e-5, atol=1e-5)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: max pooling (4 points)
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
# The checks compare with `keras_max_pool2d` (that is, `keras.layers.MaxPooling2D`).

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
    conv_output_size(X.shape[1], p_h, 0, s_h)  # raises ValueError on a bad window or stride
    conv_output_size(X.shape[2], p_w, 0, s_w)
    windows = np.lib.stride_tricks.sliding_window_view(X, (p_h, p_w), axis=(1, 2))[:, ::s_h, ::s_w]
    return windows.max(axis=(4, 5))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "max_pool2d_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 2x2 pooling of a 4x4 image holding 0..15; expect [[5, 7], [13, 15]].
print(max_pool2d(np.arange(16.0).reshape(1, 4, 4, 1), 2)[0, :, :, 0])

# %% nbgrader={"grade": true, "grade_id": "max_pool2d_matches_keras", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check max_pool2d on a 4x4 example and against keras.layers.MaxPooling2D (2x2 windows, stride 2)"""
small = max_pool2d(np.arange(16.0).reshape(1, 4, 4, 1), 2)
checks.assert_array(small, "max_pool2d of a (1, 4, 4, 1) image", shape=(1, 2, 2, 1))
checks.assert_allclose(small[0, :, :, 0], [[5.0, 7.0], [13.0, 15.0]], "max_pool2d of the 4x4 image 0..15")
rng = np.random.default_rng(3)
X = rng.normal(size=(2, 8, 8, 3))
checks.assert_allclose(max_pool2d(X, 2), keras_max_pool2d(X, 2), "max_pool2d(X, 2) with X (2, 8, 8, 3)",
                       rtol=1e-5, atol=1e-5, hint="Take the maximum per channel, over height and width only.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(13)
X = rng.normal(size=(2, 7, 9, 4)) - 3.0
checks.assert_allclose(max_pool2d(X, 3, stride=2), keras_max_pool2d(X, 3, stride=2), "max_pool2d(X, 3, stride=2)",
                       rtol=1e-5, atol=1e-5, hint="All inputs are negative here: do not start the maximum at 0.")
checks.assert_allclose(max_pool2d(X, (2, 3)), keras_max_pool2d(X, (2, 3)), "max_pool2d(X, (2, 3))",
                       rtol=1e-5, atol=1e-5, hint="A pair (p_h, p_w) gives a p_h x p_w window and, by default, stride.")
checks.assert_allclose(max_pool2d(X, 2, stride=1), keras_max_pool2d(X, 2, stride=1), "max_pool2d(X, 2, stride=1)",
                       rtol=1e-5, atol=1e-5)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: a small CNN in Keras (8 points)
#
# Write `build_cnn()` returning a **compiled** Keras model for MNIST digits:
#
# * input `keras.Input(shape=(28, 28, 1))` (one channel), output `layers.Dense(10, activation="softmax")`;
# * at least one `layers.Conv2D` layer (with ReLU) and one `layers.MaxPooling2D` layer, then `layers.Flatten()`;
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
# Your `conv2d` and `max_pool2d` compute what Keras' `Conv2D` and `MaxPooling2D` layers compute, and the network of
# Part D stacks those same operations, with weights learned by gradient descent. The script
# `benchmarks/conv2d_numpy_vs_keras.py` in the course repository times the reference NumPy convolution against
# the Keras layer on a 64x28x28x8 batch.
