# mistake: returns lecture 04's course.plot_history figure as it is, without the line at the best epoch
# loses: curves_figure
def plot_curves(history):
    """Training and validation loss and accuracy against the epoch."""
    return course.plot_history(history.history)
