# mistake: takes the gradient of d_loss + g_loss with respect to all variables and lets each optimizer apply it to its own network
# loses: train_step_losses, train_step_separate_updates
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step from the sum of the two losses."""
    with tf.GradientTape(persistent=True) as tape:
        logits_fake = discriminator(generator(noise, training=True), training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True), logits_fake)
        g_loss = generator_loss(logits_fake)
        total = d_loss + g_loss
    d_optimizer.apply_gradients(zip(tape.gradient(total, discriminator.trainable_variables),
                                    discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(tape.gradient(total, generator.trainable_variables), generator.trainable_variables))
    return d_loss, g_loss
