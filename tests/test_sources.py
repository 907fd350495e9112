"""Decoding a document: what is tolerated, and that every refusal names a line."""

from __future__ import annotations

import pytest

from pipelines.errors import SourceFormatError
from pipelines.sources import decode_document

PATH = "data/sources/example.txt"


def refusal(raw: bytes) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as caught:
        decode_document(raw, PATH)
    return caught.value


def test_byte_order_mark_and_crlf_are_tolerated():
    assert decode_document("\ufeffБір\r\nекі\r\n".encode(), PATH) == ("Бір", "екі")


@pytest.mark.parametrize("raw", [b"", b"\n", b"\r\n \t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_an_empty_file_stops_at_line_1(raw):
    error = refusal(raw)
    assert (error.line, error.found) == (1, "an empty file")
    assert str(error).startswith(f"{PATH}:1: expected a non-empty")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\r", "\ufffd"])
def test_control_characters_stop_at_their_line(character):
    error = refusal(f"первая\nвто{character}рая\n".encode())
    assert error.line == 2
    assert "printable text" in str(error)


def test_windows_1251_is_named():
    error = refusal("первая строка\nвторая".encode("cp1251"))
    assert error.line == 1
    assert "Windows-1251" in str(error)


def test_a_file_cut_inside_a_character_is_named():
    error = refusal("первая\nвторая".encode()[:-1])
    assert error.line == 2
    assert "cut short" in str(error)
