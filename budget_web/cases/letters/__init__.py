"""The decision letter's page (*Lēmuma vēstule*): the decided budget of a saved version as
the letter the client receives, previewed, and as a PDF once the version is approved.

May import: the engine's public API (the letter is `budget_engine.letters`'), the case pages
(`budget_web.cases`), web's shared parts. Imported by the app factory only.
"""
