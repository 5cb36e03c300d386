"""The PDF foundation: Hebrew and Arabic come out as text in reading order, and a template
cannot make the server fetch anything but our own static files."""

import pytest
from django.utils import translation

from stakeholders.pdf import html_to_pdf, render_pdf, static_file
from tests.pdftext import pdf_text, squeeze


def test_hebrew_and_arabic_read_in_order():
    data = html_to_pdf(
        '<html dir="rtl"><head><link rel="stylesheet" href="static:/css/pdf.css"></head>'
        "<body><h1>ועדת חינוך</h1><p>لجنة التعليم</p><p>12 מתוך 40</p></body></html>"
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "ועדת חינוך" in text
    assert "لجنة التعليم" in text
    assert "12מתוך40" in squeeze(text)


def test_only_static_files_are_fetched():
    # An image from elsewhere is not fetched: WeasyPrint logs the refusal and draws nothing.
    data = html_to_pdf('<html><body><img src="http://127.0.0.1:9/x.png"><p>ok</p></body></html>')
    assert "ok" in pdf_text(data)


def test_the_fetcher_reads_static_files_and_refuses_urls():
    assert b"DejaVu Sans" in static_file("static:/css/pdf.css")
    with pytest.raises(ValueError):
        static_file("http://127.0.0.1:9/x.png")
    with pytest.raises(ValueError):
        static_file("static:/../../etc/passwd")


def test_render_pdf_draws_a_template():
    with translation.override("he"):
        data = render_pdf("pdf/base.html", {})
    assert data.startswith(b"%PDF")
