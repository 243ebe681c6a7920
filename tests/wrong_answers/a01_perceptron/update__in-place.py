# mistake: updates w in place with +=, changing the caller's array
# loses: update_rule
def perceptron_update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron learning rule."""
    y_hat = int(x @ w + b >= 0)
    step = learning_rate * (y - y_hat)
    w += step * x
    return w, b + step
