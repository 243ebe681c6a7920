# correct: each update goes through Keras 3's optimizer.apply(gradients, variables) instead of apply_gradients(zip(...)), with each network's variable list named once and the logits computed before the loss
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step: update the discriminator on real and fake images, then the generator.

    Returns
    -------
    d_loss, g_loss : scalar tensors
        d_loss before the discriminator's update; g_loss with the updated discriminator.
    """
    d_variables = discriminator.trainable_variables
    with tf.GradientTape() as d_tape:
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(generator(noise, training=True), training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
    d_optimizer.apply(d_tape.gradient(d_loss, d_variables), d_variables)

    g_variables = generator.trainable_variables
    with tf.GradientTape() as g_tape:
        fake_logits = discriminator(generator(noise, training=True), training=True)
        g_loss = generator_loss(fake_logits)
    g_optimizer.apply(g_tape.gradient(g_loss, g_variables), g_variables)
    return d_loss, g_loss
