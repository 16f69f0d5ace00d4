"""The Latvian catalogue of the web pages is up to date with the code and with lv.py.

Every interface text in web/ is in messages.pot, has a Latvian text in lv.py (keeping its
%(...)s placeholders), and the built messages.po and messages.mo (what Flask-Babel reads)
hold exactly lv.py's texts. Fix any failure with `python -m web.translations.build`.
"""

from __future__ import annotations

from web.translations import build


def test_the_extraction_finds_the_texts() -> None:
    ids = {message.id for message in build.extract()}
    assert ("Wrong user name or password, or too many failed attempts: try again later."
            in ids)  # Python (web/auth.py)
    assert "Add a user" in ids  # a template (users.html)


def test_the_catalogue_is_up_to_date() -> None:
    problems = build.problems()
    assert not problems, ("the Latvian catalogue is out of date; run `python -m "
                          "web.translations.build`:\n" + "\n".join(problems))
