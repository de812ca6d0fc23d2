"""The dialogue a second-time complaint needs before it is resolved (Luật Khiếu nại Đ.39).

Registered with petitions' transition checks in `DialoguesConfig.ready()`: petitions imports
nothing from this module.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.dialogues.selectors import petition_has_held_dialogue
from danvan.petitions.models import Petition


def second_complaint_needs_dialogue(petition: Petition, to: str, on: dt.date) -> None:
    """Refuse resolving a second-time complaint while no dialogue of it has been held."""
    if to != "resolved" or petition.kind != "complaint" or petition.complaint_round != 2:
        return
    if petition_has_held_dialogue(petition_id=petition.pk):
        return
    message = _(
        "Khiếu nại lần hai chỉ được giải quyết sau khi đã tổ chức đối thoại (Luật Khiếu nại "
        "Điều 39): lên lịch và ghi nhận buổi đối thoại trước khi ban hành quyết định."
    )
    raise ValidationFailed(message, fields={"to": message}, code="dialogue_required")
