"""What `course-grade check` tells a student about a deleted test cell, a folder and a renamed notebook."""

import shutil

from conftest import ROOT

from autograder.check import PartResult, report
from autograder.cli import main


def test_a_deleted_test_cell_counts_among_the_visible_tests_and_fails_the_check():
    results = [PartResult(f"part_{i}", 1, 1) for i in range(7)]
    text, status = report(results, ["sigmoid_values"])
    assert "MISSING  sigmoid_values" in text
    assert "7 of 8 visible tests pass (1 deleted)" in text and "7 of 7" not in text
    assert status == 1


def test_a_folder_given_for_the_notebook_is_named_a_folder_with_the_notebook_to_give(tmp_path, capsys):
    folder = tmp_path / "a01_perceptron"
    shutil.copytree(ROOT / "assignments" / "a01_perceptron", folder)
    assert main(["check", str(folder)]) == 2
    error = capsys.readouterr().err
    assert f"{folder} is a folder, not a notebook" in error and str(folder / "a01_perceptron.ipynb") in error, error
    assert "IsADirectoryError" not in error


def test_a_renamed_notebook_lists_the_expected_names_in_order(tmp_path, capsys):
    renamed = tmp_path / "my_work.ipynb"
    shutil.copy(ROOT / "assignments" / "a01_perceptron" / "a01_perceptron.ipynb", renamed)
    assert main(["check", str(renamed)]) == 2
    listed = capsys.readouterr().err.split("(one of: ")[1].rstrip(").\n").split(", ")
    assert listed == sorted(listed) and "a01_perceptron.ipynb" in listed, listed
