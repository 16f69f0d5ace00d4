"""Keep the Latvian catalogue of the web pages current, in one command:

    python -m budget_web.translations.build

The Latvian texts live in `lv/LC_MESSAGES/messages.po`, the file translators' tools (Poedit,
Weblate, `pybabel`) own. The command does what these three would, with the project's settings:

1. `pybabel extract -F babel.cfg -o budget_web/translations/messages.pot budget_web`: every
   interface text of budget_web/ (`_()` in Python, `{{ _() }}` in templates) into the template;
2. `pybabel update -i budget_web/translations/messages.pot -d budget_web/translations -l lv`:
   new texts are added to messages.po untranslated, texts no longer used are dropped, and a
   changed English text gets the old Latvian as a *fuzzy* suggestion for a person to confirm;
3. `pybabel compile -d budget_web/translations`: messages.mo, the file Flask-Babel reads (fuzzy and
   untranslated entries are left out of it, so the page shows English rather than a guess).

It exits 1 and names every text that still has no confirmed Latvian. `--check` writes nothing
and lists what is out of date; tests/test_translations.py runs the same check, so a text
without Latvian, a fuzzy one, a lost `%(name)s` placeholder or a stale .mo fails the suite.
The .mo is kept in the repository beside its .po (an editable install and the wheel read it
from there); the check makes sure it is always the compilation of the .po.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
ROOT = WEB.parent
TEMPLATE = HERE / "messages.pot"
PO = HERE / "lv" / "LC_MESSAGES" / "messages.po"
MO = HERE / "lv" / "LC_MESSAGES" / "messages.mo"
#: The width pybabel writes .pot files at; the .po keeps longer lines (whole sentences).
WIDTH = 76
PO_WIDTH = 100
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extract() -> Catalog:
    """Every interface text of budget_web/, with where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    catalog = Catalog(project="budget-engine")
    for filename, line, message, comments, context in extract_from_dir(
            WEB, method_map, options_map):
        catalog.add(message, None, [(f"{WEB.name}/{filename}", line)],
                    auto_comments=comments, context=context)
    return catalog


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(m.id, m.context, sorted(m.locations), sorted(m.flags)) for m in catalog if m.id]


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(m.id), m.context) for m in catalog if m.id}


def read_catalog(path: Path) -> Catalog:
    """The Latvian catalogue as it is on disk."""
    with open(path, "rb") as po_file:
        return read_po(po_file, locale="lv")


def compiled(catalog: Catalog) -> bytes:
    """The .mo that `pybabel compile` makes of the catalogue (fuzzy entries left out)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=PO_WIDTH, ignore_obsolete=True)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    """What a translator still has to do: texts with no Latvian, fuzzy ones, lost placeholders."""
    found: list[str] = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue  # the header; plural entries have a tuple id
        text = message.string if isinstance(message.string, str) else ""
        if not text:
            found.append(f"messages.po has no Latvian for {message.id!r}")
        elif message.fuzzy:
            found.append(f"messages.po: the Latvian for {message.id!r} is fuzzy (a guess "
                         "kept from a changed text): check it and remove the fuzzy flag")
        elif set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(text)):
            found.append(f"messages.po: the Latvian for {message.id!r} does not keep its "
                         "%(...)s placeholders")
    for message in catalog:
        if isinstance(message.id, tuple):
            strings = message.string if isinstance(message.string, tuple) else ()
            if not all(strings) or len(strings) != catalog.num_plurals:
                found.append(f"messages.po has no Latvian plural forms for {message.id[0]!r}")
            elif message.fuzzy:
                found.append(f"messages.po: the plural forms of {message.id[0]!r} are fuzzy")
    return found


def problems() -> list[str]:
    """What is out of date in the catalogue (nothing is written); empty when all is well."""
    found: list[str] = []
    extracted = extract()
    with open(TEMPLATE, "rb") as pot:
        template = read_po(pot)
    for message_id, _context in sorted(_ids(extracted) - _ids(template)):
        found.append(f"messages.pot lacks {message_id!r}")
    for message_id, _context in sorted(_ids(template) - _ids(extracted)):
        found.append(f"messages.pot still holds {message_id!r}, no longer used in budget_web/")
    catalog = read_catalog(PO)
    for message_id, _context in sorted(_ids(extracted) - _ids(catalog)):
        found.append(f"messages.po lacks {message_id!r}")
    for message_id, _context in sorted(_ids(catalog) - _ids(extracted)):
        found.append(f"messages.po still holds {message_id!r}, no longer used in budget_web/")
    found += untranslated(catalog)
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        found.append("messages.mo is not compiled from the current messages.po")
    return found


def update() -> list[str]:
    """Extract, update the .po, compile the .mo; the texts still without confirmed Latvian."""
    extracted = extract()
    with open(TEMPLATE, "rb") as pot:
        current = read_po(pot)
    if _entries(extracted) != _entries(current):  # keep the file (and its date) otherwise
        with open(TEMPLATE, "wb") as pot:
            write_po(pot, extracted, width=WIDTH)
    with open(TEMPLATE, "rb") as pot:
        template = read_po(pot)  # its date changes only when the texts do
    catalog = read_catalog(PO)
    catalog.update(template)  # as `pybabel update`: fuzzy suggestions for changed texts
    catalog.creation_date = template.creation_date
    catalog.fuzzy = False  # the header, which pybabel marks fuzzy until someone edits it
    catalog.project = "budget-engine"
    written = _po_bytes(catalog)
    if written != PO.read_bytes():
        PO.write_bytes(written)
    catalog = read_catalog(PO)
    MO.write_bytes(compiled(catalog))
    return untranslated(catalog)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print("run: python -m budget_web.translations.build, then translate what it names in "
                  f"{PO.relative_to(ROOT)}", file=sys.stderr)
        return 1 if found else 0
    missing = update()
    for problem in missing:
        print(problem, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
