# mistake: the textbook formula 1 / (1 + exp(-z)), which overflows (with a warning) for z below -709
# loses: sigmoid_stable
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
