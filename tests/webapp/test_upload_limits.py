"""Each file a page takes has its own size limit (issue 24, item 1): a reform file of 0.88 MB
with 20,000 unknown names used to be read and checked inside the request for 8 s, and listed
on a 2 MB page. Oversize files are named by their label with the limit, in Latvian, the rest
of the form kept; a request too large to read gets a Latvian 413 page with the limits."""

from __future__ import annotations

import difflib
import io
import re
from typing import Any

import pytest
from a11y_checks import problems
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import login, token_of

from budget_web.evaluation import replay_pages
from budget_web.formatting import size
from budget_web.input.uploads import DEFAULTS, FORM_FIELDS_BYTES, configured_limits, largest_request

NO_RUNS = "Aprēķinu vēl nav."


def evaluator(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "evaluator").status_code == 302
    return client


def synthetic(**files: Any) -> dict[str, Any]:
    """The form with a synthetic population chosen (what the user typed is checked kept)."""
    return {"source": "profile", "profile": "pilot-2019", "n": "123", "seed": "7",
            "lang": "en", **files}


def unknown_names(count: int) -> bytes:
    return ("label: x\nparameters:\n" + "".join(f"  x{i:05d}: 1\n" for i in range(count))
            ).encode()


def summary(page: str) -> str:
    return page.split('class="error-summary"')[1].split("</div>")[0]


def kept(page: str) -> bool:
    """Whether the form shows what was typed (the profile, the number, the language)."""
    return ('value="123"' in page and 'value="pilot-2019" selected' in page
            and '<option value="en" selected>' in page)


def test_an_oversize_reform_is_named_in_latvian_not_read_and_the_form_kept(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["REPLAY_REFORM_MAX_BYTES"] = 1024
    monkeypatch.setattr(replay_pages, "load_reform", lambda *a, **k: pytest.fail("read"))
    client = evaluator(app)
    page = client.post("/replay", data=synthetic(
        reform=(io.BytesIO(b"#" * 1025), "reform.yaml")), content_type="multipart/form-data")
    assert page.status_code == 413
    assert ("Reformas fails: Lielāks par 1\xa0KiB: reformas fails maina dažus parametrus"
            in summary(page.text))
    assert kept(page.text) and "Ne vairāk kā 1\xa0KiB." in page.text
    assert problems(page.text) == []
    assert NO_RUNS in client.get("/replay").text


def test_a_reform_left_in_the_field_but_not_chosen_is_not_refused(app: Flask) -> None:
    app.config["REPLAY_REFORM_MAX_BYTES"] = 1024
    page = evaluator(app).post("/replay", data=synthetic(
        n="0", compare="none", reform=(io.BytesIO(b"#" * 2048), "reform.yaml")),
        content_type="multipart/form-data")
    assert page.status_code == 422 and "Reformas fails" not in summary(page.text)


def test_an_oversize_cases_file_is_named_in_latvian(app: Flask) -> None:
    app.config["REPLAY_CASES_MAX_BYTES"] = 2048
    client = evaluator(app)
    page = client.post("/replay", data={"source": "file", "cases": (
        io.BytesIO(b"{}\n" * 1000), "cases.jsonl")}, content_type="multipart/form-data")
    assert page.status_code == 413
    assert "Lietu fails: Lielāks par 2\xa0KiB — tik daudz viens aprēķins nolasa" in summary(
        page.text)
    assert NO_RUNS in client.get("/replay").text
    # At the limit it is taken (the job starts).
    taken = client.post("/replay", data={"source": "file", "cases": (
        io.BytesIO(b"{}\n" * 682 + b"\n\n"), "cases.jsonl")}, content_type="multipart/form-data")
    assert taken.status_code == 302


def test_a_request_over_the_pages_limit_gets_a_latvian_413_page_with_the_limits(
        app: Flask) -> None:
    app.config.update(REPLAY_CASES_MAX_BYTES=2048, REPLAY_REFORM_MAX_BYTES=1024)
    page = evaluator(app).post("/replay", data={"source": "file", "cases": (
        io.BytesIO(b"x" * 200_000), "cases.jsonl")}, content_type="multipart/form-data")
    assert page.status_code == 413 and "Request Entity Too Large" not in page.text
    assert "Faili ir lielāki, nekā šī lapa pieņem vienā reizē" in page.text
    assert "<li>Lietu fails: 2\xa0KiB</li><li>Reformas fails: 1\xa0KiB</li>" in page.text
    assert 'href="/replay"' in page.text and problems(page.text) == []


def test_the_pages_own_limit_applies_before_csrf_protection_reads_the_form(
        app: Flask) -> None:
    # A cases file over the global limit but within its own: the form is read (its token
    # checked) and only the oversize reform is refused.
    client = evaluator(app)
    app.config.update(WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=8 * 1024,
                      REPLAY_CASES_MAX_BYTES=64 * 1024, REPLAY_REFORM_MAX_BYTES=1024)
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/replay").text)
    assert found is not None
    page = client.post("/replay", data={
        "csrf_token": found.group(1), "source": "file", "compare": "reform",
        "cases": (io.BytesIO(b"{}\n" * 7000), "cases.jsonl"),
        "reform": (io.BytesIO(b"#" * 2048), "reform.yaml")}, content_type="multipart/form-data")
    assert page.status_code == 413
    assert "Reformas fails: Lielāks par 1\xa0KiB" in summary(page.text)
    assert "Lietu fails" not in summary(page.text)


def test_a_reform_of_many_unknown_names_lists_fifty_and_counts_the_rest(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda word, *a, **k: calls.append(word) or real(word, *a, **k))
    page = evaluator(app).post("/replay", data=synthetic(
        reform=(io.BytesIO(unknown_names(1_200)), "reform.yaml")),
        content_type="multipart/form-data")
    assert page.status_code == 422 and kept(page.text)
    listed = summary(page.text)
    assert listed.count("nezināms parametrs") == 50  # in the page's language (issue 29)
    assert "reform.yaml:52: nezināms parametrs „x00049”" in listed
    assert "Reformas fails: … un vēl 1\xa0150 (vispirms izlabojiet šīs)." in listed
    assert len(calls) == 5 and len(page.data) < 30_000


BAD_VALUE = (b"label: Tarifi 2027\nparameters:\n  rate.support_group:\n"
             b"    - {from: 2027-01-01, value: \"-1\"}\n")


def test_a_reform_problem_names_the_uploaded_file_and_line_in_the_pages_language(
        app: Flask) -> None:
    """Issue 29: the evaluator reads what is wrong in the page's language, by the name of
    the file they uploaded and its line."""
    client = evaluator(app)
    latvian = client.post("/replay", data=synthetic(
        reform=(io.BytesIO(BAD_VALUE), "tarifi-2027.yaml")), content_type="multipart/form-data")
    assert latvian.status_code == 422
    listed = summary(latvian.text)
    assert ("Reformas fails: tarifi-2027.yaml:4: parametrs „rate.support_group” (amount) no "
            "01.01.2027: nedrīkst būt negatīvs (ir &#39;-1&#39;)") in listed, listed
    assert "must not be negative" not in listed
    english = client.post("/replay?lang=en", data=synthetic(
        reform=(io.BytesIO(BAD_VALUE), "tarifi-2027.yaml")), content_type="multipart/form-data")
    assert english.status_code == 422
    assert ("tarifi-2027.yaml:4: parameter &#34;rate.support_group&#34; (amount) from "
            "2027-01-01: must not be negative") in summary(english.text)


def test_the_api_answers_an_oversize_body_in_json(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    answer = app.test_client().post("/api/v1/budgets", data=b"{" + b" " * 2000 + b"}",
                                    content_type="application/json",
                                    headers=token_of(app, "social_worker"))
    assert answer.status_code == 413 and answer.json is not None
    assert answer.json["error"] == "Request Entity Too Large"


def test_limits_come_from_the_environment_or_stop_the_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert configured_limits() == DEFAULTS
    monkeypatch.setenv("BUDGET_ENGINE_REPLAY_REFORM_MAX_BYTES", "65536")
    assert configured_limits()["REPLAY_REFORM_MAX_BYTES"] == 65536
    monkeypatch.setenv("BUDGET_ENGINE_REPLAY_CASES_MAX_BYTES", "1 GB")
    with pytest.raises(SystemExit, match="BUDGET_ENGINE_REPLAY_CASES_MAX_BYTES='1 GB'"):
        configured_limits()


def test_sizes_as_a_page_writes_them() -> None:
    assert [size(n, "lv") for n in (500, 1024, 256 * 1024, 1536 * 1024, 1 << 30)] == [
        "500\xa0B", "1\xa0KiB", "256\xa0KiB", "1,5\xa0MiB", "1\xa0GiB"]
    assert size(1536 * 1024, "en") == "1.5\xa0MiB"


def test_the_server_lets_through_what_the_largest_page_takes(app: Flask) -> None:
    # waitress is given this (or its 1 GiB default, if larger) as max_request_body_size.
    assert largest_request(app) == 256 * 1024 * 1024 + 256 * 1024 + FORM_FIELDS_BYTES
    app.config["REPLAY_CASES_MAX_BYTES"] = 2 << 30
    assert largest_request(app) == (2 << 30) + 256 * 1024 + FORM_FIELDS_BYTES
