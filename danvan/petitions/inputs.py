"""Plain input records for the petition services (filled by forms, the API, the CLI, the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class PersonInput:
    full_name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    is_representative: bool = False


@dataclass
class FileInput:
    name: str
    data: bytes = field(repr=False)
    is_original: bool = False
    description: str = ""


@dataclass
class PetitionInput:
    kind: str
    channel: str
    received_on: dt.date
    content: str
    area_code: str
    petitioners: list[PersonInput] = field(default_factory=list)
    anonymous: bool = False
    topic: str = ""  # "" -> "khac"
    respondent: str = ""
    summary: str = ""
    requests: str = ""
    forwarder: str = ""
    forwarder_reference: str = ""
    pakn_code: str = ""
    signer_count: int | None = None  # None -> the number of petitioners (at least 1)
    complaint_round: int = 1
    secondary_topics: list[str] = field(default_factory=list)
    duplicate_of_id: int | None = None
    # The receiving organisation; None -> the actor's only organisation where they may register.
    organization_id: int | None = None


@dataclass
class TransitionInput:
    to: str
    reason: str
    expected_version: int
    on: dt.date | None = None  # the legal date of the act; default today
    outcome: str = ""  # to=triaged
    ineligible_reason: str = ""  # outcome=ineligible
    transfer_to: str = ""  # outcome=transfer: organisation code
    complex: bool = False  # to=accepted
    especially_complex: bool = False  # to=accepted (denunciation)
    decision_number: str = ""  # to=resolved (required), to=suspended / verifying (optional)
    result_summary: str = ""  # to=resolved
    satisfaction: str = ""  # to=closed (optional)
    satisfaction_channel: str = ""
