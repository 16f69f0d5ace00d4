"""Rebuild the Latvian catalogue of the web pages, in one command:

    python -m web.translations.build

1. extracts every interface text of web/ (`_()` in Python, `{{ _() }}` in templates, as
   babel.cfg says) into messages.pot, the same as `pybabel extract -F babel.cfg -o
   web/translations/messages.pot web`;
2. writes lv/LC_MESSAGES/messages.po from it and the Latvian texts in lv.py, and compiles
   messages.mo, the file Flask-Babel reads.

Run it after adding or changing a text in web/ or in lv.py. `--check` writes nothing and
lists what is out of date (tests/test_translations.py runs the same check). A text with no
Latvian in lv.py is named, and the build exits 1, so none is forgotten silently.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from .lv import LV

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
ROOT = WEB.parent
TEMPLATE = HERE / "messages.pot"
PO = HERE / "lv" / "LC_MESSAGES" / "messages.po"
MO = HERE / "lv" / "LC_MESSAGES" / "messages.mo"
#: The width pybabel writes .pot and .po files at.
WIDTH = 76
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extract() -> Catalog:
    """Every interface text of web/, with where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    catalog = Catalog()
    for filename, line, message, comments, context in extract_from_dir(
            WEB, method_map, options_map):
        catalog.add(message, None, [(f"{WEB.name}/{filename}", line)],
                    auto_comments=comments, context=context)
    return catalog


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(m.id, m.context, sorted(m.locations), sorted(m.flags)) for m in catalog if m.id]


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(m.id), m.context) for m in catalog if m.id}


def latvian(template: bytes) -> tuple[Catalog, list[str]]:
    """The Latvian catalogue for a template, and the message ids lv.py has no text for."""
    catalog = read_po(io.BytesIO(template), locale="lv")
    missing = []
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            message.string = LV.get(message.id, "")
            if not message.string:
                missing.append(message.id)
    return catalog, missing


def problems() -> list[str]:
    """What is out of date in the catalogue (nothing is written); empty when all is well."""
    found: list[str] = []
    extracted = extract()
    with open(TEMPLATE, "rb") as pot:
        template = read_po(pot)
    for message_id, _context in sorted(_ids(extracted) - _ids(template)):
        found.append(f"messages.pot lacks {message_id!r}")
    for message_id, _context in sorted(_ids(template) - _ids(extracted)):
        found.append(f"messages.pot still holds {message_id!r}, no longer used in web/")
    wanted = {str(m.id) for m in extracted if m.id}
    found += [f"lv.py has no Latvian for {message_id!r}" for message_id in sorted(wanted)
              if not LV.get(message_id)]
    found += [f"lv.py translates {message_id!r}, which web/ does not use"
              for message_id in sorted(set(LV) - wanted)]
    for message_id, text in sorted(LV.items()):
        if set(PLACEHOLDER.findall(message_id)) != set(PLACEHOLDER.findall(text)):
            found.append(f"lv.py: the Latvian for {message_id!r} does not keep its %(...)s "
                         "placeholders")
    with open(PO, "rb") as po_file:
        po = read_po(po_file, locale="lv")
    with open(MO, "rb") as mo_file:
        mo = read_mo(mo_file)
    for name, catalog in (("messages.po", po), ("messages.mo", mo)):
        texts = {str(m.id): m.string for m in catalog if m.id}
        for message_id in sorted(wanted | set(texts)):
            if texts.get(message_id) != (LV.get(message_id) if message_id in wanted else None):
                found.append(f"{name} is out of date for {message_id!r}")
    return found


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print("run: python -m web.translations.build", file=sys.stderr)
        return 1 if found else 0
    extracted = extract()
    with open(TEMPLATE, "rb") as pot:
        current = read_po(pot)
    if _entries(extracted) != _entries(current):  # keep the file (and its date) otherwise
        with open(TEMPLATE, "wb") as pot:
            write_po(pot, extracted, width=WIDTH)
    catalog, missing = latvian(TEMPLATE.read_bytes())
    PO.parent.mkdir(parents=True, exist_ok=True)
    with open(PO, "wb") as po:
        write_po(po, catalog, width=100)
    with open(MO, "wb") as mo:
        write_mo(mo, catalog)
    for message_id in missing:
        print(f"no Latvian text for: {message_id!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
