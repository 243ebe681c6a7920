# correct: the textbook stable softplus max(s, 0) + log1p(exp(-|s|)) written with keras.ops, instead of keras.ops.softplus
def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy of D from its logits: target 1 on real, 0 on fake, the two means added.

    Parameters
    ----------
    real_logits, fake_logits : tensor of shape (N, 1)

    Returns
    -------
    scalar tensor
    """
    def softplus(s):
        return keras.ops.maximum(s, 0.0) + keras.ops.log1p(keras.ops.exp(-keras.ops.abs(s)))

    real_logits, fake_logits = keras.ops.convert_to_tensor(real_logits), keras.ops.convert_to_tensor(fake_logits)
    return keras.ops.mean(softplus(-real_logits)) + keras.ops.mean(softplus(fake_logits))


def generator_loss(fake_logits, minimax=False):
    """The generator's loss from D's logits on its fakes.

    Parameters
    ----------
    fake_logits : tensor of shape (N, 1)
    minimax : bool
        False: the non-saturating loss -mean ln sigma(s); True: the minimax loss mean ln(1 - sigma(s)).

    Returns
    -------
    scalar tensor
    """
    s = keras.ops.convert_to_tensor(fake_logits)
    if minimax:  # mean ln(1 - sigma(s)) = -mean softplus(s)
        return -keras.ops.mean(keras.ops.maximum(s, 0.0) + keras.ops.log1p(keras.ops.exp(-keras.ops.abs(s))))
    return keras.ops.mean(keras.ops.maximum(-s, 0.0) + keras.ops.log1p(keras.ops.exp(-keras.ops.abs(s))))
