urls: list = []  # owned by its helper; see alliance87/stocktake/urls.py
