# mistake: the haversine's arctan2 form 2R atan2(sqrt(a), sqrt(1 - a)) without clipping a: NaN where rounding makes a > 1
# loses: great_circle_edge_cases
# fast
def great_circle_loss(y, z):
    """Great-circle distance in km between targets y and predictions z, by the haversine formula."""
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must have the same shape (..., 2), got {y.shape} and {z.shape}.")
    if np.any(np.abs(y[..., 0]) > np.pi / 2) or np.any(np.abs(z[..., 0]) > np.pi / 2):
        raise ValueError("Latitudes must lie in [-pi/2, pi/2] radians; convert degrees with np.radians.")
    a = (np.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * np.arctan2(np.sqrt(a), np.sqrt(1 - a))
