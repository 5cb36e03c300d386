"""A person's privacy requests, handled by a coordinator: a copy of their data, or its erasure.

Both ask first: a GET shows what will happen, and only a POST acts. Both are logged in the
access log (the export before the file is built, the erasure with the change itself).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders import access_log, exports, privacy
from stakeholders.forms.privacy import ErasureForm
from stakeholders.models import LocalityAccess, Stakeholder
from stakeholders.workspace import get_scoped_object, workspace_view

EXPORT_SOURCE = "export:personal-data.xlsx"


def _person(request, pk):
    return get_scoped_object(
        request, Stakeholder.objects.select_related("locality", "created_by"), pk=pk, edit=True
    )


@workspace_view
def stakeholder_privacy_export(request, pk):
    """Everything held about the person, as an Excel workbook, after a confirmation page."""
    person = _person(request, pk)
    if request.method == "POST":
        # Logged before the file is built: a download that fails halfway still counts.
        access_log.record(request, person, access_log.EXPORT, EXPORT_SOURCE)
        filename = (
            f"personal-data-{person.pk}-{person.locality.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
        )
        return exports.workbook_response(privacy.personal_data_tables(person), filename)
    return render(request, "stakeholders/privacy_export_confirm.html", {"person": person})


@workspace_view
def stakeholder_privacy_erase(request, pk):
    """Anonymise the person, after a confirmation page that says what goes and what stays."""
    person = _person(request, pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        privacy.erase(person=person, by=request.user, request=request)
        messages.success(
            request,
            _("The personal data was erased. The change history records who erased it and when."),
        )
        return redirect("stakeholders:stakeholder_detail", pk=person.pk)
    return render(
        request,
        "stakeholders/privacy_erase_confirm.html",
        {
            "person": person,
            "form": form,
            "has_login": LocalityAccess.objects.filter(stakeholder=person).exists(),
        },
    )
