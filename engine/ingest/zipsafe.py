"""Safe access to ZIP-based documents (DOCX, ODT): size limits before inflating, no XML entities.

No document library stops a zip bomb, so the declared sizes are checked before anything is
inflated, and reads are capped in case the declared sizes lie.  Office XML never needs a DTD:
a part that declares one (billion laughs, external entities) is refused outright.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ..errors import InputError

MB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # a text part compressing better than 200:1 is a bomb, not a document
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


class SafeZip:
    """A ZIP container whose members are read within limits."""

    def __init__(self, data: bytes, path: Path, max_unzipped: int, kind: str):
        self.path = path
        self.kind = kind
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, ValueError) as exc:
            raise InputError(str(path), f"the {kind} file is damaged or truncated (bad ZIP container: {exc})",
                             "corrupt") from exc
        if len(infos) > MAX_MEMBERS:
            raise InputError(str(path), f"the {kind} container holds {len(infos)} files, over the limit of "
                             f"{MAX_MEMBERS}: refusing it (possible zip bomb)", "zip_bomb")
        total = sum(info.file_size for info in infos)
        if total > max_unzipped:
            raise InputError(
                str(path),
                f"the {kind} file would expand to {total / MB:.0f} MB, over the {max_unzipped / MB:.0f} MB "
                "limit: refusing it (possible zip bomb)",
                "zip_bomb",
            )
        for info in infos:
            if info.compress_size and info.file_size > 1_000_000 and info.file_size / info.compress_size > MAX_RATIO:
                raise InputError(
                    str(path),
                    f"{info.filename} inside the {kind} file compresses {info.file_size // info.compress_size}:1, "
                    "far beyond real documents: refusing it (possible zip bomb)",
                    "zip_bomb",
                )
        self.names = {info.filename: info for info in infos}
        self.max_unzipped = max_unzipped

    def read(self, name: str) -> bytes | None:
        """A member's bytes (None when absent), never more than its declared size."""
        info = self.names.get(name)
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError,
                zlib.error) as exc:
            raise InputError(str(self.path), f"{name} inside the {self.kind} file is damaged ({exc})",
                             "corrupt") from exc
        if len(data) > info.file_size:
            raise InputError(str(self.path), f"{name} inside the {self.kind} file is larger than declared: "
                             "refusing it (possible zip bomb)", "zip_bomb")
        return data

    def xml(self, name: str) -> etree._Element | None:
        """A member parsed as XML without DTDs or entity expansion (None when absent)."""
        data = self.read(name)
        if data is None:
            return None
        head = data[:4096]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
            raise InputError(
                str(self.path),
                f"{name} inside the {self.kind} file declares XML entities (a DTD), which real documents never "
                "do: refusing it (possible entity-expansion 'billion laughs' attack)",
                "xml_entities",
            )
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            detail = exc.msg or str(exc)  # lxml's message without the "(<string>, line 1)" repeat
            if "XML_PARSE_HUGE" in detail or "huge" in detail.lower():
                raise InputError(str(self.path), f"{name} inside the {self.kind} file holds a text run over the "
                                 "XML parser's 10 MB safety limit (libxml2 XML_PARSE_HUGE, lxml huge_tree, kept off "
                                 "against hostile files): split that paragraph, or save the document as PDF",
                                 "too_large") from exc
            raise InputError(str(self.path), f"{name} inside the {self.kind} file is not well-formed XML "
                             f"(damaged file?): {detail}", "corrupt") from exc
