# mistake: gives a class that is in neither truth nor prediction IoU 0 (0/0 turned into 0) instead of leaving it out
# loses: iou_per_class_edge_cases
# fast
def iou_per_class(confusion):
    """IoU of each class, 0 for absent classes."""
    confusion = np.asarray(confusion, dtype=float)
    true_positives = np.diag(confusion)
    union = confusion.sum(axis=0) + confusion.sum(axis=1) - true_positives
    return true_positives / np.maximum(union, 1)
