# %% [markdown]
# # Lecture 14: A custom loss for geo-location
#
# **After this lecture you can** write the great-circle distance between two (latitude, longitude) points as a
# loss, derive its gradient by hand and check it against automatic and numerical differentiation, recognise and
# repair the numerical instability of the arccos form, and train a Keras network with a custom loss that beats
# plain mean squared error on degrees.
#
# **Prerequisites:** lectures 02 (backpropagation), 03 (activations and losses), 04 (Keras), 05 (optimization)
# and 06 (regularization and initialization). **Run time:** under 30 seconds on a laptop CPU in fast
# mode, about 3 minutes in full mode.
#
# Sources: the source deck "Deep learning" (CNN and LSTM), section "An example: geo-location prediction", which gives
# the great-circle loss and its gradient for predicting where a news article was written (the BreakingNews data
# set of A. Ramisa, F. Yan, F. Moreno-Noguer and K. Mikolajczyk, "BreakingNews: article annotation by image and
# text processing", *IEEE TPAMI* 2018); R. W. Sinnott, "Virtues of the haversine", *Sky and Telescope* 68 (1984),
# for the well-conditioned form; D. Goldberg, "What every computer scientist should know about floating-point
# arithmetic", *ACM Computing Surveys* 23 (1991), for cancellation.

# %% [markdown]
# ## Setup

# %%
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops

import course

course.setup()

# %% [markdown]
# ## The great-circle distance
#
# A model that predicts *where* something happened outputs a position $z = (z_1, z_2)$ (latitude, longitude) for a
# true position $y = (y_1, y_2)$. The natural error is the length of the shortest path on the sphere between them,
# along the **great circle** (a circle whose centre is the centre of the Earth). With angles in radians, Earth
# radius $R = 6371$ km and $\delta = z_2 - y_2$, the spherical law of cosines gives
#
# $$\mathrm{GCD}(y, z) = R \arccos \phi, \qquad \phi = \sin y_1 \sin z_1 + \cos y_1 \cos z_1 \cos \delta.$$
#
# $\phi$ is the cosine of the angle between the two points seen from the Earth's centre (the dot product of two
# unit vectors), so $\phi \in [-1, 1]$. Arrays below hold positions in their last axis: `y[..., 0]` is $y_1$.

# %%
R = 6371.0  # km

def great_circle_naive(y, z):
    """R arccos(phi): the deck's formula. y, z: (..., 2) radians (latitude, longitude). Returns km, shape (...)."""
    phi = (ops.sin(y[..., 0]) * ops.sin(z[..., 0])
           + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.cos(z[..., 1] - y[..., 1]))
    return R * ops.arccos(phi)

cities = {"London": (51.5074, -0.1278), "New York": (40.7128, -74.0060), "Sydney": (-33.8688, 151.2093)}
pos = {name: np.radians(np.array(latlon)) for name, latlon in cities.items()}
for a, b in [("London", "New York"), ("London", "Sydney"), ("New York", "Sydney")]:
    print(f"{a} - {b}: {float(great_circle_naive(pos[a], pos[b])):,.0f} km")

# %% [markdown]
# The distances printed above are those of a map or an airline timetable (London to New York is about 5,570 km on
# a sphere of radius 6,371 km), so the formula and the radian conversion are right.

# %% [markdown]
# ## The gradient, derived
#
# Backpropagation needs $\partial\,\mathrm{GCD} / \partial z$; the rest of the network is standard. Since
# $\frac{d}{d\phi} \arccos \phi = -1 / \sqrt{1 - \phi^2}$, the chain rule gives
# $\frac{\partial\,\mathrm{GCD}}{\partial z_i} = -\frac{R}{\sqrt{1 - \phi^2}} \frac{\partial \phi}{\partial z_i}$ with
#
# $$\frac{\partial \phi}{\partial z_1} = \sin y_1 \cos z_1 - \cos y_1 \sin z_1 \cos \delta, \qquad
# \frac{\partial \phi}{\partial z_2} = \cos y_1 \cos z_1 \cdot (-\sin \delta) \cdot \frac{\partial \delta}{\partial z_2}
# = -\cos y_1 \cos z_1 \sin \delta,$$
#
# since $\partial \delta / \partial z_2 = +1$. Hence
#
# $$\frac{\partial\,\mathrm{GCD}}{\partial z} = -\frac{R}{\sqrt{1 - \phi^2}}
# \begin{pmatrix} \sin y_1 \cos z_1 - \cos y_1 \sin z_1 \cos \delta \\ -\cos y_1 \cos z_1 \sin \delta \end{pmatrix},$$
#
# which is the deck's formula (times $R$; the deck's loss $L$ is the angle, without $R$). The signs check out on a
# simple case: on the equator ($y_1 = z_1 = 0$) with $\delta > 0$ small, $\phi = \cos \delta$,
# $\sqrt{1 - \phi^2} = \sin \delta$ and the second component is $-R \cdot (-\sin\delta) / \sin\delta = +R$: moving
# $z$ further east increases the distance by $R$ per radian, as it must.

# %%
def great_circle_gradient(y, z):
    """Analytic dGCD/dz of the formula above. y, z: (..., 2) radians. Returns km per radian, shape (..., 2)."""
    delta = z[..., 1] - y[..., 1]
    phi = np.sin(y[..., 0]) * np.sin(z[..., 0]) + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.cos(delta)
    dphi_dz1 = np.sin(y[..., 0]) * np.cos(z[..., 0]) - np.cos(y[..., 0]) * np.sin(z[..., 0]) * np.cos(delta)
    dphi_dz2 = -np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin(delta)
    return -R / np.sqrt(1 - phi**2)[..., None] * np.stack([dphi_dz1, dphi_dz2], axis=-1)

print("equator, z 1 degree east of y:", great_circle_gradient(np.zeros(2), np.radians([0.0, 1.0])), "km/rad")

# %% [markdown]
# The printed check is the equator case of the derivation: no pull in latitude, $+R$ km per radian in longitude.

# %% [markdown]
# ## Checking the gradient
#
# Two independent checks in float64 on random pairs of points: TensorFlow's automatic differentiation
# (`tf.GradientTape` through the same `keras.ops` formula) and the centred finite difference of
# `course.gradcheck` (lecture 02). Each row is one random pair $(y, z)$ drawn uniformly on the sphere.

# %%
rng = np.random.default_rng(0)

def random_positions(num_points, rng):
    """(num_points, 2) radians, uniform on the sphere: latitude = arcsin(u), u uniform in [-1, 1]."""
    return np.stack([np.arcsin(rng.uniform(-1, 1, num_points)), rng.uniform(-np.pi, np.pi, num_points)], axis=1)

Y_check, Z_check = random_positions(6, rng), random_positions(6, rng)
tape_errors, numeric_errors = [], []
for y, z in zip(Y_check, Z_check):
    z_var = tf.Variable(z)  # float64
    with tf.GradientTape() as tape:
        distance = great_circle_naive(tf.constant(y), z_var)
    tape_error = course.relative_error(great_circle_gradient(y, z), tape.gradient(distance, z_var).numpy())
    numeric_error = course.gradcheck(lambda v: float(great_circle_naive(y, v)), great_circle_gradient(y, z), z.copy())
    print(f"GCD = {float(distance):8,.0f} km   relative error vs GradientTape {tape_error:.1e}, "
          f"vs gradcheck {numeric_error:.1e}")
    tape_errors.append(tape_error); numeric_errors.append(numeric_error)
course.claim("the analytic gradient matches GradientTape to 1e-10 and finite differences to 1e-7",
             max(tape_errors) < 1e-10 and max(numeric_errors) < 1e-7, largest_tape_error=max(tape_errors),
             largest_numeric_error=max(numeric_errors))

# %% [markdown]
# The relative errors printed above are to be compared with rounding level against the tape and with the error of
# order $h^2$ that finite differences carry; where the claim line holds, the derivation and its signs are right.

# %% [markdown]
# ## Where the gradient blows up: $\phi \to \pm 1$
#
# The factor $1/\sqrt{1 - \phi^2}$ is infinite when $\phi = 1$ (the prediction *is* the target) and when
# $\phi = -1$ (the prediction is at the antipode). Mathematically the bracket vanishes there too, so the product
# stays bounded: the true gradient of a distance has norm at most $R$. Numerically it is $0/0$. In float32,
# $\phi = \cos(\mathrm{GCD}/R) \approx 1 - \mathrm{GCD}^2 / (2R^2)$ rounds to exactly 1 as soon as the two points are
# within a couple of kilometres, and rounding can push $\phi$ *above* 1, where arccos is NaN.

# %%
def gradient_norm(distance_fn, y, z, dtype):
    """Distance(s) and norm(s) of d distance_fn(y, z)/dz via GradientTape, in the given float dtype.

    y: (2,) radians; z: (2,) or (n, 2) radians (each row is independent, so the gradient of the sum gives each
    row's gradient). Returns two floats, or two (n,) arrays.
    """
    z_var = tf.Variable(z.astype(dtype))
    with tf.GradientTape() as tape:
        d = distance_fn(tf.constant(y.astype(dtype)), z_var)
        total = ops.sum(d)
    norms = tf.norm(tape.gradient(total, z_var), axis=-1).numpy()
    return (float(d), float(norms)) if z.ndim == 1 else (d.numpy(), norms)

y = np.array([0.6, 1.2])
naive_at_ends = []
for label, z in [("identical point", y.copy()), ("antipode", np.array([-0.6, 1.2 - np.pi]))]:
    for dtype in ["float32", "float64"]:
        d, g = gradient_norm(great_circle_naive, y, z, dtype)
        naive_at_ends.append(g)
        print(f"{label:>15}, {dtype}: GCD = {d:9.3f} km, |gradient| = {g}")
course.claim("at the identical point and at the antipode the naive gradient is NaN or infinite, in float32 and in "
             "float64", not np.any(np.isfinite(naive_at_ends)), finite_cases=int(np.sum(np.isfinite(naive_at_ends))))

# %% [markdown]
# At the identical point and at the antipode the gradient is printed above for both precisions, and the claim line
# says whether it was NaN or infinite in all four cases. One such gradient in a mini-batch turns every weight of the
# network into NaN at the next update. Near those points it is not exact either: below we move $z$ away from $y$ along
# a fixed direction (bearing 30°) and plot the gradient norm against the distance, in float64 and float32.

# %%
def destination(y, angle, bearing=np.radians(30)):
    """Point at central angle `angle` (radians) from y along `bearing`; y: (2,), angle: (n,). Returns (n, 2)."""
    z1 = np.arcsin(np.sin(y[0]) * np.cos(angle) + np.cos(y[0]) * np.sin(angle) * np.cos(bearing))
    z2 = y[1] + np.arctan2(np.sin(bearing) * np.sin(angle) * np.cos(y[0]), np.cos(angle) - np.sin(y[0]) * np.sin(z1))
    return np.stack([z1, z2], axis=1)

near = np.logspace(-8, np.log10(np.pi / 2), 70)   # central angles from about 6 cm to a quarter of the Earth
angles = np.concatenate([near, np.pi - near[::-1]])  # ... and the same distances from the antipode
Z_path = destination(y, angles)

# %%
def norms_along_path(distance_fn, dtype):
    return gradient_norm(distance_fn, y, Z_path, dtype)[1]

naive64, naive32 = norms_along_path(great_circle_naive, "float64"), norms_along_path(great_circle_naive, "float32")
print(f"naive float32: {np.sum(~np.isfinite(naive32))} of {len(angles)} points give NaN/inf, "
      f"largest finite norm {np.max(naive32[np.isfinite(naive32)]):,.0f} (true bound R = {R:,.0f})")
metre_away = np.minimum(angles, np.pi - angles) * R > 1e-3  # points more than a metre from y and its antipode
course.claim("in float64 the naive gradient is finite and at most R at every point more than a metre from either "
             "end; in float32 some points give NaN or inf and some finite norms exceed R",
             np.all(naive64[metre_away] <= R * (1 + 1e-9)) and np.any(~np.isfinite(naive32))
             and np.max(naive32[np.isfinite(naive32)]) > R, float64_largest=np.max(naive64[metre_away]),
             float32_non_finite=int(np.sum(~np.isfinite(naive32))),
             float32_largest_finite=np.max(naive32[np.isfinite(naive32)]))

# %%
def plot_norms(curves):
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
    for ax, part, xlabel in [(axes[0], slice(0, len(near)), "distance to $y$ (km)"),
                             (axes[1], slice(len(near), None), "distance to the antipode of $y$ (km)")]:
        x = R * (angles[part] if part.start == 0 else np.pi - angles[part])
        for (label, norms), style, size in zip(curves.items(), ["k-", "o", "s", "d"], [0, 7, 5, 3]):
            finite = np.isfinite(norms[part])  # a line for the float64 reference, shrinking markers for the rest
            ax.loglog(x[finite], norms[part][finite], style, ms=size, label=label, zorder=3 if size == 0 else 2)
            ax.plot(x[~finite], np.full((~finite).sum(), 3e6), "x", color=ax.lines[-1].get_color())
        ax.set(xlabel=xlabel)
    axes[0].set(ylabel=r"$\|\partial\,\mathrm{GCD}/\partial z\|$ (km/rad)", ylim=(1e2, 1e7))
    axes[1].legend(fontsize=8); fig.suptitle("Gradient norm along a path; crosses at the top: NaN or inf")
    fig.tight_layout()
    return fig

plot_norms({"naive, float64": naive64, "naive, float32": naive32});

# %% [markdown]
# In float64 the norm follows a smooth curve at or below $R$ along the path, and breaks down only within a metre or
# so of either end. (It is not $R$ everywhere: a step of one radian in longitude is only $\cos z_1$ radians of
# arc, so the norm in (latitude, longitude) coordinates depends on where the path goes.) In float32 it is NaN or
# infinite within kilometres of either end (the count is printed above), and its finite values there can exceed
# the true bound $R$ (the largest is printed too): wrong exactly where a well-trained network's predictions will
# be. The claim line checks all three statements.

# %% [markdown]
# ## Two fixes: clipping, and the haversine form
#
# **Clipping** keeps $\phi$ inside $[-1 + \epsilon, 1 - \epsilon]$, so $1/\sqrt{1 - \phi^2} \le 1/\sqrt{2\epsilon}$:
#
# $$\mathrm{GCD}_{\mathrm{clip}} = R \arccos\big(\mathrm{clip}(\phi, -1 + \epsilon, 1 - \epsilon)\big).$$
#
# The price: wherever $\phi$ is clipped the loss is flat and its gradient is exactly zero. With $\epsilon = 10^{-6}$
# that is every prediction within $R \arccos(1 - \epsilon)$ of the target (printed below).
#
# **The haversine form** (Sinnott 1984) computes the same distance without cancellation:
#
# $$\mathrm{GCD}_{\mathrm{hav}} = 2R \arcsin \sqrt{a}, \qquad
# a = \sin^2\frac{z_1 - y_1}{2} + \cos y_1 \cos z_1 \sin^2 \frac{z_2 - y_2}{2}.$$
#
# For nearby points $a$ is a small number computed to full *relative* precision (no "1 minus almost 1"), so the
# distance and its gradient stay accurate down to metres. Two guards remain: $\sqrt{a}$ has an infinite slope at
# $a = 0$, so we take $\sqrt{a + \epsilon_0}$ with $\epsilon_0 = 10^{-14}$ (a bias of $2R\sqrt{\epsilon_0}$ at zero
# distance), and $\arcsin$ has an infinite slope at 1 (the antipode), so $\sqrt{a}$ is capped at $1 - 10^{-6}$, which
# flattens the loss in a small zone around the antipode. The sizes of these zones are printed below.

# %%
def great_circle_clipped(y, z, eps=1e-6):
    """R arccos(clip(phi, -1 + eps, 1 - eps)). y, z: (..., 2) radians. Returns km."""
    phi = (ops.sin(y[..., 0]) * ops.sin(z[..., 0])
           + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.cos(z[..., 1] - y[..., 1]))
    return R * ops.arccos(ops.clip(phi, -1 + eps, 1 - eps))

def great_circle_haversine(y, z, eps=1e-14):
    """2R arcsin(sqrt(a)), guarded at a = 0 and at the antipode. y, z: (..., 2) radians. Returns km."""
    a = (ops.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + ops.cos(y[..., 0]) * ops.cos(z[..., 0]) * ops.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * ops.arcsin(ops.minimum(ops.sqrt(a + eps), 1 - 1e-6))

flat_km = 2 * R * (np.pi / 2 - np.arcsin(1 - 1e-6))
print(f"clipped: flat within {R * np.arccos(1 - 1e-6):.1f} km of y and of its antipode; haversine: "
      f"{2 * R * np.sqrt(1e-14) * 1000:.1f} m bias at y, flat within {flat_km:.1f} km of the antipode")
fixed_at_ends = []
for label, z in [("identical point", y.copy()), ("antipode", np.array([-0.6, 1.2 - np.pi]))]:
    for name, fn in [("clipped", great_circle_clipped), ("haversine", great_circle_haversine)]:
        d, g = gradient_norm(fn, y, z, "float32")
        fixed_at_ends.append(g)
        print(f"{label:>15}, {name:>9}, float32: GCD = {d:7.3f} km, |gradient| = {g:.3g}")
course.claim("both fixed losses give a finite gradient at the identical point and at the antipode in float32",
             np.all(np.isfinite(fixed_at_ends)))

# %% [markdown]
# The gradients are printed above (a zero gradient there is harmless: no direction is better than another). Along
# the path:

# %%
clipped32 = norms_along_path(great_circle_clipped, "float32")
haversine32 = norms_along_path(great_circle_haversine, "float32")
plot_norms({"naive, float64": naive64, "naive, float32": naive32,
            "clipped, float32": clipped32, "haversine, float32": haversine32});

# %% [markdown]
# The haversine curve in float32 lies on the float64 reference down to about the size of its bias at $y$ (printed
# above), and falls off only inside its flat zone at the antipode; the clipped curve is finite everywhere but drops
# to zero (off the log scale) inside its flat zones at both ends. The distances themselves tell the same story:
# below, each float32 distance for points at a known true distance along the same path.

# %%
print("    true (km)      naive    clipped  haversine   (float32, km)")
for true_km in [0.01, 1.0, 100.0, 10_000.0, np.pi * R - 100.0, np.pi * R - 1.0]:
    z = destination(y, np.array([true_km / R]))[0]  # exactly true_km from y along the path
    print(f"{true_km:13.3f}", *[f"{float(fn(y.astype('float32'), z.astype('float32'))):10.3f}"
                                for fn in (great_circle_naive, great_circle_clipped, great_circle_haversine)])

# %% [markdown]
# In the table printed above (float32, points on the same path as the plot) the naive form returns 0 for the pairs
# 10 m and 1 km apart and the clipped form returns its floor, while the haversine form is right to the metre at
# short range. Next to the antipode the two guarded forms are the ones that are off: the clipped form by up to
# the size of its flat zone there, the capped haversine form by up to the size of its own, the larger of the two
# (both sizes printed further up); that rarely matters: a prediction on the other side of the Earth is wrong
# whatever its exact distance.

# %% [markdown]
# ## The difference in training
#
# A stripped-down "network": each of 256 predictions $z^{(i)}$ is a free float32 variable, started about 300 km
# from its target $y^{(i)}$ and moved by Adam to minimise the mean great-circle distance. Same start, same optimizer,
# only the loss differs. We count predictions that became NaN, and measure the true mean error in km (float64
# haversine, over the predictions that are still numbers).

# %%
Y_free = random_positions(256, rng)
Z_start = Y_free + rng.normal(0, 0.05, Y_free.shape)
num_steps = course.pick(full=400, fast=180)

def train_free_positions(distance_fn):
    z_var, y_const = tf.Variable(Z_start.astype("float32")), tf.constant(Y_free.astype("float32"))
    optimizer, curve = keras.optimizers.Adam(learning_rate=1e-3), []
    for step in range(num_steps):
        with tf.GradientTape() as tape:
            loss = ops.mean(distance_fn(y_const, z_var))
        optimizer.apply_gradients([(tape.gradient(loss, z_var), z_var)])
        error_km = np.asarray(great_circle_haversine(Y_free, z_var.numpy().astype("float64")))
        curve.append((np.isnan(error_km).sum(), np.nanmean(error_km) if not np.isnan(error_km).all() else np.nan))
    return np.array(curve)

curves = {name: train_free_positions(fn) for name, fn in
          [("naive", great_circle_naive), ("clipped", great_circle_clipped), ("haversine", great_circle_haversine)]}
for name, curve in curves.items():
    rest = "none is left" if np.isnan(curve[-1, 1]) else f"mean error of the rest {curve[-1, 1]:.2f} km"
    print(f"{name:>9}: after {num_steps} steps {int(curve[-1, 0]):3d} of 256 predictions are NaN; {rest}")
final = {name: curve[-1] for name, curve in curves.items()}  # (NaN count, mean error in km) after the last step
course.claim("the naive loss ends with NaN predictions; the clipped and haversine losses with none, and the "
             "haversine loss below 1 km and below the clipped loss", final["naive"][0] > 0
             and final["clipped"][0] == 0 and final["haversine"][0] == 0
             and final["haversine"][1] < min(1.0, final["clipped"][1]),
             naive_nan=int(final["naive"][0]), clipped_km=final["clipped"][1], haversine_km=final["haversine"][1])

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.3))
for name, curve in curves.items():
    axes[0].semilogy(curve[:, 1], label=name); axes[1].plot(curve[:, 0], label=name)
axes[0].set(xlabel="Adam step", ylabel="mean error of non-NaN predictions (km)")
axes[1].set(xlabel="Adam step", ylabel="predictions that are NaN"); axes[1].legend(); fig.tight_layout()

# %% [markdown]
# With the naive loss a prediction can turn NaN once it gets within rounding distance of its target, so the better
# the fit, the more NaN (right panel). The clipped loss produces no NaN but can only stall inside its flat zone,
# whose size is printed further up. The haversine loss keeps converging; the claim line above compares the three
# at the last step. Its remaining error, printed above, is set by
# Adam's step size (a learning rate of $10^{-3}$ moves each coordinate by up to about $10^{-3}$ rad per step at
# first, about 6 km of latitude, and Adam shrinks its steps as the gradient changes sign).

# %% [markdown]
# ## A custom Keras loss
#
# Keras accepts as `loss=` any function of `(y_true, y_pred)` that returns one loss per sample, written with
# `keras.ops` so that it runs on any backend and is differentiated automatically. Our network will output degrees
# (easier to read), so the loss converts to radians and calls the haversine form.

# %%
def great_circle_loss(y_true, y_pred):
    """Keras loss: great-circle distance in km. y_true, y_pred: (batch, 2) degrees (latitude, longitude)."""
    return great_circle_haversine(ops.deg2rad(y_true), ops.deg2rad(y_pred))

def mse_degrees(y_true, y_pred):
    return ops.mean((y_true - y_pred) ** 2, axis=-1)

# %% [markdown]
# Why not plain mean squared error on the degrees? It treats latitude and longitude as a flat map: it ignores that
# longitude wraps around at the antimeridian (179°E and 179°W are neighbours) and that a degree of longitude
# shrinks as $\cos(\text{latitude})$ towards the poles. Four pairs of points:

# %%
cases = {"antimeridian: 179E vs 179W": ([0, 179], [0, -179]), "near the pole: 89N 0E vs 89N 90E": ([89, 0], [89, 90]),
         "equator: 0E vs 10E": ([0, 0], [0, 10]), "60N: 0E vs 10E": ([60, 0], [60, 10])}
for label, (y_true, y_pred) in cases.items():
    y_true, y_pred = np.array([y_true], float), np.array([y_pred], float)
    print(f"{label:>34}: MSE on degrees {float(mse_degrees(y_true, y_pred)[0]):9.1f} deg^2   "
          f"great-circle {float(great_circle_loss(y_true, y_pred)[0]):6.0f} km")

# %% [markdown]
# Printed above: the antimeridian pair is a short hop but gets the largest MSE; the polar pair is close but costs
# more than the equatorial 10° pair, which is much farther apart. The MSE ranks these errors in the wrong order.
# (These numbers come from formulas, not from a training run: they come out the same every time.)

# %% [markdown]
# ## A synthetic data set: distances to 20 landmarks
#
# The data are **synthetic**, made up for this lecture. Positions are drawn uniformly on the sphere over a Pacific
# region, longitudes 120°E to 120°W (across the antimeridian) and latitudes 70°S to 70°N. Twenty fixed random
# "landmark cities" are drawn in the same region. The input of each example is its distance to every landmark (in
# thousands of km) plus Gaussian noise of 20 km; the target is its (latitude, longitude) in degrees, longitude in
# the usual range $[-180°, 180°)$. The network has to learn to triangulate.

# %%
def sample_region(num_points, rng):
    """(num_points, 2) degrees, uniform on the sphere with |latitude| <= 70, longitude in 120E..120W."""
    latitude = np.degrees(np.arcsin(rng.uniform(-np.sin(np.radians(70)), np.sin(np.radians(70)), num_points)))
    longitude = (rng.uniform(120, 240, num_points) + 180) % 360 - 180
    return np.stack([latitude, longitude], axis=1)

landmarks = sample_region(20, rng)

def landmark_features(positions, rng, noise_km=20.0):
    distances = np.asarray(great_circle_loss(positions[:, None, :], landmarks[None, :, :]))
    return (distances + rng.normal(0, noise_km, distances.shape)) / 1000.0

num_train = course.pick(full=8000, fast=2000)
y_train, y_test = sample_region(num_train, rng), sample_region(2000, rng)
x_train, x_test = landmark_features(y_train, rng), landmark_features(y_test, rng)
print(f"x_train {x_train.shape}, y_train {y_train.shape} (degrees), x_test {x_test.shape}; synthetic data")

# %% [markdown]
# ## Great-circle loss versus MSE on degrees
#
# Two identical networks (two hidden layers of 64 ReLU units, a linear output of two numbers scaled by 100 so that
# the output starts in the range of degrees), same seed, same Adam optimizer and epochs; one is trained with the
# great-circle loss, the other with MSE on degrees. Both are scored in km on the same 2,000 synthetic test points.

# %%
def make_model():
    normalization = layers.Normalization()
    normalization.adapt(x_train)
    return keras.Sequential([keras.Input(shape=(x_train.shape[1],)), normalization,
                             layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"),
                             layers.Dense(2), layers.Rescaling(100.0)])

num_epochs = course.pick(full=40, fast=6)
errors_km = {}
for name, loss in [("great-circle loss", great_circle_loss), ("MSE on degrees", mse_degrees)]:
    keras.utils.set_random_seed(1)
    model = make_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss=loss, jit_compile=False)
    model.fit(x_train, y_train, epochs=num_epochs, batch_size=64, verbose=course.pick(full="auto", fast=0))
    errors_km[name] = np.asarray(great_circle_loss(y_test, model.predict(x_test, verbose=0).astype("float64")))
    print(f"{name:>17}: test error mean {errors_km[name].mean():6.0f} km, median {np.median(errors_km[name]):6.0f} km")
great_circle, degrees = errors_km["great-circle loss"], errors_km["MSE on degrees"]
course.claim("the great-circle network has the lower mean and the lower median test error in km",
             great_circle.mean() < degrees.mean() and np.median(great_circle) < np.median(degrees),
             mean_great_circle=great_circle.mean(), mean_mse=degrees.mean())
near_seam = np.abs(y_test[:, 1]) > 170  # within 10 degrees of longitude of the antimeridian
course.claim("within 10 degrees of the antimeridian the MSE network's mean error is more than twice its mean "
             "error elsewhere", degrees[near_seam].mean() > 2 * degrees[~near_seam].mean(),
             near_antimeridian=degrees[near_seam].mean(), elsewhere=degrees[~near_seam].mean(),
             great_circle_near_antimeridian=great_circle[near_seam].mean())

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
longitude_east = y_test[:, 1] % 360  # 120..240 degrees east: the region without the wrap, for plotting
for ax, (name, err) in zip(axes, errors_km.items()):
    points = ax.scatter(longitude_east, y_test[:, 0], c=err, s=6, cmap="viridis", vmin=0, vmax=2000)
    ax.axvline(180, color="red", lw=0.8, ls="--")
    ax.set(title=name, xlabel="longitude (degrees east; 180 = antimeridian)")
axes[0].set_ylabel("latitude (degrees)")
fig.colorbar(points, ax=axes, label="test error (km)");

# %% [markdown]
# The mean and median test errors in km are printed above, and the first claim line says whether both are lower
# with the great-circle loss. The maps show where the MSE network loses, and the second claim line measures it:
# along the antimeridian (dashed), where its targets jump from +180° to -180° and it predicts something in
# between, on the wrong side of the Earth. The great-circle network is free to output longitudes beyond 180°,
# because to its loss 181° *is* 179°W.

# %% [markdown]
# ## Summary
#
# - The great-circle distance $R \arccos \phi$ is the right error for positions on a sphere; its gradient is
#   $-R/\sqrt{1 - \phi^2}\,\partial\phi/\partial z$, checked above against `tf.GradientTape` and finite differences.
# - The factor $1/\sqrt{1 - \phi^2}$ makes the arccos form unstable where the prediction is on the target or on its
#   antipode: NaN or infinite gradients in float32, and kilometre errors in the distance itself.
# - Clipping $\phi$ removes the NaN but flattens the loss near the target; the haversine form is accurate at short
#   range and, with two small guards, trained the free positions to the precision printed above.
# - A custom Keras loss is a function of `(y_true, y_pred)` written with `keras.ops`; Keras differentiates it.
# - MSE on degrees ignores the antimeridian and the poles; a loss that measures what we care about (km) is the
#   one to train on (the claims above compare the two networks in km).

# %% [markdown]
# ## Exercises
#
# 1. Derive the gradient of the haversine form with respect to $z$ by hand and check it with `course.gradcheck`.
#    Where is it still singular, and why does $\epsilon_0$ fix that?
# 2. Vary $\epsilon$ of the clipped loss ($10^{-4}$, $10^{-6}$, $10^{-8}$) in the free-position experiment. What
#    happens to the stalling distance, and what happens in float32 when $\epsilon$ is below its machine epsilon?
# 3. Redo the free-position experiment in float64 with the naive loss. Does it still produce NaN? After how many
#    steps, and why later?
# 4. Change the data set to the whole globe (longitudes in $[-180°, 180°)$). Why can no continuous network map
#    the sphere to (latitude, longitude) without a seam somewhere, and where does each loss put it? (Hint: plot the
#    error map.)
# 5. Instead of two angles, let the network output a 3-D vector, normalise it to the unit sphere, and use
#    $\arccos$ of the dot product (or the chord length) as the loss. Compare with the haversine loss.

# %% [markdown]
# Exercise 2's runs, made once here with the other values of $\epsilon$ so that they work as written (what they
# show is for you to read):

# %%
for eps in [1e-4, 1e-8]:
    curve = train_free_positions(lambda y, z: great_circle_clipped(y, z, eps=eps))
    print(f"clipped loss, eps = {eps:g}: after {num_steps} steps {int(curve[-1, 0])} of 256 predictions are NaN, "
          f"mean error of the rest {curve[-1, 1]:.2f} km")
