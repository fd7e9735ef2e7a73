"""One base exception for everything the library raises about an input file.

Each subclass carries the path (when known) and a short instruction for the operator, so the
CLI can print one line per failed file: ``<path>: <what is wrong>; <what to do>``.
"""

from __future__ import annotations


class ExtractError(Exception):
    """A file could not be turned into text. ``code`` is stable, for the ``errors`` table."""

    code = "extract-error"
    advice = "check the file and run again"

    def __init__(self, message: str, *, path: str | None = None, advice: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        if advice is not None:
            self.advice = advice

    def with_path(self, path: str) -> ExtractError:
        self.path = path
        return self

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}; {self.advice}"


class UnsupportedFormat(ExtractError):
    """No reader takes the file's content (an image, a spreadsheet, a web page named .docx …)."""

    code = "unsupported-format"
    advice = "save it as .docx, .pdf, .html or UTF-8 .txt and drop it in again"


class LegacyWordFormat(UnsupportedFormat):
    """An old Word 97–2003 .doc file (OLE2), not .docx."""

    code = "legacy-doc"
    advice = "open it in Word or LibreOffice and save it as .docx"


class EncryptedFile(ExtractError):
    """The PDF or Word file needs a password to open."""

    code = "encrypted"
    advice = "password-protected: ask the sender for an unprotected copy"


class NeedsOCR(ExtractError):
    """No text layer: a scanned PDF, or pages whose fonts have no Unicode map."""

    code = "needs-ocr"
    advice = "no text layer: run OCR first (e.g. ocrmypdf) and drop in the result"


class CorruptFile(ExtractError):
    """Damaged, truncated or malformed: the structure cannot be read."""

    code = "corrupt"
    advice = "the file is damaged or incomplete: download or export it again"


class EncodingError(ExtractError):
    """A text file in no encoding we read (UTF-8/16, GB18030/GBK, Big5)."""

    code = "encoding"
    advice = "save it as UTF-8 and drop it in again"


class TooLarge(ExtractError):
    """Beyond a safety bound: a zip or decompression bomb, or more text than one file may hold."""

    code = "too-large"
    advice = "the file expands beyond the safety limit: check where it came from"
