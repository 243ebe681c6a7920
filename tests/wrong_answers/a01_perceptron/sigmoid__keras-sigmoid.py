# mistake: calls Keras' sigmoid instead of writing it in NumPy
# loses: sigmoid_values, sigmoid_stable
def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    import keras

    return keras.ops.convert_to_numpy(keras.activations.sigmoid(np.asarray(z, dtype="float64")))
