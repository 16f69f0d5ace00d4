"""Write the Latvian catalogue (messages.po and the compiled messages.mo) from lv.py."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .lv import LV

HERE = Path(__file__).resolve().parent


def main() -> int:
    with open(HERE / "messages.pot", "rb") as pot:
        catalog = read_po(pot, locale="lv")
    missing = []
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            message.string = LV.get(message.id, "")
            if not message.string:
                missing.append(message.id)
    out = HERE / "lv" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "messages.po", "wb") as po:
        write_po(po, catalog, width=100)
    with open(out / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    for message_id in missing:
        print(f"no Latvian text for: {message_id!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
