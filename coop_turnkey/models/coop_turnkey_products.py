"""Products and categories from the CSV file a cooperative's file names (``products =``)."""

import csv
import io

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .coop_turnkey import category_paths

# The columns of the products file: (column, required). ``key`` is another name of
# ``default_code`` (the product's stable key in the cooperative: its internal reference).
COLUMNS = (
    ("default_code", True),
    ("name", True),
    ("category", True),
    ("price", True),
    ("barcode", False),
    ("uom", False),
    ("tax", False),
    ("available_in_pos", False),
)
TRUE = ("1", "true", "yes", "y", "да")
FALSE = ("0", "false", "no", "n", "нет")


def encoded(text):
    """``text`` usable in an external id: every character other than a letter, a digit or
    ``-`` written ``_xx`` (its code in hex), so that two texts never share it."""
    return "".join(
        char if char.isascii() and (char.isalnum() or char == "-") else f"_{ord(char):02x}"
        for char in text
    )


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    # ------------------------------------------------------------------ reading

    @api.model
    def _coop_load_products(self, config, source, files):
        """The rows of the products file ``config["products"]`` names (its text in ``files``,
        by the name the file gives), checked; None when the file names none."""
        name = config.get("products")
        if not name:
            return None
        text = (files or {}).get(name)
        if text is None:
            raise self._coop_error(
                source,
                ["products"],
                self.env._(
                    "the products file %s was not given. Put it beside the cooperative's file "
                    "(the path is relative to it), or upload it with it.",
                    name,
                ),
            )
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
        header = [column.strip() for column in next(reader, [])]
        columns = self._coop_csv_header(name, header)
        rows, seen = [], {}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if len(cells) != len(header):
                raise self._coop_csv_error(
                    name,
                    line,
                    "-",
                    self.env._(
                        "%(found)s values for %(expected)s columns. Check the commas and quotes.",
                        found=len(cells),
                        expected=len(header),
                    ),
                )
            row = self._coop_csv_row(name, line, dict(zip(columns, cells, strict=True)))
            for column in ("default_code", "barcode"):
                value = row[column]
                if value and (column, value) in seen:
                    raise self._coop_csv_error(
                        name,
                        line,
                        column,
                        self.env._(
                            "%(value)s is already on line %(line)s. Each product has its own.",
                            value=value,
                            line=seen[column, value],
                        ),
                    )
                seen[column, value] = line
            rows.append(row)
        return {"filename": name, "rows": rows}

    def _coop_csv_error(self, filename, line, column, message):
        return UserError(
            self.env._(
                "%(file)s, line %(line)s, column %(column)s: %(message)s",
                file=filename,
                line=line,
                column=column,
                message=message,
            )
        )

    def _coop_csv_header(self, filename, header):
        """The columns of ``header`` (``key`` read as ``default_code``), all known, the
        required ones present."""
        columns = ["default_code" if column == "key" else column for column in header]
        known = [column for column, _required in COLUMNS]
        for column in columns:
            if column not in known:
                raise self._coop_csv_error(
                    filename,
                    1,
                    column,
                    self.env._(
                        "unknown column. The columns are: key (or default_code), %s.",
                        ", ".join(known[1:]),
                    ),
                )
        for column, required in COLUMNS:
            if required and column not in columns:
                raise self._coop_csv_error(
                    filename, 1, column, self.env._("this column is missing. Add it.")
                )
        if len(set(columns)) != len(columns):
            raise self._coop_csv_error(
                filename, 1, "-", self.env._("a column is given twice. Keep one.")
            )
        return columns

    def _coop_csv_row(self, filename, line, cells):
        """One product of the file, its values checked (the tax is checked when the
        cooperative's chart exists)."""
        row = {column: (cells.get(column) or "").strip() for column, _required in COLUMNS}
        row["line"] = line
        for column in ("default_code", "name", "category"):
            if not row[column]:
                raise self._coop_csv_error(
                    filename, line, column, self.env._("this value is missing. Fill it in.")
                )
        if any(not part for part in category_paths(row["category"])[-1].split(" / ")):
            raise self._coop_csv_error(
                filename,
                line,
                "category",
                self.env._("%s has an empty level. Write it as A / B.", row["category"]),
            )
        row["category"] = category_paths(row["category"])[-1]
        try:
            row["price"] = float(row["price"].replace(",", "."))
        except ValueError:
            row["price"] = -1.0
        if row["price"] < 0:
            raise self._coop_csv_error(
                filename,
                line,
                "price",
                self.env._("%s is not a price (a number such as 89.90).", cells.get("price")),
            )
        pos = row["available_in_pos"].lower()
        if pos not in TRUE + FALSE + ("",):
            raise self._coop_csv_error(
                filename,
                line,
                "available_in_pos",
                self.env._("%s is neither true nor false.", row["available_in_pos"]),
            )
        row["available_in_pos"] = pos not in FALSE
        if row["uom"] and not self._coop_uom(row["uom"]):
            raise self._coop_csv_error(
                filename,
                line,
                "uom",
                self.env._(
                    "there is no unit of measure %s. Use one of Inventory > Configuration > "
                    "Units of Measure, such as Units or kg.",
                    row["uom"],
                ),
            )
        return row

    @api.model
    def _coop_uom(self, name):
        """The unit of measure called ``name`` (in the reader's language or in English)."""
        Uom = self.env["uom.uom"]
        return Uom.search([("name", "=", name)], limit=1) or Uom.with_context(lang="en_US").search(
            [("name", "=", name)], limit=1
        )

    # ------------------------------------------------------------------ applying

    @api.model
    def _coop_product_categories(self, changes, products):
        """The categories (and their parents) the products file names, made when missing
        (product categories are shared by the cooperatives of a database)."""
        Category = self.env["product.category"]
        for row in (products or {}).get("rows", []):
            parent = Category
            for path in category_paths(row["category"]):
                category = Category.search([("complete_name", "=", path)], limit=1)
                if not category:
                    category = Category.create(
                        {"name": path.rsplit(" / ", 1)[-1], "parent_id": parent.id}
                    )
                    changes.append(self.env._("Product category %s: created", path))
                parent = category

    @api.model
    def _coop_products(self, changes, company, coop_key, products):
        """A product of the cooperative per row of the products file, found again by its
        internal reference (default_code)."""
        if not products:
            return
        filename = products["filename"]
        for row in products["rows"]:
            vals = {
                "name": row["name"],
                "default_code": row["default_code"],
                "categ_id": self._coop_category(row["category"]),
                "list_price": row["price"],
                "barcode": row["barcode"] or False,
                "available_in_pos": row["available_in_pos"],
                "taxes_id": self._coop_csv_tax(filename, row, company),
                "company_id": company,
                "sale_ok": True,
            }
            if row["uom"]:
                uom = self._coop_uom(row["uom"])
                vals.update(uom_id=uom, uom_po_id=uom)
            name = f"{coop_key}_product_{encoded(row['default_code'])}"
            label = self.env._("Product %s", row["default_code"])
            try:
                with self.env.cr.savepoint():
                    self._coop_sync(
                        changes, "product.template", name, vals, label, {"type": "consu"}
                    )
            except ValidationError as error:
                raise self._coop_csv_error(filename, row["line"], "-", error.args[0]) from error

    @api.model
    def _coop_csv_tax(self, filename, row, company):
        """The sales tax of the cooperative called ``row["tax"]`` (none when empty)."""
        Tax = self.env["account.tax"].with_company(company)
        if not row["tax"]:
            return Tax
        domain = [
            ("company_id", "=", company.id),
            ("type_tax_use", "=", "sale"),
            ("name", "=", row["tax"]),
        ]
        tax = Tax.search(domain, limit=1) or Tax.with_context(lang="en_US").search(domain, limit=1)
        if not tax:
            raise self._coop_csv_error(
                filename,
                row["line"],
                "tax",
                self.env._(
                    "%(company)s has no sales tax %(tax)s. Use the name of one of its sales "
                    "taxes (Invoicing > Configuration > Taxes), or leave the column empty.",
                    company=company.name,
                    tax=row["tax"],
                ),
            )
        return tax.with_env(self.env)
