"""Wrong answers that students really write, graded by real nbgrader against the solution notebooks.

A wrong answer is a file ``tests/wrong_answers/<assignment>/<answer_grade_id>__<mistake-slug>.py``. Its content
replaces the source of the answer cell whose nbgrader ``grade_id`` is ``<answer_grade_id>`` in the otherwise correct
solution notebook. Its first lines are comments read here::

    # mistake: <one sentence: what the student got wrong>
    #   [<the sentence goes on>]       (a long field goes on over comment lines indented by 3 spaces)
    # loses: <grade_id of a test cell>[, <grade_id>...]
    #   [<more grade_ids>, ...]
    # fast

``loses`` names the test cells that must score below their maximum; every other autograded test cell must keep
full points. ``make test`` grades one wrong answer per part of each assignment (:func:`one_per_part`, a ``# fast``
one where the part has one), all in ONE submission: together they must lose points on every cell that any of them
names, and on no other (:func:`check_together`). ``# fast`` (optional) puts the file in the subset that ``make
test-all`` grades: the ones left out of that submission go into more submissions of at most one per part
(:func:`fast_packs`), checked the same way. ``make wrong-answers`` grades every file on its own, where it must lose
points on exactly its own cells (:func:`check_grades`): the one check that also sees a wrong answer breaking a
cell that another member of its submission names.

Correct alternatives are the other side: answers a student may well write that differ from the solution and are
right, which must keep every point (a check that refuses them grades the solution's style, not the skill). A
correct alternative is a file ``tests/correct_answers/<assignment>/<answer_grade_id>__<slug>.py`` whose content,
like a wrong answer's, replaces the source of the answer cell ``<answer_grade_id>``; its first line says how it
differs from the solution::

    # correct: <one sentence: how it differs from the solution (another vectorisation, einsum, float32, ...)>

Every assignment has at least one (:func:`correct_answers`). ``make test`` grades, in the honesty pipeline, the
solution with one correct alternative per part substituted (:func:`written_differently`), which must get exactly
the solution's grades; ``make wrong-answers`` also grades each correct alternative on its own
(:func:`check_correct`: no test cell may lose a point).

All variants of one assignment are submitted as students of ONE throw-away nbgrader course and autograded in one
parallel run (:func:`grade_variants`), hidden tests included. ``tests/mutants.py`` uses the same functions.
"""

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WRONG_ANSWERS = ROOT / "tests" / "wrong_answers"
CORRECT_ANSWERS = ROOT / "tests" / "correct_answers"
HEADER = re.compile(r"#\s*(mistake|loses|fast)\b:?\s*(.*)")
CORRECT_HEADER = re.compile(r"#\s*correct:\s*(.+)")

__all__ = ["CORRECT_ANSWERS", "ROOT", "WRONG_ANSWERS", "CorrectAnswer", "WrongAnswer", "all_assignments",
           "answer_cells", "answer_parts", "check_correct", "check_grades", "check_together", "correct_answers",
           "fast_packs", "graded_cells", "grade_variants", "load", "load_correct", "lost_points", "mutated_notebook",
           "one_per_part", "run_variants_directly", "solution_notebook", "written_differently", "wrong_answers"]
PART = re.compile(r"^## (Part [A-Z0-9]+)", flags=re.M)


@dataclass(frozen=True)
class WrongAnswer:
    """One wrong answer file, its header parsed."""

    assignment: str
    path: Path
    cell: str           # grade_id of the answer cell it replaces
    slug: str           # the mistake's short name
    mistake: str        # one sentence
    loses: tuple        # grade_ids of the test cells that must lose points
    fast: bool
    source: str         # the whole file: the new source of the answer cell

    @property
    def name(self):
        """``<answer_grade_id>__<mistake-slug>``: the file's stem, used as the student id."""
        return f"{self.cell}__{self.slug}"


def load(path):
    """Read one wrong-answer file; ValueError with the file's name when its name or header is malformed."""
    path = Path(path)
    if "__" not in path.stem:
        raise ValueError(f"{path}: name it <answer_grade_id>__<mistake-slug>.py")
    cell, slug = path.stem.split("__", 1)
    source = path.read_text()
    fields, key = {"fast": False}, None
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.fullmatch(line.strip())
        if match:
            key, value = match.groups()
            fields[key] = True if key == "fast" else value.strip()
        elif key in ("mistake", "loses") and line.startswith("#   "):  # goes on over indented comment lines
            fields[key] += " " + line[1:].strip()
    if not fields.get("mistake") or not fields.get("loses"):
        raise ValueError(f"{path}: the first lines must be '# mistake: ...' and '# loses: <test grade_id>, ...'")
    loses = tuple(part.strip() for part in fields["loses"].split(",") if part.strip())
    return WrongAnswer(path.parent.name, path, cell, slug, fields["mistake"], loses, fields["fast"], source)


@dataclass(frozen=True)
class CorrectAnswer:
    """One correct alternative: an answer cell written differently from the solution, that keeps every point."""

    assignment: str
    path: Path
    cell: str           # grade_id of the answer cell it replaces
    slug: str
    correct: str        # one sentence: how it differs from the solution
    source: str         # the whole file: the new source of the answer cell

    @property
    def name(self):
        """``correct-<answer_grade_id>__<slug>``: the student id it is graded under."""
        return f"correct-{self.cell}__{self.slug}"


def load_correct(path):
    """Read one correct-alternative file; ValueError with the file's name when its name or first line is malformed."""
    path = Path(path)
    if "__" not in path.stem:
        raise ValueError(f"{path}: name it <answer_grade_id>__<slug>.py")
    cell, slug = path.stem.split("__", 1)
    source = path.read_text()
    match = CORRECT_HEADER.fullmatch(source.split("\n", 1)[0].strip())
    if not match:
        raise ValueError(f"{path}: the first line must be '# correct: <how it differs from the solution>'")
    return CorrectAnswer(path.parent.name, path, cell, slug, match.group(1).strip(), source)


def correct_answers(assignment):
    """The correct alternatives of one assignment, sorted by file name."""
    return [load_correct(path) for path in sorted((CORRECT_ANSWERS / assignment).glob("*__*.py"))]


def written_differently(assignment):
    """{answer grade_id: source}: one correct alternative for each part that has any (the first by file name), to
    substitute in the solution all at once (the honesty pipeline's ``solution-written-differently``)."""
    parts = answer_parts(solution_notebook(assignment))
    chosen = {}
    for answer in correct_answers(assignment):
        chosen.setdefault(parts.get(answer.cell), answer)
    return {answer.cell: answer.source for answer in chosen.values()}


def check_correct(grades):
    """What is wrong with how a correct alternative was graded: sentences, empty when it kept every point."""
    if isinstance(grades, str):
        return [f"not graded: {grades}"]
    return [f"loses points on {grade_id} ({score:g}/{maximum:g})" for grade_id, (score, maximum) in grades.items()
            if score is not None and score < maximum]


def all_assignments():
    """The assignments in solutions/, sorted."""
    return sorted(p.name for p in (ROOT / "solutions").glob("a*") if p.is_dir())


def wrong_answers(assignment, fast_only=False):
    """The wrong answers of one assignment, sorted by file name (only the ``# fast`` ones with fast_only)."""
    found = [load(path) for path in sorted((WRONG_ANSWERS / assignment).glob("*__*.py"))]
    return [answer for answer in found if answer.fast or not fast_only]


def solution_notebook(assignment):
    """The solution notebook of ``assignment`` (nbformat), generated from its jupytext source."""
    from autograder.notebooks import notebook_text

    return nbformat.reads(notebook_text(ROOT / "solutions" / assignment / f"{assignment}.py"), as_version=4)


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def answer_cells(notebook):
    """{grade_id: source} of the autograded answer cells (code cells students write in)."""
    return {_nbgrader(c)["grade_id"]: c.source for c in notebook.cells
            if c.cell_type == "code" and _nbgrader(c).get("solution") and not _nbgrader(c).get("grade")}


def graded_cells(notebook):
    """{grade_id: points} of the autograded test cells."""
    return {_nbgrader(c)["grade_id"]: _nbgrader(c).get("points", 0) for c in notebook.cells
            if c.cell_type == "code" and _nbgrader(c).get("grade") and not _nbgrader(c).get("solution")}


def answer_parts(notebook):
    """{answer grade_id: part} where part is the ``## Part X`` heading above the answer cell (None before any)."""
    part, parts = None, {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and PART.search(cell.source):
            part = PART.search(cell.source).group(1)
        elif cell.cell_type == "code" and _nbgrader(cell).get("solution") and not _nbgrader(cell).get("grade"):
            parts[_nbgrader(cell)["grade_id"]] = part
    return parts


def one_per_part(assignment):
    """One wrong answer for each part of ``assignment`` that has any: the first ``# fast`` one, else the first."""
    parts = answer_parts(solution_notebook(assignment))
    chosen = {}
    for answer in sorted(wrong_answers(assignment), key=lambda answer: not answer.fast):  # stable: fast ones first
        chosen.setdefault(parts.get(answer.cell), answer)
    return sorted(chosen.values(), key=lambda answer: list(parts).index(answer.cell))


def fast_packs(assignment):
    """The ``# fast`` wrong answers that :func:`one_per_part` leaves out, packed at most one per part: a list of
    submissions (each a list of answers), the first file of each part first. ``make test-all`` grades them, each pack
    as one submission checked like the one per part (:func:`check_together`)."""
    parts = answer_parts(solution_notebook(assignment))
    chosen = {answer.name for answer in one_per_part(assignment)}
    packs = []
    for answer in wrong_answers(assignment, fast_only=True):
        if answer.name in chosen:
            continue
        pack = next((pack for pack in packs if parts.get(answer.cell) not in {parts.get(a.cell) for a in pack}), None)
        if pack is None:
            packs.append(pack := [])
        pack.append(answer)
    return packs


def mutated_notebook(notebook, replacements):
    """The notebook text with the answer cells named in ``replacements`` ({grade_id: new source}) replaced."""
    notebook = nbformat.from_dict(notebook)  # a copy
    cells = answer_cells(notebook)
    unknown = sorted(set(replacements) - set(cells))
    if unknown:
        raise KeyError(f"no answer cell with grade_id {', '.join(unknown)}; answer cells: {', '.join(cells)}")
    for cell in notebook.cells:
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id in replacements and cell.cell_type == "code":
            cell.source = replacements[grade_id]
    return nbformat.writes(notebook) + "\n"


def grade_variants(assignment, variants, root=None, workers=2, config=""):
    """Autograde variants of the solution notebook under real nbgrader, all in one course and one parallel run.

    Parameters
    ----------
    assignment : str
    variants : dict
        {student id: {answer grade_id: new source}}; each student submits the solution with those cells replaced.
    root : path, optional
        The course root (default: a temporary folder, removed afterwards).
    workers : int
        Submissions graded at once.
    config : str, optional
        nbgrader settings on top of the course's (e.g. ``c.Execute.timeout = 60``), written to the course root.

    Returns
    -------
    grades : dict
        {student id: {test grade_id: (score, max)}}; a submission nbgrader could not grade maps to the string
        saying why.
    """
    from autograder.course import CourseFolder
    from autograder.grading import autograde_all
    from autograder.notebooks import notebook_text

    os.environ.setdefault("COURSE_FAST", "1")
    if root is None:
        with tempfile.TemporaryDirectory(prefix=f"wrong-answers-{assignment}-") as tmp:
            return grade_variants(assignment, variants, Path(tmp), workers, config)
    if config:
        Path(root).mkdir(parents=True, exist_ok=True)
        (Path(root) / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n" + config + "\n")
    folder = CourseFolder(Path(root))
    folder.add_source(ROOT / "solutions" / assignment, notebooks_from=notebook_text)
    folder.generate(assignment)
    solution = solution_notebook(assignment)
    name = f"{assignment}.ipynb"
    for student, replacements in variants.items():
        folder.submit(assignment, student, {name: mutated_notebook(solution, replacements)})
    results = autograde_all(folder, assignment, students=list(variants), workers=workers, progress=False,
                            unconfined=True)
    errors = {result.student: result.error for result in results if result.error}
    return {student: errors.get(student) or folder.grades(assignment, student) for student in variants}


def run_variants_directly(assignment, variants, workers=2, timeout=120):
    """Like :func:`grade_variants`, without nbgrader: each variant's notebook runs in a kernel of its own (nbclient),
    a test cell scores its points when it raises nothing. Hidden tests run (they are in the solution notebook).

    Only for when the grader itself cannot be used; :func:`grade_variants` is the real thing.
    """
    from concurrent.futures import ProcessPoolExecutor

    solution = solution_notebook(assignment)
    texts = {student: mutated_notebook(solution, replacements) for student, replacements in variants.items()}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {student: pool.submit(_run_directly, text, timeout) for student, text in texts.items()}
        return {student: future.result() for student, future in futures.items()}


def _run_directly(text, timeout):
    from nbclient import NotebookClient

    os.environ.setdefault("COURSE_FAST", "1")
    notebook = nbformat.reads(text, as_version=4)
    try:
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True).execute()
    except Exception as error:  # a kernel that died or a cell that timed out: the cells after it did not run
        note = f"{type(error).__name__}: {str(error)[:200]}"
        ran = {id(cell) for cell in notebook.cells if cell.get("execution_count")}
    else:
        note, ran = "", None
    grades = {}
    for cell in notebook.cells:
        meta = _nbgrader(cell)
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            failed = any(output.get("output_type") == "error" for output in cell.outputs)
            failed = failed or (ran is not None and id(cell) not in ran)
            grades[meta["grade_id"]] = (0.0 if failed else float(meta.get("points", 0)), float(meta.get("points", 0)))
    return grades if not note or any(score < maximum for score, maximum in grades.values()) else note


def check_grades(answer, grades):
    """What is wrong with how a wrong answer was graded: a list of sentences, empty when it lost exactly its cells.

    ``grades`` is {test grade_id: (score, max)} of the submission (or the reason it was not graded).
    """
    if isinstance(grades, str):
        return [f"not graded: {grades}"]
    problems = []
    for grade_id in answer.loses:
        if grade_id not in grades:
            problems.append(f"{grade_id} is not a graded cell of {answer.assignment}")
        elif grades[grade_id][0] is not None and grades[grade_id][0] >= grades[grade_id][1]:
            problems.append(f"keeps full points on {grade_id} ({grades[grade_id][0]:g}/{grades[grade_id][1]:g})")
    for grade_id, (score, maximum) in grades.items():
        if grade_id not in answer.loses and score is not None and score < maximum:
            problems.append(f"also loses points on {grade_id} ({score:g}/{maximum:g})")
    return problems


def check_together(answers, grades):
    """What is wrong with how one submission holding all of ``answers`` (each in its own cell) was graded.

    Each answer must still lose points on every cell its ``# loses:`` line names, and no cell that none of them
    names may lose points. Returns sentences, empty when it is so.
    """
    if isinstance(grades, str):
        return [f"not graded: {grades}"]
    problems = []
    for answer in answers:
        for grade_id in answer.loses:
            if grade_id not in grades:
                problems.append(f"{answer.path.name}: {grade_id} is not a graded cell of {answer.assignment}")
            elif grades[grade_id][0] is not None and grades[grade_id][0] >= grades[grade_id][1]:
                problems.append(f"{answer.path.name}: keeps full points on {grade_id} "
                                f"({grades[grade_id][0]:g}/{grades[grade_id][1]:g}), so its mistake is not caught")
    named = {grade_id for answer in answers for grade_id in answer.loses}
    for grade_id, (score, maximum) in grades.items():
        if grade_id not in named and score is not None and score < maximum:
            problems.append(f"also loses points on {grade_id} ({score:g}/{maximum:g}), which none of "
                            f"{', '.join(answer.path.name for answer in answers)} names")
    return problems


def lost_points(grades):
    """{test grade_id: points lost} over the autograded cells that lost points."""
    if isinstance(grades, str):
        return {}
    return {gid: maximum - score for gid, (score, maximum) in grades.items() if score is not None and score < maximum}
