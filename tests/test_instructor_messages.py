"""What `course-grade` says before the first collect: released means in the exchange, waiting work is shown."""

import shutil

import pytest
from conftest import ROOT
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from test_classroom_flow import as_student

from autograder.cli import main

ASSIGNMENT = "a01_perceptron"


@pytest.fixture
def course(tmp_path):
    """A course root with two assignments, none released; its exchange; the instructor's arguments."""
    for name in (ASSIGNMENT, "a02_backprop"):
        shutil.copytree(ROOT / "solutions" / name, tmp_path / "course" / "solutions" / name)
    return tmp_path, ["--root", str(tmp_path / "course"), "--exchange", str(tmp_path / "exchange")]


def _status_lines(instructor, capsys):
    capsys.readouterr()
    assert main([*instructor, "status"]) == 0
    return {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:] if line.startswith("a0")}


def test_autograde_before_collect_says_there_is_nothing_and_which_command_collects(course, capsys):
    _, instructor = course
    assert main([*instructor, "autograde", ASSIGNMENT]) == 1
    out = capsys.readouterr().out
    assert f"no submissions of {ASSIGNMENT} to grade" in out and f"course-grade collect {ASSIGNMENT}" in out, out


def test_status_shows_only_the_released_assignment_as_released_and_the_submission_waiting(course, capsys):
    tmp, instructor = course
    assert main([*instructor, "release", ASSIGNMENT]) == 0
    lines = _status_lines(instructor, capsys)
    assert lines[ASSIGNMENT].split()[1] == "yes" and lines["a02_backprop"].split()[1] == "no", lines
    assert "waiting" not in lines[ASSIGNMENT]

    home = tmp / "home" / "ada"
    as_student(ExchangeFetchAssignment, tmp / "exchange", home, "ada")
    as_student(ExchangeSubmit, tmp / "exchange", home, "ada")
    line = _status_lines(instructor, capsys)[ASSIGNMENT]
    assert line.split()[1:5] == ["yes", "0", "0", "0"], line
    assert f"1 waiting in the exchange: course-grade collect {ASSIGNMENT}" in line, line

    assert main([*instructor, "autograde", ASSIGNMENT]) == 1
    assert "1 wait in the exchange" in capsys.readouterr().out
    assert main([*instructor, "collect", ASSIGNMENT]) == 0
    line = _status_lines(instructor, capsys)[ASSIGNMENT]
    assert line.split()[1:] == ["yes", "1", "0", "0"], line
