"""Every page of every role's tour is valid HTML, as the Nu Html Checker (vnu-jar, from npm)
sees it after the browser has loaded it and our scripts have run.

Assistive technologies build their picture of a page from its markup, so WCAG 2.0 (4.1.1)
asks for markup that parses cleanly. The checker is a Java program whose start is slow, so all
pages are saved first and checked in one run.
"""

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.walk import walk
from tests.tour import LANGUAGES, ROLES, choose_language, seed_demo_locality

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files):
    """The checker's errors for `files`, from one Java run."""
    java = shutil.which("java")
    if java is None:
        # A failure, not a skip: validity must be proven on every run (.ci/run installs Java).
        pytest.fail("java is not installed: apt-get install -y default-jre-headless")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci` (vnu-jar is a dev dependency)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the HTML checker failed (exit {result.returncode}):\n{result.stderr}")


@pytest.fixture
def demo_locality(transactional_db):
    return seed_demo_locality()


def test_every_page_of_every_role_is_valid_html(page, live_server, demo_locality, tmp_path):
    saved = {}  # file name -> which page it is
    for language, role in itertools.product(LANGUAGES, ROLES):
        choose_language(language)
        page.context.clear_cookies()  # log the previous role out
        for stop, response in walk(page, live_server, role, demo_locality, language):
            slug = re.sub(r"[^a-z0-9]+", "-", stop.name.lower()).strip("-")
            where = f"{language} · {role} · {stop.name} ({stop.path})"
            # As the server sent it (where unclosed and stray tags show), and as the browser
            # holds it after our scripts ran (where what they add shows).
            for state, html in (("served", response.text()), ("loaded", page.content())):
                name = f"{len(saved):03d}-{language}-{role}-{slug}-{state}.html"
                (tmp_path / name).write_text(html, encoding="utf-8")
                saved[name] = f"{where}, {state}"

    messages = run_vnu(tmp_path / name for name in saved)
    problems = []
    for message in messages:
        url = message.get("url", "?")
        where = saved.get(url.rsplit("/", 1)[-1], url)
        extract = " ".join(message.get("extract", "").split())
        problems.append(
            f"{where}, line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"
        )
    assert len(saved) > 2 * len(ROLES) * len(LANGUAGES)
    assert not problems, "The HTML checker found errors:\n" + "\n".join(problems)
