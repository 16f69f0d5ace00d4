"""The Latvian catalogue (budget_web/translations/lv/LC_MESSAGES/messages.po) is the source
and complete.

Every interface text in budget_web/ is in messages.pot and in messages.po with a confirmed Latvian
text (not empty, not fuzzy, keeping its %(...)s placeholders), and messages.mo (what
Flask-Babel reads) is the compilation of messages.po. Fix any failure with
`python -m budget_web.translations.build` and then a translator's edit of messages.po.
"""

from __future__ import annotations

from babel.messages.catalog import Catalog

from budget_web.translations import build


def test_the_extraction_finds_the_texts() -> None:
    ids = {message.id for message in build.extract()}
    assert ("Wrong user name or password, or too many failed attempts: try again later."
            in ids)  # Python (budget_web/auth.py)
    assert "Add a user" in ids  # a template (users.html)


def test_the_catalogue_is_up_to_date_and_complete() -> None:
    problems = build.problems()
    assert not problems, ("the Latvian catalogue is out of date; run `python -m "
                          "budget_web.translations.build` and translate:\n" + "\n".join(problems))


def test_the_po_file_is_the_source() -> None:
    assert not (build.HERE / "lv.py").exists()
    catalog = build.read_catalog(build.PO)
    assert catalog.get("Add a user") is not None
    assert catalog.get("Add a user").string == "Pievienot lietotāju"


def _catalog(*entries: tuple[str, str, bool]) -> Catalog:
    catalog = Catalog(locale="lv")
    for message_id, text, fuzzy in entries:
        catalog.add(message_id, text, flags=["fuzzy"] if fuzzy else [])
    return catalog


def test_an_untranslated_text_is_named() -> None:
    found = build.untranslated(_catalog(("Save", "Saglabāt", False), ("Delete", "", False)))
    assert found == ["messages.po has no Latvian for 'Delete'"]


def test_a_fuzzy_text_is_named() -> None:
    found = build.untranslated(_catalog(("Save the case", "Saglabāt", True)))
    assert len(found) == 1 and "fuzzy" in found[0] and "'Save the case'" in found[0]


def test_a_lost_placeholder_is_named() -> None:
    found = build.untranslated(_catalog(("%(n)s cases", "lietas", False)))
    assert len(found) == 1 and "placeholders" in found[0]


def test_fuzzy_texts_stay_out_of_the_compiled_file() -> None:
    from io import BytesIO

    from babel.messages.mofile import read_mo

    compiled = read_mo(BytesIO(build.compiled(_catalog(("Save", "Saglabāt", False),
                                                       ("Delete", "Dzēst?", True)))))
    assert compiled.get("Save").string == "Saglabāt"
    assert compiled.get("Delete") is None
