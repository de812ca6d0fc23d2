"""Writes of the reception module (sessions, the register, documents, tasks)."""

from danvan.reception.services.entries import (
    crowd_representatives_check,
    entry_register,
    entry_reply_record,
    session_conclusion_issue,
)
from danvan.reception.services.sessions import (
    session_create,
    session_task_add,
    session_transition,
    session_update,
)

__all__ = [
    "crowd_representatives_check",
    "entry_register",
    "entry_reply_record",
    "session_conclusion_issue",
    "session_create",
    "session_task_add",
    "session_transition",
    "session_update",
]
