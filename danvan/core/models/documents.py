"""The number sequences of official documents (Nghị định 30/2020/NĐ-CP, Đ.15)."""

from __future__ import annotations

from django.db import models


class DocumentSequence(models.Model):
    """The last number a body issued for a number symbol ("TB", "BC", ...) in a year.

    One sequence per body, symbol and year, shared by every module, from 01 each 1 January
    (`danvan.core.documents.document_number_next`). A row is created at the body's first
    number of the year for that symbol, continuing from the documents the modules' counters
    find already issued (documents numbered before this table existed); after that a number
    is one UPDATE of this row, however many documents the body issued.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    symbol = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "symbol", "year"], name="document_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.symbol} {self.year}: {self.last}"
