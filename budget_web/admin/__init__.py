"""Administrators' part: users and their roles, and the audit log (read only).

May import: the shared parts at budget_web/ top.
"""
