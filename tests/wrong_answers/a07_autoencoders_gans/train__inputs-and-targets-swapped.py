# mistake: fits the model from the clean images to the corrupted ones (inputs and targets swapped)
# loses: dae_training_pairs, dae_reconstruction
def train_denoising_autoencoder(model, X, fraction=0.3, num_epochs=5, batch_size=32, seed=0, kind="masking"):
    """Train `model` (inputs and targets swapped)."""
    X_noisy = corrupt(X, fraction, seed=seed, kind=kind)
    return model.fit(X, X_noisy, epochs=num_epochs, batch_size=batch_size, verbose=0)
