# mistake: applies weight decay to every parameter, biases included
# loses: sgd_weight_decay
def sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay):
    """One step of SGD with momentum and L2 weight decay, in place."""
    if set(grads) != set(params) or set(velocities) != set(params):
        raise ValueError("params, grads and velocities need the same keys, e.g. 'W1', 'b1', 'W2', 'b2'.")
    for name in params:
        velocities[name] = momentum * velocities[name] - learning_rate * (grads[name] + weight_decay * params[name])
        params[name] = params[name] + velocities[name]
