"""Writes of the petitions module (conventions §1): every change goes through these."""

from danvan.petitions.services.actions import (
    petition_agency_part_done,
    petition_agency_set,
    petition_assign,
    petition_attachment_add,
    petition_bulk_assign,
    petition_extend,
    petition_inbox_acknowledge,
    petition_mark_duplicate,
    petition_report_back_done,
    petition_satisfaction_record,
)
from danvan.petitions.services.intake import petition_input_check, petition_register
from danvan.petitions.services.transitions import (
    ineligible_reasons,
    petition_transition,
)

__all__ = [
    "ineligible_reasons",
    "petition_agency_part_done",
    "petition_agency_set",
    "petition_assign",
    "petition_attachment_add",
    "petition_bulk_assign",
    "petition_extend",
    "petition_inbox_acknowledge",
    "petition_input_check",
    "petition_mark_duplicate",
    "petition_register",
    "petition_report_back_done",
    "petition_satisfaction_record",
    "petition_transition",
]
