"""The lectures are in teaching order: each one's prerequisites are earlier lectures, and the numbers agree.

A lecture's title cell has a line ``**Prerequisites:** lectures 02 (...) and 04 (...). **Run time:** ...``.
Every two-digit number in it, up to ``**Run time``, names a lecture; each must be an existing lecture that comes
before this one. A lecture that names itself or a later one would ask the student for something not yet taught.
"""

import re

import pytest
from conftest import ROOT

LECTURES = sorted((ROOT / "sources" / "lectures").glob("[0-9][0-9]_*.py"))


def number_of(path):
    """The lecture number of sources/lectures/NN_name.py."""
    return int(path.name[:2])


def title_cell(text):
    """The text of a jupytext percent source's first cell, without the comment marks."""
    cells = re.split(r"^# %%.*$", text, flags=re.MULTILINE)
    first = next(cell for cell in cells if cell.strip())
    return "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in first.splitlines())


def prerequisites(cell):
    """The lecture numbers named on the cell's Prerequisites line (up to "**Run time"); None if it has none."""
    match = re.search(r"\*\*Prerequisites:\*\*(.*?)(?:\*\*Run time|\n\s*\n|\Z)", cell, flags=re.DOTALL)
    if match is None:
        return None
    return {int(number) for number in re.findall(r"\b(\d{2})\b", match.group(1))}


def order_problems(number, named, existing):
    """Sentences for every prerequisite that is not an earlier, existing lecture."""
    problems = []
    for other in sorted(named):
        if other == number:
            problems.append(f"names itself ({other:02d})")
        elif other > number:
            problems.append(f"names the later lecture {other:02d}")
        elif other not in existing:
            problems.append(f"names lecture {other:02d}, which does not exist")
    return problems


def test_the_checks_catch_a_lecture_that_names_itself_or_a_later_one():
    cell = title_cell("# %% [markdown]\n# # Lecture 05: X\n#\n# **Prerequisites:** lectures 03 (a), 05 and\n"
                      "# 12 (b). **Run time:** under 30 seconds.\n\n# %%\nimport course  # lecture 40\n")
    assert prerequisites(cell) == {3, 5, 12}
    assert order_problems(5, {3, 5, 12, 2}, existing={1, 2, 3, 4, 5, 12}) == [
        "names itself (05)", "names the later lecture 12"]
    assert order_problems(5, {4}, existing={1, 2, 3, 5}) == ["names lecture 04, which does not exist"]
    assert prerequisites("# Lecture 01\n\nno such line") is None


def test_lectures_are_numbered_01_to_n_and_their_titles_agree():
    numbers = [number_of(path) for path in LECTURES]
    assert numbers == list(range(1, len(LECTURES) + 1)), f"lecture numbers with gaps or repeats: {numbers}"
    for path in LECTURES:
        cell = title_cell(path.read_text())
        assert re.search(rf"^# Lecture {number_of(path):02d}:", cell, flags=re.MULTILINE), (
            f"{path.name}: the title cell should start with '# Lecture {number_of(path):02d}: ...'")


@pytest.mark.parametrize("path", LECTURES, ids=[path.stem for path in LECTURES])
def test_prerequisites_name_only_earlier_lectures(path):
    named = prerequisites(title_cell(path.read_text()))
    assert named is not None, f"{path.name}: the title cell has no '**Prerequisites:**' line"
    problems = order_problems(number_of(path), named, existing={number_of(other) for other in LECTURES})
    assert not problems, f"{path.name}'s Prerequisites line " + "; ".join(problems)


def test_readme_table_has_one_row_per_lecture_in_order():
    rows = re.findall(r"^\| (\d{2}) ", (ROOT / "README.md").read_text(), flags=re.MULTILINE)
    assert [int(row) for row in rows] == [number_of(path) for path in LECTURES], (
        f"README's lecture table lists {rows}; the lectures are {[path.name for path in LECTURES]}")
