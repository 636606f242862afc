"""mkdocs hook: fill the generated reference pages from the installed presse."""

from presse.cli.docgen import hook_reference, stage_reference
from presse.registry import get_registry

MARKERS = {
    "<!-- presse:stages -->": lambda: stage_reference(get_registry()),
    "<!-- presse:hooks -->": hook_reference,
}


def on_page_markdown(markdown, page, config, files):
    for marker, render in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown
