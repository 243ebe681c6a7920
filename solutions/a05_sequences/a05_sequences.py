# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 05: an LSTM from scratch, a great-circle loss, and IMDB sentiment
#
# You will write the LSTM cell and its forward pass over a sequence in NumPy and match `keras.layers.LSTM` weight
# for weight, then the step lecture 12 does not show, **backpropagation through time**, checked against
# TensorFlow's automatic differentiation; write the great-circle distance of lecture 14 in its numerically safe
# haversine form and derive its gradient by hand, correct at the poles, across the antimeridian and where prediction and target coincide; and
# build a small Keras network that reads movie reviews and tells positive from negative ones.
#
# **Prerequisites:** lectures 02 (backpropagation), 11 and 12 (recurrent networks, LSTMs) and 14 (a custom loss
# for geo-location).
# **Points:** 40, in six parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other sizes, values and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * **From scratch means from scratch.** Parts A to E are NumPy only: no Keras, TensorFlow, scikit-learn or SciPy,
#   directly or through the reference helpers below, and no changing an input array in place. Every value check of
#   those parts calls your function through `from_scratch` (below), which fails the check when it does either.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import re
import time

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

import course
from course import checks

course.setup(quiet=True)

# %% [markdown] nbgrader={"grade": false, "grade_id": "reference_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The references
#
# The tests compare your functions with the references below; use them yourself while you work.
#
# * `keras_lstm` runs a `keras.layers.LSTM` layer (in float64) with the weights you give it and returns its output
#   and its final states $h_T$ and $c_T$.
# * `great_circle_arccos` is the deck's formula of lecture 14, $R \arccos \phi$, in `keras.ops`, and
#   `autodiff_gradient` differentiates such a function with `tf.GradientTape` (float64). Far from the singular points
#   they are accurate references; at them you will see NaN, which is what Parts D and E are about.
# * `sigmoid` is the logistic function, written with `tanh` so that it never overflows. Use it in Part A.
# * `autodiff_lstm_gradients` differentiates $L = \sum_{n,t,k} H[n,t,k]\, dH[n,t,k]$, where $H$ is the output of
#   `keras.layers.LSTM(..., return_sequences=True)`, with `tf.GradientTape` (float64): the reference of Part C.
# * `random_positions`, `random_lstm` and `expect_value_error` make test inputs and check for a `ValueError`.
# * `from_scratch(f)` is `f`, checked by `course.checks.from_scratch`: while `f` runs, `sys.setprofile` records every
#   Python function it calls, and SciPy's ufuncs (`scipy.special.expit`, ...) are swapped for recorders; a call into
#   Keras, TensorFlow, scikit-learn or SciPy, under any name, or into one of the reference helpers, fails the check
#   with its name, and so does an input array that `f` changed in place.

# %% nbgrader={"grade": false, "grade_id": "reference", "locked": true, "schema_version": 3, "solution": false, "task": false}
R = 6371.0  # Earth radius in km


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), element-wise and without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def keras_lstm(X, W, U, b, return_sequences=False, initial_state=None):
    """What keras.layers.LSTM computes with kernel W (d, 4n), recurrent_kernel U (n, 4n) and bias b (4n,).

    X is (N, T, d); initial_state is None (zeros) or [h_0, c_0], each (N, n). Returns (output, h_T, c_T) as
    float64 arrays; output is (N, T, n) with return_sequences=True, else (N, n).
    """
    layer = layers.LSTM(np.shape(U)[0], return_sequences=return_sequences, return_state=True, dtype="float64")
    layer.build((None, None, np.shape(X)[2]))
    layer.set_weights([np.asarray(w, dtype="float64") for w in (W, U, b)])
    state = None if initial_state is None else [tf.constant(s, dtype="float64") for s in initial_state]
    return tuple(ops.convert_to_numpy(t) for t in layer(np.asarray(X, dtype="float64"), initial_state=state))


def great_circle_arccos(y, z):
    """R arccos(phi), the deck's formula (lecture 14). y, z: (..., 2) radians (latitude, longitude). Returns km."""
    phi = (ops.sin(y[..., 0]) * ops.sin(z[..., 0])
           + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.cos(z[..., 1] - y[..., 1]))
    return R * ops.arccos(phi)


def autodiff_gradient(distance_fn, y, z):
    """d distance_fn(y, z) / dz by tf.GradientTape in float64, one gradient per pair: shape (..., 2), km/rad."""
    z_var = tf.Variable(np.asarray(z, dtype="float64"))
    with tf.GradientTape() as tape:
        total = ops.sum(distance_fn(tf.constant(np.asarray(y, dtype="float64")), z_var))
    return tape.gradient(total, z_var).numpy()


def random_positions(num_points, rng):
    """(num_points, 2) radians, uniform on the sphere: latitude arcsin(u) with u uniform in [-1, 1]."""
    return np.stack([np.arcsin(rng.uniform(-1, 1, num_points)), rng.uniform(-np.pi, np.pi, num_points)], axis=1)


def expect_value_error(function, description, *args, naming=(), **kwargs):
    """Fail unless function(*args, **kwargs) raises ValueError; description says when, for the message. With
    ``naming``, the error's message must also name one of those arguments (as a word: ``W``, ``h_prev``)."""
    try:
        function(*args, **kwargs)
    except ValueError as error:
        if naming and not any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", str(error))
                              for name in naming):
            raise AssertionError(f"{function.__name__} raised ValueError {description}, but its message "
                                 f"{str(error)!r} names none of {', '.join(naming)}: say which argument has the "
                                 "wrong shape.") from None
        return
    raise AssertionError(f"{function.__name__} should raise ValueError {description}.")


def random_lstm(N, T, d, n, seed):
    """A random batch X (N, T, d) and random LSTM weights W (d, 4n), U (n, 4n), b (4n,), all float64."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, T, d)), rng.normal(scale=0.5, size=(d, 4 * n)),
            rng.normal(scale=0.5, size=(n, 4 * n)), rng.normal(scale=0.5, size=4 * n))


def autodiff_lstm_gradients(X, W, U, b, dH):
    """(dX, dW, dU, db) of L = sum(H * dH), H = keras.layers.LSTM(return_sequences=True)(X), by tf.GradientTape."""
    layer = layers.LSTM(np.shape(U)[0], return_sequences=True, dtype="float64")
    layer.build((None, None, np.shape(X)[2]))
    layer.set_weights([np.asarray(w, dtype="float64") for w in (W, U, b)])
    X_var = tf.Variable(np.asarray(X, dtype="float64"))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(X_var) * tf.constant(dH, dtype="float64"))
    gradients = tape.gradient(loss, [X_var, layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias])
    return tuple(ops.convert_to_numpy(g) for g in gradients)


def from_scratch(function):
    """checks.from_scratch(function), which also fails a call into this notebook's reference helpers."""
    return checks.from_scratch(function, references=(keras_lstm, great_circle_arccos, autodiff_gradient,
                                                     autodiff_lstm_gradients))


# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: the LSTM cell (6 points)
#
# The LSTM of Hochreiter and Schmidhuber (1997), in the notation of the deck (Donahue et al. 2014) and of
# lecture 11: at step $t$ the input gate $i_t$, forget gate $f_t$ and output gate $o_t$ are sigmoids, the candidate
# $g_t$ is a tanh, and the cell state $c_t$ and hidden state $h_t$ follow:
#
# $$i_t = \sigma(W_{xi} x_t + W_{hi} h_{t-1} + b_i), \quad f_t = \sigma(W_{xf} x_t + W_{hf} h_{t-1} + b_f), \quad
#   o_t = \sigma(W_{xo} x_t + W_{ho} h_{t-1} + b_o),$$
#
# $$g_t = \tanh(W_{xc} x_t + W_{hc} h_{t-1} + b_c), \qquad c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad
#   h_t = o_t \odot \tanh(c_t).$$
#
# Keras works with row vectors, a batch of $N$ of them at once, and stores the four gates' weights side by side in
# three arrays: `kernel` $W$ of shape $(d, 4n)$, `recurrent_kernel` $U$ of shape $(n, 4n)$ and `bias` $b$ of shape
# $(4n,)$, for $d$ input features and $n$ units. One matrix product gives all four pre-activations,
#
# $$Z = x_t W + h_{t-1} U + b \quad (N \times 4n), \qquad
#   Z = \big[\, Z_i \;\big|\; Z_f \;\big|\; Z_g \;\big|\; Z_o \,\big],$$
#
# in blocks of $n$ columns in the order **input $i$, forget $f$, candidate $g$, output $o$**: columns $0..n-1$ are
# $i$, $n..2n-1$ are $f$, and so on (so $W_{xi}^\top$ is `W[:, :n]`).
#
# Write `lstm_cell(x_t, h_prev, c_prev, W, U, b)` returning the tuple `(h_t, c_t)`.
#
# * In: `x_t` $(N, d)$, `h_prev` and `c_prev` $(N, n)$, `W` $(d, 4n)$, `U` $(n, 4n)$, `b` $(4n,)$. Out: `h_t` and
#   `c_t`, both $(N, n)$. Use the `sigmoid` given above.
# * Raise a `ValueError` when `U` is not $(n, 4n)$ for some $n$, `W` is not $(d, 4n)$ with the $d$ of `x_t`, `b` is
#   not $(4n,)$, or `h_prev` or `c_prev` is not $(N, n)$, with a message that names the argument you found wrong
#   (`W`, `U`, `b`, `h_prev` or `c_prev`, as in the signature) and its shape: "wrong shapes" does not tell the caller
#   what to fix.
#
# The check runs one step from random states $h_{t-1}$, $c_{t-1}$ and compares both outputs with `keras_lstm` on a
# sequence of length 1 started from those states, to $10^{-5}$; when graded, with other sizes and seeds.

# %% nbgrader={"grade": false, "grade_id": "lstm_cell", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """One step of an LSTM, with Keras' weight layout (gate blocks i, f, g, o).

    Parameters
    ----------
    x_t : ndarray of shape (N, d)
        The inputs at step t, one row per sequence.
    h_prev, c_prev : ndarray of shape (N, n)
        Hidden and cell states after step t - 1.
    W : ndarray of shape (d, 4n)
        Input weights (Keras' `kernel`).
    U : ndarray of shape (n, 4n)
        Recurrent weights (Keras' `recurrent_kernel`).
    b : ndarray of shape (4n,)
        Biases.

    Returns
    -------
    h_t : ndarray of shape (N, n)
    c_t : ndarray of shape (N, n)
    """
    ### BEGIN SOLUTION
    x_t, h_prev, c_prev, W, U, b = (np.asarray(v, dtype=float) for v in (x_t, h_prev, c_prev, W, U, b))
    if U.ndim != 2 or U.shape[1] != 4 * U.shape[0]:
        raise ValueError(f"U must have shape (n, 4n), one block of n columns per gate; got {U.shape}.")
    n = U.shape[0]
    if x_t.ndim != 2 or W.ndim != 2 or W.shape != (x_t.shape[1], 4 * n):
        raise ValueError(f"With x_t of shape {x_t.shape} (N, d) and n = {n} units, W must have shape "
                         f"(d, {4 * n}); got {W.shape}.")
    if b.shape != (4 * n,):
        raise ValueError(f"b must have shape ({4 * n},), one bias per gate and unit; got {b.shape}.")
    if h_prev.shape != (x_t.shape[0], n) or c_prev.shape != (x_t.shape[0], n):
        raise ValueError(f"h_prev and c_prev must have shape (N, n) = {(x_t.shape[0], n)}; "
                         f"got {h_prev.shape} and {c_prev.shape}.")
    Z = x_t @ W + h_prev @ U + b
    i, f = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n])
    g, o = np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "lstm_cell_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: one step from random states for 2 sequences, 3 features, 4 units; compare with Keras.
X, W, U, b = random_lstm(N=2, T=1, d=3, n=4, seed=0)
h_prev, c_prev = np.random.default_rng(1).normal(size=(2, 2, 4))
h_t, c_t = lstm_cell(X[:, 0], h_prev, c_prev, W, U, b)
_, h_keras, c_keras = keras_lstm(X, W, U, b, initial_state=[h_prev, c_prev])
print("h_t =", np.round(h_t, 4).tolist())
print(f"max |h_t - Keras| = {np.abs(h_t - h_keras).max():.1e}, max |c_t - Keras| = {np.abs(c_t - c_keras).max():.1e}")

# %% nbgrader={"grade": true, "grade_id": "lstm_cell_matches_keras", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check one LSTM step (h_t and c_t) from random states against keras.layers.LSTM with the same weights"""
def check_cell(N, d, n, seed):
    X, W, U, b = random_lstm(N, 1, d, n, seed)
    h_prev, c_prev = np.random.default_rng(seed + 100).normal(size=(2, N, n))
    result = from_scratch(lstm_cell)(X[:, 0], h_prev, c_prev, W, U, b)
    checks.assert_returns(result, "lstm_cell", tuple)
    h_t, c_t = result
    _, h_keras, c_keras = keras_lstm(X, W, U, b, initial_state=[h_prev, c_prev])
    size = f"N={N}, d={d}, n={n}"
    checks.assert_array(h_t, f"h_t ({size})", shape=(N, n))
    checks.assert_array(c_t, f"c_t ({size})", shape=(N, n))
    checks.assert_allclose(c_t, c_keras, f"c_t ({size})", rtol=1e-5, atol=1e-5,
                           hint="Gate blocks are i, f, g, o in that order (n columns each); sigmoid for i, f, o "
                                "and tanh for g; c_t = f * c_prev + i * g.")
    checks.assert_allclose(h_t, h_keras, f"h_t ({size})", rtol=1e-5, atol=1e-5,
                           hint="h_t = o * tanh(c_t), with the new cell state c_t.")

check_cell(N=2, d=3, n=4, seed=0)
### BEGIN HIDDEN TESTS
check_cell(N=5, d=7, n=2, seed=11)
check_cell(N=1, d=1, n=6, seed=12)
check_cell(N=3, d=4, n=1, seed=13)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "lstm_cell_shape_errors", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that lstm_cell accepts valid shapes and raises ValueError on weights or states of the wrong shape"""
X, W, U, b = random_lstm(N=2, T=1, d=3, n=4, seed=0)
h0 = np.zeros((2, 4))
ARGUMENTS = ("x_t", "h_prev", "c_prev", "W", "U", "b")  # the message must name one of them
result = lstm_cell(X[:, 0], h0, h0, W, U, b)
checks.assert_returns(result, "lstm_cell with valid shapes (N=2, d=3, n=4)", tuple)
checks.assert_array(result[0], "h_t for valid shapes (N=2, d=3, n=4)", shape=(2, 4))
expect_value_error(lstm_cell, "when W has 3n instead of 4n columns", X[:, 0], h0, h0, W[:, :12], U, b, naming=ARGUMENTS)
### BEGIN HIDDEN TESTS
expect_value_error(lstm_cell, "when W has the wrong number of rows", X[:, 0], h0, h0, W[:2], U, b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when U is (4n, n) instead of (n, 4n)", X[:, 0], h0, h0, W, U.T, b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when b has 3n entries", X[:, 0], h0, h0, W, U, b[:12], naming=ARGUMENTS)
expect_value_error(lstm_cell, "when h_prev has the wrong number of units",
                   X[:, 0], np.zeros((2, 3)), h0, W, U, b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when c_prev has the wrong batch size",
                   X[:, 0], h0, np.zeros((3, 4)), W, U, b, naming=ARGUMENTS)
# Shapes that NumPy would broadcast without a word, giving wrong numbers: only your own checks can catch them.
expect_value_error(lstm_cell, "when W has 1 column (it would broadcast)",
                   X[:, 0], h0, h0, W[:, :1], U, b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when U has 1 column (it would broadcast)",
                   X[:, 0], h0, h0, W, U[:, :1], b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when b has 1 entry (it would broadcast)", X[:, 0], h0, h0, W, U, b[:1], naming=ARGUMENTS)
expect_value_error(lstm_cell, "when h_prev has a batch of 1 for N=2 (it would broadcast)", X[:, 0],
                   np.zeros((1, 4)), h0, W, U, b, naming=ARGUMENTS)
expect_value_error(lstm_cell, "when c_prev has a batch of 1 for N=2 (it would broadcast)", X[:, 0], h0,
                   np.zeros((1, 4)), W, U, b, naming=ARGUMENTS)
X, W, U, b = random_lstm(N=1, T=1, d=7, n=2, seed=14)
result = lstm_cell(X[:, 0], np.zeros((1, 2)), np.zeros((1, 2)), W, U, b)
checks.assert_array(result[1], "c_t for valid shapes (N=1, d=7, n=2)", shape=(1, 2))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: the forward pass over a sequence (7 points)
#
# Write `lstm_forward(X, W, U, b, return_sequences=False)`: start from $h_0 = c_0 = 0$ (Keras' default initial
# state), apply your `lstm_cell` at $t = 1, \dots, T$ with the same weights at every step, and return
#
# * with `return_sequences=False`: the last hidden state $h_T$, shape $(N, n)$ (what `layers.LSTM(n)` outputs);
# * with `return_sequences=True`: all hidden states $h_1, \dots, h_T$ stacked along axis 1, shape $(N, T, n)$.
#
# In: `X` $(N, T, d)$, the weights of Part A. Raise a `ValueError` when `X` is not 3-D (say what to do: a single
# sequence of shape $(T, d)$ becomes a batch with `X[None]`) or has no time step; shape errors in the weights come
# from your `lstm_cell`. The checks compare both outputs with `keras_lstm` to $10^{-5}$, and when graded with other
# batch sizes, lengths, input and hidden sizes and seeds; when graded, a reference `lstm_cell` stands in for yours
# (it raises a `ValueError` for weights that do not fit), so that a slip in Part A does not cost you this part's
# points a second time.

# %% nbgrader={"grade": false, "grade_id": "lstm_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_forward(X, W, U, b, return_sequences=False):
    """Run an LSTM over a batch of sequences from the zero state.

    Parameters
    ----------
    X : ndarray of shape (N, T, d)
    W : ndarray of shape (d, 4n)
    U : ndarray of shape (n, 4n)
    b : ndarray of shape (4n,)
    return_sequences : bool
        Return every hidden state instead of the last one.

    Returns
    -------
    ndarray of shape (N, T, n) if return_sequences else (N, n)
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    if X.ndim != 3 or X.shape[1] == 0:
        raise ValueError(f"X must have shape (N, T, d) with T >= 1, got {X.shape}; "
                         "for a single sequence of shape (T, d) pass X[None].")
    n = np.shape(U)[0]
    h, c = np.zeros((X.shape[0], n)), np.zeros((X.shape[0], n))
    states = []
    for t in range(X.shape[1]):
        h, c = lstm_cell(X[:, t], h, c, W, U, b)
        states.append(h)
    return np.stack(states, axis=1) if return_sequences else h
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "lstm_forward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 2 sequences of 6 steps, 3 features, 4 units.
X, W, U, b = random_lstm(N=2, T=6, d=3, n=4, seed=1)
H = lstm_forward(X, W, U, b, return_sequences=True)
H_keras, _, _ = keras_lstm(X, W, U, b, return_sequences=True)
print("H has shape", np.shape(H), f"; max |H - Keras| = {np.abs(H - H_keras).max():.1e}")

# %% nbgrader={"grade": true, "grade_id": "lstm_forward_last_state", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check lstm_forward with return_sequences=False (the last state h_T) against keras.layers.LSTM"""
### BEGIN HIDDEN TESTS
def reference_lstm_cell(x_t, h_prev, c_prev, W, U, b):
    """Part A's step, in place of the submitted lstm_cell in Part B's checks: a slip there is charged there only."""
    x_t, h_prev, c_prev, W, U, b = (np.asarray(v, dtype=float) for v in (x_t, h_prev, c_prev, W, U, b))
    n = U.shape[0]
    if W.shape != (x_t.shape[1], 4 * n) or U.shape != (n, 4 * n) or b.shape != (4 * n,):
        raise ValueError(f"W {W.shape}, U {U.shape} and b {b.shape} do not fit x_t {x_t.shape}.")
    Z = x_t @ W + h_prev @ U + b
    gates = 0.5 * (1.0 + np.tanh(0.5 * Z))
    c_t = gates[:, n:2 * n] * c_prev + gates[:, :n] * np.tanh(Z[:, 2 * n:3 * n])
    return gates[:, 3 * n:] * np.tanh(c_t), c_t


your_lstm_cell = lstm_cell
globals().update(lstm_cell=reference_lstm_cell)
### END HIDDEN TESTS
def check_last_state(N, T, d, n, seed):
    X, W, U, b = random_lstm(N, T, d, n, seed)
    size = f"N={N}, T={T}, d={d}, n={n}"
    h_T = from_scratch(lstm_forward)(X, W, U, b)
    checks.assert_array(h_T, f"lstm_forward(X, W, U, b) ({size})", shape=(N, n))
    checks.assert_allclose(h_T, keras_lstm(X, W, U, b)[0], f"h_T ({size})", rtol=1e-5, atol=1e-5,
                           hint="Start from h = c = 0, carry both h and c from step to step, return the last h.")

check_last_state(N=2, T=5, d=3, n=4, seed=3)
### BEGIN HIDDEN TESTS
check_last_state(N=4, T=12, d=6, n=3, seed=4)
check_last_state(N=1, T=1, d=2, n=5, seed=5)
check_last_state(N=3, T=30, d=1, n=2, seed=6)
globals().update(lstm_cell=your_lstm_cell)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "lstm_forward_sequences", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check lstm_forward with return_sequences=True (every h_t, shape (N, T, n)) against keras.layers.LSTM"""
### BEGIN HIDDEN TESTS
globals().update(lstm_cell=reference_lstm_cell)  # Part A's step in place of yours, as in lstm_forward_last_state
### END HIDDEN TESTS
def check_sequences(N, T, d, n, seed):
    X, W, U, b = random_lstm(N, T, d, n, seed)
    size = f"N={N}, T={T}, d={d}, n={n}"
    H = from_scratch(lstm_forward)(X, W, U, b, return_sequences=True)
    checks.assert_array(H, f"lstm_forward(..., return_sequences=True) ({size})", shape=(N, T, n))
    checks.assert_allclose(H, keras_lstm(X, W, U, b, return_sequences=True)[0], f"H ({size})", rtol=1e-5,
                           atol=1e-5, hint="Stack the hidden states h_1 .. h_T along axis 1 (time), not axis 0.")
    checks.assert_allclose(H[:, -1], from_scratch(lstm_forward)(X, W, U, b),
                           f"H[:, -1] against return_sequences=False ({size})")

check_sequences(N=2, T=5, d=3, n=4, seed=7)
### BEGIN HIDDEN TESTS
check_sequences(N=3, T=9, d=5, n=6, seed=8)
check_sequences(N=1, T=1, d=4, n=3, seed=9)
check_sequences(N=6, T=4, d=2, n=1, seed=10)
globals().update(lstm_cell=your_lstm_cell)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "lstm_forward_shape_errors", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that lstm_forward accepts a valid batch and raises ValueError for a 2-D X and for weights that do not fit X"""
### BEGIN HIDDEN TESTS
globals().update(lstm_cell=reference_lstm_cell)  # Part A's step in place of yours, as in lstm_forward_last_state
### END HIDDEN TESTS
X, W, U, b = random_lstm(N=2, T=5, d=3, n=4, seed=3)
checks.assert_array(lstm_forward(X, W, U, b), "lstm_forward on a valid batch (N=2, T=5, d=3, n=4)", shape=(2, 4))
expect_value_error(lstm_forward, "for a single sequence of shape (T, d): ask for X[None]", X[0], W, U, b)
### BEGIN HIDDEN TESTS
expect_value_error(lstm_forward, "when W expects another number of features", X[:, :, :2], W, U, b)
expect_value_error(lstm_forward, "for a sequence of length 0", X[:, :0], W, U, b)
globals().update(lstm_cell=your_lstm_cell)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "lstm_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: backpropagation through time (10 points)
#
# Lecture 12 runs an LSTM forward; training it needs the gradients of a loss $L$ with respect to the weights and
# inputs, through every time step: **backpropagation through time** (BPTT), as in CS231n's RNN assignment. Let
# $H = (h_1, \dots, h_T)$ be the output of `lstm_forward(X, W, U, b, return_sequences=True)` from the zero state,
# and `dH` $(N, T, n)$ the gradient of $L$ with respect to $H$ as the layer above sees it: `dH[:, t]` is the part of
# $\partial L / \partial h_t$ that comes from the output at step $t$ (for a loss on $h_T$ alone, as with
# `return_sequences=False`, it is zero except at the last step).
#
# The forward equations of Part A are all you are given: the backward step is yours to derive, as in CS231n's
# assignment. Work it out on paper first, following the graph of one step backwards:
#
# $$Z = x_t W + h_{t-1} U + b, \quad i, f, o = \sigma(Z_i), \sigma(Z_f), \sigma(Z_o), \quad g = \tanh Z_g, \quad
#   c_t = f \odot c_{t-1} + i \odot g, \quad h_t = o \odot \tanh c_t .$$
#
# * What the walk back carries. $h_t$ reaches $L$ by two roads: through the output `dH[:, t]`, and through step
#   $t + 1$, which reads $h_t$ in its $Z$. The same holds for $c_t$, read by step $t + 1$'s cell update and by
#   this step's own $h_t$. Call what step $t + 1$ sends back $dh_{next}$ and $dc_{next}$ (zero at $t = T$): how do
#   the two roads combine into the full gradients $dh$ of $h_t$ and $dc$ of $c_t$?
# * One step back. From $dh$ and $dc$, the gradients of $o$, $i$, $g$, $f$ and of $c_{t-1}$; through the
#   activations ($\sigma' = \sigma(1 - \sigma)$, $\tanh' = 1 - \tanh^2$) the gradient $dZ$ $(N, 4n)$ of the
#   pre-activations, in the block order $i, f, g, o$ of Part A; and from $Z = x_t W + h_{t-1} U + b$ the gradients
#   of $x_t$, of $h_{t-1}$ (the next $dh_{next}$) and of the weights, which every step adds to.
# * What to keep from the forward pass so that the walk back never recomputes it.
#
# Check each piece as you go: `course.numerical_gradient` on one step with small sizes ($N = 2$, $d = 3$, $n = 2$,
# $T = 1$, then $T = 3$) tells you which of your gradients is wrong long before the graded check does.
#
# Write `lstm_backward(X, W, U, b, dH)` returning the tuple `(dX, dW, dU, db)`:
#
# * In: `X` $(N, T, d)$, the weights of Part A, `dH` $(N, T, n)$. Out: `dX` $(N, T, d)$, `dW` $(d, 4n)$, `dU`
#   $(n, 4n)$, `db` $(4n,)$. Raise a `ValueError` when `dH` is not $(N, T, n)$.
# * NumPy only (use the `sigmoid` given above); a loop over the time steps is expected, as in `lstm_forward`.
#
# The checks compare with `autodiff_lstm_gradients` (TensorFlow's `GradientTape` through `keras.layers.LSTM` with
# your weights, float64) to $10^{-6}$: `dW`, `dU` and `db` (4 points), `dX` (4 points), and all four for a loss on
# the last hidden state of a sequence of 15 steps, where the gradient must travel back through every step (2 points).

# %% nbgrader={"grade": false, "grade_id": "lstm_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_backward(X, W, U, b, dH):
    """Backpropagation through time for lstm_forward(X, W, U, b, return_sequences=True) from the zero state.

    Parameters
    ----------
    X : ndarray of shape (N, T, d)
    W : ndarray of shape (d, 4n)
    U : ndarray of shape (n, 4n)
    b : ndarray of shape (4n,)
    dH : ndarray of shape (N, T, n)
        Gradient of the loss with respect to every hidden state h_1 .. h_T, from the layer above.

    Returns
    -------
    dX : ndarray of shape (N, T, d)
    dW : ndarray of shape (d, 4n)
    dU : ndarray of shape (n, 4n)
    db : ndarray of shape (4n,)
    """
    ### BEGIN SOLUTION
    X, W, U, b, dH = (np.asarray(v, dtype=float) for v in (X, W, U, b, dH))
    N, T, _ = X.shape
    n = U.shape[0]
    if dH.shape != (N, T, n):
        raise ValueError(f"dH must have the shape of the hidden states, (N, T, n) = {(N, T, n)}; got {dH.shape}.")
    h, c, steps = np.zeros((N, n)), np.zeros((N, n)), []
    for t in range(T):
        Z = X[:, t] @ W + h @ U + b
        i, f, g, o = sigmoid(Z[:, :n]), sigmoid(Z[:, n:2 * n]), np.tanh(Z[:, 2 * n:3 * n]), sigmoid(Z[:, 3 * n:])
        c_t = f * c + i * g
        steps.append((h, c, i, f, g, o, np.tanh(c_t)))
        h, c = o * np.tanh(c_t), c_t
    dX, dW, dU, db = np.zeros_like(X), np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dh_next, dc_next = np.zeros((N, n)), np.zeros((N, n))
    for t in reversed(range(T)):
        h_prev, c_prev, i, f, g, o, tanh_c = steps[t]
        dh = dH[:, t] + dh_next
        dc = dc_next + dh * o * (1 - tanh_c ** 2)
        dZ = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
                             dh * tanh_c * o * (1 - o)], axis=1)
        dW += X[:, t].T @ dZ
        dU += h_prev.T @ dZ
        db += dZ.sum(axis=0)
        dX[:, t] = dZ @ W.T
        dh_next, dc_next = dZ @ U.T, dc * f
    return dX, dW, dU, db
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "lstm_backward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: 2 sequences of 4 steps, 3 features, 4 units; the largest differences with autodiff should be about 1e-15.
X, W, U, b = random_lstm(N=2, T=4, d=3, n=4, seed=2)
dH = np.random.default_rng(3).normal(size=(2, 4, 4))
for name, got, expected in zip(("dX", "dW", "dU", "db"), lstm_backward(X, W, U, b, dH),
                               autodiff_lstm_gradients(X, W, U, b, dH)):
    print(f"{name}: shape {np.shape(got)}, max |yours - autodiff| = {np.abs(got - expected).max():.1e}")

# %% nbgrader={"grade": true, "grade_id": "lstm_backward_weights", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check lstm_backward's dW, dU and db against autodiff through keras.layers.LSTM"""
HINTS = {"dX": "dx_t = dZ W^T at every step, with dZ the gradient of all four gates' pre-activations.",
         "dW": "dW sums x_t^T dZ over the steps; the gate blocks of dZ are in the order i, f, g, o.",
         "dU": "dU sums h_{t-1}^T dZ over the steps, with the state h_{t-1} *before* step t (zero at t = 1).",
         "db": "db sums dZ over the batch and the steps."}


def check_lstm_backward(names, N, T, d, n, seed, last_step_only=False):
    """Compare the gradients in names (of "dX", "dW", "dU", "db") with autodiff_lstm_gradients."""
    X, W, U, b = random_lstm(N, T, d, n, seed)
    dH = np.random.default_rng(seed + 200).normal(size=(N, T, n))
    if last_step_only:
        dH[:, :-1] = 0.0  # a loss on h_T alone
    result = from_scratch(lstm_backward)(X, W, U, b, dH)
    checks.assert_returns(result, "lstm_backward", (tuple, list))
    assert len(result) == 4, f"lstm_backward should return the tuple (dX, dW, dU, db), got {len(result)} values."
    got = dict(zip(("dX", "dW", "dU", "db"), result))
    expected = dict(zip(("dX", "dW", "dU", "db"), autodiff_lstm_gradients(X, W, U, b, dH)))
    size = f"N={N}, T={T}, d={d}, n={n}" + (", loss on h_T only" if last_step_only else "")
    for name in names:
        checks.assert_array(got[name], f"{name} ({size})", shape=expected[name].shape)
        checks.assert_allclose(got[name], expected[name], f"{name} ({size})", rtol=1e-6, atol=1e-9,
                               hint=HINTS[name] + " Carry dh_next and dc_next from step t + 1 back to step t.")


check_lstm_backward(("dW", "dU", "db"), N=2, T=4, d=3, n=4, seed=0)
### BEGIN HIDDEN TESTS
check_lstm_backward(("dW", "dU", "db"), N=3, T=6, d=2, n=5, seed=1)
check_lstm_backward(("dW", "dU", "db"), N=1, T=1, d=4, n=3, seed=2)
check_lstm_backward(("dW", "dU", "db"), N=4, T=3, d=5, n=1, seed=3)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "lstm_backward_inputs", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check lstm_backward's dX against autodiff through keras.layers.LSTM, and its ValueError for a dH of the wrong shape"""
check_lstm_backward(("dX",), N=2, T=4, d=3, n=4, seed=4)
### BEGIN HIDDEN TESTS
check_lstm_backward(("dX",), N=3, T=7, d=6, n=2, seed=5)
check_lstm_backward(("dX",), N=1, T=2, d=1, n=4, seed=6)
X, W, U, b = random_lstm(N=2, T=4, d=3, n=4, seed=7)
expect_value_error(lstm_backward, "when dH has T - 1 steps", X, W, U, b, np.zeros((2, 3, 4)))
expect_value_error(lstm_backward, "when dH has n + 1 units", X, W, U, b, np.zeros((2, 4, 5)))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "lstm_backward_through_time", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check all of lstm_backward's gradients for a loss on h_T alone after 15 steps: they must reach the first step"""
check_lstm_backward(("dX", "dW", "dU", "db"), N=2, T=15, d=3, n=4, seed=8, last_step_only=True)
### BEGIN HIDDEN TESTS
check_lstm_backward(("dX", "dW", "dU", "db"), N=3, T=25, d=2, n=3, seed=9, last_step_only=True)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: the great-circle loss (6 points)
#
# As in lecture 14, a prediction $z = (z_1, z_2)$ and a target $y = (y_1, y_2)$ are (latitude, longitude) pairs
# **in radians**, and the loss is the great-circle distance between them **in km**, on a sphere of radius
# $R = 6371$ km. The deck's formula $R \arccos \phi$ loses all precision for nearby points (lecture 14); write
# instead the haversine form (Sinnott 1984), with $\delta = z_2 - y_2$:
#
# $$\mathrm{GCD}(y, z) = 2R \arcsin \sqrt{a}, \qquad
#   a = \sin^2\frac{z_1 - y_1}{2} + \cos y_1 \cos z_1 \sin^2 \frac{\delta}{2}.$$
#
# Write `great_circle_loss(y, z)`:
#
# * In: `y`, `z` of the same shape $(\dots, 2)$, the last axis holding (latitude, longitude) in radians. Out: the
#   distances in km, shape $(\dots)$, one per pair (a Keras loss also returns one value per sample).
# * It must be exact to a relative $10^{-6}$ down to points a centimetre apart (hence the haversine form), give
#   exactly 0 for identical points, and never return NaN. Rounding can make $a$ a hair larger than 1 for antipodal
#   points, outside the domain of $\arcsin \sqrt{a}$ (and in Part E of $\sqrt{1 - a}$): clip $a$ to $[0, 1]$.
#   Do **not** add an $\epsilon$ under the square root as lecture 14 did for autodiff's sake: that moves the
#   distance of identical points off 0, and in Part E you treat the singular points by hand instead.
# * Raise a `ValueError` if `y` and `z` have different shapes or their last axis is not 2, and if a latitude of
#   `y` or `z` lies outside $[-\pi/2, \pi/2]$ (the usual cause: degrees passed in; convert them with `np.radians`).
#
# Nothing needs special treatment at the antimeridian: $\sin^2(\delta / 2)$ has period $2\pi$ in $\delta$, so
# longitudes 179.9° and −179.9° are 0.2° apart, as they should be. The checks compare with `great_circle_arccos`
# on random pairs (3 points) and test edge cases (3 points): identical points, points a metre and a centimetre
# apart, the poles, the antimeridian, antipodes.

# %% nbgrader={"grade": false, "grade_id": "great_circle_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def great_circle_loss(y, z):
    """Great-circle distance in km between targets y and predictions z, by the haversine formula.

    Parameters
    ----------
    y, z : ndarray of shape (..., 2)
        (latitude, longitude) in radians.

    Returns
    -------
    ndarray of shape (...)
        Distances in km, in [0, pi R].
    """
    ### BEGIN SOLUTION
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must have the same shape (..., 2), got {y.shape} and {z.shape}.")
    if np.any(np.abs(y[..., 0]) > np.pi / 2) or np.any(np.abs(z[..., 0]) > np.pi / 2):
        raise ValueError("Latitudes must lie in [-pi/2, pi/2] radians; convert degrees with np.radians.")
    a = (np.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "great_circle_loss_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: London - New York is about 5,570 km; then pairs 1 m and 1 cm apart on the equator, and one pair twice.
london, new_york = np.radians([51.5074, -0.1278]), np.radians([40.7128, -74.0060])
one_metre, one_centimetre = np.array([0.0, 1e-3 / R]), np.array([0.0, 1e-5 / R])  # east of (0, 0)
for name, (y, z) in {"London - New York": (london, new_york), "1 m apart": (np.zeros(2), one_metre),
                     "1 cm apart": (np.zeros(2), one_centimetre), "London - London": (london, london)}.items():
    print(f"{name:>17}: yours {float(great_circle_loss(y, z)):.10g} km, "
          f"arccos form {float(great_circle_arccos(y, z)):.10g} km")

# %% nbgrader={"grade": true, "grade_id": "great_circle_values", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check great_circle_loss on two cities and on random pairs against the arccos form, and its output shape"""
loss = from_scratch(great_circle_loss)(london, new_york)
checks.assert_allclose(loss, float(great_circle_arccos(london, new_york)), "great_circle_loss(London, New York)",
                       rtol=1e-9, hint="Angles are in radians and the distance in km: 2 R arcsin(sqrt(a)).")
rng = np.random.default_rng(0)
Y, Z = random_positions(50, rng), random_positions(50, rng)
losses = from_scratch(great_circle_loss)(Y, Z)
checks.assert_array(losses, "great_circle_loss(Y, Z) for Y, Z of shape (50, 2)", shape=(50,))
checks.assert_allclose(losses, great_circle_arccos(Y, Z).numpy(), "great_circle_loss on 50 random pairs", rtol=1e-8,
                       hint="a = sin^2((z1 - y1)/2) + cos(y1) cos(z1) sin^2((z2 - y2)/2), with index 0 the latitude.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(21)
Y, Z = random_positions(12, rng).reshape(3, 4, 2), random_positions(12, rng).reshape(3, 4, 2)
checks.assert_allclose(from_scratch(great_circle_loss)(Y, Z), great_circle_arccos(Y, Z).numpy(),
                       "great_circle_loss on pairs of shape (3, 4, 2)", rtol=1e-8)
checks.assert_allclose(from_scratch(great_circle_loss)(np.radians([[0.0, 0.0]]), np.radians([[0.0, 90.0]])),
                       [R * np.pi / 2], "a quarter of the equator", rtol=1e-9)
expect_value_error(great_circle_loss, "for y and z of different shapes", Y, Z[:2])
expect_value_error(great_circle_loss, "for arrays whose last axis is not 2", Y[..., :1], Z[..., :1])
expect_value_error(great_circle_loss, "for latitudes in degrees (51.5)", np.array([51.5, -0.1]),
                   np.array([40.7, -74.0]))
expect_value_error(great_circle_loss, "for a latitude of 2 rad in y (above pi/2), z valid", np.array([2.0, 0.0]),
                   np.array([0.5, 0.0]))
expect_value_error(great_circle_loss, "for a latitude of -2 rad in z (below -pi/2), y valid", np.array([0.5, 0.0]),
                   np.array([-2.0, 0.0]))
bad_rows = Y.copy()
bad_rows[1, 2, 0] = 1.6  # one latitude just above pi/2 among valid ones
expect_value_error(great_circle_loss, "when one latitude of y among 12 is 1.6 rad", bad_rows, Z)
expect_value_error(great_circle_loss, "when one latitude of z among 12 is 1.6 rad", Y, bad_rows)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "great_circle_edge_cases", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check great_circle_loss at identical points, 1 m apart, at the poles, across the antimeridian and at antipodes"""
def check_loss(y, z, expected_km, name, rtol=1e-6, atol=1e-9, hint=""):
    got = from_scratch(great_circle_loss)(np.array(y, dtype=float), np.array(z, dtype=float))
    assert np.all(np.isfinite(got)), f"great_circle_loss is not finite for {name}: {got}. Clip a to [0, 1]."
    checks.assert_allclose(got, expected_km, f"the distance in km for {name}", rtol=rtol, atol=atol, hint=hint)

check_loss(london, london, 0.0, "identical points", atol=0.0, hint="Identical points are 0 km apart.")
check_loss([0.0, 0.0], one_metre, 1e-3, "points 1 m apart on the equator",
           hint="The arccos form is off by a fraction of a percent here. Use the haversine form.")
check_loss([0.0, 0.0], one_centimetre, 1e-5, "points 1 cm apart on the equator",
           hint="The arccos form gives 0 here: phi rounds to 1. Use the haversine form.")
check_loss([np.pi / 2, 0.3], [np.pi / 2, -2.0], 0.0, "two points at the north pole with other longitudes")
check_loss([np.pi / 2, 0.3], [-np.pi / 2, 1.0], np.pi * R, "north pole - south pole")
check_loss(np.radians([8.0, 1.0]), np.radians([-8.0, -179.0]), np.pi * R, "the antipodes (8, 1) and (-8, -179) degrees",
           hint="Rounding makes a = 1 + 2e-16 here: clip a to [0, 1] before sqrt(a) or sqrt(1 - a).")
antimeridian = np.radians([[10.0, 179.9], [10.0, -179.9]])
check_loss(*antimeridian, float(great_circle_arccos(*antimeridian)), "lon 179.9 vs -179.9 at lat 10 degrees (22 km)",
           rtol=1e-8, hint="Points on either side of the antimeridian are close: use sin^2((z2 - y2)/2), which is "
                           "periodic, rather than the difference of longitudes itself.")
### BEGIN HIDDEN TESTS
check_loss([np.pi / 2, 0.3], [0.5, 1.0], R * (np.pi / 2 - 0.5), "north pole to latitude 0.5 rad")
check_loss([-0.3, 3.1], [-0.3, 3.1 - 2 * np.pi], 0.0, "longitudes 2 pi apart")
rng = np.random.default_rng(31)
Y = random_positions(200, rng)
Z = np.stack([-Y[:, 0], Y[:, 1] + np.pi], axis=1)  # the antipodes: a rounds above 1 for some of them
check_loss(Y, Z, np.full(200, np.pi * R), "200 antipodal pairs", rtol=1e-6,
           hint="Rounding can make a slightly larger than 1: clip it to [0, 1] before the square root.")
Y = random_positions(20, rng) * [0.9, 1.0]  # away from the poles
for angle_km in [1e-3, 1e-1, 10.0]:  # due north by angle_km
    north = Y + [angle_km / R, 0.0]
    check_loss(Y, north, R * (north[:, 0] - Y[:, 0]), f"20 points {angle_km} km due north of their targets")
check_loss(Y, Y, np.zeros(20), "20 identical pairs", atol=0.0)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: the gradient of the loss, by hand (6 points)
#
# Backpropagation needs $\partial\,\mathrm{GCD} / \partial z$. Derive it from the haversine form with the chain
# rule (lecture 14 did it for the arccos form, and left this one as exercise 1):
#
# $$\frac{\partial\,\mathrm{GCD}}{\partial z_k} = \frac{d\,(2R \arcsin \sqrt{a})}{d a}\,\frac{\partial a}{\partial z_k}
#   = \frac{R}{\sqrt{a\,(1 - a)}}\,\frac{\partial a}{\partial z_k}, \qquad k = 1, 2.$$
#
# Work out $\partial a / \partial z_1$ and $\partial a / \partial z_2$ yourself (use $2 \sin u \cos u = \sin 2u$),
# and write `great_circle_gradient(y, z)`:
#
# * In: `y`, `z` of shape $(\dots, 2)$ in radians, as in Part D (clip $a$ to $[0, 1]$ here too). Out: shape
#   $(\dots, 2)$, the gradient of each pair's distance with respect to its own $z$, in **km per radian**
#   (index 0: $\partial / \partial z_1$, latitude; index 1: $\partial / \partial z_2$, longitude).
# * **The convention at the singular points.** The distance is not differentiable where $z = y$: it has a
#   cone-shaped minimum there (autodiff gives NaN, 0/0), and likewise at the antipode, where it has a cone-shaped
#   maximum. There $a\,(1 - a) = 0$ and the factor $R / \sqrt{a(1 - a)}$ is infinite. **Return 0 wherever
#   $a\,(1 - a) = 0$**: 0 belongs to the set of slopes of the cone (its subgradient), no direction is better than
#   another at its tip, and a zero keeps a training step finite. Everywhere else use the formula.
# * Never return NaN or inf. `np.divide(x, s, out=np.zeros_like(s), where=s > 0)` divides only where `s > 0` and
#   leaves 0 elsewhere, without computing 0/0 at all.
#
# The first check compares with `autodiff_gradient(great_circle_arccos, y, z)` on random pairs and with worked
# cases on the equator (a wrong sign or a degree/radian mix-up fails it); the second tests the edge cases:
# identical points (exactly 0), a prediction at a pole (there its longitude does not move it, so
# $\partial / \partial z_2 = 0$), the antimeridian and antipodes (finite, norm at most $R$), and compares with
# autodiff wherever autodiff is finite.

# %% nbgrader={"grade": false, "grade_id": "great_circle_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def great_circle_gradient(y, z):
    """Analytic gradient of the haversine great-circle distance with respect to the prediction z.

    Parameters
    ----------
    y, z : ndarray of shape (..., 2)
        (latitude, longitude) in radians.

    Returns
    -------
    ndarray of shape (..., 2)
        dGCD/dz in km per radian; 0 where a (1 - a) = 0 (identical or antipodal points).
    """
    ### BEGIN SOLUTION
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must have the same shape (..., 2), got {y.shape} and {z.shape}.")
    half_dlat, half_dlon = (z[..., 0] - y[..., 0]) / 2, (z[..., 1] - y[..., 1]) / 2
    cos_y1, cos_z1 = np.cos(y[..., 0]), np.cos(z[..., 0])
    a = np.clip(np.sin(half_dlat) ** 2 + cos_y1 * cos_z1 * np.sin(half_dlon) ** 2, 0.0, 1.0)
    da_dz1 = 0.5 * np.sin(2 * half_dlat) - cos_y1 * np.sin(z[..., 0]) * np.sin(half_dlon) ** 2
    da_dz2 = 0.5 * cos_y1 * cos_z1 * np.sin(2 * half_dlon)
    denominator = np.asarray(np.sqrt(a * (1 - a)))
    factor = np.divide(R, denominator, out=np.zeros_like(denominator), where=denominator > 0)
    return np.stack([factor * da_dz1, factor * da_dz2], axis=-1)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "great_circle_gradient_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: on the equator, 1 degree east of the target the distance grows by R km per radian eastwards: expect [0, R].
equator_y, equator_z = np.zeros(2), np.radians([0.0, 1.0])
print("yours:   ", great_circle_gradient(equator_y, equator_z))
print("autodiff:", autodiff_gradient(great_circle_arccos, equator_y, equator_z))
print("identical points, yours:", great_circle_gradient(london, london),
      "autodiff:", autodiff_gradient(great_circle_arccos, london, london))

# %% nbgrader={"grade": true, "grade_id": "great_circle_gradient_autodiff", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check great_circle_gradient against worked cases on the equator and against autodiff on random pairs"""
def check_gradient(y, z, expected, name, rtol=1e-6, atol=1e-6):
    got = from_scratch(great_circle_gradient)(np.asarray(y, dtype=float), np.asarray(z, dtype=float))
    checks.assert_array(got, f"great_circle_gradient for {name}", shape=np.shape(expected))
    assert np.all(np.isfinite(got)), f"great_circle_gradient is not finite for {name}: {got}."
    checks.assert_allclose(got, expected, f"great_circle_gradient for {name} (km per radian)", rtol=rtol, atol=atol,
                           hint="dGCD/dz_k = R / sqrt(a (1 - a)) * da/dz_k in km per radian. A sign error or a "
                                "factor 180/pi is the usual mistake; index 0 is the latitude.")

check_gradient([0.0, 0.0], [0.0, 0.1], [0.0, R], "z east of y on the equator")
check_gradient([0.0, 0.0], [0.0, -0.1], [0.0, -R], "z west of y on the equator")
check_gradient([0.0, 0.0], [0.1, 0.0], [R, 0.0], "z north of y on the meridian")
rng = np.random.default_rng(1)
Y, Z = random_positions(50, rng), random_positions(50, rng)
check_gradient(Y, Z, autodiff_gradient(great_circle_arccos, Y, Z), "50 random pairs")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(41)
Y, Z = random_positions(24, rng).reshape(2, 12, 2), random_positions(24, rng).reshape(2, 12, 2)
check_gradient(Y, Z, autodiff_gradient(great_circle_arccos, Y, Z), "random pairs of shape (2, 12, 2)")
check_gradient([0.0, 0.0], one_metre, [0.0, R], "z 1 m east of y on the equator")
check_gradient([0.0, 0.0], one_centimetre, [0.0, R], "z 1 cm east of y on the equator")
check_gradient([0.7, 0.2], [0.7 - 1e-3 / R, 0.2], [-R, 0.0], "z 1 m due south of y")
Y = random_positions(30, rng)
Z = Y + rng.normal(scale=1e-8, size=Y.shape)  # a few cm apart, where the arccos form is far off
Z[:, 0] = np.clip(Z[:, 0], -np.pi / 2, np.pi / 2)


def haversine_tf(y, z):
    """The haversine distance in keras.ops, without guards: autodiff is exact wherever 0 < a < 1."""
    a = (ops.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * ops.arcsin(ops.sqrt(a))


check_gradient(Y, Z, autodiff_gradient(haversine_tf, Y, Z), "30 pairs a few cm apart", rtol=1e-6, atol=1e-3)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "great_circle_gradient_edge_cases", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check the gradient at identical points (0), at a pole, across the antimeridian and at antipodes: finite, right"""
check_gradient(london, london, [0.0, 0.0], "identical points (the convention: 0)", atol=0.0)
pole_z = np.array([[np.pi / 2, 0.4], [-np.pi / 2, -2.0]])
pole_y = np.array([[0.3, -1.0], [0.5, 2.5]])
pole_grad = from_scratch(great_circle_gradient)(pole_y, pole_z)
checks.assert_allclose(pole_grad[:, 1], [0.0, 0.0], "dGCD/dz_2 with z at a pole", atol=1e-6,
                       hint="At a pole the longitude does not move the point: the factor cos(z1) makes it 0.")
check_gradient(pole_y, pole_z, autodiff_gradient(great_circle_arccos, pole_y, pole_z), "z at a pole")
antimeridian = np.radians([[10.0, 179.9], [10.0, -179.9]])
assert from_scratch(great_circle_gradient)(*antimeridian)[1] > 0, \
    "z at lon -179.9 is 0.2 degrees east of y at 179.9: moving z further east must increase the distance."
across = autodiff_gradient(great_circle_arccos, antimeridian[0], antimeridian[1])
check_gradient(antimeridian[0], antimeridian[1], across, "lon 179.9 vs -179.9 at lat 10 degrees")
### BEGIN HIDDEN TESTS
def haversine_tf(y, z):
    """The haversine distance in keras.ops (autodiff exact wherever 0 < a < 1)."""
    a = (ops.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * ops.arcsin(ops.sqrt(a))


check_gradient(antimeridian[0], antimeridian[1] + [0.0, 2 * np.pi], across, "lon 179.9 vs 180.1")
check_gradient(np.radians([-20.0, -179.95]), np.radians([-20.1, 179.97]),
               autodiff_gradient(great_circle_arccos, np.radians([-20.0, -179.95]), np.radians([-20.1, 179.97])),
               "lon -179.95 vs 179.97")
rng = np.random.default_rng(51)
Y = random_positions(200, rng)
check_gradient(Y, Y.copy(), np.zeros((200, 2)), "200 identical pairs", atol=0.0)
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from_scratch(great_circle_gradient)(Y, Y.copy())
assert not [w for w in caught if "without 'out'" in str(w.message) or "itialized memory" in str(w.message)], (
    "np.divide(..., where=...) without out= leaves uninitialized memory wherever the condition is False (NumPy "
    "warns so): pass out=np.zeros_like(...), or use np.where.")
Z = np.stack([-Y[:, 0], Y[:, 1] + np.pi], axis=1)  # antipodes
antipode_grad = from_scratch(great_circle_gradient)(Y, Z)
assert np.all(np.isfinite(antipode_grad)), "great_circle_gradient gives NaN or inf at antipodal points: return 0 " \
                                           "where a (1 - a) = 0, after clipping a to [0, 1]."
assert np.all(np.linalg.norm(antipode_grad, axis=-1) <= R * (1 + 1e-6)), \
    "The gradient of a distance has norm at most R; at antipodal points it is far larger."
both_poles = from_scratch(great_circle_gradient)(np.array([[np.pi / 2, 0.3], [-np.pi / 2, 1.0]]),
                                   np.array([[np.pi / 2, -2.0], [-np.pi / 2, 2.9]]))
assert np.all(np.isfinite(both_poles)), f"The gradient is not finite for two points at the same pole: {both_poles}."
assert np.all(np.linalg.norm(both_poles, axis=-1) <= R * (1 + 1e-6)), f"Gradient norm above R at a pole: {both_poles}."
checks.assert_allclose(both_poles[:, 1], [0.0, 0.0], "dGCD/dz_2 for two points at the same pole", atol=1e-6)
Y, Z = random_positions(40, rng), random_positions(40, rng)
Z[:10, 0], Z[10:20, 1] = np.pi / 2, Y[10:20, 1] + 2 * np.pi  # on the pole; longitude wrapped around
reference = autodiff_gradient(haversine_tf, Y, Z)
check_gradient(Y, Z, reference, "40 pairs with z at the pole or wrapped in longitude")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: IMDB sentiment (5 points)
#
# Keras' IMDB data set holds movie reviews labelled positive (1) or negative (0), each encoded as a list of word
# indices (1 = start of review, 2 = a word outside the vocabulary; the 500 most frequent words keep their own
# index). Offline, `course.load_imdb` returns a **stand-in**: 5,000 training and 1,000 test reviews of the Keras set,
# with a vocabulary of 500 words; the line printed below says which copy you have. Every review is cut or padded to
# its last `maxlen = 100` words (`keras.utils.pad_sequences`, zeros in front), so the input is an integer array of
# shape $(N, 100)$. In fast mode at most the first 5,000 training reviews are used.

# %% nbgrader={"grade": false, "grade_id": "imdb_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
vocab_size, maxlen = 500, 100
(x_train_lists, y_train), (x_test_lists, y_test) = course.load_imdb(num_words=vocab_size)
num_train = course.pick(full=len(y_train), fast=min(len(y_train), 5000))
x_train = keras.utils.pad_sequences(x_train_lists[:num_train], maxlen=maxlen)
x_test = keras.utils.pad_sequences(x_test_lists, maxlen=maxlen)
y_train, y_test = np.asarray(y_train[:num_train], dtype="float32"), np.asarray(y_test, dtype="float32")
print("data:", course.dataset_info("imdb"))
print(f"x_train {x_train.shape}, x_test {x_test.shape}; positive reviews: {y_train.mean():.0%} of the training set")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_model_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Write `build_model(vocab_size=500, maxlen=100)` returning a **compiled** Keras model that maps an integer array
# $(N, \text{maxlen})$ of word indices below `vocab_size` to the probability $(N, 1)$ that each review is positive.
# The architecture is yours. A good start: `keras.Input(shape=(maxlen,))`, `layers.Embedding(vocab_size, 16)`,
# `layers.LSTM(16, return_sequences=True)`, `layers.GlobalAveragePooling1D()` (the mean of all hidden states
# $h_1, \dots, h_T$ reads the whole review, not only its end) and `layers.Dense(1, activation="sigmoid")`. Compile it
# with `loss="binary_crossentropy"`, `metrics=["accuracy"]`, an optimizer of your choice (Adam with a learning rate
# of $3 \cdot 10^{-3}$ works) and `jit_compile=False` (faster to start on a CPU).
#
# * At most 100,000 parameters: the notebook trains your model for a fixed budget of **8 epochs** (4 in fast mode)
#   with mini-batches of 64, after `keras.utils.set_random_seed(0)`, so that the grade does not depend on luck.
# * The first check (1 point) reads the model's input and output shapes, its outputs (in $[0, 1]$), that it is
#   compiled, its parameter count, and tries other `vocab_size` and `maxlen`.
# * The second (4 points) expects a **test accuracy of at least 0.70**, on the offline stand-in as on the full data
#   set, in fast mode as in full mode. The reference solution clears it with a wide margin; chance is about 0.5.

# %% nbgrader={"grade": false, "grade_id": "build_model", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_model(vocab_size=500, maxlen=100):
    """A compiled binary classifier of padded word-index sequences.

    Parameters
    ----------
    vocab_size : int
        Word indices are in [0, vocab_size).
    maxlen : int
        Length of every (padded) review.

    Returns
    -------
    keras.Model
        Input (None, maxlen) integers, output (None, 1) probabilities; compiled with binary cross-entropy and the
        accuracy metric; at most 100,000 parameters.
    """
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=(maxlen,)),
        layers.Embedding(vocab_size, 16),
        layers.LSTM(16, return_sequences=True),
        layers.GlobalAveragePooling1D(),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="binary_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "build_model_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
build_model().summary()

# %% nbgrader={"grade": true, "grade_id": "imdb_model_spec", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check the model's input and output shapes, that its outputs are probabilities, it is compiled, and its size"""
def check_model_spec(vocab_size, maxlen):
    keras.utils.set_random_seed(0)
    candidate = build_model(vocab_size=vocab_size, maxlen=maxlen)
    checks.assert_returns(candidate, f"build_model({vocab_size}, {maxlen})", keras.Model)
    checks.assert_equal(tuple(candidate.input_shape), (None, maxlen), "the model's input_shape",
                        hint="Start with keras.Input(shape=(maxlen,)) and use the maxlen argument.")
    checks.assert_equal(tuple(candidate.output_shape), (None, 1), "the model's output_shape",
                        hint="End with layers.Dense(1, activation='sigmoid'): one probability per review.")
    assert getattr(candidate, "optimizer", None) is not None, "Compile the model before returning it."
    assert candidate.count_params() <= 100_000, \
        f"The model has {candidate.count_params():,} parameters; keep to 100,000."
    words = np.random.default_rng(0).integers(0, vocab_size, size=(4, maxlen))
    words[:, -1] = vocab_size - 1  # the largest index must be valid
    probabilities = ops.convert_to_numpy(candidate(words))
    assert np.all((probabilities >= 0) & (probabilities <= 1)), \
        f"The outputs should be probabilities in [0, 1], got {probabilities.ravel()}: use a sigmoid output."

check_model_spec(vocab_size=500, maxlen=100)
### BEGIN HIDDEN TESTS
check_model_spec(vocab_size=1000, maxlen=40)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "imdb_train_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below trains your model with the fixed budget and prints its accuracy on the test reviews; the check
# after it uses the model trained here.

# %% nbgrader={"grade": false, "grade_id": "imdb_train", "locked": true, "schema_version": 3, "solution": false, "task": false}
num_epochs = course.pick(full=8, fast=4)
keras.utils.set_random_seed(0)
model = build_model(vocab_size, maxlen)
start = time.perf_counter()
history = model.fit(x_train, y_train, epochs=num_epochs, batch_size=64, verbose=course.pick(full="auto", fast=0))
test_accuracy = float(np.mean((ops.convert_to_numpy(model.predict(x_test, verbose=0))[:, 0] > 0.5) == y_test))
print(f"{num_epochs} epochs in {time.perf_counter() - start:.0f} s; training accuracy "
      f"{history.history['accuracy'][-1]:.3f}, test accuracy {test_accuracy:.3f} on {len(y_test):,} test reviews "
      f"({course.dataset_info('imdb')})")

# %% nbgrader={"grade": true, "grade_id": "imdb_test_accuracy", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check that the model trained above reaches a test accuracy of at least 0.70"""
probabilities = ops.convert_to_numpy(model.predict(x_test, verbose=0))
checks.assert_shape(probabilities, (len(y_test), 1), "model.predict(x_test)")
accuracy = float(np.mean((probabilities[:, 0] > 0.5) == y_test))
assert accuracy >= 0.70, (f"Test accuracy {accuracy:.3f} is below 0.70 ({course.dataset_info('imdb')}): check the "
                          "sigmoid output and the binary cross-entropy loss, and try an Embedding followed by an LSTM.")
