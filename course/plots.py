"""Plot helpers. Each returns the matplotlib Figure and never calls ``plt.show()``."""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_decision_boundary", "plot_history", "plot_images"]


def plot_history(history, metrics=("loss",)):
    """Training curves, one panel per metric, training and validation together.

    Parameters
    ----------
    history : keras.callbacks.History or dict
        ``model.fit(...)``'s return value, or its ``.history`` dict of lists.
    metrics : sequence of str
        Metric names, e.g. ``("loss", "accuracy")``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError("history must be what model.fit returned, or its .history dictionary.")
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise ValueError(f"No metric {unknown[0]!r} in the history; it has {sorted(logs)}.")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.8 * len(metrics), 3.4), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], "o-", label="training")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=metric)
        ax.legend()
    fig.tight_layout()
    return fig


def plot_images(images, labels=None, num_columns=10, cmap="gray_r", symmetric=False):
    """A grid of images with optional titles.

    Parameters
    ----------
    images : ndarray of shape (N, H, W) or (N, H * W) for square images
    labels : sequence of length N, optional
        Shown as titles (numbers or strings).
    num_columns : int
    cmap : str
    symmetric : bool
        Draw signed images (weights, filters, eigen-images) on ONE colour scale for all panels, symmetric about 0,
        so that the middle colour is exactly 0 and equal shades are equal values (use a diverging ``cmap`` such
        as ``"RdBu_r"``). By default each image is scaled on its own.

    Returns
    -------
    matplotlib.figure.Figure
    """
    images = np.asarray(images)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"Cannot reshape images of {images.shape[1]} pixels into squares; pass (N, H, W).")
        images = images.reshape(-1, side, side)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (N, H, W) with N > 0, got {images.shape}.")
    num_columns = min(num_columns, len(images))
    num_rows = int(np.ceil(len(images) / num_columns))
    fig, axes = plt.subplots(num_rows, num_columns, figsize=(1.1 * num_columns, 1.25 * num_rows), squeeze=False)
    limit = float(np.abs(images).max()) or 1.0
    scale = {"vmin": -limit, "vmax": limit} if symmetric else {}
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap, **scale)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    fig.tight_layout()
    return fig


def plot_decision_boundary(predict, X, y, ax=None, resolution=200, padding=0.5):
    """Two-class data and the regions a classifier assigns to each class.

    Parameters
    ----------
    predict : callable
        Maps an (M, 2) array to M labels or scores; scores are cut at 0.5.
    X : ndarray of shape (N, 2)
    y : ndarray of shape (N,)
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) to draw a 2-D boundary, got {X.shape}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.0))
    x0 = np.linspace(X[:, 0].min() - padding, X[:, 0].max() + padding, resolution)
    x1 = np.linspace(X[:, 1].min() - padding, X[:, 1].max() + padding, resolution)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(x0, x1)])
    regions = (np.asarray(predict(grid), dtype=float).reshape(resolution, resolution) >= 0.5).astype(float)
    ax.contourf(x0, x1, regions, levels=[-0.5, 0.5, 1.5], colors=["#f4c7c3", "#c6dbef"], alpha=0.8)
    for label, marker, color in [(0, "o", "#d62728"), (1, "^", "#1f77b4")]:
        points = X[y == label]
        ax.scatter(points[:, 0], points[:, 1], marker=marker, c=color, edgecolor="k", s=30, label=f"class {label}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", xlim=(x0[0], x0[-1]), ylim=(x1[0], x1[-1]))
    ax.legend(loc="best", fontsize=8)
    return ax.figure
