# mistake: writes the minimax loss as mean ln sigma(s), the log-probability of "real", instead of mean ln(1 - sigma(s))
# loses: generator_loss_minimax
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D from its logits."""
    return keras.ops.mean(keras.ops.softplus(-real_logits)) + keras.ops.mean(keras.ops.softplus(fake_logits))


def generator_loss(fake_logits, minimax=False):
    """The generator's loss from D's logits on its fakes."""
    if minimax:
        return -keras.ops.mean(keras.ops.softplus(-fake_logits))
    return keras.ops.mean(keras.ops.softplus(-fake_logits))
