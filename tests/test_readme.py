"""The README's Python example runs as written."""

import re
from pathlib import Path


def test_readme_example_runs():
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_readme_recommendation_is_the_one_the_caches_give():
    from rntk.experiments.ucr_classifiers import recommendation_markdown

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = re.search(r"<!-- recommendation:start -->\n(.*?)\n<!-- recommendation:end -->", text, flags=re.S)
    assert block, "the README lost its recommendation markers"
    assert block.group(1) == recommendation_markdown(), (
        "the README's recommendation is stale: regenerate it from "
        "`python -m rntk.experiments.ucr_classifiers --recommendation`")
