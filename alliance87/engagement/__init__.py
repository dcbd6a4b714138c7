"""Consultations: answers in many languages turned into themes and thematic priorities (issue 15)."""
