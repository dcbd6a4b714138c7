"""Pages of the Pathfinder work: roadmap."""

urls: list = []
