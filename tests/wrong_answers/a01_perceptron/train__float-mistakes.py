# mistake: counts the mistakes in floats, so mistakes is [2.0, 3.0, ...] where the statement asks for one integer per epoch
# loses: train_separable
def train_perceptron(X, y, num_epochs=100, learning_rate=1.0):
    """Train an averaged perceptron with the perceptron learning rule.

    Parameters
    ----------
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,), labels 0 or 1
    num_epochs : int
        Largest number of passes over the data.
    learning_rate : float

    Returns
    -------
    w_avg : ndarray of shape (d,)
        The weights after each sample visit, averaged over all visits.
    b_avg : float
        The bias after each sample visit, averaged over all visits.
    mistakes : list of int
        Mistakes in each epoch; training stops after the first epoch with none.
    """
    w, b = np.zeros(X.shape[1]), 0.0
    w_sum, b_sum, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        errors = 0.0
        for x_i, y_i in zip(X, y):
            errors += float(int(x_i @ w + b >= 0) != y_i)
            w, b = perceptron_update(w, b, x_i, y_i, learning_rate)
            w_sum, b_sum = w_sum + w, b_sum + b
        mistakes.append(errors)
        if errors == 0:
            break
    num_steps = len(mistakes) * len(y)
    return w_sum / num_steps, b_sum / num_steps, mistakes
