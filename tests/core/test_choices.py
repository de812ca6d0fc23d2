"""`ChoiceLabels` answers `get_FOO_display` exactly as Django does, in each language."""

from __future__ import annotations

import pytest
from django.db import models
from django.utils import translation

from danvan.core.models import Membership, Task, TaskSeries
from danvan.core.models.choices import ChoiceLabels
from danvan.petitions.models import Extension, Petition, PetitionAgency
from danvan.reception.models import ReceptionEntry, ReceptionSession

MODELS = [
    Petition,
    PetitionAgency,
    Extension,
    Membership,
    Task,
    TaskSeries,
    ReceptionSession,
    ReceptionEntry,
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_choice_reads_as_django_reads_it(model, language) -> None:  # type: ignore[no-untyped-def]
    fields = [f for f in model._meta.concrete_fields if f.choices]
    assert fields
    with translation.override(language):
        for field in fields:
            values = [value for value, _label in field.flatchoices]
            for value in [*values, "không-có-trong-danh-sách", None]:
                record = model(**{field.attname: value})
                ours = getattr(record, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(record, field)
                assert ours == django, (field.name, value)
                assert type(ours) is type(django)


def test_the_models_use_the_table() -> None:
    for model in MODELS:
        assert model._get_FIELD_display is ChoiceLabels._get_FIELD_display, model


def test_the_label_follows_the_active_language() -> None:
    petition = Petition(status="received")
    with translation.override("vi"):
        vietnamese = petition.get_status_display()
    with translation.override("en"):
        english = petition.get_status_display()
    assert vietnamese == "Đã tiếp nhận"
    assert english != vietnamese
    assert english == "Received"
