"""The offline message says what failed and how to point a running JupyterLab at local data."""

import pytest

import course
from course import data


def test_an_offline_download_says_what_failed_and_how_to_set_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))

    def offline():  # what Keras raises without a network
        raise Exception("URL fetch failure on https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz: "
                        "None -- [Errno -2] Name or service not known")

    with pytest.raises(course.DataUnavailableError) as raised:
        data._download("mnist", offline)
    message = str(raised.value)
    assert "(Exception: [Errno -2] Name or service not known)" in message, message
    assert "COURSE_DATA_DIR=/path/to/folder make lab" in message
    assert "os.environ['COURSE_DATA_DIR'] = '/path/to/folder'" in message
    assert f"COURSE_DATA_DIR ({tmp_path}) has no mnist.npz" in message
