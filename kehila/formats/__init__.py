"""Kehila's date formats, one for every page, mail and admin screen: 31.12.2026 (d.m.yyyy).

Django's own Hebrew formats write 31/12/2026 or "31 בדצמבר 2026", its Arabic ones a third
shape; a coordinator reading a list, a profile and a reminder mail should meet one. Only the
names set here are replaced; every other format (numbers, times) stays Django's.
Inputs keep ISO dates (DATE_INPUT_FORMATS): the browser's date field shows them its own way.
"""
