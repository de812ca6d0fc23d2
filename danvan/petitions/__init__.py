"""Petitions (đơn thư): intake, triage, acceptance, resolution, transfers, the identity vault."""
