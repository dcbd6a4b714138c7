"""Consoles on /me/ (owned by its helper)."""


def consoles_for(user) -> list:
    return []
