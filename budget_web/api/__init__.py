"""The JSON API: a case in and its budget out (`budgets`), saved cases (`cases`), and the
OpenAPI document; authenticated by per-user token.

May import: the shared parts at budget_web/ top, `budget_web.cases` (the steps the pages and the API
share) and `budget_engine`'s public API.
"""
