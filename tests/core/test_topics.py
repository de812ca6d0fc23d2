"""The shared topic taxonomy: data file, translation markers, labels."""

from __future__ import annotations

import json

from django.utils import translation

from danvan.core.topic_labels import TOPIC_LABELS
from danvan.core.topics import TOPICS_FILE, topic_codes, topic_label


def test_translation_markers_match_the_data_file_exactly() -> None:
    data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    assert {row["code"]: row["label"] for row in data} == TOPIC_LABELS


def test_taxonomy_has_the_sixteen_codes_of_the_domain_brief() -> None:
    assert len(topic_codes()) == 16
    assert topic_codes()[0] == "dat_dai" and topic_codes()[-1] == "khac"


def test_labels_are_translated_in_english_and_unknown_codes_shown_as_is() -> None:
    assert topic_label("y_te") == "Y tế"
    with translation.override("en"):
        assert topic_label("y_te") != "Y tế"
    assert topic_label("khong_co") == "khong_co"
