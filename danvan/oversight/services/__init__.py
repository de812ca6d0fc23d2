"""Writes of oversight: supervisions (with findings, recommendations and answers) and
inspections (with conclusions that become core tasks)."""

from danvan.oversight.services.inspections import (
    conclusion_item_add,
    inspection_create,
    inspection_transition,
    inspection_update,
)
from danvan.oversight.services.supervisions import (
    finding_add,
    finding_remove,
    recommendation_add,
    recommendation_answer,
    recommendation_assess,
    recommendation_remove,
    supervision_create,
    supervision_transition,
    supervision_update,
)

__all__ = [
    "conclusion_item_add",
    "finding_add",
    "finding_remove",
    "inspection_create",
    "inspection_transition",
    "inspection_update",
    "recommendation_add",
    "recommendation_answer",
    "recommendation_assess",
    "recommendation_remove",
    "supervision_create",
    "supervision_transition",
    "supervision_update",
]
