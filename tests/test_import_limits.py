"""An import is written once however often it is confirmed, and a spreadsheet too large to
import is refused while it is read, before it can hold a worker up."""

import io
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from openpyxl import Workbook

from stakeholders import imports, services
from stakeholders.models import ConsentChange, ImportBatch, PersonalDataAccess, Stakeholder
from tests.test_imports import HEBREW_HEADER, confirm, csv_bytes, preview_of, upload, xlsx

ROW_LIMIT_MESSAGE = "מספר השורות בקובץ עולה על 20,000"


def people_rows(count):
    return [
        [f"שם{n}", f"משפחה{n}", "", f"050{n + 1000000:07d}", f"p{n}@example.org", "סבילה", ""]
        for n in range(count)
    ]


def importer_for(batch, user):
    return imports.IMPORTERS[batch.kind](
        locality=batch.locality, user=user, default_kind=batch.default_kind, filename=batch.filename
    )


# --- Confirmed twice, written once ---------------------------------------------------------


@pytest.mark.django_db
def test_a_confirmation_with_a_stale_page_writes_nothing_more(
    coordinator_client, coordinator, locality
):
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, people_rows(5)), "a.xlsx"))
    # Two tabs opened the preview while it was still waiting: both hold a "previewed" batch.
    first, second = ImportBatch.objects.get(pk=batch.pk), ImportBatch.objects.get(pk=batch.pk)
    services.import_batch_confirm(batch=first, importer=importer_for(first, coordinator))
    with pytest.raises(ValidationError) as refused:
        services.import_batch_confirm(batch=second, importer=importer_for(second, coordinator))
    assert refused.value.code == "imported"
    assert Stakeholder.objects.count() == 5
    assert ConsentChange.objects.count() == 5


@pytest.mark.django_db
def test_a_file_that_fails_to_write_can_be_confirmed_again(
    coordinator_client, coordinator, locality, monkeypatch
):
    batch = preview_of(upload(coordinator_client, xlsx(HEBREW_HEADER, people_rows(3)), "a.xlsx"))

    def broken(self, analysis):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.StakeholderImporter, "write", broken)
    with pytest.raises(RuntimeError):
        services.import_batch_confirm(batch=batch, importer=importer_for(batch, coordinator))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED  # the claim was rolled back too
    monkeypatch.undo()
    confirm(coordinator_client, batch)
    assert Stakeholder.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time: confirmations cannot overlap there to begin with",
)
@pytest.mark.django_db(transaction=True)
def test_three_confirmations_at_the_same_moment_write_the_file_once(
    coordinator_client, coordinator, locality
):
    batch = preview_of(
        upload(coordinator_client, csv_bytes(HEBREW_HEADER, people_rows(300)), "a.csv")
    )
    start = threading.Barrier(3)
    outcomes = []

    def confirm_in_a_thread():
        try:
            start.wait()
            mine = ImportBatch.objects.get(pk=batch.pk)
            services.import_batch_confirm(batch=mine, importer=importer_for(mine, coordinator))
            outcomes.append("written")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm_in_a_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["imported", "imported", "written"]
    assert Stakeholder.objects.count() == 300
    assert ConsentChange.objects.count() == 300
    assert PersonalDataAccess.objects.count() == 300  # one "contact details set" row each


# --- Too large to import -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_200000_row_spreadsheet_is_refused_with_the_row_limit(coordinator_client, locality):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["שם פרטי", "טלפון"])
    for n in range(200_000):
        sheet.append([f"שם{n}", f"050{n:07d}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(coordinator_client, buffer.getvalue(), "big.xlsx")
    assert response.status_code == 200
    assert ROW_LIMIT_MESSAGE in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_csv_over_the_row_limit_is_refused(coordinator_client, locality):
    content = csv_bytes(["שם פרטי"], [[f"שם{n}"] for n in range(20_001)])
    response = upload(coordinator_client, content, "big.csv")
    assert ROW_LIMIT_MESSAGE in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_exactly_the_row_limit_is_accepted(coordinator_client, locality):
    content = csv_bytes(["שם פרטי"], [[f"שם{n}"] for n in range(20_000)])
    batch = preview_of(upload(coordinator_client, content, "limit.csv"))
    assert batch.preview["counts"]["new"] == 20_000


def zip_bomb(rows, columns=100):
    """An .xlsx whose one sheet is `rows` rows of `columns` identical cells: a few MB packed,
    hundreds of MB unpacked."""
    skeleton = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["x"])
    workbook.save(skeleton)
    row = "<row>" + "<c><v>1</v></c>" * columns + "</row>"
    result = io.BytesIO()
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                chunk = (row * 1000).encode()
                for _ in range(rows // 1000):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return result.getvalue()


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked(coordinator_client, locality):
    bomb = zip_bomb(150_000)  # 100 cells a row: about 225 MB unpacked
    assert len(bomb) < imports.MAX_FILE_BYTES
    response = upload(coordinator_client, bomb, "bomb.xlsx")
    assert response.status_code == 200
    assert "הקובץ גדול מדי לאחר פריסתו" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_sheet_under_the_unpacked_bound_still_stops_at_the_row_limit(
    coordinator_client, locality
):
    # 60,000 rows of 20 cells unpack to about 19 MB: under the bound, over the row limit,
    # and refused once the 20,001st data row is read.
    response = upload(coordinator_client, zip_bomb(60_000, columns=20), "long.xlsx")
    assert ROW_LIMIT_MESSAGE in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_sheet_wider_than_the_column_limit_is_refused_at_its_first_row(
    coordinator_client, locality
):
    response = upload(coordinator_client, zip_bomb(20_000, columns=100), "wide.xlsx")
    assert "מספר העמודות בקובץ עולה על 50" in response.content.decode()
    assert not ImportBatch.objects.exists()
