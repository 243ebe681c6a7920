# correct: builds the figure with plt.figure and fig.add_subplot, plots over a range of epochs, labels the axes with set_xlabel and set_ylabel, finds the best epoch with list.index(min(...)) and places each legend itself
def plot_curves(history):
    """Training and validation loss (left) and accuracy (right) against the epoch.

    Returns
    -------
    matplotlib.figure.Figure
        Two Axes; each with lines labelled "training" and "validation" over epochs 1..N.
    """
    logs = history.history
    fig = plt.figure(figsize=(10, 3.5))
    loss_ax = fig.add_subplot(1, 2, 1)
    accuracy_ax = fig.add_subplot(1, 2, 2)
    epochs = list(range(1, len(logs["loss"]) + 1))
    for ax, metric in [(loss_ax, "loss"), (accuracy_ax, "accuracy")]:
        ax.plot(epochs, logs[metric], label="training")
        ax.plot(epochs, logs["val_" + metric], linestyle=":", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
    val_loss = list(logs["val_loss"])
    loss_ax.axvline(val_loss.index(min(val_loss)) + 1, color="k", linestyle="--", label="best epoch")
    loss_ax.legend(loc="upper right")
    accuracy_ax.legend(loc="lower right")
    return fig
