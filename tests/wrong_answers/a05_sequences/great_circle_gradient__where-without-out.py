# mistake: guards the division with np.divide(..., where=...) but gives no out=, so the guarded entries hold whatever was in memory (NumPy warns)
# loses: great_circle_gradient_edge_cases
def great_circle_gradient(y, z):
    """Gradient of great_circle_loss(y, z) with respect to z, in km per radian (0 where it is undefined)."""
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    half_dlat, half_dlon = (z[..., 0] - y[..., 0]) / 2, (z[..., 1] - y[..., 1]) / 2
    cos_y1, cos_z1 = np.cos(y[..., 0]), np.cos(z[..., 0])
    a = np.clip(np.sin(half_dlat) ** 2 + cos_y1 * cos_z1 * np.sin(half_dlon) ** 2, 0.0, 1.0)
    da_dz1 = 0.5 * np.sin(2 * half_dlat) - cos_y1 * np.sin(z[..., 0]) * np.sin(half_dlon) ** 2
    da_dz2 = 0.5 * cos_y1 * cos_z1 * np.sin(2 * half_dlon)
    denominator = np.asarray(np.sqrt(a * (1 - a)))
    factor = np.divide(R, denominator, where=denominator > 0)
    return np.stack([factor * da_dz1, factor * da_dz2], axis=-1)
