"""Derive the compact reference files in this folder from the published sources.

Usage (from the repository root):

    python danvan/data/admin-units/build.py /path/to/shared/data/admin-units

The source folder must hold, unchanged from their publishers (see README.md here):

    official-915-CTK-CSCL-2025-provinces.csv   Công văn 915/CTK-CSCL (dvhcvn/20250701, MIT)
    official-1027-CTK-CSCL-2025-communes.md    Công văn 1027/CTK-CSCL (dvhcvn/20250701, MIT)
    dvhcvn-2025-splits.json                    old unit -> new unit(s) (dvhcvn/20250701, MIT)
    dvhcvn-2025-merges.json                    new unit -> old units, full/partial (same)
    vn-units-2026.json                         snapshot of 2026-07-25 (thanglequoc, MIT)

and this script writes, next to itself:

    units-2025-07-01.csv            the 34 provinces and 3,321 communes of the official lists
    units-before-2025-07-01.csv     the 63 old provinces, 5 old island districts and
                                    10,047 old communes
    successions-2025-07-01.csv      old code -> new code, kind full/partial
    vn-units-2026-07-25.json        the 2026 snapshot, same shape as the upstream file, only the
                                    fields the importer reads, wrapped with its snapshot date

The script only reshapes: names keep their published spelling (the loader normalises them),
and every cross-check below must pass or nothing is written. Standard library only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNAPSHOT_2026_DATE = "2026-07-25"
SNAPSHOT_2026_SOURCE = "thanglequoc/vietnamese-provinces-database, snapshot 2026-07-25 (MIT)"

# Published name prefix -> unit type code (danvan.core.models.units.UnitType).
PREFIXES = [
    ("Thành phố", "thanh_pho"),
    ("Thị trấn", "thi_tran"),
    ("Đặc khu", "dac_khu"),
    ("Phường", "phuong"),
    ("Huyện", "huyen"),
    ("Tỉnh", "tinh"),
    ("Xã", "xa"),
]
UNIT_FIELDS = ["code", "level", "type", "name", "parent_code"]


class BuildError(Exception):
    pass


def split_type(full_name: str, *, default: str | None = None) -> tuple[str, str]:
    """'Phường Ba Đình' -> ('phuong', 'Ba Đình'); a bare name takes `default`."""
    text = " ".join(full_name.replace("<br>", " ").split())
    for prefix, unit_type in PREFIXES:
        if text.casefold().startswith(prefix.casefold() + " "):
            return unit_type, text[len(prefix) + 1 :].strip()
    if default is None:
        raise BuildError(f"unknown unit type in name {full_name!r}")
    return default, text


def read_provinces_2025(src: Path) -> list[dict[str, str]]:
    rows = []
    with (src / "official-915-CTK-CSCL-2025-provinces.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            unit_type, name = split_type(row["Tên 34 tỉnh sau sáp nhập"], default="tinh")
            code = row["Mã số"].strip()
            if not re.fullmatch(r"\d{2}", code):
                raise BuildError(f"bad province code {code!r}")
            rows.append(
                {
                    "code": code,
                    "level": "province",
                    "type": unit_type,
                    "name": name,
                    "parent_code": "",
                }
            )
    if len(rows) != 34:
        raise BuildError(f"expected 34 provinces, read {len(rows)}")
    return rows


def read_communes_2025(src: Path, provinces: list[dict[str, str]]) -> list[dict[str, str]]:
    """Parse the markdown table; a commune's province comes from the section heading above it
    (the table's own province column is incomplete in the transcription)."""
    by_heading = {}
    for p in provinces:
        prefix = "Thành phố" if p["type"] == "thanh_pho" else "Tỉnh"
        by_heading[f"{prefix} {p['name']}".casefold()] = p["code"]
    rows = []
    section: str | None = None
    text = (src / "official-1027-CTK-CSCL-2025-communes.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4:
            raise BuildError(f"unexpected table row {line!r}")
        number, code, full_name, _province = cells
        if not number and not code and full_name:
            section = by_heading.get(" ".join(full_name.split()).casefold())
            if section is None:
                raise BuildError(f"unknown province heading {full_name!r}")
            continue
        if not number.isdigit():
            continue
        if not re.fullmatch(r"\d{5}", code):
            raise BuildError(f"bad commune code {code!r}")
        if section is None:
            raise BuildError(f"commune {code} before any province heading")
        unit_type, name = split_type(full_name)
        rows.append(
            {
                "code": code,
                "level": "commune",
                "type": unit_type,
                "name": name,
                "parent_code": section,
            }
        )
    if len(rows) != 3321 or len({r["code"] for r in rows}) != 3321:
        raise BuildError(f"expected 3321 distinct communes, read {len(rows)}")
    return rows


def read_old_units(src: Path) -> list[dict[str, str]]:
    data = json.loads((src / "dvhcvn-2025-splits.json").read_text(encoding="utf-8"))["data"]
    provinces, lower = [], []
    for p in data:
        unit_type, name = split_type(p["name"])
        provinces.append(
            {
                "code": p["level1_id"],
                "level": "province",
                "type": unit_type,
                "name": name,
                "parent_code": "",
            }
        )
        # The five island districts had no communes: they are the lowest unit of their area.
        for d in p.get("level2s") or []:
            unit_type, name = split_type(d["name"])
            lower.append(
                {
                    "code": d["level2_id"],
                    "level": "district",
                    "type": unit_type,
                    "name": name,
                    "parent_code": p["level1_id"],
                }
            )
        for c in p["level3s"]:
            unit_type, name = split_type(c["name"])
            lower.append(
                {
                    "code": c["level3_id"],
                    "level": "commune",
                    "type": unit_type,
                    "name": name,
                    "parent_code": p["level1_id"],
                }
            )
    rows = provinces + lower
    codes = [r["code"] for r in rows]
    if len(provinces) != 63 or len(codes) != len(set(codes)):
        raise BuildError("old units: expected 63 provinces and distinct codes")
    return rows


def read_successions(
    src: Path, old: list[dict[str, str]], new: list[dict[str, str]]
) -> list[dict[str, str]]:
    merges = json.loads((src / "dvhcvn-2025-merges.json").read_text(encoding="utf-8"))["data"]
    splits = json.loads((src / "dvhcvn-2025-splits.json").read_text(encoding="utf-8"))["data"]
    rows = []
    for p in merges:
        for m in p["merges"]:
            rows.append({"old_code": m["old_id"], "new_code": p["level1_id"], "kind": m["type"]})
        for c in p["level2s"]:
            for m in c["merges"]:
                rows.append(
                    {"old_code": m["old_id"], "new_code": c["level2_id"], "kind": m["type"]}
                )
    old_codes = {r["code"] for r in old}
    new_codes = {r["code"] for r in new}
    pairs = {(r["old_code"], r["new_code"]) for r in rows}
    if len(pairs) != len(rows):
        raise BuildError("duplicate succession pairs")
    if any(r["kind"] not in {"full", "partial"} for r in rows):
        raise BuildError("succession kind other than full/partial")
    missing = {r["old_code"] for r in rows} ^ old_codes
    if missing:
        raise BuildError(f"old units without a successor or unknown: {sorted(missing)[:10]}")
    if {r["new_code"] for r in rows} != new_codes:
        raise BuildError("new units without predecessors or unknown")
    # The two files of the mapping must agree pair for pair.
    split_pairs = set()
    for p in splits:
        for s in p["splits"]:
            split_pairs.add((p["level1_id"], s["new_id"]))
        for unit in (p.get("level2s") or []) + p["level3s"]:
            old_code = unit.get("level3_id") or unit["level2_id"]
            for s in unit["splits"]:
                split_pairs.add((old_code, s["new_id"]))
    if split_pairs != pairs:
        raise BuildError("merges.json and splits.json disagree")
    rows.sort(key=lambda r: (len(r["old_code"]), r["old_code"], r["new_code"]))
    return rows


def compact_2026(src: Path) -> str:
    upstream = json.loads((src / "vn-units-2026.json").read_text(encoding="utf-8"))
    province_keys = ["Code", "Name", "FullName", "FullNameEn", "AdministrativeUnitShortName"]
    ward_keys = [*province_keys, "ProvinceCode"]
    out = io.StringIO()
    out.write("{\n")
    out.write(f' "snapshot_date": "{SNAPSHOT_2026_DATE}",\n')
    out.write(f' "source": {json.dumps(SNAPSHOT_2026_SOURCE, ensure_ascii=False)},\n')
    out.write(' "provinces": [\n')
    for i, p in enumerate(upstream):
        head = {k: p[k] for k in province_keys}
        out.write("  " + json.dumps(head, ensure_ascii=False)[:-1] + ', "Wards": [\n')
        wards = [json.dumps({k: w[k] for k in ward_keys}, ensure_ascii=False) for w in p["Wards"]]
        out.write(",\n".join("   " + w for w in wards))
        out.write("\n  ]}" + ("," if i < len(upstream) - 1 else "") + "\n")
    out.write(" ]\n}\n")
    text = out.getvalue()
    # Round-trip check: nothing the importer reads was lost.
    back = json.loads(text)["provinces"]
    if [p["Code"] for p in back] != [p["Code"] for p in upstream] or sum(
        len(p["Wards"]) for p in back
    ) != sum(len(p["Wards"]) for p in upstream):
        raise BuildError("2026 snapshot round-trip mismatch")
    return text


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[0])
    try:
        provinces = read_provinces_2025(src)
        communes = read_communes_2025(src, provinces)
        new = provinces + communes
        old = read_old_units(src)
        successions = read_successions(src, old, new)
        snapshot = compact_2026(src)
    except (BuildError, KeyError, OSError, ValueError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    write_csv(HERE / "units-2025-07-01.csv", UNIT_FIELDS, new)
    write_csv(HERE / "units-before-2025-07-01.csv", UNIT_FIELDS, old)
    write_csv(HERE / "successions-2025-07-01.csv", ["old_code", "new_code", "kind"], successions)
    (HERE / "vn-units-2026-07-25.json").write_text(snapshot, encoding="utf-8")
    print(
        f"units-2025-07-01.csv: {len(provinces)} provinces, {len(communes)} communes; "
        f"units-before-2025-07-01.csv: {len(old)} rows; "
        f"successions-2025-07-01.csv: {len(successions)} links; vn-units-2026-07-25.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
