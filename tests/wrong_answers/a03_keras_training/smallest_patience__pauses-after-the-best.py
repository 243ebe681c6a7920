# mistake: takes the longest pause anywhere in a run, also after its best epoch, where stopping is what early
#   stopping is for (35 on the first run)
# loses: smallest_patience_values
def smallest_patience(val_losses_per_run):
    """The smallest patience with which early stopping keeps the best epoch of every run.

    Parameters
    ----------
    val_losses_per_run : list of lists of float
        The validation loss of each epoch, one list per run.

    Returns
    -------
    int, at least 1
    """
    # Only the epochs up to each run's best matter: early stopping must survive the longest stretch without
    # improvement that comes before the best epoch (after it, stopping is what we want). A stretch of k epochs
    # without improvement is survived with patience k + 1.
    patience = 1
    for losses in val_losses_per_run:
        best, waited = float("inf"), 0
        for loss in losses:
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1
            patience = max(patience, waited + 1)  # every pause, also those after the best epoch
    return patience


patience_for_both = smallest_patience([recorded_val_loss, second_val_loss])
# The second run pauses for five epochs (21 to 25) before improving again at epoch 26, and reaches its best at
# epoch 28: patience 6 waits that pause out. Patience 3 would have stopped it at epoch 11 with the weights of
# epoch 8 (validation loss 0.447 instead of 0.416).
print("patience for both runs:", patience_for_both)
