"""The settings helpers read the environment strictly: a typo stops the start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kehila.settings import env_bool, env_int


@pytest.mark.parametrize("word", ["1", "true", "True", "YES", "on", " yes "])
def test_env_bool_reads_the_words_for_yes(monkeypatch, word):
    monkeypatch.setenv("KEHILA_TEST_FLAG", word)
    assert env_bool("KEHILA_TEST_FLAG", False) is True


@pytest.mark.parametrize("word", ["0", "false", "FALSE", "no", "off", " Off "])
def test_env_bool_reads_the_words_for_no(monkeypatch, word):
    monkeypatch.setenv("KEHILA_TEST_FLAG", word)
    assert env_bool("KEHILA_TEST_FLAG", True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_env_bool_falls_back_to_the_default_when_unset_or_empty(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("KEHILA_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("KEHILA_TEST_FLAG", value)
    assert env_bool("KEHILA_TEST_FLAG", True) is True
    assert env_bool("KEHILA_TEST_FLAG", False) is False


@pytest.mark.parametrize("typo", ["ture", "flase", "y", "2", "enabled", "yes please"])
def test_env_bool_refuses_anything_else(monkeypatch, typo):
    monkeypatch.setenv("KEHILA_TEST_FLAG", typo)
    with pytest.raises(ImproperlyConfigured, match="KEHILA_TEST_FLAG"):
        env_bool("KEHILA_TEST_FLAG", True)


def test_env_int_refuses_a_value_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("KEHILA_TEST_NUMBER", "14 days")
    with pytest.raises(ImproperlyConfigured, match="KEHILA_TEST_NUMBER"):
        env_int("KEHILA_TEST_NUMBER", 14)
    monkeypatch.setenv("KEHILA_TEST_NUMBER", "21")
    assert env_int("KEHILA_TEST_NUMBER", 14) == 21
