"""Build the place reference shipped in src/refwatch/reference/data/places.csv.

Run from the repository root with the project's shared research data beside it:

    python scripts/build_reference.py ../shared/data

It merges gazetteer.csv (border cities, crossings, detention facilities with
coordinates), korean/nk_places.csv (North Korean provinces, cities and counties
with their North/South Hangul, RR, MR, DPRK spellings, abbreviations and old
names) and korean/china_detention_places.csv (Chinese towns in Chinese,
Sino-Korean Hangul and Chinese-sound Hangul) into one table with stable ids.
The output is committed; this script documents how it was made.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

CN_PROVINCES = {
    "Jilin": ("cn-jl", "지린성|길림성|吉林省|吉林|지린|길림|Jilin Province"),
    "Liaoning": ("cn-ln", "랴오닝성|요령성|요녕성|辽宁省|辽宁|랴오닝|요령|요녕|Liaoning Province"),
    "Heilongjiang": ("cn-hl", "헤이룽장성|흑룡강성|黑龙江省|黑龙江|흑룡강|Heilongjiang Province"),
    "Shandong": ("cn-sd", "산둥성|산동성|山东省|山东|산둥|산동"),
    "Yunnan": ("cn-yn", "윈난성|운남성|云南省|云南|윈난|운남"),
    "Guangxi": ("cn-gx", "광시|광서|广西|Guangxi Zhuang Autonomous Region"),
    "Beijing": ("cn-bj", "베이징|북경|北京"),
}
CN_PROVINCE_KO = {
    "Jilin": "지린성",
    "Liaoning": "랴오닝성",
    "Heilongjiang": "헤이룽장성",
    "Shandong": "산둥성",
    "Yunnan": "윈난성",
    "Guangxi": "광시좡족자치구",
    "Beijing": "베이징",
}
CN_PROVINCE_ZH = {
    "Jilin": "吉林省",
    "Liaoning": "辽宁省",
    "Heilongjiang": "黑龙江省",
    "Shandong": "山东省",
    "Yunnan": "云南省",
    "Guangxi": "广西壮族自治区",
    "Beijing": "北京市",
}
KP_PROVINCE_ENGLISH = {
    "NH": "North Hamgyong",
    "RG": "Ryanggang",
    "SH": "South Hamgyong",
    "NP": "North Pyongan",
    "SP": "South Pyongan",
    "PY": "Pyongyang",
    "CG": "Chagang",
    "KW": "Kangwon",
    "NW": "North Hwanghae",
    "SW": "South Hwanghae",
    "RS": "Rason",
    "NM": "Nampo",
}
COLUMNS = [
    "id",
    "kind",
    "country",
    "parent_id",
    "name_en",
    "name_ko",
    "name_zh",
    "aliases",
    "lat",
    "lon",
    "source",
]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("'", "").replace("\u2019", "")


def unique(values: list[str], exclude: tuple[str, ...] = ()) -> str:
    seen: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in seen and v not in exclude:
            seen.append(v)
    return "|".join(seen)


def hangul_stem(name: str) -> str:
    for suffix in ("특별시", "직할시", "구역", "도", "시", "군"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def roman_stem(name: str) -> str:
    return re.sub(r"-(do|si|gun|guyeok)$", "", name)


def nk_rows(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code = r["province_code"]
            english = r["dprk_ascii_common_english"]
            if r["level"] == "province":
                pid, parent = f"kp-{code.lower()}", "kp"
            else:
                pid, parent = f"kp-{code.lower()}-{slug(english)}", f"kp-{code.lower()}"
            forms = [
                r["hangul_north"],
                r["hangul_south"],
                hangul_stem(r["hangul_north"]),
                hangul_stem(r["hangul_south"]),
                r["rr"],
                roman_stem(r["rr"]),
                r["mr"],
                ascii_fold(r["mr"]),
                english,
                r["sk_abbreviation"],
            ]
            if r["old_or_alt_name"]:
                forms += [r["old_or_alt_name"]]
            if r["level"] == "province":
                forms += [english + " Province", ascii_fold(r["mr"]) + " Province"]
            rows.append(
                {
                    "id": pid,
                    "kind": r["level"],
                    "country": "KP",
                    "parent_id": parent,
                    "name_en": english,
                    "name_ko": r["hangul_south"],
                    "name_zh": "",
                    "aliases": unique(forms, (english, r["hangul_south"])),
                    "lat": "",
                    "lon": "",
                    "source": "shared/data/korean/nk_places.csv",
                }
            )
    return rows


def main(shared: Path) -> None:
    rows: dict[str, dict[str, str]] = {}
    rows["cn"] = {
        "id": "cn",
        "kind": "country",
        "country": "CN",
        "parent_id": "",
        "name_en": "China",
        "name_ko": "중국",
        "name_zh": "中国",
        "aliases": "PRC|People's Republic of China|中华人民共和国|중화인민공화국",
        "lat": "",
        "lon": "",
        "source": "reference",
    }
    rows["kp"] = {
        "id": "kp",
        "kind": "country",
        "country": "KP",
        "parent_id": "",
        "name_en": "North Korea",
        "name_ko": "북한",
        "name_zh": "朝鲜",
        "aliases": "DPRK|Democratic People's Republic of Korea|조선|북조선|조선민주주의인민공화국|N. Korea",
        "lat": "",
        "lon": "",
        "source": "reference",
    }
    for prov, (pid, aliases) in CN_PROVINCES.items():
        rows[pid] = {
            "id": pid,
            "kind": "province",
            "country": "CN",
            "parent_id": "cn",
            "name_en": prov,
            "name_ko": CN_PROVINCE_KO[prov],
            "name_zh": CN_PROVINCE_ZH[prov],
            "aliases": aliases,
            "lat": "",
            "lon": "",
            "source": "reference",
        }
    for r in nk_rows(shared / "korean" / "nk_places.csv"):
        rows[r["id"]] = r

    with (shared / "korean" / "china_detention_places.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            prov_id = CN_PROVINCES[r["province"]][0]
            pid = f"{prov_id}-{slug(r['en'].replace(chr(39), ''))}"
            rows[pid] = {
                "id": pid,
                "kind": "city",
                "country": "CN",
                "parent_id": prov_id,
                "name_en": r["en"],
                "name_ko": r["ko_chinese_pronunciation"],
                "name_zh": r["zh"],
                "aliases": unique(
                    [r["ko_sino_korean_reading"], r["en"].replace("'", ""), r["zh"].rstrip("市")],
                    (r["en"], r["ko_chinese_pronunciation"]),
                ),
                "lat": "",
                "lon": "",
                "source": "shared/data/korean/china_detention_places.csv",
            }

    # Match gazetteer towns to the county table by any of their names (Manpo = Manpho).
    nk_by_english = {}
    for r in rows.values():
        if r["country"] == "KP":
            for n in [r["name_en"], *r["aliases"].split("|")]:
                nk_by_english.setdefault(ascii_fold(n).lower(), r)
    rows["cn-jl-yanbian"] = {
        "id": "cn-jl-yanbian", "kind": "prefecture", "country": "CN", "parent_id": "cn-jl",
        "name_en": "Yanbian", "name_ko": "옌볜", "name_zh": "延边",
        "aliases": "연변|옌벤|延边朝鲜族自治州|연변조선족자치주|Yanbian Korean Autonomous Prefecture",
        "lat": "", "lon": "", "source": "reference (prefecture seat: Yanji)",
    }
    with (shared / "gazetteer.csv").open(encoding="utf-8") as fh:
        for g in csv.DictReader(fh):
            name = g["name_en"]
            short = re.split(r"[ (]", name)[0]
            locals_ = [p.strip() for p in re.split(r"[/·()]", g["name_local"]) if p.strip()]
            zh = next((p for p in locals_ if re.search(r"[\u4e00-\u9fff]", p)), "")
            ko = [p for p in locals_ if re.search(r"[\uac00-\ud7a3]", p)]
            kind = g["kind"].split(";")[0].split("/")[0].strip()
            facility = name != short and any(
                k in g["kind"] for k in ("detention facility", "customs port /")
            )
            if facility:
                kind = "customs port" if "customs" in g["kind"] else "detention facility"
                whole_ko = [
                    p.strip()
                    for p in g["name_local"].split("/")
                    if re.search(r"[\uac00-\ud7a3]", p)
                ]
                ko = whole_ko or ko
            if g["country"] == "CN":
                prov_id = CN_PROVINCES[g["admin1"]][0]
                base = f"{prov_id}-{slug(short.replace(chr(39), ''))}"
                pid = (
                    base
                    if not facility
                    else f"{base}-{'customs' if 'customs' in g['kind'] else 'detention'}"
                )
                parent = prov_id if pid == base else base
            else:
                code = next(c for c, e in KP_PROVINCE_ENGLISH.items() if e == g["admin1"])
                existing = nk_by_english.get(ascii_fold(short).lower())
                if existing is not None:
                    pid = existing["id"]
                else:
                    parent_town = "kp-nh-onsong" if short == "Namyang" else f"kp-{code.lower()}"
                    pid = (
                        f"{parent_town}-{slug(short)}"
                        if short == "Namyang"
                        else f"kp-{code.lower()}-{slug(short)}"
                    )
                parent = (
                    rows[pid]["parent_id"]
                    if pid in rows
                    else ("kp-nh-onsong" if short == "Namyang" else f"kp-{code.lower()}")
                )
            row = rows.get(
                pid,
                {
                    "id": pid,
                    "kind": kind,
                    "country": g["country"],
                    "parent_id": parent,
                    "name_en": name if facility else short,
                    "name_ko": ko[0] if ko else "",
                    "name_zh": zh,
                    "aliases": "",
                    "lat": "",
                    "lon": "",
                    "source": "",
                },
            )
            row["lat"], row["lon"] = g["lat"], g["lon"]
            if not row["name_zh"]:
                row["name_zh"] = zh
            if row["kind"] in ("city", "county") and kind not in ("city", "county"):
                row["kind"] = f"{row['kind']}; {kind}"
            extra = [] if facility else [short, *ko, zh]
            row["aliases"] = unique(
                [*row["aliases"].split("|"), *extra], (row["name_en"], row["name_ko"])
            )
            row["source"] = "; ".join(
                s for s in (row["source"], "shared/data/gazetteer.csv: " + g["source"]) if s
            )
            rows[pid] = row

    rows["kp-rs"]["aliases"] += "|Rajin-Sonbong|Rajin-Sŏnbong|라진선봉|나진선봉|Rajin Sonbong"
    out = Path(__file__).resolve().parent.parent / "src/refwatch/reference/data/places.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for pid in sorted(rows):
            writer.writerow(rows[pid])
    sys.stderr.write(f"wrote {len(rows)} places to {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
