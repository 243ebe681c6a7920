# mistake: the generator half applies g_optimizer to the generator's AND the discriminator's variables
# loses: train_step_separate_updates
# fast
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step (the generator's update also moves D)."""
    with tf.GradientTape() as tape:
        fake_images = generator(noise, training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True), discriminator(fake_images, training=True))
    d_gradients = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
    variables = generator.trainable_variables + discriminator.trainable_variables
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, variables), variables))
    return d_loss, g_loss
