# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Assignment 01: the perceptron, from scratch in NumPy
#
# You will implement the sigmoid neuron and Rosenblatt's perceptron (Rosenblatt, 1958) and go two steps beyond
# lecture 01: compute Novikoff's bound on the mistakes it can make (Novikoff, 1962), and extend its training to the
# averaged perceptron (Freund and Schapire, 1999). You train it on a linearly separable toy set, and then on real
# images: scikit-learn's 8x8 digits, zeros against ones.
#
# **Prerequisites:** lecture 01 (the perceptron). **Points:** 20, in six parts.
#
# How to work:
# * Write your code only where it says `# YOUR CODE HERE`, and remove the `raise NotImplementedError()` line.
# * Run the "try it" cell after each function to see what it returns.
# * The test cells check your work. Their visible checks are a subset: more checks, with other shapes and
#   seeds, run when the assignment is graded. Do not edit or delete cells; edited test cells are restored.
# * Use NumPy only in Parts A to E. The checks call your functions through `checks.from_scratch`, which fails a
#   function that calls Keras, TensorFlow, scikit-learn or SciPy (under any name), or changes an input array in place.
# * Before you submit: *Kernel > Restart & Run All* (or nbgrader's **Validate** button) must run without error.

# %% nbgrader={"grade": false, "grade_id": "imports", "locked": true, "schema_version": 3, "solution": false, "task": false}
import warnings

import numpy as np

import course
from course import checks

course.setup(quiet=True, keras=False)  # NumPy only: TensorFlow is not imported

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_a_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part A: the sigmoid (3 points)
#
# Implement $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ element-wise for an array `z` of any shape.
#
# * In: `z`, a float array of any shape. Out: an array `s` of the same shape with `0 <= s <= 1` everywhere.
# * It must not overflow for any float input: `sigmoid(np.array([-1000.0, 1000.0]))` must return `[0, 1]` with no
#   warning. The formula as written computes $e^{-z}$, which overflows float64 for $z < -709$. Find an equal form of
#   $\sigma$ that is safe where this one is not (multiply the fraction above and below by something), and decide how
#   to use each form only where it is safe. Test your decision on `[-1000, -1, 0, 1, 1000]` with warnings shown:
#   remember that `np.where(condition, a, b)` computes **both** `a` and `b` on every entry before choosing.
#
# The check below tests $\sigma(0) = 0.5$, the symmetry $\sigma(-z) = 1 - \sigma(z)$, saturation for large $|z|$
# and the absence of overflow warnings.

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid(z):
    """Logistic sigmoid, element-wise and without overflow.

    Parameters
    ----------
    z : ndarray of any shape, or float

    Returns
    -------
    ndarray of the same shape as z, values in [0, 1]
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "sigmoid_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: expect [0.0000454, 0.269, 0.5, 0.731, 0.99995]
print(sigmoid(np.array([-10.0, -1.0, 0.0, 1.0, 10.0])))

# %% nbgrader={"grade": true, "grade_id": "sigmoid_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check that sigmoid is 0.5 at 0, symmetric, keeps the shape and saturates for large inputs"""
z = np.array([-10.0, -1.0, 0.0, 1.0, 10.0])
checks.assert_array(checks.from_scratch(sigmoid)(z), "sigmoid(z)", shape=z.shape)
checks.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), "sigmoid(z)", hint="Use the formula 1 / (1 + exp(-z)).")
checks.assert_allclose(sigmoid(np.array([-40.0, 40.0])), [0.0, 1.0], "sigmoid(+-40)", atol=1e-12)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7)
z = rng.normal(scale=5, size=(4, 3, 2))
checks.assert_array(checks.from_scratch(sigmoid)(z), "sigmoid of a (4, 3, 2) array", shape=(4, 3, 2))
checks.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), "sigmoid of a (4, 3, 2) array")
checks.assert_allclose(sigmoid(-z), 1 - sigmoid(z), "sigmoid(-z)", hint="sigmoid(-z) must equal 1 - sigmoid(z).")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "sigmoid_stable", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that sigmoid does not overflow for very negative or very positive inputs"""
with warnings.catch_warnings():
    # NumPy's overflow warning becomes an error here (and only it: other warnings are not your sigmoid's fault)
    warnings.filterwarnings("error", message="overflow", category=RuntimeWarning)
    try:
        extreme = checks.from_scratch(sigmoid)(np.array([-1000.0, 1000.0]))
    except (RuntimeWarning, FloatingPointError) as warning:
        raise AssertionError(f"sigmoid overflowed ({warning}): compute exp only of non-positive numbers.") from None
checks.assert_allclose(extreme, [0.0, 1.0], "sigmoid([-1000, 1000])")
### BEGIN HIDDEN TESTS
with warnings.catch_warnings():
    warnings.filterwarnings("error", message="overflow", category=RuntimeWarning)
    checks.assert_allclose(sigmoid(np.full((2, 2), -800.0)), np.zeros((2, 2)), "sigmoid of -800")
    checks.assert_allclose(sigmoid(np.array([[-750.0], [30.0]])), [[0.0], [1 / (1 + np.exp(-30.0))]],
                           "sigmoid of a (2, 1) array holding -750 and 30")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_b_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part B: how many mistakes at most? Novikoff's bound (3 points)
#
# Lecture 01 states Novikoff's theorem (1962) without computing it: on data that some boundary separates, the
# perceptron started from zero makes at most $(R / \gamma)^2$ mistakes in total, however long it trains. Here you
# compute that bound for a given separating boundary, in the space where the perceptron actually learns: each point
# gets a constant 1 appended, $\tilde x_i = (x_i, 1)$, so that the weights and the bias form one vector
# $v = (w, b)$ and $w \cdot x_i + b = v \cdot \tilde x_i$. With the labels as signs $s_i = 2 y_i - 1 \in \{-1, +1\}$,
#
# $$\gamma = \min_i \frac{s_i\, v \cdot \tilde x_i}{\lVert v \rVert}, \qquad R = \max_i \lVert \tilde x_i \rVert,
# \qquad \text{bound} = \left(\frac{R}{\gamma}\right)^2 .$$
#
# $\gamma$ is the **margin** of $v$: the distance from the hyperplane $v \cdot \tilde x = 0$ (through the origin of
# the $(d+1)$-dimensional space) to the closest point, counted negative on the wrong side. It is not the distance
# $|w \cdot x + b| / \lVert w \rVert$ of lecture 01's plots: the norm is that of all of $v$, bias included.
#
# * In: `X` `(N, d)`, `y` `(N,)` of 0/1, `w` `(d,)`, a float `b`. Out: the tuple `(margin, radius, bound)` of floats.
# * Vectorize it as lecture 01's threshold unit is: one matrix-vector product gives every $v \cdot \tilde x_i$.
# * Raise a `ValueError` when $(w, b)$ does not separate the data with a positive margin: a point on the wrong side,
#   a point on the boundary ($\gamma = 0$), or $w = 0$, $b = 0$. The bound holds only for $\gamma > 0$.
#
# The checks use AND, where you can work everything out by hand, random data in several dimensions, and boundaries
# that do not separate. They also train a perceptron (lecture 01's rule) and check that it made no more mistakes
# than your bound.

# %% nbgrader={"grade": false, "grade_id": "bound", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mistake_bound(X, y, w, b):
    """Novikoff's bound on the perceptron's mistakes on (X, y), from a boundary (w, b) that separates them.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,), labels 0 or 1
    w : ndarray of shape (d,)
    b : float

    Returns
    -------
    margin : float
        gamma, the smallest signed distance of the points (x, 1) to the hyperplane (w, b) . (x, 1) = 0.
    radius : float
        R, the largest norm of the points (x, 1).
    bound : float
        (R / gamma) ** 2.

    Raises
    ------
    ValueError
        If (w, b) does not separate (X, y) with a positive margin.
    """
    ### BEGIN SOLUTION
    X_tilde = np.hstack([X, np.ones((len(X), 1))])
    v = np.append(w, b)
    signed = (2 * y - 1) * (X_tilde @ v)
    if not np.min(signed) > 0:
        raise ValueError(f"(w, b) does not separate the data: the smallest s v.x~ is {np.min(signed):.3g}, not positive.")
    margin = np.min(signed) / np.linalg.norm(v)
    radius = np.max(np.linalg.norm(X_tilde, axis=1))
    return float(margin), float(radius), float((radius / margin) ** 2)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "bound_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it on AND with w = (1, 1), b = -1.5: v = (1, 1, -1.5), |v| = sqrt(4.25), the closest points give s v.x~ = 0.5,
# so expect margin 0.5 / sqrt(4.25) = 0.2425, radius sqrt(3) = 1.732 and bound 3 / (0.25 / 4.25) = 51.
X_and = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y_and = np.array([0, 0, 0, 1])
print(mistake_bound(X_and, y_and, np.array([1.0, 1.0]), -1.5))

# %% nbgrader={"grade": true, "grade_id": "bound_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check margin, radius and bound on AND by hand, on random separable data, and that a perceptron stays within it"""
def perceptron_mistakes(X, y, num_epochs=1000):
    """Total mistakes of lecture 01's perceptron (from zero, samples in order) until an epoch without one."""
    w, b, total = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            error = y_i - int(x_i @ w + b >= 0)
            w, b, errors = w + error * x_i, b + error, errors + abs(error)
        total += errors
        if errors == 0:
            return total
    raise AssertionError("the reference perceptron did not converge")

result = checks.from_scratch(mistake_bound)(X_and, y_and, np.array([1.0, 1.0]), -1.5)
checks.assert_returns(result, "mistake_bound", tuple)
assert len(result) == 3, f"mistake_bound should return (margin, radius, bound), got {len(result)} values."
margin, radius, bound = result
checks.assert_allclose(margin, 0.5 / np.sqrt(4.25), "margin on AND with w = (1, 1), b = -1.5",
                       hint="Divide the smallest s_i v.x~_i by the norm of v = (w, b), bias included; s_i = 2 y_i - 1.")
checks.assert_allclose(radius, np.sqrt(3), "radius on AND", hint="R is the largest norm of (x_i, 1): append the 1.")
checks.assert_allclose(bound, 51.0, "bound on AND", hint="The bound is (R / gamma) squared.")
assert perceptron_mistakes(X_and, y_and) <= bound, "The perceptron made more mistakes on AND than the bound allows."
### BEGIN HIDDEN TESTS
def bound_reference(X, y, w, b):
    rows = [np.append(x, 1.0) for x in X]
    v = np.append(w, b)
    margin = min((1 if label == 1 else -1) * float(row @ v) for row, label in zip(rows, y)) / np.sqrt(v @ v)
    radius = max(np.sqrt(row @ row) for row in rows)
    return margin, radius, (radius / margin) ** 2

rng = np.random.default_rng(4)
for N, d, scale in [(40, 3, 1.0), (25, 1, 3.0), (60, 5, 0.2), (1, 2, 1.0)]:
    w_true, b_true = rng.normal(size=d), 0.7
    X = rng.normal(scale=scale, size=(N, d))
    scores = X @ w_true + b_true
    X, scores = X[np.abs(scores) > 0.05], scores[np.abs(scores) > 0.05]
    y = (scores > 0).astype(int)
    expected = bound_reference(X, y, w_true, b_true)
    got = checks.from_scratch(mistake_bound)(X, y, w_true, b_true)
    for value, want, name in zip(got, expected, ("margin", "radius", "bound")):
        checks.assert_allclose(value, want, f"{name} on {len(y)} random points in {d}-D")
    for value, want, name in zip(mistake_bound(X, y, 7.0 * w_true, 7.0 * b_true), expected, ("margin", "radius", "bound")):
        checks.assert_allclose(value, want, f"{name} with (w, b) scaled by 7", hint="gamma divides by |v|: scaling v changes nothing.")
    assert perceptron_mistakes(X, y) <= expected[2] + 1e-9
X_int = np.array([[2, 0], [0, 3], [-1, -1]])
for value, want, name in zip(mistake_bound(X_int, np.array([1, 1, 0]), np.array([1.0, 1.0]), 0.5),
                             bound_reference(X_int, [1, 1, 0], np.array([1.0, 1.0]), 0.5), ("margin", "radius", "bound")):
    checks.assert_allclose(value, want, f"{name} on integer points")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "bound_not_separating", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Check that mistake_bound raises ValueError for a boundary with a point on the wrong side, on it, or w = 0, b = 0"""
def expect_value_error(X, y, w, b, when):
    try:
        mistake_bound(X, y, w, b)
    except ValueError:
        return
    raise AssertionError(f"mistake_bound should raise ValueError when {when}.")

checks.from_scratch(mistake_bound)(X_and, y_and, np.array([1.0, 1.0]), -1.5)  # a separating boundary works first
expect_value_error(X_and, y_and, np.array([1.0, 1.0]), -0.5, "(w, b) = ((1, 1), -0.5) puts (0, 1) on the wrong side")
expect_value_error(X_and, y_and, np.array([1.0, 1.0]), -1.0,
                   "(w, b) = ((1, 1), -1) puts (0, 1) on the boundary: the margin is 0, the bound infinite")
### BEGIN HIDDEN TESTS
expect_value_error(X_and, y_and, np.zeros(2), 0.0, "w = 0 and b = 0")
expect_value_error(X_and, 1 - y_and, np.array([1.0, 1.0]), -1.5, "every label is on the wrong side")
expect_value_error(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0]), np.array([1.0, 1.0]),
                   -0.5, "the labels are XOR, which no boundary separates")
expect_value_error(np.array([[2.0], [-1.0]]), np.array([1, 0]), np.array([1.0]), -2.0, "the point 2 lies on the boundary x = 2")
mistake_bound(np.array([[2.0], [-1.0]]), np.array([1, 0]), np.array([1.0]), -1.0)  # separates: no error in 1-D
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_c_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part C: the perceptron update (4 points)
#
# For one sample $(x, y)$ with prediction $\hat y$, the perceptron learning rule is
#
# $$w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y),$$
#
# with the prediction $\hat y = 1$ when $w \cdot x + b \ge 0$ and $\hat y = 0$ otherwise (a sample exactly on the
# boundary counts as 1, as in lecture 01). Nothing changes when the prediction is right; a wrong one moves the
# boundary towards the sample.
#
# * In: `w` of shape `(d,)`, float `b`, one sample `x` of shape `(d,)`, its label `y` (0 or 1), `learning_rate` $\eta$.
# * Out: the tuple `(new_w, new_b)`. Do not modify `w` in place: return a new array.

# %% nbgrader={"grade": false, "grade_id": "update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perceptron_update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron learning rule.

    Parameters
    ----------
    w : ndarray of shape (d,)
    b : float
    x : ndarray of shape (d,)
    y : int, 0 or 1
    learning_rate : float

    Returns
    -------
    new_w : ndarray of shape (d,)
    new_b : float
    """
    ### BEGIN SOLUTION
    y_hat = int(x @ w + b >= 0)
    step = learning_rate * (y - y_hat)
    return w + step * x, b + step
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "update_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it: the sample is predicted 1 but labelled 0, so expect w = [-0.5 -1.5] and b = -1.0
print(perceptron_update(np.array([0.5, 0.5]), 0.0, np.array([1.0, 2.0]), 0, learning_rate=1.0))

# %% nbgrader={"grade": true, "grade_id": "update_rule", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check the update on a mistake, on a correct prediction, with a learning rate, and that w is not changed in place"""
w = np.array([0.5, 0.5])
result = checks.from_scratch(perceptron_update)(w, 0.0, np.array([1.0, 2.0]), 0, learning_rate=1.0)
checks.assert_returns(result, "perceptron_update", tuple)
new_w, new_b = result
checks.assert_allclose(new_w, [-0.5, -1.5], "new_w after a false positive", hint="w <- w + eta (y - y_hat) x with y - y_hat = -1.")
checks.assert_allclose(new_b, -1.0, "new_b after a false positive")
checks.assert_allclose(w, [0.5, 0.5], "the w you were given", hint="Return a new array instead of changing w in place (w = w + ..., not w += ...).")
new_w, new_b = perceptron_update(w, 0.0, np.array([1.0, 2.0]), 1, learning_rate=1.0)
checks.assert_allclose(new_w, w, "new_w after a correct prediction", hint="A correct prediction leaves w unchanged.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(11)
w, b, x = rng.normal(size=4), -0.2, rng.normal(size=4)
y_hat = int(x @ w + b >= 0)
y = 1 - y_hat
new_w, new_b = perceptron_update(w, b, x, y, learning_rate=0.1)
checks.assert_allclose(new_w, w + 0.1 * (y - y_hat) * x, "new_w with learning_rate 0.1 in 4-D")
checks.assert_allclose(new_b, b + 0.1 * (y - y_hat), "new_b with learning_rate 0.1", hint="The bias moves by eta (y - y_hat).")
for w, x, y, expected_w, expected_b in [([1.0, -1.0], [2.0, 2.0], 0, [-1.0, -3.0], -1.0),      # w.x + b = 0: y_hat = 1
                                        ([0.25, 0.25], [1.0, 1.0], 0, [-0.75, -0.75], -1.0),  # 0.5: y_hat = 1
                                        ([-0.25, -0.25], [1.0, 1.0], 1, [0.75, 0.75], 1.0)]:  # -0.5: y_hat = 0
    new_w, new_b = perceptron_update(np.array(w), 0.0, np.array(x), y)
    checks.assert_allclose(new_w, expected_w, f"new_w for w={w}, x={x}, y={y}", hint="y_hat = 1 when w.x + b >= 0.")
    checks.assert_allclose(new_b, expected_b, f"new_b for w={w}, x={x}, y={y}")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_d_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part D: the averaged perceptron (4 points)
#
# Lecture 01 trains the perceptron and keeps its **last** weights, which depend on the few samples it happened to
# get wrong at the end. The **averaged perceptron** (Freund and Schapire, 1999) returns instead the average of the
# weights over every step of training, a cheap ensemble of all the boundaries it went through, which usually
# generalises better. With $w_t, b_t$ the weights right after the $t$-th sample visit (mistake or not) and $T$ the
# number of visits,
#
# $$\bar w = \frac{1}{T} \sum_{t=1}^{T} w_t, \qquad \bar b = \frac{1}{T} \sum_{t=1}^{T} b_t.$$
#
# Start from $w = 0$, $b = 0$. One **epoch** visits every sample once, in the given order, and applies your update
# from Part C (when this part is graded, a reference version of Part C's update stands in for yours, so that a slip
# there does not cost you these points a second time). Count the mistakes (samples predicted wrongly *before* their
# update, with the current, not the averaged, weights) in each epoch. Stop after `num_epochs` epochs, or right after
# the first epoch with no mistake.
#
# * In: `X` `(N, d)`, `y` `(N,)` of 0/1, `num_epochs`, `learning_rate`.
# * Out: `(w_avg, b_avg, mistakes)`: the averaged weights $\bar w$ `(d,)` and bias $\bar b$, and `mistakes`, a
#   list with one integer per epoch run (so $T$ = `len(mistakes) * N`).
#
# The check trains on AND, whose averaged weights you can work out by hand, and on random separable and
# non-separable data, with one epoch and with many.

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_perceptron(X, y, num_epochs=100, learning_rate=1.0):
    """Train an averaged perceptron with the perceptron learning rule.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,), labels 0 or 1
    num_epochs : int
        Largest number of passes over the data.
    learning_rate : float

    Returns
    -------
    w_avg : ndarray of shape (d,)
        The weights after each sample visit, averaged over all visits.
    b_avg : float
        The bias after each sample visit, averaged over all visits.
    mistakes : list of int
        Mistakes in each epoch; training stops after the first epoch with none.
    """
    ### BEGIN SOLUTION
    w, b = np.zeros(X.shape[1]), 0.0
    w_sum, b_sum, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            errors += int(int(x_i @ w + b >= 0) != y_i)
            w, b = perceptron_update(w, b, x_i, y_i, learning_rate)
            w_sum, b_sum = w_sum + w, b_sum + b
        mistakes.append(errors)
        if errors == 0:
            break
    num_steps = len(mistakes) * len(y)
    return w_sum / num_steps, b_sum / num_steps, mistakes
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Try it on the AND function: it is linearly separable, so the mistakes reach 0 (after 6 epochs, 24 visits).
X_and = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y_and = np.array([0, 0, 0, 1])
w, b, mistakes = train_perceptron(X_and, y_and)
print("averaged w =", w, "averaged b =", b, "mistakes per epoch:", mistakes)

# %% nbgrader={"grade": true, "grade_id": "train_separable", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check the averaged perceptron on AND: mistakes per epoch, stop after the first clean epoch, averaged w and b"""
### BEGIN HIDDEN TESTS
def reference_update(w, b, x, y, learning_rate=1.0):
    """Part C's rule, in place of the submitted perceptron_update for this cell: a slip there is charged there only."""
    step = learning_rate * (y - int(x @ w + b >= 0))
    return w + step * x, b + step


your_update = perceptron_update
globals().update(perceptron_update=reference_update)
### END HIDDEN TESTS
result = checks.from_scratch(train_perceptron)(X_and, y_and, num_epochs=100, learning_rate=1.0)
checks.assert_returns(result, "train_perceptron", tuple)
w, b, mistakes = result
checks.assert_returns(mistakes, "mistakes", list)
assert all(isinstance(count, (int, np.integer)) for count in mistakes), (
    f"mistakes should hold one integer per epoch, got {mistakes}: count with integers, not floats.")
checks.assert_equal(mistakes, [2, 3, 3, 2, 1, 0], "mistakes per epoch on AND",
                    hint="Count a mistake before the update, visit the samples in order, start from zeros, and stop "
                         "right after the first epoch with none.")
checks.assert_allclose(w, [1.5, 19 / 24], "w_avg on AND (the mean of the weights after each of the 24 visits)",
                       hint="Average the weights after every visit, mistake or not; the last weights are [2, 1].")
checks.assert_allclose(b, -49 / 24, "b_avg on AND", hint="Average the bias over the same 24 visits.")
checks.assert_equal((X_and @ w + b >= 0).astype(int), y_and, "predictions of the averaged weights on AND")
### BEGIN HIDDEN TESTS
def averaged_reference(X, y, num_epochs, learning_rate):
    w, b, history, mistakes = np.zeros(X.shape[1]), 0.0, [], []
    for _ in range(num_epochs):
        wrong = 0
        for n in range(len(y)):
            error = y[n] - (1 if X[n] @ w + b >= 0 else 0)
            wrong += error != 0
            w, b = w + learning_rate * error * X[n], b + learning_rate * error
            history.append(np.append(w, b))
        mistakes.append(int(wrong))
        if wrong == 0:
            break
    mean = np.mean(history, axis=0)
    return mean[:-1], mean[-1], mistakes

rng = np.random.default_rng(5)
X = rng.normal(size=(60, 3))
y = (X @ np.array([1.0, -2.0, 0.5]) + 0.2 >= 0).astype(int)
X_xor, y_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])
try:
    for num_epochs, learning_rate in [(500, 0.5), (1, 1.0), (2, 0.1)]:
        w, b, mistakes = checks.from_scratch(train_perceptron)(X, y, num_epochs=num_epochs, learning_rate=learning_rate)
        w_ref, b_ref, mistakes_ref = averaged_reference(X, y, num_epochs, learning_rate)
        checks.assert_equal(mistakes, mistakes_ref,
                            f"mistakes per epoch on separable 3-D data, num_epochs={num_epochs}")
        checks.assert_allclose(w, w_ref, f"w_avg on separable 3-D data, num_epochs={num_epochs}")
        checks.assert_allclose(b, b_ref, f"b_avg on separable 3-D data, num_epochs={num_epochs}")
    w, b, mistakes = train_perceptron(X_xor, y_xor, num_epochs=7)
finally:
    globals().update(perceptron_update=your_update)
assert len(mistakes) == 7, f"XOR never separates: expected 7 epochs run with num_epochs=7, got {len(mistakes)}."
w_ref, b_ref, _ = averaged_reference(X_xor, y_xor, 7, 1.0)
checks.assert_allclose(w, w_ref, "w_avg on XOR after 7 epochs")
checks.assert_allclose(b, b_ref, "b_avg on XOR after 7 epochs")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_e_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part E: accuracy (2 points)
#
# The fraction of predictions equal to the labels: $\frac{1}{N}\sum_i [\hat y_i = y_i]$.
#
# * In: `y_true` and `y_pred`, integer arrays of shape `(N,)`. Out: a Python `float` in $[0, 1]$.
# * Raise a `ValueError` if the shapes differ: `y_true == y_pred` broadcasts `(N,)` against `(N, 1)` to `(N, N)`
#   without complaint, a common silent bug.

# %% nbgrader={"grade": false, "grade_id": "accuracy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def accuracy(y_true, y_pred):
    """Fraction of correct predictions.

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (N,)

    Returns
    -------
    float
    """
    ### BEGIN SOLUTION
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}.")
    return float(np.mean(y_true == y_pred))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "accuracy_values", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Check accuracy on a small example, its type, and the error for mismatched shapes"""
acc = checks.from_scratch(accuracy)(np.array([1, 0, 1, 1]), np.array([1, 1, 1, 0]))
checks.assert_returns(acc, "accuracy", float)
checks.assert_allclose(acc, 0.5, "accuracy([1,0,1,1], [1,1,1,0])")
try:
    accuracy(np.array([1, 0, 1]), np.array([[1], [0], [1]]))
except ValueError:
    pass
else:
    raise AssertionError("accuracy should raise ValueError when y_true and y_pred have different shapes, here (3,) "
                         "and (3, 1): y_true == y_pred would broadcast them to a (3, 3) array without complaint.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2)
a, b = rng.integers(0, 2, size=101), rng.integers(0, 2, size=101)
checks.assert_allclose(accuracy(a, b), np.mean(a == b), "accuracy on 101 random labels")
checks.assert_allclose(accuracy(a, a), 1.0, "accuracy of perfect predictions")
for y_true, y_pred in [(np.array([1]), np.array([1, 1, 1])), (np.array([0, 1]), np.array([0, 1, 1]))]:
    try:
        accuracy(y_true, y_pred)
    except ValueError:
        pass
    else:
        raise AssertionError(f"accuracy should raise ValueError for shapes {y_true.shape} and {y_pred.shape}.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part_f_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part F: zeros against ones on real digits (4 points)
#
# scikit-learn ships 1,797 handwritten digits of 8x8 pixels (values 0 to 16). Keep the zeros and the ones,
# scale the pixels to $[0, 1]$, and train your perceptron on the first 70 % of them.
#
# Complete `digits_zero_one()` so that it returns `X_train, X_test, y_train, y_test` for that task:
# `X` rows are the 64 pixels divided by 16, `y` is 1 for a "one" and 0 for a "zero", and the split keeps the first
# `round(train_fraction * N)` of the N selected images (in the data set's order) for training (252 of 360 for 70 %). The check trains
# scikit-learn's `Perceptron` (the rule of lecture 01, samples in order) on your split and expects a test accuracy of
# at least 0.93 (a perceptron stops at the first line that separates the training images, so do not expect 100 %);
# the cell after the function trains your averaged perceptron on it.

# %% nbgrader={"grade": false, "grade_id": "digits_data", "locked": false, "schema_version": 3, "solution": true, "task": false}
def digits_zero_one(train_fraction=0.7):
    """The zeros and ones of scikit-learn's digits, scaled to [0, 1] and split in order.

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
    X_test : ndarray of shape (n_test, 64)
    y_train : ndarray of shape (n_train,), 0 or 1
    y_test : ndarray of shape (n_test,), 0 or 1
    """
    X, y = course.load_digits()
    ### BEGIN SOLUTION
    keep = y <= 1
    X, y = X[keep] / 16.0, y[keep].astype(int)
    n_train = round(train_fraction * len(y))
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "digits_try", "locked": true, "schema_version": 3, "solution": false, "task": false}
X_train, X_test, y_train, y_test = digits_zero_one()
w, b, mistakes = train_perceptron(X_train, y_train, num_epochs=50)
print(f"{len(y_train)} training and {len(y_test)} test images; mistakes per epoch: {mistakes}")
print(f"test accuracy: {accuracy(y_test, (X_test @ w + b >= 0).astype(int)):.3f}")

# %% nbgrader={"grade": true, "grade_id": "digits_accuracy", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Check the digits split (sizes, scaling, labels) and that the trained perceptron reaches 0.93 test accuracy"""
X_train, X_test, y_train, y_test = digits_zero_one()
checks.assert_array(X_train, "X_train", shape=(252, 64))
checks.assert_array(X_test, "X_test", shape=(108, 64))
assert X_train.max() <= 1.0 and X_train.min() >= 0.0, "Scale the pixels to [0, 1] by dividing by 16."
assert set(np.unique(y_train)) == {0, 1}, f"y_train should hold only 0 and 1, got {np.unique(y_train)}."
from sklearn.linear_model import Perceptron

perceptron = Perceptron(shuffle=False, max_iter=50, tol=None).fit(X_train, y_train)
test_accuracy = perceptron.score(X_test, y_test)
assert test_accuracy >= 0.93, f"A perceptron trained on your split reaches {test_accuracy:.3f}, below 0.93: check the labels."
### BEGIN HIDDEN TESTS
X_train, X_test, y_train, y_test = digits_zero_one(train_fraction=0.5)
assert len(y_train) == 180 and len(y_test) == 180, f"train_fraction=0.5 should give 180/180, got {len(y_train)}/{len(y_test)}."
X_all, y_all = course.load_digits()
checks.assert_allclose(X_train[0], X_all[y_all <= 1][0] / 16, "the first training image", hint="Keep the data set's order.")
### END HIDDEN TESTS
