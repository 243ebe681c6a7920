# mistake: shuffles once before the first epoch, so every epoch visits the samples in the same order
# loses: digits_accuracy
def predict(params, X):
    """Predicted classes of the two-layer network."""
    h, _ = relu_forward(dense_forward(X, params["W1"], params["b1"])[0])
    scores, _ = dense_forward(h, params["W2"], params["b2"])
    return np.argmax(scores, axis=1)


def train_two_layer(X, y, hidden_size=64, num_epochs=20, batch_size=32, learning_rate=0.1, momentum=0.9,
                    weight_decay=1e-4, seed=0):
    """Train the two-layer network with mini-batch SGD, momentum and L2 weight decay."""
    params = init_two_layer(X.shape[1], hidden_size, int(np.max(y)) + 1, seed=seed)
    velocities = {name: np.zeros_like(value) for name, value in params.items()}
    rng = np.random.default_rng(seed)
    N = len(y)
    losses = []
    order = rng.permutation(N)
    for _ in range(num_epochs):
        total = 0.0
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = two_layer_loss(params, X[batch], y[batch])
            sgd_momentum_step(params, grads, velocities, learning_rate, momentum, weight_decay)
            total += loss * len(batch)
        losses.append(total / N)
    return params, losses
