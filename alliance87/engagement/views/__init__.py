"""The consultation pages: ``console`` (the secretariat's, the team's, safeguarding's) and ``answer``
(the public page and answering). Each module lists its own ``urls``."""
