# correct: the callback keeps the list of this training's validation losses and finds the best epoch with np.argmin (its first minimum, so a tie is no improvement), stores copies of the weights, and train passes everything to fit by keyword with the callback made beforehand
class BestWeightsEarlyStopping(keras.callbacks.Callback):
    """Stop training once the validation loss has not improved for `patience` epochs; keep the best weights.

    Parameters
    ----------
    patience : int
        Epochs without a lower validation loss before training stops.
    """

    def __init__(self, patience=3):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        self.val_losses = []
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        self.val_losses.append(float(logs["val_loss"]))
        best = int(np.argmin(self.val_losses))
        epochs_since_best = len(self.val_losses) - 1 - best
        if epochs_since_best == 0:
            self.best_weights = [np.array(w, copy=True) for w in self.model.get_weights()]
        elif epochs_since_best >= self.patience:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


def train(model, x_train, y_train, x_val, y_val, num_epochs, batch_size, patience=3, verbose=0):
    """Fit a compiled model with early stopping on the validation loss.

    Returns
    -------
    keras.callbacks.History
        With the model's weights set to those of the epoch with the lowest validation loss.
    """
    if min(num_epochs, batch_size) < 1:
        raise ValueError(f"num_epochs and batch_size should be at least 1, got {num_epochs} and {batch_size}.")
    stopper = BestWeightsEarlyStopping(patience=patience)
    history = model.fit(x=x_train, y=y_train, batch_size=batch_size, epochs=num_epochs, verbose=verbose,
                        callbacks=[stopper], validation_data=(x_val, y_val))
    return history
