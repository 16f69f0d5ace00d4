"""Policy staff's part: the rule book browser, the editor, versions and approval, impact.

Owns the rules pages (`rules_pages`), the editor and its edits to rule files, rule book
versions with a second person's approval (`versions`, `version_pages`, `version_words`) and
a draft's impact before publishing (`impact`, `impact_result`, run as an evaluation job).

May import: the shared parts at budget_web/ top, `budget_web.evaluation`'s jobs,
`budget_web.cases.store` (the saved cases impact replays) and `budget_engine`'s public API.
"""
