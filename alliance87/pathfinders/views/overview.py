"""Pages of the Pathfinder work: overview."""

urls: list = []
