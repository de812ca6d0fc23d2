"""Writes of the practices module: registration and lifecycle (`models`), councils and scores
(`councils`), reference data (`reference`)."""

from danvan.practices.services.councils import (
    evaluation_close,
    evaluation_open,
    score_record,
)
from danvan.practices.services.models import (
    evidence_add,
    practice_recognise,
    practice_register,
    practice_transition,
    practice_update,
    replication_add,
)
from danvan.practices.services.reference import practice_reference_load

__all__ = [
    "evaluation_close",
    "evaluation_open",
    "evidence_add",
    "practice_recognise",
    "practice_reference_load",
    "practice_register",
    "practice_transition",
    "practice_update",
    "replication_add",
    "score_record",
]
