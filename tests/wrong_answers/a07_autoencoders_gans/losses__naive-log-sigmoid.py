# mistake: computes the losses as log(sigmoid(s)) and log(1 - sigmoid(s)), which give -inf once sigma rounds to 0 or 1
# loses: discriminator_loss_values, generator_loss_values, generator_loss_minimax
# fast
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D through the sigmoid."""
    return (-keras.ops.mean(keras.ops.log(keras.ops.sigmoid(real_logits)))
            - keras.ops.mean(keras.ops.log(1 - keras.ops.sigmoid(fake_logits))))


def generator_loss(fake_logits, minimax=False):
    """The generator's loss through the sigmoid."""
    if minimax:
        return keras.ops.mean(keras.ops.log(1 - keras.ops.sigmoid(fake_logits)))
    return -keras.ops.mean(keras.ops.log(keras.ops.sigmoid(fake_logits)))
