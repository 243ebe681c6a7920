# mistake: divides every layer by 4 C^2 with the channels C of the first layer, not each layer's own C_l
# loses: style_loss_layers
def style_loss(grams_generated, grams_style, weights=None):
    """Style loss of each image, every layer normalised with the first layer's channels."""
    if len(grams_generated) != len(grams_style):
        raise ValueError("One Gram matrix of each per layer.")
    weights = [1 / len(grams_generated)] * len(grams_generated) if weights is None else weights
    C = np.shape(grams_generated[0])[-1]
    total = 0.0
    for G, A, weight in zip(grams_generated, grams_style, weights):
        total = total + weight * np.sum((np.asarray(G) - np.asarray(A)) ** 2, axis=(1, 2)) / (4 * C**2)
    return total
