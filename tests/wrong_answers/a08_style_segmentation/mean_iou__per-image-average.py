# mistake: computes the mean IoU of each image and averages those, instead of counting all pixels together
# loses: mean_iou_dataset
def mean_iou(y_true, y_pred, num_classes, ignore_label=None):
    """Mean over the images of each image's mean IoU."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    scores = [np.nanmean(iou_per_class(confusion_matrix(t, p, num_classes, ignore_label)))
              for t, p in zip(y_true, y_pred)]
    return float(np.mean(scores))
