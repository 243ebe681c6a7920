# mistake: plots against the epoch indices 0, 1, ... (plt.plot(values) alone) instead of the epoch numbers 1, 2, ...
# loses: curves_figure
def plot_curves(history):
    """Training and validation loss (left) and accuracy (right) against the epoch."""
    logs = history.history
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.4))
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        ax.plot(logs[metric], label="training")
        ax.plot(logs[f"val_{metric}"], label="validation")
        ax.set(xlabel="epoch", ylabel=metric)
    axes[0].axvline(np.argmin(logs["val_loss"]) + 1, linestyle="--", label="best epoch")
    for ax in axes:
        ax.legend()
    return fig
