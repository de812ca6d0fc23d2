"""The reception pages: sessions (`sessions.py`), the register (`entries.py`), the public
schedule (`public.py`)."""
