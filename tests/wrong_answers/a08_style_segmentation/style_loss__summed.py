# mistake: sums the squared differences of the Gram matrices without dividing by 4 C_l^2
# loses: style_loss_one_layer, style_loss_layers
def style_loss(grams_generated, grams_style, weights=None):
    """Style loss of each image, summed over layers (no normalisation)."""
    if len(grams_generated) != len(grams_style):
        raise ValueError("One Gram matrix of each per layer.")
    weights = [1 / len(grams_generated)] * len(grams_generated) if weights is None else weights
    total = 0.0
    for G, A, weight in zip(grams_generated, grams_style, weights):
        total = total + weight * np.sum((np.asarray(G) - np.asarray(A)) ** 2, axis=(1, 2))
    return total
