"""Deferred blocks: search-excluded HTML blocks leave the Markdown and come back unchanged in the page."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from sitegen.generate import defer_blocks, defer_page
from sitegen.mkdocs_hooks import DEFERRED_DIR, deferred_placeholder, restore_deferred

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "sitegen" / "mkdocs_hooks.py"

FIGURE = '<figure class="bd-chart" id="c1" data-search-exclude><svg><g><text>1 &lt; 2</text></g></svg></figure>'
NESTED = ('<div class="outer" data-search-exclude><div>first</div>\n<div><div>deep</div></div>\n'
          '<p>still inside</p></div>')
TABLE = '<div class="bd-table-wrap"><table><tr><td>searchable</td></tr></table></div>'
TABBED = '<ol class="bd-source" data-search-exclude>\n<li id=L1>a\tb</li>\n<li id=L2>\t&lt;x&gt;</li>\n</ol>'


def key_of(block: str) -> str:
    return hashlib.sha256(block.encode("utf-8")).hexdigest()[:32]


def page(*parts: str) -> str:
    return "---\ntitle: T\n---\n\n# T\n" + "".join(f"\n{part}\n" for part in parts)


def restored(text: str, blocks: dict[str, str], tmp_path: Path) -> str:
    folder = tmp_path / DEFERRED_DIR
    folder.mkdir(exist_ok=True)
    for key, block in blocks.items():
        (folder / f"{key}.html").write_bytes(block.encode("utf-8"))
    return restore_deferred(text, folder, "kk/test.md")


def test_excluded_block_is_replaced_and_restored(tmp_path: Path):
    text = page("Intro.", FIGURE, TABLE)
    out, blocks = defer_page(text)
    assert blocks == {key_of(FIGURE): FIGURE}
    assert out == page("Intro.", deferred_placeholder(key_of(FIGURE)), TABLE)
    assert "data-search-exclude" not in out  # the searchable table stays in the page
    assert restored(out, blocks, tmp_path) == text


def test_nested_elements_of_the_same_name_stay_in_their_block(tmp_path: Path):
    text = page(NESTED, "After the block.")
    out, blocks = defer_page(text)
    assert list(blocks.values()) == [NESTED]
    assert "After the block." in out and "deep" not in out and "still inside" not in out
    assert restored(out, blocks, tmp_path) == text


def test_only_raw_html_blocks_are_deferred():
    fenced = "```html\n" + FIGURE + "\n```"
    inline = '<span data-search-exclude>x</span>'  # Markdown puts an inline element in a paragraph
    glued = "Text right above.\n" + FIGURE  # no blank line before: not a block of its own
    inner = '<div class="wrap">\n' + FIGURE + "\n</div>"  # inside another raw HTML block
    trailing = FIGURE + " and text after it"
    for text in (page(fenced), page(inline), page(glued), page(inner), page(trailing)):
        assert defer_page(text) == (text, {}), text


def test_blocks_markdown_would_rewrite():
    out, blocks = defer_page(page(TABBED))
    # Markdown expands tabs before it reads raw HTML; the deferred block is what it would have passed on.
    assert list(blocks.values()) == [TABBED.expandtabs(4)]
    assert out == page(deferred_placeholder(key_of(TABBED.expandtabs(4))))
    carriage_return = '<ol data-search-exclude>\n<li id=L1>a\rb</li>\n</ol>'
    assert defer_page(page(carriage_return)) == (page(carriage_return), {})


def test_defer_blocks_stores_each_block_once():
    files: dict[str, str | bytes] = {"kk/a.md": page(FIGURE), "ru/a.md": page(FIGURE, NESTED),
                                     "kk/charts/c1.csv": FIGURE, "downloads/x.bin": b"\x00"}
    out = defer_blocks(files)
    assert out["kk/charts/c1.csv"] == FIGURE and out["downloads/x.bin"] == b"\x00"
    assert sorted(k for k in out if k.startswith(DEFERRED_DIR + "/")) == sorted(
        f"{DEFERRED_DIR}/{key_of(block)}.html" for block in (FIGURE, NESTED))
    assert out["kk/a.md"] == page(deferred_placeholder(key_of(FIGURE)))


def test_a_missing_block_fails_with_the_page_and_key(tmp_path: Path):
    key = "0123456789abcdef0123456789abcdef"
    with pytest.raises(PluginError, match=f"kk/test.md: deferred block {key} is missing"):
        restored(f"<p>x</p>\n{deferred_placeholder(key)}\n", {}, tmp_path)


def mkdocs_project(root: Path, markdown: str, files: dict[str, str]) -> Path:
    (root / "docs" / DEFERRED_DIR).mkdir(parents=True)
    (root / "docs" / "index.md").write_text(markdown, encoding="utf-8")
    for name, text in files.items():
        (root / "docs" / name).write_bytes(text.encode("utf-8"))
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nstrict: true\ntheme: mkdocs\nplugins: []\nexclude_docs: |\n  /{DEFERRED_DIR}/\n"
        f"hooks:\n  - {HOOKS.as_posix()}\n", encoding="utf-8")
    return root


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "_site")],
                          cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, SOURCE_DATE_EPOCH="0", NO_MKDOCS_2_WARNING="1"))


def test_mkdocs_page_is_the_same_with_deferred_blocks(tmp_path: Path):
    text = page("Intro.", FIGURE, NESTED, TABLE, TABBED)
    out, blocks = defer_page(text)
    assert len(blocks) == 3
    plain = mkdocs_project(tmp_path / "plain", text, {})
    deferred = mkdocs_project(tmp_path / "deferred", out,
                              {f"{DEFERRED_DIR}/{key}.html": block for key, block in blocks.items()})
    for root in (plain, deferred):
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stderr
    assert not (deferred / "_site" / DEFERRED_DIR).exists()
    html = (deferred / "_site" / "index.html").read_text(encoding="utf-8")
    assert html == (plain / "_site" / "index.html").read_text(encoding="utf-8")
    assert FIGURE in html and "bd-deferred" not in html


def test_mkdocs_build_fails_on_a_missing_block(tmp_path: Path):
    out, blocks = defer_page(page(FIGURE))
    root = mkdocs_project(tmp_path, out, {})
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert f"index.md: deferred block {next(iter(blocks))} is missing" in result.stderr
