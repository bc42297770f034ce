"""Where a key of a TOML file is written: its line, from the path of the key (as JSON Schema
errors give it), for error messages that name the line. Covers what docs/coop.toml uses:
tables, arrays of tables, ``key = value`` lines (bare, quoted or dotted keys) and multi-line
strings."""

import re

HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _split_key(key):
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def key_lines(text):
    """``{path: line}`` for every table, array-of-tables item and key of ``text`` (lines
    numbered from 1, array items from 0)."""
    lines = {}
    counts = {}
    prefix = ()
    quote = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote:
            if line.count(quote) % 2:
                quote = None
            continue
        if header := HEADER.match(line):
            name = _split_key(header.group(2))
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                prefix = (*name, counts[name])
            else:
                prefix = name
            lines.setdefault(prefix, number)
            continue
        if key := KEY.match(line):
            lines.setdefault((*prefix, *_split_key(key.group(1))), number)
            rest = line[key.end() :]
            for mark in ('"""', "'''"):
                if rest.count(mark) % 2:
                    quote = mark
    return lines


def line_of(lines, path):
    """The line of ``path``, else of its nearest parent written in the file (0: none)."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 0


def key_name(path):
    """``path`` as the reader writes it: ``stores[2].name`` (items numbered from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text
