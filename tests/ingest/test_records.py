from pathlib import Path

import pytest

from guji.ingest.records import is_safe_id, read_catalogue
from guji.pipeline.errors import UsageError

HEADER = "volume_id,title,author,access,date_w3cdtf,juan\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_records_with_optional_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "lunyu-01,論語集解,何晏,public,1590,10\nmz,孟子,,reading-room,,\n")
    records = read_catalogue(path)
    assert list(records) == ["lunyu-01", "mz"]
    assert records["lunyu-01"].author == "何晏"
    assert records["lunyu-01"].juan == "10"
    assert records["mz"].access == "reading-room"


def test_empty_access_is_closed_by_default_and_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffvolume_id,title,access\nv1,大學,\nv2,中庸,public\n".encode())
    records = read_catalogue(path)
    assert (records["v1"].access, records["v2"].access) == ("reading-room", "public")
    assert read_catalogue(path, default_access="restricted")["v1"].access == "restricted"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",無號,,,,\n", "row 2: missing volume_id"),
        ("../etc,壞名,,,,\n", "row 2: volume_id '../etc' is not a safe name"),
        ("a b,空格,,,,\n", "not a safe name"),
        ("v1,甲,,public,,\nv1,乙,,public,,\n", "row 3: duplicate volume_id 'v1'"),
        ("v1,甲,,secret,,\n", "access 'secret'"),
        ("v1,甲,,,1590年,\n", "date_w3cdtf"),
        ("v1,,,,,\n", "has no title"),
    ],
)
def test_bad_rows_are_rejected_with_their_row_number(tmp_path: Path, row: str,
                                                      message: str) -> None:
    with pytest.raises(UsageError) as info:
        read_catalogue(write(tmp_path, row))
    assert message in str(info.value)


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        read_catalogue(write(tmp_path, "ok,好,,,,\n,缺,,,,\nok,重,,,,\n"))
    assert "row 3" in str(info.value) and "row 4" in str(info.value)


def test_missing_required_columns(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="needs the columns volume_id and title"):
        read_catalogue(write(tmp_path, "x\n", header="id,name\n"))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("volume_id,title\nv1,論語\n".encode("big5"))
    with pytest.raises(UsageError, match="not UTF-8"):
        read_catalogue(path)


def test_safe_ids() -> None:
    assert is_safe_id("pingxiang-0001_a.b")
    assert not is_safe_id("-x") and not is_safe_id("a/b") and not is_safe_id("卷一")
