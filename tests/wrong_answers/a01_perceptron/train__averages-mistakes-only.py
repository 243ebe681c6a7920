# mistake: adds the weights to the running sum only after a mistake, and divides by the number of mistakes
# loses: train_separable
def train_perceptron(X, y, num_epochs=100, learning_rate=1.0):
    """Train an averaged perceptron."""
    w, b = np.zeros(X.shape[1]), 0.0
    w_sum, b_sum, count, mistakes = np.zeros(X.shape[1]), 0.0, 0, []
    for _ in range(num_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            if int(x_i @ w + b >= 0) != y_i:
                errors += 1
                w, b = perceptron_update(w, b, x_i, y_i, learning_rate)
                w_sum, b_sum, count = w_sum + w, b_sum + b, count + 1
        mistakes.append(errors)
        if errors == 0:
            break
    return w_sum / max(count, 1), b_sum / max(count, 1), mistakes
