"""Import from Excel or CSV: upload, preview every row, confirm; and the template files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from stakeholders import exports, imports, services
from stakeholders.forms.imports import UploadForm
from stakeholders.models import ImportBatch
from stakeholders.workspace import get_scoped_object, workspace_view

PREVIEW_PAGE_SIZE = 100


def _importer(request, batch):
    importer_class = imports.IMPORTERS[batch.kind]
    return importer_class(
        locality=batch.locality,
        user=request.user,
        default_kind=batch.default_kind,
        filename=batch.filename,
    )


def counts_in_words(counts):
    """Each status's count with its noun in the number the language gives it: "one new row",
    never "1 new rows" (the preview page says the same with {% blocktranslate count %})."""
    phrases = {
        "new": ngettext("one new row", "%(counter)s new rows", counts["new"]),
        "update": ngettext("one update", "%(counter)s updates", counts["update"]),
        "duplicate": ngettext("one duplicate", "%(counter)s duplicates", counts["duplicate"]),
        "error": ngettext("one row with errors", "%(counter)s rows with errors", counts["error"]),
    }
    return {status: phrase % {"counter": counts[status]} for status, phrase in phrases.items()}


@workspace_view(edit=True)
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            form.add_error("file", _("The file is larger than 10 MB. Split it into smaller files."))
        else:
            batch = ImportBatch(
                locality=request.locality,
                kind=form.cleaned_data["kind"],
                filename=upload.name[:255],
                content=upload.read(),
                default_kind=form.cleaned_data["default_kind"],
                created_by=request.user,
            )
            try:
                analysis = _importer(request, batch).analyse(bytes(batch.content), batch.filename)
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                batch.preview = analysis.as_json()
                batch.save()
                return redirect("stakeholders:import_preview", pk=batch.pk)
    recent = ImportBatch.objects.visible_to(request.user).in_locality(request.locality)[:10]
    return render(request, "stakeholders/import_start.html", {"form": form, "recent": recent})


def _column_labels(batch):
    return {column.field: str(column.labels[0]) for column in imports.IMPORTERS[batch.kind].columns}


def _problems(row, columns, labels):
    """A row's problems, each with the column it is in, in the file's order; then those of
    the row as a whole (and of fields the file has no column for), so that none is lost."""
    errors = row["errors"]
    fields = [field for field in columns if field in errors]
    fields += [field for field in errors if field not in fields]
    return [(labels.get(field, "") if field else "", errors[field]) for field in fields]


@workspace_view
@require_GET
def import_preview(request, pk):
    batch = get_scoped_object(request, ImportBatch.objects.defer("content"), pk=pk, edit=True)
    preview = batch.preview
    shown = request.GET.get("status", "")
    rows = preview["rows"]
    if shown in imports.STATUS_LABELS:
        rows = [row for row in rows if row["status"] == shown]
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    columns = preview["columns"]
    labels = _column_labels(batch)
    table = [
        {
            **row,
            "problems": _problems(row, columns, labels),
            "cell_list": [
                (field, row["cells"].get(field, ""), field in row["errors"]) for field in columns
            ],
        }
        for row in page.object_list
    ]
    counts = preview["counts"]
    to_import = counts["new"] + counts["update"]
    return render(
        request,
        "stakeholders/import_preview.html",
        {
            "batch": batch,
            "counts": counts,
            "ignored": preview["ignored"],
            "headers": [labels.get(field, field) for field in columns],
            "table": table,
            "page": page,
            "shown": shown,
            "statuses": imports.STATUS_LABELS,
            "query": f"status={shown}" if shown else "",
            "can_import": to_import > 0,
            "to_import": to_import,
            "to_import_text": f"{to_import:,}",
        },
    )


@workspace_view
@require_POST
def import_confirm(request, pk):
    batch = get_scoped_object(request, ImportBatch.objects.defer("content"), pk=pk, edit=True)
    try:
        analysis = services.import_batch_confirm(batch=batch, importer=_importer(request, batch))
    except ValidationError:
        # Already imported, here or by a confirmation a moment ago in another tab.
        messages.info(request, _("This file was already imported."))
        return redirect("stakeholders:import_preview", pk=batch.pk)
    except imports.ImportFileError as error:
        messages.error(request, str(error))
        return redirect("stakeholders:import_start")
    messages.success(
        request,
        _("Imported: %(new)s and %(update)s. Not imported: %(duplicate)s and %(error)s.")
        % counts_in_words(analysis.counts()),
    )
    return redirect("stakeholders:import_preview", pk=batch.pk)


@workspace_view
@require_GET
def import_problems(request, pk):
    """The rows that were not imported, with the reason, to fix and import again."""
    batch = get_scoped_object(request, ImportBatch.objects.defer("content"), pk=pk, edit=True)
    labels = _column_labels(batch)
    columns = batch.preview["columns"]
    problems = [row for row in batch.preview["rows"] if row["status"] in ("error", "duplicate")]

    def rows():
        for row in problems:
            reasons = [row["note"]] + [
                f"{label}: {message}" if label else message
                for label, message in _problems(row, columns, labels)
            ]
            yield [
                *[row["cells"].get(field, "") for field in columns],
                row["number"],
                " ".join(reason for reason in reasons if reason),
            ]

    header = [labels.get(field, field) for field in columns] + [_("Row"), _("Reason")]
    table = exports.Table(f"not-imported-{batch.pk}", header, rows)
    return exports.respond(table, batch.locality, request.GET.get("format"))


# An example row for each template: what the columns expect.
EXAMPLES = {
    "stakeholders": {
        "first_name": "נועה",
        "last_name": "כהן",
        "kind": "תושב/ת",
        "sector": "",
        "phone": "050-1234567",
        "email": "noa@example.org",
        "organisation": "",
        "organisation_role": "",
        "community": "שכונת הגפן",
        "division": "",
        "department": "",
        "position": "",
        "job_title": "",
        "influence_level": "3",
        "influence_basis": "אישיות",
        "consent_level": "סבילה",
        "notes": "פעילה בוועד השכונה",
    },
    "organisations": {
        "name": "מתנ״ס הגפן",
        "sector": "ציבורי",
        "scope": "מקומי",
        "kind": "מתנ״ס",
        "website": "https://example.org",
        "notes": "",
    },
    "memberships": {
        "committee": "ועדת ההיגוי",
        "full_name": "נועה כהן",
        "phone": "050-1234567",
        "email": "",
        "role": "חבר/ה",
        "start_date": "01/09/2026",
        "term_end_date": "31/08/2027",
    },
}


@workspace_view(edit=True)
@require_GET
def import_template(request, kind):
    importer = imports.IMPORTERS.get(kind)
    if importer is None:
        return redirect("stakeholders:import_start")
    fields = [c.field for c in importer.columns if c.field != "full_name" or kind == "memberships"]
    labels = {c.field: c.labels[0] for c in importer.columns}
    header = [str(labels[field]) for field in fields]
    example = [EXAMPLES[kind].get(field, "") for field in fields]
    table = exports.Table(f"template-{kind}", header, lambda: [example])
    return exports.respond(table, request.locality, request.GET.get("format"))
