"""What the pages take from a person, and how they say it is wrong: each field's and file's
limits (`input_limits`, `uploads`: lengths, nesting, sizes, checked before anything is
parsed), reading typed values the Latvian way (`form_input`: `1 200,50`, `25.11.2026`), and
the errors in the page's language naming the field (`error_texts`).

May import: Flask, flask_babel, web's `formatting`. Imports no page and no store.
"""
