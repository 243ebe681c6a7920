# mistake: always runs num_epochs epochs, even after an epoch without mistakes
# loses: train_separable
def train_perceptron(X, y, num_epochs=100, learning_rate=1.0):
    """Train an averaged perceptron."""
    w, b = np.zeros(X.shape[1]), 0.0
    w_sum, b_sum, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            errors += int(int(x_i @ w + b >= 0) != y_i)
            w, b = perceptron_update(w, b, x_i, y_i, learning_rate)
            w_sum, b_sum = w_sum + w, b_sum + b
        mistakes.append(errors)
    num_steps = len(mistakes) * len(y)
    return w_sum / num_steps, b_sum / num_steps, mistakes
