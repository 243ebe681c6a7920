# mistake: gives a class that is in neither truth nor prediction IoU 1 ("nothing to find, nothing missed")
# loses: iou_per_class_edge_cases
def iou_per_class(confusion):
    """IoU of each class, 1 for absent classes."""
    confusion = np.asarray(confusion, dtype=float)
    true_positives = np.diag(confusion)
    union = confusion.sum(axis=0) + confusion.sum(axis=1) - true_positives
    return np.where(union > 0, true_positives / np.maximum(union, 1), 1.0)
