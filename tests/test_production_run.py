"""The production run, for real: migrate, collectstatic, then gunicorn with several workers and
WhiteNoise serving the hashed, compressed static files (what `make serve-prod` and a
deployment do), against a database and a static folder of its own."""

import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings

TIMEOUT = 60  # seconds for each step: a hung step fails this test instead of the suite
ONE_YEAR = 365 * 24 * 60 * 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, r.headers, r.read()


def wait_until_serving(url, server, log):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
        try:
            return fetch(url)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer within {TIMEOUT} s:\n{log.read_text()}")


def test_gunicorn_serves_the_app_and_its_hashed_static_files(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain http on loopback, as in make serve-prod
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            timeout=TIMEOUT,
        )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kehila.wsgi", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", "20"]
            # No control socket in the home folder, shared with any other gunicorn running.
            + ["--no-control-socket"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        status, headers, body = wait_until_serving(base + "/accounts/login/", server, log)
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        page = body.decode()
        assert '<html lang="he" dir="rtl">' in page

        # Static addresses carry a hash of the content, so they may be cached for good.
        css = re.search(
            r'href="(/static/vendor/bootstrap/css/bootstrap\.rtl\.min\.\w+\.css)"', page
        )
        assert css, "no hashed Bootstrap stylesheet in the login page"
        status, headers, body = fetch(base + css.group(1), **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert headers["Content-Encoding"] == "gzip"  # compressed once, at collectstatic
        max_age = re.search(r"max-age=(\d+)", headers["Cache-Control"])
        assert max_age and int(max_age.group(1)) >= ONE_YEAR, headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]
        assert headers["Content-Security-Policy"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
