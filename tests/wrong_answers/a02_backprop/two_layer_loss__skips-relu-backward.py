# mistake: passes dh straight to the first dense layer, forgetting to backpropagate through the ReLU
# loses: two_layer_gradcheck
def two_layer_loss(params, X, y):
    """Loss and gradients of dense - ReLU - dense - softmax cross-entropy."""
    z1, dense1_cache = dense_forward(X, params["W1"], params["b1"])
    h, relu_cache = relu_forward(z1)
    scores, dense2_cache = dense_forward(h, params["W2"], params["b2"])
    loss, dscores = softmax_cross_entropy(scores, y)
    dh, dW2, db2 = dense_backward(dscores, dense2_cache)
    _, dW1, db1 = dense_backward(dh, dense1_cache)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
