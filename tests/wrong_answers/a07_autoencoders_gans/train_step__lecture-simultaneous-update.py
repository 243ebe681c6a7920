# mistake: copies lecture 18's step: both losses from one forward pass, so the generator learns against the old discriminator
# loses: train_step_losses
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step with both updates computed from the same forward pass."""
    with tf.GradientTape() as d_tape, tf.GradientTape() as g_tape:
        logits_real = discriminator(real_images, training=True)
        logits_fake = discriminator(generator(noise, training=True), training=True)
        d_loss = discriminator_loss(logits_real, logits_fake)
        g_loss = generator_loss(logits_fake)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return d_loss, g_loss
