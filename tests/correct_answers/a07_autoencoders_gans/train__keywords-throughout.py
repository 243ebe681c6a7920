# correct: calls corrupt and model.fit with every argument by keyword (x=, y=, shuffle=True spelled out) and keeps the history in a variable before returning it
def train_denoising_autoencoder(model, X, fraction=0.3, num_epochs=5, batch_size=32, seed=0, kind="masking"):
    """Train `model` to map corrupt(X, fraction, seed=seed, kind=kind) back to X.

    Returns
    -------
    keras.callbacks.History
    """
    noisy_inputs = corrupt(X, fraction=fraction, seed=seed, kind=kind)
    history = model.fit(x=noisy_inputs, y=X, batch_size=batch_size, epochs=num_epochs, shuffle=True, verbose=0)
    return history
