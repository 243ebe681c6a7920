# mistake: divides by sqrt(a (1 - a)) everywhere: NaN (0/0) at identical and antipodal points instead of the 0 asked
# loses: great_circle_gradient_edge_cases
def great_circle_gradient(y, z):
    """Analytic gradient of the haversine great-circle distance with respect to the prediction z."""
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must have the same shape (..., 2), got {y.shape} and {z.shape}.")
    half_dlat, half_dlon = (z[..., 0] - y[..., 0]) / 2, (z[..., 1] - y[..., 1]) / 2
    cos_y1, cos_z1 = np.cos(y[..., 0]), np.cos(z[..., 0])
    a = np.clip(np.sin(half_dlat) ** 2 + cos_y1 * cos_z1 * np.sin(half_dlon) ** 2, 0.0, 1.0)
    da_dz1 = 0.5 * np.sin(2 * half_dlat) - cos_y1 * np.sin(z[..., 0]) * np.sin(half_dlon) ** 2
    da_dz2 = 0.5 * cos_y1 * cos_z1 * np.sin(2 * half_dlon)
    factor = R / np.sqrt(a * (1 - a))
    return np.stack([factor * da_dz1, factor * da_dz2], axis=-1)
