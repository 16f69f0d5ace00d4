"""The policy workflow on the web, end to end: policy user A changes the home-care rate from
01.01.2026 in the editor (typed the Latvian way) — a draft; a broken value or date is refused
next to its field with what was typed kept; A submits and may not approve it; a social
worker cannot open the editor; B returns it with a comment, A submits again, B approves;
the API then calculates with 4,10 €; the versions page lists it, the diff page names exactly
that change; rule texts and conditions are edited and checked the same way."""

from __future__ import annotations

import copy
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import example, store, token_of, user_client

CASE = copy.deepcopy(example("03-child-home-care-cap"))
EDITOR = "/rules/edit/parameter/rate.home_care"


def draft_id_of(response_location: str) -> int:
    found = re.fullmatch(r".*/rules/drafts/(\d+)", response_location)
    assert found, response_location
    return int(found[1])


def policy_pair(app: Flask) -> tuple[FlaskClient, FlaskClient]:
    return (user_client(app, "anna", "policy", None), user_client(app, "berzs", "policy", None))


def test_edit_submit_return_approve_and_the_api_calculates_with_it(app: Flask) -> None:
    anna, berzs = policy_pair(app)
    headers = token_of(app, "worker", municipality=CASE["person"]["municipality"])
    case = {**CASE, "calculation_date": "2026-03-01"}
    api = app.test_client()
    before = api.post("/api/v1/budgets", json=case, headers=headers).get_json()
    assert before["lines"][0]["service"] == "home_care" and before["lines"][0]["rate"] == "3.83"

    form = anna.get(EDITOR)
    assert form.status_code == 200
    assert 'value="3,83"' in form.text  # the value in force, written the Latvian way
    assert "Spēkā no" in form.text and "Melnraksta nosaukums" in form.text

    # A broken value and an impossible date: refused next to their fields, typed text kept.
    broken = anna.post(EDITOR, data={"label": "Aprūpe mājās 2026", "valid_from": "31.02.2026",
                                     "value": "4,1x", "reference": "MK noteikumi Nr. 800"})
    assert broken.status_code == 422
    assert "Spēkā no: Tādas dienas nav: “31.02.2026”." in broken.text
    assert "Vērtība (EUR/h): Rakstiet summu" in broken.text
    assert 'value="4,1x"' in broken.text and 'value="31.02.2026"' in broken.text
    assert 'value="Aprūpe mājās 2026"' in broken.text and 'value="MK noteikumi Nr. 800"' in \
        broken.text
    assert [v.status for v in store(app).versions.all()] == ["published"]  # nothing stored

    # The loader's own check, with the file and line, next to the field it is about.
    negative = anna.post(EDITOR, data={"label": "Aprūpe mājās 2026",
                                       "valid_from": "01.01.2026", "value": "-4,10"})
    assert negative.status_code == 422
    assert re.search(r"Vērtība \(EUR/h\): parameters/rates\.yaml:\d+: parametrs "
                     r"„rate.home_care” \(amount\) no 01.01.2026: nedrīkst būt "
                     r"negatīvs", negative.text), negative.text
    assert 'value="-4,10"' in negative.text
    assert len(store(app).versions.all()) == 1

    saved = anna.post(EDITOR, data={"label": "Aprūpe mājās 2026", "valid_from": "01.01.2026",
                                    "value": "4,10", "reference": "MK noteikumi Nr. 800"})
    assert saved.status_code == 302, saved.text
    draft_id = draft_id_of(saved.headers["Location"])
    record = store(app).versions.get(draft_id)
    assert record is not None and (record.status, record.author, record.label) == (
        "draft", "anna", "Aprūpe mājās 2026")
    page = anna.get(f"/rules/drafts/{draft_id}").text
    assert ("Aprūpe mājās – stundas tarifs (rate.home_care): "
            "3,83\u00a0€/h → 4,10\u00a0€/h no 01.01.2026") in page
    assert f'href="/rules/drafts/{draft_id}/impact"' in page and "Ietekme" in page
    # the stored draft's file is the shipped one plus exactly that line
    files = store(app).rulebooks.files(record.version)
    assert files is not None
    assert '      - {from: 2026-01-01, value: "4.10", reference: "MK noteikumi Nr. 800"}' in \
        files["parameters/rates.yaml"].split("\n")

    # a social worker cannot open the editor or the versions
    worker = user_client(app, "liepaja-worker", municipality=CASE["person"]["municipality"])
    assert worker.get(EDITOR).status_code == 403
    assert worker.post(EDITOR, data={"valid_from": "01.01.2026", "value": "9"}
                       ).status_code == 403
    assert worker.get(f"/rules/drafts/{draft_id}").status_code == 403
    assert worker.post(f"/rules/drafts/{draft_id}/decision",
                       data={"step": "approve"}).status_code == 403
    # nor may B edit A's draft, nor approve it before it is submitted
    assert berzs.get(f"{EDITOR}?draft={draft_id}").status_code == 404
    early = berzs.post(f"/rules/drafts/{draft_id}/decision", data={"step": "approve"})
    assert early.status_code == 409 and "Apstiprināt vai atgriezt var tikai" in early.text

    assert anna.post(f"/rules/drafts/{draft_id}/submit").status_code == 302
    own = anna.post(f"/rules/drafts/{draft_id}/decision", data={"step": "approve"})
    assert own.status_code == 409
    assert "Jāapstiprina vai jāatgriež otram politikas speciālistam" in own.text
    assert store(app).versions.get(draft_id).status == "submitted"  # type: ignore[union-attr]

    no_reason = berzs.post(f"/rules/drafts/{draft_id}/decision", data={"step": "return"})
    assert no_reason.status_code == 422 and "Norādiet, kāpēc" in no_reason.text
    returned = berzs.post(f"/rules/drafts/{draft_id}/decision",
                          data={"step": "return", "comment": "Norādiet aktu ar datumu."})
    assert returned.status_code == 302
    assert "Norādiet aktu ar datumu." in anna.get(f"/rules/drafts/{draft_id}").text

    # A adds to the returned draft (the act's date), submits again; B approves.
    again = anna.post(f"{EDITOR}?draft={draft_id}", data={
        "valid_from": "1.1.2026", "value": "4,10",
        "reference": "MK 2025. gada 16. decembra noteikumi Nr. 800",
        "base": store(app).versions.get(draft_id).version})  # type: ignore[union-attr]
    assert again.status_code == 302, again.text
    assert draft_id_of(again.headers["Location"]) == draft_id
    assert anna.post(f"/rules/drafts/{draft_id}/submit").status_code == 302
    approved = berzs.post(f"/rules/drafts/{draft_id}/decision",
                          data={"step": "approve", "comment": "Labi.", "confirmed": "yes"})
    assert approved.status_code == 302
    record = store(app).versions.get(draft_id)
    assert record is not None and (record.status, record.decided_by) == ("published", "berzs")
    assert store(app).versions.current_version() == record.version
    steps = [(e.step, e.by) for e in store(app).versions.events(draft_id)]
    assert steps == [("drafted", "anna"), ("submitted", "anna"), ("returned", "berzs"),
                     ("edited", "anna"), ("submitted", "anna"), ("published", "berzs")]
    audit = [(e.user, e.action) for e in store(app).audit.entries(limit=20)
             if e.detail.startswith(f"rules version {draft_id} ")]
    assert audit[::-1] == [("anna", "drafted"), ("anna", "submitted"), ("berzs", "returned"),
                           ("anna", "drafted"), ("anna", "submitted"), ("berzs", "published")]

    after = api.post("/api/v1/budgets", json=case, headers=headers).get_json()
    assert after["lines"][0]["rate"] == "4.10"
    assert after["rules_version"] == record.version
    assert api.post("/api/v1/budgets", json={**case, "calculation_date": "2025-12-31"},
                    headers=headers).get_json()["lines"][0]["rate"] == "3.83"

    listing = berzs.get("/rules/versions").text
    assert "Aprūpe mājās 2026" in listing and "anna" in listing and "berzs" in listing
    assert "publicēts" in listing
    first = store(app).versions.all()[-1]
    diff = berzs.get(f"/rules/diff?from={first.id}&to={draft_id}")
    assert diff.status_code == 200
    changes = re.findall(r'<li data-subject="([^"]*)">([^<]*)</li>', diff.text)
    assert changes == [("rate.home_care", ("Aprūpe mājās – stundas tarifs (rate.home_care): "
                                           "3,83\u00a0€/h → 4,10\u00a0€/h no 01.01.2026"))]
    english = berzs.get(f"/rules/diff?from={first.id}&to={draft_id}&lang=en").text
    assert ("Home care – hourly rate (rate.home_care): 3.83\u00a0€/h → "
            "4.10\u00a0€/h from 2026-01-01") in english
    # the published version can no longer be changed
    assert anna.get(f"{EDITOR}?draft={draft_id}").status_code == 404


def test_switching_the_maintainers_duty_off(app: Flask) -> None:
    anna, _berzs = policy_pair(app)
    path = "/rules/edit/parameter/copayment.maintainers_obliged"
    form = anna.get(path)
    assert 'option value="false"' in form.text and "izslēgts" in form.text
    saved = anna.post(path, data={"label": "Bez apgādnieku pienākuma",
                                  "valid_from": "01.01.2027", "value": "false"})
    assert saved.status_code == 302, saved.text
    page = anna.get(saved.headers["Location"]).text
    assert ("Apgādnieku pienākums maksāt (copayment.maintainers_obliged): jā → "
            "nē no 01.01.2027") in page


def test_a_rule_text_and_condition_edited_and_checked(app: Flask) -> None:
    anna, _berzs = policy_pair(app)
    path = "/rules/edit/rule/eligibility:E6"
    form = anna.get(path)
    assert form.status_code == 200 and "in_target_group: true" in form.text
    title_lv = re.search(r'name="title.lv" id="f-title.lv" value="([^"]*)"', form.text)
    assert title_lv is not None
    fields = {"label": "Atbalsta grupa no 16", "title.lv": title_lv[1],
              "title.en": "Support group", "text.en": "Support groups are for people of 16 "
              "or more.", "text.lv": "Atbalsta grupu piešķir no 16 gadu vecuma."}
    typo = anna.post(path, data={**fields, "when": "in_target_group: true\nagee: {'>=': 16}"})
    assert typo.status_code == 422
    assert re.search(r"Nosacījums \(when\): eligibility\.yaml:\d+: [^<]*agee", typo.text), \
        typo.text
    assert "agee: {&#39;&gt;=&#39;: 16}" in typo.text  # the typed condition is kept
    bad_yaml = anna.post(path, data={**fields, "when": "in_target_group: [true"})
    assert bad_yaml.status_code == 422 and "Nosacījums (when): YAML nav derīgs" in bad_yaml.text
    # the place and the mistake in Latvian words, not PyYAML's English (issue 29)
    assert "(1. rindā, 23. zīmē): teksts beidzas, bet iekava [ nav aizvērta" in bad_yaml.text
    assert "expected" not in bad_yaml.text
    saved = anna.post(path, data={**fields,
                                  "when": "in_target_group: true\nage: {'>=': 16}"})
    assert saved.status_code == 302, saved.text
    page = anna.get(saved.headers["Location"]).text
    for change in ("E6: nosacījums mainīts", "E6: teksts mainīts"):
        assert change in page
    assert "E6: nosaukums mainīts" not in page
    book = store(app).versions.book(store(app).versions.all()[0].version)
    rule = book.rules_by_key["eligibility:E6"]
    assert rule.when_source == {"in_target_group": True, "age": {">=": 16}}
    assert rule.text["lv"] == "Atbalsta grupu piešķir no 16 gadu vecuma."


#: Mistakes typed in the YAML view: (text, Latvian words with the place, English words).
YAML_MISTAKES = [
    ("in_target_group: true\ntext: Piezīme: x", "(2. rindā, 14. zīmē): kols (:) šeit nav "
     "atļauts", "(line 2, column 14): a colon (:) is not allowed here"),
    ("{in_target_group: true age: 16}", "(1. rindā, 27. zīmē): tabulā {…} šeit trūkst komata",
     "(line 1, column 27): in the mapping {…} a comma between values"),
    ("in_target_group: true\n\tage: 16", "(2. rindā, 1. zīmē): atkāpē ir tabulācijas zīme",
     "(line 2, column 1): a tab in the indentation"),
    ("in_target_group: true\nin_target_group: false", "(2. rindā, 1. zīmē): atslēga "
     "„in_target_group” ir uzrakstīta divreiz", "(line 2, column 1): the key "
     "&#34;in_target_group&#34; is written twice"),
]


@pytest.mark.parametrize(("typed", "lv", "en"), YAML_MISTAKES)
def test_a_yaml_mistake_is_said_in_the_pages_language(app: Flask, typed: str, lv: str,
                                                      en: str) -> None:
    anna, _berzs = policy_pair(app)
    path = "/rules/edit/rule/eligibility:E6"
    fields = {"label": "x", "title.lv": "A", "title.en": "A", "text.lv": "B", "text.en": "B",
              "when": typed}
    latvian = anna.post(path, data=fields)
    assert latvian.status_code == 422
    assert f"Nosacījums (when): YAML nav derīgs {lv}" in latvian.text, latvian.text
    assert not re.search(r"\b(expected|found|token|column)\b", latvian.text)
    english = anna.post(f"{path}?lang=en", data=fields)
    assert english.status_code == 422
    assert f"Not valid YAML {en}" in english.text, english.text
    assert "rindā" not in english.text


def test_two_windows_editing_one_draft_do_not_undo_each_other(app: Flask) -> None:
    anna, _berzs = policy_pair(app)
    saved = anna.post(EDITOR, data={"label": "x", "valid_from": "01.01.2026", "value": "4,10"})
    draft_id = draft_id_of(saved.headers["Location"])
    stale = store(app).versions.get(draft_id).version  # type: ignore[union-attr]
    assert anna.post(f"{EDITOR}?draft={draft_id}", data={
        "valid_from": "01.07.2026", "value": "4,20", "base": stale}).status_code == 302
    late = anna.post(f"{EDITOR}?draft={draft_id}", data={
        "valid_from": "01.09.2026", "value": "4,30", "base": stale})
    assert late.status_code == 422 and "pa to laiku mainīts" in late.text
    assert 'value="4,30"' in late.text


def test_a_draft_made_on_a_superseded_version_is_not_published(app: Flask) -> None:
    anna, berzs = policy_pair(app)
    carl = user_client(app, "carl", "policy", None)
    first = anna.post(EDITOR, data={"label": "A", "valid_from": "01.01.2026", "value": "4,10"})
    second = carl.post("/rules/edit/parameter/rate.respite", data={
        "label": "C", "valid_from": "01.01.2026", "value": "19,00"})
    ids = [draft_id_of(r.headers["Location"]) for r in (first, second)]
    for client, number in zip((anna, carl), ids, strict=True):
        assert client.post(f"/rules/drafts/{number}/submit").status_code == 302
    assert berzs.post(f"/rules/drafts/{ids[0]}/decision",
                      data={"step": "approve", "confirmed": "yes"}).status_code == 302
    page = berzs.get(f"/rules/drafts/{ids[1]}").text
    assert "Kopš šī melnraksta izveides publicēta cita versija" in page
    refused = berzs.post(f"/rules/drafts/{ids[1]}/decision",
                         data={"step": "approve", "confirmed": "yes"})
    assert refused.status_code == 409
    assert "publicējot šo, tā tiktu atcelta" in refused.text
    assert store(app).versions.get(ids[1]).status == "submitted"  # type: ignore[union-attr]
    # returning it is still possible, and the rate in force is anna's
    assert berzs.post(f"/rules/drafts/{ids[1]}/decision", data={
        "step": "return", "comment": "Izveidojiet no jauna."}).status_code == 302
    book = store(app).versions.book(store(app).versions.current_version() or "")
    assert str(book.parameters.parameters["rate.home_care"].values[-1].value) == "4.10"


#: Nine levels of nine aliases: a billion values out of eight lines of YAML.
ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefg", "bcdefgh",
                                                                 strict=True)])


def test_yaml_aliases_and_overlong_fields_are_refused_beside_the_field(app: Flask) -> None:
    """What a policy user types never stops the server or is cut short silently: YAML
    anchors/aliases are refused (they can multiply a few lines into a billion values), a
    field longer than it may be is an error, a value of thousands of digits too."""
    anna, _ = policy_pair(app)
    bomb = anna.post("/rules/edit/rule/eligibility:E6", data={
        "label": "x", "title.lv": "A", "title.en": "A", "text.lv": "B", "text.en": "B",
        "when": ALIAS_BOMB})
    assert bomb.status_code == 422
    assert "enkuri un atsauces (&amp;nosaukums, *nosaukums) nav atļauti" in bomb.text
    table = anna.post("/rules/edit/parameter/indicative.package", data={
        "label": "x", "valid_from": "01.01.2026", "value": ALIAS_BOMB})
    assert table.status_code == 422 and "Vērtība (YAML): YAML nav derīgs" in table.text
    long_title = anna.post("/rules/edit/rule/eligibility:E6", data={
        "label": "x", "title.lv": "A" * 5000, "title.en": "A", "text.lv": "B", "text.en": "B",
        "when": "{adult_grt: true}"})
    assert long_title.status_code == 422
    assert "Nosaukums (latviski): Ne vairāk kā 4\u00a0000 rakstzīmes (ievadītas: 5\u00a0000): " \
        "teksts netika pieņemts un vairs netiek rādīts." in long_title.text
    assert "A" * 100 not in long_title.text  # refused whole, not shown again
    long_label = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "L" * 201, "valid_from": "01.01.2026", "value": "4,10"})
    assert long_label.status_code == 422
    assert "Melnraksta nosaukums: Ne vairāk kā 200 rakstzīmes (ievadītas: 201): teksts " \
        "netika pieņemts" in long_label.text
    digits = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "x", "valid_from": "01.01.2026", "value": "9" * 3000})
    assert digits.status_code == 422 and "pārāk daudz ciparu" in digits.text
    assert "9" * 100 not in digits.text.replace('value="' + "9" * 3000, "")  # excerpts only
    assert [v.label for v in store(app).versions.all()] == ["2026.11-1"]  # nothing stored


def test_replacing_a_published_value_is_asked_first(app: Flask) -> None:
    """The home-care rate of 22.12.2015 is published: a value from that very day would
    rewrite every budget since. The editor asks (a box to tick), keeps what was typed, and
    saves once it is ticked; a value the draft added itself is changed again without asking
    (see the flow above)."""
    anna, _ = policy_pair(app)
    asked = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "Labojums", "valid_from": "22.12.2015", "value": "3,90"})
    assert asked.status_code == 422
    assert ("Apstiprinājums: Vērtība no 22.12.2015 jau ir (3,83): jaunā to aizstās" in
            asked.text)
    assert 'name="confirm" value="1"' in asked.text and 'value="3,90"' in asked.text
    assert [v.label for v in store(app).versions.all()] == ["2026.11-1"]  # nothing stored
    confirmed = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "Labojums", "valid_from": "22.12.2015", "value": "3,90", "confirm": "1"})
    assert confirmed.status_code == 302
    draft = anna.get(confirmed.headers["Location"]).text
    assert ("Aprūpe mājās – stundas tarifs (rate.home_care): "
            "3,83\u00a0€/h → 3,90\u00a0€/h no 22.12.2015") in draft
