# mistake: does not check that x and y hold the same number of samples
# loses: test_accuracy
def evaluate_accuracy(model, x, y):
    """Classification accuracy of a softmax model."""
    y_pred = np.argmax(model.predict(x, verbose=0), axis=1)
    return float(np.mean(y_pred[:len(y)] == np.asarray(y)))
