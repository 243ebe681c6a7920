# %% [markdown]
# # Lecture 01: The perceptron
#
# **After this lecture you can** write a threshold unit and a sigmoid neuron, train a perceptron with
# Rosenblatt's learning rule, draw its decision boundary, and explain why a single perceptron cannot learn XOR.
#
# **Prerequisites:** Python and NumPy; no earlier lecture. **Run time:** under 10 seconds on a laptop CPU.
#
# Sources: F. Rosenblatt, "The perceptron: a probabilistic model for information storage and organization in the
# brain", *Psychological Review* 65 (1958); A. Novikoff, "On convergence proofs for perceptrons" (1962);
# M. Minsky and S. Papert, *Perceptrons* (1969); M. Nielsen, *Neural Networks and Deep Learning*, chapter 1.

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
from sklearn import datasets

import course

course.setup(keras=False)  # this lecture needs no TensorFlow: it is never imported

# %% [markdown]
# ## The threshold unit
#
# A perceptron takes inputs $x \in \mathbb{R}^d$, weighs them with $w$, adds a bias $b$ and fires when the total is
# non-negative:
#
# $$a = \begin{cases} 1 & \text{if } w \cdot x + b \ge 0 \\ 0 & \text{otherwise.} \end{cases}$$
#
# The set of points where $w \cdot x + b = 0$ is a line in 2-D (a hyperplane in general): the **decision boundary**.
# $w$ is perpendicular to it and $|b| / \lVert w \rVert$ is its distance from the origin.

# %%
def threshold_unit(X, w, b):
    """a = 1 where w.x + b >= 0, else 0, for each row of X."""
    return (X @ w + b >= 0).astype(int)

X_gates = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
print("AND with w = (1, 1), b = -1.5:", threshold_unit(X_gates, np.array([1.0, 1.0]), -1.5))
print("OR  with w = (1, 1), b = -0.5:", threshold_unit(X_gates, np.array([1.0, 1.0]), -0.5))

# %% [markdown]
# Hand-picked weights already compute logic gates: AND fires only for $(1, 1)$, OR for any input with a 1.
# Learning means finding such weights from examples instead of by hand.

# %% [markdown]
# ## The sigmoid neuron
#
# The threshold jumps from 0 to 1, so a tiny change of $w$ can flip an output, and its derivative is zero almost
# everywhere: no gradient to learn from. The sigmoid neuron replaces the step by a smooth curve,
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad z = w \cdot x + b,$$
#
# which tends to 1 as $z \to \infty$ and to 0 as $z \to -\infty$. Scaling $w$ and $b$ by a factor $c$ sharpens it:
# as $c \to \infty$, $\sigma(c z)$ becomes the step again.

# %%
z = np.linspace(-6, 6, 400)
fig, ax = plt.subplots()
ax.plot(z, (z >= 0).astype(float), "k--", label="step: $[z \\geq 0]$")
for c in [0.5, 1, 4]:
    ax.plot(z, 1 / (1 + np.exp(-c * z)), label=f"$\\sigma({c}z)$")
ax.set(xlabel="$z$", ylabel="output", title="Sigmoid neurons approach the threshold unit")
ax.legend();

# %% [markdown]
# The larger the scale $c$, the closer the sigmoid comes to the step: the perceptron is the limit of a sigmoid
# neuron with very large weights.

# %% [markdown]
# ## A linearly separable data set
#
# Two clouds of 2-D points, one per class, away from the origin (so the bias matters). The clouds overlap, so we keep
# only the points at least $\delta = 0.2$ from the line halfway between their centres, perpendicular to the segment
# joining them: that line separates the classes with a margin, the setting where the perceptron is guaranteed to
# succeed. Points near the boundary remain, so it takes the perceptron several epochs.

# %%
num_samples, delta = course.pick(full=200, fast=100), 0.2
centers = np.array([[0.5, 2.0], [2.5, 3.0]])
u = (centers[1] - centers[0]) / np.linalg.norm(centers[1] - centers[0])  # unit normal of the halfway line
c = -u @ centers.mean(axis=0)                                            # its offset: u.x + c = 0 on the line

def separable_clouds(seed):
    X, y = datasets.make_blobs(n_samples=3 * num_samples, centers=centers, cluster_std=0.7, random_state=seed)
    keep = (2 * y - 1) * (X @ u + c) >= delta  # on the right side of the line, at least delta from it
    return X[keep][:num_samples], y[keep][:num_samples]

X, y = separable_clouds(seed=0)
X_test, y_test = separable_clouds(seed=1)
print(f"{len(X)} training and {len(X_test)} test points, {np.bincount(y)} per class")

# %% [markdown]
# ## The perceptron learning rule
#
# Visit the samples one at a time. For a sample $(x, y)$ with prediction $\hat y$,
#
# $$w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y).$$
#
# A right answer changes nothing. A false negative ($y = 1$, $\hat y = 0$) adds $\eta x$ to $w$, which raises
# $w \cdot x$ the next time; a false positive subtracts it. One pass over all samples is an **epoch**.

# %%
def train_perceptron(X, y, num_epochs, learning_rate=1.0):
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            w, b = w + learning_rate * (y_i - y_hat) * x_i, b + learning_rate * (y_i - y_hat)
            errors += int(y_hat != y_i)
        mistakes.append(errors)
        if errors == 0:
            break
    return w, b, mistakes

w, b, mistakes = train_perceptron(X, y, num_epochs=course.pick(full=50, fast=20))
train_accuracy = np.mean(threshold_unit(X, w, b) == y)
test_accuracy = np.mean(threshold_unit(X_test, w, b) == y_test)
print(f"mistakes per epoch: {mistakes}")
print(f"w = {np.round(w, 3)}, b = {b:.2f}; training accuracy {train_accuracy:.3f}, test accuracy {test_accuracy:.3f}")
course.claim("the perceptron separates the training set: no mistakes in its last epoch, training accuracy 1",
             mistakes[-1] == 0 and train_accuracy == 1.0, epochs=len(mistakes), last_mistakes=mistakes[-1])

# %% [markdown]
# The line above says whether, in this run, the mistakes fell to zero within the epochs allowed; when they do, the
# training accuracy is exactly 1.0. The test accuracy, measured on a second sample drawn the same way, is printed
# next to it. Novikoff's theorem guarantees convergence on separable data: append a constant 1 to every point (for the
# bias), $x' = (x, 1)$; if a unit vector $u'$ separates the classes with margin $\gamma = \min_i \pm\, u' \cdot x'_i$
# (sign $+$ for class 1) and every $x'_i$ lies within radius $R$ of the origin, the perceptron started at zero makes
# at most $(R / \gamma)^2$ mistakes in total, whatever the order of the samples. Our halfway line gives one such
# $u'$ (any separating line gives a valid bound; the widest margin gives the tightest), so we can set the bound
# beside the mistakes counted above.

# %%
X_aug = np.column_stack([X, np.ones(len(X))])
u_aug = np.append(u, c) / np.linalg.norm(np.append(u, c))
gamma = np.min((2 * y - 1) * (X_aug @ u_aug))
R = np.max(np.linalg.norm(X_aug, axis=1))
print(f"R = {R:.2f}, gamma = {gamma:.3f}: bound (R/gamma)^2 = {(R / gamma) ** 2:.0f}; "
      f"mistakes made: {sum(mistakes)} in {len(mistakes)} epochs")
course.claim("the perceptron made no more mistakes in total than Novikoff's bound (R/gamma)^2",
             gamma > 0 and sum(mistakes) <= (R / gamma) ** 2, mistakes=sum(mistakes), bound=(R / gamma) ** 2)

# %% [markdown]
# The bound is a worst case over every order of the samples and every data set with the same $R$ and $\gamma$, and
# the halfway line's margin is not the widest one, so the count can lie far below it; the line above prints both.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
course.plot_decision_boundary(lambda P: threshold_unit(P, w, b), X, y, ax=axes[0])
axes[0].set_title("learned boundary, training set")
axes[1].plot(np.arange(1, len(mistakes) + 1), mistakes, "o-")
axes[1].set(xlabel="epoch", ylabel="mistakes", title="mistakes per epoch")
fig.tight_layout()

# %% [markdown]
# The learned line runs between the two clouds (left), and the mistakes per epoch reach zero (right), not
# necessarily falling every epoch on the way.
# Nothing pushes the line to the *middle* of the gap: the perceptron stops at the first separating line it
# finds. A support-vector machine instead picks the line with the largest margin (Cortes and Vapnik, "Support-vector
# networks", 1995).

# %% [markdown]
# ## Where the perceptron fails: XOR
#
# XOR outputs 1 when exactly one input is 1. No line puts $(0, 1)$ and $(1, 0)$ on one side and $(0, 0)$ and
# $(1, 1)$ on the other, so the learning rule never settles: Minsky and Papert's famous objection (1969).

# %%
y_xor = np.array([0, 1, 1, 0])
w_xor, b_xor, mistakes_xor = train_perceptron(X_gates, y_xor, num_epochs=course.pick(full=100, fast=30))
xor_accuracy = np.mean(threshold_unit(X_gates, w_xor, b_xor) == y_xor)
print(f"XOR: mistakes in the last 5 of {len(mistakes_xor)} epochs: {mistakes_xor[-5:]}; accuracy {xor_accuracy:.2f}")
course.claim("on XOR every epoch has mistakes and the final weights get at most 3 of the 4 points right",
             min(mistakes_xor) > 0 and xor_accuracy <= 0.75, epochs=len(mistakes_xor),
             fewest_mistakes=min(mistakes_xor))

# %% [markdown]
# No line separates XOR, so every epoch must contain a mistake, however long we train, and no weights get more
# than 3 of the 4 points right; the checked line above confirms both for this run (the accuracy is that of the final
# weights). The cure is to stack units: a hidden layer computing
# OR and NAND, followed by an AND, solves XOR, which is where lecture 02 (the multi-layer perceptron) starts.

# %%
fig, ax = plt.subplots(figsize=(4.5, 4))
course.plot_decision_boundary(lambda P: threshold_unit(P, w_xor, b_xor), X_gates, y_xor, ax=ax, padding=0.6)
ax.set_title(f"XOR after training: {xor_accuracy:.0%} of the 4 points right");

# %% [markdown]
# ## Move the boundary yourself
#
# Drag $w_1$, $w_2$ and $b$ and watch the boundary and the training accuracy. Try to separate the clouds by hand,
# then compare with the learned $w$ and $b$ above. (Where nothing runs the notebook, as on the course's web site, you
# see the figure for the starting values.)

# %%
def draw_boundary(w1, w2, b):
    w_manual = np.array([w1, w2])
    fig, ax = plt.subplots(figsize=(4.5, 4))
    course.plot_decision_boundary(lambda P: threshold_unit(P, w_manual, b), X, y, ax=ax)
    accuracy = np.mean(threshold_unit(X, w_manual, b) == y)
    ax.set_title(f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}: accuracy {accuracy:.2f}")
    return fig

sliders = {name: ipywidgets.FloatSlider(value=value, min=-3, max=3, step=0.1, description=name, continuous_update=False)
           for name, value in [("w1", 1.0), ("w2", -1.0), ("b", 0.0)]}
controls = course.interactive_figure(draw_boundary, **sliders)

# %% [markdown]
# ## Summary
#
# * A threshold unit computes $[w \cdot x + b \ge 0]$: a linear decision boundary with normal vector $w$.
# * The sigmoid $\sigma(z) = 1 / (1 + e^{-z})$ is a smooth threshold; smoothness is what makes gradient-based
#   learning possible (lecture 02).
# * The perceptron rule $w \leftarrow w + \eta (y - \hat y) x$ changes the weights only on mistakes and converges
#   on linearly separable data (Novikoff's bound).
# * On data that no line separates, such as XOR, it never converges: one layer is not enough.
#
# ## Exercises
#
# 1. Give weights and a bias by hand for NAND. Why does NAND alone suffice to build any Boolean circuit, and what
#    does that say about networks of perceptrons?
# 2. Train on the blobs with `learning_rate=0.01` instead of 1. Does the number of epochs change? Why not?
#    (Hint: start from $w = 0$ and look at what $\eta$ multiplies.)
# 3. Keep every point in `separable_clouds` (drop the `keep` filter), so the clouds overlap. What happens to the
#    mistakes per epoch, and to the final weights?
# 4. Add the feature $x_1 x_2$ to the XOR inputs. Can a perceptron now learn XOR? Draw the boundary in the original
#    2-D plane.
