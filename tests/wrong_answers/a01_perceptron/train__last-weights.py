# mistake: lecture 01's perceptron copied as it is: returns the last weights, not their average over the steps
# loses: train_separable
# fast
def train_perceptron(X, y, num_epochs=100, learning_rate=1.0):
    """Train a perceptron with the perceptron learning rule."""
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            w, b = w + learning_rate * (y_i - y_hat) * x_i, b + learning_rate * (y_i - y_hat)
            errors += int(y_hat != y_i)
        mistakes.append(errors)
        if errors == 0:
            break
    return w, b, mistakes
