# mistake: draws only the loss panel, with both loss curves, and forgets the accuracy panel
# loses: curves_figure
def plot_curves(history):
    """Training and validation loss against the epoch."""
    logs = history.history
    fig, ax = plt.subplots()
    epochs = np.arange(1, len(logs["loss"]) + 1)
    ax.plot(epochs, logs["loss"], label="training")
    ax.plot(epochs, logs["val_loss"], label="validation")
    ax.set(xlabel="epoch", ylabel="loss")
    ax.axvline(np.argmin(logs["val_loss"]) + 1, linestyle="--", label="best epoch")
    ax.legend()
    return fig
