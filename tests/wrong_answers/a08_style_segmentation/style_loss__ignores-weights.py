# mistake: always averages the layers with 1/L, ignoring the weights it is given
# loses: style_loss_layers
def style_loss(grams_generated, grams_style, weights=None):
    """Style loss of each image, the layers averaged."""
    if len(grams_generated) != len(grams_style):
        raise ValueError("One Gram matrix of each per layer.")
    total = 0.0
    for G, A in zip(grams_generated, grams_style):
        G, A = np.asarray(G, dtype=float), np.asarray(A, dtype=float)
        total = total + np.sum((G - A) ** 2, axis=(1, 2)) / (4 * G.shape[-1] ** 2)
    return total / len(grams_generated)
