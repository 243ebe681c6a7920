# mistake: calls the networks without training=True (inference mode), which trains another network than the scored one as soon as they hold Dropout or BatchNormalization
# loses: train_step_separate_updates
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step: update the discriminator on real and fake images, then the generator."""
    with tf.GradientTape() as tape:
        fake_images = generator(noise)
        real_logits = discriminator(real_images)
        d_loss = discriminator_loss(real_logits, discriminator(fake_images))
    d_gradients = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise)))
    g_gradients = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_gradients, generator.trainable_variables))
    return d_loss, g_loss
