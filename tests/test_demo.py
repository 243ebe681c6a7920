"""`make demo`: a grading round on the three sample submissions of a01."""

import csv

from autograder.demo import run_demo


def test_demo_grades_correct_full_untouched_zero_and_half_right_in_between(tmp_path, capsys):
    rows = {row["student"]: row for row in run_demo(tmp_path / "demo")}
    assert rows["ada-correct"]["total"] == rows["ada-correct"]["max"] == 20
    assert rows["bob-untouched"]["total"] == 0
    assert 0 < rows["cyd-half-right"]["total"] < 20
    with open(tmp_path / "demo" / "grades.csv") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    feedback = list((tmp_path / "demo" / "course" / "feedback").glob("*/a01_perceptron/*.html"))
    assert len(feedback) == 3
    assert "ada-correct" in capsys.readouterr().out
