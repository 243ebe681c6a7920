# mistake: calls SciPy's expit under another name instead of writing the sigmoid in NumPy
# loses: sigmoid_values, sigmoid_stable
from scipy.special import expit as logistic


def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return logistic(np.asarray(z, dtype=float))
