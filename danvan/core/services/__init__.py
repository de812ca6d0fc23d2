"""Core writes. One module per area; other apps call these, never the models directly."""
