"""Evaluators' part: replay pages and replay jobs, each job run in a process of its own.

May import: the shared parts at budget_web/ top, `budget_web.policy.versions` (the rule
book to replay under) and `budget_engine`'s public API. A job that sums up a policy draft's
impact calls `budget_web.policy.impact_result` in its own process.
"""
