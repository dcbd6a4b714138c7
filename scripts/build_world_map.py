"""Turn @svg-maps/world's SVG into the compact JSON the Pathfinder map is drawn from.

Points closer than 1.6 units (about a pixel and a half at full width) are dropped, which keeps the
shapes and makes the file a quarter of its size.
"""

import json
import re
import sys

NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?"
MIN_STEP = 1.6


def rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each closed ring in a path made of relative 'm' moves and 'z'."""
    tokens = re.findall(r"[mMzZ]|" + NUMBER, d)
    result, ring = [], []
    x = y = start_x = start_y = 0.0
    command, first, i = "m", False, 0
    while i < len(tokens):
        token = tokens[i]
        if token in "mM":
            command, first, i = token, True, i + 1
            continue
        if token in "zZ":
            if ring:
                result.append(ring)
            ring, x, y, i = [], start_x, start_y, i + 1
            continue
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
        if first:
            if ring:
                result.append(ring)
            ring, start_x, start_y, first = [(x, y)], x, y, False
        else:
            ring.append((x, y))
    if ring:
        result.append(ring)
    return result


def simplify(d: str) -> str:
    parts = []
    for ring in rings(d):
        kept = [ring[0]]
        for point in ring[1:]:
            if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= MIN_STEP:
                kept.append(point)
        if len(kept) < 3:
            kept = ring[:3]
        if len(kept) < 3:
            continue
        px, py = round(kept[0][0], 1), round(kept[0][1], 1)
        steps = []
        for x, y in kept[1:]:
            dx, dy = round(x - px, 1), round(y - py, 1)
            steps.append(f"{dx:g},{dy:g}")
            px, py = round(px + dx, 1), round(py + dy, 1)
        parts.append(f"M{kept[0][0]:.1f},{kept[0][1]:.1f}l" + " ".join(steps) + "z")
    return "".join(parts)


def main(source: str, target: str) -> None:
    svg = open(source, encoding="utf-8").read()
    paths = re.findall(r'<path\s+d="([^"]+)"\s+aria-label="([^"]+)"\s+id="([a-z]+)"\s*/>', svg)
    data = {
        "viewBox": "0 0 1010 666",
        "source": "@svg-maps/world 2.0.0 by Victor Cazanave, CC BY 4.0; points closer than 1.6 units dropped",
        "countries": [{"code": code.upper(), "name": name, "d": simplify(d)} for d, name, code in paths],
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(data, out, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
