"""Entity pages, under /nam-tinh-hinh/thuc-the/: search records by what their text names — a
decision, a place (old or new), an amount, a date — and the "related records" fragment other
pages include (htmx) to suggest links.

- `/nam-tinh-hinh/thuc-the/?q=...` extracts the entities of any text typed in the box and lists
  the records mentioning them (those mentioning more of them first); `?kind=...&value=...`
  lists the records mentioning one entity (the chips link there).
- `/nam-tinh-hinh/thuc-the/lien-quan/<target_type>/<id>/` is a fragment: the records sharing a
  legal reference, a unit or an amount with that record. 404 when the user may not see it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from danvan.monitoring.selectors import entities as selectors
from danvan.monitoring.services.entities import entities_extract
from danvan.monitoring.states import EntityKind
from danvan.text.entities import distinct

PAGE_SIZE = 30
QUERY_MAX = 2000
PAGE_MAX = 10_000


class EntitySearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm theo nội dung"),
        required=False,
        max_length=QUERY_MAX,
        help_text=gettext_lazy(
            "Gõ hoặc dán một đoạn văn bản: số văn bản (Quyết định 48/2010/QĐ-TTg), địa danh "
            "(xã Hàm Tân, tỉnh Bình Thuận), số tiền (15 triệu đồng), ngày (12/3/2025); có dấu "
            "hoặc không dấu."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), required=False)
    value = forms.CharField(label=gettext_lazy("Giá trị"), required=False, max_length=120)
    page = forms.IntegerField(required=False, min_value=1, max_value=PAGE_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", gettext_lazy("Mọi loại")), *EntityKind.choices]
        self.fields["page"].widget = forms.HiddenInput()


def _chip(kind: str, value: str, text: str, detail: str = "") -> dict[str, str]:
    return {
        "kind": kind,
        "kind_label": str(EntityKind(kind).label) if kind in EntityKind.values else kind,
        "value": value,
        "display": selectors.entity_display(kind, value, text),
        "detail": detail,
        "query": urlencode({"kind": kind, "value": value}),
    }


@login_required
@require_GET
def entity_search(request: HttpRequest) -> HttpResponse:
    form = EntitySearchForm(request.GET or None)
    chips: list[dict[str, str]] = []
    wanted: list[tuple[str, str]] = []
    searched = False
    page_number = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page_number = data["page"] or 1
        if data["kind"] and data["value"].strip():
            wanted = [(data["kind"], data["value"].strip())]
            chips = [_chip(data["kind"], data["value"].strip(), "")]
            searched = True
        elif data["q"].strip():
            found = distinct(entities_extract(data["q"]))
            chips = [_chip(e.kind, e.value, e.text, e.detail) for e in found]
            wanted = [(e.kind, e.value) for e in found]
            searched = True
    results = selectors.records_with_entities(
        request.user, wanted, page=page_number, page_size=PAGE_SIZE
    )
    rows = [
        {
            "row": row,
            "matches": [_chip(m.kind, m.value, m.text) for m in row.matches],
        }
        for row in results.rows
    ]
    params = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "monitoring/entities.html",
        {
            "form": form,
            "chips": chips,
            "searched": searched,
            "results": results,
            "rows": rows,
            "querystring": urlencode(params),
            "has_previous": results.page > 1,
            "has_next": results.page < results.pages,
        },
    )


@login_required
@require_GET
def entity_related(request: HttpRequest, target_type: str, pk: int) -> HttpResponse:
    """The fragment: records sharing entities with one record (Http404 outside the scope)."""
    related = selectors.related_by_entities(request.user, target_type, pk)
    rows = [
        {"row": row, "matches": [_chip(m.kind, m.value, m.text) for m in row.matches]}
        for row in related.rows
    ]
    return render(
        request,
        "monitoring/entities_related.html",
        {
            "rows": rows,
            "count": related.count,
            "target_type": target_type,
            "target_id": pk,
        },
    )


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/thuc-the/", entity_search, name="entities"),
    path(
        "nam-tinh-hinh/thuc-the/lien-quan/<str:target_type>/<int:pk>/",
        entity_related,
        name="entities_related",
    ),
]
