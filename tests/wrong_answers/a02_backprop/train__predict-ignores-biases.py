# mistake: forgets both biases (invisible when the biases are zero, as they are right after init_two_layer)
# loses: predict_labels
def predict(params, X):
    """Predicted classes of the two-layer network."""
    return np.argmax(np.maximum(X @ params["W1"], 0) @ params["W2"], axis=1)


def train_two_layer(X, y, hidden_size=64, num_epochs=20, batch_size=32, learning_rate=0.1, momentum=0.9,
                    weight_decay=1e-4, seed=0):
    """Train the two-layer network with mini-batch SGD, momentum and L2 weight decay."""
    params = init_two_layer(X.shape[1], hidden_size, int(np.max(y)) + 1, seed=seed)
    velocities = {name: np.zeros_like(value) for name, value in params.items()}
    rng = np.random.default_rng(seed)
    N = len(y)
    losses = []
    for _ in range(num_epochs):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = two_layer_loss(params, X[batch], y[batch])
            sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay)
            total += loss * len(batch)
        losses.append(total / N)
    return params, losses
