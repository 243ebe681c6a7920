# %% [markdown]
# # Lecture 06: Regularization and initialization
#
# **After this lecture you can** recognise overfitting, split data into training, validation and test sets, derive
# and apply L2 and L1 regularization, use dropout and early stopping in Keras, and choose a weight initialization
# (Glorot/Xavier or He) that keeps the activations of a deep network alive.
#
# **Prerequisites:** lectures 02 (backpropagation), 03 (activations and losses), 04 (Keras) and 05
# (optimization: SGD with momentum, Adam). **Run time:** about one to
# two minutes on a laptop CPU (under 40 seconds in fast mode).
#
# Sources: C. Bishop, *Pattern Recognition and Machine Learning* (2006), section 1.1 (the sine curve and the
# degree-9 polynomial); M. Nielsen, *Neural Networks and Deep Learning*, chapter 3 (L2, L1, weight decay);
# N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever and R. Salakhutdinov, "Dropout: a simple way to prevent
# neural networks from overfitting", *JMLR* 15 (2014); X. Glorot and Y. Bengio, "Understanding the difficulty of
# training deep feedforward neural networks" (2010); K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into
# rectifiers" (2015); the activation-histogram experiment of Stanford's CS231n notes (lecture on training neural
# networks).

# %% [markdown]
# ## Setup

# %%
import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.model_selection import train_test_split

import course

course.setup()
verbose = 0  # each fit takes seconds: no Keras bars; a loop of fits shows one bar in full mode (course.progress)

# %% [markdown]
# ## Overfitting: a sine curve and a degree-9 polynomial
#
# Bishop's classic example: $N = 10$ points $x_i$ evenly spaced in $[0, 1]$, targets $t_i = \sin(2\pi x_i) +
# \varepsilon_i$ with Gaussian noise $\varepsilon_i$, and a polynomial $y(x, w) = \sum_{j=0}^{M} w_j x^j$ of degree
# $M$ fitted by least squares. With the design matrix $\Phi_{ij} = x_i^j$ and a penalty $\lambda \ge 0$ (used
# later; $\lambda = 0$ is plain least squares) the fit has a closed form:
#
# $$E(w) = \frac{1}{2} \sum_{i=1}^{N} \big(y(x_i, w) - t_i\big)^2 + \frac{\lambda}{2} \lVert w \rVert^2,
# \qquad w = (\Phi^\top \Phi + \lambda I)^{-1} \Phi^\top t.$$

# %%
rng = np.random.default_rng(4)  # the seed fixes this one sample of noise; see exercise 1
noise_std, num_points = 0.3, 10
x_train = np.linspace(0, 1, num_points)
t_train = np.sin(2 * np.pi * x_train) + rng.normal(0, noise_std, num_points)
x_test = rng.uniform(0, 1, 200)  # fresh points from the same curve: the error we care about
t_test = np.sin(2 * np.pi * x_test) + rng.normal(0, noise_std, len(x_test))
x_grid = np.linspace(0, 1, 300)

# %%
def design_matrix(x, degree):
    """Phi of shape (len(x), degree + 1) with Phi[i, j] = x[i] ** j."""
    return x[:, None] ** np.arange(degree + 1)

def fit_polynomial(x, t, degree, lam=0.0):
    """w minimising E(w); solved as least squares on [Phi; sqrt(lam) I] w = [t; 0] (stable even for lam = 0)."""
    Phi = design_matrix(x, degree)
    A = np.vstack([Phi, np.sqrt(lam) * np.eye(degree + 1)])
    return np.linalg.lstsq(A, np.concatenate([t, np.zeros(degree + 1)]), rcond=None)[0]

rms = lambda w, x, t: np.sqrt(np.mean((design_matrix(x, len(w) - 1) @ w - t) ** 2))

# %%
fits = {degree: fit_polynomial(x_train, t_train, degree) for degree in [1, 3, 9]}
print(f"Sine data: {num_points} training points, {len(x_test)} test points, noise std {noise_std}")
for degree, w in fits.items():
    print(f"degree {degree}: training RMS error {rms(w, x_train, t_train):.3f}, test RMS error "
          f"{rms(w, x_test, t_test):.3f}, largest |w_j| = {np.abs(w).max():,.1f}")
ratio = rms(fits[9], x_test, t_test) / rms(fits[3], x_test, t_test)
print(f"the degree-9 fit's test error is {ratio:.1f} times the cubic's")

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(x_grid, np.sin(2 * np.pi * x_grid), "g", label=r"true curve $\sin(2\pi x)$")
for degree in [3, 9]:
    ax.plot(x_grid, design_matrix(x_grid, degree) @ fits[degree], label=f"degree {degree} fit")
ax.plot(x_train, t_train, "ko", mfc="none", label="training points")
ax.set(xlabel="$x$", ylabel="$t$", ylim=(-1.8, 1.8)); ax.legend(fontsize=8, loc="lower left");

# %% [markdown]
# The degree-9 polynomial has as many coefficients as there are points, so it passes through every one of them: its
# training error printed above is essentially zero, yet its test error is well above the cubic's (the ratio is printed
# above), because it swings wildly between the points. That is **overfitting**: the model learned the noise. Its
# coefficients are huge (the largest is printed above), which suggests the cure used in the rest of this lecture:
# penalise large weights.

# %% [markdown]
# ## Training, validation and test sets
#
# A model's error on the data it was fitted to says little about new data, and every choice we make by looking at a
# set of data (a penalty $\lambda$, a dropout rate, the number of epochs) is also a fit to that set. We keep 40 % of
# the data as a **test** set and split the remaining 60 % into 80 % **training** and 20 % **validation** data. We use
# scikit-learn's 8x8 handwritten digits for the networks of this lecture (stratified splits keep the ten classes
# balanced).

# %%
X_digits, y_digits = course.load_digits()
X_digits = X_digits / 16.0  # pixel values 0..16 -> 0..1
X_rest, X_test, y_rest, y_test = train_test_split(X_digits, y_digits, test_size=0.4, stratify=y_digits,
                                                  random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.2, stratify=y_rest, random_state=0)
n = len(X_train)
print(f"sklearn digits, {len(X_digits)} images of 8x8 pixels:")
for name, part, use in [("training", X_train, "fit the weights"), ("validation", X_val, "choose hyperparameters"),
                        ("test", X_test, "report once, at the very end")]:
    print(f"  {name:>10}: {len(part):4d} images ({len(part) / len(X_digits):.0%})  -> {use}")

# %% [markdown]
# The training set fits the weights; the validation set compares models and settings (we use it below to pick
# a stopping epoch and to watch for overfitting); the test set is touched once, at the end of the early-stopping
# section, so that its error is an honest estimate for new data. Look at the test set more often and it becomes a
# second validation set.

# %% [markdown]
# ## L2 regularization (weight decay)
#
# Add to the unregularized cost $C_0$ (cross-entropy, say) a penalty on the squared weights, averaged over the
# $n$ training examples; the biases $b$ are not penalised:
#
# $$C = C_0 + \frac{\lambda}{2n} \sum_w w^2, \qquad
# \frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w, \qquad
# \frac{\partial C}{\partial b} = \frac{\partial C_0}{\partial b}.$$
#
# A gradient-descent step with learning rate $\eta$ becomes
#
# $$w \leftarrow w - \eta \left(\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w\right)
# = \left(1 - \frac{\eta \lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}.$$
#
# Before following the gradient of $C_0$, every weight is multiplied by $1 - \eta\lambda/n$, a number just below 1:
# the weights **decay** towards zero unless the data push back. (With mini-batches, $\partial C_0 / \partial w$ is
# the average over the batch; $n$ stays the size of the whole training set.)
#
# ## L1 regularization
#
# Penalise the absolute values instead:
#
# $$C = C_0 + \frac{\lambda}{n} \sum_w |w|, \qquad
# \frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} \operatorname{sgn}(w),
# \qquad w \leftarrow w - \frac{\eta \lambda}{n} \operatorname{sgn}(w) - \eta \frac{\partial C_0}{\partial w}.$$
#
# L2 shrinks a weight in proportion to its size; L1 shrinks every weight by the same amount $\eta\lambda/n$, so
# small weights reach zero while a few large, useful ones survive. The difference is clearest for a weight the
# data do not care about ($\partial C_0 / \partial w = 0$):

# %%
eta, lam, num_steps = 0.5, 5.0, 400  # n is the size of the digits training set above
w_l2, w_l1 = [1.0], [1.0]
for step in range(num_steps):
    w_l2.append((1 - eta * lam / n) * w_l2[-1])  # dC0/dw = 0
    w_l1.append(w_l1[-1] - eta * lam / n * np.sign(w_l1[-1]))
print(f"after {num_steps} steps: L2 weight {w_l2[-1]:.3f}, L1 weight {w_l1[-1]:.4f} "
      f"(L1 step eta*lam/n = {eta * lam / n:.4f})")

# %%
fig, ax = plt.subplots(figsize=(5.5, 3))
ax.plot(w_l2, label=r"L2: $w \leftarrow (1 - \eta\lambda/n)\, w$")
ax.plot(w_l1, label=r"L1: $w \leftarrow w - (\eta\lambda/n)\,\mathrm{sgn}(w)$")
ax.set(xlabel="step", ylabel="$w$", title=r"A weight with $\partial C_0/\partial w = 0$"); ax.legend();

# %% [markdown]
# L2 decays geometrically and never quite reaches zero; L1 walks down in a straight line and then jitters around
# zero within one step $\eta\lambda/n$ (printed above). Optimizers with a proximal step set such weights exactly to
# zero; plain gradient descent leaves them *near* zero, which is what we count below.

# %% [markdown]
# ## L2 and L1 in a trained network
#
# Keras adds the penalty per layer with `kernel_regularizer`. Its factor $\alpha$ multiplies the plain sum:
# `regularizers.l2(alpha)` adds $\alpha \sum w^2$ (so $\alpha = \lambda / 2n$ above) and `regularizers.l1(alpha)`
# adds $\alpha \sum |w|$ ($\alpha = \lambda / n$). We train the same two-hidden-layer network on the digits three
# times, without penalty, with L2 and with L1, and compare the weights of the first layer.

# %%
def make_model(kernel_regularizer=None, dropout_rate=0.0, seed=0):
    """64 -> 128 -> 128 -> 10 ReLU network; optional penalty on the hidden kernels and dropout after them."""
    keras.utils.set_random_seed(seed)
    hidden = []
    for units in [128, 128]:
        hidden.append(layers.Dense(units, activation="relu", kernel_regularizer=kernel_regularizer))
        if dropout_rate > 0:
            hidden.append(layers.Dropout(dropout_rate))
    model = keras.Sequential([keras.Input((64,)), *hidden, layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model

# %%
num_epochs, batch_size, alpha = course.pick(full=60, fast=12), 64, 1e-3
regularizers = {"none": None, "L2": keras.regularizers.l2(alpha), "L1": keras.regularizers.l1(alpha)}
models, histories = {}, {}
for name, regularizer in course.progress(regularizers.items(), "regularizers", total=len(regularizers)):
    models[name] = make_model(regularizer)
    histories[name] = models[name].fit(X_train, y_train, validation_data=(X_val, y_val), epochs=num_epochs,
                                       batch_size=batch_size, verbose=verbose).history

# %%
near_zero = 1e-2
print(f"sklearn digits, {num_epochs} epochs, alpha = {alpha}; first hidden layer, 64 x 128 weights:")
for name, model in models.items():
    W = model.layers[0].kernel.numpy()
    print(f"  {name:>4}: validation accuracy {histories[name]['val_accuracy'][-1]:.3f}, "
          f"|w| < {near_zero}: {np.mean(np.abs(W) < near_zero):.1%} of the weights")

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3), sharex=True, sharey=True)
for ax, (name, model) in zip(axes, models.items()):
    ax.hist(model.layers[0].kernel.numpy().ravel(), bins=np.linspace(-0.4, 0.4, 81), color="C0")
    ax.set(title=f"first-layer weights, {name}", xlabel="$w$", yscale="log")
axes[0].set_ylabel("count (log scale)"); fig.tight_layout()

# %% [markdown]
# Without a penalty the weights keep roughly the spread of their random start. L2 pulls the whole histogram
# inward; L1 piles most weights up at zero and leaves a few large ones: a sparse layer. The fractions of near-zero
# weights are printed above. Part of the effect comes from the digits themselves: several border pixels are blank
# in every image, so their weights get no gradient from $C_0$ and only the penalty moves them, exactly as in the
# one-weight example.

# %%
blank_pixels = np.all(X_train == 0, axis=0)
print(f"{blank_pixels.sum()} of 64 pixels are 0 in every training image of sklearn digits")
for name, model in models.items():
    print(f"  {name:>4}: mean |w| of their weights {np.abs(model.layers[0].kernel.numpy()[blank_pixels]).mean():.4f}")

# %% [markdown]
# ## Dropout
#
# Dropout (Srivastava et al. 2014) switches each hidden unit off at random during training: every unit is kept
# with probability $p$ (Keras' `Dropout(rate)` drops it with probability `rate` $= 1 - p$) and the kept units are
# scaled by $1/p$, so nothing changes at test time, when all units are on. A unit cannot rely on any particular
# other unit being present, and the network behaves like an average of many thinned networks. We train the same
# network as above with `Dropout(0.5)` after each hidden layer and compare it with the unpenalised run.

# %%
histories["dropout 0.5"] = make_model(dropout_rate=0.5).fit(
    X_train, y_train, validation_data=(X_val, y_val), epochs=num_epochs, batch_size=batch_size,
    verbose=verbose).history
print(f"sklearn digits, loss after {num_epochs} epochs:")
for name in ["none", "dropout 0.5"]:
    loss, val_loss = histories[name]["loss"][-1], histories[name]["val_loss"][-1]
    print(f"  {name:>11}: training {loss:.3f}, validation {val_loss:.3f}, gap {val_loss - loss:.3f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
for ax, name in zip(axes, ["none", "dropout 0.5"]):
    epochs = np.arange(1, num_epochs + 1)
    ax.plot(epochs, histories[name]["loss"], "o-", ms=3, label="training")
    ax.plot(epochs, histories[name]["val_loss"], "s-", ms=3, label="validation")
    ax.set(title=f"{name}", xlabel="epoch", yscale="log"); ax.legend()
axes[0].set_ylabel("cross-entropy loss"); fig.tight_layout()

# %% [markdown]
# Without dropout the training loss keeps falling while the validation loss levels off and climbs back up: the
# network memorises the training images. With dropout the training loss (measured with units dropped) stays
# higher, the validation loss ends lower, and the gap between the two, printed above, shrinks (it can even turn
# negative, because the training loss is measured on the thinned networks).

# %% [markdown]
# ## Early stopping
#
# The curves above suggest the simplest regulariser of all: stop training when the validation loss stops
# improving. `keras.callbacks.EarlyStopping` watches `val_loss`, waits `patience` epochs for an improvement, and with
# `restore_best_weights=True` hands back the weights of the best epoch rather than those of the last.

# %%
max_epochs = course.pick(full=200, fast=25)
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=course.pick(full=10, fast=4),
                                               restore_best_weights=True)
model_early = make_model()
history_early = model_early.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=max_epochs,
                                batch_size=batch_size, callbacks=[early_stopping], verbose=verbose).history
epochs_run = len(history_early["loss"])
best_epoch = early_stopping.best_epoch + 1  # Keras counts epochs from 0
print(f"sklearn digits: trained {epochs_run} of at most {max_epochs} epochs "
      f"({'stopped early' if epochs_run < max_epochs else 'never stopped'}); best validation loss "
      f"{history_early['val_loss'][best_epoch - 1]:.3f} at epoch {best_epoch}, whose weights were restored")

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(np.arange(1, epochs_run + 1), history_early["loss"], "o-", ms=3, label="training")
ax.plot(np.arange(1, epochs_run + 1), history_early["val_loss"], "s-", ms=3, label="validation")
ax.axvline(best_epoch, color="gray", ls="--", label=f"best epoch ({best_epoch})")
ax.set(xlabel="epoch", ylabel="loss", yscale="log"); ax.legend();

# %% [markdown]
# When it stops early, training has run `patience` epochs past the best one, to be sure the validation loss had really
# stopped improving, and then rolls back to the best weights. The number of epochs has become a hyperparameter chosen
# on the validation set. Now, and only now, we look at the test set, once:

# %%
test_loss, test_accuracy = model_early.evaluate(X_test, y_test, verbose=0)
print(f"sklearn digits test set ({len(X_test)} images), early-stopped model: accuracy {test_accuracy:.3f}, "
      f"loss {test_loss:.3f}")

# %% [markdown]
# The test accuracy printed above is the number to report for this model; tuning anything further on it would
# make it optimistic.

# %% [markdown]
# ## Initialization: activations in a deep network
#
# The starting weights decide whether a signal survives the trip through many layers. A unit computes
# $z = \sum_{k=1}^{n_\text{in}} w_k a_k$; with independent, zero-mean weights that are independent of the inputs
# $a_k$, $\operatorname{Var}(z) = n_\text{in} \operatorname{Var}(w)\, \mathbb{E}[a^2]$. For tanh in its linear
# range $\mathbb{E}[a^2]$ is about the variance of the previous layer's $z$, so the variance is multiplied by
# $n_\text{in} \operatorname{Var}(w)$ at every layer; a ReLU keeps only half of it. Keep that factor near 1 and the
# signal neither dies nor explodes:
#
# $$\text{Glorot/Xavier (Glorot \& Bengio 2010): } \operatorname{Var}(w) = \frac{2}{n_\text{in} + n_\text{out}},
# \qquad \text{He (He et al. 2015): } \operatorname{Var}(w) = \frac{2}{n_\text{in}}.$$
#
# Glorot balances the forward and backward passes for tanh-like units; He doubles the variance because a ReLU
# zeroes half of its inputs. Like the CS231n notes, we push data (here the standardised digits training images)
# through a deep network, 10 layers of 256 units, with five initializations, and look at each layer's activations.

# %%
width, num_layers = 256, 10
init_std = {  # standard deviation of the Gaussian weights, as a function of (n_in, n_out)
    "zeros": lambda n_in, n_out: 0.0,
    "too small (0.01)": lambda n_in, n_out: 0.01,
    "too large (1.0)": lambda n_in, n_out: 1.0,
    "Glorot": lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)),
    "He": lambda n_in, n_out: np.sqrt(2 / n_in),
}
X_standard = (X_train - X_train.mean(axis=0)) / (X_train.std(axis=0) + 1e-8)

def layer_activations(activation, std_of, seed=0):
    """Activations of each of the num_layers layers (zero biases) for the inputs X_standard."""
    rng = np.random.default_rng(seed)
    a, outputs = X_standard, []
    for layer in range(num_layers):
        W = rng.normal(0, 1, (a.shape[1], width)) * std_of(a.shape[1], width)
        a = activation(a @ W)
        outputs.append(a)
    return outputs

relu = lambda z: np.maximum(0, z)
activations = {act: {init: layer_activations(f, std) for init, std in init_std.items()}
               for act, f in [("tanh", np.tanh), ("ReLU", relu)]}

# %%
for act, per_init in activations.items():
    print(f"{act}: standard deviation of the activations in layers 1..{num_layers} (sklearn digits inputs)")
    for init, outputs in per_init.items():
        print(f"  {init:>16}: " + " ".join(f"{a.std():8.2g}" for a in outputs))

# %%
def plot_activation_histograms(act, shown_layers=(1, 3, 6, 10)):
    fig, axes = plt.subplots(len(init_std), len(shown_layers), figsize=(9.5, 7))
    for row, (init, outputs) in enumerate(activations[act].items()):
        for col, layer in enumerate(shown_layers):
            a = outputs[layer - 1].ravel()
            axes[row, col].hist(a, bins=40, color=f"C{row}")
            axes[row, col].set_yticks([]); axes[row, col].tick_params(labelsize=7)
            axes[row, col].set_title(f"layer {layer}, std {a.std():.2g}", fontsize=8)
        axes[row, 0].set_ylabel(init, fontsize=9)
    fig.suptitle(f"{act} network: activations per layer (rows: initialization)"); fig.tight_layout()
    return fig

plot_activation_histograms("tanh");

# %% [markdown]
# With tanh, weights that are too small shrink the activations layer after layer until they all sit at zero (the
# standard deviations printed above fall towards 0), so the gradients, which carry the same factors, vanish too.
# Weights that are too large push every unit into saturation at $\pm 1$, where $\tanh' \approx 0$. All-zero weights
# give every unit the same output (here 0) and the same gradient, so the units can never become different. Glorot
# keeps a healthy spread in every layer.

# %%
plot_activation_histograms("ReLU");

# %% [markdown]
# With ReLU the picture changes: Glorot's variance is half of what a ReLU layer needs, so the spread shrinks by
# about $1/\sqrt{2}$ per layer, while He's keeps it roughly constant, and the too-large weights now make the
# activations explode rather than saturate (the standard deviations printed above grow by orders of magnitude).

# %% [markdown]
# ## Initialization and training
#
# The same effects decide whether a network learns at all. We train a deep tanh network (six hidden layers of 64
# units) on the digits with each initialization, using `kernel_initializer`, and plain SGD with momentum so that
# the optimizer does not hide the differences.

# %%
initializers = {
    "zeros": keras.initializers.Zeros(),
    "too small (0.01)": keras.initializers.RandomNormal(stddev=0.01),
    "too large (1.0)": keras.initializers.RandomNormal(stddev=1.0),
    "Glorot": keras.initializers.GlorotNormal(),
    "He": keras.initializers.HeNormal(),
}
num_epochs_init = course.pick(full=30, fast=6)

def train_deep_tanh(initializer, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((64,))]
                             + [layers.Dense(64, activation="tanh", kernel_initializer=initializer) for _ in range(6)]
                             + [layers.Dense(10, activation="softmax", kernel_initializer=initializer)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model.fit(X_standard, y_train, epochs=num_epochs_init, batch_size=batch_size, verbose=verbose).history

histories_init = {name: train_deep_tanh(initializer) for name, initializer
                  in course.progress(initializers.items(), "initializers", total=len(initializers))}

# %%
print(f"sklearn digits, deep tanh network, after {num_epochs_init} epochs:")
for name, history in histories_init.items():
    print(f"  {name:>16}: training loss {history['loss'][0]:.3f} after epoch 1, {history['loss'][-1]:.3f} at the end; "
          f"training accuracy {history['accuracy'][-1]:.3f}")
fig, ax = plt.subplots(figsize=(6, 3.4))
for name, history in histories_init.items():
    ax.plot(np.arange(1, num_epochs_init + 1), history["loss"], "o--" if name == "zeros" else "o-", ms=3, label=name)
ax.set(xlabel="epoch", ylabel="training loss", yscale="log"); ax.legend(fontsize=8);

# %% [markdown]
# Zeros and too-small weights stay at the loss of guessing, $\ln 10 \approx 2.30$ (their two curves overlap): no
# signal reaches the output and no gradient reaches the early layers. Too-large weights saturate the tanh units: the
# loss starts far above $\ln 10$ and falls slowly. Glorot and He both train quickly; for a tanh network they are
# close, for a deep ReLU network He is the one designed for the job.

# %% [markdown]
# ## Explore: the strength $\lambda$ of an L2 penalty on the polynomial
#
# Back to the sine curve. The degree-9 polynomial with the penalty $\frac{\lambda}{2}\lVert w \rVert^2$ (called
# ridge regression) has the closed-form solution from the first section, so a new $\lambda$ costs one small
# least-squares solve; we solve once per slider position in advance, so a redraw only moves two lines. Move the
# slider (it sets $\log_{10} \lambda$): the left panel shows the fit, the right one the training and test errors
# against $\lambda$. (Without a widget front end you see
# $\log_{10}\lambda = -3$.)

# %%
log_lambdas = np.arange(-18, 1.01, 0.25)  # the slider's positions
ridge_fits = [fit_polynomial(x_train, t_train, 9, 10.0 ** k) for k in log_lambdas]
errors = np.array([[rms(w, x_train, t_train), rms(w, x_test, t_test)] for w in ridge_fits])
ridge_curves = [design_matrix(x_grid, 9) @ w for w in ridge_fits]  # precomputed: a redraw only moves lines
best = log_lambdas[np.argmin(errors[:, 1])]
print(f"Sine data, degree 9: lowest test RMS error {errors[:, 1].min():.3f} at log10(lambda) = {best:.2f}")

# %%
fig_ridge, (ax_fit, ax_err) = plt.subplots(1, 2, figsize=(9, 3.2))  # built once, updated by draw_ridge
ax_fit.plot(x_grid, np.sin(2 * np.pi * x_grid), "g", label="true curve")
(fit_line,) = ax_fit.plot(x_grid, ridge_curves[0], "C1", label="degree 9, ridge")
ax_fit.plot(x_train, t_train, "ko", mfc="none"); ax_fit.legend(fontsize=8, loc="lower left")
ax_fit.set(xlabel="$x$", ylim=(-1.8, 1.8))
ax_err.plot(log_lambdas, errors[:, 0], label="training"); ax_err.plot(log_lambdas, errors[:, 1], label="test")
marker = ax_err.axvline(0, color="gray", ls="--")
ax_err.set(xlabel=r"$\log_{10}\lambda$", ylabel="RMS error", ylim=(0, 1.3)); ax_err.legend(fontsize=8)
fig_ridge.tight_layout(); plt.close(fig_ridge)

def draw_ridge(log_lambda):
    k = int(np.argmin(np.abs(log_lambdas - log_lambda)))
    fit_line.set_ydata(ridge_curves[k]); marker.set_xdata([log_lambdas[k]] * 2)
    ax_fit.set_title(rf"$\log_{{10}}\lambda = {log_lambdas[k]:.2f}$")
    return fig_ridge

ridge_controls = course.interactive_figure(
    draw_ridge, log_lambda=ipywidgets.FloatSlider(value=-3, min=-18, max=1, step=0.25, description="log10 λ"))

# %% [markdown]
# A tiny $\lambda$ gives back the wiggly interpolating polynomial; a huge one flattens the curve towards zero
# (underfitting). In between, the test error has a minimum (printed above). In practice we would not look at the
# test points: a validation set drawn from the same curve would pick a $\lambda$ close to it.

# %% [markdown]
# ## Summary
#
# * Overfitting: a model flexible enough to fit the noise (the degree-9 polynomial on 10 points) has near-zero
#   training error and a large test error; its weights are large.
# * Fit on the training set, choose hyperparameters on the validation set, report the test set once
#   (here 60 % / 40 %, then 80 / 20 inside the 60 %).
# * L2: $w \leftarrow (1 - \eta\lambda/n)\,w - \eta\,\partial C_0/\partial w$ shrinks weights in proportion (weight
#   decay); L1: $w \leftarrow w - (\eta\lambda/n)\operatorname{sgn}(w) - \eta\,\partial C_0/\partial w$ drives
#   many weights to zero (sparsity).
# * Dropout trains an ensemble of thinned networks; early stopping picks the number of epochs on the validation
#   loss and, with `restore_best_weights`, returns the best weights.
# * Zeros, too-small and too-large initial weights kill or saturate the signal in a deep net; Glorot
#   ($\operatorname{Var} w = 2/(n_\text{in} + n_\text{out})$) suits tanh, He ($2/n_\text{in}$) suits ReLU.
#
# ## Exercises
#
# 1. Change the seed of the sine data a few times. Is the degree-9 test error always above the cubic's? Then refit
#    with 100 training points instead of 10. Does the degree-9 polynomial still overfit?
#    What does that say about regularization for large data sets?
# 2. Show that gradient descent on $C = C_0 + \frac{\lambda}{2n}\sum_w w^2$ with learning rate $\eta$ and
#    $\eta\lambda/n > 2$ makes a weight with $\partial C_0/\partial w = 0$ diverge. Why is that never a problem in
#    practice?
# 3. Train the network of the L1 section with `regularizers.l1_l2(l1=..., l2=...)`. How does the weight histogram
#    look?
# 4. Add early stopping to the dropout model. Does it stop later or earlier than the model without dropout? Why?
# 5. Derive $\operatorname{Var}(z) = n_\text{in} \operatorname{Var}(w)\, \mathbb{E}[a^2]$ for zero-mean weights
#    independent of the inputs. Show that $\mathbb{E}[a^2] = \operatorname{Var}(z')/2$ when $a = \mathrm{relu}(z')$
#    with $z'$ symmetric around 0, and explain the factor 2 in He's initialization.
# 6. Repeat the activation experiment with ReLU and Glorot initialization in 30 layers. What is the standard
#    deviation in the last layer, and how does it compare with $(1/\sqrt{2})^{30}$ times the first?
