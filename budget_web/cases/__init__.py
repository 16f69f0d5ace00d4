"""Social workers' and supervisors' part: one case from the form to the printed budget.

Owns the case form and its words, saved cases and their versions (`store`, `service`),
overrides and sign-off (`overrides`, `override_pages`), the outcome in plain words, the
version comparison, the budget's CSV and its print.

May import: the shared parts at budget_web/ top and `budget_engine`'s public API. Not `policy`,
`evaluation`, `admin` or `api`.
"""
