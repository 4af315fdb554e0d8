#!/usr/bin/env python3
"""Generate the H3 4.5 oracle vectors in Tests/Fixtures/h3/ (see README.md beside this file).

The oracle is the C library H3 4.5.0 as embedded in the PyPI package h3==4.5.0, on x86-64 Linux against
the system glibc libm. Two ways into that one binary are used:

* the public h3-py API (`h3.api.basic_int`), which takes degrees and converts them with the C function
  `degsToRads(d) = d * M_PI_180` (h3/_cy/util.pyx `deg2coord`), for every input that is naturally given in
  degrees; the radians it feeds to C are recomputed with that same C function and written to the files;
* the very same C functions called through ctypes on the h3-py extension module (the library is linked
  statically into it and its symbols are exported), for inputs and outputs that must stay in radians:
  exact cell vertices, centres and boundaries (h3-py would return them converted to degrees, which is not
  invertible bit for bit) and error codes of the C entry points themselves.
Every degree-based row is evaluated both ways and the generator stops if they disagree.

Floats are written with float.hex() (exact), cells as lowercase hex. The output is byte-identical on
every run (fixed seed, deterministic order).
"""

import ctypes
import hashlib
import math
import os
import random
import sys

import h3
from h3.api import basic_int as h3i
from h3._cy import latlng as _cy_latlng
from h3._cy.error_system import error_mapping

SEED = 20260521
VERSIONS = h3.versions()
assert VERSIONS['c'] == '4.5.0', VERSIONS
assert VERSIONS['python'] == '4.5.0', VERSIONS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'Tests', 'Fixtures', 'h3'))
OWNED_FILES = ['latlng_to_cell.tsv', 'cells.tsv', 'invalid_cells.tsv', 'misc.tsv']

# --------------------------------------------------------------------------------------------------------
# ctypes binding to the C library inside h3-py
# --------------------------------------------------------------------------------------------------------

C = ctypes.CDLL(_cy_latlng.__file__)
H3Index = ctypes.c_uint64
H3Err = ctypes.c_uint32


class LatLng(ctypes.Structure):
    _fields_ = [('lat', ctypes.c_double), ('lng', ctypes.c_double)]


class CellBoundary(ctypes.Structure):
    _fields_ = [('numVerts', ctypes.c_int), ('verts', LatLng * 10)]


def _sig(name, restype, *argtypes):
    f = getattr(C, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


c_degsToRads = _sig('degsToRads', ctypes.c_double, ctypes.c_double)
c_radsToDegs = _sig('radsToDegs', ctypes.c_double, ctypes.c_double)
c_latLngToCell = _sig('latLngToCell', H3Err, ctypes.POINTER(LatLng), ctypes.c_int, ctypes.POINTER(H3Index))
c_cellToLatLng = _sig('cellToLatLng', H3Err, H3Index, ctypes.POINTER(LatLng))
c_cellToBoundary = _sig('cellToBoundary', H3Err, H3Index, ctypes.POINTER(CellBoundary))
c_cellToParent = _sig('cellToParent', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(H3Index))
c_cellToCenterChild = _sig('cellToCenterChild', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(H3Index))
c_cellToChildrenSize = _sig('cellToChildrenSize', H3Err, H3Index, ctypes.c_int, ctypes.POINTER(ctypes.c_int64))
c_maxFaceCount = _sig('maxFaceCount', H3Err, H3Index, ctypes.POINTER(ctypes.c_int))
c_getIcosahedronFaces = _sig('getIcosahedronFaces', H3Err, H3Index, ctypes.POINTER(ctypes.c_int))
c_cellAreaKm2 = _sig('cellAreaKm2', H3Err, H3Index, ctypes.POINTER(ctypes.c_double))
c_cellAreaM2 = _sig('cellAreaM2', H3Err, H3Index, ctypes.POINTER(ctypes.c_double))
c_cellAreaRads2 = _sig('cellAreaRads2', H3Err, H3Index, ctypes.POINTER(ctypes.c_double))
c_gcdKm = _sig('greatCircleDistanceKm', ctypes.c_double, ctypes.POINTER(LatLng), ctypes.POINTER(LatLng))
c_gcdM = _sig('greatCircleDistanceM', ctypes.c_double, ctypes.POINTER(LatLng), ctypes.POINTER(LatLng))
c_gcdRads = _sig('greatCircleDistanceRads', ctypes.c_double, ctypes.POINTER(LatLng), ctypes.POINTER(LatLng))
c_avgAreaKm2 = _sig('getHexagonAreaAvgKm2', H3Err, ctypes.c_int, ctypes.POINTER(ctypes.c_double))
c_avgAreaM2 = _sig('getHexagonAreaAvgM2', H3Err, ctypes.c_int, ctypes.POINTER(ctypes.c_double))
c_avgEdgeKm = _sig('getHexagonEdgeLengthAvgKm', H3Err, ctypes.c_int, ctypes.POINTER(ctypes.c_double))
c_avgEdgeM = _sig('getHexagonEdgeLengthAvgM', H3Err, ctypes.c_int, ctypes.POINTER(ctypes.c_double))
c_isValidCell = _sig('isValidCell', ctypes.c_int, H3Index)
c_isPentagon = _sig('isPentagon', ctypes.c_int, H3Index)
c_isResClassIII = _sig('isResClassIII', ctypes.c_int, H3Index)
c_getResolution = _sig('getResolution', ctypes.c_int, H3Index)
c_getBaseCellNumber = _sig('getBaseCellNumber', ctypes.c_int, H3Index)
c_h3ToString = _sig('h3ToString', H3Err, H3Index, ctypes.c_char_p, ctypes.c_size_t)
c_stringToH3 = _sig('stringToH3', H3Err, ctypes.c_char_p, ctypes.POINTER(H3Index))
c_getPentagons = _sig('getPentagons', H3Err, ctypes.c_int, ctypes.POINTER(H3Index))
c_getRes0Cells = _sig('getRes0Cells', H3Err, ctypes.POINTER(H3Index))


def err_name(code):
    """The h3-py exception class name for a C error code (the Swift test maps it to an H3Error case)."""
    return error_mapping[code].__name__


M_PI_180 = math.pi / 180.0
# h3-py's degree conversion is C degsToRads = multiplication by M_PI_180 (H3.md rule 7); check that the
# Python expression used below gives the same doubles, so nothing here depends on which one is called.
assert M_PI_180.hex() == '0x1.1df46a2529d39p-6'
assert c_degsToRads(1.0) == M_PI_180


def deg2rad(d):
    r = c_degsToRads(d)
    assert (math.isnan(r) and math.isnan(d * M_PI_180)) or r == d * M_PI_180
    return r


def hx(x):
    return float.hex(x)


def cell_hex(c):
    return '{:x}'.format(c)


# ---- C calls with error codes --------------------------------------------------------------------------

def c_latlng_to_cell(lat, lng, res):
    g = LatLng(lat, lng)
    out = H3Index(0)
    e = c_latLngToCell(ctypes.byref(g), res, ctypes.byref(out))
    return (cell_hex(out.value), True) if e == 0 else (err_name(e), False)


def c_center(cell):
    g = LatLng()
    e = c_cellToLatLng(cell, ctypes.byref(g))
    assert e == 0
    return g.lat, g.lng


def c_boundary(cell):
    cb = CellBoundary()
    e = c_cellToBoundary(cell, ctypes.byref(cb))
    assert e == 0
    return [(cb.verts[i].lat, cb.verts[i].lng) for i in range(cb.numVerts)]


def c_call_index(f, cell, res):
    out = H3Index(0)
    e = f(cell, res, ctypes.byref(out))
    return cell_hex(out.value) if e == 0 else err_name(e)


def c_children_size(cell, res):
    out = ctypes.c_int64(0)
    e = c_cellToChildrenSize(cell, res, ctypes.byref(out))
    return str(out.value) if e == 0 else err_name(e)


def c_faces(cell):
    n = ctypes.c_int(0)
    assert c_maxFaceCount(cell, ctypes.byref(n)) == 0
    arr = (ctypes.c_int * n.value)()
    assert c_getIcosahedronFaces(cell, arr) == 0
    return sorted(f for f in arr if f >= 0)


def c_double_out(f, arg):
    out = ctypes.c_double(0.0)
    e = f(arg, ctypes.byref(out))
    return hx(out.value) if e == 0 else err_name(e)


def c_gcd(a, b):
    pa, pb = LatLng(*a), LatLng(*b)
    return (c_gcdKm(ctypes.byref(pa), ctypes.byref(pb)), c_gcdM(ctypes.byref(pa), ctypes.byref(pb)),
            c_gcdRads(ctypes.byref(pa), ctypes.byref(pb)))


def c_pentagons(res):
    arr = (H3Index * 12)()
    e = c_getPentagons(res, arr)
    return [int(x) for x in arr] if e == 0 else err_name(e)


def c_res0():
    arr = (H3Index * 122)()
    assert c_getRes0Cells(arr) == 0
    return [int(x) for x in arr]


def c_to_string(cell):
    buf = ctypes.create_string_buffer(17)
    assert c_h3ToString(cell, buf, 17) == 0
    return buf.value.decode('ascii')


def c_from_string(text):
    out = H3Index(0)
    e = c_stringToH3(text.encode('ascii'), ctypes.byref(out))
    return cell_hex(out.value) if e == 0 else err_name(e)


# ---- sphere helpers (only to *choose* inputs; every recorded output comes from the C library) -----------

def to_vec(lat, lng):
    return (math.cos(lat) * math.cos(lng), math.cos(lat) * math.sin(lng), math.sin(lat))


def to_latlng(v):
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    return math.asin(max(-1.0, min(1.0, v[2] / n))), math.atan2(v[1], v[0])


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def normalize(v):
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    return (v[0] / n, v[1] / n, v[2] / n)


def jitter(lat, lng, deg, bearing):
    """Move (radians) by `deg` degrees in direction `bearing` (small-offset approximation)."""
    d = deg * M_PI_180
    c = max(math.cos(lat), 1e-12)
    return lat + d * math.cos(bearing), lng + d * math.sin(bearing) / c


def ulp_steps(x, toward, k):
    for _ in range(k):
        x = math.nextafter(x, toward)
    return x


# --------------------------------------------------------------------------------------------------------
# latlng_to_cell.tsv
# --------------------------------------------------------------------------------------------------------

class LatLngRows:
    def __init__(self):
        self.rows = []
        self.counts = {}

    def deg(self, stratum, lat_d, lng_d, res):
        """A degree input, evaluated through h3-py and (same radians) through the C entry point."""
        lat_r, lng_r = deg2rad(lat_d), deg2rad(lng_d)
        try:
            py = cell_hex(h3i.latlng_to_cell(lat_d, lng_d, res))
        except Exception as e:  # noqa: BLE001 - we record the exception class
            py = type(e).__name__
        c_res, _ = c_latlng_to_cell(lat_r, lng_r, res)
        assert py == c_res, (stratum, lat_d, lng_d, res, py, c_res)
        self._add(stratum, lat_r, lng_r, res, py, hx(lat_d), hx(lng_d))

    def rad(self, stratum, lat_r, lng_r, res):
        """A radian input, evaluated by the C entry point directly (no degree form)."""
        result, _ = c_latlng_to_cell(lat_r, lng_r, res)
        self._add(stratum, lat_r, lng_r, res, result, '-', '-')

    def _add(self, stratum, lat_r, lng_r, res, result, lat_d, lng_d):
        self.rows.append('\t'.join([stratum, hx(lat_r), hx(lng_r), str(res), result, lat_d, lng_d]))
        self.counts[stratum] = self.counts.get(stratum, 0) + 1


def random_cell(rng, res):
    u, v = rng.random(), rng.random()
    lat = math.asin(2 * u - 1)
    lng = 2 * math.pi * v - math.pi
    cell, ok = c_latlng_to_cell(lat, lng, res)
    assert ok
    return int(cell, 16)


def icosahedron_edges():
    """The 30 great-circle arcs between neighbouring icosahedron vertices (= res-0 pentagon centres)."""
    verts = [to_vec(*c_center(p)) for p in c_pentagons(0)]
    edges = []
    for i in range(12):
        for j in range(i + 1, 12):
            dot = sum(a * b for a, b in zip(verts[i], verts[j]))
            if dot > 0.4:  # neighbours: 63.4 degrees apart (cos = 0.447); the next ring is at 116.6
                edges.append((verts[i], verts[j]))
    assert len(edges) == 30, len(edges)
    return edges


def gen_latlng(rng):
    out = LatLngRows()

    # uniform on the sphere, every resolution equally
    for res in range(16):
        for _ in range(760):
            lat = math.asin(2 * rng.random() - 1) * (180.0 / math.pi)
            lng = 360.0 * rng.random() - 180.0
            out.deg('uniform', lat, lng, res)

    # poles: |lat| in [89, 90] incl. exactly 90 and a few ulps below, arbitrary longitudes
    special_lngs = [0.0, -0.0, 90.0, -90.0, 180.0, -180.0, 45.0, -135.0]
    for i in range(2400):
        res = i % 16
        sign = 1.0 if (i // 16) % 2 == 0 else -1.0
        kind = i % 6
        lng = rng.choice(special_lngs) if rng.random() < 0.2 else 360.0 * rng.random() - 180.0
        if kind == 0:
            out.deg('poles', sign * 90.0, lng, res)
        elif kind == 1:
            out.deg('poles', sign * ulp_steps(90.0, 0.0, rng.randint(1, 64)), lng, res)
        elif kind == 2:
            out.deg('poles', sign * (90.0 - 10.0 ** -rng.uniform(3, 13)), lng, res)
        elif kind == 3:
            # radians exactly at the pole (pi/2 as a double) and a few ulps inside it
            lat = sign * ulp_steps(math.pi / 2, 0.0, rng.choice([0, 0, 1, 2, 3, 7, 100]))
            out.rad('poles', lat, lng * M_PI_180, res)
        else:
            out.deg('poles', sign * rng.uniform(89.0, 90.0), lng, res)

    # antimeridian: lng exactly +-180, a few ulps inside, tiny offsets on both sides
    for i in range(2400):
        res = i % 16
        sign = 1.0 if (i // 16) % 2 == 0 else -1.0
        lat = math.asin(2 * rng.random() - 1) * (180.0 / math.pi)
        if rng.random() < 0.1:
            lat = rng.choice([0.0, -0.0, 90.0, -90.0, 89.999999])
        kind = i % 6
        if kind == 0:
            out.deg('antimeridian', lat, sign * 180.0, res)
        elif kind == 1:
            out.deg('antimeridian', lat, sign * ulp_steps(180.0, 0.0, rng.randint(1, 64)), res)
        elif kind == 2:
            out.deg('antimeridian', lat, sign * (180.0 - 10.0 ** -rng.uniform(3, 13)), res)
        elif kind == 3:
            out.deg('antimeridian', lat, sign * (180.0 + 10.0 ** -rng.uniform(3, 13)), res)
        elif kind == 4:
            lng = sign * ulp_steps(math.pi, 0.0, rng.choice([0, 0, 1, 2, 3, 5, 64]))
            out.rad('antimeridian', lat * M_PI_180, lng, res)
        else:
            lng = sign * ulp_steps(math.pi, 4.0, rng.choice([1, 2, 3]))
            out.rad('antimeridian', lat * M_PI_180, lng, res)

    # pentagon centres (radians from cellToLatLng) and small jitter
    for i in range(2400):
        pres = i % 16
        pent = c_pentagons(pres)[(i // 16) % 12]
        lat, lng = c_center(pent)
        if rng.random() >= 0.25:
            lat, lng = jitter(lat, lng, 10.0 ** -rng.uniform(0, 13), rng.uniform(0, 2 * math.pi))
        res = pres if rng.random() < 0.5 else rng.randint(0, 15)
        out.rad('pentagon', lat, lng, res)

    # icosahedron edges: on the arcs and within 10^-u degrees of them
    edges = icosahedron_edges()
    for i in range(1200):
        a, b = edges[i % 30]
        t = rng.random()
        omega = math.acos(sum(x * y for x, y in zip(a, b)))
        s0, s1 = math.sin((1 - t) * omega) / math.sin(omega), math.sin(t * omega) / math.sin(omega)
        p = tuple(s0 * x + s1 * y for x, y in zip(a, b))
        if rng.random() >= 0.3:
            n = normalize(cross(a, b))
            eps = (10.0 ** -rng.uniform(4, 13)) * M_PI_180 * rng.choice([-1.0, 1.0])
            p = tuple(x + eps * y for x, y in zip(p, n))
        lat, lng = to_latlng(p)
        out.rad('icosa_edge', lat, lng, rng.randint(0, 15))

    # cell vertices and edge midpoints: exact, or jittered by 10^-u degrees, u in [6, 13]
    for i in range(2400):
        cres = i % 16
        cell = random_cell(rng, cres)
        verts = c_boundary(cell)
        k = rng.randrange(len(verts))
        if rng.random() < 0.6:
            lat, lng = verts[k]
        else:
            a, b = to_vec(*verts[k]), to_vec(*verts[(k + 1) % len(verts)])
            lat, lng = to_latlng(tuple(x + y for x, y in zip(a, b)))
        if rng.random() >= 0.25:
            lat, lng = jitter(lat, lng, 10.0 ** -rng.uniform(6, 13), rng.uniform(0, 2 * math.pi))
        res = cres if rng.random() < 0.7 else rng.randint(0, 15)
        out.rad('vertex', lat, lng, res)

    # exact cell vertices moved by a few ulps in each coordinate: decided by the last bits of the projection
    for i in range(1200):
        cres = i % 16
        cell = random_cell(rng, cres)
        verts = c_boundary(cell)
        lat, lng = verts[rng.randrange(len(verts))]
        dlat, dlng = rng.randint(-3, 3), rng.randint(-3, 3)
        lat = ulp_steps(lat, math.copysign(math.inf, dlat), abs(dlat))
        lng = ulp_steps(lng, math.copysign(math.inf, dlng), abs(dlng))
        out.rad('vertex_ulp', lat, lng, cres)

    # odd inputs
    for res in range(16):
        for lat in (0.0, -0.0):
            for lng in (0.0, -0.0):
                out.deg('odd', lat, lng, res)
    tiny = [5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1e-30]
    for i in range(400):
        res = i % 16
        t = rng.choice(tiny) * rng.choice([-1.0, 1.0])
        other = rng.choice([0.0, -0.0, t, 360.0 * rng.random() - 180.0])
        if i % 4 == 0:
            out.deg('odd', t, other, res)
        elif i % 4 == 1:
            out.deg('odd', other if abs(other) <= 90 else other / 2, t, res)
        elif i % 4 == 2:
            out.rad('odd', t, other * M_PI_180, res)
        else:
            out.rad('odd', (other if abs(other) <= 90 else other / 2) * M_PI_180, t, res)
    for i in range(300):
        res = i % 16
        lat = math.asin(2 * rng.random() - 1) * (180.0 / math.pi)
        sign = rng.choice([-1.0, 1.0])
        if i % 3 == 0:
            lng = sign * rng.choice([360.0, 540.0, 180.0 + 360.0 * rng.random()])
        else:
            lng = sign * rng.uniform(180.0, 540.0)
        out.deg('odd', lat, lng, res)
    for i in range(240):
        res = i % 16
        sign = rng.choice([-1.0, 1.0])
        lat = sign * rng.choice([90.0 + 10.0 ** -rng.uniform(1, 13), rng.uniform(90.0, 91.0),
                                 ulp_steps(90.0, 100.0, rng.randint(1, 5)), 91.0, 135.0, 180.0])
        out.deg('odd', lat, 360.0 * rng.random() - 180.0, res)
    # the same point with lng, lng + 360 and lng - 360 (H3.md section 8: each must match the oracle)
    for i in range(96):
        res = i % 16
        lat = math.asin(2 * rng.random() - 1) * (180.0 / math.pi)
        lng = 360.0 * rng.random() - 180.0
        for shift in (0.0, 360.0, -360.0):
            out.deg('odd_wrap', lat, lng + shift, res)

    # invalid resolutions and non-finite coordinates (the error class h3-py raises)
    for res in (-1, 16, 17, 100, -100, 2147483647, -2147483648):
        out.deg('invalid', 37.7749, -122.4194, res)
        out.deg('invalid', float('nan'), 0.0, res)
    for lat, lng in ((float('nan'), 0.0), (0.0, float('nan')), (float('inf'), 0.0), (0.0, float('-inf')),
                     (float('-inf'), float('inf')), (float('nan'), float('nan'))):
        for res in (0, 5, 15):
            out.deg('invalid', lat, lng, res)
    return out


# --------------------------------------------------------------------------------------------------------
# cells.tsv
# --------------------------------------------------------------------------------------------------------

KIND_ORDER = ['pentagon', 'base', 'polar', 'antimeridian', 'distortion', 'pent_child', 'pent_disk', 'random']


def gen_cells(rng):
    chosen = {}  # cell -> kind (first reason wins)

    def add(kind, cell):
        assert c_isValidCell(cell)
        chosen.setdefault(cell, kind)

    for res in range(16):
        for p in c_pentagons(res):
            add('pentagon', p)
    for bc in c_res0():
        add('base', bc)
    for res in range(16):
        for k in range(10):
            lat = (1 if k % 2 == 0 else -1) * (90.0 - (0.0 if k < 2 else 10.0 ** -rng.uniform(0, 3)))
            lng = 360.0 * rng.random() - 180.0
            add('polar', h3i.latlng_to_cell(lat, lng, res))
            lat2 = math.asin(2 * rng.random() - 1) * (180.0 / math.pi)
            add('antimeridian', h3i.latlng_to_cell(lat2, rng.choice([180.0, -180.0, 179.9999, -179.9999]), res))
    # Class III cells whose boundary gets distortion vertices (7 or 8 vertices), near icosahedron edges
    edges = icosahedron_edges()
    want = {7: 0, 8: 0}
    tries = 0
    while (want[7] < 120 or want[8] < 60) and tries < 400000:
        tries += 1
        res = rng.choice([1, 3, 5, 7, 9, 11, 13, 15])
        a, b = edges[rng.randrange(30)]
        if want[8] < 60 and rng.random() < 0.5:
            t = rng.choice([rng.uniform(0, 0.02), rng.uniform(0.98, 1.0)])  # near the icosahedron vertices
        else:
            t = rng.random()
        omega = math.acos(sum(x * y for x, y in zip(a, b)))
        s0, s1 = math.sin((1 - t) * omega) / math.sin(omega), math.sin(t * omega) / math.sin(omega)
        lat, lng = to_latlng(tuple(s0 * x + s1 * y for x, y in zip(a, b)))
        cell = int(c_latlng_to_cell(lat, lng, res)[0], 16)
        n = len(c_boundary(cell))
        if n in want and cell not in chosen and want[n] < (120 if n == 7 else 60):
            want[n] += 1
            add('distortion', cell)
    # neighbourhoods of pentagons: children of the res-0 pentagons and disks around pentagons
    for p in c_pentagons(0):
        for r in (1, 2):
            for ch in h3i.cell_to_children(p, r):
                add('pent_child', ch)
    for res in (1, 4, 9, 10, 15):
        for p in c_pentagons(res):
            for ch in sorted(h3i.grid_disk(p, 2)):
                add('pent_disk', ch)
    for res in range(16):
        for _ in range(80):
            add('random', random_cell(rng, res))

    ordered = sorted(chosen.items(), key=lambda kv: (KIND_ORDER.index(kv[1]), h3i.get_resolution(kv[0]), kv[0]))
    rows = []
    hist = {}
    for cell, kind in ordered:
        res = c_getResolution(cell)
        lat, lng = c_center(cell)
        verts = c_boundary(cell)
        hist[len(verts)] = hist.get(len(verts), 0) + 1
        # cross-check the ctypes path against the public h3-py API (which answers in degrees)
        plat, plng = h3i.cell_to_latlng(cell)
        assert plat == c_radsToDegs(lat) and plng == c_radsToDegs(lng)
        pb = h3i.cell_to_boundary(cell)
        assert len(pb) == len(verts)
        assert all(pv[0] == c_radsToDegs(v[0]) and pv[1] == c_radsToDegs(v[1]) for pv, v in zip(pb, verts))
        faces = c_faces(cell)
        assert sorted(h3i.get_icosahedron_faces(cell)) == faces
        assert h3i.cell_area(cell, 'km^2').hex() == c_double_out(c_cellAreaKm2, cell)
        rows.append('\t'.join([
            kind, cell_hex(cell), str(res), str(c_getBaseCellNumber(cell)), str(c_isPentagon(cell)),
            str(c_isResClassIII(cell)), hx(lat), hx(lng), str(len(verts)),
            ','.join(hx(x) for v in verts for x in v),
            c_call_index(c_cellToParent, cell, res - 1) if res > 0 else '-',
            c_call_index(c_cellToParent, cell, 0) if res > 0 else '-',
            c_call_index(c_cellToCenterChild, cell, res + 1) if res < 15 else '-',
            ','.join(str(f) for f in faces),
            c_children_size(cell, res + 1) if res < 15 else '-',
            c_children_size(cell, res + 2) if res < 14 else '-',
            c_double_out(c_cellAreaKm2, cell), c_double_out(c_cellAreaM2, cell),
            c_double_out(c_cellAreaRads2, cell),
        ]))
    counts = {}
    for _, kind in ordered:
        counts[kind] = counts.get(kind, 0) + 1
    return rows, counts, hist


# --------------------------------------------------------------------------------------------------------
# invalid_cells.tsv
# --------------------------------------------------------------------------------------------------------

def set_field(h, shift, width, value):
    mask = ((1 << width) - 1) << shift
    return (h & ~mask) | ((value << shift) & mask)


def digit_shift(r):
    return (15 - r) * 3


def leading_nonzero_digit(h):
    for r in range(1, c_getResolution(h) + 1):
        d = (h >> digit_shift(r)) & 7
        if d != 0:
            return d
    return 0


def gen_invalid(rng):
    rows = []
    counts = {}

    def add(kind, h):
        h &= (1 << 64) - 1
        valid = c_isValidCell(h)
        assert bool(valid) == bool(h3i.is_valid_cell(h))
        rows.append('\t'.join([kind, cell_hex(h), 'true' if valid else 'false',
                               str(c_getResolution(h)), str(c_getBaseCellNumber(h))]))
        counts[kind] = counts.get(kind, 0) + 1

    bases = [random_cell(rng, r) for r in range(16) for _ in range(6)]
    pents = [p for r in range(16) for p in c_pentagons(r)]
    for h in bases + pents:
        add('valid', h)
    for h in bases:
        for mode in (0, 2, 3, 4, 5, 15):
            add('mode', set_field(h, 59, 4, mode))
        add('reserved', set_field(h, 56, 3, rng.randint(1, 7)))
        add('high_bit', h | (1 << 63))
        add('base_cell', set_field(h, 45, 7, rng.randint(122, 127)))
        res = c_getResolution(h)
        if res > 0:
            add('digit7_inside', set_field(h, digit_shift(rng.randint(1, res)), 3, 7))
        if res < 15:
            add('non7_after', set_field(h, digit_shift(rng.randint(res + 1, 15)), 3, rng.randint(0, 6)))
        # resolution field changed without touching the digits
        add('res_changed', set_field(h, 52, 4, rng.randint(0, 15)))
    # pentagon descendants whose first non-zero digit is 1 (the deleted K sub-sequence), and legal ones
    for bc in (4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117):
        for _ in range(8):
            res = rng.randint(1, 15)
            h = set_field(0, 59, 4, 1)
            h = set_field(h, 52, 4, res)
            h = set_field(h, 45, 7, bc)
            h |= (1 << 45) - 1  # all digits 7
            zeros = rng.randint(0, res - 1)
            for r in range(1, res + 1):
                if r <= zeros:
                    d = 0
                elif r == zeros + 1:
                    d = 1
                else:
                    d = rng.randint(0, 6)
                h = set_field(h, digit_shift(r), 3, d)
            assert leading_nonzero_digit(h) == 1
            add('pentagon_digit1', h)
            add('pentagon_digit_other', set_field(h, digit_shift(zeros + 1), 3, rng.randint(2, 6)))
    # the same digit pattern on a hexagon base cell is fine
    for bc in (0, 5, 20, 121):
        for res in (1, 2, 7, 15):
            h = set_field(set_field(set_field(0, 59, 4, 1), 52, 4, res), 45, 7, bc) | ((1 << 45) - 1)
            for r in range(1, res + 1):
                h = set_field(h, digit_shift(r), 3, 1)
            add('hexagon_digit1', h)
    for h in (0, (1 << 64) - 1, (1 << 63) - 1, (1 << 45) - 1, 0x8009fffffffffff, 0x08001fffffffffff,
              0x80f3fffffffffff, 0x80f5fffffffffff, 0x8c283082800b3ff, 0x2c283082800b3ff):
        add('special', h)
    return rows, counts


# --------------------------------------------------------------------------------------------------------
# misc.tsv
# --------------------------------------------------------------------------------------------------------

def gen_misc(rng, sample_cells):
    rows = []
    counts = {}

    def add(kind, *cols):
        rows.append('\t'.join((kind,) + tuple(cols)))
        counts[kind] = counts.get(kind, 0) + 1

    # great-circle distance (haversine): degree inputs through h3-py, radians recorded
    pairs = []
    for _ in range(200):
        pairs.append(((math.asin(2 * rng.random() - 1) * (180 / math.pi), 360 * rng.random() - 180),
                      (math.asin(2 * rng.random() - 1) * (180 / math.pi), 360 * rng.random() - 180)))
    for _ in range(100):
        a = (rng.uniform(-89, 89), rng.uniform(-180, 180))
        d = 10.0 ** -rng.uniform(0, 12)
        pairs.append((a, (a[0] + d * rng.uniform(-1, 1), a[1] + d * rng.uniform(-1, 1))))
    for _ in range(50):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        e = 10.0 ** -rng.uniform(3, 12) if rng.random() < 0.7 else 0.0
        pairs.append((a, (-a[0] + e, a[1] + 180.0 if a[1] < 0 else a[1] - 180.0)))
    for _ in range(20):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        pairs.append((a, a))
    for _ in range(50):
        lat1, lat2 = rng.uniform(-80, 80), rng.uniform(-80, 80)
        pairs.append(((lat1, 180.0 - rng.uniform(0, 1)), (lat2, -180.0 + rng.uniform(0, 1))))
    for _ in range(50):
        pairs.append(((rng.choice([90.0, -90.0]), rng.uniform(-180, 180)),
                      (rng.uniform(-90, 90), rng.uniform(-180, 180))))
    for z in (0.0, -0.0):
        for w in (0.0, -0.0):
            pairs.append(((z, w), (w, z)))
            pairs.append(((z, 180.0), (w, -180.0)))
            pairs.append(((90.0, z), (-90.0, w)))
    for _ in range(18):
        pairs.append(((0.0, rng.uniform(-540, 540)), (rng.uniform(-95, 95), rng.uniform(-540, 540))))
    for a, b in pairs:
        ra, rb = (deg2rad(a[0]), deg2rad(a[1])), (deg2rad(b[0]), deg2rad(b[1]))
        km, m, rads = c_gcd(ra, rb)
        # compared as hex text: exact antipodes give NaN in C's haversine (A rounds above 1)
        assert hx(h3.great_circle_distance(a, b, unit='km')) == hx(km), (a, b)
        assert hx(h3.great_circle_distance(a, b, unit='m')) == hx(m), (a, b)
        assert hx(h3.great_circle_distance(a, b, unit='rads')) == hx(rads), (a, b)
        add('gcd', hx(ra[0]), hx(ra[1]), hx(rb[0]), hx(rb[1]), hx(km), hx(m), hx(rads))

    # degree <-> radian conversion of the C library (degsToRads = d * M_PI_180, radsToDegs = r * M_180_PI)
    degs = [0.0, -0.0, 1.0, 45.0, 90.0, -90.0, 180.0, -180.0, 360.0, 540.0, 1e-300, 5e-324, 37.7749, -122.4194]
    degs += [rng.uniform(-540, 540) for _ in range(40)]
    for d in degs:
        add('degs_to_rads', hx(d), hx(c_degsToRads(d)))
    rads = [0.0, -0.0, 1.0, math.pi, -math.pi, math.pi / 2, 2 * math.pi, 1e-300, 5e-324]
    rads += [rng.uniform(-7, 7) for _ in range(40)]
    for r in rads:
        add('rads_to_degs', hx(r), hx(c_radsToDegs(r)))

    # average hexagon area and edge length per resolution (the C tables; m2/m are C's own tables)
    for res in range(-1, 17):
        add('avg_area', str(res), c_double_out(c_avgAreaKm2, res), c_double_out(c_avgAreaM2, res))
        add('avg_edge', str(res), c_double_out(c_avgEdgeKm, res), c_double_out(c_avgEdgeM, res))

    # pentagons per resolution and the 122 base cells
    for res in list(range(16)) + [-1, 16]:
        p = c_pentagons(res)
        add('pentagons', str(res), p if isinstance(p, str) else ','.join(cell_hex(x) for x in p))
    add('res0', '-', ','.join(cell_hex(x) for x in c_res0()))

    # hierarchy functions at resolutions that are out of range or on the wrong side (C error codes)
    for cell in sample_cells:
        res = c_getResolution(cell)
        for r in sorted({-1, 0, res - 1, res, res + 1, 15, 16} ):
            add('parent', cell_hex(cell), str(r), c_call_index(c_cellToParent, cell, r))
            add('center_child', cell_hex(cell), str(r), c_call_index(c_cellToCenterChild, cell, r))
            add('children_size', cell_hex(cell), str(r), c_children_size(cell, r))

    # children lists (as sets) for a few hexagons and pentagons
    for cell in sample_cells[:24]:
        res = c_getResolution(cell)
        for d in (1, 2):
            if res + d <= 15:
                ch = sorted(h3i.cell_to_children(cell, res + d))
                add('children', cell_hex(cell), str(res + d), ','.join(cell_hex(x) for x in ch))

    # text form: h3ToString of any index, stringToH3 of lower and upper case hex
    indices = list(sample_cells) + [0x8009fffffffffff, 0x8c283082800b3ff, 0x1, 0xffffffffffffffff,
                                    0x8000000000000000, 0x115283473fffffff]
    for h in indices:
        s = c_to_string(h)
        assert s == cell_hex(h)
        add('h3_to_string', cell_hex(h), s)
        add('string_to_h3', s, c_from_string(s))
        add('string_to_h3', s.upper(), c_from_string(s.upper()))
    for text in ('zz', 'xyz', 'g', '-', 'H3'):
        add('string_to_h3', text, c_from_string(text))
    return rows, counts


# --------------------------------------------------------------------------------------------------------

def header(name, columns, extra=''):
    return ('# pocmap H3 oracle vectors: {} | h3-py {} (C {}) | python {} | seed {} | generated by '
            'Scripts/h3vectors/generate.py{} | columns: {}\n').format(
        name, VERSIONS['python'], VERSIONS['c'], '.'.join(map(str, sys.version_info[:3])), SEED, extra,
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

    ll = gen_latlng(rng)
    summary.append(('latlng_to_cell.tsv', len(ll.rows), ll.counts) + write(
        'latlng_to_cell.tsv',
        header('latLngToCell', ['stratum', 'lat_rad', 'lng_rad', 'res', 'cell_or_error', 'lat_deg', 'lng_deg'],
               ' | radians = degsToRads(deg) = deg * M_PI_180 when deg columns are given, else fed to C as is'),
        ll.rows))

    cells, ccounts, hist = gen_cells(rng)
    summary.append(('cells.tsv', len(cells), ccounts) + write(
        'cells.tsv',
        header('per-cell properties', ['kind', 'cell', 'res', 'base_cell', 'is_pentagon', 'is_class_iii',
                                       'center_lat_rad', 'center_lng_rad', 'num_verts', 'verts_lat_lng_rad',
                                       'parent_res_minus_1', 'parent_res_0', 'center_child_res_plus_1',
                                       'faces', 'children_size_plus_1', 'children_size_plus_2', 'area_km2',
                                       'area_m2', 'area_rads2'],
               ' | vertex count histogram {}'.format(
                   ' '.join('{}:{}'.format(k, hist[k]) for k in sorted(hist)))),
        cells))
    assert all(hist.get(n, 0) > 0 for n in (5, 6, 7, 8, 10)), hist

    inv, icounts = gen_invalid(rng)
    summary.append(('invalid_cells.tsv', len(inv), icounts) + write(
        'invalid_cells.tsv',
        header('isValidCell', ['kind', 'index', 'is_valid', 'resolution_field', 'base_cell_field']), inv))

    sample = sorted({p for r in (0, 1, 5, 14, 15) for p in c_pentagons(r)[:2]} |
                    {random_cell(rng, r) for r in range(16)})
    misc, mcounts = gen_misc(rng, sample)
    summary.append(('misc.tsv', len(misc), mcounts) + write(
        'misc.tsv',
        header('misc', ['kind', '...'],
               ' | gcd: lat1 lng1 lat2 lng2 (rad) km m rads; avg_area: res km2 m2; avg_edge: res km m; '
               'pentagons/res0: res list; degs_to_rads/rads_to_degs: in out; parent/center_child/children_size: cell res result; '
               'children: cell res sorted list; h3_to_string: index text; string_to_h3: text result'),
        misc))

    with open(os.path.join(OUT_DIR, 'SHA256SUMS'), 'w') as f:
        for name, _, _, _, digest in summary:
            f.write('{}  {}\n'.format(digest, name))

    total = 0
    for name, n, counts, size, _ in summary:
        total += size
        print('{:20s} {:6d} rows {:9d} bytes  {}'.format(name, n, size,
                                                         ', '.join('{}={}'.format(k, v) for k, v in counts.items())))
    print('vertex count histogram (cells.tsv):', dict(sorted(hist.items())))
    print('total bytes:', total)
    assert total < 8_000_000


if __name__ == '__main__':
    main()
