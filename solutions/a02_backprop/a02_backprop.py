# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 02: backpropagation, from scratch in NumPy
#
# You will write the forward and backward passes of a dense layer, of the sigmoid and ReLU activations and of the
# softmax cross-entropy loss, check every gradient numerically, assemble them into a two-layer network, write the
# update of stochastic gradient descent with momentum and L2 weight decay, and train the network on scikit-learn's
# 8x8 digits to at least 95 % test accuracy. Then you take the step the lectures do not: the backward pass of batch
# normalization (Ioffe and Szegedy, 2015), a layer whose outputs each depend on the whole batch, checked against
# numerical gradients. Every layer is a pair of functions, as in Stanford's CS231n assignments: `*_forward` returns
# the output and a *cache*, `*_backward` takes the upstream gradient and that cache.
#
# **Prerequisites:** lectures 02 (backpropagation) and 03 (activations and losses). **Points:** 36, in eight parts.
#
# Sources: D. Rumelhart, G. Hinton and R. Williams, "Learning representations by back-propagating errors" (1986);
# M. Nielsen, *Neural Networks and Deep Learning*, chapters 2 and 3; B. Polyak, "Some methods of speeding up the
# convergence of iteration methods" (1964) for momentum; S. Ioffe and C. Szegedy, "Batch normalization:
# accelerating deep network training by reducing internal covariate shift" (2015); Stanford CS231n, assignments 1
# and 2.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Use NumPy only, and no Python loop over samples: every function works on a whole batch at once. The checks call
#   your functions through `checks.from_scratch`, which fails a function that calls Keras, TensorFlow, scikit-learn
#   or SciPy, directly or through another function, or that changes an input array in place.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split

import course
from course import checks

course.setup(quiet=True, keras=False)  # NumPy only: TensorFlow is not imported


def part_c_functions(z, dout):
    """Run every function of Part C once, forward then backward (the checks run it through checks.from_scratch)."""
    return [backward(dout, forward(z)[1]) for forward, backward in [(sigmoid_forward, sigmoid_backward),
                                                                    (relu_forward, relu_backward)]]


def dense_cache(X, W, b):
    """The cache that Part B's checks hand to your dense_backward: your dense_forward's, since its layout is yours to
    choose; if your dense_forward raises, the cache (X, W) that Part A suggests, so that Part A's mistake is not
    charged again in Part B."""
    try:
        return dense_forward(X, W, b)[1]
    except Exception:
        return (X, W)


def assert_gradient(analytic, f, x, name, hint=""):
    """Fail unless ``analytic`` matches the numerical gradient of the scalar ``f`` at ``x`` (relative error < 1e-7).

    ``x`` is changed in place (and restored) by ``course.gradcheck``: ``f`` must read the array ``x`` itself.
    """
    checks.assert_array(analytic, name, shape=x.shape)
    error = course.gradcheck(f, analytic, x)
    if not error < 1e-7:
        numerical = course.numerical_gradient(f, x)
        difference = np.abs(analytic - numerical)
        difference[np.isnan(difference)] = np.inf
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(difference), x.shape))
        raise AssertionError(f"{name} is wrong: relative error {error:.1e} against the numerical gradient (a correct "
                             f"gradient gives below 1e-7); at index {worst} expected {numerical[worst]:.6g}, got "
                             f"{analytic[worst]:.6g}. {hint}".strip())


# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: the dense layer, forward (3 points)
#
# A dense (fully connected) layer maps a batch of $N$ inputs with $D$ features to $M$ outputs:
#
# $$\text{out} = X W + b, \qquad X \in \mathbb{R}^{N \times D},\ W \in \mathbb{R}^{D \times M},\ b \in \mathbb{R}^{M}.$$
#
# The bias row $b$ is added to every row of $XW$ (NumPy broadcasting does this).
#
# * In: `X` `(N, D)`, `W` `(D, M)`, `b` `(M,)`. Out: the tuple `(out, cache)`, `out` of shape `(N, M)`.
# * `cache` holds whatever `dense_backward` in Part B will need (for example the tuple `(X, W)`).
# * The given lines raise a `ValueError` when the shapes do not fit; keep them.
#
# The check compares `out` with a worked example and with random inputs of other shapes.

# %% nbgrader={"grade": false, "grade_id": "dense_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_forward(X, W, b):
    """Forward pass of a dense layer, out = X W + b.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        A batch of N inputs with D features.
    W : ndarray of shape (D, M)
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, M)
    cache : tuple
        What dense_backward needs, e.g. (X, W).
    """
    if np.ndim(X) != 2 or np.ndim(W) != 2 or np.shape(X)[1] != np.shape(W)[0] or np.shape(b) != np.shape(W)[1:]:
        raise ValueError(f"dense_forward needs X of shape (N, D), W of shape (D, M) and b of shape (M,); got "
                         f"{np.shape(X)}, {np.shape(W)} and {np.shape(b)}.")
    ### BEGIN SOLUTION
    out = X @ W + b
    cache = (X, W)
    return out, cache
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "dense_forward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect [[ 1.5 -1.   2. ], [ 3.5  0.   2. ]]
X_try = np.array([[1.0, 2.0], [3.0, 4.0]])
W_try = np.array([[1.0, 0.0, -1.0], [0.0, 0.5, 1.0]])
b_try = np.array([0.5, -2.0, 1.0])
out_try, _ = dense_forward(X_try, W_try, b_try)
print(out_try)

# %% nbgrader={"grade": true, "grade_id": "dense_forward_values", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check that dense_forward returns (out, cache) with out = X W + b of shape (N, M)"""
result = checks.from_scratch(dense_forward)(X_try, W_try, b_try)
checks.assert_returns(result, "dense_forward", tuple)
assert len(result) == 2, f"dense_forward should return the pair (out, cache), got a tuple of {len(result)} items."
checks.assert_array(result[0], "out of dense_forward", shape=(2, 3))
checks.assert_allclose(result[0], [[1.5, -1.0, 2.0], [3.5, 0.0, 2.0]], "out of dense_forward",
                       hint="out = X @ W + b: a matrix product, not X * W, and b added to every row.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(21)
X, W, b = rng.normal(size=(7, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
checks.assert_array(checks.from_scratch(dense_forward)(X, W, b)[0], "out of dense_forward for N=7, D=5, M=3", shape=(7, 3))
checks.assert_allclose(dense_forward(X, W, b)[0], X @ W + b, "out of dense_forward for N=7, D=5, M=3")
checks.assert_allclose(dense_forward(X[:1], W, b)[0], X[:1] @ W + b, "out of dense_forward for a single sample")
checks.assert_allclose(dense_forward(X, W[:, :1], b[:1])[0], X @ W[:, :1] + b[:1], "out of dense_forward for M=1")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: the dense layer, backward (5 points)
#
# Backpropagation hands each layer the gradient of the loss $L$ with respect to its output,
# `dout` $= \partial L / \partial\,\text{out}$, of shape `(N, M)`. By the chain rule the layer returns
#
# $$\frac{\partial L}{\partial X} = \text{dout}\; W^{\top}, \qquad
# \frac{\partial L}{\partial W} = X^{\top}\, \text{dout}, \qquad
# \frac{\partial L}{\partial b} = \sum_{n=1}^{N} \text{dout}_{n,:}.$$
#
# A gradient always has the shape of the variable it is taken with respect to: a quick check of your formulas.
#
# * In: `dout` `(N, M)` and the `cache` from `dense_forward`. Out: the tuple `(dX, dW, db)` of shapes `(N, D)`,
#   `(D, M)` and `(M,)`.
#
# **Gradient check.** For $L = \sum_{n,m} \text{out}_{nm}\, \text{dout}_{nm}$ we have
# $\partial L / \partial\,\text{out} = $ `dout`, so `dense_backward(dout, cache)` must return exactly the gradient
# of this scalar. `course.gradcheck(f, analytic, x)` compares an analytic gradient with centred differences
# $(f(x + h) - f(x - h)) / 2h$ and returns the largest relative error; in float64 a correct gradient gives less
# than $10^{-7}$. The check computes the relative error of each of `dX`, `dW` and `db` this way (the helper
# `assert_gradient` defined at the top does it, and names the gradient that is wrong), on shapes where
# $N$, $D$ and $M$ differ, so that a transposed matrix cannot go unnoticed.
#
# The checks hand your `dense_backward` the cache that your `dense_forward` returns, since what it holds is your
# choice; if your `dense_forward` raises an error, they use the cache `(X, W)` suggested in Part A instead, so that a
# mistake in Part A costs no points here as long as your `dense_backward` reads that layout.

# %% nbgrader={"grade": false, "grade_id": "dense_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dense_backward(dout, cache):
    """Backward pass of a dense layer.

    Parameters
    ----------
    dout : ndarray of shape (N, M)
        Gradient of the loss with respect to the layer's output.
    cache : tuple
        The cache returned by dense_forward.

    Returns
    -------
    dX : ndarray of shape (N, D)
    dW : ndarray of shape (D, M)
    db : ndarray of shape (M,)
    """
    ### BEGIN SOLUTION
    X, W = cache
    dX = dout @ W.T
    dW = X.T @ dout
    db = dout.sum(axis=0)
    return dX, dW, db
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "dense_backward_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the relative errors of your three gradients on a random layer, each should be below 1e-7.
rng = np.random.default_rng(2)
X_try, W_try, b_try = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
dout_try = rng.normal(size=(4, 2))
dX_try, dW_try, db_try = dense_backward(dout_try, dense_forward(X_try, W_try, b_try)[1])
print("dX:", course.gradcheck(lambda X_: np.sum(dense_forward(X_, W_try, b_try)[0] * dout_try), dX_try, X_try))
print("dW:", course.gradcheck(lambda W_: np.sum(dense_forward(X_try, W_, b_try)[0] * dout_try), dW_try, W_try))
print("db:", course.gradcheck(lambda b_: np.sum(dense_forward(X_try, W_try, b_)[0] * dout_try), db_try, b_try))

# %% nbgrader={"grade": true, "grade_id": "dense_backward_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that dense_backward returns (dX, dW, db) with the shapes of X, W and b and the values of the formulas"""
result = checks.from_scratch(dense_backward)(dout_try, dense_cache(X_try, W_try, b_try))
checks.assert_returns(result, "dense_backward", tuple)
assert len(result) == 3, f"dense_backward should return (dX, dW, db), got a tuple of {len(result)} items."
dX, dW, db = result
checks.assert_array(dX, "dX of dense_backward", shape=(4, 3))
checks.assert_array(dW, "dW of dense_backward", shape=(3, 2))
checks.assert_array(db, "db of dense_backward", shape=(2,))
checks.assert_allclose(dX, dout_try @ W_try.T, "dX of dense_backward", hint="dX = dout @ W.T")
checks.assert_allclose(dW, X_try.T @ dout_try, "dW of dense_backward", hint="dW = X.T @ dout")
checks.assert_allclose(db, dout_try.sum(axis=0), "db of dense_backward", hint="db sums dout over the batch (axis 0).")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(22)
X, W, b, dout = rng.normal(size=(6, 5)), rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=(6, 3))
dX, dW, db = dense_backward(dout, dense_cache(X, W, b))
checks.assert_allclose(dX, dout @ W.T, "dX of dense_backward for N=6, D=5, M=3")
checks.assert_allclose(dW, X.T @ dout, "dW of dense_backward for N=6, D=5, M=3")
checks.assert_allclose(db, dout.sum(axis=0), "db of dense_backward for N=6, D=5, M=3")
dX, dW, db = dense_backward(dout[:1], dense_cache(X[:1], W, b))
checks.assert_allclose(db, dout[0], "db of dense_backward for a single sample", hint="Sum over axis 0 only.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "dense_backward_gradcheck", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check dX, dW and db of dense_backward against numerical gradients (relative error below 1e-7)"""
rng = np.random.default_rng(3)
X, W, b, dout = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(5, 3))
dX, dW, db = checks.from_scratch(dense_backward)(dout, dense_cache(X, W, b))
assert_gradient(dX, lambda X_: np.sum((X_ @ W + b) * dout), X, "dX of dense_backward")
assert_gradient(dW, lambda W_: np.sum((X @ W_ + b) * dout), W, "dW of dense_backward")
assert_gradient(db, lambda b_: np.sum((X @ W + b_) * dout), b, "db of dense_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(31)
X, W, b, dout = rng.normal(size=(3, 6)), rng.normal(size=(6, 2)), rng.normal(size=2), rng.normal(size=(3, 2))
dX, dW, db = dense_backward(dout, dense_cache(X, W, b))
assert_gradient(dX, lambda X_: np.sum((X_ @ W + b) * dout), X, "dX of dense_backward for N=3, D=6, M=2")
assert_gradient(dW, lambda W_: np.sum((X @ W_ + b) * dout), W, "dW of dense_backward for N=3, D=6, M=2")
assert_gradient(db, lambda b_: np.sum((X @ W + b_) * dout), b, "db of dense_backward for N=3, D=6, M=2")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: sigmoid and ReLU, forward and backward (4 points)
#
# An activation acts element-wise, so its backward pass multiplies the upstream gradient element-wise by the
# derivative (lecture 03):
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}},\quad \frac{\partial L}{\partial z} = \text{dout} \odot \sigma(z)\,(1 - \sigma(z));
# \qquad \mathrm{relu}(z) = \max(0, z),\quad \frac{\partial L}{\partial z} = \text{dout} \odot [z > 0].$$
#
# * `sigmoid_forward(z)` and `relu_forward(z)`: in `z` of any shape; out the tuple `(out, cache)`, `out` of the
#   shape of `z`. `sigmoid_forward` must not overflow: `sigmoid_forward(np.array([-1000.0]))` returns 0 with no
#   warning (use the trick of Assignment 01: take `exp` of non-positive numbers only).
# * `sigmoid_backward(dout, cache)` and `relu_backward(dout, cache)`: out `dz` of the shape of `dout`.
#   Choose the caches: the sigmoid's backward is cheapest from $\sigma(z)$ itself, ReLU's needs $z$ (or the mask).
#   At $z = 0$ take the ReLU derivative as 0.
#
# The checks compare the outputs with the formulas, test the overflow, and gradient-check both backward passes on
# inputs that stay away from ReLU's kink at 0.

# %% nbgrader={"grade": false, "grade_id": "activations", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid_forward(z):
    """Logistic sigmoid, element-wise and without overflow.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    out : ndarray of the shape of z, values in [0, 1]
    cache : object
        What sigmoid_backward needs.
    """
    ### BEGIN SOLUTION
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out, out
    ### END SOLUTION


def sigmoid_backward(dout, cache):
    """Backward pass of the sigmoid.

    Parameters
    ----------
    dout : ndarray, the shape of z
        Gradient of the loss with respect to the sigmoid's output.
    cache : object
        The cache returned by sigmoid_forward.

    Returns
    -------
    dz : ndarray, the shape of dout
    """
    ### BEGIN SOLUTION
    out = cache
    return dout * out * (1.0 - out)
    ### END SOLUTION


def relu_forward(z):
    """Rectified linear unit, max(0, z) element-wise.

    Parameters
    ----------
    z : ndarray of any shape

    Returns
    -------
    out : ndarray of the shape of z
    cache : object
        What relu_backward needs.
    """
    ### BEGIN SOLUTION
    return np.maximum(z, 0.0), z
    ### END SOLUTION


def relu_backward(dout, cache):
    """Backward pass of ReLU (derivative 1 where z > 0, else 0).

    Parameters
    ----------
    dout : ndarray, the shape of z
    cache : object
        The cache returned by relu_forward.

    Returns
    -------
    dz : ndarray, the shape of dout
    """
    ### BEGIN SOLUTION
    z = cache
    return dout * (z > 0)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "activations_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect sigmoid [0.119 0.5 0.881] with dz [0.105 0.25 0.105], relu [0. 0. 2.] with dz [0. 0. 1.]
z_try = np.array([-2.0, 0.0, 2.0])
out_try, cache_try = sigmoid_forward(z_try)
print("sigmoid:", out_try, "dz:", sigmoid_backward(np.ones(3), cache_try))
out_try, cache_try = relu_forward(z_try)
print("relu:   ", out_try, "dz:", relu_backward(np.ones(3), cache_try))

# %% nbgrader={"grade": true, "grade_id": "activations_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check sigmoid_forward and relu_forward: (out, cache) pairs, values, shapes, and no overflow at -1000"""
z = np.array([[-3.0, -0.5, 0.0], [0.5, 3.0, 40.0]])
checks.from_scratch(part_c_functions)(z.copy(), np.ones_like(z))
for name, forward, expected in [("sigmoid_forward", sigmoid_forward, 1 / (1 + np.exp(-z))),
                                ("relu_forward", relu_forward, np.maximum(z, 0))]:
    z_given = z.copy()
    result = checks.from_scratch(forward)(z)
    checks.assert_allclose(z, z_given, f"the z you gave {name}", hint="Do not change z in place (z[z < 0] = 0 or "
                           "np.maximum(z, 0, out=z)): the caller still needs it. Compute a new array.")
    checks.assert_returns(result, name, tuple)
    assert len(result) == 2, f"{name} should return the pair (out, cache), got a tuple of {len(result)} items."
    checks.assert_array(result[0], f"out of {name}", shape=z.shape)
    checks.assert_allclose(result[0], expected, f"out of {name}")
with warnings.catch_warnings():
    warnings.filterwarnings("error", category=RuntimeWarning)  # NumPy's overflow warning becomes an error here
    try:
        extreme = sigmoid_forward(np.array([-1000.0, 1000.0]))[0]
    except (RuntimeWarning, FloatingPointError) as warning:
        raise AssertionError(f"sigmoid_forward overflowed ({warning}): take exp of non-positive numbers "
                             "only.") from None
checks.assert_allclose(extreme, [0.0, 1.0], "out of sigmoid_forward at -1000 and 1000")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(31)
z = rng.normal(scale=4, size=(3, 4, 2))
checks.assert_allclose(sigmoid_forward(z)[0], 1 / (1 + np.exp(-z)), "out of sigmoid_forward on a (3, 4, 2) array")
checks.assert_allclose(relu_forward(z)[0], np.maximum(z, 0), "out of relu_forward on a (3, 4, 2) array")
checks.assert_allclose(relu_forward(-np.abs(z))[0], np.zeros_like(z), "out of relu_forward on negative inputs")
for name, forward in [("sigmoid_forward", sigmoid_forward), ("relu_forward", relu_forward)]:
    z_given = z.copy()
    forward(z)
    checks.assert_allclose(z, z_given, f"the (3, 4, 2) array z given to {name}", hint="Do not change z in place.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "activations_backward_gradcheck", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check dz of sigmoid_backward and relu_backward against the formulas and numerical gradients"""
rng = np.random.default_rng(4)
z = rng.normal(size=(4, 3))
z = z + 0.1 * np.sign(z)  # keep away from ReLU's kink at 0
dout = rng.normal(size=(4, 3))
checks.from_scratch(part_c_functions)(z.copy(), dout)
s = 1 / (1 + np.exp(-z))
checks.assert_allclose(checks.from_scratch(sigmoid_backward)(dout, sigmoid_forward(z)[1]), dout * s * (1 - s),
                       "dz of sigmoid_backward",
                       hint="dz = dout * s * (1 - s) with s = sigmoid(z): multiply by dout.")
checks.assert_allclose(checks.from_scratch(relu_backward)(dout, relu_forward(z)[1]), dout * (z > 0), "dz of relu_backward",
                       hint="dz = dout where z > 0 and 0 elsewhere.")
assert_gradient(sigmoid_backward(dout, sigmoid_forward(z)[1]), lambda z_: np.sum(sigmoid_forward(z_)[0] * dout), z,
                "dz of sigmoid_backward")
assert_gradient(relu_backward(dout, relu_forward(z)[1]), lambda z_: np.sum(relu_forward(z_)[0] * dout), z,
                "dz of relu_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(33)
z = rng.normal(scale=1.5, size=(2, 3, 4))
z = z + 0.1 * np.sign(z)
dout = rng.normal(size=z.shape)
assert_gradient(sigmoid_backward(dout, sigmoid_forward(z)[1]), lambda z_: np.sum(sigmoid_forward(z_)[0] * dout), z,
                "dz of sigmoid_backward on a (2, 3, 4) array")
assert_gradient(relu_backward(dout, relu_forward(z)[1]), lambda z_: np.sum(relu_forward(z_)[0] * dout), z,
                "dz of relu_backward on a (2, 3, 4) array")
checks.assert_allclose(relu_backward(np.ones(3), relu_forward(np.array([-1.0, 0.0, 1.0]))[1]), [0.0, 0.0, 1.0],
                       "dz of relu_backward at z = -1, 0, 1", hint="Take the derivative at z = 0 as 0: use z > 0.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: softmax cross-entropy, loss and gradient (5 points)
#
# For scores $z \in \mathbb{R}^{N \times C}$ (one row of $C$ class scores per sample) and integer labels
# $y \in \{0, \dots, C - 1\}^N$, softmax gives $p_{nc} = e^{z_{nc}} / \sum_k e^{z_{nk}}$ and the loss is the mean
# negative log-likelihood of the right classes, with gradient (lecture 03)
#
# $$L = -\frac{1}{N} \sum_{n=1}^{N} \log p_{n, y_n}, \qquad \frac{\partial L}{\partial z} = \frac{p - Y}{N},$$
#
# where $Y$ is the one-hot matrix of the labels ($Y_{nc} = 1$ if $c = y_n$, else 0).
#
# **Numerical stability.** $e^{1000}$ overflows. Softmax does not change when a constant is subtracted from a row,
# so first set $s = z - \max_c z$ (row by row: `keepdims=True`), then work with log-probabilities
# $\log p_{nc} = s_{nc} - \log \sum_k e^{s_{nk}}$. Do not compute `np.log(p)`: $p$ can round to 0 and give
# `-inf`. With scores `[[0, 1000]]` and label 0 the loss is 1000.
#
# * In: `scores` `(N, C)`, `y` `(N,)` of integers. Out: the tuple `(loss, dscores)`: `loss` a Python `float`
#   (averaged over the batch), `dscores` of shape `(N, C)`. No loop over samples: `p[np.arange(N), y]` picks the
#   probability of the right class in every row.
#
# The checks test worked examples ($C$ equal scores give $\log C$), scores of $\pm 1000$ without warnings, and
# gradient-check `dscores`.

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_cross_entropy(scores, y):
    """Mean softmax cross-entropy loss of a batch and its gradient with respect to the scores.

    Parameters
    ----------
    scores : ndarray of shape (N, C)
        Class scores (logits), one row per sample.
    y : ndarray of shape (N,), integers in 0 .. C - 1
        The right class of every sample.

    Returns
    -------
    loss : float
        The loss averaged over the N samples.
    dscores : ndarray of shape (N, C)
        Gradient of the loss with respect to the scores, (softmax(scores) - onehot(y)) / N.
    """
    if np.ndim(scores) != 2 or np.shape(y) != np.shape(scores)[:1]:
        raise ValueError(f"scores must have shape (N, C) and y shape (N,); got {np.shape(scores)} and {np.shape(y)}.")
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.min(y) < 0 or np.max(y) >= np.shape(scores)[1]:
        raise ValueError(f"y must hold integer class labels from 0 to {np.shape(scores)[1] - 1}.")
    ### BEGIN SOLUTION
    N = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(N), y].mean()
    dscores = np.exp(log_p)
    dscores[np.arange(N), y] -= 1.0
    return float(loss), dscores / N
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "softmax_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: three equal scores give loss log(3) = 1.0986 and dscores [[1/3 - 1, 1/3, 1/3]] = [[-0.667 0.333 0.333]]
print(softmax_cross_entropy(np.zeros((1, 3)), np.array([0])))

# %% nbgrader={"grade": true, "grade_id": "softmax_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check the loss and dscores of softmax_cross_entropy on worked examples, and the averaging over the batch"""
result = checks.from_scratch(softmax_cross_entropy)(np.zeros((2, 4)), np.array([0, 3]))
checks.assert_returns(result, "softmax_cross_entropy", tuple)
assert len(result) == 2, f"softmax_cross_entropy should return (loss, dscores), got a tuple of {len(result)} items."
loss, dscores = result
checks.assert_returns(loss, "the loss of softmax_cross_entropy", float)
checks.assert_allclose(loss, np.log(4), "the loss for 4 equal scores", hint="Average over the batch, do not sum.")
checks.assert_array(dscores, "dscores", shape=(2, 4))
checks.assert_allclose(dscores, [[-0.375, 0.125, 0.125, 0.125], [0.125, 0.125, 0.125, -0.375]],
                       "dscores for 4 equal scores and labels [0, 3]", hint="dscores = (p - onehot(y)) / N.")
scores = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
checks.assert_allclose(softmax_cross_entropy(scores, np.array([0, 2]))[0], -np.mean(np.log(p[[0, 1], [0, 2]])),
                       "the loss for scores [[2, 1, 0.1], [0.5, 2.5, 0.3]] and labels [0, 2]")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(41)
scores, y = rng.normal(scale=3, size=(9, 5)), rng.integers(0, 5, size=9)
p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
onehot = np.eye(5)[y]
loss, dscores = softmax_cross_entropy(scores, y)
checks.assert_allclose(loss, -np.mean(np.log(p[np.arange(9), y])), "the loss for N=9, C=5")
checks.assert_allclose(dscores, (p - onehot) / 9, "dscores for N=9, C=5", hint="dscores = (p - onehot(y)) / N.")
loss, dscores = softmax_cross_entropy(scores[:1], y[:1])
checks.assert_allclose(dscores, p[:1] - onehot[:1], "dscores for a single sample")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "softmax_stable", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that softmax_cross_entropy gives finite, right answers for scores of +-1000 without warnings"""
with warnings.catch_warnings():
    warnings.filterwarnings("error", category=RuntimeWarning)  # NumPy's overflow, log(0) and 0/0 warnings: errors
    try:
        loss_right, dscores = checks.from_scratch(softmax_cross_entropy)(np.array([[1000.0, 0.0, -1000.0]]), np.array([0]))
        loss_wrong, _ = softmax_cross_entropy(np.array([[0.0, 1000.0]]), np.array([0]))
    except (RuntimeWarning, FloatingPointError) as warning:
        raise AssertionError(f"softmax_cross_entropy is not numerically stable ({warning}): subtract the row maximum "
                             "and use log-probabilities s - log(sum(exp(s))).") from None
checks.assert_allclose(loss_right, 0.0, "the loss when the right class scores 1000 more", atol=1e-12)
checks.assert_allclose(dscores, [[0.0, 0.0, 0.0]], "dscores when the right class scores 1000 more", atol=1e-12)
checks.assert_allclose(loss_wrong, 1000.0, "the loss for scores [[0, 1000]] and label 0",
                       hint="Compute log p = s - log(sum(exp(s))) rather than log(p): p rounds to 0 here.")
### BEGIN HIDDEN TESTS
with warnings.catch_warnings():
    warnings.filterwarnings("error", category=RuntimeWarning)
    loss, dscores = softmax_cross_entropy(np.array([[-800.0, -805.0], [900.0, 900.0]]), np.array([1, 0]))
p = 1 / (1 + np.exp(5.0))
checks.assert_allclose(loss, (-np.log(p) + np.log(2)) / 2, "the loss for scores [[-800, -805], [900, 900]]")
checks.assert_allclose(dscores, [[(1 - p) / 2, (p - 1) / 2], [-0.25, 0.25]], "dscores for scores of -800 and 900")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "softmax_gradcheck", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check dscores of softmax_cross_entropy against the numerical gradient of its loss (relative error below 1e-7)"""
rng = np.random.default_rng(11)
scores, y = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
assert_gradient(checks.from_scratch(softmax_cross_entropy)(scores, y)[1], lambda s_: softmax_cross_entropy(s_, y)[0], scores,
                "dscores of softmax_cross_entropy", hint="dscores = (p - onehot(y)) / N, with the same N as the loss.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(117)
scores, y = rng.normal(size=(6, 5)), rng.integers(0, 5, size=6)
assert_gradient(softmax_cross_entropy(scores, y)[1], lambda s_: softmax_cross_entropy(s_, y)[0], scores,
                "dscores of softmax_cross_entropy for N=6, C=5")
scores, y = rng.normal(size=(3, 2)), np.array([1, 1, 0])
assert_gradient(softmax_cross_entropy(scores, y)[1], lambda s_: softmax_cross_entropy(s_, y)[0], scores,
                "dscores of softmax_cross_entropy for N=3, C=2")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: a two-layer network, loss and gradients (5 points)
#
# Chain your layers into the network dense, ReLU, dense, softmax cross-entropy:
#
# $$z_1 = X W_1 + b_1, \quad h = \mathrm{relu}(z_1), \quad \text{scores} = h W_2 + b_2, \quad
# L = \text{softmax cross-entropy}(\text{scores}, y).$$
#
# The forward pass keeps the caches; the backward pass calls the backward functions in reverse order, each
# receiving the gradient the next one returned: `dscores`, then `dense_backward` gives `dh` (and `dW2`, `db2`),
# `relu_backward` gives `dz1`, and `dense_backward` gives `dW1`, `db1` (its `dX` is not needed).
#
# * In: `params`, a dict with `"W1"` `(D, H)`, `"b1"` `(H,)`, `"W2"` `(H, C)`, `"b2"` `(C,)`; `X` `(N, D)`;
#   `y` `(N,)`. Out: the tuple `(loss, grads)`, `loss` a float and `grads` a dict with the same keys and shapes as
#   `params`.
# * Use your functions from Parts A to D. The L2 penalty is not part of this loss: it enters the update in Part F.
#
# The checks compare the loss with a direct computation and gradient-check each of the four gradients. When graded,
# reference versions of the functions of Parts A to D (with their own caches) stand in for yours, here and in
# `predict`'s check, so that a slip there does not cost you these points a second time.

# %% nbgrader={"grade": false, "grade_id": "two_layer_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def two_layer_loss(params, X, y):
    """Loss and gradients of the network dense - ReLU - dense - softmax cross-entropy.

    Parameters
    ----------
    params : dict of ndarray
        "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    X : ndarray of shape (N, D)
    y : ndarray of shape (N,), integers in 0 .. C - 1

    Returns
    -------
    loss : float
        Mean cross-entropy over the batch.
    grads : dict of ndarray
        Same keys and shapes as params: the gradients of the loss.
    """
    ### BEGIN SOLUTION
    z1, dense1_cache = dense_forward(X, params["W1"], params["b1"])
    h, relu_cache = relu_forward(z1)
    scores, dense2_cache = dense_forward(h, params["W2"], params["b2"])
    loss, dscores = softmax_cross_entropy(scores, y)
    dh, dW2, db2 = dense_backward(dscores, dense2_cache)
    dz1 = relu_backward(dh, relu_cache)
    _, dW1, db1 = dense_backward(dz1, dense1_cache)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "init_two_layer", "locked": true, "schema_version": 3, "solution": false, "task": false}
def init_two_layer(input_size, hidden_size, num_classes, seed=0):
    """He-initialised weights (normal, variance 2 / fan-in) and zero biases, the params of two_layer_loss.

    Parameters
    ----------
    input_size, hidden_size, num_classes : int
        D, H and C.
    seed : int

    Returns
    -------
    dict of ndarray
        "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    """
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(scale=np.sqrt(2 / input_size), size=(input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": rng.normal(scale=np.sqrt(2 / hidden_size), size=(hidden_size, num_classes)),
            "b2": np.zeros(num_classes)}


# %% nbgrader={"grade": false, "grade_id": "two_layer_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: with 10 classes and small random weights the loss starts near log(10) = 2.3
rng = np.random.default_rng(0)
loss_try, grads_try = two_layer_loss(init_two_layer(6, 5, 10), rng.normal(size=(8, 6)), rng.integers(0, 10, size=8))
print(f"loss {loss_try:.3f};", {name: grad.shape for name, grad in grads_try.items()})

# %% nbgrader={"grade": true, "grade_id": "two_layer_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that two_layer_loss returns (loss, grads) with the right loss and gradients of the shapes of params"""
### BEGIN HIDDEN TESTS
def reference_dense_forward(X, W, b):
    """Parts A to D, in place of the submitted ones in Parts E and G's checks: a slip there is charged there only."""
    return X @ W + b, (X, W)


def reference_dense_backward(dout, cache):
    X, W = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


def reference_relu_forward(z):
    return np.maximum(z, 0.0), z


def reference_relu_backward(dout, cache):
    return dout * (cache > 0)


def reference_softmax_cross_entropy(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_p)
    dscores[np.arange(len(y)), y] -= 1.0
    return float(-log_p[np.arange(len(y)), y].mean()), dscores / len(y)


LAYER_REFERENCES = {"dense_forward": reference_dense_forward, "dense_backward": reference_dense_backward,
                    "relu_forward": reference_relu_forward, "relu_backward": reference_relu_backward,
                    "softmax_cross_entropy": reference_softmax_cross_entropy}
your_layers = {"dense_forward": dense_forward, "dense_backward": dense_backward, "relu_forward": relu_forward,
               "relu_backward": relu_backward, "softmax_cross_entropy": softmax_cross_entropy}
globals().update(LAYER_REFERENCES)
### END HIDDEN TESTS
rng = np.random.default_rng(4)
params = init_two_layer(6, 5, 3, seed=4)
params["b1"], params["b2"] = rng.normal(scale=0.1, size=5), rng.normal(scale=0.1, size=3)
X, y = rng.normal(size=(7, 6)), rng.integers(0, 3, size=7)
result = checks.from_scratch(two_layer_loss)(params, X, y)
checks.assert_returns(result, "two_layer_loss", tuple)
assert len(result) == 2, f"two_layer_loss should return (loss, grads), got a tuple of {len(result)} items."
loss, grads = result
scores = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
checks.assert_returns(loss, "the loss of two_layer_loss", (float, np.floating))
checks.assert_allclose(loss, -np.mean(np.log(p[np.arange(7), y])), "the loss of two_layer_loss")
checks.assert_returns(grads, "grads of two_layer_loss", dict)
assert set(grads) == set(params), f"grads should have the keys {sorted(params)}, got {sorted(grads)}."
for name in params:
    checks.assert_array(grads[name], f"grads[{name!r}]", shape=params[name].shape)
### BEGIN HIDDEN TESTS
params = init_two_layer(3, 8, 4, seed=44)
X, y = rng.normal(size=(2, 3)), np.array([3, 0])
scores = np.maximum(X @ params["W1"], 0) @ params["W2"]
p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
checks.assert_allclose(two_layer_loss(params, X, y)[0], -np.mean(np.log(p[[0, 1], y])), "the loss for N=2, D=3, H=8")
globals().update(your_layers)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "two_layer_gradcheck", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check each of grads['W1'], ['b1'], ['W2'], ['b2'] of two_layer_loss against numerical gradients (below 1e-7)"""
### BEGIN HIDDEN TESTS
your_layers = {"dense_forward": dense_forward, "dense_backward": dense_backward, "relu_forward": relu_forward,
               "relu_backward": relu_backward, "softmax_cross_entropy": softmax_cross_entropy}
globals().update(LAYER_REFERENCES)
### END HIDDEN TESTS
rng = np.random.default_rng(45)
params = init_two_layer(4, 6, 3, seed=45)
params["b1"], params["b2"] = rng.normal(scale=0.1, size=6), rng.normal(scale=0.1, size=3)
X, y = rng.normal(size=(5, 4)), np.array([0, 2, 1, 2, 0])
loss, grads = checks.from_scratch(two_layer_loss)(params, X, y)
for name in ["W2", "b2", "W1", "b1"]:
    assert_gradient(grads[name], lambda _: np.sum(two_layer_loss(params, X, y)[0]), params[name],  # (its type: above)
                    f"grads[{name!r}] of two_layer_loss",
                    hint="Pass each backward function the cache of its own layer, and dscores to the last one.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(74)
params = init_two_layer(7, 3, 5, seed=74)
params["b1"], params["b2"] = rng.normal(scale=0.1, size=3), rng.normal(scale=0.1, size=5)
X, y = rng.normal(size=(9, 7)), rng.integers(0, 5, size=9)
loss, grads = two_layer_loss(params, X, y)
for name in ["W2", "b2", "W1", "b1"]:
    assert_gradient(grads[name], lambda _: np.sum(two_layer_loss(params, X, y)[0]), params[name],  # (its type: above)
                    f"grads[{name!r}] of two_layer_loss for N=9, D=7, H=3, C=5")
globals().update(your_layers)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_f_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: SGD with momentum and L2 weight decay (4 points)
#
# Plain gradient descent steps along $-\nabla L$. Momentum keeps a velocity $V$ per parameter, a running sum of
# past steps that damps oscillations across a valley and speeds up along it (Polyak, 1964). L2 regularisation adds
# $\frac{\lambda}{2}\lVert W \rVert^2$ to the loss, that is $\lambda W$ to the gradient of every **weight matrix**;
# the **biases are not decayed** (they only shift a unit's input and do not make the model more complex). With
# learning rate $\alpha$, momentum $\mu$ and weight decay $\lambda$, each parameter $W$ is updated as
#
# $$V \leftarrow \mu V - \alpha\,(\nabla_W L + \lambda W), \qquad W \leftarrow W + V,$$
#
# and each bias $b$ in the same way with $\lambda = 0$.
#
# * In: dicts `params`, `grads` and `velocities` with the same keys; a parameter is a weight when its name starts
#   with `"W"` (`"W1"`, `"W2"`) and a bias otherwise (`"b1"`, `"b2"`); floats `learning_rate`, `momentum`,
#   `weight_decay`.
# * Out: nothing. Change the dicts you are given: after the call `velocities[name]` holds the new $V$ and
#   `params[name]` the new $W$ (assign `params[name] = ...`, or update the array in place with `+=`).
# * The given line raises a `ValueError` when the three dicts do not have the same keys.
#
# The checks test one step against the formula, two steps in a row, and that biases are not decayed.

# %% nbgrader={"grade": false, "grade_id": "sgd_momentum_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay):
    """One step of SGD with momentum and L2 weight decay on the weights (not on the biases), in place.

    Parameters
    ----------
    params : dict of ndarray
        The parameters, e.g. "W1" (D, H), "b1" (H,), ...; names starting with "W" are weights.
    grads : dict of ndarray
        Gradients of the loss, same keys and shapes as params.
    velocities : dict of ndarray
        Velocities V, same keys and shapes as params (zeros before the first step).
    learning_rate : float
        alpha.
    momentum : float
        mu, usually 0.9.
    weight_decay : float
        lambda, the L2 coefficient, applied to weights only.

    Returns
    -------
    None
        params and velocities are updated.
    """
    if set(grads) != set(params) or set(velocities) != set(params):
        raise ValueError("params, grads and velocities need the same keys, e.g. 'W1', 'b1', 'W2', 'b2'.")
    ### BEGIN SOLUTION
    for name in params:
        grad = grads[name] + weight_decay * params[name] if name.startswith("W") else grads[name]
        velocities[name] = momentum * velocities[name] - learning_rate * grad
        params[name] = params[name] + velocities[name]
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "sgd_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect V = [[-0.051, 0.118]] and W = [[0.949, 2.118]] for the weight, V = b = [-0.05] for the bias
params_try = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.0])}
velocities_try = {"W1": np.zeros((1, 2)), "b1": np.zeros(1)}
grads_try = {"W1": np.array([[0.5, -1.2]]), "b1": np.array([0.5])}
sgd_momentum_step(params_try, grads_try, velocities_try, learning_rate=0.1, momentum=0.9, weight_decay=0.01)
print(velocities_try, params_try)

# %% nbgrader={"grade": true, "grade_id": "sgd_momentum_update", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check sgd_momentum_step: one step from given velocities, then a second step, against the update formula"""
W, b = np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([0.3, -0.1])
V_W, V_b = np.array([[0.1, 0.0], [-0.2, 0.05]]), np.array([0.01, 0.02])
g_W, g_b = np.array([[0.4, -0.3], [0.2, 1.0]]), np.array([-0.5, 0.25])
params = {"W1": W.copy(), "b1": b.copy()}
velocities = {"W1": V_W.copy(), "b1": V_b.copy()}
checks.from_scratch(sgd_momentum_step)(params, {"W1": g_W, "b1": g_b}, velocities, learning_rate=0.1, momentum=0.9,
           weight_decay=0.0)
checks.assert_allclose(velocities["W1"], 0.9 * V_W - 0.1 * g_W, "velocities['W1'] after one step",
                       hint="V <- momentum * V - learning_rate * grad; store it back in velocities.")
checks.assert_allclose(params["W1"], W + 0.9 * V_W - 0.1 * g_W, "params['W1'] after one step",
                       hint="W <- W + V with the new V; store it back in params.")
checks.assert_allclose(params["b1"], b + 0.9 * V_b - 0.1 * g_b, "params['b1'] after one step")
sgd_momentum_step(params, {"W1": g_W, "b1": g_b}, velocities, learning_rate=0.1, momentum=0.9, weight_decay=0.0)
V_W2 = 0.9 * (0.9 * V_W - 0.1 * g_W) - 0.1 * g_W
checks.assert_allclose(velocities["W1"], V_W2, "velocities['W1'] after two steps",
                       hint="The second step starts from the velocity the first one stored.")
checks.assert_allclose(params["W1"], W + 0.9 * V_W - 0.1 * g_W + V_W2, "params['W1'] after two steps")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(51)
shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
start = {name: rng.normal(size=shape) for name, shape in shapes.items()}
grads = {name: rng.normal(size=shape) for name, shape in shapes.items()}
params = {name: value.copy() for name, value in start.items()}
velocities = {name: np.zeros(shape) for name, shape in shapes.items()}
sgd_momentum_step(params, grads, velocities, learning_rate=0.05, momentum=0.0, weight_decay=0.0)
for name in shapes:
    checks.assert_allclose(params[name], start[name] - 0.05 * grads[name], f"params[{name!r}] with momentum 0",
                           hint="With momentum 0 and no decay this is plain gradient descent.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "sgd_weight_decay", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that sgd_momentum_step adds weight_decay * W to the gradient of weights, and nothing to biases"""
params = {"W1": W.copy(), "b1": b.copy()}
velocities = {"W1": np.zeros_like(W), "b1": np.zeros_like(b)}
checks.from_scratch(sgd_momentum_step)(params, {"W1": g_W, "b1": g_b}, velocities, learning_rate=0.1, momentum=0.9,
           weight_decay=0.5)
checks.assert_allclose(params["W1"], W - 0.1 * (g_W + 0.5 * W), "params['W1'] with weight_decay 0.5",
                       hint="Add weight_decay * W to the gradient of every parameter whose name starts with 'W'.")
checks.assert_allclose(params["b1"], b - 0.1 * g_b, "params['b1'] with weight_decay 0.5",
                       hint="Biases are not decayed: only names starting with 'W' get weight_decay * W.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(52)
shapes = {"W1": (3, 5), "b1": (5,), "W2": (5, 4), "b2": (4,)}
start = {name: rng.normal(size=shape) for name, shape in shapes.items()}
grads = {name: rng.normal(size=shape) for name, shape in shapes.items()}
params = {name: value.copy() for name, value in start.items()}
velocities = {name: np.zeros(shape) for name, shape in shapes.items()}
sgd_momentum_step(params, grads, velocities, learning_rate=0.2, momentum=0.5, weight_decay=0.01)
for name in shapes:
    decay = 0.01 * start[name] if name.startswith("W") else 0.0
    checks.assert_allclose(params[name], start[name] - 0.2 * (grads[name] + decay), f"params[{name!r}], 4 parameters")
    checks.assert_allclose(velocities[name], -0.2 * (grads[name] + decay), f"velocities[{name!r}], 4 parameters")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_g_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part G: train the network on the digits (4 points)
#
# scikit-learn's digits are 1,797 images of 8x8 pixels with values 0 to 16, in 10 classes. The cell below scales
# them to $[0, 1]$ and makes a fixed stratified split (75 % training, 25 % test, every digit in the same proportion
# on both sides, `random_state=0`). Write two functions:
#
# * `predict(params, X)`: the class of highest score for every row of `X` `(N, D)`; out an integer array `(N,)`.
#   Use `dense_forward` and `relu_forward` (the softmax does not change which score is largest).
# * `train_two_layer(X, y, ...)`: mini-batch SGD. The given lines create the parameters with `init_two_layer`, zero
#   velocities and a random generator `rng`. Each epoch, shuffle the sample order with `rng` (e.g. `rng.permutation(N)`;
#   any use of `rng` that gives a new order every epoch will do), cut it into consecutive mini-batches of `batch_size`
#   samples (the last one may be smaller), and for each batch call `two_layer_loss` and then `sgd_momentum_step`. Return
#   `(params, losses)`, with `losses[e]` the mean training loss of epoch `e` (the batch losses weighted by the batch
#   sizes, i.e. the mean over the epoch's samples).
#
# Shuffle only with `rng` so that the same `seed` gives the same network. The first check tests `predict` on a small
# network with non-zero biases. The second runs `train_two_layer` with `two_layer_loss` and `sgd_momentum_step`
# replaced by recorders, to see which samples each batch holds (every epoch visits each sample once, in an order that
# changes from epoch to epoch and that the seed fixes) and what is called with what; when the work is graded
# it also trains with reference versions of them (so that a mistake in Parts D to F does not cost you this part's
# points a second time) and expects at least 95 % test accuracy, decreasing losses, and the same result from the
# same seed.

# %% nbgrader={"grade": false, "grade_id": "digits_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
X_digits, y_digits = course.load_digits()
X_train, X_test, y_train, y_test = train_test_split(X_digits / 16.0, y_digits, test_size=0.25, stratify=y_digits,
                                                    random_state=0)
print(f"{course.dataset_info('digits')}: {len(y_train)} training and {len(y_test)} test images, "
      f"pixels in [{X_train.min():.0f}, {X_train.max():.0f}]")

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(params, X):
    """Predicted classes of the two-layer network.

    Parameters
    ----------
    params : dict of ndarray
        "W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,).
    X : ndarray of shape (N, D)

    Returns
    -------
    ndarray of shape (N,), integers in 0 .. C - 1
    """
    ### BEGIN SOLUTION
    h, _ = relu_forward(dense_forward(X, params["W1"], params["b1"])[0])
    scores, _ = dense_forward(h, params["W2"], params["b2"])
    return np.argmax(scores, axis=1)
    ### END SOLUTION


def train_two_layer(X, y, hidden_size=64, num_epochs=20, batch_size=32, learning_rate=0.1, momentum=0.9,
                    weight_decay=1e-4, seed=0):
    """Train the two-layer network with mini-batch SGD, momentum and L2 weight decay.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    y : ndarray of shape (N,), integers in 0 .. C - 1
    hidden_size : int
        H, the number of hidden ReLU units.
    num_epochs, batch_size : int
    learning_rate, momentum, weight_decay : float
        As in sgd_momentum_step.
    seed : int
        Seeds the initial weights and the shuffling.

    Returns
    -------
    params : dict of ndarray
        The trained parameters.
    losses : list of float
        The mean training loss of each epoch, num_epochs values.
    """
    params = init_two_layer(X.shape[1], hidden_size, int(np.max(y)) + 1, seed=seed)
    velocities = {name: np.zeros_like(value) for name, value in params.items()}
    rng = np.random.default_rng(seed)
    ### BEGIN SOLUTION
    N = len(y)
    losses = []
    for _ in range(num_epochs):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = two_layer_loss(params, X[batch], y[batch])
            sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay)
            total += loss * len(batch)
        losses.append(total / N)
    return params, losses
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: train, then plot the loss per epoch and print the test accuracy (the check below expects at least 0.95)
num_epochs = course.pick(full=30, fast=15)
params_trained, losses_trained = train_two_layer(X_train, y_train, num_epochs=num_epochs)
test_accuracy = np.mean(predict(params_trained, X_test) == y_test)
print(f"after {num_epochs} epochs: training loss {losses_trained[-1]:.4f}, test accuracy {test_accuracy:.3f}")
figure = course.plot_history({"loss": losses_trained})
plt.show()

# %% nbgrader={"grade": true, "grade_id": "predict_labels", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that predict returns the integer class of highest score for every row, biases and ReLU included"""
### BEGIN HIDDEN TESTS
your_layers = {"dense_forward": dense_forward, "dense_backward": dense_backward, "relu_forward": relu_forward,
               "relu_backward": relu_backward, "softmax_cross_entropy": softmax_cross_entropy}
globals().update(LAYER_REFERENCES)
### END HIDDEN TESTS
params = {"W1": np.eye(2), "b1": np.array([0.5, -2.0]), "W2": np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]]),
          "b2": np.array([0.0, 0.0, 1.5])}
labels = checks.from_scratch(predict)(params, np.array([[1.0, 0.0], [-2.0, 4.0], [1.5, 3.5], [0.0, 0.5]]))
checks.assert_array(labels, "predict(params, X)", shape=(4,))
assert np.issubdtype(labels.dtype, np.integer), f"predict should return integer classes, got dtype {labels.dtype}."
checks.assert_equal(labels, [0, 1, 0, 2], "predict(params, X)",
                    hint="Add both biases, apply ReLU after the first layer (in the second row it zeroes the first "
                         "hidden unit), then take the argmax on axis 1.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(61)
params = init_two_layer(5, 4, 6, seed=61)
params["b1"], params["b2"] = rng.normal(size=4), rng.normal(size=6)
X = rng.normal(size=(11, 5))
expected = np.argmax(np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"], axis=1)
checks.assert_equal(checks.from_scratch(predict)(params, X), expected, "predict for N=11, D=5, H=4, C=6 with random biases")
checks.assert_equal(predict(params, X[:1]), expected[:1], "predict for a single sample")
globals().update(your_layers)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "digits_accuracy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Check train_two_layer's loop (a new shuffle from rng each epoch, consecutive batches of batch_size with a smaller
last one, a loss and then a step per batch, the epoch loss weighted by batch sizes) and its 95 % on the digits"""
def check_training_loop(N, batch_size, num_epochs, seed):
    """Run train_two_layer with recorders for two_layer_loss and sgd_momentum_step; compare with what it should do.

    Sample n is the row (n, n, n) of X, so a recorded batch says which samples it holds; the recorded loss of a
    batch is the mean of its sample numbers, so an epoch's loss weighted by batch sizes is (N - 1) / 2.
    """
    calls = []

    def recording_loss(params, X, y):
        calls.append(("two_layer_loss", X[:, 0].astype(int)))
        return float(np.mean(X[:, 0])), {name: np.zeros_like(value) for name, value in params.items()}

    def recording_step(params, grads, velocities, learning_rate, momentum, weight_decay):
        calls.append(("sgd_momentum_step", (learning_rate, momentum, weight_decay)))

    X, y = np.repeat(np.arange(N, dtype=float)[:, None], 3, axis=1), np.arange(N) % 4
    saved = two_layer_loss, sgd_momentum_step
    globals().update(two_layer_loss=recording_loss, sgd_momentum_step=recording_step)
    try:
        result = checks.from_scratch(train_two_layer)(X, y, hidden_size=2, num_epochs=num_epochs, batch_size=batch_size,
                            learning_rate=0.05, momentum=0.8, weight_decay=0.01, seed=seed)
    finally:
        globals().update(two_layer_loss=saved[0], sgd_momentum_step=saved[1])
    setting = f"N={N}, batch_size={batch_size}, num_epochs={num_epochs}"
    checks.assert_returns(result, "train_two_layer", tuple)
    params, losses = result
    per_epoch = -(-N // batch_size)
    checks.assert_equal([name for name, _ in calls], ["two_layer_loss", "sgd_momentum_step"] * per_epoch * num_epochs,
                        f"the calls of two_layer_loss and sgd_momentum_step for {setting}",
                        hint=f"Each epoch has ceil(N / batch_size) = {per_epoch} batches, the last "
                             "one smaller when batch_size does not divide N; call two_layer_loss, then "
                             "sgd_momentum_step, once per batch.")
    batches = [got for _, got in calls[::2]]
    sizes = [batch_size] * (per_epoch - 1) + [N - batch_size * (per_epoch - 1)]
    for epoch in range(num_epochs):
        in_epoch = batches[epoch * per_epoch:(epoch + 1) * per_epoch]
        checks.assert_equal([len(batch) for batch in in_epoch], sizes, f"the batch sizes of epoch {epoch} ({setting})",
                            hint="Consecutive batches of batch_size samples, the last one smaller.")
        checks.assert_equal(np.sort(np.concatenate(in_epoch)), np.arange(N), f"the samples of epoch {epoch} "
                            f"({setting}), sorted", hint="Every epoch visits every sample exactly once: shuffle the "
                            "order of the N samples, then cut it into consecutive batches.")
    order = np.concatenate(batches).reshape(num_epochs, N)
    if N >= 10:  # a shuffle that leaves 10 or more samples in order, or repeats an order, is not a shuffle
        assert not np.array_equal(order[0], np.arange(N)), (
            f"Epoch 0 visits the samples in their order ({setting}): shuffle them with rng every epoch.")
        assert num_epochs == 1 or not np.array_equal(order[0], order[1]), (
            f"Epochs 0 and 1 visit the samples in the same order ({setting}): draw a new order from rng every epoch.")
    for _, arguments in calls[1::2]:
        checks.assert_allclose(arguments, (0.05, 0.8, 0.01), "(learning_rate, momentum, weight_decay) passed to "
                               "sgd_momentum_step", hint="Pass on the arguments train_two_layer was given.")
    checks.assert_returns(losses, "losses of train_two_layer", list)
    checks.assert_allclose(losses, [(N - 1) / 2] * num_epochs, f"the epoch losses for {setting}",
                           hint="Weight each batch's loss by its size and divide by N: the last batch is smaller.")
    return order


order = check_training_loop(N=10, batch_size=4, num_epochs=2, seed=0)
checks.assert_equal(check_training_loop(N=10, batch_size=4, num_epochs=2, seed=0), order,
                    "the order of the samples in a second run with seed=0",
                    hint="Shuffle with the given rng only (not np.random): the same seed must give the same run.")
assert not np.array_equal(check_training_loop(N=10, batch_size=4, num_epochs=2, seed=1), order), \
    "Seeds 0 and 1 gave the same order of samples: shuffle with the rng made from seed."
### BEGIN HIDDEN TESTS
check_training_loop(N=7, batch_size=7, num_epochs=1, seed=3)
order = check_training_loop(N=33, batch_size=8, num_epochs=3, seed=5)
checks.assert_equal(check_training_loop(N=33, batch_size=8, num_epochs=3, seed=5), order,
                    "the order of the samples in a second run with seed=5 (N=33)")
check_training_loop(N=5, batch_size=8, num_epochs=2, seed=1)


def reference_loss(params, X, y):
    z1 = X @ params["W1"] + params["b1"]
    h = np.maximum(z1, 0)
    scores = h @ params["W2"] + params["b2"]
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    N = len(y)
    loss = -np.mean(np.log(p[np.arange(N), y]))
    dscores = (p - np.eye(p.shape[1])[y]) / N
    dz1 = (dscores @ params["W2"].T) * (z1 > 0)
    return float(loss), {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": h.T @ dscores, "b2": dscores.sum(axis=0)}


def reference_step(params, grads, velocities, learning_rate, momentum, weight_decay):
    for name in params:
        decay = weight_decay * params[name] if name.startswith("W") else 0.0
        velocities[name] = momentum * velocities[name] - learning_rate * (grads[name] + decay)
        params[name] = params[name] + velocities[name]


def reference_predict(params, X):
    return np.argmax(np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"], axis=1)


saved = two_layer_loss, sgd_momentum_step
globals().update(two_layer_loss=reference_loss, sgd_momentum_step=reference_step)
try:
    num_epochs = course.pick(full=30, fast=15)
    params, losses = train_two_layer(X_train, y_train, num_epochs=num_epochs, seed=0)
    _, losses_again = train_two_layer(X_train, y_train, num_epochs=2, seed=0)
    X_small, y_small = X_train[:40], y_train[:40] % 3
    params_small, losses_small = train_two_layer(X_small, y_small, hidden_size=5, num_epochs=1, batch_size=40,
                                                 learning_rate=0.3, momentum=0.9, weight_decay=0.1, seed=3)
finally:
    globals().update(two_layer_loss=saved[0], sgd_momentum_step=saved[1])
assert len(losses) == num_epochs, f"losses should hold one value per epoch ({num_epochs}), got {len(losses)}."
assert losses[-1] < 0.5 * losses[0], (f"The training loss should fall by half or more, got {losses[0]:.3f} -> "
                                      f"{losses[-1]:.3f}.")
test_accuracy = np.mean(reference_predict(params, X_test) == y_test)
assert test_accuracy >= 0.95, (f"Test accuracy {test_accuracy:.3f} is below 0.95: check that every epoch visits all "
                               "samples and that each batch calls two_layer_loss and then sgd_momentum_step.")
checks.assert_allclose(losses_again, losses[:2], "losses of a second run with the same seed",
                       hint="Shuffle with the given rng (rng.permutation), not np.random, so a seed fixes the run.")
# One epoch with a single batch is exactly one momentum step from the initial weights.
start = init_two_layer(64, 5, 3, seed=3)
loss0, grads0 = reference_loss(start, X_small, y_small)
checks.assert_allclose(losses_small, [loss0], "losses of one epoch with one batch",
                       hint="Record the loss before the step.")
for name in start:
    decay = 0.1 * start[name] if name.startswith("W") else 0.0
    checks.assert_allclose(params_small[name], start[name] - 0.3 * (grads0[name] + decay),
                           f"params[{name!r}] after one full-batch step", hint="Start from init_two_layer(..., seed).")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_h_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part H: a layer the lectures do not derive, batch normalization (6 points)
#
# Lecture 02 derives backpropagation for layers that act on each sample on its own. **Batch normalization**
# (Ioffe and Szegedy, 2015) does not: in training it standardises every feature (column) $j$ of a mini-batch with
# the mean and variance **of that batch**, then scales and shifts it with learned $\gamma_j$ and $\beta_j$:
#
# $$\mu_j = \frac{1}{N} \sum_{n} X_{nj}, \qquad \sigma_j^2 = \frac{1}{N} \sum_{n} (X_{nj} - \mu_j)^2, \qquad
# \hat X_{nj} = \frac{X_{nj} - \mu_j}{\sqrt{\sigma_j^2 + \varepsilon}}, \qquad \text{out}_{nj} = \gamma_j \hat X_{nj} + \beta_j.$$
#
# Every output of a column depends on every input of that column through $\mu_j$ and $\sigma_j^2$, so the
# gradient with respect to $X$ has three paths: the direct one, the one through the mean and the one through the
# variance. Derive $\partial L / \partial X$, $\partial L / \partial \gamma$ and $\partial L / \partial \beta$ for
# $L = \sum_{n,j} \text{out}_{nj}\, \text{dout}_{nj}$ with a computational graph (as CS231n does), and simplify:
# vectorized over the batch, it fits in a few lines. (At test time a network uses running averages of $\mu$ and
# $\sigma^2$ instead; that mode is not asked for here.)
#
# * `batchnorm_forward(X, gamma, beta, eps=1e-5)`: in `X` `(N, D)`, `gamma` and `beta` `(D,)`. Out the tuple
#   `(out, cache)`, `out` `(N, D)`. The variance is the biased one (divide by $N$, NumPy's default), and $\varepsilon$
#   goes under the square root. Do not change `X` in place.
# * `batchnorm_backward(dout, cache)`: in `dout` `(N, D)`. Out the tuple `(dX, dgamma, dbeta)` of shapes `(N, D)`,
#   `(D,)`, `(D,)`.
#
# The first check compares `out` with a worked example (with $\varepsilon = 1$, so that the square roots are whole
# numbers) and, when graded, with the formulas on random batches. The second compares your three gradients with
# numerical gradients of your forward pass and, when graded, of batch normalization itself (relative error below
# $10^{-7}$), on batches where $N$ and $D$ differ.

# %% nbgrader={"grade": false, "grade_id": "batchnorm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Batch normalization in training mode: every column standardised over the batch, then scaled and shifted.

    Parameters
    ----------
    X : ndarray of shape (N, D)
    gamma, beta : ndarray of shape (D,)
    eps : float
        Added to the variance under the square root.

    Returns
    -------
    out : ndarray of shape (N, D)
    cache : tuple
        What batchnorm_backward needs.
    """
    ### BEGIN SOLUTION
    std = np.sqrt(X.var(axis=0) + eps)
    X_hat = (X - X.mean(axis=0)) / std
    return gamma * X_hat + beta, (X_hat, gamma, std)
    ### END SOLUTION


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization (training mode).

    Parameters
    ----------
    dout : ndarray of shape (N, D)
    cache : tuple
        The cache returned by batchnorm_forward.

    Returns
    -------
    dX : ndarray of shape (N, D)
    dgamma, dbeta : ndarray of shape (D,)
    """
    ### BEGIN SOLUTION
    X_hat, gamma, std = cache
    dX_hat = dout * gamma
    dX = (dX_hat - dX_hat.mean(axis=0) - X_hat * (dX_hat * X_hat).mean(axis=0)) / std
    return dX, (dout * X_hat).sum(axis=0), dout.sum(axis=0)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "batchnorm_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: each column of out has mean beta = [0, 1, -1] and standard deviation close to gamma = [1, 2, 0.5];
# then the relative errors of your three gradients (each should be below 1e-7).
rng = np.random.default_rng(8)
X_try, gamma_try, beta_try = rng.normal(loc=3.0, scale=2.0, size=(6, 3)), np.array([1.0, 2.0, 0.5]), np.array([0.0, 1.0, -1.0])
dout_try = rng.normal(size=(6, 3))
out_try, cache_try = batchnorm_forward(X_try, gamma_try, beta_try)
print("mean", out_try.mean(axis=0), "std", out_try.std(axis=0))
dX_try, dgamma_try, dbeta_try = batchnorm_backward(dout_try, cache_try)
print("dX:", course.gradcheck(lambda X_: np.sum(batchnorm_forward(X_, gamma_try, beta_try)[0] * dout_try), dX_try, X_try))
print("dgamma:", course.gradcheck(lambda g_: np.sum(batchnorm_forward(X_try, g_, beta_try)[0] * dout_try), dgamma_try,
                                  gamma_try))
print("dbeta:", course.gradcheck(lambda b_: np.sum(batchnorm_forward(X_try, gamma_try, b_)[0] * dout_try), dbeta_try,
                                 beta_try))

# %% nbgrader={"grade": true, "grade_id": "batchnorm_forward_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check batchnorm_forward: out = gamma (X - mean) / sqrt(var + eps) + beta per column, X unchanged"""
X = np.array([[0.0, 1.0], [0.0, 5.0], [0.0, 5.0], [4.0, 9.0]])
result = checks.from_scratch(batchnorm_forward)(X, np.array([2.0, -1.0]), np.array([0.5, 1.0]), eps=1.0)
checks.assert_returns(result, "batchnorm_forward", tuple)
assert len(result) == 2, f"batchnorm_forward should return the pair (out, cache), got {len(result)} items."
checks.assert_array(result[0], "out of batchnorm_forward", shape=(4, 2))
checks.assert_allclose(result[0].mean(axis=0), [0.5, 1.0], "the column means of out", atol=1e-12,
                       hint="Subtract the mean of each column (axis 0, over the batch), then add beta.")
# column 0: mean 1, variance 3, sqrt(3 + 1) = 2; column 1: mean 5, variance 8, sqrt(8 + 1) = 3
checks.assert_allclose(result[0], [[-0.5, 7 / 3], [-0.5, 1.0], [-0.5, 1.0], [3.5, -1 / 3]],
                       "out of batchnorm_forward with eps = 1",
                       hint="Divide by sqrt(var + eps) with the biased variance of each column (X.var(axis=0)).")
### BEGIN HIDDEN TESTS
def batchnorm_reference(X, gamma, beta, eps=1e-5):
    """The formulas, column by column."""
    out = np.empty_like(X, dtype=float)
    for j in range(X.shape[1]):
        column = X[:, j]
        mean = np.sum(column) / len(column)
        variance = np.sum((column - mean) ** 2) / len(column)
        out[:, j] = gamma[j] * (column - mean) / np.sqrt(variance + eps) + beta[j]
    return out

rng = np.random.default_rng(81)
X, gamma, beta = rng.normal(scale=0.3, size=(9, 4)), rng.normal(size=4), rng.normal(size=4)
checks.assert_allclose(checks.from_scratch(batchnorm_forward)(X, gamma, beta, eps=0.5)[0],
                       batchnorm_reference(X, gamma, beta, eps=0.5), "out for N=9, D=4 with eps=0.5",
                       hint="eps goes under the square root: sqrt(var + eps).")
checks.assert_allclose(batchnorm_forward(X, gamma, beta)[0], batchnorm_reference(X, gamma, beta),
                       "out for N=9, D=4 with the default eps")
checks.assert_allclose(batchnorm_forward(X[:2, :1], gamma[:1], beta[:1])[0],
                       batchnorm_reference(X[:2, :1], gamma[:1], beta[:1]), "out for N=2, D=1")
checks.assert_allclose(batchnorm_forward(np.ones((3, 2)), gamma[:2], beta[:2])[0], np.tile(beta[:2], (3, 1)),
                       "out of constant columns (variance 0)", hint="With variance 0, X - mean is 0: out is beta.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "batchnorm_backward_gradcheck", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check dX, dgamma and dbeta of batchnorm_backward against numerical gradients of batch normalization (below 1e-7)"""
def check_batchnorm_backward(N, D, eps, seed, forward):
    """Gradients of L = sum(forward(X, gamma, beta, eps) * dout): batchnorm_backward's against centred differences."""
    rng = np.random.default_rng(seed)
    X, gamma, beta = rng.normal(loc=1.0, scale=2.0, size=(N, D)), rng.normal(size=D), rng.normal(size=D)
    dout = rng.normal(size=(N, D))
    result = checks.from_scratch(batchnorm_backward)(dout, batchnorm_forward(X, gamma, beta, eps)[1])
    checks.assert_returns(result, "batchnorm_backward", tuple)
    assert len(result) == 3, f"batchnorm_backward should return (dX, dgamma, dbeta), got {len(result)} items."
    dX, dgamma, dbeta = result
    loss = lambda X_, gamma_, beta_: np.sum(forward(X_, gamma_, beta_, eps)[0] * dout)
    where = f"for N={N}, D={D}, eps={eps}"
    assert_gradient(dbeta, lambda b_: loss(X, gamma, b_), beta, f"dbeta {where}", hint="dbeta sums dout over the batch.")
    assert_gradient(dgamma, lambda g_: loss(X, g_, beta), gamma, f"dgamma {where}",
                    hint="dgamma sums dout * X_hat over the batch.")
    assert_gradient(dX, lambda X_: loss(X_, gamma, beta), X, f"dX {where}",
                    hint="The mean and the variance depend on X too: dX has three terms, the direct one, the one "
                         "through the mean and the one through the variance; each column of dX sums to 0.")

check_batchnorm_backward(N=5, D=3, eps=1e-5, seed=9, forward=batchnorm_forward)
### BEGIN HIDDEN TESTS
def batchnorm_reference(X, gamma, beta, eps=1e-5):
    """The formulas, column by column; returns (out, None) like batchnorm_forward."""
    out = np.empty_like(X, dtype=float)
    for j in range(X.shape[1]):
        column = X[:, j]
        mean = np.sum(column) / len(column)
        out[:, j] = gamma[j] * (column - mean) / np.sqrt(np.sum((column - mean) ** 2) / len(column) + eps) + beta[j]
    return out, None

for N, D, eps, seed in [(5, 3, 1e-5, 9), (8, 2, 0.3, 91), (2, 4, 1.0, 92), (12, 1, 1e-3, 93)]:
    check_batchnorm_backward(N, D, eps, seed, forward=batchnorm_reference)
### END HIDDEN TESTS
