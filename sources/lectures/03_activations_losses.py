# %% [markdown]
# # Lecture 03: Activations and losses
#
# **After this lecture you can** write the common activation functions and their derivatives, explain why a sigmoid
# output trained with the quadratic cost learns slowly and why cross-entropy does not, derive the softmax
# log-likelihood gradient $a - y$, and detect dead ReLU units.
#
# **Prerequisites:** lectures 01 (perceptron) and 02 (backpropagation). **Run time:** under 30 seconds on a laptop CPU.
#
# Sources: M. Nielsen, *Neural Networks and Deep Learning*, chapter 3; X. Glorot, A. Bordes and Y. Bengio, "Deep
# sparse rectifier neural networks" (2011); A. Maas, A. Hannun and A. Ng, "Rectifier nonlinearities improve neural
# network acoustic models" (2013); D.-A. Clevert, T. Unterthiner and S. Hochreiter, "Fast and accurate deep network
# learning by exponential linear units (ELUs)" (2016).

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
# ## Activation functions and their derivatives
#
# Backpropagation multiplies by $\sigma'(z)$ at every layer, so the shape of the derivative matters as much as the
# shape of the function. With $z$ the weighted input of a neuron:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \quad \sigma' = \sigma(1 - \sigma); \qquad
# \tanh(z), \quad \tanh' = 1 - \tanh^2; \qquad \mathrm{relu}(z) = \max(0, z), \quad \mathrm{relu}' = [z > 0];$$
#
# $$\mathrm{leaky}(z) = \max(\alpha z, z); \qquad
# \mathrm{elu}(z) = \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0 \end{cases}, \quad
# \mathrm{elu}'(z) = \begin{cases} 1 & z > 0 \\ \alpha e^{z} & z \le 0. \end{cases}$$

# %%
alpha_leaky, alpha_elu = 0.1, 1.0
sigmoid = lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500)))  # clip: no overflow warning
activations = {  # name: (function, derivative)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(0, z), lambda z: (z > 0).astype(float)),
    "leaky relu": (lambda z: np.where(z > 0, z, alpha_leaky * z), lambda z: np.where(z > 0, 1.0, alpha_leaky)),
    "elu": (lambda z: np.where(z > 0, z, alpha_elu * np.expm1(np.minimum(z, 0))),
            lambda z: np.where(z > 0, 1.0, alpha_elu * np.exp(np.minimum(z, 0)))),
}

# %%
z = np.linspace(-5, 5, 401)
fig, axes = plt.subplots(2, 5, figsize=(13, 5), sharex=True)
for col, (name, (f, df)) in enumerate(activations.items()):
    axes[0, col].plot(z, f(z)); axes[0, col].set_title(name)
    axes[1, col].plot(z, df(z), color="C1"); axes[1, col].set_xlabel("$z$")
axes[0, 0].set_ylabel("$f(z)$"); axes[1, 0].set_ylabel("$f'(z)$")
fig.tight_layout()

# %% [markdown]
# The sigmoid's derivative never exceeds 1/4 and vanishes on both sides; tanh's peaks at 1 but vanishes too.
# ReLU's derivative is exactly 1 for $z > 0$ (no saturation there, Glorot et al. 2011) and exactly 0 for $z < 0$;
# leaky ReLU (Maas et al. 2013) and ELU (Clevert et al. 2016) keep a small gradient on the negative side.

# %% [markdown]
# ### tanh is a rescaled sigmoid
#
# $$\sigma(z) = \frac{1 + \tanh(z / 2)}{2},$$
#
# so a tanh network and a sigmoid network can represent the same functions; tanh is centred on 0, which often
# helps the next layer.

# %%
print(f"max |sigma(z) - (1 + tanh(z/2))/2| on [-5, 5]: {np.max(np.abs(sigmoid(z) - (1 + np.tanh(z / 2)) / 2)):.1e}")
print(f"max sigma'(z) = {activations['sigmoid'][1](z).max():.3f}, max tanh'(z) = {activations['tanh'][1](z).max():.3f}")

# %% [markdown]
# The difference printed above is at the level of floating-point rounding, and the maxima of the two derivatives
# are those of the formulas: 1/4 at $z = 0$ for the sigmoid, 1 for tanh.

# %% [markdown]
# ## Softmax and its derivative
#
# For an output layer of $K$ neurons, softmax turns weighted inputs into probabilities:
#
# $$a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}, \qquad \frac{\partial a_j}{\partial z_k} = a_j(\delta_{jk} - a_k).$$
#
# Below we vary $z_1$ with $z_2 = z_3 = 0$ fixed and plot $a_1$ and its derivatives.

# %%
def softmax(Z):
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))  # subtract the max: same result, no overflow
    return E / E.sum(axis=-1, keepdims=True)

A = softmax(np.stack([z, np.zeros_like(z), np.zeros_like(z)], axis=1))
fig, axes = plt.subplots(1, 2, figsize=(8, 3))
axes[0].plot(z, A); axes[0].set(title="softmax outputs $a_1, a_2, a_3$", xlabel="$z_1$")
axes[1].plot(z, A[:, 0] * (1 - A[:, 0]), label=r"$\partial a_1/\partial z_1$")
axes[1].plot(z, -A[:, 0] * A[:, 1], label=r"$\partial a_2/\partial z_1$")
axes[1].set(title="derivatives", xlabel="$z_1$"); axes[1].legend(); fig.tight_layout()

# %% [markdown]
# Softmax saturates like the sigmoid: once $z_1$ dominates, $a_1 \to 1$ and all derivatives go to zero. With
# $K = 2$ softmax is exactly a sigmoid of $z_1 - z_2$.

# %% [markdown]
# ## The quadratic cost saturates with a sigmoid output
#
# Nielsen's example: one sigmoid neuron, input $x = 1$, target $y = 0$, output $a = \sigma(z)$ with $z = wx + b$.
# With the quadratic cost $C = (a - y)^2 / 2$,
#
# $$\frac{\partial C}{\partial w} = (a - y)\,\sigma'(z)\,x,$$
#
# and $\sigma'(z) \to 0$ when the neuron is badly wrong ($a \approx 1$, $z$ large). The cross-entropy
# $C = -[y \ln a + (1 - y) \ln(1 - a)]$ cancels that factor:
#
# $$\frac{\partial C}{\partial w} = x\,(a - y).$$

# %%
def train_neuron(cost, w=2.0, b=2.0, x=1.0, y=0.0, learning_rate=0.15, num_epochs=300):
    outputs = []
    for epoch in range(num_epochs):
        a = sigmoid(w * x + b)
        delta = (a - y) * a * (1 - a) if cost == "quadratic" else (a - y)  # dC/dz
        w, b = w - learning_rate * delta * x, b - learning_rate * delta
        outputs.append(a)
    return np.array(outputs)

outputs = {cost: train_neuron(cost) for cost in ["quadratic", "cross-entropy"]}
for cost, a in outputs.items():
    print(f"{cost:>13}: output a after 0, 50, 300 epochs: {a[0]:.3f}, {a[50]:.3f}, {a[-1]:.3f}")
drops = {cost: a[0] - a[20] for cost, a in outputs.items()}
course.claim("in the first 20 epochs the cross-entropy output falls more than 10 times as far as the quadratic one",
             drops["cross-entropy"] > 10 * drops["quadratic"], drop_quadratic=drops["quadratic"],
             drop_cross_entropy=drops["cross-entropy"])

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
for cost, a in outputs.items():
    ax.plot(a, label=cost)
ax.set(xlabel="epoch", ylabel="output $a$ (target 0)", title="Start $w = b = 2$: badly wrong"); ax.legend();

# %% [markdown]
# Both runs start from the same output printed above, close to 1 for a target of 0. With the quadratic cost the
# output barely moves for the first epochs, because $\sigma'(z)$ is tiny; with cross-entropy it drops at once,
# fastest exactly when it is most wrong (the checked line compares the first 20 epochs). The values after 50 and 300
# epochs are printed above.

# %% [markdown]
# ## Log-likelihood with softmax: the gradient is $a - y$
#
# With a softmax output and a one-hot target $y$, the log-likelihood cost is $C = -\ln a_{y}$ $= -\sum_j y_j \ln a_j$.
# Combining it with the softmax derivative gives the same simple form as sigmoid plus cross-entropy:
#
# $$\frac{\partial C}{\partial z_j} = a_j - y_j.$$
#
# We check it against central differences at a random point.

# %%
rng = np.random.default_rng(0)
z_out, y_onehot = rng.normal(size=5), np.eye(5)[2]
log_likelihood = lambda z_out: -np.sum(y_onehot * np.log(softmax(z_out)))
numerical = course.numerical_gradient(log_likelihood, z_out)
analytic = softmax(z_out) - y_onehot
print("a - y    :", np.round(analytic, 6))
softmax_error = course.relative_error(analytic, numerical)
print(f"relative error to the numerical gradient: {softmax_error:.1e}")
course.claim("a - y agrees with centred differences to better than 1e-7, CS231n's threshold for a correct gradient",
             softmax_error < 1e-7, relative_error=softmax_error)

# %% [markdown]
# The relative error printed above is not machine precision ($2.2 \times 10^{-16}$) but the floor of centred
# differences with the step $h = 10^{-5}$ that `course.numerical_gradient` uses: their truncation error is of order
# $h^2 \approx 10^{-10}$ and their rounding error of order $2.2 \times 10^{-16} / h \approx 10^{-11}$. A gradient
# with a bug would be off by $10^{-2}$ or more (lecture 02), so within what this test can resolve, $a - y$ is the
# gradient. It contains no $\sigma'$ factor, so a softmax output with log-likelihood never learns slowly for being
# badly wrong.

# %% [markdown]
# ## Dead ReLUs
#
# A ReLU unit whose weighted input is negative for *every* training example has gradient zero on all of them:
# it never changes again. A too-large learning rate can knock many units into that state. We train
# the same one-hidden-layer ReLU network (numpy, full-batch gradient descent, cross-entropy) on two moons with two
# learning rates and count the hidden units that are zero on all training inputs.

# %%
X_moons, y_moons = datasets.make_moons(n_samples=course.pick(full=1000, fast=400), noise=0.2, random_state=0)
num_hidden, num_epochs = 100, course.pick(full=300, fast=100)

def train_relu_network(learning_rate, seed=0):
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(0, 1, (2, num_hidden)), np.zeros(num_hidden)
    W2, b2 = rng.normal(0, 0.1, num_hidden), 0.0
    for epoch in range(num_epochs):
        H = np.maximum(0, X_moons @ W1 + b1)
        delta2 = (sigmoid(H @ W2 + b2) - y_moons) / len(X_moons)  # dC/dz of the output
        delta1 = np.outer(delta2, W2) * (H > 0)
        W2, b2 = W2 - learning_rate * H.T @ delta2, b2 - learning_rate * delta2.sum()
        W1, b1 = W1 - learning_rate * X_moons.T @ delta1, b1 - learning_rate * delta1.sum(axis=0)
    H = np.maximum(0, X_moons @ W1 + b1)
    accuracy = np.mean((H @ W2 + b2 > 0) == y_moons)
    return np.mean(~(H > 0).any(axis=0)), accuracy

dead = {}
for learning_rate in [0.5, 50.0]:
    dead[learning_rate], accuracy = train_relu_network(learning_rate)
    print(f"learning rate {learning_rate:>5}: {dead[learning_rate]:.0%} of hidden units dead, "
          f"training accuracy {accuracy:.3f}")
course.claim("under 10 % of the units die at learning rate 0.5, over a quarter at 50",
             dead[0.5] < 0.1 and dead[50.0] > 0.25, dead_at_0_5=dead[0.5], dead_at_50=dead[50.0])

# %% [markdown]
# The checked line says whether, in this run, few units died at the sensible learning rate and a large share of the
# hidden layer at the large one (the fractions and the training accuracies are printed above). Leaky ReLU and ELU
# avoid this by keeping a nonzero gradient for $z < 0$; a smaller learning rate and good initialisation help too.

# %% [markdown]
# ## Regression versus classification
#
# The cost should match the kind of target. For a real-valued target use a linear output and the quadratic cost
# $C = (a - y)^2 / 2$ (the mean squared error, up to the factor 1/2), which is, up to constants, the negative
# log-likelihood of Gaussian noise of fixed variance; its gradient $\partial C / \partial z = a - y$ does not
# saturate because the output is linear. For classes use a sigmoid or softmax output with cross-entropy, the negative
# log-likelihood of a Bernoulli or categorical distribution. Pairing MSE with a sigmoid for classification brings
# back the $\sigma'(z)$ factor of the previous sections, as this gradient for a confidently wrong prediction shows:

# %%
z_wrong, y_true = 6.0, 0.0  # the neuron says class 1 with sigmoid(6) ~ 0.998; the truth is class 0
a = sigmoid(z_wrong)
print(f"dC/dz, quadratic cost with sigmoid: {(a - y_true) * a * (1 - a):.4f}")
print(f"dC/dz, cross-entropy with sigmoid: {a - y_true:.4f}; ratio {(a - y_true) / ((a - y_true) * a * (1 - a)):.0f}")

# %% [markdown]
# The quadratic-cost gradient printed above is smaller than the cross-entropy gradient by the ratio printed, for the
# same, confidently wrong, prediction.

# %% [markdown]
# ## Explore: the gradient $\partial C / \partial z$ of one output neuron
#
# Pick an activation and a cost, with target $y = 0$. The curve shows how hard gradient descent pushes on the
# weighted input $z$ of the output neuron: where it is near zero while the output is far from $y$, learning stalls.
# (Without a widget front end you see the figure for the starting choice.)

# %%
def draw_gradient(activation, loss):
    f, df = activations[activation]
    a, y_target = f(z), 0.0
    if loss == "quadratic":
        grad = (a - y_target) * df(z)
    else:  # cross-entropy needs a in (0, 1): only meaningful for the sigmoid
        a_clipped = np.clip(a, 1e-7, 1 - 1e-7)
        grad = (a_clipped - y_target) / (a_clipped * (1 - a_clipped)) * df(z)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(z, grad); ax.axhline(0, color="gray", lw=0.5)
    ax.set(xlabel="$z$", ylabel=r"$\partial C/\partial z$", title=f"{activation} output, {loss} cost, $y = 0$")
    return fig

controls = course.interactive_figure(
    draw_gradient,
    activation=ipywidgets.Dropdown(options=["sigmoid", "tanh", "relu", "leaky relu", "elu"], value="sigmoid"),
    loss=ipywidgets.Dropdown(options=["quadratic", "cross-entropy"], value="quadratic"))

# %% [markdown]
# With the sigmoid and the quadratic cost the gradient falls to zero for large $z$, where the output is most wrong;
# switch to cross-entropy and it becomes $\sigma(z)$, growing with the error. Cross-entropy with tanh, ReLU or ELU
# is not a valid pairing (their outputs are not probabilities), which the plot makes visible by its odd shape.

# %% [markdown]
# ## Summary
#
# * Sigmoid and tanh saturate on both sides ($\sigma' \le 1/4$); ReLU does not for $z > 0$ but has zero gradient for
#   $z < 0$; leaky ReLU and ELU keep a small negative-side gradient.
# * $\sigma(z) = (1 + \tanh(z/2))/2$: tanh is a shifted, rescaled sigmoid.
# * Quadratic cost with a sigmoid output: $\partial C / \partial w = (a - y)\sigma'(z) x$, slow when badly wrong.
#   Cross-entropy: $\partial C / \partial w = x (a - y)$, no slowdown.
# * Softmax with log-likelihood has the gradient $a - y$ with respect to $z$.
# * Too-large learning rates kill ReLU units; use MSE for regression, cross-entropy for classification.
#
# ## Exercises
#
# 1. Show that $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ and derive $\sigma(z) = (1 + \tanh(z/2))/2$ by hand.
# 2. Rerun Nielsen's neuron from $w = b = 0.6$. Is the quadratic cost still much slower? Why?
# 3. Replace ReLU by leaky ReLU in the dead-unit experiment. How many units die at the large learning rate?
# 4. Derive $\partial C / \partial z_j = a_j - y_j$ for softmax with log-likelihood from the softmax derivative.
# 5. Show that softmax with $K = 2$ outputs equals a sigmoid of $z_1 - z_2$.
