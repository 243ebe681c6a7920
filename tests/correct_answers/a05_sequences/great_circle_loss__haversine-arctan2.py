# correct: the haversine distance in its arctan2 form, 2 R arctan2(sqrt(a), sqrt(1 - a)), instead of 2 R arcsin(sqrt(a))
def great_circle_loss(y, z):
    """Great-circle distance in km between targets y and predictions z, by the haversine formula.

    Parameters
    ----------
    y, z : ndarray of shape (..., 2)
        (latitude, longitude) in radians.

    Returns
    -------
    ndarray of shape (...)
        Distances in km, in [0, pi R].
    """
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if y.shape != z.shape or y.shape[-1:] != (2,):
        raise ValueError(f"y and z must both have shape (..., 2); got {y.shape} and {z.shape}.")
    if np.abs(y[..., 0]).max(initial=0) > np.pi / 2 or np.abs(z[..., 0]).max(initial=0) > np.pi / 2:
        raise ValueError("Latitudes must lie in [-pi/2, pi/2] radians.")
    half_dlat, half_dlon = (z[..., 0] - y[..., 0]) / 2, (z[..., 1] - y[..., 1]) / 2
    a = np.clip(np.sin(half_dlat) ** 2 + np.cos(y[..., 0]) * np.cos(z[..., 0]) * np.sin(half_dlon) ** 2, 0.0, 1.0)
    return 2 * R * np.arctan2(np.sqrt(a), np.sqrt(1 - a))
