"""A small TOML writer for what a cooperative's file holds (docs/coop.toml): texts, numbers,
true/false, dates, lists of them, tables and arrays of tables (``[[stores]]``,
``[[cashback.rules]]``). The same data always gives the same text."""

import datetime
import json


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # JSON's escapes (\", \\, \n, \uXXXX) are TOML's basic-string escapes
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _is_tables(value):
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


def _table(data, name, header):
    """The lines of table ``data`` called ``name`` (its ``header`` first, if any)."""
    lines = [header] if header else []
    nested = []
    for key, value in data.items():
        if isinstance(value, dict) or _is_tables(value):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    for key, value in nested:
        full = f"{name}.{key}" if name else key
        if isinstance(value, dict):
            lines += ["", *_table(value, full, f"[{full}]")]
        else:
            for item in value:
                lines += ["", *_table(item, full, f"[[{full}]]")]
    return lines


def dumps(data):
    """``data`` (a dict) as a TOML document."""
    lines = _table(data, "", None)
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n"
