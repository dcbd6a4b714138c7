"""Pages of the Pathfinder work: framework."""

urls: list = []
