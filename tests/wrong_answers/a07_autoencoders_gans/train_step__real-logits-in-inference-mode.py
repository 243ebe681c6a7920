# mistake: calls the discriminator on the real images without training=True (every other call has it), so with
#   BatchNormalization the real logits use the moving statistics while the fake ones use the batch's
# loses: train_step_separate_updates
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step: update the discriminator on real and fake images, then the generator."""
    with tf.GradientTape() as tape:
        fake_images = generator(noise, training=True)
        real_logits = discriminator(real_images)
        d_loss = discriminator_loss(real_logits, discriminator(fake_images, training=True))
    d_gradients = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    g_gradients = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_gradients, generator.trainable_variables))
    return d_loss, g_loss
