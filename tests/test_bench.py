"""`manage.py bench` runs end to end on a tiny locality and prints one line per page."""

import io
import re

import pytest
from django.core.management import call_command

LINE = re.compile(
    r"^BENCH db=(sqlite|postgresql) page=(\w+) n=(\d+) p50_ms=[\d.]+ p95_ms=[\d.]+ queries=(\d+)$"
)


@pytest.mark.django_db
def test_the_benchmark_times_every_page_with_constant_query_counts():
    out = io.StringIO()
    call_command(
        "bench", sizes=[40, 120], repeat=5, import_rows=30, stdout=out, stderr=io.StringIO()
    )
    lines = [LINE.match(line) for line in out.getvalue().splitlines()]
    assert all(lines), out.getvalue()
    pages = {}
    for match in lines:
        pages.setdefault(match.group(2), {})[int(match.group(3))] = int(match.group(4))
    assert set(pages) == {
        "dashboard",
        "register",
        "register_filtered",
        "profile",
        "committee",
        "admin_changelist",
        "dashboard_sql_floor",
        "import_preview",
        "import_write",
    }
    for page, counts in pages.items():
        if not page.startswith("import"):
            assert counts[40] == counts[120], page
