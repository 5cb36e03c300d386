"""Confirming an import: the file's rows are written once, whoever clicks "import" and however
many times."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import ImportBatch


def import_batch_confirm(*, batch, importer):
    """Analyse the batch's file again and write it: all its new and updated rows, or nothing.

    The batch is claimed with a conditional UPDATE (status from "previewed" to "imported")
    inside the transaction that writes the rows. Of several confirmations at the same moment
    exactly one claims it; on PostgreSQL the others wait for its row lock and then find it
    imported, on SQLite the database's single writer orders them the same way. If the write
    fails, the claim is rolled back with it and the file can be confirmed again. Raises
    ValidationError (code "imported") for a batch already imported, and ImportFileError for
    a file that can no longer be read.
    """
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(
            pk=batch.pk, status=ImportBatch.Status.PREVIEWED
        ).update(status=ImportBatch.Status.IMPORTED, imported_at=timezone.now())
        if not claimed:
            raise ValidationError(_("This file was already imported."), code="imported")
        content = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
        analysis = importer.analyse(bytes(content), batch.filename)
        importer.write(analysis)
        counts = analysis.counts()
        ImportBatch.objects.filter(pk=batch.pk).update(preview=analysis.as_json(), result=counts)
    batch.refresh_from_db(fields=["status", "imported_at", "preview", "result"])
    return analysis
