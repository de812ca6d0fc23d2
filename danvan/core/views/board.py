"""The overdue board /han-xu-ly/: every live obligation in the user's scope, most urgent first.

Filters are a GET form; with htmx only the results are refreshed. Leaders and administrators
also see "Ai đang chậm": late and amber counts by organisation and by person.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from danvan.core.errors import ValidationFailed
from danvan.core.models import Organization
from danvan.core.selectors.calendar import work_calendar
from danvan.core.selectors.obligations import (
    ASSIGNEE_ME,
    ASSIGNEE_NONE,
    RAG_LABELS,
    BoardFilters,
    can_see_lateness,
    obligation_board,
    obligation_lateness,
)
from danvan.core.selectors.scope import scope_queryset
from danvan.core.services.obligations import (
    obligation_kind_choices,
    obligation_target_status_choices,
)
from danvan.core.topics import topic_choices

# Above this many organisations in scope, the organisation filter is a code to type.
ORG_CHOICES_MAX = 300
FILTER_NAMES = ("rag", "kind", "topic", "status", "area", "organization", "assignee")


def _choice_or_text(
    label: Any, choices: list[tuple[str, str]], empty: Any, max_length: int
) -> forms.Field:
    if choices:
        return forms.ChoiceField(label=label, required=False, choices=[("", empty), *choices])
    return forms.CharField(label=label, required=False, max_length=max_length)


class BoardFilterForm(forms.Form):
    rag = forms.ChoiceField(
        label=gettext_lazy("Mức cảnh báo"),
        required=False,
        choices=[
            ("", gettext_lazy("Mọi mức")),
            *((key, label) for key, label in RAG_LABELS.items() if key != "paused"),
        ],
    )
    area = forms.CharField(
        label=gettext_lazy("Mã địa bàn"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Gồm cả các đơn vị hành chính cấp dưới."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    assignee = forms.ChoiceField(
        label=gettext_lazy("Người được giao"),
        required=False,
        choices=[
            ("", gettext_lazy("Mọi người")),
            (ASSIGNEE_ME, gettext_lazy("Việc của tôi")),
            (ASSIGNEE_NONE, gettext_lazy("Chưa giao cho ai")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = _choice_or_text(
            gettext_lazy("Loại việc"), obligation_kind_choices(), gettext_lazy("Mọi loại"), 60
        )
        self.fields["topic"] = _choice_or_text(
            gettext_lazy("Lĩnh vực"), topic_choices(), gettext_lazy("Mọi lĩnh vực"), 40
        )
        self.fields["status"] = _choice_or_text(
            gettext_lazy("Trạng thái hồ sơ"),
            obligation_target_status_choices(),
            gettext_lazy("Mọi trạng thái"),
            30,
        )
        orgs = list(
            scope_queryset(Organization.objects.filter(is_active=True), user, org_field="pk")
            .order_by("code")
            .values_list("code", "name")[: ORG_CHOICES_MAX + 1]
        )
        if len(orgs) > ORG_CHOICES_MAX:
            orgs = []
        self.fields["organization"] = _choice_or_text(
            gettext_lazy("Cơ quan chịu trách nhiệm"), orgs, gettext_lazy("Mọi cơ quan"), 40
        )
        # The order the filters appear in.
        self.order_fields(FILTER_NAMES)

    def board_filters(self) -> BoardFilters:
        data = self.cleaned_data
        return BoardFilters(
            kind=data.get("kind") or "",
            topic=data.get("topic") or "",
            target_status=data.get("status") or "",
            area=data.get("area") or "",
            assignee=data.get("assignee") or "",
            organization=data.get("organization") or "",
            rag=data.get("rag") or "",
        )


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    calendar = work_calendar()
    form = BoardFilterForm(request.GET or None, user=request.user)
    board_page = None
    if not form.is_bound or form.is_valid():
        filters = form.board_filters() if form.is_bound else BoardFilters()
        try:
            board_page = obligation_board(
                user=request.user,
                filters=filters,
                page=request.GET.get("page"),
                calendar=calendar,
            )
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                field = "status" if name == "target_status" else name
                form.add_error(field if field in form.fields else None, message)
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k in FILTER_NAMES and v}
    context: dict[str, Any] = {
        "form": form,
        "board": board_page,
        "querystring": urlencode(params),
    }
    if getattr(request, "htmx", False):
        # Only the results are swapped in: they repeat the filter errors themselves.
        context["partial"] = True
        return render(request, "core/board_results.html", context)
    if can_see_lateness(request.user):
        context["lateness"] = obligation_lateness(user=request.user, calendar=calendar)
    return render(request, "core/board.html", context)


# Included by danvan.core.urls (namespace "core").
urlpatterns = [
    path("han-xu-ly/", board, name="board"),
]
