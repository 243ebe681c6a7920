# correct: keeps every visit's weights in a list and averages them at the end with np.mean, instead of running sums
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
    w, b, history, mistakes = np.zeros(X.shape[1]), 0.0, [], []
    for epoch in range(num_epochs):
        wrong = 0
        for n in range(len(y)):
            wrong += int((X[n] @ w + b >= 0) != y[n])
            w, b = perceptron_update(w, b, X[n], y[n], learning_rate)
            history.append(np.append(w, b))
        mistakes.append(wrong)
        if not wrong:
            break
    average = np.mean(history, axis=0)
    return average[:-1], float(average[-1]), mistakes
