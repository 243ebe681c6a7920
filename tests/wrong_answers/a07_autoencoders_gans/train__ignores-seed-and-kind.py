# mistake: calls corrupt(X, fraction) without passing seed and kind on, so every call uses seed 0 and masking
# loses: dae_training_pairs
def train_denoising_autoencoder(model, X, fraction=0.3, num_epochs=5, batch_size=32, seed=0, kind="masking"):
    """Train `model` to map corrupt(X, fraction) back to X."""
    X_noisy = corrupt(X, fraction)
    return model.fit(X_noisy, X, epochs=num_epochs, batch_size=batch_size, verbose=0)
