"""Pages of the Pathfinder work: reports."""

urls: list = []
