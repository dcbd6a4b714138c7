"""Pages of the Pathfinder work: country."""

urls: list = []
