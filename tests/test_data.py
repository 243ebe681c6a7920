"""course.data: local files first, clear errors otherwise."""

import numpy as np
import pytest

import course
from course import data


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return path


def test_mnist_is_read_from_course_data_dir(tmp_path, monkeypatch):
    images = np.zeros((5, 28, 28), np.uint8)
    write_npz(tmp_path / "mnist.npz", x_train=images, y_train=np.arange(5, dtype=np.uint8),
              x_test=images[:2], y_test=np.arange(2, dtype=np.uint8))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    (x_train, y_train), (x_test, y_test) = course.load_mnist()
    assert x_train.shape == (5, 28, 28) and y_test.tolist() == [0, 1]


def test_a_file_in_the_wrong_layout_gives_one_sentence_saying_what_to_do(tmp_path, monkeypatch):
    write_npz(tmp_path / "mnist.npz", images=np.zeros(3))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match=r"missing x_train, y_train, x_test, y_test\); replace it"):
        course.load_mnist()


def test_a_corrupt_file_gives_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "mnist.npz").write_bytes(b"not a zip file")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="is not a readable .npz file"):
        course.load_mnist()


def test_a_missing_file_without_network_raises_data_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))

    def offline():
        raise OSError("no network")

    with pytest.raises(course.DataUnavailableError, match="copy mnist.npz into a folder and set COURSE_DATA_DIR"):
        data._download("mnist", offline)


def test_imdb_words_beyond_num_words_become_out_of_vocabulary(tmp_path, monkeypatch):
    reviews = np.empty(2, dtype=object)
    reviews[0], reviews[1] = [1, 5, 400], [1, 499, 3]
    write_npz(tmp_path / "imdb.npz", x_train=reviews, y_train=np.array([0, 1]), x_test=reviews, y_test=np.array([1, 0]))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    (x_train, _), _ = course.load_imdb(num_words=100)
    assert list(x_train[0]) == [1, 5, 2] and list(x_train[1]) == [1, 2, 3]
    with pytest.raises(ValueError, match="num_words"):
        course.load_imdb(num_words=1)


def test_digits_are_always_available_offline():
    X, y = course.load_digits()
    assert X.shape == (1797, 64) and set(y) == set(range(10))


def test_dataset_info_recognises_the_offline_stand_in(monkeypatch):
    from conftest import ROOT

    shared = ROOT.parent / "shared" / "data"
    if not (shared / "mnist.npz").exists():
        pytest.skip("../shared/data is not beside this checkout")
    monkeypatch.setenv("COURSE_DATA_DIR", str(shared))
    assert "offline stand-in" in course.dataset_info("mnist")
    (x_train, _), (x_test, _) = course.load_mnist()
    assert (len(x_train), len(x_test)) == (8000, 2000)
    with pytest.raises(ValueError, match="Unknown data set"):
        course.dataset_info("cifar")


def test_imdb_word_index_is_none_beside_the_offline_reviews_and_read_when_shipped(tmp_path, monkeypatch):
    reviews = np.empty(1, dtype=object)
    reviews[0] = [1, 4]
    write_npz(tmp_path / "imdb.npz", x_train=reviews, y_train=np.array([1]), x_test=reviews, y_test=np.array([1]))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert course.load_imdb_word_index() is None
    (tmp_path / "imdb_word_index.json").write_text('{"the": 1}')
    assert course.load_imdb_word_index() == {"the": 1}
    (tmp_path / "imdb_word_index.json").write_text("{broken")
    with pytest.raises(ValueError, match="is not valid JSON; delete it"):
        course.load_imdb_word_index()


def test_digit_canvases_label_every_ink_pixel_with_its_digit_and_leave_the_rest_background():
    images = np.zeros((2, 28, 28), dtype="uint8")
    images[0, 5:20, 10:14] = 255   # a bar of full ink
    images[0, 0, 0] = 100          # faint ink: below half intensity, so background
    images[1, 2:8, 2:8] = 200
    labels = np.array([7, 3])
    canvases, masks = course.digit_canvases(images, labels, num_canvases=50, size=40, max_digits=2, seed=1)
    assert canvases.shape == masks.shape == (50, 40, 40)
    assert canvases.dtype == np.float32 and 0 <= canvases.min() and canvases.max() <= 1
    assert set(np.unique(masks)) <= {0, 4, 8}, "labels are 0 for background and 1 + digit"
    assert np.all((masks > 0) == (canvases >= 0.5)), "a pixel is a digit's exactly where the ink is at least 0.5"
    counts = [(mask > 0).any() for mask in masks]
    assert all(counts), "every canvas holds at least one digit"
    same, _ = course.digit_canvases(images, labels, num_canvases=50, size=40, max_digits=2, seed=1)
    assert np.array_equal(same, canvases), "the same seed gives the same canvases"


def test_digit_canvases_reject_a_canvas_smaller_than_a_digit():
    with pytest.raises(ValueError, match="size >= 28"):
        course.digit_canvases(np.zeros((1, 28, 28), "uint8"), np.zeros(1), 3, size=20)


def test_load_digit_canvases_uses_the_course_mnist(monkeypatch, tmp_path):
    (x_train, y_train), (x_test, y_test) = [(np.full((5, 28, 28), 255, "uint8"), np.arange(5))] * 2
    write_npz(tmp_path / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    canvases, masks = course.load_digit_canvases(8, size=56, split="test", seed=0)
    assert canvases.shape == (8, 56, 56) and masks.max() <= 10 and (masks > 0).mean() > 0.01
