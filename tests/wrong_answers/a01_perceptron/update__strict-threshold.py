# mistake: predicts 1 only when w.x + b > 0, so a sample exactly on the boundary counts as 0 (the statement says >= 0)
# loses: update_rule
def perceptron_update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron learning rule."""
    y_hat = int(x @ w + b > 0)
    step = learning_rate * (y - y_hat)
    return w + step * x, b + step
