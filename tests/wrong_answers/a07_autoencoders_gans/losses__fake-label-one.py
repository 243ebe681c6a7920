# mistake: the discriminator's loss uses target 1 for the fake logits too (-ln sigma(s_fake) instead of -ln(1 - sigma))
# loses: discriminator_loss_values
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D (wrong target for the fakes)."""
    return keras.ops.mean(keras.ops.softplus(-real_logits)) + keras.ops.mean(keras.ops.softplus(-fake_logits))


def generator_loss(fake_logits, minimax=False):
    """The generator's loss from D's logits on its fakes."""
    if minimax:
        return -keras.ops.mean(keras.ops.softplus(fake_logits))
    return keras.ops.mean(keras.ops.softplus(-fake_logits))
