"""`make site`: the course as a static web site, every lecture executed, in ``_build/site/``.

1. Each lecture notebook (``lectures/NN_name.ipynb``) runs top to bottom with nbclient, in its own folder as the
   tests run it, in fast mode unless ``COURSE_FAST=0`` (the published build). A cell that fails stops the build
   with the lecture's name. Executed notebooks are kept in ``_build/executed/<mode>/`` and reused while the
   notebook and the ``course`` package are unchanged.
2. A Sphinx source folder, ``_build/site-src/``, is staged from ``site/`` (``conf.py``, ``index.md``,
   ``_static/``), ``START_HERE.md``, the executed lectures, the assignments' student versions (from
   ``assignments/``, never ``solutions/``; not executed) and MathJax (from npm, ``_build/mathjax/``).
3. ``sphinx-build -b html`` writes the site (myst-nb renders the notebooks; ``site/conf.py`` says why this tool).

An interactive figure (``course.interactive_figure``) shows its figure at the controls' starting values, with a
sentence in place of the controls: they need the running kernel. Usage::

    python site/build.py [--lectures 01 04] [--out _build/site]
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
BUILD = ROOT / "_build"
#: MathJax 3's files, as `npm install --prefix _build/mathjax mathjax@3` leaves them (make site runs it).
MATHJAX = BUILD / "mathjax" / "node_modules" / "mathjax" / "es5"
#: What the site needs of MathJax: the TeX-to-HTML component, the fonts it loads, the extensions TeX loads on demand,
#: the menu and its accessibility parts (the speech engine, 4 MB, is left out).
MATHJAX_PARTS = ["tex-chtml.js", "input", "output", "ui", "a11y"]
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p class="course-widget-note"><em>Interactive figure.</em> The figure above is drawn at the controls\' '
               "starting values. Its controls (sliders, menus) redraw it when the notebook runs: open the notebook in "
               "Colab, on Binder or in your own JupyterLab (badges at the top of the page).</p>")


def fast_mode():
    """Whether the lectures run in fast mode: ``COURSE_FAST`` as ``course.is_fast`` reads it."""
    return os.environ.get("COURSE_FAST", "").strip().lower() in ("1", "true", "yes", "on")


def chosen_lectures(root, numbers=None):
    """The lecture notebooks of ``root``, or those whose number is in ``numbers`` (``["01", "04"]``)."""
    lectures = sorted((root / "lectures").glob("[0-9]*.ipynb"))
    if not numbers:
        return lectures
    wanted = {number.zfill(2) for number in numbers}
    found = [path for path in lectures if path.name[:2] in wanted]
    missing = wanted - {path.name[:2] for path in found}
    if missing:
        raise SystemExit(f"No lecture numbered {', '.join(sorted(missing))} in {root / 'lectures'}.")
    return found


def _fingerprint(path, mode):
    """What an executed notebook depends on: the notebook, the course package and the mode."""
    digest = hashlib.sha256(path.read_bytes() + mode.encode())
    for module in sorted((ROOT / "course").glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def execute(path, cache, timeout=900):
    """The notebook at ``path`` executed (from ``cache`` when its fingerprint matches); (notebook, seconds, cached)."""
    mode = "fast" if fast_mode() else "full"
    cached, fingerprint = cache / mode / path.name, _fingerprint(path, mode)
    if cached.exists():
        notebook = nbformat.read(cached, as_version=4)
        if notebook.metadata.get("course_site", {}).get("fingerprint") == fingerprint:
            return notebook, 0.0, True
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    notebook.metadata["course_site"] = {"fingerprint": fingerprint, "mode": mode, "seconds": round(seconds, 1)}
    cached.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, cached)
    return notebook, seconds, False


def for_the_web(notebook):
    """``notebook`` as the site shows it: the note in place of widget controls, the badge image from the site.

    The widget state nbclient saved goes too: with it, myst-nb would load a widget manager from a CDN. The Colab
    install cell is hidden (it does nothing but on Colab; the badge is there).
    """
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.get("id") == "colab-install":
            cell.metadata.setdefault("tags", []).append("remove-cell")
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(COLAB_BADGE, "/_static/colab-badge.svg")
        for index, output in enumerate(cell.get("outputs", [])):
            if WIDGET_VIEW in output.get("data", {}):
                cell.outputs[index] = nbformat.v4.new_output(
                    "display_data", data={"text/html": WIDGET_NOTE, "text/plain": "(interactive controls)"})
    return notebook


def stage(root, lectures, source, cache):
    """Write the Sphinx source folder ``source``: site/, START_HERE.md, executed lectures, student versions."""
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(SITE, source, ignore=shutil.ignore_patterns("build.py", "__pycache__"))
    shutil.copy2(root / "START_HERE.md", source / "START_HERE.md")
    if not (MATHJAX / "tex-chtml.js").exists():
        raise SystemExit(f"MathJax is missing ({MATHJAX}): `make site` installs it with npm "
                         "(npm install --prefix _build/mathjax mathjax@3).")
    (source / "_static" / "mathjax").mkdir(parents=True)
    for part in MATHJAX_PARTS:
        copy = shutil.copytree if (MATHJAX / part).is_dir() else shutil.copy2
        copy(MATHJAX / part, source / "_static" / "mathjax" / part)
    (source / "lectures").mkdir()
    for path in lectures:
        print(f"  {path.name} ...", end=" ", flush=True)
        try:
            notebook, seconds, cached = execute(path, cache)
        except Exception as error:  # nbclient's CellExecutionError names the cell and the traceback
            raise SystemExit(f"\n{path.name} failed while the site was built:\n{str(error)[-3000:]}") from None
        print("cached" if cached else f"{seconds:.0f} s")
        nbformat.write(for_the_web(notebook), source / "lectures" / path.name)
    for path in sorted((root / "assignments").glob("a*/a*.ipynb")):  # student versions only, as released
        (source / "assignments" / path.parent.name).mkdir(parents=True, exist_ok=True)
        notebook = for_the_web(nbformat.read(path, as_version=4))
        nbformat.write(notebook, source / "assignments" / path.parent.name / path.name)


def build(root=ROOT, numbers=None, out=BUILD / "site", source=BUILD / "site-src", cache=BUILD / "executed"):
    """Execute the lectures, stage the sources and run Sphinx; return the site's folder."""
    start = time.perf_counter()
    os.environ.setdefault("COURSE_FAST", "1")  # fast mode unless told otherwise; the kernels inherit it
    lectures = chosen_lectures(Path(root), numbers)
    mode = "fast" if fast_mode() else "full"
    print(f"Executing {len(lectures)} lecture(s) in {mode} mode:")
    stage(Path(root), lectures, Path(source), Path(cache))
    if Path(out).exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1", str(source), str(out)]
    subprocess.run(command, check=True)
    print(f"Site written to {out}/index.html in {time.perf_counter() - start:.0f} s.")
    return Path(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lectures", nargs="*", help="only these lecture numbers (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course whose lectures/ and assignments/ to use")
    parser.add_argument("--out", type=Path, default=BUILD / "site")
    args = parser.parse_args(argv)
    build(args.root, args.lectures, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
