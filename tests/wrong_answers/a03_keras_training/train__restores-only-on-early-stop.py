# mistake: puts the best weights back only when it stops early, so a training that runs all its epochs keeps the last weights
# loses: train_early_stopping
class BestWeightsEarlyStopping(keras.callbacks.Callback):
    """Stop training once the validation loss has not improved for `patience` epochs; keep the best weights."""

    def __init__(self, patience=3):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        self.best_loss, self.best_weights, self.num_bad_epochs = np.inf, None, 0

    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best_loss:
            self.best_loss, self.best_weights, self.num_bad_epochs = logs["val_loss"], self.model.get_weights(), 0
        else:
            self.num_bad_epochs += 1
            if self.num_bad_epochs >= self.patience:
                self.model.stop_training = True
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        pass


def train(model, x_train, y_train, x_val, y_val, num_epochs, batch_size, patience=3, verbose=0):
    """Fit a compiled model with early stopping on the validation loss."""
    if num_epochs < 1 or batch_size < 1:
        raise ValueError(f"num_epochs and batch_size must be at least 1, got {num_epochs} and {batch_size}.")
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=num_epochs, batch_size=batch_size,
                     callbacks=[BestWeightsEarlyStopping(patience)], verbose=verbose)
