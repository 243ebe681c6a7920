"""pyproject.toml and environment.yml (Binder) list the same packages."""

import tomllib

import yaml
from conftest import ROOT


def test_environment_yml_lists_exactly_what_pyproject_lists():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pip_section = next(item["pip"] for item in environment if isinstance(item, dict) and "pip" in item)
    binder = [line for line in pip_section if not line.startswith("-e")]
    assert sorted(binder) == sorted(pyproject), (
        f"environment.yml and pyproject.toml differ: only in environment.yml {sorted(set(binder) - set(pyproject))}, "
        f"only in pyproject.toml {sorted(set(pyproject) - set(binder))}.")
    assert "-e ." in pip_section, "environment.yml must install the course package itself (-e .)."
