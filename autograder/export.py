"""Grades out of nbgrader's gradebook: one row per student and assignment.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is
written with a leading quote. Columns: ``student``, ``assignment``, one column per graded part (the
grade_id of each graded cell, in notebook order), ``total`` and ``max``. A
manually graded part that nobody has graded yet is left empty and counts 0
in the total.

For a learning management system, :func:`write_lms_csv` writes one row per student and one column per assignment
(its total) in the layout the LMS's grade import reads:

- ``canvas``: Canvas' gradebook import: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
  assignment, and a ``Points Possible`` row first. The nbgrader student id goes in ``SIS Login ID``, which Canvas
  matches students by when ``ID`` is empty; a column whose name is not an assignment of the Canvas course becomes a
  new assignment there (rename the columns to the Canvas ones, "name (id)", to fill existing assignments).
- ``moodle``: Moodle's *Import grades from CSV file*: ``Username``, then one column per assignment; at import, map
  ``Username`` to the user field that holds the nbgrader student id (username, ID number or email address) and each
  assignment column to its grade item.
"""

import csv

from nbgrader.api import Gradebook, MissingEntry

from autograder.course import graded_score

__all__ = ["LMS_FORMATS", "grade_rows", "write_csv", "write_lms_csv"]

#: The grade-import layouts :func:`write_lms_csv` writes: the identity columns, and the column the student id fills.
LMS_FORMATS = {
    "canvas": (["Student", "ID", "SIS User ID", "SIS Login ID", "Section"], "SIS Login ID"),
    "moodle": (["Username"], "Username"),
}


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


def write_lms_csv(rows, path, lms):
    """Write ``rows`` (of :func:`grade_rows`) for an LMS's grade import: a row per student, a column per assignment.

    ``lms`` is a key of :data:`LMS_FORMATS`. Return the rows written (dicts by column name).
    """
    if lms not in LMS_FORMATS:
        raise ValueError(f"Unknown LMS {lms!r}; choose one of {sorted(LMS_FORMATS)}.")
    identity, student_column = LMS_FORMATS[lms]
    assignments = sorted({row["assignment"] for row in rows})
    by_student = {}
    for row in rows:
        by_student.setdefault(row["student"], {column: "" for column in identity})[row["assignment"]] = row["total"]
    written = []
    if lms == "canvas":  # Canvas reads the points of each assignment from this row
        possible = {row["assignment"]: row["max"] for row in rows}
        written.append({"Student": "Points Possible", **{a: possible[a] for a in assignments}})
    for student, row in sorted(by_student.items()):
        row[student_column] = student
        written.append(row)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=identity + assignments, restval="")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in written)
    return written
