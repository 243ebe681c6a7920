# correct: simulates early stopping for patience 1, 2, ... on every run and returns the first that keeps each run's lowest loss
def smallest_patience(val_losses_per_run):
    """The smallest patience with which early stopping keeps the best epoch of every run (by simulation)."""
    def kept(losses, patience):
        best, waited = float("inf"), 0
        for loss in losses:
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1
                if waited == patience:
                    break
        return best

    patience = 1
    while not all(kept(losses, patience) == min(losses) for losses in val_losses_per_run):
        patience += 1
    return patience


patience_for_both = smallest_patience([recorded_val_loss, second_val_loss])
print("patience for both runs:", patience_for_both)
