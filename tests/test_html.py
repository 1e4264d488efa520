"""The built book as its readers see it (run by `make html` after building; skipped without a build)."""

import os
import re
from pathlib import Path

import pytest

HTML = Path(__file__).resolve().parents[1] / "book" / "_build" / "html"
PAGES = sorted(HTML.glob("*.html")) if HTML.is_dir() else []
# What must never reach a reader: the build machine's paths and reprs, undocumented call slots,
# missing values and elided cells in tables.
FORBIDDEN = {
    "a machine path": r"/work/|/tmp/|/home/|PosixPath\(",
    "a NumPy scalar repr": r"np\.float64\(|np\.int64\(",
    "an undocumented __call__": r"Call self as a function",
    "a ledger entry's repr": r"Entry\(id=",
    "a missing value in a table": r"<td>(nan|NaN|&lt;NA&gt;|None)</td>",
    "an elided table cell": r"<t[dh]>\.\.\.</t[dh]>",
    "a negative zero": r"<td>-0\.0+</td>",
    "an error output": r'class="output traceback"|Traceback \(most recent call last\)',
}

if not PAGES and os.environ.get("RNTK_HTML_REQUIRED") == "1":
    raise RuntimeError(f"no built book under {HTML}; run `make html`")
pytestmark = pytest.mark.skipif(not PAGES, reason="the book is not built (make html)")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_shows_nothing_forbidden(page):
    text = page.read_text()
    found = {what: re.findall(pattern, text)[:3] for what, pattern in FORBIDDEN.items() if re.search(pattern, text)}
    assert not found, f"{page.name}: {found}"


def test_every_chapter_is_built_and_linked_from_the_introduction():
    names = {p.stem for p in PAGES}
    chapters = {p.stem for p in (HTML.parents[1]).glob("*.ipynb")} | {"mathematics", "api"}
    assert chapters <= names, chapters - names
    intro = (HTML / "intro.html").read_text()
    for chapter in chapters - {"intro", "api"}:
        assert f'href="{chapter}.html' in intro, chapter


def test_code_wraps_at_the_column_instead_of_scrolling():
    css = (HTML / "_static" / "custom.css").read_text()
    assert re.search(r"\.cell_input[^{]*\{[^}]*white-space:\s*pre-wrap", css), "code cells would scroll sideways"
