"""Petition pages for officers (/don-thu/...): list and bulk assignment, intake, the case page
with its moves and actions, the inbox, and file downloads after a scope check.

Each page lives in its own module; `danvan.petitions.urls` lists them. Views are thin: a form
parses input, one service or selector does the work, a `DomainError` becomes a Vietnamese
message next to the field it names.
"""
