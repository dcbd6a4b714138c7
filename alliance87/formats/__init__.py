"""Django format modules (``FORMAT_MODULE_PATH``): the house style of dates and times per language.

Django's own formats write "Dec. 6, 2026, 9:57 p.m." in English, "02/11/2026" for a short date and an
abbreviated month that French cannot tell apart ("Jui" is juin or juillet). These modules replace them
with one unambiguous style per language (docs/architecture.md, "Dates and times"), so that a bare
``|date`` or ``localize`` anywhere (the admin included) agrees with ``alliance87.dates``. What a module
leaves out (decimal separators, say) falls back to Django's module for the language.
"""
