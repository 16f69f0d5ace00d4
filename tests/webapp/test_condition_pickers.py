"""The condition editor's pickers (issue 29, item 2): a rule's condition edited row by row —
fact by its label, comparison in words, value by the fact's type — without typing YAML.

A clause changed with the pickers becomes the same `when` a person would write in the rule
file, goes through the same check, and the draft page says the new condition in words; a
value of the wrong type is refused beside its field in Latvian (the field named by its
label), everything typed kept; the row buttons work without JavaScript; crafted posts (an
unknown fact, too many clauses, nesting too deep, names out of the tree) get a 4xx answer or
a field error, never a 500."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from web_helpers import store, user_client
from werkzeug.datastructures import MultiDict

E10 = "/rules/edit/rule/eligibility:E10"  # is_child, age >= 5, three yes/no facts
E8 = "/rules/edit/rule/eligibility:E8"  # any of two groups, disability_group in [I, II]


class _Form(HTMLParser):
    """The fields a browser would post from the page's rule form (no button)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: MultiDict[str, str] = MultiDict()
        self._select: str | None = None
        self._first: str | None = None
        self._picked = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.add(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select, self._first, self._picked = a["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.fields.add(self._select, a.get("value", ""))
                self._picked = True
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if not self._picked and self._first is not None:
                self.fields.add(self._select, self._first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def form_of(page: str) -> MultiDict[str, str]:
    parser = _Form()
    parser.feed(page[page.index('class="rule-edit"'):])
    parser.fields.pop("csrf_token", None)
    return parser.fields


def posting(fields: MultiDict[str, str], **changes: str | list[str]) -> MultiDict[str, str]:
    out = MultiDict(fields)
    for name, value in changes.items():
        key = name.replace("__", ".").replace("_", "-")
        out.setlist(key, value if isinstance(value, list) else [value])
    return out


def anna(app: Flask) -> FlaskClient:
    return user_client(app, "anna", "policy", None)


def row_of(fields: MultiDict[str, str], fact: str) -> str:
    """The path of the row whose fact is `fact` (`c-1`)."""
    return next(k.removesuffix(".fact") for k, v in fields.items(multi=True)
                if k.endswith(".fact") and v == fact)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_pickers_show_the_rule_condition_by_labels_and_words(app: Flask) -> None:
    page = anna(app).get(E8).text
    assert page.count('name="c.kind" value="group"') == 1
    fields = form_of(page)
    assert fields["c.join"] == "any"  # "any: [...]" is one "vai" group
    assert fields["c-1-1.fact"] == "age" and fields["c-1-1.op"] == ">=" and \
        fields["c-1-1.value"] == "5"
    assert fields.getlist("c-0-1.values") == ["I", "II"] and fields["c-0-1.op"] == "in"
    words = text_of(page)
    for said in ("personas vecums pilnos gados", "vismaz", "ne vairāk kā", "viens no",
                 "invaliditātes grupa", "jā — persona ir bērns", "nē — persona ir pilngadīga",
                 "Pievienot nosacījumu", "Noņemt", "Papildu skats (YAML)"):
        assert said in words, said
    assert "Pašlaik: Ja" in words  # the condition in words


def test_a_clause_changed_with_pickers_becomes_the_condition_in_the_draft(app: Flask) -> None:
    client = anna(app)
    fields = form_of(client.get(E10).text)
    age = row_of(fields, "age")
    saved = client.post(E10, data=posting(fields, label="Aprūpe bērnam no 6", **{
        f"{age}.value".replace("-", "_").replace(".", "__"): "6"}))
    assert saved.status_code == 302, text_of(saved.text)[:3000]
    versions = store(app).versions
    rule = versions.book(versions.all()[0].version).rules_by_key["eligibility:E10"]
    assert rule.when_source == {"is_child": True, "age": {">=": 6}, "child_disability": True,
                                "special_care_opinion": True,
                                "parents_working_or_studying": True}
    draft = text_of(client.get(saved.headers["Location"]).text)
    assert "E10: nosacījums mainīts" in draft
    assert "personas vecums pilnos gados ir vismaz 6" in draft


def test_rows_added_chosen_and_saved_without_javascript(app: Flask) -> None:
    client = anna(app)
    fields = form_of(client.get(E10).text)
    added = client.post(E10, data=posting(fields, label="Ar grupu", action="add:c"))
    assert added.status_code == 200  # shown again, nothing checked or stored
    fields = form_of(added.text)
    assert 'value="Ar grupu"' in added.text and fields["c-5.kind"] == "clause"
    assert 'autofocus' in added.text.split('id="row-c-5"')[1].split("</select>")[0]
    chosen = client.post(E10, data=posting(fields, c_5__fact="disability_group",
                                           action="refresh:c-5"))
    fields = form_of(chosen.text)
    assert "viens no" in chosen.text and fields["c-5.op"] == "="
    listed = client.post(E10, data=posting(fields, c_5__op="in", action="refresh:c-5"))
    assert 'name="c-5.values" value="II"' in listed.text  # ticks for "one of"
    fields = form_of(listed.text)
    removed = client.post(E10, data=posting(fields, action="remove:c-4"))  # parents working
    fields = form_of(removed.text)
    assert "parents_working_or_studying" not in fields.values()
    saved = client.post(E10, data=posting(fields, **{"c_4__values": ["I", "II"]}))
    assert saved.status_code == 302, text_of(saved.text)[:3000]
    versions = store(app).versions
    rule = versions.book(versions.all()[0].version).rules_by_key["eligibility:E10"]
    assert rule.when_source == {"is_child": True, "age": {">=": 5}, "child_disability": True,
                                "special_care_opinion": True,
                                "disability_group": {"in": ["I", "II"]}}


def test_wrong_values_are_refused_in_latvian_beside_the_field(app: Flask) -> None:
    client = anna(app)
    fields = form_of(client.get(E10).text)
    age = row_of(fields, "age")
    typed = posting(fields, label="Kļūdaini", **{age.replace("-", "_") + "__value": "pieci"})
    wrong = client.post(E10, data=typed)
    assert wrong.status_code == 422
    words = text_of(wrong.text)
    assert "2. nosacījums, vērtība (personas vecums pilnos gados): Ierakstiet veselu " \
        "skaitli no 0 līdz 150 (ievadīts: “pieci”)." in words
    assert f'id="err-{age}.value"' in wrong.text and 'class="error-summary"' in wrong.text
    assert f'href="#f-{age}.value"' in wrong.text  # the summary links to the field
    assert 'value="pieci"' in wrong.text and 'value="Kļūdaini"' in wrong.text
    errors = " ".join(re.findall(r'class="(?:error-summary|field-error)".*?</(?:div|span)>',
                                 wrong.text, re.S))
    assert "yaml" not in errors and "expected" not in errors and "nosacījums" in errors
    # a date that does not exist, and a choice not in the list
    fields = form_of(client.get(E8).text)
    dated = client.post(E8, data=posting(fields, label="x", action="add:c-0"))
    fields = posting(form_of(dated.text), c_0_2__fact="date", action="refresh:c-0-2")
    fields = form_of(client.post(E8, data=fields).text)
    bad = client.post(E8, data=posting(fields, c_0_2__value="31.02.2026",
                                       c_0_1__values=["I", "IV"]))
    assert bad.status_code == 422
    words = text_of(bad.text)
    assert "1.3. nosacījums, vērtība (aprēķina datums): Tādas dienas nav: “31.02.2026”." \
        in words
    assert "1.2. nosacījums, vērtība (invaliditātes grupa): Izvēlieties vērtības no " \
        "saraksta." in words
    assert 'value="31.02.2026"' in bad.text
    assert [v.status for v in store(app).versions.all()] == ["published"]  # nothing stored


def test_value_fields_carry_the_servers_rule_and_message_for_the_script(app: Flask) -> None:
    """static/conditions.js checks a value as it is typed by what the server puts on the
    field: the fact's bounds and the server's own Latvian message ({typed} for the text)."""
    client = anna(app)
    page = client.get(E10).text
    assert 'src="/static/conditions.js"' in page and "<script>" not in page
    age = row_of(form_of(page), "age")
    tag = re.search(rf'<input name="{re.escape(age)}\.value"[^>]*>', page)
    assert tag is not None
    attrs = html.unescape(tag[0])
    assert 'data-kind="integer"' in attrs and 'data-min="0"' in attrs
    assert 'data-max="150"' in attrs and 'data-list="0"' in attrs
    assert 'data-bad="Ierakstiet veselu skaitli no 0 līdz 150 (ievadīts: “{typed}”)."' in attrs
    assert f'id="chk-{age}.value" aria-live="polite"' in page
    fields = form_of(client.get(E8).text)
    added = client.post(E8, data=posting(fields, label="x", action="add:c-0"))
    fields = posting(form_of(added.text), c_0_2__fact="date", action="refresh:c-0-2")
    dated = html.unescape(client.post(E8, data=fields).text)
    tag = re.search(r'<input name="c-0-2\.value"[^>]*>', dated)
    assert tag is not None and 'data-kind="date"' in tag[0]
    assert 'data-none="Tādas dienas nav: “{typed}”."' in tag[0]


def test_crafted_posts_get_a_field_error_or_400_never_500(app: Flask) -> None:
    client = anna(app)
    fields = form_of(client.get(E10).text)
    unknown = client.post(E10, data=posting(fields, label="x", c_0__fact="has_grtt"))
    assert unknown.status_code == 422
    assert "1. nosacījums, fakts: Izvēlieties faktu no saraksta." in text_of(unknown.text)
    many = MultiDict(fields)
    many.add("label", "x")
    for n in range(5, 60):
        many.add(f"c-{n}.kind", "clause")
        many.add(f"c-{n}.fact", "is_child")
        many.add(f"c-{n}.value", "true")
    too_many = client.post(E10, data=many)
    assert too_many.status_code == 422
    assert "ne vairāk kā 50 daļu" in text_of(too_many.text)
    deep = MultiDict(fields)
    deep.add("label", "x")
    path = "c"
    for _level in range(9):
        path += "-9"
        deep.add(f"{path}.kind", "group")
        deep.add(f"{path}.join", "any")
        deep.add(f"{path}.not", "1")
    deep.add(f"{path}-0.kind", "clause")
    deep.add(f"{path}-0.fact", "is_child")
    deep.add(f"{path}-0.value", "true")
    too_deep = client.post(E10, data=deep)
    assert too_deep.status_code == 422 and "dziļāk par 8 līmeņiem" in text_of(too_deep.text)
    for name in ("c-x.kind", "c-1-0-0.kind", "c-1234.kind", "c.evil"):
        crafted = client.post(E10, data=posting(fields, **{"label": "x"}) | {name: "clause"})
        assert crafted.status_code == 400, name
    no_kind = posting(fields, label="x", c_0__kind="table")
    assert client.post(E10, data=no_kind).status_code == 400
    huge = client.post(E10, data=posting(fields, label="x", c_1__value="9" * 5000))
    assert huge.status_code == 422 and "9" * 300 not in huge.text
    assert [v.status for v in store(app).versions.all()] == ["published"]


def test_the_yaml_view_still_saves_and_both_changed_is_asked(app: Flask) -> None:
    client = anna(app)
    fields = form_of(client.get(E10).text)
    yaml_only = posting(fields, label="YAML", when="{is_child: true, age: {'>=': 7}}")
    saved = client.post(E10, data=yaml_only)
    assert saved.status_code == 302, text_of(saved.text)[:2000]
    versions = store(app).versions
    rule = versions.book(versions.all()[0].version).rules_by_key["eligibility:E10"]
    assert rule.when_source == {"is_child": True, "age": {">=": 7}}
    fields = form_of(client.get(E8).text)
    both = client.post(E8, data=posting(fields, label="x", when="{adult_grt: true}",
                                        c_1_1__value="6"))
    assert both.status_code == 422
    assert "gan izvēlnēs, gan YAML skatā" in text_of(both.text)
    assert 'value="6"' in both.text and "{adult_grt: true}" in both.text
