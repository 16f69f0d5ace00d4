"""Roles are shown in words, never as codes (issue 11, item 14): in the page header of every
role, in the users table and in the role chooser of the administrators' page, in Latvian and
in English. The codes stay what the form sends and what is stored."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from web_helpers import ROLES, login, store

WORDS = {"lv": {"social_worker": "sociālais darbinieks", "supervisor": "vadītājs (apstiprina)",
                "policy": "politikas speciālists",
                "evaluator": "izvērtētājs", "admin": "administrators"},
         "en": {"social_worker": "social worker", "supervisor": "supervisor",
                "policy": "policy officer",
                "evaluator": "evaluator", "admin": "administrator"}}


@pytest.mark.parametrize("lang", ["lv", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_the_header_names_the_role_in_words(app: Flask, role: str, lang: str) -> None:
    client = app.test_client()
    login(client, role)
    home = client.get("/", follow_redirects=True).request.path  # the role's own page
    page = client.get(f"{home}?lang={lang}")
    assert page.status_code == 200
    header = re.search(r'<span class="who">(.*?)</span>', page.text)
    # "anna (sociālais darbinieks, Jelgavas novads)": the role in words, then where
    assert header is not None
    assert re.fullmatch(rf"{role} \({re.escape(WORDS[lang][role])}(, [^)]+)?\)",
                        header.group(1)), header.group(1)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_users_page_shows_and_offers_roles_in_words(app: Flask, lang: str) -> None:
    client = app.test_client()
    login(client, "admin")
    store(app).add_user("anna", "parole-123", "social_worker", "Jelgavas novads")
    page = client.get(f"/users?lang={lang}").text
    # the test users are named after their roles: (name, role column)
    rows = re.findall(r"<tr><td>(\w+)</td><td>([^<]*)</td>", page)
    assert ("anna", WORDS[lang]["social_worker"]) in rows
    assert {role: text for role, text in rows if role in ROLES} == {
        role: WORDS[lang][role] for role in ROLES}
    options = re.findall(r'<option value="(\w+)">([^<]*)</option>', page)
    assert options == [(role, WORDS[lang][role]) for role in ROLES]
    # the chooser still sends the code: adding a user with it works
    added = client.post("/users", data={"name": "janis", "password": "parole-456",
                                        "role": "evaluator"})
    assert added.status_code == 302
    assert ("janis", WORDS[lang]["evaluator"]) in re.findall(
        r"<tr><td>(\w+)</td><td>([^<]*)</td>", client.get("/users").text)
