"""A Markdown extension that keeps unsafe addresses and event attributes out of every page.

`validate` already refuses a `javascript:` link or an image from another host with the file and
line (guidegen/content/links.py); this is the net under it, for whatever Markdown reaches a page by
another road: such an href or src is dropped, and so is any `on...` attribute.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from guidegen.content.links import check_destination

ADDRESSES = ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset")


class SafeLinks(Treeprocessor):
    def run(self, root) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                value = element.attrib[name]
                if name.lower().startswith("on"):
                    del element.attrib[name]
                elif name.lower() in ADDRESSES and check_destination(value, image=element.tag == "img"):
                    del element.attrib[name]


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After attr_list (8) and the inline patterns, before the raw-HTML stash is put back.
        md.treeprocessors.register(SafeLinks(md), "guidegen_safe_links", 5)
