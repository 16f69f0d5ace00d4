"""The words a case's pages show for its codes and fields: the form's labels, the AIS items'
names, the coded fields' Latvian words and the outcome (granted, cut, refused) in sentences.

May import: flask_babel, the engine's public API (`budget_engine`), web's shared parts
(formatting). Imported by the case pages (`budget_web.cases`) and the policy pages; imports no page.
"""
