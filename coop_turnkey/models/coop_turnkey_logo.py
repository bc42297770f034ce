"""The cooperative's logo: ``logo`` of [cooperative] in the file, a PNG, JPEG or SVG file
beside it (checked by its content, at most 1 MB), set as the company's logo; the export
gives it back as a file to save beside the exported one."""

import base64
import binascii
from pathlib import PurePosixPath

from odoo import api, models

LOGO_MAX_BYTES = 1024 * 1024
LOGO_PATH = ["cooperative", "logo"]


def logo_kind(data):
    """``png``, ``jpg`` or ``svg`` by the content ``data`` (bytes); None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head:
        return "svg"
    return None


def _logo_bytes(content):
    """A file's content as given to ``coop_apply_file``: bytes, or text (base64 over XML-RPC,
    or an SVG's own text)."""
    if isinstance(content, bytes):
        return content
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        return content.encode("utf-8")


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_load_logo(self, config, source, files):
        """The content (bytes) of the logo the file names, checked; None when it names none."""
        name = config["cooperative"].get("logo")
        if not name:
            return None
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise self._coop_error(
                source,
                LOGO_PATH,
                self.env._(
                    "%s is not a path beside the cooperative's file. Put the logo beside it (or "
                    "in a folder beside it) and give its path relative to it.",
                    name,
                ),
            )
        content = (files or {}).get(name)
        if content is None:
            raise self._coop_error(
                source,
                LOGO_PATH,
                self.env._(
                    "the logo file %s was not given. Put it beside the cooperative's file (the "
                    "path is relative to it), or upload it with it.",
                    name,
                ),
            )
        data = _logo_bytes(content)
        if len(data) > LOGO_MAX_BYTES:
            raise self._coop_error(
                source,
                LOGO_PATH,
                self.env._(
                    "the logo file %(name)s is larger than %(max)s KB. Save it smaller.",
                    name=name,
                    max=LOGO_MAX_BYTES // 1024,
                ),
            )
        kind = logo_kind(data)
        if kind == "svg" and not self.env.user._is_system():
            # an SVG can carry scripts: Odoo lets only its administrators upload one
            raise self._coop_error(
                source,
                LOGO_PATH,
                self.env._(
                    "the logo file %s is an SVG image, which only the system administrator may "
                    "set. Save the logo as PNG or JPEG, or ask the administrator to apply the "
                    "file.",
                    name,
                ),
            )
        if not kind:
            raise self._coop_error(
                source,
                LOGO_PATH,
                self.env._(
                    "the logo file %s is not a PNG, JPEG or SVG image. Save the logo in one of "
                    "these formats.",
                    name,
                ),
            )
        return data

    @api.model
    def _coop_logo(self, changes, company, data):
        """Set ``data`` as the company's logo when the file names one (else leave it)."""
        if data is None:
            return
        value = base64.b64encode(data)
        if company.logo == value:
            return
        company.logo = value
        changes.append(self.env._("%s: logo set", company.name))

    @api.model
    def _coop_export_logo(self, company, stem="logo"):
        """The company's own logo as ``(file name, base64 text)``; None for Odoo's default."""
        if company.uses_default_logo or not company.logo:
            return None
        kind = logo_kind(base64.b64decode(company.logo)) or "png"
        return f"{stem}.{kind}", company.logo.decode()
