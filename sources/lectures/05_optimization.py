# %% [markdown]
# # Lecture 05: Optimization
#
# **After this lecture you can** train a network with full-batch gradient descent, SGD and mini-batch SGD, choose a
# learning rate and a batch size knowingly, write momentum, AdaGrad, Adadelta, RMSprop and Adam in a few lines of
# NumPy, compare them on a 2-D loss surface and on a real network, and explain why saddle points, not bad local
# minima, are what slows training in high dimension.
#
# **Prerequisites:** lectures 02 (backpropagation), 03 (activations and losses) and 04 (Keras). **Run time:** 1 to 2
# minutes on a laptop CPU (under 40 seconds in fast mode).
#
# Sources: M. Nielsen, *Neural Networks and Deep Learning*, chapters 1 and 3; I. Sutskever, J. Martens, G. Dahl and
# G. Hinton, "On the importance of initialization and momentum in deep learning" (2013); J. Duchi, E. Hazan and
# Y. Singer, "Adaptive subgradient methods for online learning and stochastic optimization" (2011); M. Zeiler,
# "ADADELTA: an adaptive learning rate method" (2012); T. Tieleman and G. Hinton, *Neural Networks for Machine
# Learning*, lecture 6.5 (2012); D. Kingma and J. Ba, "Adam: a method for stochastic optimization" (ICLR 2015);
# Y. Dauphin et al., "Identifying and attacking the saddle point problem in high-dimensional non-convex
# optimization" (NeurIPS 2014); D. Masters and C. Luschi, "Revisiting small batch training for deep neural networks"
# (2018).

# %% [markdown]
# ## Setup

# %%
import time

import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from threadpoolctl import threadpool_limits

import course

threadpool_limits(1, user_api="blas")  # small NumPy matrices: one BLAS thread beats many (comes with sklearn)
course.setup()

# %% [markdown]
# ## Full-batch gradient descent
#
# Training minimises a cost that is an average over the $n$ training examples, $C(W) = \frac{1}{n}\sum_{x} C_x(W)$.
# Gradient descent repeats one update with learning rate $\alpha$:
#
# $$W \leftarrow W - \alpha \nabla C(W), \qquad \nabla C(W) = \frac{1}{n} \sum_{x} \nabla C_x(W).$$
#
# Our model for the first sections is softmax regression (lecture 03's softmax output with log-likelihood cost, no
# hidden layer) on scikit-learn's 8x8 digits, so that every gradient is one line of NumPy: $\nabla C = X^T(A - Y)/m$
# for a batch of $m$ rows.

# %%
X_digits, y_digits = course.load_digits()
X_digits = np.hstack([X_digits / 16, np.ones((len(X_digits), 1))])  # pixels in [0, 1] plus a bias column
Y_digits = np.eye(10)[y_digits]  # one-hot targets
print(f"{course.dataset_info('digits')}: X {X_digits.shape}, Y {Y_digits.shape}")

def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)

def cost_and_gradient(W, X, Y):
    """Mean log-likelihood cost over the m rows of X, and its gradient dC/dW (same shape as W)."""
    A, m = softmax(X @ W), len(X)
    return -np.sum(Y * np.log(A + 1e-12)) / m, X.T @ (A - Y) / m

# %%
W, alpha = np.zeros((65, 10)), 0.5
costs = []
for step in range(course.pick(full=200, fast=60)):
    C, grad = cost_and_gradient(W, X_digits, Y_digits)
    W = W - alpha * grad
    costs.append(C)
print(f"full-batch GD on the digits: cost {costs[0]:.3f} at step 0, {costs[-1]:.3f} after {len(costs)} steps")

# %% [markdown]
# The cost falls steadily (values printed above), but every single step reads all $n$ examples. On a data set of
# millions of images, one step would cost a full pass over the data.

# %% [markdown]
# ## SGD and mini-batch SGD
#
# Stochastic gradient descent estimates $\nabla C$ from a random **mini-batch** of $m$ examples $x_1, \dots, x_m$
# (Nielsen's notation) and steps at once:
#
# $$\nabla C \approx \frac{1}{m} \sum_{j=1}^{m} \nabla C_{x_j}, \qquad W \leftarrow W - \frac{\alpha}{m} \sum_{j=1}^{m}
# \nabla C_{x_j}.$$
#
# $m = 1$ is "pure" SGD, $m = n$ is full-batch gradient descent. Shuffling the data and cutting it into $n/m$
# mini-batches gives one **epoch**: every example is used once, and $W$ is updated $\lceil n/m \rceil$ times.

# %%
def minibatch_sgd(batch_size, alpha, num_epochs, seed=0):
    """Softmax regression on the digits; returns the full cost after each epoch (index 0: before training)."""
    rng, n = np.random.default_rng(seed), len(X_digits)
    W = np.zeros((65, 10))
    costs = [cost_and_gradient(W, X_digits, Y_digits)[0]]
    for epoch in range(num_epochs):
        order = rng.permutation(n)  # a new shuffle every epoch
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            W = W - alpha * cost_and_gradient(W, X_digits[batch], Y_digits[batch])[1]
        costs.append(cost_and_gradient(W, X_digits, Y_digits)[0])
    return np.array(costs)

# %%
num_epochs = course.pick(full=30, fast=6)
sgd_costs = {m: minibatch_sgd(m, alpha=0.5, num_epochs=num_epochs) for m in [len(X_digits), 64, 8, 1]}
fig, ax = plt.subplots(figsize=(7, 4))
for m, c in sgd_costs.items():
    ax.semilogy(c, label=f"m = {m}: {int(np.ceil(len(X_digits) / m))}")
ax.set(xlabel="epoch", ylabel="training cost $C$", title=r"Mini-batch SGD, $\alpha = 0.5$, digits")
ax.legend(title="batch size: updates per epoch");
final_cost = {m: c[-1] for m, c in sgd_costs.items()}
course.claim("after the same number of epochs, m = 64 ends below full-batch GD and m = 8 below m = 64",
             final_cost[8] < final_cost[64] < final_cost[len(X_digits)],
             **{f"cost_m_{m}": cost for m, cost in final_cost.items()})

# %% [markdown]
# For the same number of epochs, that is the same number of gradient evaluations per example, smaller mini-batches
# make many more updates; the checked line says whether, in this run, that bought a lower cost from full batch to
# $m = 64$ to $m = 8$. Compare $m = 1$ with $m = 8$ in the plot: eight times as many updates, but noisier ones, which
# keep it from gaining in proportion (each curve is the full-data cost after each epoch).

# %% [markdown]
# ### Why the $1/m$
#
# The mini-batch gradient is an average, not a sum. Its expected value is the full gradient for any $m$, and its
# size does not grow with $m$, so one learning rate $\alpha$ fits every batch size. The noise of the estimate shrinks
# like $1/\sqrt{m}$. We measure both at the starting point $W = 0$ over 200 random mini-batches per size.

# %%
W0, rng = np.zeros((65, 10)), np.random.default_rng(1)
full_grad = cost_and_gradient(W0, X_digits, Y_digits)[1]
print(f"|full gradient| = {np.linalg.norm(full_grad):.3f}")
print(" m     |mean grad| (1/m)   |summed grad| (no 1/m)   relative error of the mean grad")
relative_errors = []
for m in [1, 8, 64, 512]:
    batches = [rng.choice(len(X_digits), m, replace=False) for _ in range(200)]
    grads = [cost_and_gradient(W0, X_digits[b], Y_digits[b])[1] for b in batches]
    norm = np.mean([np.linalg.norm(g) for g in grads])
    relative_errors.append(np.mean([np.linalg.norm(g - full_grad) for g in grads]) / np.linalg.norm(full_grad))
    print(f"{m:>4}   {norm:>10.3f}   {m * norm:>16.1f}   {relative_errors[-1]:>18.3f}")
factors = np.array(relative_errors[:-1]) / np.array(relative_errors[1:])
course.claim("each eight-fold larger batch divides the relative error by 2.5 to 3.5 (sqrt 8 = 2.83)",
             np.all((factors > 2.5) & (factors < 3.5)), factors=np.round(factors, 2))

# %% [markdown]
# With the $1/m$ the norm of the mini-batch gradient approaches that of the full gradient as $m$ grows (the excess at
# small $m$ is noise); without it the step would grow in proportion to the batch size and $\alpha$ would have to
# shrink by $m$. The relative error of the estimate falls by about $\sqrt{8} \approx 2.8$ for each eight-fold larger
# batch (the checked line; a bit faster at $m = 512$, which is a large part of the 1,797 images).

# %% [markdown]
# ## The learning rate
#
# Near a minimum a cost looks like a quadratic $C(W) = \frac{1}{2} W^T H W$. Gradient descent multiplies the
# component of $W$ along an eigenvector of $H$ with eigenvalue $\lambda$ by $(1 - \alpha\lambda)$ each step, so it
# converges only if $\alpha < 2/\lambda_{\max}$, and the flattest direction ($\lambda_{\min}$) sets the speed. We use
# an elongated quadratic in 2-D with $H = \mathrm{diag}(0.1, 2)$, whose condition number
# $\lambda_{\max}/\lambda_{\min} = 20$ mimics the ravines of real loss surfaces.

# %%
H = np.diag([0.1, 2.0])
quadratic = lambda W: 0.5 * np.einsum("...i,ij,...j->...", W, H, W)
quadratic_grad = lambda W: H @ W
W_start = np.array([-9.0, 1.5])

def gradient_descent(grad, W, alpha, num_steps):
    path = [W]
    for step in range(num_steps):
        W = W - alpha * grad(W)
        path.append(W)
    return np.array(path)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for alpha in [0.1, 0.5, 0.95, 1.02]:
    ax.semilogy(quadratic(gradient_descent(quadratic_grad, W_start, alpha, 100)), label=rf"$\alpha = {alpha}$")
ax.set(xlabel="step", ylabel="loss", title=r"GD on the elongated quadratic ($2/\lambda_{\max} = 1$)"); ax.legend();

# %% [markdown]
# A small $\alpha$ crawls; larger values are faster until $\alpha$ passes $2/\lambda_{\max} = 1$, where the steep
# direction overshoots more every step and the loss diverges. Even the best stable $\alpha$ leaves the flat
# direction converging at a rate of only $1 - \alpha\lambda_{\min}$ per step: the problem momentum addresses.

# %% [markdown]
# ## Batch size on a real network: speed per epoch versus accuracy
#
# Larger batches use the hardware better (one matrix product instead of many small ones), so an epoch takes less
# time; smaller batches make more, noisier updates per epoch and are reported to generalise better (Masters and
# Luschi 2018; Keskar et al., "On large-batch training for deep learning", 2017). We train the same Keras MLP
# (784-100-10, ReLU, same initial weights) with plain SGD, $\alpha = 0.05$, for the same number of epochs at four
# batch sizes, on MNIST, and time the epochs after the first (which also traces the training step). As in lecture 04,
# the last sixth of the training images is the validation set on which we compare the settings; this lecture never
# touches the test set.

# %%
(x_train_all, y_train_all), _ = course.load_mnist()  # the test images stay unused
num_val = len(x_train_all) // 6  # the last sixth of the training part, as in lecture 04
num_train = course.pick(full=len(x_train_all) - num_val, fast=800)
num_val = course.pick(full=num_val, fast=min(num_val, 1000))
X_train = x_train_all[:num_train].reshape(num_train, -1).astype("float32") / 255
X_val = x_train_all[-num_val:].reshape(num_val, -1).astype("float32") / 255
y_train, y_val = y_train_all[:num_train], y_train_all[-num_val:]
print(f"{course.dataset_info('mnist')}: training on {num_train} images, validating on {len(X_val)}")

# %%
def make_mlp(optimizer):
    keras.utils.set_random_seed(0)  # the same initial weights for every run
    model = keras.Sequential([keras.Input((784,)), layers.Dense(100, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    # jit_compile=False: XLA compilation costs more than it saves for a model this small on a CPU
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
    return model

def loss_and_accuracy(model, X, y):
    """Cross-entropy and accuracy of model on (X, y), from one eager forward pass."""
    A = keras.ops.convert_to_numpy(model(X))
    return -np.mean(np.log(A[np.arange(len(y)), y] + 1e-12)), np.mean(A.argmax(axis=1) == y)


# %%
num_epochs, verbose = course.pick(full=10, fast=3), course.pick(full="auto", fast=0)
print(f"{'batch size':>10} {'updates/epoch':>14} {'s/epoch':>8} {'train acc.':>10} {'val. acc.':>9}")
batch_results = {}
for batch_size in [8, 32, 128, 512]:
    model = make_mlp(keras.optimizers.SGD(learning_rate=0.05))
    model.fit(X_train, y_train, batch_size=batch_size, epochs=1, verbose=verbose)  # also traces the step: not timed
    start = time.perf_counter()
    model.fit(X_train, y_train, batch_size=batch_size, epochs=num_epochs - 1, verbose=verbose)
    seconds = (time.perf_counter() - start) / (num_epochs - 1)
    train_acc, val_acc = (loss_and_accuracy(model, X, y)[1] for X, y in [(X_train, y_train), (X_val, y_val)])
    batch_results[batch_size] = (seconds, val_acc)
    num_updates = int(np.ceil(num_train / batch_size))
    print(f"{batch_size:>10} {num_updates:>14} {seconds:>8.3f} {train_acc:>10.3f} {val_acc:>9.3f}")

# %%
(seconds_8, accuracy_8), (seconds_512, accuracy_512) = batch_results[8], batch_results[512]
course.claim("an epoch in batches of 8 takes longer than one in batches of 512", seconds_8 > seconds_512,
             seconds_8=seconds_8, seconds_512=seconds_512)
course.claim(f"after {num_epochs} epochs at the same learning rate, batches of 8 reach a higher validation accuracy "
             "than batches of 512", accuracy_8 > accuracy_512, accuracy_8=accuracy_8, accuracy_512=accuracy_512)

# %% [markdown]
# The table (on the MNIST copy named above) and the two checked lines show the trade-off in this run: an epoch in
# batches of 8 takes longer than one in large batches (with the few hundred images of fast mode, the large batches'
# epochs are too short to time precisely), while with a fixed number of epochs and the same $\alpha$ the large batches
# make few updates, which shows in the accuracy. Part of the small-batch advantage is simply more updates; the
# generalisation argument of Keskar et al. is that the noise of small batches steers SGD towards flat minima. A common
# remedy for large batches is to scale $\alpha$ with $m$ (Goyal et al., "Accurate, large minibatch SGD", 2017).

# %% [markdown]
# ## Momentum
#
# Momentum (Polyak 1964; for deep networks Sutskever et al. 2013) keeps a velocity $V$, a running sum of past
# gradients, and moves $W$ by it:
#
# $$V \leftarrow \mu V - \alpha \nabla L(W), \qquad W \leftarrow W + V,$$
#
# with learning rate $\alpha$ and momentum $\mu \in [0, 1)$. In a ravine the gradient components across it change
# sign and cancel in $V$, while those along it add up: a constant gradient gives a step $\alpha / (1 - \mu)$, ten
# times larger for $\mu = 0.9$.

# %%
def momentum_path(grad, W, alpha, mu, num_steps):
    V, path = np.zeros_like(W), [W]
    for step in range(num_steps):
        V = mu * V - alpha * grad(W)
        W = W + V
        path.append(W)
    return np.array(path)

loss_gd = quadratic(gradient_descent(quadratic_grad, W_start, 0.9, 100)[-1])
loss_momentum = quadratic(momentum_path(quadratic_grad, W_start, 0.3, 0.7, 100)[-1])
print(f"loss after 100 steps, GD (alpha = 0.9): {loss_gd:.2e}; momentum (alpha = 0.3, mu = 0.7): {loss_momentum:.2e}")
course.claim("after 100 steps momentum's loss is over 1,000 times lower than GD's", loss_momentum < 1e-3 * loss_gd,
             loss_gd=loss_gd, loss_momentum=loss_momentum)

# %% [markdown]
# On the elongated quadratic, momentum with these settings reaches a loss many orders of magnitude lower in the same
# 100 steps (the values and the checked line above). The demo at the end of the lecture lets you move $\alpha$ and
# $\mu$ and watch the path.

# %% [markdown]
# ## Adaptive learning rates: AdaGrad, Adadelta, RMSprop, Adam
#
# These methods give every parameter its own step size, from the history of its squared gradient $g^2$ (element-wise;
# $g = \nabla L(W)$, $\epsilon$ a small constant, $t$ the step number starting at 1):
#
# * **AdaGrad** (Duchi, Hazan and Singer 2011): $G \leftarrow G + g^2$, $\;W \leftarrow W - \alpha\, g / (\sqrt{G} +
#   \epsilon)$. Steps shrink as $G$ grows without bound.
# * **RMSprop** (Tieleman and Hinton 2012, lecture 6.5): a decaying average instead of a sum,
#   $S \leftarrow \rho S + (1 - \rho) g^2$, $\;W \leftarrow W - \alpha\, g / (\sqrt{S} + \epsilon)$.
# * **Adadelta** (Zeiler 2012): the same $S$, and a second average $D$ of past squared updates replaces $\alpha$:
#   $\Delta W = -\frac{\sqrt{D + \epsilon}}{\sqrt{S + \epsilon}}\, g$, $\;D \leftarrow \rho D + (1 - \rho)\Delta W^2$,
#   $\;W \leftarrow W + \Delta W$.
# * **Adam** (Kingma and Ba 2015): momentum on the gradient plus RMSprop's scaling, with bias correction for the
#   zero start: $M \leftarrow \beta_1 M + (1 - \beta_1) g$, $\;S \leftarrow \beta_2 S + (1 - \beta_2) g^2$,
#   $\;\hat M = M / (1 - \beta_1^t)$, $\;\hat S = S / (1 - \beta_2^t)$,
#   $\;W \leftarrow W - \alpha \hat M / (\sqrt{\hat S} + \epsilon)$.
#
# Each optimizer below is one step function with the same symbols; `state` keeps $V$, $G$, $S$, $D$, $M$ between steps.

# %%
def sgd(W, g, state, t, alpha):
    return W - alpha * g

def momentum(W, g, state, t, alpha, mu=0.9):
    state["V"] = mu * state.get("V", 0.0) - alpha * g
    return W + state["V"]

def adagrad(W, g, state, t, alpha, eps=1e-8):
    state["G"] = state.get("G", 0.0) + g ** 2
    return W - alpha * g / (np.sqrt(state["G"]) + eps)

def rmsprop(W, g, state, t, alpha, rho=0.9, eps=1e-8):
    state["S"] = rho * state.get("S", 0.0) + (1 - rho) * g ** 2
    return W - alpha * g / (np.sqrt(state["S"]) + eps)

# %%
def adadelta(W, g, state, t, rho=0.95, eps=1e-6):
    state["S"] = rho * state.get("S", 0.0) + (1 - rho) * g ** 2
    delta_W = -np.sqrt(state.get("D", 0.0) + eps) / np.sqrt(state["S"] + eps) * g
    state["D"] = rho * state.get("D", 0.0) + (1 - rho) * delta_W ** 2
    return W + delta_W

def adam(W, g, state, t, alpha, beta1=0.9, beta2=0.999, eps=1e-8):
    state["M"] = beta1 * state.get("M", 0.0) + (1 - beta1) * g
    state["S"] = beta2 * state.get("S", 0.0) + (1 - beta2) * g ** 2
    M_hat, S_hat = state["M"] / (1 - beta1 ** t), state["S"] / (1 - beta2 ** t)
    return W - alpha * M_hat / (np.sqrt(S_hat) + eps)

def optimize(step, grad, W, num_steps, **hyperparameters):
    """Run an optimizer's step function from W; returns the path, shape (num_steps + 1, len(W))."""
    state, path = {}, [W]
    for t in range(1, num_steps + 1):
        W = step(W, grad(W), state, t, **hyperparameters)
        path.append(W)
    return np.array(path)

# %% [markdown]
# ### Our formulas are the ones Keras runs
#
# Keras implements the same updates; we feed its optimizers our quadratic's gradient and compare 20 steps.

# %%
def keras_path(optimizer, grad, W, num_steps):
    variable, path = keras.Variable(W.astype("float32")), [W]
    for step in range(num_steps):
        g = keras.ops.convert_to_tensor(grad(keras.ops.convert_to_numpy(variable)).astype("float32"))
        optimizer.apply_gradients([(g, variable)])
        path.append(keras.ops.convert_to_numpy(variable))
    return np.array(path)

num_steps = 20
for name, ours, theirs in [
        ("momentum", optimize(momentum, quadratic_grad, W_start, num_steps, alpha=0.3, mu=0.7),
         keras_path(keras.optimizers.SGD(learning_rate=0.3, momentum=0.7), quadratic_grad, W_start, num_steps)),
        ("Adam", optimize(adam, quadratic_grad, W_start, num_steps, alpha=0.3, eps=1e-7),
         keras_path(keras.optimizers.Adam(learning_rate=0.3), quadratic_grad, W_start, num_steps))]:
    difference = np.abs(ours - theirs).max()
    print(f"{name:>8}: largest difference between our path and Keras' path: {difference:.1e}")
    course.claim(f"{name}: our path and Keras' path agree to within 1e-3", difference < 1e-3, difference=difference)

# %% [markdown]
# The differences printed above are tiny next to coordinates of size 1 to 9: float32 rounding (Keras computes in
# float32) and Adam's $\epsilon$, which Keras adds at a slightly different place. The LaTeX above is what
# `keras.optimizers.SGD(momentum=...)` and `keras.optimizers.Adam` do.

# %% [markdown]
# ## The optimizers on 2-D loss surfaces
#
# Two surfaces: the elongated quadratic from above, and Rosenbrock's banana-shaped valley
# $f(x, y) = (1 - x)^2 + 100(y - x^2)^2$, minimum $0$ at $(1, 1)$, whose curved floor is easy to find and slow to
# follow. The hyperparameters are hand-picked for each surface (listed in the code). Adadelta has no $\alpha$, but
# $\epsilon$ sets the size of its first steps: with $D = 0$ and $S = (1 - \rho) g^2$ after one step, each coordinate
# moves by $\sqrt{\epsilon} / \sqrt{(1 - \rho) g^2 + \epsilon}\; |g| \approx \sqrt{\epsilon / (1 - \rho)}$ when
# $g^2 \gg \epsilon$, about $4.5 \sqrt{\epsilon}$ for $\rho = 0.95$. Zeiler's $\epsilon = 10^{-6}$ suits Rosenbrock,
# while the quadratic's minimum lies 9 units away and gets $\epsilon = 10^{-2}$. The same missing bias correction makes
# RMSprop's first step $\alpha / \sqrt{1 - \rho} \approx 3.2 \alpha$ per coordinate for $\rho = 0.9$; Adam's is
# about $\alpha$ (exercise 3).

# %%
rosenbrock = lambda W: (1 - W[..., 0]) ** 2 + 100 * (W[..., 1] - W[..., 0] ** 2) ** 2
rosenbrock_grad = lambda W: np.array([-2 * (1 - W[0]) - 400 * W[0] * (W[1] - W[0] ** 2), 200 * (W[1] - W[0] ** 2)])
surfaces = {  # name: (loss, gradient, start, number of steps, {optimizer: (step function, hyperparameters)})
    "elongated quadratic": (quadratic, quadratic_grad, W_start, 100, {
        "SGD": (sgd, dict(alpha=0.9)), "momentum": (momentum, dict(alpha=0.3, mu=0.7)),
        "AdaGrad": (adagrad, dict(alpha=2.0)), "RMSprop": (rmsprop, dict(alpha=0.1)),
        "Adadelta": (adadelta, dict(eps=1e-2)), "Adam": (adam, dict(alpha=0.5))}),
    "Rosenbrock": (rosenbrock, rosenbrock_grad, np.array([-1.5, 2.0]), 1000, {
        "SGD": (sgd, dict(alpha=1e-3)), "momentum": (momentum, dict(alpha=2e-4, mu=0.95)),
        "AdaGrad": (adagrad, dict(alpha=0.5)), "RMSprop": (rmsprop, dict(alpha=0.01)),
        "Adadelta": (adadelta, dict(eps=1e-6)), "Adam": (adam, dict(alpha=0.05))}),
}
paths = {(surface, name): optimize(step, grad, start, num_steps, **hyper)
         for surface, (loss, grad, start, num_steps, optimizers) in surfaces.items()
         for name, (step, hyper) in optimizers.items()}
for surface, eps in [("elongated quadratic", 1e-2), ("Rosenbrock", 1e-6)]:
    first_step = np.abs(paths[surface, "Adadelta"][1] - paths[surface, "Adadelta"][0])
    print(f"{surface}: Adadelta's first step per coordinate {np.round(first_step, 5)}; "
          f"sqrt(eps / (1 - rho)) = {np.sqrt(eps / 0.05):.5f}")

# %%
fig, axes = plt.subplots(2, 2, figsize=(12, 8))
for row, (surface, (loss, grad, start, num_steps, optimizers)) in enumerate(surfaces.items()):
    x_range, y_range = {"elongated quadratic": ((-10, 2), (-2, 2)), "Rosenbrock": ((-2, 2), (-1, 3))}[surface]
    Xg, Yg = np.meshgrid(np.linspace(*x_range, 150), np.linspace(*y_range, 150))
    axes[row, 0].contour(Xg, Yg, loss(np.stack([Xg, Yg], axis=-1)), levels=np.logspace(-2, 3, 12), cmap="Greys")
    axes[row, 0].plot(*({"Rosenbrock": (1, 1)}.get(surface, (0, 0))), "k*", ms=12)  # the minimum
    for name in optimizers:
        path = paths[surface, name]
        axes[row, 0].plot(path[:, 0], path[:, 1], ".-", ms=2, lw=1, label=name)
        axes[row, 1].semilogy(loss(path) + 1e-16, label=name)
    axes[row, 0].set(xlim=x_range, ylim=y_range, title=f"{surface}: paths")
    axes[row, 1].set(xlabel="step", ylabel="loss", title=f"{surface}: loss vs step")
axes[0, 1].legend(); fig.tight_layout()

# %% [markdown]
# On the quadratic, plain SGD zigzags across the steep direction and is then limited by the flat one; momentum
# damps the zigzag and gains speed along the ravine. The per-parameter scaling of AdaGrad, RMSprop and Adam makes
# both directions about equally fast (their first steps point along the diagonal, whatever the curvature). RMSprop
# and Adam take steps whose size hardly depends on the size of the gradient (about $\alpha$ once $S$ has warmed up):
# with a small $\alpha$ RMSprop needs many steps to cover the distance, with a large one Adam overshoots and hovers
# around the minimum instead of converging (in practice one lowers $\alpha$ during training). On Rosenbrock every
# method reaches the valley floor quickly; following the curved floor is the hard part, where SGD and AdaGrad (whose
# steps keep shrinking) crawl, and momentum, RMSprop and Adam get much closer to $(1, 1)$: the checked lines below
# test both statements on these paths. With other hyperparameters the ranking changes:
# a 2-D picture illustrates the mechanisms, not which optimizer is best.

# %%
off_floor = {name: abs(paths["Rosenbrock", name][50, 1] - paths["Rosenbrock", name][50, 0] ** 2) for name in
             surfaces["Rosenbrock"][4]}
distance = {name: np.linalg.norm(paths["Rosenbrock", name][-1] - 1) for name in surfaces["Rosenbrock"][4]}
print("Rosenbrock, distance to (1, 1) after 1,000 steps:", {name: round(float(d), 3) for name, d in distance.items()})
course.claim("Rosenbrock: after 50 steps every optimizer is within 0.05 of the valley floor y = x^2",
             max(off_floor.values()) < 0.05, largest_distance_from_floor=max(off_floor.values()))
course.claim("Rosenbrock: momentum, RMSprop and Adam end much closer to (1, 1) than SGD and AdaGrad, at most half as far",
             max(distance[name] for name in ["momentum", "RMSprop", "Adam"])
             < 0.5 * min(distance["SGD"], distance["AdaGrad"]),
             farthest_of_the_three=max(distance[name] for name in ["momentum", "RMSprop", "Adam"]),
             nearest_of_sgd_and_adagrad=min(distance["SGD"], distance["AdaGrad"]))

# %% [markdown]
# ## The optimizers on a real network
#
# The same MLP and initial weights as in the batch-size section, batch size 32, each optimizer with a usual learning
# rate: SGD ($\alpha = 0.05$), SGD with momentum ($\alpha = 0.05$, $\mu = 0.9$), RMSprop ($\alpha = 10^{-3}$) and
# Adam ($\alpha = 10^{-3}$, Keras' defaults otherwise), on MNIST, with the validation loss after every epoch
# (`validation_data`, as in lecture 04).

# %%
keras_optimizers = {
    "SGD": lambda: keras.optimizers.SGD(learning_rate=0.05),
    "SGD + momentum": lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "RMSprop": lambda: keras.optimizers.RMSprop(learning_rate=1e-3),
    "Adam": lambda: keras.optimizers.Adam(learning_rate=1e-3),
}
histories = {}
for name, make_optimizer in keras_optimizers.items():
    model = make_mlp(make_optimizer())
    histories[name] = model.fit(X_train, y_train, batch_size=32, epochs=num_epochs, verbose=verbose,
                                validation_data=(X_val, y_val)).history
    print(f"{name:>15}: training loss {histories[name]['loss'][-1]:.3f}, validation loss "
          f"{histories[name]['val_loss'][-1]:.3f}, validation accuracy {histories[name]['val_accuracy'][-1]:.3f} "
          f"after {num_epochs} epochs")
ranking = sorted(histories, key=lambda name: histories[name]["val_loss"][-1])
print(f"Lowest final validation loss: {ranking[0]}; highest: {ranking[-1]}.")
course.claim("at the same learning rate, SGD with momentum ends with a lower training loss than plain SGD",
             histories["SGD + momentum"]["loss"][-1] < histories["SGD"]["loss"][-1],
             sgd=histories["SGD"]["loss"][-1], sgd_momentum=histories["SGD + momentum"]["loss"][-1])

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for name, history in histories.items():
    epochs = np.arange(1, num_epochs + 1)
    axes[0].plot(epochs, history["loss"], "o-", label=name)
    axes[1].plot(epochs, history["val_loss"], "o-", label=name)
axes[0].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
axes[0].set(xlabel="epoch", ylabel="cross-entropy loss", title=f"training loss, {num_train} MNIST images")
axes[1].set(xlabel="epoch", title=f"validation loss, {len(X_val)} MNIST images"); axes[0].legend(); fig.tight_layout()

# %% [markdown]
# The curves and the final numbers printed above compare the four on the same network, data and initial weights,
# each with one learning rate. (The training loss is Keras' mean over each epoch, so it lags behind the validation
# loss measured at the end of the epoch.) Momentum with $\mu = 0.9$ multiplies the steady step by
# $1 / (1 - \mu) = 10$, which is why, at the same $\alpha$, it should reach a lower training loss in the same epochs:
# the checked line compares the two final training losses. Which optimizer comes first on
# the validation loss depends on the learning rates as much as on the method (exercise 6 varies them); Adam's default
# $\alpha = 10^{-3}$ is popular because it often works reasonably well untuned.

# %% [markdown]
# ## Saddle points in high dimension
#
# A critical point ($\nabla L = 0$) is a minimum only if the Hessian has **no** negative eigenvalue. Dauphin et al.
# (2014) argue, from random-matrix theory and from measurements on neural networks, that in high dimension almost
# all critical points with a high loss are saddle points, and that saddles, not bad local minima, are what slow
# training. A toy version: the fraction of random symmetric matrices (Gaussian entries) that are positive definite.

# %%
rng, num_matrices = np.random.default_rng(0), course.pick(full=200_000, fast=20_000)
dimensions, fractions = np.arange(1, 8), []
for d in dimensions:
    A = rng.normal(size=(num_matrices, d, d))
    eigenvalues = np.linalg.eigvalsh((A + A.transpose(0, 2, 1)) / 2)  # a random Hessian per sample
    fractions.append(np.mean((eigenvalues > 0).all(axis=1)))
    print(f"d = {d}: fraction of {num_matrices} random Hessians with all eigenvalues > 0: {fractions[-1]:.5f}")
course.claim("for every d from 2 to 7 the fraction of minima is below 2^-d",
             all(fraction < 0.5 ** d for d, fraction in zip(dimensions[1:], fractions[1:])),
             fraction_d_2=fractions[1], two_to_minus_2=0.25)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(dimensions, np.where(np.array(fractions) > 0, fractions, np.nan), "o-", label="random symmetric matrices")
ax.semilogy(dimensions, 0.5 ** dimensions, "--", label="$2^{-d}$ (independent signs)")
ax.set(xlabel="dimension $d$", ylabel="fraction that are minima", title="Critical points that are minima"); ax.legend();

# %% [markdown]
# The fraction falls faster than $2^{-d}$ (the eigenvalues of a random matrix repel each other, so all $d$ being
# positive is rarer than $d$ coin flips); where no sample out of those drawn was positive definite the point is
# missing. A network has millions of parameters.
#
# What a saddle does to gradient descent: on $f(x, y) = x^2 - y^2$ the gradient $(2x, -2y)$ vanishes at the origin.
# Starting at $(1, y_0)$, GD shrinks $x$ by $(1 - 2\alpha)$ and grows $y$ by $(1 + 2\alpha)$ per step, so it
# lingers near the saddle for about $\log(1/|y_0|) / \log(1 + 2\alpha)$ steps, and with $y_0 = 0$ exactly it never
# leaves. A little gradient noise, as SGD has, pushes it off.

# %%
saddle_grad = lambda W: np.array([2 * W[0], -2 * W[1]])
noisy = lambda W, rng=np.random.default_rng(0): saddle_grad(W) + rng.normal(0, 1e-3, 2)  # stand-in for SGD noise
saddle_runs = {rf"GD, $y_0 = {label}$": (saddle_grad, y0)
               for label, y0 in [("10^{-2}", 1e-2), ("10^{-6}", 1e-6), ("0", 0.0)]}
saddle_runs[r"noisy GD, $y_0 = 0$"] = (noisy, 0.0)
fig, ax, escape = *plt.subplots(figsize=(6, 3.5)), {}
for label, (grad, y0) in saddle_runs.items():
    path = gradient_descent(grad, np.array([1.0, y0]), alpha=0.05, num_steps=150)
    ax.semilogy(np.linalg.norm([saddle_grad(W) for W in path], axis=1) + 1e-12, label=label)
    escape[label] = next((step for step, W in enumerate(path) if abs(W[1]) > 1), None)  # first step with |y| > 1
ax.set(xlabel="step", ylabel=r"$\|\nabla f\|$", title="GD near the saddle of $x^2 - y^2$"); ax.legend();
print("first step with |y| > 1 (None: not within 150 steps):",
      {label.replace("$", ""): step for label, step in escape.items()})
print("log(1/|y0|) / log(1 + 2 alpha) for y0 = 1e-2, 1e-6:",
      [round(np.log(1 / y0) / np.log(1 + 2 * 0.05)) for y0 in [1e-2, 1e-6]])
steps_escape = list(escape.values())  # y0 = 1e-2, 1e-6, 0, noisy
course.claim("GD from y0 = 1e-2 leaves the saddle before GD from y0 = 1e-6; from y0 = 0 it never does; "
             "the noisy run does",
             None not in (steps_escape[0], steps_escape[1], steps_escape[3]) and steps_escape[0] < steps_escape[1]
             and steps_escape[2] is None, step_y0_1e_2=steps_escape[0], step_y0_1e_6=steps_escape[1],
             step_y0_0=steps_escape[2], step_noisy=steps_escape[3])

# %% [markdown]
# The gradient norm first drops as $x \to 0$: the run looks converged. With $y_0 = 10^{-2}$ it soon rises again as $y$
# grows, with $y_0 = 10^{-6}$ the plateau lasts longer (the step counts of the formula above are printed under the
# observed ones), and with $y_0 = 0$ it never ends; the noisy run escapes (the steps printed and the checked line
# above). Plateaus of the training loss are often such saddles; Dauphin et al. propose a saddle-free Newton method
# that escapes them directly.

# %% [markdown]
# ## Explore: learning rate and momentum
#
# Momentum on the elongated quadratic, 100 steps from the same start. Move $\alpha$ and $\mu$: $\mu = 0$ is plain
# gradient descent; too much momentum spirals, too large an $\alpha$ diverges. (Without a widget front end you see
# the figure for the starting values.)

# %%
Xq, Yq = np.meshgrid(np.linspace(-10, 4, 120), np.linspace(-3, 3, 80))  # computed once; draw() only plots
Zq = quadratic(np.stack([Xq, Yq], axis=-1))

def draw_momentum(learning_rate, momentum):
    path = momentum_path(quadratic_grad, W_start, learning_rate, momentum, 100)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.contour(Xq, Yq, Zq, levels=np.logspace(-2, 1.7, 10), cmap="Greys")
    ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, color="C3"); ax.grid(False)
    ax.set(xlim=(-10, 4), ylim=(-3, 3), xlabel="$w_1$", ylabel="$w_2$",
           title=rf"$\alpha = {learning_rate:.2f}$, $\mu = {momentum:.2f}$: "
                 f"loss after 100 steps {quadratic(path[-1]):.1e}")
    return fig

controls = course.interactive_figure(
    draw_momentum,
    learning_rate=ipywidgets.FloatSlider(value=0.3, min=0.01, max=1.1, step=0.01, description="alpha"),
    momentum=ipywidgets.FloatSlider(value=0.7, min=0.0, max=0.99, step=0.01, description="mu"))

# %% [markdown]
# With $\mu = 0$ the path first zigzags across the ravine and then creeps along it; moderate momentum cuts the creep;
# with $\mu$ close to 1 the velocity carries the path far past the minimum and around it many times.

# %% [markdown]
# ## Summary
#
# * Gradient descent steps $W \leftarrow W - \alpha \nabla C$; mini-batch SGD uses the average gradient over $m$
#   random examples, $\frac{1}{m}\sum_j \nabla C_{x_j}$, and an epoch is one pass over the data in $n/m$ updates.
# * $\alpha$ must stay below $2/\lambda_{\max}$; the flat directions then set the speed. Larger batches make faster
#   epochs, smaller ones more (and noisier) updates, and often better accuracy on new data.
# * Momentum: $V \leftarrow \mu V - \alpha \nabla L(W)$, $W \leftarrow W + V$ accumulates speed along ravines.
# * AdaGrad, RMSprop and Adadelta scale each parameter's step by its gradient history; Adam combines momentum with
#   RMSprop and corrects the bias of the zero start. Hyperparameters matter as much as the optimizer.
# * In high dimension almost every critical point with a high loss is a saddle (Dauphin et al. 2014); GD stalls
#   near them, gradient noise helps escape.
#
# ## Exercises
#
# 1. Show that for $C = \frac{1}{2}\lambda w^2$ gradient descent converges if and only if $0 < \alpha < 2/\lambda$.
#    What does momentum change in this condition?
# 2. Rerun the batch-size table with $\alpha$ scaled in proportion to the batch size ($\alpha = 0.05 \cdot m / 32$).
#    Does the accuracy gap of large batches shrink? Where does it break down?
# 3. Show that Adam's bias correction makes the first step $\approx \alpha\, \mathrm{sign}(g)$ whatever the size of
#    $g$. Why would the uncorrected $M$ and $S$ give a too-small (or too-large) first step?
# 4. Adadelta's update has the units of $W$ while SGD's has the units of $1/W$ (for a cost without units). Check this
#    from the formulas: it is Zeiler's argument for dropping $\alpha$.
# 5. On $f(x, y) = x^2 - y^2$, compute how many GD steps with $\alpha = 0.05$ are needed to reach $|y| > 1$ from
#    $y_0 = 10^{-6}$, and compare with the plot.
# 6. Train the MLP with SGD at $\alpha = 0.2$ and with Adam at $\alpha = 10^{-2}$ and $10^{-4}$. Does the ranking of
#    the optimizers on the validation loss change?
