# mistake: hard-codes the code layer to 64 units, the visible example, instead of using code_size
# loses: dae_architecture
def build_denoising_autoencoder(code_size=64):
    """Dense autoencoder 784 -> 256 -> 64 -> 256 -> 784, compiled."""
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002), loss="binary_crossentropy")
    return model
