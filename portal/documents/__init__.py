"""Text from uploaded PDF, DOCX and plain-text files, read in an isolated worker process (pure)."""

from portal.documents.common import ExtractedText, detect_kind
from portal.documents.worker import extract_text, extract_text_in_process, shutdown_worker, start_worker

__all__ = ["ExtractedText", "detect_kind", "extract_text", "extract_text_in_process", "shutdown_worker", "start_worker"]
