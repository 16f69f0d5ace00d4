"""Running an installation from the command line: the web's commands (serve, users, audit,
the policy workflow, the database, backup and restore, status) and what they say about the
rules in force.

Loaded by `budget_web.cli` only when one of these commands runs: the engine's commands start
without Flask and SQLAlchemy.
"""
