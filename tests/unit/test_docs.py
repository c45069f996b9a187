"""README.md and docs/: every relative link lands on a file (and heading) inside the repository,
and every `python -m tools ...` they show exists.
"""

import re
import subprocess
import sys
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


# `python -m tools <command> [<subcommand>]` as the docs write it, in code or prose; after the command,
# `a | b | c` lists alternative subcommands (the README's command list), and ` #` starts a shell comment.
TOOLS_CALL = re.compile(r"(?:\bpython3? -m tools|\bpipenv run tools)(?![\w.-])(?P<rest>[^`\n]*)")
NAME = re.compile(r"[a-z][a-z0-9-]*")
def documented_commands() -> dict[str, set[str]]:
    """Every tools command the docs name, with the subcommands they name for it."""
    commands: dict[str, set[str]] = {}
    for doc in DOCS:
        for match in TOOLS_CALL.finditer(doc.read_text(encoding="utf-8").replace("\\|", "|")):
            command, _, after = re.split(r" #|&&|;", match["rest"])[0].strip().partition(" ")
            if not NAME.fullmatch(command):
                continue  # `python -m tools --help`, `python -m tools <command>`
            subcommands = commands.setdefault(command, set())
            for alternative in after.split("|"):
                first = alternative.split()[:1]
                if first and NAME.fullmatch(first[0]):
                    subcommands.add(first[0])
    return commands


def _tools(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


DOCUMENTED = documented_commands()


def test_the_docs_name_the_tools_commands():
    assert {"local-run", "operate", "plan-review", "smoke", "scan", "bench"} <= DOCUMENTED.keys()


def test_tools_lists_its_commands():
    result = _tools("--help")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", sorted(DOCUMENTED))
def test_every_documented_tools_command_exists(command):
    result = _tools(command, "--help")
    assert result.returncode == 0, f"python -m tools {command} --help: {result.stderr}"
    for subcommand in sorted(DOCUMENTED[command]):
        result = _tools(command, subcommand, "--help")
        # argparse refuses a subcommand it does not have (exit 2), so this fails for one the docs invent.
        assert result.returncode == 0, f"the docs name `{command} {subcommand}`: {result.stderr}"
