# mistake: splits with scikit-learn's shuffling train_test_split instead of keeping the data set's order
# loses: digits_accuracy
def digits_zero_one(train_fraction=0.7):
    """The zeros and ones of scikit-learn's digits, scaled to [0, 1] and split."""
    from sklearn.model_selection import train_test_split

    X, y = course.load_digits()
    keep = y <= 1
    return train_test_split(X[keep] / 16.0, y[keep], train_size=train_fraction, random_state=0)
