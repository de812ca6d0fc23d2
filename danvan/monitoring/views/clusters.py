"""The near-duplicate petitions page, under /nam-tinh-hinh/nhom-don-trung/ (namespace
"monitoring", name "clusters").

Groups of petitions about the same case (the same person, place, amount, decision number,
re-sent, copied, reordered, typed without diacritics) among those the user may see in a
recent window, biggest first, each with its petitions (case number, date, area, the start of
the content) and a link that opens a new issue report prefilled with the group's petitions.
Filters: the window in days, an area code, a topic. The work is `selectors.clusters`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from danvan.core.topics import topic_choices
from danvan.monitoring.selectors.clusters import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MAX_TEXTS,
    ClusterFilters,
    petition_clusters,
)

REPORT_CREATE_URL = "/nam-tinh-hinh/van-de/moi/"
REPORT_PETITIONS_MAX = 50  # what the report form reads from ?petitions=


class ClusterFilterForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Số ngày gần đây"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )
    area = forms.CharField(
        label=gettext_lazy("Mã địa bàn"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Mã đơn vị hành chính (tỉnh hoặc xã); để trống: mọi địa bàn."),
    )
    topic = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", gettext_lazy("Mọi lĩnh vực")), *topic_choices()]


def report_url(petition_ids: list[int]) -> str:
    """The new issue report page, prefilled with these petitions."""
    try:
        base = reverse("monitoring:report_create")
    except NoReverseMatch:
        base = REPORT_CREATE_URL
    ids = ",".join(str(i) for i in petition_ids[:REPORT_PETITIONS_MAX])
    return f"{base}?{urlencode({'petitions': ids})}"


@login_required
@require_GET
def petition_cluster_list(request: HttpRequest) -> HttpResponse:
    form = ClusterFilterForm(request.GET or None)
    filters = ClusterFilters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = ClusterFilters(
                days=data["days"] or DEFAULT_DAYS,
                area_code=data["area"].strip(),
                topic=data["topic"] or "",
            )
        else:
            status = 400
    result = petition_clusters(user=request.user, filters=filters)
    groups = [
        {"cluster": cluster, "report_url": report_url(cluster.petition_ids)}
        for cluster in result.clusters
    ]
    return render(
        request,
        "monitoring/clusters.html",
        {
            "form": form,
            "result": result,
            "groups": groups,
            "days": filters.days,
            "max_texts": MAX_TEXTS,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/nhom-don-trung/", petition_cluster_list, name="clusters"),
]
