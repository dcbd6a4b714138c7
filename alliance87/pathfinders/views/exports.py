"""Pages of the Pathfinder work: exports."""

urls: list = []
