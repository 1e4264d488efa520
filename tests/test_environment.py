"""The conda environment and the pinned requirements name the same packages and versions."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(lines):
    found = {}
    for line in lines:
        m = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z0-9_.\-]+)==([^\s#]+)\s*(?:#.*)?", line)
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


def test_environment_yml_mirrors_requirements():
    requirements = pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = pins((ROOT / "environment.yml").read_text().splitlines())
    assert requirements, "requirements.txt pins nothing"
    assert environment == requirements


def test_python_version_is_311():
    assert "python=3.11" in (ROOT / "environment.yml").read_text()
