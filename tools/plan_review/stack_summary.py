"""A readable summary of one synthesized stack, in Markdown."""

from collections import Counter

from .attribute_paths import SENSITIVE, is_sensitive, lookup
from .key_settings import key_settings
from .markdown_text import code, value_text
from .stack_json import Resource, backend, resources, stack_name


def settings_text(settings: dict) -> str:
    shown = []
    for key, value in sorted(settings.items()):
        text = SENSITIVE if is_sensitive(key) else value_text(value)
        shown.append(f"{key}={text}")
    return ", ".join(shown)


def header_lines(tf: dict) -> list[str]:
    kind, settings = backend(tf)
    lines = [f"## Stack {code(stack_name(tf))}", ""]
    lines.append(f"- Backend: {kind}" + (f" ({settings_text(settings)})" if settings else ""))
    for provider, configs in sorted(tf.get("provider", {}).items()):
        for config in configs if isinstance(configs, list) else [configs]:
            tags = lookup(config, "default_tags.tags") or {}
            region = config.get("region", "(from the environment)")
            line = f"- Provider {provider}: region {region}"
            lines.append(line + (f"; default tags {settings_text(tags)}" if tags else ""))
    return lines


def resource_line(resource: Resource, all_resources: dict[str, Resource]) -> str:
    name = resource.aws_name or resource.address.rsplit(".", 1)[1]
    settings = key_settings(resource, all_resources)
    return f"- {code(name)}" + (f": {', '.join(settings)}" if settings else "")


def resource_lines(all_resources: dict[str, Resource]) -> list[str]:
    counts = Counter(r.type for r in all_resources.values())
    lines = ["", f"### Resources: {len(all_resources)} in {len(counts)} types", ""]
    lines += ["| type | count |", "| --- | ---: |"]
    lines += [f"| {code(t)} | {n} |" for t, n in sorted(counts.items())]
    for resource_type in sorted(counts):
        of_type = [r for r in all_resources.values() if r.type == resource_type]
        of_type.sort(key=lambda r: (r.aws_name or "", r.address))
        lines += ["", f"#### {code(resource_type)} ({len(of_type)})"]
        lines += [resource_line(r, all_resources) for r in of_type]
    return lines


def output_lines(tf: dict) -> list[str]:
    outputs = tf.get("output", {})
    if not outputs:
        return []
    lines = ["", "### Outputs", ""]
    for name, body in sorted(outputs.items()):
        value = SENSITIVE if body.get("sensitive") else value_text(body.get("value"))
        lines.append(f"- {code(name)} = {code(value)}")
    return lines


def render_summary(tf: dict) -> str:
    all_resources = resources(tf)
    return "\n".join(header_lines(tf) + resource_lines(all_resources) + output_lines(tf)) + "\n"
