"""Git's clean filter for the course's notebooks: what a run adds never reaches git.

Running a lecture in JupyterLab saves its outputs, execution counts, widget state and the kernel's full
description into the notebook. With this filter (``make setup`` and ``make lab`` install it; ``.gitattributes``
names the notebooks) git sees a notebook without any of that, so a notebook that was only run is unchanged for
git and ``git pull`` updates it (the run's outputs are then replaced by the new version, which has none). A
notebook that was edited still shows the edit.

Run as a script (``python course/strip_outputs.py < in.ipynb > out.ipynb``): it imports nothing but the standard
library, so git can call it for every notebook quickly. Its output is written as nbformat writes notebooks, so the
course's generated notebooks pass through unchanged.
"""

import json
import sys

__all__ = ["strip"]

#: The kernel the course's notebooks name, as they are generated (JupyterLab saves "Python 3 (ipykernel)").
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
#: Cell metadata that a run or the notebook's view adds.
RUN_METADATA = ("collapsed", "scrolled", "execution", "ExecuteTime", "jp-MarkdownHeadingCollapsed")


def strip(notebook):
    """``notebook`` (a dict of nbformat 4) without outputs, execution counts and run metadata; in place, returned."""
    for cell in notebook.get("cells", []):
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(keepends=True)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        for key in RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
    metadata = notebook.get("metadata", {})
    metadata.pop("widgets", None)
    if metadata.get("kernelspec", {}).get("name") == KERNELSPEC["name"]:
        metadata["kernelspec"] = dict(KERNELSPEC)
    if "language_info" in metadata:
        metadata["language_info"] = {"name": metadata["language_info"].get("name", "python")}
    return notebook


def main():
    text = sys.stdin.read()
    try:
        notebook = json.loads(text)
    except ValueError:  # not a notebook git can read as JSON (a conflict, a half-written file): left as it is
        sys.stdout.write(text)
        return
    sys.stdout.write(json.dumps(strip(notebook), sort_keys=True, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
