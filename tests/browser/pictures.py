"""Screenshots of what a browser test looked at, kept only when an environment variable names a folder."""

import os
from pathlib import Path

from playwright.sync_api import Page


def keep_picture(tab: Page, name: str, *, folder_variable: str = "SCREENSHOTS") -> None:
    """The whole page of ``tab`` as ``<folder>/<name>.png``, the folder named by the environment variable
    ``folder_variable``; nothing is kept when it is unset."""
    folder = os.environ.get(folder_variable)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=f"{folder}/{name}.png", full_page=True)
