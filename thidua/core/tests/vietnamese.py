"""Finds English a user would see on a page rendered in Vietnamese.

The reference is the English message ids of Django's and Wagtail's own catalogues
(every .po under their locale/en): a visible text node, a placeholder, a title or
an aria-label equal to one of them means a string of theirs reached the page
untranslated — a msgid our compiled vi catalogue lacks, or a label built without
gettext at all (Wagtail's login form derives "Password" from the field name)."""

from __future__ import annotations

import ast
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail

# English ids that are also fine in a Vietnamese page: names and the language menu.
ALLOWED = {"English", "Wagtail", "Django", "OK", "ID", "URL", "PDF", "CSV", "Email"}
_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "value"}
_HIDDEN = {"script", "style", "template", "noscript", "textarea", "code", "pre"}
_MSGID = re.compile(r'^msgid(?:_plural)? ("(?:[^"\\]|\\.)*")\s*$')
_CONT = re.compile(r'^("(?:[^"\\]|\\.)*")\s*$')


def _msgids(po: Path) -> set[str]:
    ids, current, inside = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if m := _MSGID.match(line):
            if inside and current:  # a msgid followed by its msgid_plural
                ids.add("".join(current))
            current, inside = [ast.literal_eval(m.group(1))], True
        elif inside and (m := _CONT.match(line)):
            current.append(ast.literal_eval(m.group(1)))
        else:
            if inside and current:
                ids.add("".join(current))
            inside = False
    return ids


@cache
def english_messages() -> frozenset[str]:
    """English UI strings of Django and Wagtail: ASCII, with a word of 2+ letters,
    no placeholders (those never appear verbatim)."""
    found: set[str] = set()
    for package in (django, wagtail):
        root = Path(package.__file__).parent
        for po in root.glob("**/locale/en/LC_MESSAGES/django*.po"):
            found |= _msgids(po)
    return frozenset(
        m
        for m in found
        if m.isascii()
        and re.search(r"[A-Za-z]{2}", m)
        and "%" not in m
        and "{" not in m
        and m not in ALLOWED
    )


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        names = dict(attrs)
        for name, value in attrs:
            if name not in _ATTRIBUTES or not value:
                continue
            if name == "value" and names.get("type") not in ("submit", "button"):
                continue
            self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.texts.append(data)


@cache
def english_patterns() -> tuple[re.Pattern[str], ...]:
    """Short messages with a number in them ("%(num)d minutes"), as they appear
    inside a sentence: "43 minutes trước"."""
    found: set[str] = set()
    for package in (django, wagtail):
        root = Path(package.__file__).parent
        for po in root.glob("**/locale/en/LC_MESSAGES/django*.po"):
            found |= _msgids(po)
    patterns = []
    for m in found:
        literal = re.sub(r"%\([a-z_]+\)d|%d", "", m)
        if m == literal or "%" in literal or len(m.split()) > 3:
            continue
        if not re.search(r"[A-Za-z]{3}", literal):
            continue
        body = re.escape(m)
        body = re.sub(r"%\\\([a-z_]+\\\)d|%d", r"\\d+", body)
        patterns.append(re.compile(rf"(?<!\w){body}(?!\w)"))
    return tuple(patterns)


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts if t.strip()]


def english_on(html: str) -> set[str]:
    """Django or Wagtail strings left in English on the page."""
    english = english_messages()
    found = set()
    for text in visible_texts(html):
        for candidate in (text, text.rstrip(":*").strip()):
            if candidate in english:
                found.add(candidate)
        found.update(m.group(0) for p in english_patterns() if (m := p.search(text)))
    return found
