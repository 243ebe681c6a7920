# mistake: returns a percentage (0-100) instead of a fraction in [0, 1]
# loses: test_accuracy
# fast
def evaluate_accuracy(model, x, y):
    """Classification accuracy of a softmax model, in percent."""
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}.")
    y_pred = np.argmax(model.predict(x, verbose=0), axis=1)
    return float(100 * np.mean(y_pred == np.asarray(y)))
