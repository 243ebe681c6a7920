# %% [markdown]
# # Lecture 06: Regularization and initialization
#
# **After this lecture you can** recognise overfitting, choose a penalty on a validation set, derive and apply L2
# and L1 regularization, tell L2 regularization from weight decay under Adam (AdamW), use dropout and early stopping
# as regularizers in Keras, and choose a weight initialization (Glorot/Xavier or He) that keeps the activations of a
# deep network alive.
#
# **Prerequisites:** lectures 02 (backpropagation), 03 (activations and losses), 04 (Keras: validation sets,
# callbacks) and 05 (optimization: SGD with momentum, Adam). **Run time:** about one to two minutes on a laptop CPU
# (under 40 seconds in fast mode).
#
# Sources: C. Bishop, *Pattern Recognition and Machine Learning* (2006), section 1.1 (the sine curve and the
# degree-9 polynomial); M. Nielsen, *Neural Networks and Deep Learning*, chapter 3 (L2, L1, weight decay);
# N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever and R. Salakhutdinov, "Dropout: a simple way to prevent
# neural networks from overfitting", *JMLR* 15 (2014); I. Loshchilov and F. Hutter, "Decoupled weight decay
# regularization" (ICLR 2019); X. Glorot and Y. Bengio, "Understanding the difficulty of
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
x_val = rng.uniform(0, 1, 10)  # 10 more points, to choose the penalty on (the last section)
t_val = np.sin(2 * np.pi * x_val) + rng.normal(0, noise_std, len(x_val))
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
course.claim("the degree-9 polynomial fits its 10 points better than the cubic but new points worse",
             rms(fits[9], x_train, t_train) < rms(fits[3], x_train, t_train) and ratio > 1, test_error_ratio=ratio)

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(x_grid, np.sin(2 * np.pi * x_grid), "g", label=r"true curve $\sin(2\pi x)$")
for degree in [3, 9]:
    ax.plot(x_grid, design_matrix(x_grid, degree) @ fits[degree], label=f"degree {degree} fit")
ax.plot(x_train, t_train, "ko", mfc="none", label="training points")
ax.set(xlabel="$x$", ylabel="$t$", ylim=(-1.8, 1.8)); ax.legend(fontsize=8, loc="lower left");

# %% [markdown]
# The degree-9 polynomial has as many coefficients as there are points, so it passes through every one of them: its
# training error printed above is essentially zero. On this sample of noise its test error is above the cubic's by the
# ratio printed (the checked line), because it swings wildly between the points. That is **overfitting**: the model
# learned the noise. Its coefficients are huge (the largest is printed above), which suggests the cure used in the
# rest of this lecture: penalise large weights.

# %% [markdown]
# ## Training, validation and test sets
#
# Lecture 04 kept a validation set apart for every choice and touched the test set once. The polynomial shows why:
# the error on the data a model was fitted to says little about new data, and every choice made by looking at a set
# of data (a penalty $\lambda$, a dropout rate, the number of epochs) is also a fit to that set. For the networks of
# this lecture, on scikit-learn's 8x8 handwritten digits, we use the source deck's proportions: 40 % of the data
# as the **test** set, the remaining 60 % split into 80 % **training** and 20 % **validation** data (stratified, so
# the ten classes stay balanced).

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
# ## L2 regularization: weight decay under gradient descent
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
# adds $\alpha \sum |w|$ ($\alpha = \lambda / n$). We train the same two-hidden-layer network on the digits without
# penalty, with L2 and with L1, and compare the weights of the first layer. The networks train with Adam (lecture 05),
# not with plain gradient descent, which matters for L2, as the next section shows; so we add a fourth run, AdamW,
# explained there.

# %%
def make_model(kernel_regularizer=None, dropout_rate=0.0, optimizer=None, seed=0):
    """64 -> 128 -> 128 -> 10 ReLU network; optional penalty on the hidden kernels and dropout after them."""
    keras.utils.set_random_seed(seed)
    hidden = []
    for units in [128, 128]:
        hidden.append(layers.Dense(units, activation="relu", kernel_regularizer=kernel_regularizer))
        if dropout_rate > 0:
            hidden.append(layers.Dropout(dropout_rate))
    model = keras.Sequential([keras.Input((64,)), *hidden, layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizer or keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)  # XLA costs more than it saves here (lecture 05)
    return model

def adamw(learning_rate=3e-3, weight_decay=0.5):
    """Adam with decoupled weight decay w <- w - learning_rate * weight_decay * w on the kernels (not the biases)."""
    optimizer = keras.optimizers.AdamW(learning_rate, weight_decay=weight_decay)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    return optimizer

# %%
num_epochs, batch_size, alpha = course.pick(full=60, fast=12), 64, 1e-3
variants = {"none": {}, "L2": dict(kernel_regularizer=keras.regularizers.l2(alpha)),
            "L1": dict(kernel_regularizer=keras.regularizers.l1(alpha)), "AdamW": dict(optimizer=adamw())}
models, histories = {}, {}
for name, arguments in course.progress(variants.items(), "regularizers", total=len(variants)):
    models[name] = make_model(**arguments)
    histories[name] = models[name].fit(X_train, y_train, validation_data=(X_val, y_val), epochs=num_epochs,
                                       batch_size=batch_size, verbose=verbose).history

# %%
near_zero = 1e-2
print(f"sklearn digits, {num_epochs} epochs, alpha = {alpha}; first hidden layer, 64 x 128 weights:")
for name, model in models.items():
    W = model.layers[0].kernel.numpy()
    print(f"  {name:>5}: validation accuracy {histories[name]['val_accuracy'][-1]:.3f}, "
          f"|w| < {near_zero}: {np.mean(np.abs(W) < near_zero):.1%} of the weights")

# %%
fig, axes = plt.subplots(1, 4, figsize=(13, 3), sharex=True, sharey=True)
for ax, (name, model) in zip(axes, models.items()):
    ax.hist(model.layers[0].kernel.numpy().ravel(), bins=np.linspace(-0.4, 0.4, 81), color="C0")
    ax.set(title=f"first-layer weights, {name}", xlabel="$w$", yscale="log")
axes[0].set_ylabel("count (log scale)"); fig.tight_layout()

# %% [markdown]
# Compare each penalised histogram with the unpenalised one, whose weights keep roughly the spread of their random
# start: a penalty pulls weights inward, and L1 tends to pile them up at zero and leave a few large ones, a sparse
# layer; the fractions of near-zero weights are printed above. Part of the effect comes from the digits themselves:
# several border pixels are blank in every image, so their weights get no gradient from $C_0$ and only the penalty
# moves them.

# %%
blank_pixels = np.all(X_train == 0, axis=0)
blank_mean = {name: np.abs(model.layers[0].kernel.numpy()[blank_pixels]).mean() for name, model in models.items()}
print(f"{blank_pixels.sum()} of 64 pixels are 0 in every training image of sklearn digits")
for name, value in blank_mean.items():
    print(f"  {name:>5}: mean |w| of their weights {value:.4f}")
course.claim("every penalty (L2, L1, AdamW) leaves the blank pixels' weights smaller than no penalty does",
             max(blank_mean["L2"], blank_mean["L1"], blank_mean["AdamW"]) < blank_mean["none"], **blank_mean)

# %% [markdown]
# ## L2 under Adam is not weight decay: AdamW
#
# The derivation of weight decay above assumed plain gradient descent. Adam divides every gradient, the penalty's
# included, by $\sqrt{\hat S}$, the running root mean square of that weight's own gradients (lecture 05). For a weight
# the data do not care about, the only gradient is the penalty's, $2\alpha w$, and Adam turns it into a step of about
# $\eta$ whatever $\alpha$: a walk to zero, not a decay by $(1 - \eta\lambda/n)$. Where the data's gradients are
# large, the same division makes the penalty's pull weak. So with Adam, "L2 regularization" (the penalty added to the
# loss, coupled to the optimizer) and "weight decay" (shrinking every weight by a fixed factor per step) are different
# things. Loshchilov and Hutter (2019) therefore apply the decay outside Adam's scaling, **AdamW**:
#
# $$w \leftarrow w - \eta\, \frac{\hat M}{\sqrt{\hat S} + \epsilon} - \eta\, \beta_{\text{wd}}\, w,$$
#
# with $\hat M$, $\hat S$ computed from the gradients of $C_0$ only (`keras.optimizers.AdamW(weight_decay=...)`, our
# `adamw()` above, $\beta_{\text{wd}} = 0.5$). Keras, like PyTorch, multiplies the decay by the learning rate
# $\eta$, as written here; Loshchilov and Hutter's Algorithm 2 multiplies it only by the schedule multiplier $\eta_t$
# (1 without a schedule), not by the learning rate, so with $\eta < 1$ the same $\beta_{\text{wd}}$ decays less per
# step in Keras. One weight with $\partial C_0 / \partial w = 0$, started at $w = 0.1$, shows the three behaviours
# with the learning rate $\eta = 3 \cdot 10^{-3}$ of the networks:

# %%
eta_adam, beta1, beta2, eps, weight_decay, num_steps = 3e-3, 0.9, 0.999, 1e-7, 0.5, 800
w_sgd, w_adam, w_adamw, M, S = [0.1], [0.1], [0.1], 0.0, 0.0
for t in range(1, num_steps + 1):
    w_sgd.append(w_sgd[-1] - eta_adam * 2 * alpha * w_sgd[-1])               # gradient descent, L2 gradient 2 alpha w
    g = 2 * alpha * w_adam[-1]                                               # Adam, the same L2 gradient
    M, S = beta1 * M + (1 - beta1) * g, beta2 * S + (1 - beta2) * g ** 2
    w_adam.append(w_adam[-1] - eta_adam * (M / (1 - beta1 ** t)) / (np.sqrt(S / (1 - beta2 ** t)) + eps))
    w_adamw.append(w_adamw[-1] - eta_adam * weight_decay * w_adamw[-1])      # AdamW: dC0/dw = 0, only the decay
print(f"after {num_steps} steps from 0.1: gradient descent + L2 {w_sgd[-1]:.4f}, Adam + L2 {w_adam[-1]:.1e}, "
      f"AdamW {w_adamw[-1]:.4f}")
steps_to_1_percent = next(t for t, w in enumerate(w_adam) if abs(w) < 1e-3)
course.claim("with the same L2 penalty, Adam brings the weight below 1 % of its start within 100 steps while "
             "gradient descent keeps over 99 % of it", steps_to_1_percent < 100 and w_sgd[-1] > 0.099,
             adam_steps_to_1_percent=steps_to_1_percent, gradient_descent_after_800=w_sgd[-1])

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
for path, label in [(w_sgd, r"gradient descent + L2 ($\alpha = 10^{-3}$)"), (w_adam, "Adam + the same L2"),
                    (w_adamw, r"AdamW ($\beta_{\mathrm{wd}} = 0.5$)")]:
    ax.plot(np.abs(path), label=label)
ax.set(xlabel="step", ylabel="$|w|$", yscale="log", title=r"A weight with $\partial C_0/\partial w = 0$"); ax.legend();

# %% [markdown]
# With the penalty of the networks above, gradient descent would barely move such a weight in 800 steps, Adam walks it
# to zero within a few dozen steps (and then jitters around zero), and AdamW shrinks it geometrically, the weight
# decay of the formulas. That is why the blank pixels' weights above end so small under Adam with L2: their
# shrinkage says nothing about the strength $\alpha$ of the penalty. With AdamW, the decay per step is the same
# for every weight, whatever its gradient history.

# %% [markdown]
# ## Dropout
#
# Dropout (Srivastava et al. 2014) switches each hidden unit off at random during training: every unit is kept
# with probability $p$ and the kept units are scaled by $1/p$, so nothing changes at test time, when all units are
# on. As in Srivastava et al. and the source deck, $p$ is the probability of *keeping* a unit (lecture 08 uses the
# same $p$); Keras' `Dropout(rate)` takes the probability of *dropping* it, `rate` $= 1 - p$. A unit cannot rely on
# any particular other unit being present, and the network behaves like an average of many thinned networks. We
# train the same network as above (Adam, no penalty) with `Dropout(0.5)`, that is $p = 0.5$, after each hidden layer
# and compare it with the unpenalised run.

# %%
histories["dropout, p = 0.5"] = make_model(dropout_rate=0.5).fit(
    X_train, y_train, validation_data=(X_val, y_val), epochs=num_epochs, batch_size=batch_size,
    verbose=verbose).history
print(f"sklearn digits, loss after {num_epochs} epochs:")
gap = {}
for name in ["none", "dropout, p = 0.5"]:
    loss, val_loss = histories[name]["loss"][-1], histories[name]["val_loss"][-1]
    gap[name] = val_loss - loss
    print(f"  {name:>16}: training {loss:.3f}, validation {val_loss:.3f}, gap {gap[name]:.3f}")
none_val, dropout_val = histories["none"]["val_loss"], histories["dropout, p = 0.5"]["val_loss"]
best_epoch_none = int(np.argmin(none_val)) + 1
course.claim("without dropout the validation loss climbed back up: its lowest value came at least 3 epochs before the "
             "end, and it ended over 10 % above it",
             best_epoch_none <= num_epochs - 3 and none_val[-1] > 1.1 * min(none_val), lowest_at_epoch=best_epoch_none,
             epochs=num_epochs, last=none_val[-1], lowest=min(none_val))
course.claim("with dropout the final validation loss is lower and the gap to the training loss smaller",
             dropout_val[-1] < none_val[-1] and gap["dropout, p = 0.5"] < gap["none"],
             validation_none=none_val[-1], validation_dropout=dropout_val[-1])

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
for ax, name in zip(axes, ["none", "dropout, p = 0.5"]):
    epochs = np.arange(1, num_epochs + 1)
    ax.plot(epochs, histories[name]["loss"], "o-", ms=3, label="training")
    ax.plot(epochs, histories[name]["val_loss"], "s-", ms=3, label="validation")
    ax.set(title=f"{name}", xlabel="epoch", yscale="log"); ax.legend()
axes[0].set_ylabel("cross-entropy loss"); fig.tight_layout()

# %% [markdown]
# The two checked lines above say what happened in this run. Without dropout the training loss keeps falling, and
# when the validation loss reaches its lowest value and then climbs back up (by more than epoch-to-epoch noise, hence
# the 10 % and the 3 epochs), the network is memorising the training images. With
# dropout the training loss (measured with units dropped) stays higher; when the validation loss also ends lower,
# the gap between the two shrinks (it can even turn negative, because the training loss is measured on the thinned
# networks).

# %% [markdown]
# ## Early stopping
#
# The curves above suggest the simplest regulariser of all: stop training when the validation loss stops
# improving. Lecture 04 used `keras.callbacks.EarlyStopping` to save time; here it also limits how far the network
# can fit the noise of its training images, which makes it a regulariser. It watches `val_loss`, waits `patience`
# epochs for an improvement, and with `restore_best_weights=True` hands back the weights of the best epoch.

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
course.claim("early stopping ended training before the epoch limit, with a validation loss below the one the "
             f"unregularised network ended with after {num_epochs} epochs",
             epochs_run < max_epochs and min(history_early["val_loss"]) < none_val[-1], epochs_run=epochs_run,
             best_validation_loss=min(history_early["val_loss"]), unregularised_final=none_val[-1])

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(np.arange(1, epochs_run + 1), history_early["loss"], "o-", ms=3, label="training")
ax.plot(np.arange(1, epochs_run + 1), history_early["val_loss"], "s-", ms=3, label="validation")
ax.axvline(best_epoch, color="gray", ls="--", label=f"best epoch ({best_epoch})")
ax.set(xlabel="epoch", ylabel="loss", yscale="log"); ax.legend();

# %% [markdown]
# When it stops early (the checked line says whether it did), training has run `patience` epochs past the best one, to
# be sure the validation loss had really stopped improving, and then rolls back to the best weights. The number of
# epochs has become a hyperparameter chosen on the validation set. Now, and only now, we look at the test set, once:

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
std = {(act, init): np.array([a.std() for a in outputs]) for act, per_init in activations.items()
       for init, outputs in per_init.items()}
saturated = np.mean(np.abs(activations["tanh"]["too large (1.0)"][-1]) > 0.99)
course.claim("tanh: with too-small weights the layer-10 spread is below 1e-6; with too-large ones over half of "
             "layer 10 is saturated (|a| > 0.99); Glorot keeps the spread above 0.1 in every layer",
             std["tanh", "too small (0.01)"][-1] < 1e-6 and saturated > 0.5 and std["tanh", "Glorot"].min() > 0.1,
             too_small_layer_10=std["tanh", "too small (0.01)"][-1], saturated_share=saturated)
glorot_shrink, he_shrink = (std["ReLU", init][-1] / std["ReLU", init][0] for init in ["Glorot", "He"])
course.claim("ReLU: from layer 1 to 10 Glorot's spread shrinks within a factor 2 of (1/sqrt 2)^9, He's stays within "
             "a factor 2, too-large weights grow it over a million times",
             0.5 < glorot_shrink / 2 ** -4.5 < 2 and 0.5 < he_shrink < 2
             and std["ReLU", "too large (1.0)"][-1] > 1e6 * std["ReLU", "too large (1.0)"][0],
             glorot_layer_10_over_1=glorot_shrink, one_over_sqrt2_to_the_9=2 ** -4.5, he_layer_10_over_1=he_shrink)

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
# standard deviations printed above fall towards 0; the checked lines test what this paragraph and the next say),
# so the gradients, which carry the same factors, vanish too.
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
num_epochs_init = course.pick(full=30, fast=3)

def train_deep_tanh(initializer, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((64,))]
                             + [layers.Dense(64, activation="tanh", kernel_initializer=initializer) for _ in range(6)]
                             + [layers.Dense(10, activation="softmax", kernel_initializer=initializer)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    return model.fit(X_standard, y_train, epochs=num_epochs_init, batch_size=batch_size, verbose=verbose).history

histories_init = {name: train_deep_tanh(initializer) for name, initializer
                  in course.progress(initializers.items(), "initializers", total=len(initializers))}

# %%
print(f"sklearn digits, deep tanh network, after {num_epochs_init} epochs:")
for name, history in histories_init.items():
    print(f"  {name:>16}: training loss {history['loss'][0]:.3f} after epoch 1, {history['loss'][-1]:.3f} at the end; "
          f"training accuracy {history['accuracy'][-1]:.3f}")
final = {name: history["loss"][-1] for name, history in histories_init.items()}
course.claim("zeros and too-small weights end within 0.1 of the guessing loss ln 10",
             max(abs(final["zeros"] - np.log(10)), abs(final["too small (0.01)"] - np.log(10))) < 0.1,
             zeros=final["zeros"], too_small=final["too small (0.01)"])
course.claim("too-large weights start above ln 10 and end above Glorot and He, which both end below 1",
             histories_init["too large (1.0)"]["loss"][0] > np.log(10)
             and final["too large (1.0)"] > max(final["Glorot"], final["He"]) and max(final["Glorot"], final["He"]) < 1,
             too_large_epoch_1=histories_init["too large (1.0)"]["loss"][0], too_large=final["too large (1.0)"],
             glorot=final["Glorot"], he=final["He"])
fig, ax = plt.subplots(figsize=(6, 3.4))
for name, history in histories_init.items():
    ax.plot(np.arange(1, num_epochs_init + 1), history["loss"], "o--" if name == "zeros" else "o-", ms=3, label=name)
ax.set(xlabel="epoch", ylabel="training loss", yscale="log"); ax.legend(fontsize=8);

# %% [markdown]
# In this run (the checked lines above): zeros and too-small weights stay at the loss of guessing,
# $\ln 10 \approx 2.30$: no signal reaches the output and no gradient reaches the early layers. Too-large weights
# saturate the tanh units: the loss starts above $\ln 10$ and falls more slowly. Glorot and He both train; for a tanh
# network they are close, for a deep ReLU network He is the one designed for the job (He et al. 2015).

# %% [markdown]
# ## Explore: the strength $\lambda$ of an L2 penalty on the polynomial
#
# Back to the sine curve. The degree-9 polynomial with the penalty $\frac{\lambda}{2}\lVert w \rVert^2$ (called
# ridge regression) has the closed-form solution from the first section, so a new $\lambda$ costs one small
# least-squares solve; we solve once per slider position in advance, so a redraw only moves two lines. We choose
# $\lambda$ on 10 further points from the same curve, a validation set as small as the training set, and only then
# look at the test error. Move the slider (it sets $\log_{10} \lambda$): the left panel shows the fit, the right one
# the training, validation and test errors against $\lambda$. (Without a widget front end you see
# $\log_{10}\lambda = -3$.)

# %%
log_lambdas = np.arange(-18, 1.01, 0.25)  # the slider's positions
ridge_fits = [fit_polynomial(x_train, t_train, 9, 10.0 ** k) for k in log_lambdas]
errors = np.array([[rms(w, x, t) for x, t in [(x_train, t_train), (x_val, t_val), (x_test, t_test)]]
                   for w in ridge_fits])  # columns: training, validation, test
ridge_curves = [design_matrix(x_grid, 9) @ w for w in ridge_fits]  # precomputed: a redraw only moves lines
chosen = np.argmin(errors[:, 1])
print(f"Sine data, degree 9: log10(lambda) = {log_lambdas[chosen]:.2f} chosen on the validation points; its test RMS "
      f"error {errors[chosen, 2]:.3f}, against {errors[0, 2]:.3f} for the smallest lambda and {errors[:, 2].min():.3f} "
      f"for the best lambda in hindsight")
course.claim("the lambda chosen on 10 validation points has a lower test error than the smallest lambda",
             errors[chosen, 2] < errors[0, 2], chosen_test_error=errors[chosen, 2],
             smallest_lambda_test_error=errors[0, 2])

# %%
fig_ridge, (ax_fit, ax_err) = plt.subplots(1, 2, figsize=(9, 3.2))  # built once, updated by draw_ridge
ax_fit.plot(x_grid, np.sin(2 * np.pi * x_grid), "g", label="true curve")
(fit_line,) = ax_fit.plot(x_grid, ridge_curves[0], "C1", label="degree 9, ridge")
ax_fit.plot(x_train, t_train, "ko", mfc="none"); ax_fit.legend(fontsize=8, loc="lower left")
ax_fit.set(xlabel="$x$", ylim=(-1.8, 1.8))
for column, label in enumerate(["training", "validation", "test"]):
    ax_err.plot(log_lambdas, errors[:, column], label=label)
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
# (underfitting). In between lies a $\lambda$ with a low validation error; the printed line compares its test error
# with the best one in hindsight, which we could only know by tuning on the test set.

# %% [markdown]
# ## Summary
#
# * Overfitting: a model flexible enough to fit the noise (the degree-9 polynomial on 10 points) has near-zero
#   training error and a large test error; its weights are large.
# * Fit on the training set, choose hyperparameters on the validation set, report the test set once
#   (here 60 % / 40 %, then 80 / 20 inside the 60 %).
# * Under gradient descent, L2 is weight decay, $w \leftarrow (1 - \eta\lambda/n)\,w - \eta\,\partial C_0/\partial
#   w$; L1, $w \leftarrow w - (\eta\lambda/n)\operatorname{sgn}(w) - \eta\,\partial C_0/\partial w$, drives many
#   weights to zero (sparsity). Under Adam the penalty's gradient is rescaled like any other: for weight decay use
#   AdamW (Loshchilov and Hutter 2019).
# * Dropout (keep each unit with probability $p$) trains an ensemble of thinned networks; early stopping picks the
#   number of epochs on the validation loss and, with `restore_best_weights`, returns the best weights.
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
#    deviation in the last layer, and how does it compare with $(1/\sqrt{2})^{29}$ times the first?
