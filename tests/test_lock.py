"""The locked dependency tree matches the pins in pyproject.toml, with a hash for every file."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def locked(name):
    """{package: version} of a lock file; also checks that each package carries hashes."""
    text = (ROOT / name).read_text()
    versions = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        match = re.match(r"([a-z0-9._-]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match[1]} has no hash in {name}"
            versions[match[1]] = match[2]
    return versions


def pins(requirements):
    return {
        re.sub(r"[-_.]+", "-", name.lower()): version
        for name, version in (requirement.split("==") for requirement in requirements)
    }


@pytest.mark.parametrize(
    "lock, requirements",
    [
        ("requirements.lock", PROJECT["dependencies"]),
        (
            "requirements-dev.lock",
            PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"],
        ),
    ],
)
def test_every_pin_of_pyproject_is_in_the_lock_at_the_same_version(lock, requirements):
    versions = locked(lock)
    missing = {
        name: version
        for name, version in pins(requirements).items()
        if versions.get(name) != version
    }
    assert not missing, f"run `make lock`: {lock} differs from pyproject.toml for {missing}"


def test_the_server_lock_holds_no_test_tools():
    assert "pytest" not in locked("requirements.lock")
    assert "pytest" in locked("requirements-dev.lock")
