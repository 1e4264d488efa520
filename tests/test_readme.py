"""The README's Python example runs as written."""

import re
import subprocess
import sys
import warnings
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run_as_scripts(tmp_path):
    """Each Python block saved as a file and run in a new process, as a user would (a Dask block needs its
    ``__main__`` guard there, which ``exec`` would not show)."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert len(blocks) >= 4
    for i, block in enumerate(blocks):
        script = tmp_path / f"example{i}.py"
        script.write_text(block)
        run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"README block {i}:\n{block}\n{run.stderr[-3000:]}"


def test_readme_recommendation_is_the_one_the_caches_give():
    from reproduction.experiments.ucr_classifiers import recommendation_markdown

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = re.search(r"<!-- recommendation:start -->\n(.*?)\n<!-- recommendation:end -->", text, flags=re.S)
    assert block, "the README lost its recommendation markers"
    assert block.group(1) == recommendation_markdown(), (
        "the README's recommendation is stale: regenerate it from "
        "`python -m reproduction.experiments.ucr_classifiers recommendation`")


def test_readme_float32_numbers_are_measured():
    """The README's float32 losses at T = 2,000, recomputed (as printed: two significant digits)."""
    import numpy as np

    from rntk import RecurrentKernel
    from rntk.recurrent import FLOAT32_TOLERANCE

    text = " ".join(README.read_text().split())
    X = np.random.default_rng(0).standard_normal((6, 2000)) / np.sqrt(2000) * 5
    for sigma_w in (1.414, 1.44):
        exact = RecurrentKernel(sigma_w=sigma_w)(X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            single = RecurrentKernel(sigma_w=sigma_w, dtype="float32")(X)
        error = np.max(np.abs(single - exact)) / np.max(np.abs(exact))
        assert f"by {error:.2g} at `sigma_w={sigma_w}`" in text
    assert FLOAT32_TOLERANCE == 1e-3 and "`rntk.recurrent.FLOAT32_TOLERANCE` (1e-3, relative)" in text


def test_every_test_the_readme_names_exists():
    import ast

    named = set(re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", README.read_text()))
    assert len(named) >= 10
    root = README.parent
    for path, name in named:
        tree = ast.parse((root / path).read_text())
        assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}, f"{path}::{name}"
