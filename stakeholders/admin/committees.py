"""Committees and task teams, their seats, and officials' seat requests and invitations."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from stakeholders import access_log, services
from stakeholders.admin.base import (
    LOCALITY_FILTER,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedInline,
)
from stakeholders.models import Committee, Invitation, Membership, SeatRequest


class CommitteeMembershipInline(ScopedInline):
    model = Membership
    fields = ["stakeholder", "role", "start_date", "term_end_date", "end_date", "note"]
    autocomplete_fields = ["stakeholder"]
    ordering = ["end_date", "role"]


class TaskTeamInline(ScopedInline):
    model = Committee
    fk_name = "parent"
    fields = ["name", "kind"]
    show_change_link = True
    verbose_name_plural = _("task teams")


def _save_membership(request, membership):
    """New seats go through the service, so that they count as active consent."""
    if membership.pk is None:
        return services.membership_add(
            stakeholder=membership.stakeholder,
            committee=membership.committee,
            role=membership.role,
            by=request.user,
            start_date=membership.start_date,
            term_end_date=membership.term_end_date,
            note=membership.note,
        )
    membership.save()
    return membership


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ["name", "kind", "parent", "locality", "current_members"]
    list_filter = ["kind", LOCALITY_FILTER]
    search_fields = ["name", "description"]
    list_select_related = ["parent", "locality"]
    autocomplete_fields = ["parent"]
    inlines = [CommitteeMembershipInline, TaskTeamInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _current_members=Count("memberships", filter=Q(memberships__end_date__isnull=True))
            )
        )

    @admin.display(description=_("current members"), ordering="_current_members")
    def current_members(self, obj):
        return obj._current_members

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            _save_membership(request, membership)
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(ScopedHistoryAdmin):
    list_display = ["stakeholder", "committee", "role", "start_date", "term_end_date", "end_date"]
    list_filter = ["role", "committee__kind", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "committee__name"]
    list_select_related = ["stakeholder", "committee"]
    autocomplete_fields = ["stakeholder", "committee"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        saved = _save_membership(request, obj)
        obj.pk = saved.pk


# --- Municipal staff self-service ------------------------------------------------------------


@admin.register(SeatRequest)
class SeatRequestAdmin(ScopedAdmin):
    """Officials' requests, for the record. They are decided in the workspace's queue, where
    approving also changes the seat; here they are read and, if need be, deleted."""

    list_display = ["stakeholder", "committee", "kind", "role", "status", "created_at"]
    list_filter = ["status", "kind", LOCALITY_FILTER]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name", "committee__name"]
    list_select_related = ["stakeholder", "committee"]
    fields = [
        "locality",
        "stakeholder",
        "committee",
        "membership",
        "kind",
        "role",
        "note",
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    """Who was invited to log in, by whom, and whether they accepted. Invitations are sent
    from the official's profile in the workspace, which creates the login and the link."""

    # The address is personal data: shown on the record's page (and logged), not in the list.
    list_display = ["stakeholder", "invited_by", "created_at", "accepted_at"]
    list_filter = [LOCALITY_FILTER]
    search_fields = ["stakeholder__first_name", "stakeholder__last_name"]
    list_select_related = ["stakeholder", "invited_by"]
    fields = ["locality", "stakeholder", "user", "email", "invited_by", "created_at", "accepted_at"]
    readonly_fields = fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        invitation = self.get_object(request, unquote(object_id)) if object_id else None
        if invitation is not None:
            access_log.record(request, invitation.stakeholder, access_log.VIEW, fields=["email"])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
