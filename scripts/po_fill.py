"""Fill given translations into a .po file and clear their fuzzy flag: `po_fill.py FILE JSON`.

JSON maps a msgid (its text, joined) to a msgstr, or to a list of msgstr[n] for plurals. An entry with a
context (``msgctxt``) is keyed as gettext keys it, the context, U+0004 and the msgid
(``"run-of-show control\\u0004Start"``): a bare msgid fills only the entry without a context, so an entry
and its context twin ("Next" the button, "Next" the agenda item to come) keep their own translations.
"""

import json
import sys

CONTEXT_SEPARATOR = "\x04"  # what gettext puts between an entry's context and its msgid


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _keyword(line: str) -> str | None:
    """The keyword a line starts (``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``, ``msgstr[1]``)."""
    if line.startswith("msg"):
        return line.split(" ", 1)[0]
    return None


def entry_key(lines: list[str]) -> str | None:
    """The key of the entry in ``lines`` (one block of the file): ``context\\x04msgid``, or the msgid alone."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in lines:
        keyword = _keyword(line)
        if keyword is not None:
            current = keyword
            parts[current] = [line]
        elif line.startswith('"') and current is not None:
            parts[current].append(line)
        else:
            current = None  # a comment ends the string being continued
    if "msgid" not in parts:
        return None
    msgid = unquote(parts["msgid"])
    if "msgctxt" in parts:
        return unquote(parts["msgctxt"]) + CONTEXT_SEPARATOR + msgid
    return msgid


def filled(lines: list[str], value) -> list[str]:
    """``lines`` with its msgstr (or msgstr[n]) replaced by ``value`` and its fuzzy flag and old msgid gone."""
    kept, in_msgstr = [], False
    for line in lines:
        keyword = _keyword(line)
        if keyword is not None:
            in_msgstr = keyword.startswith("msgstr")
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr or line.startswith("#|") or line == "#, fuzzy":
            continue
        kept.append(line.replace("#, fuzzy, ", "#, ", 1) if line.startswith("#, fuzzy, ") else line)
    if isinstance(value, list):
        return kept + [f"msgstr[{n}] {quote(v)}" for n, v in enumerate(value)]
    return [*kept, f"msgstr {quote(value)}"]


def main(path: str, translations_path: str) -> None:
    with open(translations_path, encoding="utf-8") as source:
        translations = json.load(source)
    with open(path, encoding="utf-8") as po:
        text = po.read()
    # The blank lines between entries; a newline at the end of the file belongs to none of them.
    body = text.rstrip("\n")
    ending = text[len(body) :]
    blocks = body.split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        key = entry_key(lines)
        if key is None or key not in translations:
            continue
        blocks[i] = "\n".join(filled(lines, translations[key]))
        done.add(key)
    with open(path, "w", encoding="utf-8") as po:
        po.write("\n\n".join(blocks) + ending)
    missing = set(translations) - done
    if missing:
        sys.exit(f"not found in {path}: {sorted(missing)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
