#!/usr/bin/env python3
"""Generate the H3 4.5 traversal oracle vectors Tests/Fixtures/h3/traversal_*.tsv.

Covers gridDisk / gridDiskDistances, gridRing, areNeighborCells, the neighbour step (h3NeighborRotations),
cellToLocalIj / localIjToCell and gridDistance, plus the base-cell neighbour tables.

The oracle is the C library H3 4.5.0 embedded in the PyPI package h3==4.5.0 (x86-64 Linux). Two ways in:

* the public h3-py API (`h3.api.basic_int`) for grid_disk, grid_ring, grid_distance, cell_to_local_ij and
  local_ij_to_cell, including its input checks (h3-py validates cells before grid_disk, grid_ring and
  grid_distance; it passes cell_to_local_ij and local_ij_to_cell straight to C);
* the same C functions through ctypes on the h3-py extension module (statically linked, symbols exported)
  where h3-py hides something: areNeighborCells' error codes (h3-py turns every error into False),
  gridDiskDistances' distances, the internal h3NeighborRotations, and the base-cell tables as compiled.
Where both ways apply they are cross-checked and the generator stops on any disagreement.

Cells are lowercase hex, errors are h3-py exception class names. Fixed seed and deterministic order: a re-run
writes byte-identical files, whose SHA-256 digests go to Tests/Fixtures/h3/traversal_sha256sums.txt.

Usage: python3 Scripts/h3vectors/traversal_vectors.py
"""

import ctypes
import hashlib
import math
import os
import random
import sys

import h3
from h3.api import basic_int as h3i
from h3._cy import cells as _cy_cells
from h3._cy.error_system import error_mapping

SEED = 20260522
VERSIONS = h3.versions()
assert VERSIONS['c'] == '4.5.0', VERSIONS
assert VERSIONS['python'] == '4.5.0', VERSIONS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'Tests', 'Fixtures', 'h3'))
SUMS_FILE = 'traversal_sha256sums.txt'

# --------------------------------------------------------------------------------------------------------
# ctypes binding to the C library inside h3-py
# --------------------------------------------------------------------------------------------------------

C = ctypes.CDLL(_cy_cells.__file__)
H3Index = ctypes.c_uint64
H3Err = ctypes.c_uint32


def _sig(name, restype, *argtypes):
    f = getattr(C, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


c_areNeighborCells = _sig('areNeighborCells', H3Err, H3Index, H3Index, ctypes.POINTER(ctypes.c_int))
c_gridDiskDistances = _sig('gridDiskDistances', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(H3Index),
                           ctypes.POINTER(ctypes.c_int))
c_gridDisk = _sig('gridDisk', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(H3Index))
c_maxGridDiskSize = _sig('maxGridDiskSize', H3Err, ctypes.c_int, ctypes.POINTER(ctypes.c_int64))
c_h3NeighborRotations = _sig('h3NeighborRotations', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                             ctypes.POINTER(H3Index))
c_isValidCell = _sig('isValidCell', ctypes.c_int, H3Index)

BASE_CELL_NEIGHBORS = (ctypes.c_int * (122 * 7)).in_dll(C, 'baseCellNeighbors')
BASE_CELL_ROTATIONS = (ctypes.c_int * (122 * 7)).in_dll(C, 'baseCellNeighbor60CCWRots')


def err_name(code):
    """The h3-py exception class name for a C error code (the Swift test maps it to an H3Error case)."""
    return error_mapping[code].__name__


def hx(cell):
    return '{:x}'.format(cell)


def py_call(f, *args):
    """Result of an h3-py call, or the class name of the H3 exception it raised."""
    try:
        return True, f(*args)
    except h3.H3BaseException as e:  # noqa: the exception hierarchy of h3-py 4
        return False, type(e).__name__


def c_disk_distances(origin, k):
    n = ctypes.c_int64(0)
    assert c_maxGridDiskSize(k, ctypes.byref(n)) == 0
    out = (H3Index * n.value)()
    dist = (ctypes.c_int * n.value)()
    e = c_gridDiskDistances(origin, k, out, dist)
    if e:
        return err_name(e)
    return {int(out[i]): int(dist[i]) for i in range(n.value) if out[i] != 0}


def c_are_neighbors(a, b):
    out = ctypes.c_int(-1)
    e = c_areNeighborCells(a, b, ctypes.byref(out))
    return err_name(e) if e else str(out.value)


def c_neighbor(origin, direction, rotations):
    rot = ctypes.c_int(rotations)
    out = H3Index(0)
    e = c_h3NeighborRotations(origin, direction, ctypes.byref(rot), ctypes.byref(out))
    return (err_name(e), '') if e else (hx(out.value), str(rot.value))


# --------------------------------------------------------------------------------------------------------
# sampling helpers (degrees in, as h3-py takes them)
# --------------------------------------------------------------------------------------------------------

def uniform_point(rng):
    return math.degrees(math.asin(2 * rng.random() - 1)), 360 * rng.random() - 180


def offset_point(lat, lng, km, bearing):
    """A point about `km` from (lat, lng) along `bearing` (flat approximation; only used for sampling)."""
    dlat = km * math.cos(bearing) / 111.2
    coslat = max(math.cos(math.radians(lat)), 1e-3)
    dlng = km * math.sin(bearing) / (111.2 * coslat)
    lat2 = max(-90.0, min(90.0, lat + dlat))
    lng2 = lng + dlng
    if lng2 > 180:
        lng2 -= 360
    if lng2 < -180:
        lng2 += 360
    return lat2, lng2


def edge_km(res):
    return h3i.average_hexagon_edge_length(res, 'km')


def near_cell(rng, cell, res, max_edges):
    """A cell at `res` within about `max_edges` cell edges of `cell`'s centre."""
    lat, lng = h3i.cell_to_latlng(cell)
    km = rng.random() * max_edges * edge_km(res) * 1.7
    p = offset_point(lat, lng, km, rng.random() * 2 * math.pi)
    return h3i.latlng_to_cell(p[0], p[1], res)


PENT_BASE = [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117]


def pentagons(res):
    ps = sorted(h3i.get_pentagons(res))
    assert len(ps) == 12
    return ps


def pentagon_border_point(rng, res, polar=False):
    """A point close to an edge of one of the 12 pentagon base cells (within a few cells at `res`), so that
    cells on both sides of the boundary between a pentagon base cell and its neighbours are sampled."""
    p = h3i.get_pentagons(0)
    p = (sorted(p)[0] if rng.random() < 0.5 else sorted(p)[-1]) if polar else sorted(p)[rng.randrange(12)]
    assert not polar or h3i.get_base_cell_number(p) in (4, 117)
    verts = h3i.cell_to_boundary(p)
    i = rng.randrange(len(verts))
    a, b = verts[i], verts[(i + 1) % len(verts)]
    t = rng.random()
    lat = a[0] * t + b[0] * (1 - t)
    lng = a[1] * t + b[1] * (1 - t)
    if abs(a[1] - b[1]) > 180:  # the edge crosses the antimeridian: interpolate the short way
        lng = (a[1] % 360) * t + (b[1] % 360) * (1 - t)
        lng = lng - 360 if lng > 180 else lng
    return offset_point(lat, lng, edge_km(res) * 4 * rng.random(), rng.random() * 2 * math.pi)


def invalid_indexes():
    """Indexes that are not valid cells, of several kinds (all stay in 64 bits)."""
    good = h3i.latlng_to_cell(37.7749, -122.4194, 9)
    pent5 = pentagons(5)[0]
    out = [
        0,
        good | (1 << 63),                          # high bit
        (good & ~(0xF << 59)) | (2 << 59),         # directed-edge mode
        good | (1 << 56),                          # reserved bits
        (good & ~(0x7F << 45)) | (122 << 45),      # base cell 122
        (good & ~(0x7F << 45)) | (127 << 45),      # base cell 127
        good | (7 << (3 * (15 - 4))),              # a 7 inside the resolution
        good & ~(7 << 0),                          # a non-7 after the resolution
        (pent5 & ~(7 << (3 * (15 - 5)))) | (1 << (3 * (15 - 5))),  # pentagon with leading digit 1
    ]
    return out


# --------------------------------------------------------------------------------------------------------
# origins for disks and rings
# --------------------------------------------------------------------------------------------------------

def disk_origins(rng):
    origins = []
    kinds = {}

    def add(kind, cell):
        origins.append((kind, cell))
        kinds[kind] = kinds.get(kind, 0) + 1

    for res in (0, 1, 2, 3, 5, 8, 11, 15):
        for p in pentagons(res):
            add('pentagon', p)
    for res in (2, 5, 9, 12):
        for p in pentagons(res):
            ring1 = sorted(h3i.grid_ring(p, 1))
            for c in ring1:
                add('pentagon_ring1', c)
            ring2 = sorted(h3i.grid_ring(p, 2))
            add('pentagon_ring2', rng.choice(ring2))
            ring3 = sorted(h3i.grid_disk(p, 4))
            add('pentagon_near', rng.choice(ring3))
    for bc in sorted(h3i.get_res0_cells()):
        add('base_cell', bc)
    for _ in range(40):
        lat = (89.0 + rng.random()) * rng.choice((-1, 1))
        add('polar', h3i.latlng_to_cell(lat, 360 * rng.random() - 180, rng.randrange(16)))
    for s in (-1, 1):
        add('polar', h3i.latlng_to_cell(90.0 * s, 0.0, 7))
        add('polar', h3i.latlng_to_cell(90.0 * s, 0.0, 12))
    for _ in range(40):
        lng = (180.0 - rng.random() * 0.05) * rng.choice((-1, 1))
        add('antimeridian', h3i.latlng_to_cell(180 * rng.random() - 90, lng, rng.randrange(16)))
    for _ in range(150):
        lat, lng = uniform_point(rng)
        add('uniform', h3i.latlng_to_cell(lat, lng, rng.randrange(16)))
    res0 = sorted(h3i.get_res0_cells())
    for _ in range(60):
        bc = rng.choice(res0)
        verts = h3i.cell_to_boundary(bc)
        a = verts[rng.randrange(len(verts))]
        b = verts[rng.randrange(len(verts))]
        t = rng.random()
        lat = a[0] * t + b[0] * (1 - t) + (rng.random() - 0.5) * 0.02
        lng = a[1] * t + b[1] * (1 - t) + (rng.random() - 0.5) * 0.02
        add('base_cell_edge', h3i.latlng_to_cell(lat, lng, rng.randrange(3, 13)))
    return origins, kinds


def gen_disks(rng, origins):
    rows = []
    counts = {'disk': 0, 'disk_k': 0, 'fallback_like': 0, 'error': 0}
    seen = set()
    for kind, o in origins:
        if o in seen:
            continue
        seen.add(o)
        kmax = 5
        dd = c_disk_distances(o, kmax)
        assert not isinstance(dd, str), (hx(o), dd)
        if len(dd) != 3 * kmax * (kmax + 1) + 1:
            counts['fallback_like'] += 1
        items = ','.join('{}:{}'.format(hx(c), dd[c]) for c in sorted(dd))
        rows.append('\t'.join(('disk', kind, hx(o), str(kmax), items)))
        counts['disk'] += 1
        # The disks of smaller k must be the cells at distance <= k of the kmax run; otherwise spell them out.
        for k in range(0, kmax + 1):
            ok, cells = py_call(h3i.grid_disk, o, k)
            assert ok, (hx(o), k, cells)
            got = sorted(set(cells))
            assert len(got) == len(cells), 'duplicate cells in a disk'
            if got != sorted(c for c, d in dd.items() if d <= k):
                rows.append('\t'.join(('disk_k', kind, hx(o), str(k), ','.join(hx(c) for c in got))))
                counts['disk_k'] += 1
    # Large k at coarse resolutions: the disk wraps around the globe.
    for res, k in ((0, 3), (0, 10), (0, 30), (1, 8), (1, 25), (2, 20), (3, 12)):
        for _ in range(3):
            lat, lng = uniform_point(rng)
            o = h3i.latlng_to_cell(lat, lng, res)
            dd = c_disk_distances(o, k)
            ok, cells = py_call(h3i.grid_disk, o, k)
            assert ok and sorted(set(cells)) == sorted(dd) and len(cells) == len(dd)
            items = ','.join('{}:{}'.format(hx(c), dd[c]) for c in sorted(dd))
            rows.append('\t'.join(('disk', 'large_k', hx(o), str(k), items)))
            counts['disk'] += 1
    # Errors raised by h3-py: invalid origin, negative k.
    valid = h3i.latlng_to_cell(10.0, 20.0, 6)
    for bad in invalid_indexes():
        ok, e = py_call(h3i.grid_disk, bad, 1)
        assert not ok
        rows.append('\t'.join(('disk_error', 'invalid_cell', hx(bad), '1', e)))
        counts['error'] += 1
    for k in (-1, -5):
        ok, e = py_call(h3i.grid_disk, valid, k)
        assert not ok
        rows.append('\t'.join(('disk_error', 'negative_k', hx(valid), str(k), e)))
        counts['error'] += 1
    return rows, counts


def gen_rings(rng, origins):
    rows = []
    counts = {'ring': 0, 'error': 0, 'short': 0}
    seen = set()
    for kind, o in origins:
        if o in seen:
            continue
        seen.add(o)
        for k in (0, 1, 2, 3, 5):
            ok, cells = py_call(h3i.grid_ring, o, k)
            if ok:
                got = sorted(set(cells))
                assert len(got) == len(cells)
                if len(got) != (6 * k if k else 1):
                    counts['short'] += 1
                rows.append('\t'.join(('ring', kind, hx(o), str(k), ','.join(hx(c) for c in got))))
            else:
                rows.append('\t'.join(('ring', kind, hx(o), str(k), cells)))
                counts['error'] += 1
            counts['ring'] += 1
    valid = h3i.latlng_to_cell(-33.9, 151.2, 8)
    for bad in invalid_indexes():
        ok, e = py_call(h3i.grid_ring, bad, 2)
        assert not ok
        rows.append('\t'.join(('ring', 'invalid_cell', hx(bad), '2', e)))
        counts['error'] += 1
    ok, e = py_call(h3i.grid_ring, valid, -1)
    assert not ok
    rows.append('\t'.join(('ring', 'negative_k', hx(valid), '-1', e)))
    counts['error'] += 1
    return rows, counts


# --------------------------------------------------------------------------------------------------------
# areNeighborCells and the neighbour step
# --------------------------------------------------------------------------------------------------------

def gen_neighbors(rng, origins):
    rows = []
    counts = {}

    def add(kind, a, b):
        r = c_are_neighbors(a, b)
        py = h3i.are_neighbor_cells(a, b)
        assert py == (r == '1'), (hx(a), hx(b), r, py)
        rows.append('\t'.join((kind, hx(a), hx(b), r)))
        counts[kind] = counts.get(kind, 0) + 1

    cells = sorted({o for _, o in origins})
    rng.shuffle(cells)
    for o in cells[:450]:
        for c in sorted(h3i.grid_ring(o, 1)):
            add('ring1', o, c)
        ring2 = sorted(h3i.grid_ring(o, 2)) if not h3i.is_pentagon(o) else sorted(h3i.grid_disk(o, 2))
        for c in rng.sample(ring2, min(3, len(ring2))):
            add('ring2', o, c)
        add('same', o, o)
        res = h3i.get_resolution(o)
        if res > 0:
            add('res_mismatch', o, h3i.cell_to_parent(o, res - 1))
        if res < 15:
            kids = sorted(h3i.cell_to_children(o, res + 1))
            for a in kids:
                for b in kids:
                    if a < b and rng.random() < 0.4:
                        add('siblings', a, b)
    for p in [q for res in (1, 2, 6, 10, 15) for q in pentagons(res)]:
        for c in sorted(h3i.grid_disk(p, 2)):
            add('pentagon', p, c)
            add('pentagon', c, p)
    # Invalid input: each kind against a valid neighbour pair, both orders.
    good = h3i.latlng_to_cell(37.7749, -122.4194, 9)
    for bad in invalid_indexes():
        add('invalid', bad, good)
        add('invalid', good, bad)
    # Siblings of a pentagon child with the deleted digit 1 (the C shortcut reports E_CELL_INVALID).
    for p in pentagons(4)[:4]:
        base = h3i.cell_to_center_child(p, 5)
        shift = 3 * (15 - 5)
        for d1 in range(7):
            for d2 in range(7):
                a = (base & ~(7 << shift)) | (d1 << shift)
                b = (base & ~(7 << shift)) | (d2 << shift)
                add('pentagon_digit', a, b)
    return rows, counts


def gen_steps(rng, origins):
    """h3NeighborRotations(origin, dir, rotations) for every direction 0..7 and incoming rotations 0..5."""
    rows = []
    counts = {}
    cells = sorted({o for _, o in origins})
    rng.shuffle(cells)
    sample = sorted(set(cells[:220]) | {p for res in (0, 1, 2, 5, 9, 15) for p in pentagons(res)})
    for o in sample:
        for d in range(8):
            for rot in range(6):
                cell, rot_out = c_neighbor(o, d, rot)
                rows.append('\t'.join(('step', hx(o), str(d), str(rot), cell, rot_out)))
                k = 'ok' if rot_out else cell
                counts[k] = counts.get(k, 0) + 1
    # Around every pentagon and along the borders of the pentagon base cells (crossings into pentagon base
    # cells from every side, including the polar special cases from base cells 8 and 118): every direction
    # with no incoming rotation, plus one direction with a random incoming rotation.
    extra = set()
    for res in (1, 2, 3):
        for p in pentagons(res):
            extra |= set(h3i.grid_disk(p, 3))
    for res in (6, 10):
        for p in pentagons(res):
            extra |= set(h3i.grid_disk(p, 2))
    for _ in range(400):
        res = rng.randrange(1, 16)
        extra.add(h3i.latlng_to_cell(*pentagon_border_point(rng, res), res))
    for _ in range(300):
        res = rng.randrange(1, 16)
        extra.add(h3i.latlng_to_cell(*pentagon_border_point(rng, res, polar=True), res))
    extra -= set(sample)
    for o in sorted(extra):
        for d in range(1, 7):
            cell, rot_out = c_neighbor(o, d, 0)
            rows.append('\t'.join(('step', hx(o), str(d), '0', cell, rot_out)))
            k = 'ok' if rot_out else cell
            counts[k] = counts.get(k, 0) + 1
        d, rot = rng.randrange(1, 7), rng.randrange(1, 6)
        cell, rot_out = c_neighbor(o, d, rot)
        rows.append('\t'.join(('step', hx(o), str(d), str(rot), cell, rot_out)))
        k = 'ok' if rot_out else cell
        counts[k] = counts.get(k, 0) + 1
    # invalid origins (C only checks the base cell and digits)
    for bad in invalid_indexes():
        for d in (1, 2, 4):
            cell, rot_out = c_neighbor(bad, d, 0)
            rows.append('\t'.join(('step', hx(bad), str(d), '0', cell, rot_out)))
            counts['invalid'] = counts.get('invalid', 0) + 1
    # the base-cell tables as compiled into the oracle
    for bc in range(122):
        rows.append('\t'.join(('base_cell', str(bc),
                               ','.join(str(BASE_CELL_NEIGHBORS[bc * 7 + d]) for d in range(7)),
                               ','.join(str(BASE_CELL_ROTATIONS[bc * 7 + d]) for d in range(7)))))
    counts['base_cell'] = 122
    return rows, counts


# --------------------------------------------------------------------------------------------------------
# local IJ and grid distance
# --------------------------------------------------------------------------------------------------------

def gen_local_ij(rng):
    rows = []
    counts = {}
    origins_ij = []

    def add(kind, a, b):
        ok, ij = py_call(h3i.cell_to_local_ij, a, b)
        ij_text = '{},{}'.format(*ij) if ok else ij
        okd, dist = py_call(h3i.grid_distance, a, b)
        dist_text = str(dist) if okd else dist
        rows.append('\t'.join(('pair', kind, hx(a), hx(b), ij_text, dist_text)))
        counts[kind] = counts.get(kind, 0) + 1
        key = kind + (':ok' if okd else ':' + dist_text)
        counts[key] = counts.get(key, 0) + 1
        if ok:
            origins_ij.append((a, ij))

    # A. the verifier's case: res-11 parents of nearby res-12 locations (0-40 km apart)
    for n in range(1400):
        if n % 7 == 0:
            lat = (60 + 30 * rng.random()) * rng.choice((-1, 1))
            lng = 360 * rng.random() - 180
        else:
            lat, lng = uniform_point(rng)
        km = 40 * rng.random() ** 2
        lat2, lng2 = offset_point(lat, lng, km, rng.random() * 2 * math.pi)
        a = h3i.cell_to_parent(h3i.latlng_to_cell(lat, lng, 12), 11)
        b = h3i.cell_to_parent(h3i.latlng_to_cell(lat2, lng2, 12), 11)
        add('res11_near', a, b)

    # B. across base-cell boundaries: points either side of a base-cell edge
    res0 = sorted(h3i.get_res0_cells())
    for _ in range(700):
        bc = rng.choice(res0)
        verts = h3i.cell_to_boundary(bc)
        i = rng.randrange(len(verts))
        a, b = verts[i], verts[(i + 1) % len(verts)]
        t = rng.random()
        lat = a[0] * t + b[0] * (1 - t)
        lng = a[1] * t + b[1] * (1 - t)
        res = rng.randrange(1, 16)
        span = edge_km(res) * rng.choice((1, 3, 10, 30))
        p1 = offset_point(lat, lng, span * rng.random(), rng.random() * 2 * math.pi)
        p2 = offset_point(lat, lng, span * rng.random(), rng.random() * 2 * math.pi)
        add('base_cell_edge', h3i.latlng_to_cell(p1[0], p1[1], res), h3i.latlng_to_cell(p2[0], p2[1], res))

    # C. near each of the 12 pentagons, at many resolutions, with the pentagon as origin, target or neither
    for res in (1, 2, 3, 4, 5, 7, 9, 11, 12, 15):
        for p in pentagons(res):
            for _ in range(9):
                c1 = near_cell(rng, p, res, 6)
                c2 = near_cell(rng, p, res, 6)
                add('pentagon', p, c1)
                add('pentagon', c1, p)
                add('pentagon', c1, c2)
            for c in sorted(h3i.grid_disk(p, 1)):
                add('pentagon_ring1', p, c)
                add('pentagon_ring1', c, p)

    # C2. across the borders of pentagon base cells: one cell inside the pentagon base cell, one outside (or both
    # on one side), both orders
    for _ in range(700):
        res = rng.randrange(1, 16)
        a = h3i.latlng_to_cell(*pentagon_border_point(rng, res), res)
        b = h3i.latlng_to_cell(*pentagon_border_point(rng, res), res) if rng.random() < 0.2 else \
            near_cell(rng, a, res, 5)
        add('pentagon_border', a, b)
        add('pentagon_border', b, a)

    for _ in range(400):
        res = rng.randrange(1, 16)
        a = h3i.latlng_to_cell(*pentagon_border_point(rng, res, polar=True), res)
        b = near_cell(rng, a, res, 5)
        add('polar_border', a, b)
        add('polar_border', b, a)

    # D. far pairs anywhere (mostly fail: base cells not neighbours)
    for _ in range(300):
        res = rng.randrange(16)
        a = h3i.latlng_to_cell(*uniform_point(rng), res)
        b = h3i.latlng_to_cell(*uniform_point(rng), res)
        add('far', a, b)

    # E. coarse resolutions: base cells and their neighbourhoods
    for a in res0:
        for b in sorted(h3i.grid_disk(a, 2)):
            if rng.random() < 0.35:
                add('res0', a, b)
    for _ in range(200):
        res = rng.randrange(1, 4)
        a = h3i.latlng_to_cell(*uniform_point(rng), res)
        add('coarse', a, near_cell(rng, a, res, 8))

    # F. same cell, mismatched resolutions, invalid input
    for _ in range(40):
        res = rng.randrange(16)
        a = h3i.latlng_to_cell(*uniform_point(rng), res)
        add('same', a, a)
    for _ in range(40):
        res = rng.randrange(1, 16)
        a = h3i.latlng_to_cell(*uniform_point(rng), res)
        add('res_mismatch', a, h3i.cell_to_parent(a, rng.randrange(res)))
    good = h3i.latlng_to_cell(37.7749, -122.4194, 9)
    for bad in invalid_indexes():
        add('invalid', bad, good)
        add('invalid', good, bad)
    # Invalid pentagon descendants with the deleted leading digit 1, against cells of the same pentagon base cell
    # and of its neighbours (C validates nothing here and reports E_CELL_INVALID or E_FAILED from its tables)
    bad_pentagon_children = []
    for p in pentagons(2):
        shift = 3 * (15 - 2)
        k_child = (p & ~(7 << shift)) | (1 << shift)  # digits 0 (res 1) and 1 (res 2)
        bad_pentagon_children.append(k_child)
        for c in sorted(h3i.grid_disk(p, 2)):
            add('invalid_pentagon_digit', k_child, c)
            add('invalid_pentagon_digit', c, k_child)

    # localIjToCell: around successful coordinates, plus out-of-range and overflowing coordinates
    inv_rows = []
    for a, (i, j) in origins_ij:
        ok, cell = py_call(h3i.local_ij_to_cell, a, i, j)
        inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i), str(j), hx(cell) if ok else cell)))
    rng.shuffle(origins_ij)
    for a, (i, j) in sorted(origins_ij[:1500]):
        for _ in range(2):
            di, dj = rng.randrange(-3, 4), rng.randrange(-3, 4)
            ok, cell = py_call(h3i.local_ij_to_cell, a, i + di, j + dj)
            inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i + di), str(j + dj), hx(cell) if ok else cell)))
    for p in [q for res in (0, 1, 3, 8) for q in pentagons(res)]:
        for i in range(-3, 4):
            for j in range(-3, 4):
                ok, cell = py_call(h3i.local_ij_to_cell, p, i, j)
                inv_rows.append('\t'.join(('ij_to_cell', hx(p), str(i), str(j), hx(cell) if ok else cell)))
    # Sweeps of local coordinates around origins just outside each pentagon base cell, so that targets land in
    # the pentagon base cell with every leading digit and every base-cell direction (the reverse rotation tables)
    for res in (1, 2, 3):
        for p in pentagons(res):
            pbc = h3i.get_base_cell_number(p)
            around = sorted(c for c in h3i.grid_disk(p, 4) if h3i.get_base_cell_number(c) != pbc)
            for a in rng.sample(around, min(3, len(around))):
                i0, j0 = h3i.cell_to_local_ij(a, a)
                for di in range(-4, 5):
                    for dj in range(-4, 5):
                        ok, cell = py_call(h3i.local_ij_to_cell, a, i0 + di, j0 + dj)
                        inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i0 + di), str(j0 + dj),
                                                    hx(cell) if ok else cell)))
    # Polar pentagons 4 and 117 (their own reverse table): origins in each of their five neighbouring base cells,
    # wider sweeps
    for res in (1, 2):
        for p in pentagons(res):
            pbc = h3i.get_base_cell_number(p)
            if pbc not in (4, 117):
                continue
            for d in range(2, 7):
                nbc = BASE_CELL_NEIGHBORS[pbc * 7 + d]
                near = sorted(c for c in h3i.grid_disk(p, 4) if h3i.get_base_cell_number(c) == nbc)
                for a in rng.sample(near, min(4, len(near))):
                    i0, j0 = h3i.cell_to_local_ij(a, a)
                    for di in range(-4, 5):
                        for dj in range(-4, 5):
                            ok, cell = py_call(h3i.local_ij_to_cell, a, i0 + di, j0 + dj)
                            inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i0 + di), str(j0 + dj),
                                                        hx(cell) if ok else cell)))
    # Invalid pentagon origins with the deleted leading digit
    for a in bad_pentagon_children:
        for i in range(-2, 3):
            for j in range(-2, 3):
                ok, cell = py_call(h3i.local_ij_to_cell, a, i, j)
                inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i), str(j), hx(cell) if ok else cell)))
    big = (2**31 - 1, -2**31, 2**30, -2**30, 1_000_000_000, 7**11)
    for a in (good, pentagons(7)[3], h3i.latlng_to_cell(0.0, 0.0, 15), res0[17]):
        for i in big + (0, 5):
            for j in (0, -7, 2**31 - 1, -2**31):
                ok, cell = py_call(h3i.local_ij_to_cell, a, i, j)
                inv_rows.append('\t'.join(('ij_to_cell', hx(a), str(i), str(j), hx(cell) if ok else cell)))
    counts['ij_to_cell'] = len(inv_rows)
    return rows + inv_rows, counts


# --------------------------------------------------------------------------------------------------------

def header(name, columns):
    return ('# pocmap H3 traversal oracle vectors: {} | h3-py {} (C {}) | python {} | seed {} | generated by '
            'Scripts/h3vectors/traversal_vectors.py | cells lowercase hex, errors as h3-py exception class '
            'names | columns: {}\n').format(
        name, VERSIONS['python'], VERSIONS['c'], '.'.join(map(str, sys.version_info[:3])), SEED,
        ' '.join(columns))


def write(name, head, rows):
    path = os.path.join(OUT_DIR, name)
    data = (head + '\n'.join(rows) + '\n').encode('ascii')
    with open(path, 'wb') as f:
        f.write(data)
    return len(data), hashlib.sha256(data).hexdigest()


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = random.Random(SEED)
    summary = []

    origins, kinds = disk_origins(rng)
    print('disk origins:', len(origins), kinds)

    rows, counts = gen_disks(rng, origins)
    summary.append(('traversal_disks.tsv', len(rows), counts) + write(
        'traversal_disks.tsv',
        header('gridDisk / gridDiskDistances',
               ['disk: kind origin kmax sorted cell:distance list (C gridDiskDistances; gridDisk(k) for k <= kmax '
                'is the cells with distance <= k unless a disk_k row says otherwise)',
                '| disk_k: kind origin k sorted cells',
                '| disk_error: kind index k error']),
        rows))

    rows, counts = gen_rings(rng, origins)
    summary.append(('traversal_rings.tsv', len(rows), counts) + write(
        'traversal_rings.tsv', header('gridRing', ['ring', 'kind', 'origin', 'k', 'sorted_cells_or_error']), rows))

    rows, counts = gen_neighbors(rng, origins)
    summary.append(('traversal_neighbors.tsv', len(rows), counts) + write(
        'traversal_neighbors.tsv',
        header('areNeighborCells (C return: 1, 0 or error)', ['kind', 'a', 'b', 'result']), rows))

    rows, counts = gen_steps(rng, origins)
    summary.append(('traversal_steps.tsv', len(rows), counts) + write(
        'traversal_steps.tsv',
        header('h3NeighborRotations and base-cell tables',
               ['step: origin direction rotations_in cell_or_error rotations_out',
                '| base_cell: base_cell neighbours(7) rotations(7)']),
        rows))

    rows, counts = gen_local_ij(rng)
    summary.append(('traversal_localij.tsv', len(rows), counts) + write(
        'traversal_localij.tsv',
        header('cellToLocalIj / gridDistance / localIjToCell',
               ['pair: kind origin cell local_ij(i,j)_or_error grid_distance_or_error',
                '| ij_to_cell: origin i j cell_or_error']),
        rows))

    with open(os.path.join(OUT_DIR, SUMS_FILE), 'w') as f:
        for name, _, _, _, digest in summary:
            f.write('{}  {}\n'.format(digest, name))

    total = 0
    for name, n, counts, size, _ in summary:
        total += size
        print('{:26s} {:6d} rows {:9d} bytes  {}'.format(
            name, n, size, ', '.join('{}={}'.format(k, v) for k, v in sorted(counts.items()))))
    print('total bytes:', total)
    assert total < 6_000_000


if __name__ == '__main__':
    main()
