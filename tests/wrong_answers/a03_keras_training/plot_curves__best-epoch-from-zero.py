# mistake: puts the best-epoch line at np.argmin(val_loss), an epoch counted from 0, one to the left of the minimum
# loses: curves_figure
def plot_curves(history):
    """Training and validation loss (left) and accuracy (right) against the epoch."""
    logs = history.history
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.4))
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], "o-", label="training")
        ax.plot(epochs, logs[f"val_{metric}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=metric)
    axes[0].axvline(np.argmin(logs["val_loss"]), linestyle="--", label="best epoch")
    for ax in axes:
        ax.legend()
    return fig
