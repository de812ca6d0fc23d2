"""Core forms. One module per area."""
