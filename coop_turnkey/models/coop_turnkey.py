import datetime
import json
import re
import tomllib
from pathlib import Path

import jsonschema

from odoo import api, models
from odoo.exceptions import UserError

from .ru_registry import inn_valid, ogrn_valid
from .toml_lines import key_lines, key_name, line_of

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "coop.schema.json"
# Module name of the external ids of the records a file makes (found again by them).
DATA_MODULE = "coop_turnkey_data"
AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _plain(value):
    """The parsed TOML with its dates as ISO strings (what JSON Schema checks)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def category_paths(path):
    """``A / B / C``: ``A``, ``A / B``, ``A / B / C``."""
    parts = [part.strip() for part in path.split("/")]
    return [" / ".join(parts[: n + 1]) for n in range(len(parts))]


def _subschema(schema, path):
    """The schema of the value at ``path`` (following properties, items and $ref)."""
    node = schema
    for part in path:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = node.get("items", {}) if isinstance(part, int) else node["properties"][part]
    return node


class CoopTurnkey(models.AbstractModel):
    """A cooperative from one TOML file (docs/coop.toml): read and checked (``_coop_load``),
    then created or brought up to date (``_coop_apply``, in coop_turnkey_apply.py). The one
    public method is ``coop_apply_file``: both steps, for a cooperative's manager."""

    _name = "coop.turnkey"
    _description = "New cooperative from a file"

    # ------------------------------------------------------------------ reading

    @api.model
    def coop_apply_file(self, text, filename="coop.toml", files=None):
        """Check the file ``text`` (named ``filename``) and create or bring up to date its
        cooperative, all or nothing: the list of changes. For a cooperative's manager only.
        ``files``: the content of the files it names, by the name it gives: the text of its
        products CSV, its logo's bytes (or their base64 text)."""
        self._coop_check_access(self.env["res.company"])
        return self._coop_apply(self._coop_load(text, filename, files))

    @api.model
    def _coop_load(self, text, filename="coop.toml", files=None):
        """The configuration in ``text`` (the content of ``filename``), checked: a UserError
        naming the file, line and key of the first problem."""
        source = {"filename": filename, "lines": key_lines(text)}
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise self._coop_syntax_error(source, error) from error
        config = _plain(data)
        self._coop_check_schema(config, source)
        self._coop_check_numbers(config, source)
        self._coop_check_partner_inns(config, source)
        products = self._coop_load_products(config, source, files)
        self._coop_check_categories(config, source, products)
        config["_source"] = source
        config["_products"] = products
        config["_logo"] = self._coop_load_logo(config, source, files)
        return config

    def _coop_error(self, source, path, message):
        """A UserError naming the file, line and key at ``path``."""
        source = source or {"filename": "coop.toml", "lines": {}}
        return UserError(
            self.env._(
                "%(file)s, line %(line)s, %(key)s: %(message)s",
                file=source["filename"],
                line=line_of(source["lines"], path) or "?",
                key=key_name(path) or "-",
                message=message,
            )
        )

    def _coop_syntax_error(self, source, error):
        """A TOML syntax error, with the line tomllib gives and the key written on it."""
        found = AT_LINE.search(str(error))
        line = int(found.group(1)) if found else 0
        paths = [path for path, number in source["lines"].items() if number == line]
        return UserError(
            self.env._(
                "%(file)s, line %(line)s, %(key)s: %(error)s. Correct the file and load it again.",
                file=source["filename"],
                line=line or "?",
                key=key_name(max(paths, key=len)) if paths else "-",
                error=AT_LINE.sub("", str(error)).strip(),
            )
        )

    def _coop_check_schema(self, config, source):
        schema = _schema()
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
        errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
        if not errors:
            return
        error = errors[0]
        path = list(error.absolute_path)
        if error.validator == "additionalProperties":
            known = _subschema(schema, path).get("properties", {})
            unknown = sorted(set(error.instance) - set(known))
            path.append(unknown[0])
            message = self.env._(
                "unknown key. The keys allowed here are: %s.", ", ".join(sorted(known))
            )
        elif error.validator == "required":
            missing = [key for key in error.validator_value if key not in error.instance]
            path.append(missing[0])
            message = self.env._("this required value is missing. Add it.")
        elif error.validator == "oneOf":
            message = self.env._("give either percent or fixed_amount, not both nor neither.")
        elif expected := self._coop_expected(error):
            message = self.env._(
                "%(value)r is not valid here (expected: %(expected)s). Correct the value.",
                value=error.instance,
                expected=expected,
            )
        else:
            message = self.env._("%s. Correct the value.", error.message)
        raise self._coop_error(source, path, message)

    def _coop_expected(self, error):
        """What the schema expects where ``error`` is, in the reader's language (empty for
        the kinds of error not described here)."""
        rule, value = error.validator, error.validator_value
        if rule == "type":
            return {
                "string": self.env._("a text in quotes"),
                "number": self.env._("a number"),
                "integer": self.env._("a whole number"),
                "array": self.env._("a list in square brackets"),
                "object": self.env._("a table"),
                "boolean": self.env._("true or false"),
            }.get(value, value)
        if rule in ("enum", "const"):
            values = value if rule == "enum" else [value]
            return self.env._("one of %s", ", ".join(json.dumps(v) for v in values))
        if rule == "pattern":
            return self.env._("a text matching %s", value)
        if rule == "format" and value == "date":
            return self.env._("a date such as 2025-01-31")
        described = {
            "minimum": self.env._("at least %s", value),
            "exclusiveMinimum": self.env._("more than %s", value),
            "maximum": self.env._("at most %s", value),
            "minLength": self.env._("not empty"),
            "minItems": self.env._("at least one item"),
            "uniqueItems": self.env._("each item once"),
        }
        return described.get(rule, "")

    def _coop_check_numbers(self, config, source):
        coop = config["cooperative"]
        if not inn_valid(coop["inn"]):
            raise self._coop_error(
                source,
                ["cooperative", "inn"],
                self.env._(
                    "the INN %s has a wrong check digit. Copy it again from the registration "
                    "certificate.",
                    coop["inn"],
                ),
            )
        if coop.get("ogrn") and not ogrn_valid(coop["ogrn"]):
            raise self._coop_error(
                source,
                ["cooperative", "ogrn"],
                self.env._(
                    "the OGRN %s has a wrong check digit. Copy it again from the registration "
                    "certificate.",
                    coop["ogrn"],
                ),
            )

    def _coop_category(self, name):
        """The product category called ``name`` (its full name, e.g. "All / Groceries")."""
        Category = self.env["product.category"]
        return Category.search([("complete_name", "=", name)], limit=1) or Category.search(
            [("name", "=", name)], limit=1
        )

    def _coop_check_categories(self, config, source, products=None):
        """Each category a rule names exists, or is made by the products file."""
        made = {
            path
            for row in (products or {}).get("rows", [])
            for path in category_paths(row["category"])
        }
        cashback = config.get("cashback", {})
        named = [(["cashback", "never_earn_categories"], cashback.get("never_earn_categories"))]
        for index, rule in enumerate(cashback.get("rules", [])):
            for key in ("categories", "excluded_categories"):
                named.append((["cashback", "rules", index, key], rule.get(key)))
        for path, names in named:
            for name in names or ():
                if name not in made and not self._coop_category(name):
                    raise self._coop_error(
                        source,
                        path,
                        self.env._(
                            "there is no product category %s. Create it first, or correct "
                            "its full name (as in Inventory > Configuration > Product "
                            "Categories).",
                            name,
                        ),
                    )
