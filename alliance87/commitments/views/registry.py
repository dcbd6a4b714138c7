"""(being built)"""

urls: list = []
