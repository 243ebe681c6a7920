"""Single-line mutants of every solution region, autograded: which ones do the tests kill?

For each answer cell of a solution notebook, every node between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is
mutated once (with :mod:`ast`, one mutation per mutant): ``+``/``-`` and ``*``/``/`` swapped, ``@`` made ``*``, a
unary minus or ``not`` dropped, comparisons made strict or non-strict or reversed, ``==``/``!=`` swapped, integer
constants off by one, float constants negated, ``sum``/``mean``, ``max``/``min``, ``argmax``/``argmin``,
``maximum``/``minimum`` swapped, ``.T`` dropped, a keyword argument dropped, ``and``/``or`` swapped, ``True``/``False``
swapped, a statement deleted. Mutants that give the same code are graded once.

Two passes. The screen (``tests/screen.py``) runs each mutant in a forked copy of one process and stops at the first
test cell of the solution notebook (hidden tests included) that raises: that mutant is *killed*. It takes seconds
where nbgrader takes minutes, because nbgrader reruns the whole notebook for every mutant. Every mutant the screen
does not kill (it passed every test, or the screen could not judge its cell) is then autograded by real nbgrader,
all in ONE throw-away course and one parallel run (cells time out after 120 s here); there a mutant is killed when
any autograded test cell loses points, and one that nbgrader cannot grade at all is reported as such (a grader
problem), not counted as killed. ``--nbgrader`` skips the screen and grades every mutant with nbgrader.

Survivors are printed; each must be killed by a new test or listed, with a one-line reason, in
``tests/wrong_answers/equivalent_mutants.txt`` (format at its top).

Usage::

    python tests/mutants.py                          # every assignment
    python tests/mutants.py a01_perceptron --cells sigmoid,predict
    python tests/mutants.py a02_backprop --list      # only list the mutants, grade nothing
    python tests/mutants.py a01_perceptron --nbgrader  # no screen: every mutant autograded by nbgrader
    python tests/mutants.py a01_perceptron --direct  # nbclient instead of nbgrader, when the grader is unusable

Exit status 1 when a survivor is not listed as equivalent, or a mutant could not be graded.
"""

import argparse
import ast
import copy
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screen import Screen  # noqa: E402
from wrong_answers import (  # noqa: E402
    WRONG_ANSWERS, all_assignments, answer_cells, grade_variants, lost_points, run_variants_directly, solution_notebook)

EQUIVALENT_FILE = WRONG_ANSWERS / "equivalent_mutants.txt"
MUTANT_CONFIG = "c.Execute.timeout = 120"

BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.MatMult: ast.Mult,
          ast.FloorDiv: ast.Div}
COMPARE = {ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE], ast.Lt: [ast.LtE, ast.Gt],
           ast.LtE: [ast.Lt, ast.GtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot],
           ast.IsNot: [ast.Is], ast.In: [ast.NotIn], ast.NotIn: [ast.In]}
NAMES = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "argmax": "argmin", "argmin": "argmax",
         "maximum": "minimum", "minimum": "maximum", "zeros": "ones", "ones": "zeros", "zeros_like": "ones_like",
         "ones_like": "zeros_like", "any": "all", "all": "any"}


@dataclass(frozen=True)
class Mutant:
    """One mutation of one answer cell."""

    assignment: str
    cell: str
    line: int         # line in the cell
    original: str     # the mutated node before ...
    mutated: str      # ... and after
    source: str       # the whole cell after the mutation

    @property
    def key(self):
        """How equivalent_mutants.txt names it: ``<assignment> | <cell> | <original> => <mutated>``."""
        return f"{self.assignment} | {self.cell} | {self.original} => {self.mutated}"


def solution_lines(source):
    """Line numbers (1-based) strictly between ### BEGIN SOLUTION and ### END SOLUTION."""
    lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip().startswith("### BEGIN SOLUTION"):
            inside = True
        elif line.strip().startswith("### END SOLUTION"):
            inside = False
        elif inside:
            lines.add(number)
    return lines


class _Mutator(ast.NodeTransformer):
    """Walk a cell's tree; list every mutation site (target None) or apply the one numbered ``target``."""

    def __init__(self, lines, target=None):
        self.lines, self.target, self.count, self.sites = lines, target, 0, []

    def _inside(self, node):
        return getattr(node, "lineno", None) in self.lines and getattr(node, "end_lineno", None) in self.lines

    def _offer(self, node, replacement):
        """One mutation site: ``replacement`` (a new node) for ``node``; return the node to keep in the tree."""
        index = self.count
        self.count += 1
        if self.target is None:
            ast.fix_missing_locations(replacement) if isinstance(replacement, ast.AST) else None
            self.sites.append((node.lineno, ast.unparse(node), _unparse(replacement)))
            return node
        return replacement if index == self.target else node

    def visit_JoinedStr(self, node):
        return node  # f-strings are messages: mutating them says nothing about the tests

    def generic_visit(self, node):
        super().generic_visit(node)
        if not self._inside(node):
            return node
        for mutate in (self._binary, self._unary, self._compare, self._constant, self._call, self._attribute,
                       self._boolean):
            node = mutate(node)
        return node

    def _binary(self, node):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in BINARY:
            new = copy.deepcopy(node)
            new.op = BINARY[type(node.op)]()
            node = self._offer(node, new)
        return node

    def _unary(self, node):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            node = self._offer(node, copy.deepcopy(node.operand))
        return node

    def _compare(self, node):
        if isinstance(node, ast.Compare):
            base = node
            for position, op in enumerate(base.ops):
                for other in COMPARE.get(type(op), []):
                    new = copy.deepcopy(base)
                    new.ops[position] = other()
                    node = self._offer(node, new)
        return node

    def _constant(self, node):
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return self._offer(node, ast.Constant(not value))
            if isinstance(value, int):
                plus = self._offer(node, ast.Constant(value + 1))
                minus = self._offer(node, ast.Constant(value - 1))
                return plus if plus is not node else minus
            if isinstance(value, float):
                return self._offer(node, ast.Constant(-value if value else 1.0))
        return node

    def _call(self, node):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
            base = node
            if name in NAMES:
                new = copy.deepcopy(base)
                if isinstance(new.func, ast.Attribute):
                    new.func.attr = NAMES[name]
                else:
                    new.func.id = NAMES[name]
                node = self._offer(node, new)
            for position in range(len(base.keywords)):
                new = copy.deepcopy(base)
                del new.keywords[position]
                node = self._offer(node, new)
        return node

    def _attribute(self, node):
        if isinstance(node, ast.Attribute) and node.attr == "T":
            node = self._offer(node, copy.deepcopy(node.value))
        return node

    def _boolean(self, node):
        if isinstance(node, ast.BoolOp):
            new = copy.deepcopy(node)
            new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            node = self._offer(node, new)
        return node

    def _body(self, statements):
        """Statement deletion within a body list."""
        kept = []
        for statement in statements:
            if self._inside(statement) and not isinstance(statement, ast.Pass):
                index = self.count
                self.count += 1
                if self.target is None:
                    self.sites.append((statement.lineno, ast.unparse(statement).splitlines()[0], "(deleted)"))
                elif index == self.target:
                    continue
            kept.append(statement)
        return kept or [ast.Pass()]

    def visit(self, node):
        node = super().visit(node)
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
                setattr(node, field, self._body(statements))
        return node


def _unparse(node):
    return ast.unparse(node) if isinstance(node, ast.AST) else repr(node)


def mutants(assignment, cells=None):
    """Every distinct mutant of the solution regions of one assignment (optionally only of some answer cells)."""
    found, seen = [], set()
    for cell, source in answer_cells(solution_notebook(assignment)).items():
        if cells and cell not in cells:
            continue
        lines = solution_lines(source)
        if not lines:
            continue
        lister = _Mutator(lines)
        lister.visit(ast.parse(source))
        original = ast.unparse(ast.parse(source))
        for target, (line, before, after) in enumerate(lister.sites):
            tree = _Mutator(lines, target).visit(ast.parse(source))
            mutated = ast.unparse(ast.fix_missing_locations(tree))
            if mutated == original or (cell, mutated) in seen:
                continue
            seen.add((cell, mutated))
            found.append(Mutant(assignment, cell, line, before, after, mutated))
    return found


def read_equivalent(path=EQUIVALENT_FILE):
    """{mutant key: reason} from equivalent_mutants.txt (lines ``<key> | <reason>``; ``#`` starts a comment line)."""
    equivalent = {}
    if not path.exists():
        return equivalent
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.rpartition(" | ")
            equivalent[key.strip()] = reason.strip()
    return equivalent


def equivalence(mutant, equivalent):
    """Why ``mutant`` is equivalent, from read_equivalent's {key: reason}; None when it is not listed.

    A line ``<assignment> | <cell> | *`` covers every mutant of a cell whose content is the student's choice (a
    network to design): a mutant of it that passes every test is, by the part's own terms, a right answer.
    """
    return equivalent.get(mutant.key) or equivalent.get(f"{mutant.assignment} | {mutant.cell} | *")


def run(assignment, cells=None, workers=2, listing=False, direct=False, screen=True, confirm=True):
    """Grade every mutant of one assignment; print the kill rate and the survivors; return the unexplained ones."""
    found = mutants(assignment, cells)
    if listing:
        for number, mutant in enumerate(found):
            print(f"m{number:03d}  {mutant.cell}:{mutant.line}  {mutant.original} => {mutant.mutated}")
        print(f"{assignment}: {len(found)} mutants")
        return []
    start = time.perf_counter()
    students = {f"m{number:03d}": mutant for number, mutant in enumerate(found)}
    screened = {}
    if screen:
        by_cell = {}
        for student, mutant in students.items():
            by_cell.setdefault(mutant.cell, {})[student] = mutant.source
        screened = Screen(solution_notebook(assignment), workers=workers).run(by_cell)
    screen_seconds = time.perf_counter() - start
    by_screen = {s for s, verdict in screened.items() if verdict["verdict"] == "killed"}
    # --screen-only: the screen's survivors stand as survivors; only the unscreened mutants go to the grader.
    passed = set() if confirm else {s for s, verdict in screened.items() if verdict["verdict"] == "survived"}
    variants = {s: {m.cell: m.source} for s, m in students.items() if s not in by_screen | passed}
    if not variants:
        grades = {}
    elif direct:
        grades = run_variants_directly(assignment, variants, workers=workers)
    else:
        grades = grade_variants(assignment, variants, workers=workers, config=MUTANT_CONFIG)
    seconds = time.perf_counter() - start
    equivalent = read_equivalent()
    not_graded = {s: grade for s, grade in grades.items() if isinstance(grade, str)}
    graded_survivors = {s for s, grade in grades.items() if s not in not_graded and not lost_points(grade)}
    survivors = [(s, m) for s, m in students.items() if s in passed | graded_survivors]
    unexplained = [(s, m) for s, m in survivors if not equivalence(m, equivalent)]
    killed = len(found) - len(survivors) - len(not_graded)
    rate = killed / max(1, killed + len(unexplained))
    grader = "nbclient (--direct)" if direct else "nbgrader"
    print(f"\n{assignment}: {len(found)} mutants, {killed} killed, {len(survivors) - len(unexplained)} equivalent, "
          f"{len(unexplained)} surviving, {len(not_graded)} not graded; kill rate {100 * rate:.1f} % of the "
          f"non-equivalent ones; {seconds:.0f} s, {workers} workers")
    if screen:
        print(f"  the screen killed {len(by_screen)} in {screen_seconds:.0f} s; {grader} graded "
              f"{len(variants)} more in {seconds - screen_seconds:.0f} s and killed "
              f"{len(variants) - len(graded_survivors) - len(not_graded)}"
              + (f"; {len(passed)} passed every test in the screen (--screen-only: not graded again)" if passed else ""))
    else:
        print(f"  {grader} graded all {len(variants)} ({seconds / max(1, len(found)):.1f} s per mutant)")
    for student, mutant in survivors:
        reason = equivalence(mutant, equivalent)
        status = f"equivalent ({reason})" if reason else "SURVIVED"
        print(f"  {status}: {mutant.key}    (line {mutant.line} of the cell)")
    for student, reason in not_graded.items():
        print(f"  NOT GRADED (a grader problem, not a kill): {students[student].key}: {reason}")
    return unexplained + [(s, students[s]) for s in not_graded]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every assignment in solutions/")
    parser.add_argument("--cells", help="only these answer cells (grade_ids, comma-separated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="list the mutants, grade nothing")
    parser.add_argument("--nbgrader", action="store_true",
                        help="no screen: autograde every mutant with nbgrader (slow: the whole notebook each)")
    parser.add_argument("--screen-only", action="store_true",
                        help="do not grade the screen's survivors again with nbgrader (the unscreened ones still are)")
    parser.add_argument("--direct", action="store_true",
                        help="run the notebooks with nbclient instead of nbgrader (only when the grader is unusable)")
    args = parser.parse_args(argv)
    os.environ.setdefault("COURSE_FAST", "1")
    cells = set(args.cells.split(",")) if args.cells else None
    unexplained = []
    for assignment in args.assignments or all_assignments():
        unexplained += run(assignment, cells, args.workers, args.list, args.direct, not args.nbgrader,
                           not args.screen_only)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
