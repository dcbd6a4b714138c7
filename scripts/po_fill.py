"""Fill given translations into a .po file and clear their fuzzy flag: `po_fill.py FILE JSON`.

JSON maps a msgid (its text, joined) to a msgstr, or to a list of msgstr[n] for plurals.
"""

import json
import re
import sys


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(path: str, translations_path: str) -> None:
    translations = json.load(open(translations_path, encoding="utf-8"))
    blocks = open(path, encoding="utf-8").read().split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        msgid_lines, current = [], None
        for line in lines:
            if line.startswith("msgid "):
                current = "id"
                msgid_lines = [line]
            elif line.startswith(("msgid_plural", "msgstr")):
                current = None
            elif line.startswith('"') and current == "id":
                msgid_lines.append(line)
        if not msgid_lines:
            continue
        msgid = unquote(msgid_lines)
        if msgid not in translations:
            continue
        value = translations[msgid]
        kept = [
            line
            for line in lines
            if not line.startswith(("msgstr", "#|")) and not (line.startswith('"') and _after_msgstr(lines, line))
        ]
        kept = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in kept if line != "#, fuzzy"]
        if isinstance(value, list):
            kept += [f"msgstr[{n}] {quote(v)}" for n, v in enumerate(value)]
        else:
            kept.append(f"msgstr {quote(value)}")
        blocks[i] = "\n".join(kept)
        done.add(msgid)
    open(path, "w", encoding="utf-8").write("\n\n".join(blocks))
    missing = set(translations) - done
    if missing:
        sys.exit(f"not found in {path}: {sorted(missing)}")


def _after_msgstr(lines: list[str], target: str) -> bool:
    seen = False
    for line in lines:
        if line.startswith("msgstr"):
            seen = True
        if line is target:
            return seen
    return False


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
