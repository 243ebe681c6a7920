# mistake: makes a grid of three panels for two plots (plt.subplots(1, 3)) and leaves the third one empty
# loses: curves_figure
def plot_curves(history):
    """Training and validation loss (left) and accuracy (right) against the epoch."""
    logs = history.history
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], "o-", label="training")
        ax.plot(epochs, logs[f"val_{metric}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=metric)
    best_epoch = int(np.argmin(logs["val_loss"])) + 1
    axes[0].axvline(best_epoch, color="gray", linestyle="--", label="best epoch")
    for ax in axes[:2]:
        ax.legend()
    return fig
