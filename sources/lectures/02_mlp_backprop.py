# %% [markdown]
# # Lecture 02: The multi-layer perceptron and backpropagation
#
# **After this lecture you can** compute the forward pass of a multi-layer perceptron, derive the four
# backpropagation equations with the chain rule and implement them in NumPy, check them against numerical gradients,
# train a small network with them, and explain why gradients vanish or explode in deep sigmoid networks.
#
# **Prerequisites:** lecture 01 (the perceptron). **Run time:** under a minute on a laptop CPU.
#
# Sources: D. Rumelhart, G. Hinton and R. Williams, "Learning representations by back-propagating errors", *Nature*
# 323 (1986); G. Cybenko, "Approximation by superpositions of a sigmoidal function" (1989); K. Hornik, "Approximation
# capabilities of multilayer feedforward networks" (1991); M. Nielsen, *Neural Networks and Deep Learning*,
# chapters 2, 4 and 5; X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural
# networks" (2010).

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
from sklearn import model_selection

import course

course.setup(keras=False)  # this lecture needs no TensorFlow: it is never imported

# %% [markdown]
# ## From the perceptron to the multi-layer perceptron: XOR
#
# Lecture 01 ended with XOR, which no single threshold unit computes. Two layers do: a hidden layer of two units
# computes OR and NAND of the inputs, and an output unit computes the AND of those two. Written with a weight matrix
# per layer, each layer is "multiply by $W$, add $b$, apply the step":
#
# $$h = \mathrm{step}(W^1 x + b^1), \qquad \hat y = \mathrm{step}(W^2 h + b^2).$$

# %%
step = lambda z: (z >= 0).astype(float)
X_xor = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)  # one column per input point
y_xor = np.array([[0, 1, 1, 0]], dtype=float)
W1, b1 = np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([[-0.5], [1.5]])  # rows: OR, NAND
W2, b2 = np.array([[1.0, 1.0]]), np.array([[-1.5]])                        # AND
h = step(W1 @ X_xor + b1)
print("hidden (OR, NAND):\n", h)
print("output:", step(W2 @ h + b2), " XOR:", y_xor)

# %% [markdown]
# The output row equals XOR on all four inputs. The hidden layer has moved the points: in the plane of $(h_1, h_2)$
# below, the two classes are separated by a line, which is all the output unit can draw.

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.5))
for ax, points, title in [(axes[0], X_xor, "input space $(x_1, x_2)$"), (axes[1], h, "hidden space (OR, NAND)")]:
    ax.scatter(*points, c=np.where(y_xor[0] == 1, "C0", "C3"), s=120, edgecolor="k")  # class 1 blue, 0 red
    ax.set(title=title, xlim=(-0.3, 1.3), ylim=(-0.3, 1.3))
axes[1].plot([-0.3, 1.3], [1.8, 0.2], "k--", label="$h_1 + h_2 = 1.5$")
axes[1].legend(loc="lower left");

# %% [markdown]
# In input space (left) no line separates red from blue. In hidden space (right) the class-0 inputs $(0,0)$ and
# $(1,1)$ land on $(0, 1)$ and $(1, 0)$, below the dashed line, and both class-1 inputs land on $(1, 1)$, above it.
# Hand-picking weights does not scale, though, and the step has no useful derivative. The rest of the lecture
# replaces the step by a smooth $\sigma$ and learns all weights by gradient descent, with gradients computed by
# backpropagation (Rumelhart, Hinton and Williams 1986).

# %% [markdown]
# ## The forward pass
#
# A network with layers $l = 0, 1, \dots, L$ has $n_l$ neurons in layer $l$. The weight $w^l_{jk}$ connects neuron
# $k$ of layer $l-1$ to neuron $j$ of layer $l$, so $W^l$ has shape $(n_l, n_{l-1})$ and $b^l$ has shape $(n_l, 1)$.
# With the input $a^0 = x$,
#
# $$z^l = W^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l), \qquad l = 1, \dots, L.$$
#
# We put $m$ inputs side by side as the columns of $a^0$, so $z^l$ and $a^l$ have shape $(n_l, m)$ and
# broadcasting adds $b^l$ to every column. The lists below are indexed by $l$ (`W[l]` is $W^l$; index 0 is unused
# for the parameters).

# %%
def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))  # clip: no overflow warning

activations = {  # name: (sigma, sigma_prime)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
}

def init_network(sizes, rng, weight_scale=1.0):
    """W^l ~ N(0, weight_scale^2 / n_{l-1}) of shape (n_l, n_{l-1}); b^l = 0 of shape (n_l, 1)."""
    W = [None] + [rng.normal(0, weight_scale / np.sqrt(n_in), (n_out, n_in))
                  for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    b = [None] + [np.zeros((n_out, 1)) for n_out in sizes[1:]]
    return W, b

# %%
def forward(W, b, x, activation="sigmoid"):
    """Return the lists z[l] and a[l], l = 0..L, for inputs x of shape (n_0, m)."""
    sigma, L = activations[activation][0], len(W) - 1
    z, a = [None] * (L + 1), [x] + [None] * L
    for l in range(1, L + 1):
        z[l] = W[l] @ a[l - 1] + b[l]
        a[l] = sigma(z[l])
    return z, a

# %% [markdown]
# A network for the 8x8 digit images: 64 inputs, 30 hidden neurons, 10 outputs, applied to 5 images at once.

# %%
X_digits, y_digits = course.load_digits()
rng = np.random.default_rng(0)
W, b = init_network([64, 30, 10], rng)
z, a = forward(W, b, X_digits[:5].T / 16)
for l in range(1, len(W)):
    print(f"l = {l}: W^{l} {W[l].shape} @ a^{l - 1} {a[l - 1].shape} + b^{l} {b[l].shape} -> a^{l} {a[l].shape}")

# %% [markdown]
# Each $a^l$ has one row per neuron and one column per image; the last one, $a^L$ of shape $(10, 5)$, holds the
# network's ten outputs for each of the five images.

# %% [markdown]
# ## The chain rule on nested functions
#
# A network is a nested function: the cost depends on $a^L$, which depends on $z^L$, which depends on $a^{L-1}$,
# and so on down to the weights of the first layer. The chain rule differentiates such a composition by multiplying
# the derivatives of its pieces: if $C = f(u)$ and $u = g(v)$, then $dC/dv = (dC/du)(du/dv)$.
#
# The simplest deep network is a chain of four neurons, one per layer (Nielsen, chapter 5). With the quadratic
# cost $C = (a_4 - y)^2 / 2$ the chain rule gives, factor by factor from the input side,
#
# $$\frac{\partial C}{\partial b_1} = \sigma'(z_1)\, w_2\, \sigma'(z_2)\, w_3\, \sigma'(z_3)\, w_4\, \sigma'(z_4)\,
# \frac{\partial C}{\partial a_4}, \qquad \frac{\partial C}{\partial a_4} = a_4 - y.$$

# %%
W_chain, b_chain = init_network([1, 1, 1, 1, 1], np.random.default_rng(1), weight_scale=2.0)
x_chain, y_chain = np.array([[0.5]]), np.array([[1.0]])
z, a = forward(W_chain, b_chain, x_chain)
sigma_prime = activations["sigmoid"][1]
chain_rule = sigma_prime(z[1]) * np.prod([W_chain[l] * sigma_prime(z[l]) for l in range(2, 5)]) * (a[4] - y_chain)
cost_chain = lambda _: np.sum((forward(W_chain, b_chain, x_chain)[1][4] - y_chain) ** 2) / 2
numerical = course.numerical_gradient(cost_chain, b_chain[1])
print(f"dC/db_1: chain rule {chain_rule.item():.10f}, numerical {numerical.item():.10f}")

# %% [markdown]
# The product of the factors agrees with the finite-difference estimate to the digits printed. Note that
# $\sigma' \le 1/4$ appears once per layer: keep this product in mind for the section on vanishing gradients.

# %% [markdown]
# ## The four equations of backpropagation
#
# The cost $C$ of a batch of $m$ inputs is the mean of the per-input costs; we use the quadratic cost
# $C = \frac{1}{2m}\sum_x \lVert a^L(x) - y(x) \rVert^2$, so $\nabla_a C = (a^L - y) / m$. Define the **error** of
# neuron $j$ in layer $l$ as the sensitivity of the cost to its weighted input:
#
# $$\delta^l_j = \frac{\partial C}{\partial z^l_j}.$$
#
# **BP1, the output layer.** $a^L_j = \sigma(z^L_j)$ depends on $z^L_j$ only, so one step of the chain rule gives
#
# $$\delta^L_j = \frac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j), \qquad
# \delta^L = \nabla_a C \odot \sigma'(z^L).$$
#
# **BP2, from layer $l+1$ back to layer $l$.** $z^l_j$ influences $C$ only through the weighted inputs of the next
# layer, $z^{l+1}_k = \sum_j w^{l+1}_{kj}\, \sigma(z^l_j) + b^{l+1}_k$, so $\partial z^{l+1}_k / \partial z^l_j =
# w^{l+1}_{kj}\,\sigma'(z^l_j)$ and, summing over all paths through layer $l+1$,
#
# $$\delta^l_j = \sum_k \frac{\partial C}{\partial z^{l+1}_k} \frac{\partial z^{l+1}_k}{\partial z^l_j}
# = \sum_k w^{l+1}_{kj}\, \delta^{l+1}_k\, \sigma'(z^l_j), \qquad
# \delta^l = \left((W^{l+1})^T \delta^{l+1}\right) \odot \sigma'(z^l).$$
#
# **BP3 and BP4, the parameters.** $z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j$, so $\partial z^l_j / \partial b^l_j = 1$
# and $\partial z^l_j / \partial w^l_{jk} = a^{l-1}_k$:
#
# $$\frac{\partial C}{\partial b^l_j} = \delta^l_j, \qquad \frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\,
# \delta^l_j.$$
#
# $\odot$ is the element-wise product. For a batch, $\delta^l$ has one column per input; BP3 and BP4 then sum over
# the columns (the $1/m$ of the mean is already inside $\nabla_a C$), and BP4 for all $j, k$ at once is the matrix
# product $\delta^l (a^{l-1})^T$. One forward pass and one backward pass give every derivative: this is
# backpropagation (Rumelhart, Hinton and Williams 1986; Nielsen, chapter 2).

# %% [markdown]
# ## Backpropagation in NumPy
#
# The code follows the equations line by line, with the same symbols.

# %%
def cost(W, b, x, y, activation="sigmoid"):
    """Quadratic cost C = sum ||a^L - y||^2 / (2m) of the m columns of x and y."""
    a_L = forward(W, b, x, activation)[1][-1]
    return np.sum((a_L - y) ** 2) / (2 * x.shape[1])

def backprop(W, b, x, y, activation="sigmoid"):
    """Return the lists dC/dW[l] and dC/db[l], l = 1..L, shaped like W[l] and b[l]."""
    sigma_prime, L, m = activations[activation][1], len(W) - 1, x.shape[1]
    z, a = forward(W, b, x, activation)
    delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    delta[L] = (a[L] - y) / m * sigma_prime(z[L])                       # BP1, grad_a C = (a^L - y) / m
    for l in range(L, 0, -1):
        if l < L:
            delta[l] = (W[l + 1].T @ delta[l + 1]) * sigma_prime(z[l])   # BP2
        db[l] = delta[l].sum(axis=1, keepdims=True)                      # BP3, summed over the batch
        dW[l] = delta[l] @ a[l - 1].T                                    # BP4: sum over x of delta_j a_k
    return dW, db

# %% [markdown]
# ## Checking the gradients numerically
#
# A wrong gradient rarely crashes: training just goes worse. So we compare each $\partial C / \partial W^l$ and
# $\partial C / \partial b^l$ with centred differences, $\bigl(C(w + h) - C(w - h)\bigr) / 2h$, element by element.
# `course.gradcheck` returns the largest relative error $|g - \hat g| / \max(|g|, |\hat g|)$; in float64 a correct
# gradient gives about $10^{-7}$ or less, a bug gives $10^{-2}$ or more (CS231n's rule of thumb). We check a sigmoid
# and a ReLU network with three layers on four random inputs.

# %%
rng = np.random.default_rng(3)
x_check, y_check = rng.normal(size=(3, 4)), rng.uniform(size=(2, 4))
errors = []
for activation in ["sigmoid", "relu"]:
    W_check, b_check = init_network([3, 4, 4, 2], rng)
    b_check = [None] + [rng.normal(size=b_l.shape) for b_l in b_check[1:]]  # nonzero biases: a harder test
    dW, db = backprop(W_check, b_check, x_check, y_check, activation)
    C = lambda _: cost(W_check, b_check, x_check, y_check, activation)  # reads W_check, b_check changed in place
    for l in range(1, len(W_check)):
        errors += [course.gradcheck(C, dW[l], W_check[l]), course.gradcheck(C, db[l], b_check[l])]
        print(f"{activation:>7}, layer {l}: relative error dC/dW^{l} {errors[-2]:.1e}, dC/db^{l} {errors[-1]:.1e}")
course.claim("backprop agrees with centred differences: every relative error is below 1e-7", max(errors) < 1e-7,
             largest_relative_error=max(errors))

# %% [markdown]
# When the checked line above holds, every relative error is far below the $10^{-2}$ of a buggy gradient: the
# four equations and their implementation agree with the definition of the derivative, in every layer and for both
# activations. (With other random draws a gradient element that happens to lie close to zero can lift
# the largest relative error above $10^{-7}$ without any bug; exercise 3 explores this.)

# %% [markdown]
# ## Training with backpropagation: XOR learned
#
# Gradient descent now needs only a loop: draw a mini-batch, backpropagate, step every $W^l$ and $b^l$ against its
# gradient, $W^l \leftarrow W^l - \eta\, \partial C / \partial W^l$. One pass over the shuffled training set in
# mini-batches is an epoch. The loop can also add **momentum** $\mu$: it keeps the last step $V^l$ and adds a
# fraction of it to the next, $V^l \leftarrow \mu V^l - \eta\, \partial C / \partial W^l$,
# $W^l \leftarrow W^l + V^l$, so that steps in a consistent direction build up speed ($\mu = 0$ is plain gradient
# descent; lecture 05 studies momentum and other optimisers). First XOR, with two inputs, three sigmoid hidden neurons
# and one sigmoid output, without momentum.

# %%
def train(W, b, x, y, num_epochs, learning_rate, batch_size, rng, activation="sigmoid", momentum=0.0):
    """Mini-batch gradient descent (with optional momentum) on the columns of x, y; W, b change in place."""
    velocity = [None] + [(np.zeros_like(W_l), np.zeros_like(b_l)) for W_l, b_l in zip(W[1:], b[1:])]
    for epoch in range(num_epochs):
        order = rng.permutation(x.shape[1])
        for batch in np.array_split(order, max(1, x.shape[1] // batch_size)):
            dW, db = backprop(W, b, x[:, batch], y[:, batch], activation)
            for l in range(1, len(W)):
                velocity[l] = (momentum * velocity[l][0] - learning_rate * dW[l],
                               momentum * velocity[l][1] - learning_rate * db[l])
                W[l] += velocity[l][0]
                b[l] += velocity[l][1]

# %%
rng = np.random.default_rng(3)
W_xor, b_xor = init_network([2, 3, 1], rng)
train(W_xor, b_xor, X_xor, y_xor, num_epochs=course.pick(full=3000, fast=2000), learning_rate=5.0, batch_size=4,
      rng=rng)
a_L = forward(W_xor, b_xor, X_xor)[1][-1]
print(f"outputs a^L for (0,0), (0,1), (1,0), (1,1): {np.round(a_L[0], 3)}; cost {cost(W_xor, b_xor, X_xor, y_xor):.1e}")
course.claim("the trained network computes XOR: every output is on the right side of 0.5",
             np.array_equal(a_L[0] > 0.5, y_xor[0] == 1), outputs=np.round(a_L[0], 3))

# %%
fig = course.plot_decision_boundary(lambda P: forward(W_xor, b_xor, P.T)[1][-1][0], X_xor.T, y_xor[0], padding=0.6)
fig.axes[0].set_title("XOR learned by a 2-3-1 sigmoid network");

# %% [markdown]
# When the checked line holds, the outputs are below 0.5 for $(0,0)$ and $(1,1)$ and above it for the other two
# (how close they come to 0 and 1 is printed): gradient descent found hidden features that make XOR separable, as our
# hand-made OR and NAND did. The plot shows the region the network assigns to each class; a region for class 0 that
# contains $(0,0)$ and $(1,1)$ but neither of the other corners is not a half-plane, a shape no single perceptron can
# draw.

# %% [markdown]
# ## Universality: more hidden neurons, closer fits
#
# How much can one hidden layer do? Cybenko (1989) proved that sums of sigmoids $\sum_j v_j\,\sigma(w_j x + b_j)$
# approximate any continuous function on a bounded interval as closely as we like, given enough terms; Hornik
# (1991) showed that the choice of the nonlinearity hardly matters. Nielsen's chapter 4 gives a visual proof: two
# steep sigmoids make a bump, and bumps add up to any curve. Here we fit the wiggly function
# $f(x) = 0.4 \sin(6x) + 0.3 \sin(15x)\, e^{-2x^2}$ on $[-1, 1]$, 200 evenly spaced points, with one hidden layer
# of 2, 8 and 32 tanh neurons (the output neuron is tanh too, which is fine since $|f| \le 0.7 < 1$), trained with our
# backprop, full batches and momentum $\mu = 0.9$.

# %%
x_1d = np.linspace(-1, 1, 200)[np.newaxis, :]  # shape (1, 200): 200 inputs
f_1d = 0.4 * np.sin(6 * x_1d) + 0.3 * np.sin(15 * x_1d) * np.exp(-2 * x_1d ** 2)
fits, costs_1d = {}, {}
for num_hidden in [2, 8, 32]:
    rng = np.random.default_rng(4)
    W_1d, b_1d = init_network([1, num_hidden, 1], rng, weight_scale=3.0)
    b_1d[1] = rng.normal(0, 1.5, size=b_1d[1].shape)  # spread the tanh centres over the interval
    train(W_1d, b_1d, x_1d, f_1d, num_epochs=course.pick(full=3000, fast=1000), learning_rate=0.5,
          batch_size=200, rng=rng, activation="tanh", momentum=0.9)
    fits[num_hidden] = forward(W_1d, b_1d, x_1d, "tanh")[1][-1]
    costs_1d[num_hidden] = cost(W_1d, b_1d, x_1d, f_1d, "tanh")
    print(f"{num_hidden:>2} hidden neurons: cost {costs_1d[num_hidden]:.1e} on the 200 points")
course.claim("the cost falls as the hidden layer grows from 2 to 8 to 32 neurons",
             costs_1d[2] > costs_1d[8] > costs_1d[32], **{f"cost_{k}": v for k, v in costs_1d.items()})

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.3), sharey=True)
for ax, (num_hidden, fit) in zip(axes, fits.items()):
    ax.plot(x_1d[0], f_1d[0], "k", lw=3, alpha=0.3, label="target $f(x)$")
    ax.plot(x_1d[0], fit[0], "C1", label="network")
    ax.set(title=f"{num_hidden} hidden neurons", xlabel="$x$")
axes[0].legend()
fig.tight_layout()

# %% [markdown]
# Two tanh neurons can only bend the curve a couple of times; more neurons can follow more wiggles. The plots show
# how closely each network follows the target in this run, and the checked line says whether the cost fell with
# every increase of the hidden layer. Universality says such a network *exists*; it says nothing about how many
# neurons are needed or whether gradient descent finds it, which is what the rest of the course is about.

# %% [markdown]
# ## A network on real data: the 8x8 digits
#
# Now a classifier trained with the same code: scikit-learn's digits, pixels scaled to $[0, 1]$, a 64-30-10 sigmoid
# network with one output neuron per digit and one-hot targets $y$, quadratic cost and mini-batch gradient descent
# as in Nielsen's chapter 1. We keep 25 % of the images as a test set. We plot its accuracy after every epoch to
# watch training, but choose nothing on it (choices need a separate validation set, lecture 04).

# %%
print("data:", course.dataset_info("digits"))
X_train, X_test, y_train, y_test = model_selection.train_test_split(
    X_digits / 16, y_digits, test_size=0.25, random_state=0, stratify=y_digits)
Y_train = np.eye(10)[y_train].T  # one-hot, shape (10, m): one column per image
rng = np.random.default_rng(5)
W_digits, b_digits = init_network([64, 30, 10], rng)
accuracy = lambda X, y: np.mean(forward(W_digits, b_digits, X.T)[1][-1].argmax(axis=0) == y)
test_accuracies = []
for epoch in range(course.pick(full=30, fast=10)):
    train(W_digits, b_digits, X_train.T, Y_train, num_epochs=1, learning_rate=3.0, batch_size=10, rng=rng)
    test_accuracies.append(accuracy(X_test, y_test))
print(f"{len(X_train)} training / {len(X_test)} test images; after {len(test_accuracies)} epochs: "
      f"training accuracy {accuracy(X_train, y_train):.3f}, test accuracy {test_accuracies[-1]:.3f}")

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(np.arange(1, len(test_accuracies) + 1), test_accuracies, "o-")
ax.set(xlabel="epoch", ylabel="test accuracy", title="64-30-10 sigmoid network on the digits test set")
fig.tight_layout()

# %% [markdown]
# The test accuracy printed above, on images the network never saw, comes from a few dozen lines of NumPy: the
# forward pass, the four equations and the update loop. Lecture 03 replaces the quadratic cost and the sigmoid output
# by choices that learn faster.

# %% [markdown]
# ## Vanishing and exploding gradients
#
# Why not simply stack many layers? Backpropagation multiplies, per layer, by $(W^{l+1})^T$ and by $\sigma'(z^l)$,
# exactly as in the chain of four neurons above. For the sigmoid $\sigma' \le 1/4$, so with weights of moderate size
# the error $\delta^l$ shrinks layer by layer towards the input: the early layers barely learn (Nielsen, chapter 5;
# Glorot and Bengio 2010). With ReLU, $\sigma' = 1$ wherever the unit is active, and the weight scale alone decides
# whether the signals shrink or grow from layer to layer: forwards the activations $a^l$, backwards the errors
# $\delta^l$. We compute $\lVert \partial C / \partial W^l \rVert$ and the root mean square of the activations,
# $\mathrm{rms}(a^l)$, for every layer of a 10-layer network (nine hidden layers of 30 neurons) on 100 digit images,
# at initialisation, with weights drawn from $N(0, s^2 / n_{l-1})$.

# %%
x_deep = (X_digits[:100] - X_digits.mean(axis=0)).T / 16  # centred pixels, shape (64, 100)
y_deep = np.eye(10)[y_digits[:100]].T
deep_sizes = [64] + [30] * 9 + [10]

def gradient_norms(activation, weight_scale):
    W_deep, b_deep = init_network(deep_sizes, np.random.default_rng(6), weight_scale)
    dW, _ = backprop(W_deep, b_deep, x_deep, y_deep, activation)
    return np.array([np.linalg.norm(dW[l]) for l in range(1, len(dW))])

def activation_rms(activation, weight_scale):
    W_deep, b_deep = init_network(deep_sizes, np.random.default_rng(6), weight_scale)  # the same weights
    a = forward(W_deep, b_deep, x_deep, activation)[1]
    return np.array([np.sqrt(np.mean(a[l] ** 2)) for l in range(1, len(a))])

settings = {"sigmoid, s = 1": ("sigmoid", 1.0), "ReLU, s = 1.41": ("relu", np.sqrt(2)), "ReLU, s = 2": ("relu", 2.0),
            "tanh, s = 8": ("tanh", 8.0)}
norms = {label: gradient_norms(*setting) for label, setting in settings.items()}
for label, norm in norms.items():
    print(f"{label:>14}: ||dC/dW^1|| {norm[0]:.1e}, ||dC/dW^10|| {norm[-1]:.1e}, first / last {norm[0] / norm[-1]:.1e}")
factor = norms["ReLU, s = 2"][0] / norms["ReLU, s = 1.41"][0]
print(f"ReLU with s = 2 versus s = 1.41: {factor:.0f} times larger gradient at layer 1 "
      f"(the nine factors s / sqrt(2) alone give {(2 / np.sqrt(2)) ** 9:.0f})")
sigmoid_ratio = norms["sigmoid, s = 1"][0] / norms["sigmoid, s = 1"][-1]
course.claim("sigmoid: the first layer's gradient is over 100 times smaller than the last layer's",
             sigmoid_ratio < 1e-2, first_over_last=sigmoid_ratio)
rms = {s: activation_rms("relu", s) for s in [1.0, np.sqrt(2), 2.0]}
he_spread = np.ptp(np.log10(rms[np.sqrt(2)]))
print("ReLU, rms(a^10) / rms(a^1) for s = 1, 1.41, 2:", ", ".join(f"{r[-1] / r[0]:.2g}" for r in rms.values()))
course.claim("ReLU with s = 1.41 (He): the activations of all ten layers are within a factor of 10 of each other",
             he_spread < 1, decades_between_largest_and_smallest=he_spread)
course.claim("ReLU: s = 1 shrinks and s = 2 grows the activations more than tenfold from layer 1 to layer 10",
             rms[1.0][-1] / rms[1.0][0] < 0.1 and rms[2.0][-1] / rms[2.0][0] > 10,
             ratio_s_1=rms[1.0][-1] / rms[1.0][0], ratio_s_2=rms[2.0][-1] / rms[2.0][0])
course.claim("ReLU with s = 2 has the larger gradient in every layer",
             np.all(norms["ReLU, s = 2"] > norms["ReLU, s = 1.41"]), factor_at_layer_1=factor)
course.claim("ReLU, s = 2 against s = 1.41: the layer-1 gradient grows by more than the nine factors s / sqrt(2) give",
             factor > (2 / np.sqrt(2)) ** 9, factor_at_layer_1=factor, nine_factors=(2 / np.sqrt(2)) ** 9)
course.claim("tanh with s = 8: the gradients explode, the first layer's over 10 times the last layer's",
             norms["tanh, s = 8"][0] > 10 * norms["tanh, s = 8"][-1],
             first_over_last=norms["tanh, s = 8"][0] / norms["tanh, s = 8"][-1])

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.5))
for label, norm in norms.items():
    ax.semilogy(np.arange(1, len(norm) + 1), norm, "o-", label=label)
ax.set(xlabel="layer $l$ (1 = next to the input)", ylabel=r"$\|\partial C / \partial W^l\|$",
       title="Gradient norm per layer, 10-layer network at initialisation")
ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# The checked lines above test, on these 100 images and this draw of the weights, what the theory predicts. In
# the sigmoid network the gradient of the first layer is orders of magnitude smaller than that of the last: the
# layers near the input would hardly move, the vanishing gradient problem. With ReLU each layer multiplies the
# signals by about $s / \sqrt 2$: with $s \approx \sqrt 2$ (He initialisation) the activations keep their size
# through the ten layers, with $s = 1$ they shrink and with $s = 2$ they grow, by the ratios printed. The same
# factor applies backwards to $\delta^l$, so in $\partial C / \partial W^l = \delta^l (a^{l-1})^T$ layer $l$ gets
# about $(s / \sqrt 2)^{l-1}$ from the forward pass and $(s / \sqrt 2)^{L-l}$ from the backward pass, the same
# $(s / \sqrt 2)^{L-1}$ for every layer: at every scale the ReLU gradient norms are level across layers (the slider
# below shows it), and $s$ only sets their common size, larger for $s = 2$ in every layer (at layer 1 by the factor
# printed). A checked line says whether that factor is larger than the $(2 / \sqrt 2)^{9} \approx 23$ of the nine
# factors $s / \sqrt 2$ alone (printed beside it); it is when the output error $\delta^L \propto a^L - y$ grows with
# $s$ too, as it does once the outputs $a^L$ outgrow the one-hot targets. The gradient profile alone therefore
# cannot tell a good ReLU scale from a bad one; the activations can. And tanh with large weights makes the gradients
# grow towards the input: they explode.

# %% [markdown]
# ## Explore: weight scale and activation
#
# Pick an activation and the weight scale $s$ and watch the activations (left) and the gradient norms (right) per
# layer of the same 10-layer network. The values are precomputed for every slider position, so the figure only
# replots. (Without a widget front end you see the figure for the starting values.)

# %%
scales = [0.5, 0.75, 1.0, 1.41, 2.0, 3.0, 4.0, 8.0]
precomputed = {(activation, s): (activation_rms(activation, s), gradient_norms(activation, s))
               for activation in activations for s in scales}
sigmoid_ratios = [precomputed["sigmoid", s][1][0] / precomputed["sigmoid", s][1][-1] for s in scales]
course.claim("sigmoid: the first layer's gradient is below the last layer's at every scale s on the slider",
             max(sigmoid_ratios) < 1, largest_first_over_last=max(sigmoid_ratios))
relu_gradient_spreads = [np.ptp(np.log10(precomputed["relu", s][1])) for s in scales]
course.claim("ReLU: at every scale s on the slider all ten gradient norms are within a factor of 10 of each other",
             max(relu_gradient_spreads) < 1, largest_spread_in_decades=max(relu_gradient_spreads))

def draw_norms(activation, weight_scale):
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, values, label in zip(axes, precomputed[(activation, weight_scale)],
                                 [r"$\mathrm{rms}(a^l)$", r"$\|\partial C / \partial W^l\|$"]):
        ax.bar(np.arange(1, len(values) + 1), values, color="C0")
        ax.set(yscale="log", ylim=(1e-10, 1e16), yticks=10.0 ** np.arange(-10, 17, 5), xticks=range(1, 11))
        ax.minorticks_off()  # fewer ticks to draw: a faster redraw
        ax.set(xlabel="layer $l$", ylabel=label, title=f"{label}: first / last = {values[0] / values[-1]:.1e}")
    fig.suptitle(f"{activation}, s = {weight_scale}")
    fig.tight_layout()
    return fig

controls = course.interactive_figure(
    draw_norms,
    activation=ipywidgets.Dropdown(options=list(activations), value="sigmoid"),
    weight_scale=ipywidgets.SelectionSlider(options=scales, value=1.0, description="s", continuous_update=False))

# %% [markdown]
# For the sigmoid the first layer's gradient stays below the last layer's at every scale on the slider (the titles
# give the ratios; the checked line above tests all eight scales), since $\sigma' \le 1/4$; tanh makes the gradients
# grow towards the input for large $s$; with ReLU the gradient bars stay level at every scale (the second checked
# line above) and only move up or down together, while the activations (left) stay level only near $s = \sqrt 2$.
# Choosing the scale so that signals keep their size from layer to layer is the idea behind Glorot initialisation
# (Glorot and Bengio 2010) and He initialisation (He et al., "Delving deep into rectifiers", 2015).

# %% [markdown]
# ## Summary
#
# * A hidden layer turns XOR into a linearly separable problem; a multi-layer perceptron computes
#   $a^l = \sigma(W^l a^{l-1} + b^l)$ layer by layer, with $W^l$ of shape $(n_l, n_{l-1})$.
# * With one hidden layer and enough neurons, a network approximates any continuous function on a bounded interval
#   (Cybenko 1989, Hornik 1991); the fits improve as the hidden layer grows.
# * Backpropagation is the chain rule organised by layers: $\delta^L = \nabla_a C \odot \sigma'(z^L)$,
#   $\delta^l = ((W^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$, $\partial C / \partial b^l_j = \delta^l_j$,
#   $\partial C / \partial w^l_{jk} = a^{l-1}_k \delta^l_j$.
# * Always check an analytic gradient against centred differences: relative errors near $10^{-7}$ or below in
#   float64 mean it is right.
# * In deep sigmoid networks the gradients shrink towards the input (vanishing); with ReLU the weight scale decides
#   whether the signals (activations forwards, errors backwards) keep their size, vanish or explode.
#
# ## Exercises
#
# 1. Remove the factor `sigma_prime(z[l])` from BP2 in `backprop` and rerun the gradient check. Which layers fail,
#    and why does the last layer still pass?
# 2. Run the gradient check with `float32` inputs and weights. Which relative errors do you get, and why must
#    gradient checks use float64?
# 3. Show that for the sigmoid network the relative error can exceed $10^{-7}$ without a bug: find a gradient
#    element close to zero and compare the absolute and the relative error there.
# 4. Train XOR with only two hidden neurons and several seeds. How often does gradient descent get stuck, and what do
#    the outputs look like then?
# 5. Fit the 1-D function with 32 hidden neurons but only 100 epochs, then 10,000. How does the fit evolve, and
#    which wiggles does it learn first?
# 6. Replace the sigmoid by tanh in the digits network (with targets in $\{-1, 1\}$). Does the test accuracy change?
