# correct: updates the velocity and parameter arrays in place (*=, -=, +=), which the statement allows, and decays with a factor that is 0 for biases
def sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay):
    """One step of SGD with momentum and L2 weight decay on the weights (not on the biases), in place.

    Parameters
    ----------
    params : dict of ndarray
        The parameters, e.g. "W1" (D, H), "b1" (H,), ...; names starting with "W" are weights.
    grads : dict of ndarray
        Gradients of the loss, same keys and shapes as params.
    velocities : dict of ndarray
        Velocities V, same keys and shapes as params (zeros before the first step).
    learning_rate : float
        alpha.
    momentum : float
        mu, usually 0.9.
    weight_decay : float
        lambda, the L2 coefficient, applied to weights only.

    Returns
    -------
    None
        params and velocities are updated.
    """
    if set(grads) != set(params) or set(velocities) != set(params):
        raise ValueError("params, grads and velocities need the same keys, e.g. 'W1', 'b1', 'W2', 'b2'.")
    for name, W in params.items():
        decay = weight_decay if name[0] == "W" else 0.0
        V = velocities[name]
        V *= momentum
        V -= learning_rate * (grads[name] + decay * W)
        W += V
