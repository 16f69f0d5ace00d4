"""Times on pages are the office's clock (Europe/Riga unless BUDGET_ENGINE_TIMEZONE says
otherwise); they are stored in UTC, and the API writes them with their offset."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from web_helpers import HOME, example, store, token_of, user_client

from budget_web import formatting, settings


def test_a_stored_utc_moment_is_shown_in_riga_time_winter_and_summer(app: Flask) -> None:
    with app.test_request_context("/?lang=lv"):
        winter = dt.datetime(2026, 12, 2, 19, 18, tzinfo=dt.UTC)
        summer = dt.datetime(2026, 7, 1, 22, 30)  # naive, as SQLite hands it back: UTC
        assert formatting.date_time(winter) == "02.12.2026 21:18"  # UTC+2
        assert formatting.date_time(summer) == "02.07.2026 01:30"  # UTC+3, the next day


def test_the_saved_cases_page_shows_the_saving_time_in_riga_time(app: Flask) -> None:
    case = {**example("04-community-adult-copayment"), "case_id": "LAIKS-1"}
    case["person"] = {**case["person"], "municipality": HOME}
    saved = app.test_client().post("/api/v1/cases", headers=token_of(app, "w"),
                                   json={"case": case})
    assert saved.status_code == 201
    row = store(app).cases.latest(HOME, "LAIKS-1")
    assert row is not None
    moment = row.saved_at if row.saved_at.tzinfo else row.saved_at.replace(tzinfo=dt.UTC)
    riga = moment.astimezone(ZoneInfo("Europe/Riga"))
    page = user_client(app, "w2").get("/cases?lang=lv").get_data(as_text=True)
    assert f"{riga:%d.%m.%Y %H:%M}" in page
    api = app.test_client().get("/api/v1/cases/LAIKS-1", headers=token_of(app, "w"))
    assert api.get_json()["saved_at"].endswith("+00:00")


def test_an_unknown_time_zone_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.TIMEZONE_ENV, "Europe/Rīga")
    with pytest.raises(SystemExit, match="Europe/Rīga"):
        settings.timezone()
    monkeypatch.setenv(settings.TIMEZONE_ENV, "America/New_York")
    assert settings.timezone() == ZoneInfo("America/New_York")
