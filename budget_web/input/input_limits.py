"""How much text the pages take from a user, checked before anything is parsed.

A browser sends what a person typed; a crafted request can send anything: a field of
20 MiB (shown back whole, it made a 21 MB answer), 100,000 nested brackets (Python's JSON
and YAML readers recurse, and stop with RecursionError), a lone surrogate (`"\\ud800"` in
JSON is not a character: the page holding it cannot be encoded). Each is found here by a
cheap look at the text, so the page can say what was refused instead of failing. Pure
functions; the limits are the app's configuration (`limit`), with the defaults below.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, current_app, request

#: Defaults of the configuration keys (characters, except FORM_BODY_LIMIT: bytes).
DEFAULTS = {
    # One field of the case form: a case's longest text (a diagnosis list) is far shorter.
    "FORM_FIELD_LIMIT": 1000,
    # The case the result page sends back (hidden field `case_json`): a full case with
    # the AIS grid is about 6,000 characters.
    "CASE_JSON_LIMIT": 100_000,
    # A whole URL-encoded form (no file in it): anything longer is answered 413 unread.
    "FORM_BODY_LIMIT": 1024 * 1024,
}
#: Nesting of JSON a case may have (a case has 5 levels: case, assessment, items, area, row).
JSON_DEPTH_LIMIT = 20

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def limit(name: str) -> int:
    """A limit of the running app (its config key, else the default)."""
    return int(current_app.config.get(name, DEFAULTS[name]))


def unshowable(text: str) -> bool:
    """Whether the text holds something that is not a character (a lone surrogate): a page
    or a database cannot hold it as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def holds_unshowable(value: Any) -> bool:
    """Whether any text in a JSON value (keys too) is `unshowable`. Call it only on a value
    of bounded depth (after `json_too_deep`)."""
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def json_too_deep(text: str, most: int = JSON_DEPTH_LIMIT) -> bool:
    """Whether JSON text nests more than `most` levels of brackets. Strings are taken out
    first (a bracket in a text is no nesting); an unfinished string only makes the count
    higher, so nothing deep gets through."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if bracket[0] in "[{" else -1
        if depth > most:
            return True
    return False


def bound_form_bodies(app: Flask) -> None:
    """A URL-encoded form (a page's form without a file) longer than FORM_BODY_LIMIT is
    answered 413 before it is read. Werkzeug bounds only multipart forms' fields
    (MAX_FORM_MEMORY_SIZE); MAX_CONTENT_LENGTH stays as large as the replay's uploads need.
    Registered before CSRF protection, which reads the form."""

    @app.before_request
    def limit_form_body() -> None:
        if request.mimetype == "application/x-www-form-urlencoded":
            request.max_content_length = limit("FORM_BODY_LIMIT")
