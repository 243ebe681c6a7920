# mistake: rejects latitudes outside [-pi/2, pi/2] only when all of them are (np.all instead of np.any), so one bad row among good ones goes through
# loses: great_circle_values
def great_circle_loss(y, z):
    """Great-circle distance in km between (latitude, longitude) pairs in radians, by the haversine formula."""
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must have the same shape (..., 2), got {y.shape} and {z.shape}.")
    if np.all(np.abs(y[..., 0]) > np.pi / 2) or np.all(np.abs(z[..., 0]) > np.pi / 2):
        raise ValueError("Latitudes must lie in [-pi/2, pi/2] radians; convert degrees with np.radians.")
    a = (np.sin((z[..., 0] - y[..., 0]) / 2) ** 2
         + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin((z[..., 1] - y[..., 1]) / 2) ** 2)
    return 2 * R * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
