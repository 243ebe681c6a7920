# mistake: copies lecture 18's keras.losses.BinaryCrossentropy(from_logits=True) instead of writing the losses from the logits
# loses: discriminator_loss_values, generator_loss_values, generator_loss_minimax
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D with Keras' loss."""
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    return (cross_entropy(keras.ops.ones_like(real_logits), real_logits)
            + cross_entropy(keras.ops.zeros_like(fake_logits), fake_logits))


def generator_loss(fake_logits, minimax=False):
    """The generator's loss with Keras' loss."""
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    if minimax:
        return -cross_entropy(keras.ops.zeros_like(fake_logits), fake_logits)
    return cross_entropy(keras.ops.ones_like(fake_logits), fake_logits)
