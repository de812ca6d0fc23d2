"""Monitoring pages: the topic suggestion fragment intake forms ask for while the officer types
(htmx POSTs `content`; `GET /nam-tinh-hinh/goi-y-linh-vuc/?text=...` works too)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from danvan.core.topics import DEFAULT_TOPIC, topic_label
from danvan.monitoring import classifier

# Longer texts are cut: the topic is clear long before, and the request stays bounded.
TEXT_MAX = 20_000
# The id of the <select> the fragment's buttons set (a form may name its own).
_TARGET = re.compile(r"^[A-Za-z][\w-]{0,60}$")


@login_required
@require_http_methods(["GET", "POST"])
def topic_suggest_fragment(request: HttpRequest) -> HttpResponse:
    """ "Gợi ý lĩnh vực: <label> (độ tin cậy 87%)" with a button that picks it in the form's
    topic select, and the two alternatives. Reads `text` (or `content`, the intake field's
    name, which htmx sends); an empty text gives an empty fragment."""
    params = request.POST if request.method == "POST" else request.GET
    text = (params.get("text") or params.get("content") or "")[:TEXT_MAX]
    target = params.get("target") or "id_topic"
    if not _TARGET.match(target):
        target = "id_topic"
    context: dict[str, object] = {"suggestion": None, "target": target}
    if text.strip():
        suggestion = classifier.topic_suggest(text)
        context["suggestion"] = suggestion
        context["percent"] = round(suggestion.confidence * 100)
        context["alternatives"] = [
            {"code": code, "label": topic_label(code), "percent": round(confidence * 100)}
            for code, confidence in suggestion.alternatives[:2]
        ]
        context["is_default"] = suggestion.code == DEFAULT_TOPIC and suggestion.confidence == 0
    response = render(request, "monitoring/_topic_suggest.html", context)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("nam-tinh-hinh/goi-y-linh-vuc/", topic_suggest_fragment, name="topic_suggest"),
]
