"""README.md and docs/: every relative link lands on a file (and heading) inside the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _without_code(text: str) -> str:
    """Markdown outside fenced blocks and code spans: where links and headings are."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: rendered text, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor in a Markdown file, a repeated one numbered as GitHub numbers it."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def relative_links(path: Path) -> list[str]:
    return [t for t in LINK.findall(_without_code(path.read_text(encoding="utf-8"))) if not SCHEME.match(t)]


def broken(path: Path, target: str) -> str | None:
    """Why a relative link from `path` does not resolve inside the repository, or None."""
    file_part, _, anchor = target.partition("#")
    linked = (path.parent / file_part).resolve() if file_part else path
    if not linked.is_relative_to(ROOT):
        return f"{target}: outside the repository"
    if not linked.exists():
        return f"{target}: no such file"
    if anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
        return f"{target}: no heading #{anchor} in {linked.relative_to(ROOT)}"
    return None


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Every alarm: what it means, where to look, what fixes it", "every-alarm-what-it-means-where-to-look-what-fixes-it"),
        ("`payments-dlq-{suffix}`, `refunds-dlq-{suffix}`", "payments-dlq-suffix-refunds-dlq-suffix"),
        ("Security scan (checkov)", "security-scan-checkov"),
        ("Clones from before the `tools/` package", "clones-from-before-the-tools-package"),
    ],
)
def test_slug_is_githubs(heading, expected):
    assert slug(heading) == expected


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc):
    problems = [problem for target in relative_links(doc) if (problem := broken(doc, target))]
    assert not problems, f"{doc.relative_to(ROOT)}: " + "; ".join(problems)


def test_every_docs_page_is_reachable_from_the_readme():
    reached, todo = set(), [ROOT / "README.md"]
    while todo:
        page = todo.pop()
        if page in reached:
            continue
        reached.add(page)
        for target in relative_links(page):
            linked = (page.parent / target.partition("#")[0]).resolve()
            if linked.suffix == ".md" and linked.exists():
                todo.append(linked)
    orphans = [str(p.relative_to(ROOT)) for p in DOCS if p not in reached]
    assert not orphans, f"no link leads from README.md to {orphans}"
