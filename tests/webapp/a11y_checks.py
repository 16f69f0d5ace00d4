"""Accessibility checks of a rendered page, with the standard library's HTML parser.

They run on every page the Flask test client renders (no browser needed), so a template
change that leaves a control without a name fails fast; the browser tests run axe-core on
the same pages as a second, independent opinion. What is checked, and why:

- every form control has an accessible name: a `<label for>`, an enclosing `<label>`,
  `aria-label` or `aria-labelledby` (a screen reader otherwise reads "combo box" 171 times
  in the AIS grid); a `title` or a placeholder does not count;
- every button and link says what it does (text or `aria-label`);
- every `<th>` has `scope` (col or row), so a cell is read with its headers;
- the first link of the page skips to the content (`#main`, which exists);
- a required control is marked in its label (the `*` the hint explains) and carries
  `required`/`aria-required`, and a marked label belongs to a required control;
- ids are unique (a duplicate id sends a label, a link or an error to the wrong field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

NAMELESS_INPUTS = frozenset({"hidden"})
BUTTON_INPUTS = frozenset({"submit", "button", "reset", "image"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The visible text inside (aria-hidden parts left out), whitespace collapsed."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.attrs.get("aria-hidden") != "true":
                parts.append(child.text())
        return " ".join(" ".join(parts).split())

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def walk(self) -> list[Node]:
        out: list[Node] = [self]
        for child in self.children:
            if isinstance(child, Node):
                out.extend(child.walk())
        return out


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def describe(node: Node) -> str:
    keys = ("id", "name", "type", "href", "class")
    return f"<{node.tag} " + " ".join(f'{k}="{node.attrs[k]}"' for k in keys
                                      if k in node.attrs) + ">"


def is_control(node: Node) -> bool:
    if node.tag in ("select", "textarea"):
        return True
    return node.tag == "input" and node.attrs.get("type", "text") not in (
        NAMELESS_INPUTS | BUTTON_INPUTS)


def accessible_name(node: Node, labels: dict[str, list[Node]], ids: dict[str, Node]) -> str:
    """The name a screen reader gives the control (the parts of the accname rules we use)."""
    if node.attrs.get("aria-labelledby"):
        return " ".join(ids[i].text() for i in node.attrs["aria-labelledby"].split()
                        if i in ids).strip()
    if node.attrs.get("aria-label", "").strip():
        return node.attrs["aria-label"].strip()
    for label in labels.get(node.attrs.get("id", ""), []):
        if label.text():
            return label.text()
    for ancestor in node.ancestors():
        if ancestor.tag == "label" and ancestor.text():
            return ancestor.text()
    if node.tag == "button" or (node.tag == "input"
                                and node.attrs.get("type") in BUTTON_INPUTS):
        return node.text() or node.attrs.get("value", "")
    return ""


def problems(html: str) -> list[str]:
    """Every accessibility problem of the page (empty: none found)."""
    root = parse(html)
    nodes = root.walk()
    found: list[str] = []
    ids: dict[str, Node] = {}
    for node in nodes:
        if "id" in node.attrs:
            if node.attrs["id"] in ids:
                found.append(f"duplicate id {node.attrs['id']!r}")
            ids[node.attrs["id"]] = node
    labels: dict[str, list[Node]] = {}
    for node in nodes:
        if node.tag == "label" and node.attrs.get("for"):
            if node.attrs["for"] not in ids:
                found.append(f"label for a missing id: {describe(node)}")
            labels.setdefault(node.attrs["for"], []).append(node)

    for node in nodes:
        if is_control(node):
            name = accessible_name(node, labels, ids)
            if not name:
                found.append(f"unlabelled control {describe(node)}")
            own = labels.get(node.attrs.get("id", ""), []) + [
                a for a in node.ancestors() if a.tag == "label"]
            marked = any("req" in n.attrs.get("class", "").split()
                         for lab in own for n in lab.walk())
            required = "required" in node.attrs or node.attrs.get("aria-required") == "true"
            if required and not marked:
                found.append(f"required but not marked in its label: {describe(node)}")
            if marked and not required:
                found.append(f"marked required but not required: {describe(node)}")
        elif node.tag == "button" and not accessible_name(node, labels, ids):
            found.append(f"button without a name {describe(node)}")
        elif node.tag == "a" and "href" in node.attrs and not (
                node.text() or node.attrs.get("aria-label")):
            found.append(f"link without text {describe(node)}")
        elif node.tag == "th" and node.attrs.get("scope") not in ("col", "row", "colgroup",
                                                                  "rowgroup"):
            found.append(f"table header without scope: {node.text()!r}")

    links = [n for n in nodes if n.tag == "a" and "href" in n.attrs]
    if not links or links[0].attrs["href"] != "#main" or "skip" not in links[0].attrs.get(
            "class", ""):
        found.append("the first link is not the skip link to #main")
    elif "main" not in ids or ids["main"].tag != "main":
        found.append("the skip link's target <main id=main> is missing")
    if not any(n.tag == "html" and n.attrs.get("lang") for n in nodes):
        found.append("<html> has no lang")
    return found


def control_count(html: str) -> int:
    """How many form controls the page has (so a test sees the grid was really checked)."""
    return sum(is_control(n) for n in parse(html).walk())
