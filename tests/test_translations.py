"""The interface is wholly Hebrew: every message has a Hebrew translation, and no page of any
role's tour shows an English word that is not a name (CSV, Excel, WCAG…) or Latin data."""

import ast
import gettext as gettext_module
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.tour import ANONYMOUS, LANGUAGES, ROLES, choose_language, seed_demo_locality, stops_for

# --- The catalogue ----------------------------------------------------------------------------


def po_entries(path):
    """Each live (not obsolete) entry of a .po file as a dict: msgid, msgstr (a list: one
    string, or one per plural form) and flags. Small on purpose: the GNU format as
    makemessages writes it."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):  # blank, or obsolete
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry and field is not None:
                finish()
                entry, field = None, None
            if line.startswith("#,"):
                entry = entry or {"flags": set(), "msgstr": []}
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[field] += value
            continue
        if keyword in ("msgctxt", "msgid") and entry is not None and entry.get("msgstr"):
            finish()
            entry = None
        entry = entry or {"flags": set(), "msgstr": []}
        value = ast.literal_eval(rest)
        if keyword.startswith("msgstr"):
            entry["msgstr"].append(value)
            field = "msgstr"
        else:
            entry[keyword] = value
            field = keyword
    finish()
    return entries


def test_the_parser_reads_plurals_continuations_flags_and_skips_obsolete_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: he\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "One %(n)s"\nmsgid_plural "Many %(n)s"\n'
        'msgstr[0] "אחד"\nmsgstr[1] ""\n\n'
        '#, fuzzy\nmsgid ""\n"Long "\n"text"\nmsgstr "ארוך"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, plural, fuzzy = po_entries(po)
    assert header["msgstr"] == ["Language: he\n"]
    assert plural["msgid"] == "One %(n)s" and plural["msgstr"] == ["אחד", ""]
    assert plural["flags"] == {"python-format"}
    assert fuzzy["msgid"] == "Long text" and "fuzzy" in fuzzy["flags"]


def catalogue(language):
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation_that_is_not_fuzzy(language):
    entries = po_entries(
        Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    )
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if e["msgid"] and not all(e["msgstr"])]
    fuzzy = [e["msgid"] or "(the header)" for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"Untranslated in locale/{language}:\n" + "\n".join(untranslated)
    assert not fuzzy, f"Fuzzy (unchecked) in locale/{language}:\n" + "\n".join(fuzzy)


def test_both_catalogues_translate_the_same_messages():
    def msgids(language):
        return {e["msgid"] for e in po_entries(catalogue(language))}

    assert msgids("he") == msgids("ar")


# --- The pages --------------------------------------------------------------------------------

# Latin words that are right in a Hebrew interface: names of formats, standards and products.
ALLOWED_LATIN = {"CSV", "Excel", "PDF", "HTML", "WCAG", "AA", "Django", "IS"}  # IS 5568
# Emails, addresses and file extensions such as "(.xlsx)" are Latin in any language.
LATIN_DATA = re.compile(r"\S+@\S+|https?://\S+|(?<!\w)\.[a-z]{2,4}\b")
# Django's own admin pages: Django's Hebrew catalogue leaves the admin index's hidden table
# headings untranslated (msgids "Model name", "Add link", "Change or view list link"), and
# admin/search_form.html writes alt="Search" without {% translate %}. Django's, not ours.
DJANGO_ADMIN_ENGLISH = ("Change or view list link", "Model name", "Add link", "Search")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# What a reader hears besides the text: labels, hints and alternative text.
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class ReadableText(HTMLParser):
    """The text a person sees or hears, less scripts, styles and what is marked left to right
    (emails, phone numbers, other Latin data)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = None  # the tag whose content is skipped, and how deep in it we are
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            if tag == self.skipping:
                self.depth += 1
            return
        ltr = attrs.get("dir") == "ltr" or "ltr" in (attrs.get("class") or "").split()
        if ltr or tag in ("script", "style", "template", "svg"):
            if tag not in VOID:
                self.skipping, self.depth = tag, 1
            return
        self.parts += [attrs[name] for name in SPOKEN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping == tag:
            self.depth -= 1
            if self.depth == 0:
                self.skipping = None

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html, *, known=()):
    """The Latin words of the page's readable text, less the `known` phrases."""
    reader = ReadableText()
    reader.feed(html)
    text = LATIN_DATA.sub(" ", " ".join(reader.parts))
    for phrase in known:
        text = text.replace(phrase, " ")
    return sorted({word for word in LATIN_WORD.findall(text) if word not in ALLOWED_LATIN})


def test_the_reader_skips_scripts_and_left_to_right_data_but_hears_labels():
    html = (
        '<title>Tab</title><p>שלום Hello</p><script>var x;</script><a dir="ltr">a@b.org Latin</a>'
        '<span class="small ltr">+972 Phone</span><input placeholder="Search" dir="auto">'
        '<input dir="ltr" placeholder="Ignored"><button aria-label="Close">×</button> CSV (.xlsx)'
    )
    assert english_words(html) == ["Close", "Hello", "Search", "Tab"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_of_any_role_shows_english(db, language):
    locality = seed_demo_locality()
    choose_language(language)
    users = get_user_model().objects
    found = []
    for role in ROLES:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if role != ANONYMOUS:
            client.force_login(users.get(username=role))
        for stop in stops_for(role, locality):
            if stop.form_data is None:
                response = client.get(stop.path)
            else:
                response = client.post(stop.path, stop.form_data)
            assert response.status_code == 200, f"{role} · {stop.name}: {response.status_code}"
            assert f'<html lang="{language}" dir="rtl">' in response.content.decode()
            known = DJANGO_ADMIN_ENGLISH if stop.admin else ()
            words = english_words(response.content.decode(), known=known)
            if words:
                found.append(f"{role} · {stop.name} ({stop.path}): {', '.join(words)}")
    assert not found, f"English words in the {language} interface:\n" + "\n".join(found)


# --- As a native speaker reads them -----------------------------------------------------------

HEBREW_LETTER = "\u05d0-\u05ea"
# One to three prefix letters (ב ל מ ה ו כ ש, as in "ב", "וב", "שב") starting a word, then a
# maqaf or a hyphen, then a Hebrew letter or a placeholder (what gettext writes for
# {{ name }}). Hebrew joins the prefix to the word: "בצוות", "ב%(locality)s"; the maqaf belongs
# only before digits and Latin letters ("ב־2024", "ב־CSV").
PREFIX_WITH_MAQAF = re.compile(
    rf"(?<![{HEBREW_LETTER}])[בלמהוכש]{{1,3}}[\u05be-](?=[{HEBREW_LETTER}]|%\(|\{{)"
)


def msgstrs(language):
    for entry in po_entries(catalogue(language)):
        if entry["msgid"]:
            yield from ((entry["msgid"], text) for text in entry["msgstr"])


def test_the_maqaf_rule_tells_a_prefix_before_a_word_from_one_before_digits_or_latin():
    wrong = ["ב־צוות", "ל-צוות משימה", "וב־%(locality)s", "ב־{{ name }}", "בקובץ מ־%(max)s"]
    right = ["בצוות", "ב־2024", "ב־CSV", "ב%(locality)s", "דו-שיח", "כפוף/ה ל־", "חבר/ה"]
    assert all(PREFIX_WITH_MAQAF.search(text) for text in wrong)
    assert not any(PREFIX_WITH_MAQAF.search(text) for text in right)


def test_no_hebrew_message_joins_a_prefix_letter_to_a_word_with_a_maqaf():
    found = [
        f"{msgid!r}: {text}" for msgid, text in msgstrs("he") if PREFIX_WITH_MAQAF.search(text)
    ]
    assert not found, "A prefix letter and a maqaf before a word:\n" + "\n".join(found)


# „…” and “…” are German and English quotation marks; Hebrew writes "…" (or ״…״), Arabic «…»
# (or "…"). A quoted phrase in single quotes ('…') reads as English too.
FOREIGN_QUOTES = {
    "he": re.compile(rf"[„“”«»]|(?<![\w{HEBREW_LETTER}])'[{HEBREW_LETTER}][^']*'"),
    "ar": re.compile(r"[„“”]|(?<!\w)'[\u0600-\u06ff][^']*'"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_quote_with_the_languages_own_quotation_marks(language):
    found = [
        f"{msgid!r}: {text}"
        for msgid, text in msgstrs(language)
        if FOREIGN_QUOTES[language].search(text)
    ]
    assert not found, f"Foreign quotation marks in locale/{language}:\n" + "\n".join(found)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def counted_placeholder(entry):
    """The placeholder that holds the count: the one only the plural has, or the plural's."""
    plural = PLACEHOLDER.findall(entry["msgid_plural"])
    only_plural = set(plural) - set(PLACEHOLDER.findall(entry["msgid"]))
    return only_plural.pop() if len(only_plural) == 1 else plural[0]


# The plural form a language uses for one and two, and whether two is written as a word too:
# Hebrew may write "2 ועדות", Arabic's dual ("يومان") never takes the digit.
WORD_FORMS = {"he": (1,), "ar": (1, 2)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_of_something_is_written_as_a_word_not_as_the_digit(language):
    entries = po_entries(catalogue(language))
    plural_of = gettext_module.c2py(re.search(r"plural=([^;]+);", entries[0]["msgstr"][0]).group(1))
    found = []
    for entry in entries:
        if "msgid_plural" not in entry or not PLACEHOLDER.search(entry["msgid_plural"]):
            continue
        counter = f"%({counted_placeholder(entry)})"
        for n in WORD_FORMS[language]:
            text = entry["msgstr"][plural_of(n)]
            if counter in text:
                found.append(f"n={n} · {entry['msgid']!r}: {text}")
    assert found == [], f"A count written as a digit in locale/{language}:\n" + "\n".join(found)


# File extensions and number ranges are left-to-right units: in a right-to-left line ".xlsx"
# shows as "xlsx." and "4–5" as "5–4" unless they are isolated (U+2066 … U+2069, the plain-text
# <bdi dir="ltr">, which also works in attributes, form errors and mails).
UNISOLATED = re.compile(r"(?<!\u2066)\.(?:xlsx|csv)\b|\d[–—]\d")


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_extensions_and_ranges_in_messages_are_isolated_left_to_right(language):
    found = [f"{msgid!r}: {text}" for msgid, text in msgstrs(language) if UNISOLATED.search(text)]
    assert not found, f"Not isolated in locale/{language}:\n" + "\n".join(found)
