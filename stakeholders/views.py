from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from stakeholders.models import Locality, Stakeholder


@login_required
def home(request):
    """The landing page: the user's localities and how many stakeholders each maps."""
    localities = Locality.objects.visible_to(request.user)
    stakeholders = Stakeholder.objects.visible_to(request.user)
    return render(
        request,
        "stakeholders/home.html",
        {"localities": localities, "stakeholder_count": stakeholders.count()},
    )
