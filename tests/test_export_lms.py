"""`course-grade export --lms`: the grade file in the layout Canvas' and Moodle's grade imports read."""

import csv

from autograder.export import write_lms_csv

ROWS = [{"student": "ada", "assignment": "a01_perceptron", "total": 20.0, "max": 20.0},
        {"student": "ada", "assignment": "a02_backprop", "total": 30.0, "max": 36.0},
        {"student": "bob", "assignment": "a01_perceptron", "total": 7.0, "max": 20.0}]


def _read(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_canvas_gets_its_identity_columns_a_points_possible_row_and_a_column_per_assignment(tmp_path):
    write_lms_csv(ROWS, tmp_path / "canvas.csv", "canvas")
    header, possible, ada, bob = _read(tmp_path / "canvas.csv")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "a01_perceptron", "a02_backprop"]
    assert possible[0] == "Points Possible" and possible[5:] == ["20.0", "36.0"]
    assert ada[3] == "ada" and ada[5:] == ["20.0", "30.0"]
    assert bob[3] == "bob" and bob[5:] == ["7.0", ""], "a missing submission is an empty cell, not 0"


def test_moodle_gets_a_username_column_and_a_column_per_assignment(tmp_path):
    write_lms_csv(ROWS, tmp_path / "moodle.csv", "moodle")
    assert _read(tmp_path / "moodle.csv") == [["Username", "a01_perceptron", "a02_backprop"],
                                              ["ada", "20.0", "30.0"], ["bob", "7.0", ""]]
