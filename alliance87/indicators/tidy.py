"""Reading and checking an Open SDG tidy CSV file (work in progress: the interface is stable)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    line: int
    column: str
    message: str


@dataclass
class Inferred:
    key: str
    what: str
    value: str
    why: str


@dataclass
class Row:
    line: int
    year: int
    value_text: str
    cells: dict[str, str]


@dataclass
class Reading:
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    inferred: list[Inferred] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal: str = "."


def read(data: bytes, **options) -> Reading:
    raise NotImplementedError
