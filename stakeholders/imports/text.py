"""How a spreadsheet's text is compared with the app's own words: headers, choice values and
names, written by hand in Hebrew, Arabic or English.

`normal_text` is the one comparison key: two spellings match when their keys are equal.
`spellings` lists the ways one label of the app may be written (its masculine and feminine
forms), so that each is looked up by its key.
"""

import re
import unicodedata

HEBREW_LETTER = "\u05d0-\u05ea"
ARABIC_LETTER = "\u0621-\u064a"
LETTER = HEBREW_LETTER + ARABIC_LETTER
# "תושב/ת", "חבר/ה", "ساكن/ة": a word, a slash and the one or two letters of its feminine
# ending. Only Hebrew and Arabic letters, so that English "and/or" keeps its "or".
GENDER_SLASH = re.compile(rf"(?<=[{LETTER}])\s*/\s*([{LETTER}]{{1,2}})(?![{LETTER}])")
# Vowel points and cantillation (Hebrew, with the maqaf), harakat and tatweel (Arabic): a
# label typed with or without them is the same label.
MARKS = re.compile("[\u0591-\u05c7\u064b-\u065f\u0670\u0640]")
FINAL_LETTERS = str.maketrans("ךםןףץ", "כמנפצ")
# Arabic letters typed in more than one way: alef with hamza or madda, alef maqsura and yeh,
# teh marbuta and heh, and the Persian keyboard's yeh and kaf.
ARABIC_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"}
)
# Spaces, quotes of every keyboard (״ " '' ׳ ' and typographic ones), dashes and other
# punctuation that people type or leave out at will.
IGNORED = re.compile(r"[\s\"'`´‘’‚‛“”„‟«»′″״׳_\-‐‑‒–—.:()]+")


def normal_text(text):
    """The comparison key of a header, a choice value or a name: without case, spaces,
    quotes, punctuation, vowel marks, gender slashes, and with Hebrew final letters written
    as ordinary ones ("תושב/ת", " תושב ", "תושב" all give "תושב")."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = MARKS.sub("", text)
    text = GENDER_SLASH.sub("", text)
    text = text.translate(FINAL_LETTERS).translate(ARABIC_VARIANTS)
    return IGNORED.sub("", text)


def spellings(label):
    """The ways a label of the app is written: as it is, and with each gender slash joined
    into the feminine form ("בעל/ת תפקיד" also as "בעלת תפקיד"). The masculine form needs no
    entry of its own: `normal_text` drops the slash and what follows it."""
    text = str(label)
    feminine = GENDER_SLASH.sub(lambda match: match.group(1), text)
    return [text] if feminine == text else [text, feminine]
