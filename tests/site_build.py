"""Build the course's web site for some lectures in a temporary folder, and read what it shows (tests/test_site.py,
tests/browser/test_site.py)."""

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
BLOCK = re.compile(r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END[^\n]*", flags=re.S)


def site_root():
    """The course the site is built from: this repository, or ``COURSE_SITE_ROOT`` (e.g. a students' copy)."""
    return Path(os.environ.get("COURSE_SITE_ROOT", ROOT))


def build_site(folder, lectures, cache=None):
    """Run ``site/build.py`` for ``lectures`` (numbers) with its output in ``folder``; return the site's folder.

    The lectures run in fast mode; their executed notebooks are kept in ``cache`` (default: in ``folder``, so they
    run here; ``make site``'s ``_build/executed`` reuses what is still up to date).
    """
    build = importlib.util.spec_from_file_location("course_site_build", ROOT / "site" / "build.py")
    module = importlib.util.module_from_spec(build)
    build.loader.exec_module(module)
    if not (module.MATHJAX / "tex-chtml.js").exists():
        if shutil.which("npm") is None:
            import pytest

            pytest.skip("npm is not installed (apt-get install npm): the site's MathJax comes from npm")
        subprocess.run(["npm", "install", "--prefix", str(ROOT / "_build" / "mathjax"), "--no-audit", "--no-fund",
                        "--loglevel=error", "mathjax@3"], check=True)
    env_fast = os.environ.get("COURSE_FAST")
    os.environ["COURSE_FAST"] = "1"
    try:
        return module.build(site_root(), lectures, out=folder / "site", source=folder / "site-src",
                            cache=cache or folder / "executed")
    finally:
        if env_fast is None:
            os.environ.pop("COURSE_FAST")
        else:
            os.environ["COURSE_FAST"] = env_fast


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path):
    """The text a reader sees on an HTML page (tags, scripts and styles out), whitespace collapsed."""
    parser = _Text()
    parser.feed(Path(path).read_text())
    return " ".join("".join(parser.parts).split())


def secret_lines(root=ROOT):
    """Lines of the solutions' ``### BEGIN SOLUTION`` / ``### BEGIN HIDDEN TESTS`` regions that students never see.

    As tests/test_assignments.py takes them: longer than 12 characters and in no visible part of any assignment (a
    statement may quote a line of another assignment's solution) nor in a lecture (a lecture may show what a solution
    reuses), read as the page shows them (a code span's backticks out). Whitespace collapsed.
    """
    notebooks = [[cell.source for cell in jupytext.read(path).cells]
                 for path in sorted((root / "solutions").glob("a*/a*.py"))]
    visible = [path.read_text() for path in (root / "sources" / "lectures").glob("*.py")]
    visible += [BLOCK.sub("", cell) for cells in notebooks for cell in cells]
    visible = " ".join(" ".join(text.split()) for text in visible).replace("`", "")  # code spans render as text
    lines = {" ".join(line.split()) for cells in notebooks for cell in cells for block in BLOCK.findall(cell)
             for line in block.splitlines()}
    return sorted(line for line in lines if len(line) > 12 and line not in visible)


def leaks(site, secrets):
    """{file: [secret lines or markers it holds]} over every text file of the built site (pages, sources, index)."""
    found = {}
    for path in sorted(Path(site).rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".txt", ".ipynb", ".json", ".md"):
            continue
        if "mathjax" in path.parts:
            continue
        raw = path.read_text(errors="replace")
        text = " ".join(html.unescape(raw).split())
        if path.suffix == ".html":
            text += " " + page_text(path)
        hits = [marker for marker in MARKERS if marker in raw] + [line for line in secrets if line in text]
        if hits:
            found[str(path.relative_to(site))] = hits
    return found


if __name__ == "__main__":  # python tests/site_build.py _build/site: the leak check on a built site
    print(leaks(Path(sys.argv[1]), secret_lines()) or "no solution or hidden-test line in the site")
