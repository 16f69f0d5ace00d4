"""Size limits of the files the pages take, one for each kind of file (issue 24, item 1).

A reform file is a few kilobytes and a population file up to hundreds of megabytes: one
limit for both let a 28 MB "reform" in, and its check ran for minutes. Each file field has
its own limit (a config key, with a default and an environment variable), and a page's
request may be as large as its files' limits together plus its few other fields; every
other form and the API keep the global MAX_CONTENT_LENGTH.

The request limit is set before anything reads the form (CSRF protection reads it first), so
the page's own limit, not the global one, decides. A file over its own limit is named on the
page, by its label, with the rest of the form as typed (`too_large`); a request over the
page's limit cannot be read at all, so the 413 page lists the limits (`limits_of`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Any

from flask import Flask, current_app, request
from flask_babel import lazy_gettext
from werkzeug.datastructures import FileStorage

from ..formatting import size

#: What a page's other fields (choices, numbers, the CSRF token) may add to its files.
FORM_FIELDS_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileField:
    """A file field of a page: its name in the form, its label, the config key of its limit."""

    name: str
    label: Any  # a lazy translation: the page's language decides
    config_key: str


#: The pages that take files (by endpoint) and their file fields.
UPLOAD_PAGES: dict[str, tuple[FileField, ...]] = {
    "replay.page": (FileField("cases", lazy_gettext("Cases file"), "REPLAY_CASES_MAX_BYTES"),
                    FileField("reform", lazy_gettext("Reform file"),
                              "REPLAY_REFORM_MAX_BYTES")),
    "rule_workbooks.upload": (FileField("workbook", lazy_gettext("Parameter workbook"),
                                        "PARAMETER_WORKBOOK_MAX_BYTES"),),
}

#: Each limit's default: a reform changes a few parameters (a few kB; the engine reads at
#: most 5,000 values of one); a population file of 200,000 cases (the synthetic profiles'
#: most) is 90-155 MB as JSON Lines (460-770 bytes a case), so 256 MiB leaves room for
#: fuller cases. The parameter workbook of the shipped rules is about 10 kB; 2 MiB leaves
#: room for years of dated values (and its unpacked size is bounded when it is read).
DEFAULTS = {"REPLAY_CASES_MAX_BYTES": 256 * 1024 * 1024,
            "REPLAY_REFORM_MAX_BYTES": 256 * 1024,
            "PARAMETER_WORKBOOK_MAX_BYTES": 2 * 1024 * 1024}


def env_name(config_key: str) -> str:
    return f"BUDGET_ENGINE_{config_key}"


def configured_limits() -> dict[str, int]:
    """The limits as the environment sets them (a whole number of bytes), else the defaults;
    a value that is not a positive whole number stops the start with its name."""
    limits = dict(DEFAULTS)
    for key in DEFAULTS:
        text = os.environ.get(env_name(key))
        if text is None:
            continue
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise SystemExit(f"budget-engine: {env_name(key)}={text!r} is not a size in bytes "
                             "(a whole number, e.g. 262144)")
        limits[key] = value
    return limits


def limits_of(endpoint: str | None) -> list[tuple[FileField, int]]:
    """The file fields of the page at `endpoint` with their limits (none: not an upload page)."""
    fields = UPLOAD_PAGES.get(endpoint or "", ())
    return [(field, int(current_app.config[field.config_key])) for field in fields]


def request_limit(app: Flask, endpoint: str) -> int:
    """The largest request the page at `endpoint` takes: its files' limits and its fields."""
    return sum(int(app.config[f.config_key]) for f in UPLOAD_PAGES[endpoint]) + FORM_FIELDS_BYTES


def largest_request(app: Flask) -> int:
    """The largest request any page takes (what the server in front must let through)."""
    return max([int(app.config["MAX_CONTENT_LENGTH"]),
                *(request_limit(app, endpoint) for endpoint in UPLOAD_PAGES)])


def install(app: Flask) -> None:
    """Give each upload page its request limit; to be called before CSRF protection is set
    up, so that this runs before anything reads the form."""

    def page_limit() -> None:
        if request.endpoint in UPLOAD_PAGES and request.method == "POST":
            request.max_content_length = request_limit(app, request.endpoint)

    app.before_request(page_limit)
    app.add_template_filter(size, "size")


def size_of(upload: FileStorage) -> int:
    """The uploaded file's size, without reading it (it is spooled to a temporary file)."""
    stream: IO[bytes] = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def too_large(field: str, upload: FileStorage | None) -> int | None:
    """The limit of `field` of this page if `upload` is over it, else None."""
    if upload is None or not upload.filename:
        return None
    limit = dict((f.name, most) for f, most in limits_of(request.endpoint)).get(field)
    return limit if limit is not None and size_of(upload) > limit else None
