"""A StackDiff as Markdown for a pull-request comment."""

from .attribute_paths import SENSITIVE, is_sensitive
from .markdown_text import code, value_text
from .stack_diff import ABSENT, Change, ResourceChange, StackDiff
from .stack_json import Resource

MOVED_NOTE = "by a `moved` block: Terraform updates them in place"
REPLACED_NOTE = "same AWS name at a new address and no `moved` block: Terraform destroys and recreates them"


def shown(value: object) -> str:
    return "(absent)" if value is ABSENT else code(value_text(value))


def change_line(change: Change, indent: str = "") -> str:
    if is_sensitive(change.path):
        return f"{indent}- {code(change.path)}: {SENSITIVE}"
    return f"{indent}- {code(change.path)}: {shown(change.old)} -> {shown(change.new)}"


def named(address: str, aws_name: str | None) -> str:
    return code(address) + (f" ({code(aws_name)})" if aws_name else "")


def resource_section(title: str, found: list[Resource]) -> list[str]:
    if not found:
        return []
    return ["", f"#### {title}", *[f"- {named(r.address, r.aws_name)}" for r in found]]


def change_section(title: str, found: list[ResourceChange]) -> list[str]:
    if not found:
        return []
    lines = ["", f"#### {title}"]
    for resource in found:
        head = named(resource.address, resource.aws_name)
        if resource.old_address:
            head = f"{code(resource.old_address)} -> {head}"
        lines.append(f"- {head}")
        lines += [change_line(change, "  ") for change in resource.changes]
    return lines


def render_diff(diff: StackDiff) -> str:
    lines = [f"### Synthesized changes: {code(diff.stack)}", ""]
    if diff.is_empty:
        lines.append(f"No changes ({diff.unchanged} resources unchanged).")
        return "\n".join(lines) + "\n"
    counts = [
        f"{len(diff.added)} added",
        f"{len(diff.removed)} removed",
        f"{len(diff.changed)} changed",
        f"{len(diff.moved)} moved",
        f"{len(diff.replaced)} replaced",
    ]
    lines.append(", ".join(counts) + f"; {diff.unchanged} unchanged.")
    if diff.stateful_losses:
        lost = ", ".join(code(address) for address in diff.stateful_losses)
        lines += ["", f"> **Warning:** stateful resources are destroyed (their data with them): {lost}"]
    lines += resource_section("Added", diff.added)
    lines += resource_section("Removed", diff.removed)
    lines += change_section("Changed", diff.changed)
    lines += change_section(f"Moved ({MOVED_NOTE})", diff.moved)
    lines += change_section(f"Replaced ({REPLACED_NOTE})", diff.replaced)
    if diff.settings:
        lines += ["", "#### Stack settings (backend, providers, outputs)"]
        lines += [change_line(change) for change in diff.settings]
    return "\n".join(lines) + "\n"
