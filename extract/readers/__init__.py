"""Readers: bytes in, text with provenance out (``Extraction``), one module per format.

Nothing here knows Chinese beyond characters and line shapes: segmentation, targets and tasks
read the text these modules return. ``read_bytes`` picks the reader from the content.
"""

from extract.readers.sniff import READERS, read_bytes, read_file, sniff

__all__ = ["READERS", "read_bytes", "read_file", "sniff"]
