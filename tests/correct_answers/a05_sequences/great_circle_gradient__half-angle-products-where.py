# correct: writes da/dz with sin(u) cos(u) products of the half angles and guards the singular points with a double np.where instead of np.divide(..., where=...), filling a preallocated result
def great_circle_gradient(y, z):
    """Analytic gradient of the haversine great-circle distance with respect to the prediction z.

    Parameters
    ----------
    y, z : ndarray of shape (..., 2)
        (latitude, longitude) in radians.

    Returns
    -------
    ndarray of shape (..., 2)
        dGCD/dz in km per radian; 0 where a (1 - a) = 0 (identical or antipodal points).
    """
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    if y.shape != z.shape:
        raise ValueError(f"y and z must have the same shape, got {y.shape} and {z.shape}.")
    if y.shape[-1:] != (2,):
        raise ValueError(f"The last axis must hold (latitude, longitude), got {y.shape}.")
    y_lat, y_lon, z_lat, z_lon = y[..., 0], y[..., 1], z[..., 0], z[..., 1]
    sin_lat, cos_lat = np.sin((z_lat - y_lat) / 2), np.cos((z_lat - y_lat) / 2)
    sin_lon, cos_lon = np.sin((z_lon - y_lon) / 2), np.cos((z_lon - y_lon) / 2)
    a = sin_lat ** 2 + np.cos(y_lat) * np.cos(z_lat) * sin_lon ** 2
    a = np.minimum(np.maximum(a, 0.0), 1.0)
    # da/dz1 = sin(dlat/2) cos(dlat/2) - cos(y1) sin(z1) sin^2(dlon/2), da/dz2 = cos(y1) cos(z1) sin(dlon/2) cos(dlon/2)
    da_dlat = sin_lat * cos_lat - np.cos(y_lat) * np.sin(z_lat) * sin_lon ** 2
    da_dlon = np.cos(y_lat) * np.cos(z_lat) * sin_lon * cos_lon
    root = np.sqrt(a * (1.0 - a))
    singular = root == 0
    scale = np.where(singular, 0.0, R / np.where(singular, 1.0, root))
    gradient = np.empty(y.shape)
    gradient[..., 0] = scale * da_dlat
    gradient[..., 1] = scale * da_dlon
    return gradient
