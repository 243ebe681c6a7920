# correct: selects the zeros and ones with np.isin, labels them with y == 1, and cuts both arrays with np.split
def digits_zero_one(train_fraction=0.7):
    """The zeros and ones of scikit-learn's digits, scaled to [0, 1] and split in order.

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
    X_test : ndarray of shape (n_test, 64)
    y_train : ndarray of shape (n_train,), 0 or 1
    y_test : ndarray of shape (n_test,), 0 or 1
    """
    X, y = course.load_digits()
    selected = np.isin(y, [0, 1])
    images = X[selected].astype(float) / 16
    labels = (y[selected] == 1).astype(int)
    n_train = round(train_fraction * len(labels))
    X_train, X_test = np.split(images, [n_train])
    y_train, y_test = np.split(labels, [n_train])
    return X_train, X_test, y_train, y_test
