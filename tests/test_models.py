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


def test_fast_cnn_classifier_is_compiled_with_a_one_cycle_schedule():
    model = course.fast_cnn_classifier(steps_per_epoch=10, num_epochs=2)
    assert model.output_shape == (None, 10) and model.optimizer is not None
    schedule = course.one_cycle(20, eta_max=0.01)
    rates = [float(schedule(step)) for step in (0, 4, 19)]
    assert rates[0] < rates[1] and abs(rates[1] - 0.01) < 1e-6 and rates[2] < rates[0]
    with pytest.raises(ValueError, match="at least 2 steps"):
        course.one_cycle(1)
