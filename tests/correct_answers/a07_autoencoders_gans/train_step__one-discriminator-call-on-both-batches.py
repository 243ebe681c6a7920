# correct: the discriminator half scores the real and the fake images in one call on the two batches stacked (tf.concat), then splits the logits; the generator half reuses nothing of the first
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, noise):
    """One GAN step: update the discriminator on real and fake images, then the generator."""
    count = real_images.shape[0]
    with tf.GradientTape() as tape:
        fake_images = generator(noise, training=True)
        logits = discriminator(tf.concat([real_images, fake_images], axis=0), training=True)
        d_loss = discriminator_loss(logits[:count], logits[count:])
    d_gradients = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_gradients, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(noise, training=True), training=True))
    g_gradients = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_gradients, generator.trainable_variables))
    return d_loss, g_loss
