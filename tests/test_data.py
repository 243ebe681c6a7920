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
