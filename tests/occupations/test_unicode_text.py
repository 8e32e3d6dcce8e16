"""Excel's "Unicode text" (UTF-16 with a byte-order mark, tab-separated) imports like a csv."""

from __future__ import annotations

from occupations.importers.base import open_table


def test_utf16_tab_separated_text_is_read(tmp_path):
    text = (
        "OCC_CODE\tOCC_TITLE\tA_MEDIAN\r\n51-4041\tMachinists\t52,340\r\n51-4121\tSoldadores\t#\r\n"
    )
    path = tmp_path / "oews_unicode.txt"
    path.write_bytes(text.encode("utf-16"))  # Python writes the byte-order mark first
    table = open_table(path, display_name=path.name)
    rows = [row for _, row in table.rows]
    assert rows[0] == ("OCC_CODE", "OCC_TITLE", "A_MEDIAN")
    assert rows[1] == ("51-4041", "Machinists", "52,340")
    assert rows[2][1] == "Soldadores"
