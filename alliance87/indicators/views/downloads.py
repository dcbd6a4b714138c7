urls: list = []  # owned by its helper; see alliance87/indicators/urls.py
