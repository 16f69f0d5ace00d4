"""Policy staff browse the rules: each rule with its texts, legal basis and the scenarios
that exercise it; each parameter with its history as a table and a step chart."""

from __future__ import annotations

from flask import Flask
from web_helpers import login


def policy_client(app: Flask):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert login(client, "policy").status_code == 302
    return client


def test_rule_page_shows_texts_basis_and_scenarios(app: Flask) -> None:
    client = policy_client(app)
    listing = client.get("/rules?date=2026-01-01").get_data(as_text=True)
    assert 'href="/rules/rule/eligibility:E8"' in listing
    page = client.get("/rules/rule/eligibility:E8").get_data(as_text=True)
    assert "Invaliditātes likums" in page
    assert "disability_group" in page  # the condition as written, for developers
    # the condition as a sentence, headers in Latvian only, the file in a developers' line
    assert ("Ja ir izpildīts viens no nosacījumiem: 1) persona ir pilngadīga un "
            "invaliditātes grupa ir I vai II;") in page
    assert "(when)" not in page and "(then)" not in page
    assert page.index("Izstrādātājiem") < page.index("eligibility.yaml:")
    assert "<th scope=\"col\">Nosacījums</th>" in listing and "(when)" not in listing
    assert "Ja persona ir pilngadīga, personai ir GRT diagnoze un invaliditātes grupa ir I " \
        "vai II." in listing
    assert '{"is_child"' not in listing and "{cap}" not in listing
    assert "ne vairāk kā 50 stundas nedēļā" in listing  # the cap's value in the rule's title
    assert "Scenāriji, kas to pārbauda" in page
    assert "<li>Tiesības uz pakalpojumiem un to apjoms: " in page


def test_parameter_page_has_history_and_a_step_chart(app: Flask) -> None:
    client = policy_client(app)
    page = client.get("/rules/parameter/rate.assistant").get_data(as_text=True)
    assert "<svg" in page and "<path" in page
    assert page.index("01.04.2023") < page.index("01.01.2023")  # newest first, Latvian dates
    assert "5,11\u00a0€/h" in page and "4,79\u00a0€/h" in page and "5.11" not in page
    assert "<title>Asistenta pakalpojums – stundas tarifs · budget-engine</title>" in page
    assert 'role="img" aria-label="Asistenta pakalpojums – stundas tarifs laika gaitā' in page
    table = client.get("/rules/parameter/rate.day_care_centre").get_data(as_text=True)
    assert '<th scope="col">standarta</th><th scope="col">intensīvais</th>' in table
    assert "16,24\u00a0€ dienā" in table and "{" not in table.split("<main")[1]
    package = client.get("/rules/parameter/indicative.package").get_data(as_text=True)
    assert '<th scope="col">Atbalsta līmenis</th>' in package
    assert "Grupu dzīvoklis (māja) (vienības mēnesī)" in package
    assert "Cenu nosaka pakalpojumiem" in page and "Asistenta pakalpojums" in page
    cap = client.get("/rules/parameter/cap.assistant.adult").get_data(as_text=True)
    assert 'href="/rules/rule/cap:E8"' in cap
    english = client.get("/rules/parameter/rate.assistant?lang=en").get_data(as_text=True)
    assert "2023-04-01" in english


def test_unknown_rule_or_parameter_is_a_404_and_others_are_refused(app: Flask) -> None:
    client = policy_client(app)
    assert client.get("/rules/rule/eligibility:E99").status_code == 404
    assert client.get("/rules/parameter/rate.nothing").status_code == 404
    worker = app.test_client()
    login(worker, "social_worker")
    assert worker.get("/rules/parameter/rate.assistant").status_code == 403


def test_the_rules_date_is_read_the_latvian_way_and_a_wrong_one_is_said_not_replaced(
        app: Flask) -> None:
    """The listing's date is typed as a Latvian writes it (or ISO); one that is no date is an
    error beside the field, kept as typed — never quietly today's rules."""
    client = policy_client(app)
    latvian = client.get("/rules?date=31.12.2018&lang=lv").get_data(as_text=True)
    iso = client.get("/rules?date=2018-12-31").get_data(as_text=True)
    assert 'value="31.12.2018"' in latvian and 'value="2018-12-31"' in iso
    # the assistant's rate of 31.12.2018 is not in force yet (from 01.01.2019); of 2019, it is
    assert "rate.assistant" in latvian and "nav spēkā" in latvian
    later = client.get("/rules?date=01.02.2019").get_data(as_text=True)
    assert "01.01.2019" in later  # in force from, in Latvian
    wrong = client.get("/rules?date=31.02.2026")
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and 'value="31.02.2026"' in text
    assert "Spēkā: Datums, piemēram, 01.01.2027 (diena, mēnesis, gads)." in text
    assert "<title>Kļūda: Noteikumi" in text and "error-summary" in text
    assert "tiesības uz pakalpojumu" in latvian and ">eligibility<" not in latvian
    # services by their names, not the files' codes
    assert "<td>DI pakalpojumi (1–7)</td>" in latvian and "<td>visi pakalpojumi</td>" in latvian
    assert "Aprūpe mājās" in latvian and ">di<" not in latvian


def test_a_version_number_no_database_holds_is_a_404_not_a_500(app: Flask) -> None:
    client = policy_client(app)
    huge = "9" * 23
    for path in (f"/rules/drafts/{huge}", f"/rules/versions/{huge}",
                 f"/rules/diff?from={huge}&to=1", f"/rules/diff?from={'1' * 5000}&to=1",
                 f"/rules/edit/parameter/rate.home_care?draft={huge}",
                 f"/rules/edit/parameter/rate.home_care?draft={'1' * 5000}"):
        assert client.get(path).status_code == 404, path[:60]


def test_a_draft_shows_a_changed_condition_and_text_as_they_were_and_will_be(
        app: Flask) -> None:
    """Issue 29: "E6: teksts mainīts" comes with the text, old and new side by side; a changed
    condition with its old and new sentence."""
    import re

    from web_helpers import user_client

    anna = user_client(app, "anna", "policy", None)
    path = "/rules/edit/rule/eligibility:E6"
    form = anna.get(path).text
    title_lv = re.search(r'name="title.lv" id="f-title.lv" value="([^"]*)"', form)
    assert title_lv is not None
    saved = anna.post(path, data={
        "label": "Atbalsta grupa no 16", "title.lv": title_lv[1], "title.en": "Support group",
        "text.en": "Support groups are for people of 16 or more.",
        "text.lv": "Atbalsta grupu piešķir no 16 gadu vecuma.",
        "when": "in_target_group: true\nage: {'>=': 16}"})
    assert saved.status_code == 302, saved.text
    page = anna.get(saved.headers["Location"]).text
    item = page[page.index('data-subject="E6"'):]
    item = item[:item.index("</li>")]
    assert "E6: nosacījums mainīts" in item
    assert "<dt>Bija</dt><dd>Ja persona pieder kādai DI mērķa grupai.</dd>" in item
    assert ("<dt>Būs</dt><dd>Ja persona pieder kādai DI mērķa grupai un personas vecums "
            "pilnos gados ir vismaz 16.</dd>") in item
    text = page[page.index("E6: teksts mainīts"):]
    text = text[:text.index("</li>")]
    assert "<dd>Atbalsta grupu piešķir no 16 gadu vecuma.</dd>" in text
    assert "<dt>Bija</dt><dd>Atbalsta grupu piešķir DI mērķa grupu personām" in text
