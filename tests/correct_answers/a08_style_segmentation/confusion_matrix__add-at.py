# correct: counts the (true, predicted) pairs into a zero (K, K) matrix with np.add.at after a boolean mask, instead of np.bincount on K t + p
def confusion_matrix(y_true, y_pred, num_classes, ignore_label=None):
    """Counts of (true class, predicted class) pairs over all pixels.

    Parameters
    ----------
    y_true, y_pred : integer ndarrays of the same shape
        Labels in [0, num_classes); y_true may also hold ignore_label.
    num_classes : int
    ignore_label : int or None
        Pixels whose true label is ignore_label are not counted.

    Returns
    -------
    ndarray of shape (num_classes, num_classes), integers
        Entry [t, p]: the number of pixels of true class t predicted as p.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"y_true {np.shape(y_true)} and y_pred {np.shape(y_pred)} must have the same shape.")
    if ignore_label is None:
        counted = np.ones(y_true.shape, dtype=bool)
    else:
        counted = y_true != ignore_label
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (y_true[counted].astype(np.intp), y_pred[counted].astype(np.intp)), 1)
    return matrix
