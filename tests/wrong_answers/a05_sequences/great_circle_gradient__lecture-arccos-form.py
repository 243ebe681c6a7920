# mistake: copies lecture 14's gradient of the arccos form and patches identical points to 0: wrong for points cm apart
# loses: great_circle_gradient_autodiff
def great_circle_gradient(y, z):
    """Analytic gradient of the haversine great-circle distance with respect to the prediction z."""
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    delta = z[..., 1] - y[..., 1]
    phi = np.sin(y[..., 0]) * np.sin(z[..., 0]) + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.cos(delta)
    dphi_dz1 = np.sin(y[..., 0]) * np.cos(z[..., 0]) - np.cos(y[..., 0]) * np.sin(z[..., 0]) * np.cos(delta)
    dphi_dz2 = -np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin(delta)
    root = np.sqrt(np.clip(1 - phi ** 2, 0.0, None))
    factor = np.divide(-R, root, out=np.zeros_like(root), where=root > 0)
    return factor[..., None] * np.stack([dphi_dz1, dphi_dz2], axis=-1)
