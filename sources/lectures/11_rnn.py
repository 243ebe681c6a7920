# %% [markdown]
# # Lecture 11: Recurrent neural networks
#
# **After this lecture you can** say what a recurrent network adds to a feed-forward one, write the forward pass of
# a simple RNN in numpy and match it to Keras' `SimpleRNN` weight by weight, draw an RNN unfolded in time, explain
# with backpropagation through time why its gradients vanish geometrically, and show on a task with a tunable
# memory length that an LSTM remembers where a simple RNN forgets.
#
# **Prerequisites:** lectures 02 (backpropagation) and 04 (Keras on MNIST). **Run time:** a few minutes on a
# laptop CPU (under 40 seconds with `COURSE_FAST=1`).
#
# Sources: J. Elman, "Finding structure in time", *Cognitive Science* 14 (1990); Y. Bengio, P. Simard and
# P. Frasconi, "Learning long-term dependencies with gradient descent is difficult", *IEEE Transactions on Neural
# Networks* 5 (1994); R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of training recurrent neural
# networks", ICML (2013); S. Hochreiter and J. Schmidhuber, "Long short-term memory", *Neural Computation* 9
# (1997); C. Tallec and Y. Ollivier, "Can recurrent neural networks warp time?", ICLR (2018); C. Olah,
# "Understanding LSTM networks" (blog post, 2015); I. Goodfellow, Y. Bengio and A. Courville,
# *Deep Learning* (2016), chapter 10.

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

import course

course.setup()

# %% [markdown]
# ## Feed-forward versus recurrent
#
# A feed-forward network maps one fixed-size vector to an output; every input is independent of the previous one.
# Text, speech, audio and video are **sequences** $x_1, x_2, \dots, x_T$ of varying length $T$, where what an
# element means depends on what came before. A recurrent network reads the sequence one step at a time and keeps
# an **internal state** $h_t$, a memory of everything read so far (Elman 1990):
#
# $$h_t = \tanh\left(W_x x_t + W_h h_{t-1} + b\right), \qquad h_0 = 0.$$
#
# The same $W_x$, $W_h$ and $b$ serve at every step, so the number of parameters does not grow with $T$. A dense
# layer reading the whole flattened sequence at once needs weights for every position, as the counts below show
# (4 features per step, 16 hidden units).

# %%
input_dim, units = 4, 16
for T in [10, 100, 1000]:
    dense = keras.Sequential([keras.Input((T, input_dim)), layers.Flatten(), layers.Dense(units)])
    rnn = keras.Sequential([keras.Input((None, input_dim)), layers.SimpleRNN(units)])
    print(f"T = {T:>4}: dense on the flattened sequence {dense.count_params():>6,} parameters, "
          f"SimpleRNN {rnn.count_params()} parameters (any T)")

# %% [markdown]
# The recurrent layer has $n_h n_x + n_h^2 + n_h$ parameters whatever the length; the dense layer's count grows
# with $T$ and it cannot read a sequence of another length at all.

# %% [markdown]
# ## A simple RNN in numpy, matched to Keras
#
# Keras computes with row vectors, $h_t = \tanh(x_t K + h_{t-1} U + b)$, and stores `kernel` $K = W_x^\top$ of
# shape (input_dim, units), `recurrent_kernel` $U = W_h^\top$ of shape (units, units) and `bias` $b$. We take
# these weights from a freshly initialised `SimpleRNN` layer, run our own loop over time on a batch of random
# sequences and compare every hidden state $h_1, \dots, h_T$ (`return_sequences=True`).

# %%
def rnn_forward(X, W_x, W_h, b):
    """Hidden states of a simple RNN: X (batch, T, input_dim) -> H (batch, T, units)."""
    h = np.zeros((X.shape[0], W_h.shape[0]))
    H = []
    for t in range(X.shape[1]):
        h = np.tanh(X[:, t] @ W_x.T + h @ W_h.T + b)  # h_t = tanh(W_x x_t + W_h h_{t-1} + b), one row per sequence
        H.append(h)
    return np.stack(H, axis=1)

# %%
rng = np.random.default_rng(0)
X = rng.normal(size=(3, 12, input_dim)).astype("float32")  # 3 sequences of T = 12 steps
rnn_layer = layers.SimpleRNN(units, return_sequences=True)
H_keras = rnn_layer(X).numpy()
kernel, recurrent_kernel, bias = rnn_layer.get_weights()
print("kernel", kernel.shape, "recurrent_kernel", recurrent_kernel.shape, "bias", bias.shape)
H_numpy = rnn_forward(X, W_x=kernel.T, W_h=recurrent_kernel.T, b=bias)
print(f"max |H_numpy - H_keras| over {X.shape[0]} sequences and {X.shape[1]} steps: "
      f"{np.abs(H_numpy - H_keras).max():.1e}")

# %% [markdown]
# The difference printed above is at the level of float32 rounding: the Keras layer is exactly the recurrence
# written above, with $W_x$ and $W_h$ stored transposed.

# %% [markdown]
# ## Unfolding in time
#
# Drawing the loop once per time step turns the RNN into a deep feed-forward network with one layer per step, in
# which every layer shares the same weights. Training it is ordinary backpropagation on this unfolded network,
# called **backpropagation through time** (BPTT): the gradient of a weight is the sum of its gradients at every
# step.

# %%
def draw_node(ax, xy, text, color):
    ax.add_patch(plt.Circle(xy, 0.32, color=color, zorder=2))
    ax.text(*xy, text, ha="center", va="center", fontsize=12, zorder=3)

def draw_arrow(ax, start, end, label="", offset=(0.0, 0.0)):
    ax.annotate("", end, start, arrowprops=dict(arrowstyle="->", lw=1.5, shrinkA=14, shrinkB=14))
    mid = (start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1]
    ax.text(*mid, label, ha="center", va="center", fontsize=11)

# %%
fig, ax = plt.subplots(figsize=(11, 3.8))
draw_node(ax, (-1.5, 0), "$x_t$", "C2"); draw_node(ax, (-1.5, 1.5), "$h_t$", "C0")
draw_arrow(ax, (-1.5, 0), (-1.5, 1.5), "$W_x$", (0.3, 0))
ax.annotate("", (-1.75, 1.8), (-1.25, 1.8), arrowprops=dict(arrowstyle="->", lw=1.5, connectionstyle="arc3,rad=1.8"))
ax.text(-1.5, 2.45, "$W_h$", ha="center", fontsize=11); ax.text(-0.1, 0.75, "unfold $\\Rightarrow$", fontsize=12)
ax.text(1, 1.5, "$h_0$", ha="center", va="center", fontsize=12)
for step, t in enumerate(["1", "2", "3", "T"]):
    x0 = 3 + 2 * step
    draw_node(ax, (x0, 0), f"$x_{t}$", "C2"); draw_node(ax, (x0, 1.5), f"$h_{t}$", "C0")
    draw_arrow(ax, (x0, 0), (x0, 1.5), "$W_x$", (0.3, 0))
    draw_arrow(ax, (x0 - 2, 1.5), (x0, 1.5), "$W_h$" if step != 3 else "$\\cdots$", (0, 0.2))
ax.set(xlim=(-2.2, 9.6), ylim=(-0.6, 2.8), aspect="equal"); ax.axis("off")
ax.set_title("A recurrent network (left) and the same network unfolded over $T$ steps (right)");

# %% [markdown]
# Left: one layer with a loop. Right: the same computation drawn as a chain; every horizontal arrow is the same
# matrix $W_h$ and every vertical one the same $W_x$.

# %% [markdown]
# ## Backpropagation through time: the gradient vanishes geometrically
#
# Let the loss $\mathcal{L}$ depend on the last state only, here $\mathcal{L} = v^\top h_T$ for a fixed vector $v$.
# One step of the recurrence has the Jacobian $\partial h_k / \partial h_{k-1} = \mathrm{diag}(1 - h_k^2)\, W_h$,
# so the chain rule gives, for every earlier step $t$,
#
# $$\frac{\partial \mathcal{L}}{\partial h_t} = W_h^\top \mathrm{diag}(1 - h_{t+1}^2)\; W_h^\top
# \mathrm{diag}(1 - h_{t+2}^2) \cdots W_h^\top \mathrm{diag}(1 - h_T^2)\; v,$$
#
# a product of $T - t$ matrices. If each factor shrinks vectors, the product shrinks geometrically with the distance
# $T - t$ (Bengio, Simard and Frasconi 1994). One factor stretches a vector by at most
# $\sigma_{\max}(W_h) \cdot \max_i (1 - h_{k,i}^2)$, so a largest singular value of $W_h$ below 1 is enough for
# that, whatever the states (Pascanu et al. 2013), since $0 < 1 - h^2 \le 1$. Keras does not start there: it
# initialises `recurrent_kernel` as an **orthogonal** matrix, all of whose singular values are exactly 1, so $W_h$
# alone neither shrinks nor stretches a vector. At initialisation the shrinking comes from the other factor,
# tanh's derivative $1 - h^2$, which is below 1 wherever a unit is not at 0. We print both below.
#
# We compute the norms with the formula in numpy, walking backwards from $T$, and check them with
# `tf.GradientTape` on the Keras layer itself: we restart the layer from state $h_t$ (`initial_state`), run it
# over $x_{t+1}, \dots, x_T$ and ask the tape for the gradient with respect to $h_t$.

# %%
def state_gradient_norms(H, W_h, v):
    """||dL/dh_t|| for t = 1..T, with L = v . h_T and H (T, units) the states of one sequence."""
    g, norms = v, [np.linalg.norm(v)]
    for t in range(len(H) - 1, 0, -1):  # from dL/dh_T back to dL/dh_1
        g = W_h.T @ ((1 - H[t] ** 2) * g)  # dL/dh_{t-1} = W_h^T diag(1 - h_t^2) dL/dh_t (0-based H[t] = h_{t+1})
        norms.append(np.linalg.norm(g))
    return np.array(norms[::-1])

# %%
T = 40
x_long = rng.normal(size=(1, T, input_dim)).astype("float32")
v = rng.normal(size=units).astype("float32")
H = rnn_layer(x_long).numpy()[0]  # h_1 .. h_T from Keras, (T, units)
norms_numpy = state_gradient_norms(H, recurrent_kernel.T, v)

def tape_gradient_norm(t):
    """||dL/dh_t|| by tf.GradientTape: restart the layer from h_t and run it over x_{t+1}..x_T."""
    h_t = tf.constant(H[t - 1 : t])  # step t is row t - 1
    with tf.GradientTape() as tape:
        tape.watch(h_t)
        loss = tf.reduce_sum(rnn_layer(x_long[:, t:], initial_state=h_t)[0, -1] * v)
    return float(tf.norm(tape.gradient(loss, h_t)))

# %%
steps = np.arange(1, T + 1)
norms_tape = np.array([tape_gradient_norm(t) for t in steps[:-1]] + [np.linalg.norm(v)])  # t = T: dL/dh_T = v
rate = (norms_numpy[0] / norms_numpy[-1]) ** (1 / (T - 1))
print(f"max relative difference numpy vs GradientTape: {np.max(np.abs(norms_numpy - norms_tape) / norms_tape):.1e}")
print(f"||dL/dh_T|| = {norms_numpy[-1]:.2f}, ||dL/dh_1|| = {norms_numpy[0]:.1e}: "
      f"on average x{rate:.3f} per step back")
singular_values = np.linalg.svd(recurrent_kernel, compute_uv=False)
print(f"singular values of W_h (Keras' orthogonal initialisation): min {singular_values.min():.4f}, "
      f"max {singular_values.max():.4f}")
print(f"tanh's derivative 1 - h^2 over the {T} states and {units} units: mean {np.mean(1 - H ** 2):.3f}, "
      f"range [{np.min(1 - H ** 2):.3f}, {np.max(1 - H ** 2):.3f}]")
step_factors = norms_numpy[:-1] / norms_numpy[1:]  # ||dL/dh_t|| / ||dL/dh_{t+1}|| for every step back
course.claim("the gradient shrinks with every step back although all singular values of W_h are 1",
             np.all(step_factors < 1) and np.allclose(singular_values, 1, atol=1e-4),
             largest_factor_of_one_step=step_factors.max(), rate_per_step=rate,
             largest_singular_value=singular_values.max())

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.semilogy(steps, norms_numpy, "o-", ms=4, label="numpy, product of Jacobians")
ax.semilogy(steps, norms_tape, "x", color="C3", label="tf.GradientTape on the Keras layer")
ax.set(xlabel="time step $t$", ylabel=r"$\|\partial \mathcal{L} / \partial h_t\|$",
       title=f"Gradient of the loss at step T = {T}, Keras' initial weights"); ax.legend();

# %% [markdown]
# The two computations agree (the relative difference is printed above), and on a log scale the norm is close to a
# straight line: each step back multiplies it by about the factor printed above. The singular values printed above
# are all 1, so that factor comes from the $1 - h^2$ of the states, whose mean is printed too: a product of
# orthogonal matrices (which keep every length) and of diagonal matrices with entries below 1. An input $x_t$ far from the end therefore barely changes
# the weights' gradient, and dependencies over many steps are learned very slowly, if at all: the vanishing
# gradient of Bengio et al. (1994). Had $W_h$ large singular values, the product could instead explode, which
# Pascanu et al. (2013) tame by clipping the gradient's norm.

# %% [markdown]
# ### Explore: the scale of $W_h$
#
# Multiply the recurrent weights by a factor and watch the gradient norms (numpy, the same sequence and loss).

# %%
def draw_gradient_norms(scale):
    W_h = scale * recurrent_kernel.T
    H_scaled = rnn_forward(x_long, kernel.T, W_h, bias)[0]
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    ax.semilogy(steps, state_gradient_norms(H_scaled, W_h, v), "o-", ms=4)
    ax.set(xlabel="time step $t$", ylabel=r"$\|\partial \mathcal{L} / \partial h_t\|$",
           title=f"$W_h$ times {scale:.2f}: mean $|h|$ = {np.abs(H_scaled).mean():.2f}", ylim=(1e-20, 1e6),
           yticks=10.0 ** np.arange(-20, 7, 5))
    ax.minorticks_off()  # fewer tick labels: a faster redraw
    return fig

controls = course.interactive_figure(draw_gradient_norms, scale=ipywidgets.FloatSlider(
    value=1.0, min=0.25, max=3.0, step=0.25, description="scale of W_h"))

# %% [markdown]
# With the default scale 1 the curve is the one above. Smaller scales make the gradient vanish faster; large ones
# can make it grow with the distance instead (exploding gradients), held back only where units saturate and
# $1 - h^2$ is tiny. Bengio et al. (1994) showed that a network storing information robustly in $h_t$ must sit in
# the vanishing regime, so a steady, flat gradient over long spans is out of reach for a simple RNN.

# %% [markdown]
# ## Short- and long-term dependencies
#
# To predict the last word of "Bob is eating an *apple*" the relevant context, *eating*, is two words back. In
# "Bob likes apples. He is hungry and decided to have a snack. So now he is eating an *apple*", the hint is a whole
# sentence back. Olah's blog post "Understanding LSTM networks" (2015) uses this framing: in theory a simple RNN
# can carry any context forward, in practice the vanishing gradient stops it from learning to. We turn it into a
# task whose memory length we can dial: a sequence of $L$ random symbols out of 4 (one-hot), and the label is the
# **first** symbol. The network must carry it across $L - 1$ distractors; the lag $L$ is the parameter.

# %%
num_symbols = 4

def make_lag_task(lag, num_samples, seed):
    """Random symbol sequences X (num_samples, lag, num_symbols), one-hot; label y = the symbol at position 0."""
    symbols = np.random.default_rng(seed).integers(0, num_symbols, size=(num_samples, lag))
    return np.eye(num_symbols, dtype="float32")[symbols], symbols[:, 0]

X_demo, y_demo = make_lag_task(lag=10, num_samples=3, seed=0)
for x, y in zip(X_demo, y_demo):
    print("sequence", x.argmax(axis=1), "-> label", y)

# %% [markdown]
# Each printed label is the first symbol of its sequence; everything after it is noise. Guessing gives an
# accuracy of $1/4$.

# %% [markdown]
# ## SimpleRNN versus LSTM as the lag grows
#
# The LSTM of Hochreiter and Schmidhuber (1997) adds a cell state $c_t$ updated by gates (lecture 12 takes them
# apart): $c_t = f_t \odot c_{t-1} + i_t \odot g_t$. Along $c$ the backward pass multiplies by the forget gate
# $f_t$, not by $W_h$, so when $f_t \approx 1$ the gradient survives many steps. At the start of training
# $f_t \approx \sigma(b_f)$, and over a lag $L$ the cell state keeps a fraction of about $\sigma(b_f)^L$:

# %%
forget_bias = 3.0  # the b_f we use below; Keras' default is 1
for b_f in [1.0, forget_bias, 5.0]:
    f = 1 / (1 + np.exp(-b_f))
    print(f"b_f = {b_f}: f = {f:.3f}, f^40 = {f ** 40:.1e}, f^80 = {f ** 80:.1e}")

# %% [markdown]
# With Keras' default forget bias $b_f = 1$ the memory of the first step has all but faded after 40 steps at
# initialisation, so the LSTM has to learn to open its forget gate through the same vanishing gradient. We start
# the gate open with one constant, $b_f = 3$ for every unit ($\sigma(3) \approx 0.95$). That is in the spirit of,
# but simpler than, the "chrono" initialisation of Tallec and Ollivier (2018), which draws each unit's forget bias
# at random, $b_f = \log u$ with $u \sim \mathcal{U}(1, T_{\max} - 1)$ for the longest expected lag $T_{\max}$,
# and sets the input bias to $b_i = -b_f$, so that the units keep their memory over a spread of time scales up to
# $T_{\max}$. Keras orders the LSTM biases by gate: input $i$, forget $f$, candidate $g$, output $o$.

# %%
def lstm_with_forget_bias(units, forget_bias):
    """An LSTM layer whose forget gates start at sigmoid(forget_bias); other biases start at 0."""
    b = np.zeros(4 * units, dtype="float32")
    b[units : 2 * units] = forget_bias  # Keras' gate order: input, forget, candidate, output
    return layers.LSTM(units, unit_forget_bias=False, bias_initializer=keras.initializers.Constant(b))

# %% [markdown]
# We train a `SimpleRNN` and this `LSTM`, both with 16 units and followed by a softmax over the 4 symbols, on
# every lag with the same data, optimiser (Adam, learning rate 0.01) and number of epochs, and measure the
# accuracy on 1,000 fresh test sequences.

# %%
lags = course.pick(full=[5, 10, 20, 40], fast=[5, 40])
num_train, num_test = 2000, 1000
num_epochs, batch_size = 5, 32  # fast mode drops lags, not data or epochs
verbose = course.pick(full="auto", fast=0)

def train_on_lag(make_recurrent_layer, lag, seed=0):
    """Train make_recurrent_layer() + softmax on the lag task; return the test accuracy."""
    keras.utils.set_random_seed(seed)  # before the layer is made, so that its initial weights depend on seed only
    recurrent_layer = make_recurrent_layer()
    (X_train, y_train), (X_test, y_test) = make_lag_task(lag, num_train, 1), make_lag_task(lag, num_test, 2)
    model = keras.Sequential([keras.Input((lag, num_symbols)), recurrent_layer,
                              layers.Dense(num_symbols, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    model.fit(X_train, y_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
    return model.evaluate(X_test, y_test, verbose=0)[1]

# %%
accuracy = {"SimpleRNN": [], "LSTM": []}
for lag in lags:
    accuracy["SimpleRNN"].append(train_on_lag(lambda: layers.SimpleRNN(units), lag))
    accuracy["LSTM"].append(train_on_lag(lambda: lstm_with_forget_bias(units, forget_bias), lag))
    print(f"lag {lag:>2}: test accuracy SimpleRNN {accuracy['SimpleRNN'][-1]:.3f}, LSTM {accuracy['LSTM'][-1]:.3f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, values in accuracy.items():
    ax.plot(lags, values, "o-", label=f"{name} ({units} units)")
ax.axhline(1 / num_symbols, color="gray", ls="--", label="chance")
ax.set(xscale="log", xticks=lags, xticklabels=lags, xlabel="lag $L$ (steps to remember)", ylabel="test accuracy",
       ylim=(0, 1.05), title=f"Remember the first symbol ({num_train} training sequences, {num_epochs} epochs)")
ax.legend();

# %%
for name, values in accuracy.items():
    at_chance = [lag for lag, acc in zip(lags, values) if acc < 1 / num_symbols + 0.1]
    solved = [lag for lag, acc in zip(lags, values) if acc > 0.9]
    print(f"{name:>9}: above 90 % test accuracy at lags {solved}, within 0.1 of chance at lags {at_chance}")
short, long = lags.index(5), lags.index(40)
course.claim("at lag 5 both networks reach over 90 % test accuracy",
             min(accuracy["SimpleRNN"][short], accuracy["LSTM"][short]) > 0.9,
             SimpleRNN=accuracy["SimpleRNN"][short], LSTM=accuracy["LSTM"][short])
course.claim("at lag 40 the LSTM reaches over 90 % while the SimpleRNN stays within 0.1 of chance",
             accuracy["LSTM"][long] > 0.9 and accuracy["SimpleRNN"][long] < 1 / num_symbols + 0.1,
             SimpleRNN=accuracy["SimpleRNN"][long], LSTM=accuracy["LSTM"][long], chance=1 / num_symbols)

# %% [markdown]
# The lists printed above summarise the curve, on synthetic test sequences the networks never saw, and the two
# claim lines test the picture the theory predicts: both networks solve the short lag, and at the longest lag the
# SimpleRNN stays at chance while the LSTM of the same size remembers, the vanishing gradient of Bengio et al.
# (1994) against the gated memory of Hochreiter and Schmidhuber (1997). Fast mode trains only lags 5 and 40, with
# the same data, epochs and seeds as full mode, so the claims are about the same runs in both modes.
# Read them as one run's outcome, not a law: the comparison is one of learning speed
# under a fixed budget of 5 epochs, and at lag 40 it sits near a tipping point. A SimpleRNN is not hopeless there:
# with Keras' orthogonal initial $W_h$ it can leave its plateau at chance after more epochs, and which network
# leaves it first depends on the seed and the amount of data (exercise 5). The long plateau itself is what the
# geometric decay of $\partial \mathcal{L} / \partial h_t$ predicts.

# %% [markdown]
# ## Summary
#
# * A recurrent network reads a sequence step by step with a state $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$ and the
#   same weights at every step; its parameter count does not depend on the length.
# * Keras' `SimpleRNN` stores `kernel` $= W_x^\top$ and `recurrent_kernel` $= W_h^\top$; a ten-line numpy loop
#   reproduces its outputs.
# * Unfolded in time, an RNN is a deep network with shared weights, trained by backpropagation through time.
# * $\partial \mathcal{L}/\partial h_t$ is a product of $T - t$ factors $W_h^\top \mathrm{diag}(1 - h^2)$: it
#   shrinks geometrically when $\sigma_{\max}(W_h) < 1$ (Pascanu et al. 2013), and, with Keras' orthogonal
#   $W_h$ (all singular values 1), through tanh's derivative $1 - h^2 < 1$ alone, so long-term dependencies are
#   hard to learn (Bengio et al. 1994).
# * An LSTM's gated cell state lets the gradient pass many steps when its forget gate is open ($b_f = 3$ here): on
#   the first-symbol task it is meant to keep working at lags where a SimpleRNN of the same size is at chance
#   (the claim lines above say whether it did at lag 40 in this run).
#
# ## Exercises
#
# 1. Train the LSTM with Keras' default forget bias, `layers.LSTM(units)` ($b_f = 1$), at lags 20 and 40. How
#    many epochs does it need now? Relate the answer to $\sigma(b_f)^{L}$.
# 2. Count the parameters of `layers.LSTM(16)` on 4 inputs by hand (four gates) and check with `count_params()`.
# 3. Change `rnn_forward` to use `relu` instead of `tanh` and match it to `layers.SimpleRNN(units, activation="relu")`.
# 4. In the gradient experiment, replace $\mathcal{L} = v^\top h_T$ by $\mathcal{L} = \tfrac12\|h_T\|^2$. Does the
#    rate of decay change? Why not much?
# 5. Train both networks at lag 40 for 20 epochs instead of 5, with seeds 0, 1, 2 and with 1,000 instead of 2,000
#    training sequences, printing the test accuracy after every epoch. When does each leave chance level? Then try
#    lag 80.
# 6. Use 8 symbols instead of 4 in the lag task. What is chance level now, and at which lag does SimpleRNN fail?
# 7. Add `clipnorm=1.0` to the Adam optimizer of the SimpleRNN. Does it help at long lags? Pascanu et al. (2013)
#    clip against exploding, not vanishing, gradients: explain the result.

# %% [markdown]
# The calls the exercises start from, run once here on a small batch so that they work with the installed Keras
# (what they show is for you to find out):

# %%
exercise_lstm = keras.Sequential([keras.Input((None, num_symbols)), layers.LSTM(units)])  # exercises 1 and 2
relu_rnn = layers.SimpleRNN(units, activation="relu", return_sequences=True)  # exercise 3
relu_states = relu_rnn(X).numpy()
half_squared_norms = state_gradient_norms(H, recurrent_kernel.T, v=H[-1])  # exercise 4: L = ||h_T||^2 / 2
X_8, y_8 = np.eye(8, dtype="float32")[np.random.default_rng(0).integers(0, 8, (64, 10))], np.zeros(64)  # exercise 6
clipped = keras.Sequential([keras.Input((10, 8)), layers.SimpleRNN(units), layers.Dense(8, activation="softmax")])
clipped.compile(optimizer=keras.optimizers.Adam(0.01, clipnorm=1.0), loss="sparse_categorical_crossentropy")  # ex. 7
clipped.fit(X_8, y_8, epochs=1, verbose=0)
print(f"built and ran: layers.LSTM({units}), a ReLU SimpleRNN {relu_states.shape}, the gradient norms of "
      f"||h_T||^2 / 2 ({len(half_squared_norms)} steps), 8 symbols, Adam(clipnorm=1.0)")
