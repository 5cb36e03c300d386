"""Reads that more than one page, mail or export shows: each figure is computed in one place.

A number a coordinator sees on the dashboard, on a body's page and in an export comes from
the same function here, so two pages can never give two answers to one question.
"""
