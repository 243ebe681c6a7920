# mistake: moves w but forgets to move the bias b (the perceptron then cannot learn AND from w = 0)
# loses: update_rule
def perceptron_update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron learning rule."""
    y_hat = int(x @ w + b >= 0)
    return w + learning_rate * (y - y_hat) * x, b
