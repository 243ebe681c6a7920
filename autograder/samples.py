"""Sample submissions made from an assignment's two versions.

``fill_answers`` copies the solution's answer cells into the student version
for chosen grade_ids: a "half right" submission is the student version with
half of its answers filled in.
"""

import nbformat


def answer_ids(notebook_text):
    """grade_ids of the answer (solution) cells, in notebook order."""
    cells = nbformat.reads(notebook_text, as_version=4).cells
    return [c.metadata["nbgrader"]["grade_id"] for c in cells
            if c.metadata.get("nbgrader", {}).get("solution")]


def fill_answers(student_text, solution_text, grade_ids):
    """The student notebook with the solution's source in the answer cells ``grade_ids``."""
    solution = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
                for c in nbformat.reads(solution_text, as_version=4).cells}
    notebook = nbformat.reads(student_text, as_version=4)
    unknown = set(grade_ids) - set(solution)
    if unknown:
        raise ValueError(f"No answer cells {sorted(unknown)} in the solution notebook.")
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in grade_ids:
            cell.source = solution[grade_id]
    return nbformat.writes(notebook)
