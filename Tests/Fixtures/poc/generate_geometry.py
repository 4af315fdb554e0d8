#!/usr/bin/env python3
"""Generates Tests/Fixtures/poc/geometry.tsv: real H3 cell pairs for the PoC verifier tests.

Run with h3==4.5.0 (the oracle of the project's own H3). Every row is a beaconer cell, a witness cell and what
Helium's checks see: the grid distance between their res-11 parents (or `error` when H3 cannot compute it, or
`coarse` when a location is coarser than res 11) and the haversine distance between the cell centres, computed
as h3o `LatLng::distance_m` does (fma emulated exactly with fractions), unrounded and rounded to whole metres.

Deterministic: no randomness; re-running rewrites the same file.
"""
import math
import sys
from fractions import Fraction

import h3

assert h3.__version__ == "4.5.0", h3.__version__

EARTH_RADIUS_KM = 6371.007180918475


def fma(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def centre_radians(cell):
    lat, lng = h3.cell_to_latlng(cell)
    return lat * (math.pi / 180), lng * (math.pi / 180)


def distance_m(c1, c2):
    lat1, lng1 = centre_radians(c1)
    lat2, lng2 = centre_radians(c2)
    s = math.sin((lat2 - lat1) / 2.0)
    t = math.sin((lng2 - lng1) / 2.0)
    a = fma(s, s, math.cos(lat1) * math.cos(lat2) * t * t)
    return 2.0 * math.atan2(math.sqrt(a), math.sqrt(1.0 - a)) * EARTH_RADIUS_KM * 1000.0


def grid(c1, c2):
    if h3.get_resolution(c1) < 11 or h3.get_resolution(c2) < 11:
        return "coarse"
    try:
        return str(h3.grid_distance(h3.cell_to_parent(c1, 11), h3.cell_to_parent(c2, 11)))
    except Exception:
        return "error"


rows = []


def add(name, b, w):
    d = distance_m(b, w)
    rows.append((name, b, w, grid(b, w), str(int(math.floor(d + 0.5))), repr(d)))


# San Francisco beaconer; witnesses in the res-11 rings 6…10 around its parent (centre children at res 12).
sf = h3.latlng_to_cell(37.7749, -122.4194, 12)
sf11 = h3.cell_to_parent(sf, 11)
for k in range(1, 11):
    ring = sorted(h3.grid_ring(sf11, k))
    add(f"ring{k}", sf, h3.cell_to_center_child(ring[0], 12))
    add(f"ring{k}b", sf, h3.cell_to_center_child(ring[len(ring) // 2], 12))

# Witnesses at about 1, 5, 10 and 50 km due north (res 12 cells).
lat0, lng0 = h3.cell_to_latlng(sf)
for km in (1, 5, 10, 50):
    add(f"north{km}km", sf, h3.latlng_to_cell(lat0 + km / 111.2, lng0, 12))

# Around the 100 km limit: the res-12 cells due east whose rounded centre distance is the largest ≤ 100 999 m
# and the smallest ≥ 101 000 m.
below = above = None
lng = lng0 + 1.13
while lng < lng0 + 1.16:
    cell = h3.latlng_to_cell(lat0, lng, 12)
    d = int(math.floor(distance_m(sf, cell) + 0.5))
    if d <= 100_999 and (below is None or d > below[0]):
        below = (d, cell)
    if d >= 101_000 and (above is None or d < above[0]):
        above = (d, cell)
    lng += 0.000002
# Tighten both with the cells around them (the scan line misses cells whose centres lie off it).
for cell in h3.grid_disk(below[1], 4) + h3.grid_disk(above[1], 4):
    d = int(math.floor(distance_m(sf, cell) + 0.5))
    if d <= 100_999 and d > below[0]:
        below = (d, cell)
    if d >= 101_000 and d < above[0]:
        above = (d, cell)
add("limit_below", sf, below[1])
add("limit_above", sf, above[1])
# Far beyond: Los Angeles (~560 km).
add("far_la", sf, h3.latlng_to_cell(34.0522, -118.2437, 12))

# A location coarser than resolution 11 (res 10 witness cell about 2 km away).
add("coarse_res10", sf, h3.latlng_to_cell(lat0 + 0.02, lng0, 10))

# Grid distance that H3 cannot compute near a pentagon: search pairs around a res-11 pentagon.
pentagon = sorted(h3.get_pentagons(11))[3]
found = None
for b11 in sorted(h3.grid_disk(pentagon, 3)):
    for w11 in sorted(h3.grid_ring(pentagon, 12)):
        try:
            h3.grid_distance(b11, w11)
        except Exception:
            found = (h3.cell_to_center_child(b11, 12), h3.cell_to_center_child(w11, 12))
            break
    if found:
        break
add("pentagon_error", found[0], found[1])

# helium/oracles poc.rs test constants: Malta LOC0 with LOC1 (close), LOC2 (Armenia), LOC3 (7 cells), LOC4 (28).
loc = {i: h3.int_to_str(v) for i, v in {
    0: 631615575095659519, 1: 631615576056478207, 2: 631278052025960447,
    3: 627111975468974079, 4: 627111975465463807}.items()}
for i in (1, 2, 3, 4):
    add(f"malta_loc{i}", loc[0], loc[i])
# poc.rs test_calc_distance / test_calc_cell_distance: Ealing and Finsbury Park at res 15 (14 318 m, 360 cells).
add("london_res15", h3.int_to_str(644459695463521437), h3.int_to_str(644460986971331488))

out = ["# name\tbeaconer\twitness\tgrid_distance_res11\tdistance_m\tdistance_m_raw"]
out += ["\t".join(row) for row in rows]
sys.stdout.write("\n".join(out) + "\n")
