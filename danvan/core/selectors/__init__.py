"""Core reads, scoped to what the caller may see. One module per area."""
