"""What every page of the admin shares: locality scoping, the scoped base classes and the
read-only, scoped pages of each object's history."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import re_path
from simple_history.admin import SimpleHistoryAdmin

from stakeholders import access
from stakeholders.enums import Role

# Only the localities that appear in the user's own records, never the others' names.
LOCALITY_FILTER = ("locality", admin.RelatedOnlyFieldListFilter)


def is_locality_admin(user):
    return access.sees_everything(user) or bool(access.locality_ids(user, [Role.ADMIN]))


class ScopedAdminMixin:
    """Locality admins see and choose only their localities' records; superusers see all.

    Permission comes from the locality role rather than Django's per-model permissions, so
    granting a role in a locality is the one place where access is decided.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).administered_by(request.user)

    def has_module_permission(self, request):
        return is_locality_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_locality_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_locality_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_locality_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_locality_admin(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is get_user_model():
            kwargs.setdefault("queryset", _users_for(request.user))
        elif hasattr(related.objects.all(), "administered_by"):
            kwargs.setdefault("queryset", related.objects.administered_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects.all(), "administered_by"):
            kwargs.setdefault("queryset", related.objects.administered_by(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _users_for(user):
    """Users a locality admin may pick: those of their localities and those with no role yet."""
    users = get_user_model().objects.order_by("username")
    if access.sees_everything(user):
        return users
    administered = access.locality_ids(user, [Role.ADMIN])
    return users.filter(
        Q(locality_accesses__locality__in=administered) | Q(locality_accesses__isnull=True)
    ).distinct()


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    # Websites typed without a scheme are assumed to be HTTPS, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0

    def get_queryset(self, request):
        # The parent object is already scoped; inlines only need their own rows.
        return admin.TabularInline.get_queryset(self, request)


def administered_history(model, user, history=None):
    """The model's historical rows (or those of `history`) in the localities the user
    administers, by the locality of each row's object (a deleted object's rows included,
    where the row itself records its locality)."""
    if history is None:
        history = model.history.all()
    if access.sees_everything(user):
        return history
    lookup = model.objects.all().locality_lookup
    return history.filter(**{f"{lookup}__in": access.locality_ids(user, [Role.ADMIN])})


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """django-simple-history's pages of each object's past versions, scoped and read-only.

    Its own views look rows up in the whole history table, so a locality admin could read
    another locality's objects by their numbers: here every historical row is looked up among
    the localities the user administers. Reverting is off: the history is a record, and a
    correction is a new change, made on the object itself.
    """

    def get_urls(self):
        # The same page as django-simple-history's, with named groups (so it reverses with
        # keyword arguments like the admin's other pages).
        name = f"{self.opts.app_label}_{self.opts.model_name}_simple_history"
        version = re_path(
            r"^(?P<object_id>[^/]+)/history/(?P<version_id>[^/]+)/$",
            self.admin_site.admin_view(self.history_form_view),
            name=name,
        )
        return [version, *(url for url in super().get_urls() if url.name != name)]

    def revert_disabled(self, request, obj=None):
        return True

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return administered_history(self.model, request.user, records)

    def _object_id(self, object_id):
        try:
            return self.opts.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error

    def history_view(self, request, object_id, extra_context=None):
        object_id = self._object_id(object_id)
        records = self.get_history_queryset(request, self.model.history, "id", object_id)
        self.record_history_access(request, records)
        return super().history_view(request, str(object_id), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        object_id = self._object_id(object_id)
        if not version_id.isdigit():
            raise Http404
        records = administered_history(self.model, request.user).filter(
            id=object_id, history_id=int(version_id)
        )
        if not records.exists():
            raise Http404
        self.record_history_access(request, records)
        return super().history_form_view(request, str(object_id), version_id, extra_context)

    def record_history_access(self, request, records):
        """Models with contact details log the history pages that show them."""
