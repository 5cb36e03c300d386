import pytest
from django.core.exceptions import ValidationError

from stakeholders.phones import format_israeli_phone, normalize_israeli_phone


@pytest.mark.parametrize(
    "typed",
    [
        "050-1234567",
        "0501234567",
        "050 123 4567",
        "+972 50-123-4567",
        "972501234567",
        "(050)1234567",
    ],
)
def test_a_mobile_number_is_stored_in_one_form_however_it_is_typed(typed):
    assert normalize_israeli_phone(typed) == "+972501234567"


def test_a_landline_is_accepted():
    assert normalize_israeli_phone("04-8123456") == "+97248123456"


def test_an_empty_phone_stays_empty():
    assert normalize_israeli_phone("  ") == ""


@pytest.mark.parametrize(
    "bad",
    [
        "12",
        "050-123",
        "abc",
        "٠٥٠١٢٣٤٥٦٧",
        "1-800-123-456",
        "+1 202 555 0100",
        "0501234567" * 5,
        "<script>",
        "טלפון",
    ],
)
def test_a_bad_phone_is_refused_with_a_hebrew_message(bad):
    with pytest.raises(ValidationError) as error:
        normalize_israeli_phone(bad)
    assert error.value.code == "invalid_phone"
    assert "מספר טלפון" in str(error.value.messages[0])


def test_a_stored_number_is_shown_the_israeli_way():
    assert format_israeli_phone("+972501234567") == "050-1234567"
    assert format_israeli_phone("+97248123456") == "04-8123456"
    assert format_israeli_phone("") == ""
