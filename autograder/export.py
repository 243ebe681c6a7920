"""Grades out of nbgrader's gradebook: one row per student and assignment.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is
written with a leading quote. Columns: ``student``, ``assignment``, one column per graded part (the
grade_id of each graded cell, in notebook order), ``total`` and ``max``. A
manually graded part that nobody has graded yet is left empty and counts 0
in the total.
"""

import csv

from nbgrader.api import Gradebook, MissingEntry

from autograder.course import graded_score

__all__ = ["grade_rows", "write_csv"]


def grade_rows(db_url, assignments=None):
    """Rows of grades from the gradebook at ``db_url``.

    Parameters
    ----------
    db_url : str
        The gradebook, e.g. ``sqlite:///course/gradebook.db``.
    assignments : iterable of str, optional
        Only these assignments (default: all in the gradebook).

    Returns
    -------
    list of dict
        One per submission, sorted by assignment then student.
    """
    rows = []
    with Gradebook(db_url) as gradebook:
        names = sorted(a.name for a in gradebook.assignments)
        for assignment in names if assignments is None else assignments:
            try:
                parts = [cell.name for notebook in gradebook.find_assignment(assignment).notebooks
                         for cell in notebook.grade_cells]
            except MissingEntry:
                raise ValueError(f"The gradebook has no assignment {assignment!r}; it has {names}.") from None
            for student in sorted(s.id for s in gradebook.students):
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:
                    continue
                grades = {g.name: g for notebook in submission.notebooks for g in notebook.grades}
                row = {"student": student, "assignment": assignment}
                row.update({part: _score(grades.get(part)) for part in parts})
                row["total"] = sum(value for part in parts if isinstance(value := row[part], (int, float)))
                row["max"] = sum(grades[part].max_score for part in parts if part in grades)
                rows.append(row)
    return rows


def _score(grade):
    score = None if grade is None else graded_score(grade)
    return "" if score is None else float(score)


def _cell(value):
    """A value a spreadsheet shows as text: one starting with =, +, -, @ or a control character gets a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(rows, path):
    """Write ``rows`` to a CSV file and return them; columns: every key of the rows, total and max last."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    for fixed in ("total", "max"):  # always last
        if fixed in columns:
            columns.remove(fixed)
            columns.append(fixed)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or ["student", "assignment", "total", "max"], restval="")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return rows
