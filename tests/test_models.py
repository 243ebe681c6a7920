"""course.models: the shared CNN builder."""

import pytest

import course


def test_cnn_classifier_maps_images_to_class_probabilities():
    model = course.cnn_classifier(input_shape=(28, 28, 1), num_classes=10)
    assert model.output_shape == (None, 10)
    assert model.layers[-1].activation.__name__ == "softmax"
    conv = [layer for layer in model.layers if layer.__class__.__name__ == "Conv2D"]
    assert [layer.filters for layer in conv] == [32, 64]
    assert conv[0].count_params() == 3 * 3 * 1 * 32 + 32


def test_cnn_classifier_explains_a_flat_input_shape():
    with pytest.raises(ValueError, match="height, width, channels"):
        course.cnn_classifier(input_shape=(784,))
