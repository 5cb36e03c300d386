"""What the README's quick start promises, the Makefile does."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def quick_start():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_the_quick_start_says_how_to_choose_another_port_and_the_makefile_obeys():
    section = quick_start()
    assert "PORT=8010 make run" in section and "PROD_PORT=8011 make serve-prod" in section
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    # `?=`: a PORT from the environment wins over the default.
    assert re.search(r"^PORT \?= 8000$", makefile, re.MULTILINE)
    assert re.search(r"^PROD_PORT \?= 8001$", makefile, re.MULTILINE)
    assert "runserver $(HOST):$(PORT)" in makefile
    assert "--bind 127.0.0.1:$(PROD_PORT)" in makefile
