"""The text of a PDF as a reader meets it, for tests: `pdftotext` (poppler-utils), with the
bidi embedding marks it adds around right-to-left runs taken out."""

import re
import subprocess
import tempfile
from pathlib import Path

BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return BIDI_MARKS.sub("", out)


def squeeze(text):
    """The text without white space: for checking the order of words and numbers in a line."""
    return re.sub(r"\s+", "", text)
