"""Helpers shared by the extraction tests (a module name no other test folder uses)."""
import unicodedata


def strip_marks(text: str) -> str:
    """The same text as OCR often gives it: no diacritics, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))
