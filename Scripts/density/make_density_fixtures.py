#!/usr/bin/env python3
"""Generate the HIP-17 density test fixtures in Tests/Fixtures/density/.

Usage:  python3 Scripts/density/make_density_fixtures.py   (needs h3==4.5.0; deterministic, seeded)

This is an independent reference implementation of POC-RULES.md section 6.4, written with exact fractions
(Python's `fractions.Fraction`) and the h3-py 4.5.0 grid, so the Swift engine is checked against numbers it did not
produce. Before writing anything, the reference is checked against the one test vector published by Helium itself
(helium/oracles iot_verifier/src/hex_density.rs, test `simple_scale_check`, hip104 parameters).

Outputs (hotspot inputs use the FORMATS.md 1.1 columns `key,location`; expected outputs are density.csv files in
the FORMATS.md 2.4 layout `key,location,density_scale,clipped_r4,unclipped_r4,...,clipped_r10,unclipped_r10`):

  examples.hotspots.csv            the qualitative cases of POC-RULES.md 6.5, each far from the others
  examples.hip104.density.csv      their expected output under hip104
  metro.hotspots.csv               a seeded synthetic metro area (three Gaussian "cities" plus rural scatter)
  metro.hip104.density.csv         expected output under hip104
  metro.hip17-2020.density.csv     expected output under hip17-2020
  ties.hotspots.csv                configurations whose exact scale lies on a 4-decimal midpoint
  ties.hip104.density.csv / ties.hip17-2020.density.csv
  oracle_simple_scale_check.hotspots.csv / .hip104.density.csv   Helium's own vector (see above)
  SHA256SUMS                       hashes of the files above
"""

import csv
import hashlib
import io
import math
import os
import random
import sys
from fractions import Fraction

import h3

assert h3.__version__ == "4.5.0", f"h3 4.5.0 required, found {h3.__version__}"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "Fixtures", "density"))

# (N, tgt, max) per resolution, POC-RULES.md 6.3.
HIP104 = {4: (2, 500, 1000), 5: (4, 100, 200), 6: (4, 25, 50), 7: (4, 5, 10), 8: (2, 1, 1), 9: (2, 1, 1),
          10: (2, 1, 1)}
HIP17_2020 = {4: (1, 250, 800), 5: (1, 100, 400), 6: (1, 25, 100), 7: (2, 5, 20), 8: (2, 1, 4), 9: (2, 1, 2),
              10: (2, 1, 1)}
SETS = {"hip104": HIP104, "hip17-2020": HIP17_2020}


def parent(cell, res):
    return h3.cell_to_parent(cell, res)


def density(locations, params):
    """POC-RULES.md 6.4 steps 1-3. Returns (U, K, scales) with exact Fraction scales before rounding."""
    U, K = {}, {}
    seeds = []
    for loc in locations:
        if h3.get_resolution(loc) < 11:
            continue
        c = parent(loc, 11)
        if c not in U:
            U[c] = 0
            K[c] = 0
            seeds.append(c)
        U[c] += 1
        K[c] += 1
    level = seeds
    for r in sorted(params, reverse=True):
        n_needed, tgt, mx = params[r]
        parents = []
        for x in level:
            p = parent(x, r)
            if p not in U:
                U[p] = 0
                K[p] = 0
                parents.append(p)
            U[p] += K[x]
            K[p] += K[x]
        # Clip in a shuffled order on purpose: the result must not depend on it (6.4, last paragraph).
        order = list(parents)
        random.Random(len(order)).shuffle(order)
        for p in order:
            n = sum(1 for q in h3.grid_disk(p, 1) if q in K and K[q] >= tgt)
            limit = min(mx, tgt * max(n - n_needed + 1, 1))
            K[p] = min(limit, U[p])
        level = parents
    scales = {}
    for loc in locations:
        if h3.get_resolution(loc) < 11:
            continue
        s = Fraction(1)
        for r in range(10, 3, -1):
            p = parent(loc, r)
            s *= Fraction(K[p], U[p])
        scales[loc] = s
    return U, K, scales


def round_half_even_4(value):
    """Round a non-negative Fraction to 4 decimals, half to even; returns the integer count of 1e-4."""
    scaled = value * 10000
    q, rem = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rem
    if twice > scaled.denominator or (twice == scaled.denominator and q % 2 == 1):
        q += 1
    return q


def fmt4(units):
    return f"{units // 10000}.{units % 10000:04d}"


def density_csv(rows, params):
    """rows: list of (key, location). Returns the density.csv text (FORMATS.md 2.4), rows in input order."""
    U, K, scales = density([loc for _, loc in rows], params)
    out = io.StringIO()
    header = ["key", "location", "density_scale"]
    for r in range(4, 11):
        header += [f"clipped_r{r}", f"unclipped_r{r}"]
    out.write(",".join(header) + "\n")
    for key, loc in rows:
        fields = [key, loc, fmt4(round_half_even_4(scales[loc]))]
        for r in range(4, 11):
            p = parent(loc, r)
            fields += [str(K[p]), str(U[p])]
        out.write(",".join(fields) + "\n")
    return out.getvalue(), U, K, scales


def hotspots_csv(rows):
    return "key,location\n" + "".join(f"{k},{loc}\n" for k, loc in rows)


# --- Helium's own vector -------------------------------------------------------------------------------------

# helium/oracles iot_verifier/src/hex_density.rs, #[test] simple_scale_check: 36 res-12 locations
# (population of the res-8 hex 882830D341FFFFF on 2022-10-14) and the 31 expected hip104 scales.
ORACLE_INDEXES = [
    631210990515536895, 631210990515536895, 631210990515536895, 631210990515537919, 631210990515537919,
    631210990515537919, 631210990515538431, 631210990515564031, 631210990515589631, 631210990515600383,
    631210990515601919, 631210990515606527, 631210990515722239, 631210990515722239, 631210990515727359,
    631210990515728895, 631210990515739647, 631210990515874303, 631210990515924479, 631210990516363775,
    631210990515987455, 631210990516590079, 631210990516612607, 631210990516613631, 631210990516640767,
    631210990516876799, 631210990516885503, 631210990516888063, 631210990516907007, 631210990516912639,
    631210990516955647, 631210990516996607, 631210990517011455, 631210990517016575, 631210990517144063,
    631210990517264895,
]
ORACLE_EXPECTED = {
    631210990515537919: "0.0060", 631210990516955647: "0.0417", 631210990516885503: "0.0139",
    631210990515601919: "0.0104", 631210990516590079: "0.0556", 631210990516888063: "0.0139",
    631210990516640767: "0.0556", 631210990516907007: "0.0208", 631210990515874303: "0.0556",
    631210990517011455: "0.0139", 631210990516363775: "0.1667", 631210990515589631: "0.0104",
    631210990516996607: "0.0139", 631210990515600383: "0.0104", 631210990517016575: "0.0139",
    631210990515606527: "0.0104", 631210990515739647: "0.0083", 631210990516613631: "0.0278",
    631210990516876799: "0.0139", 631210990515924479: "0.0556", 631210990515538431: "0.0060",
    631210990515536895: "0.0060", 631210990517144063: "0.0833", 631210990517264895: "0.0833",
    631210990516612607: "0.0278", 631210990515722239: "0.0083", 631210990516912639: "0.0208",
    631210990515727359: "0.0083", 631210990515564031: "0.0417", 631210990515728895: "0.0083",
    631210990515987455: "0.0556",
}


def oracle_vector():
    rows = [(f"oracle-{i + 1:02d}", h3.int_to_str(v)) for i, v in enumerate(ORACLE_INDEXES)]
    text, _, _, scales = density_csv(rows, HIP104)
    for value, expected in ORACLE_EXPECTED.items():
        got = fmt4(round_half_even_4(scales[h3.int_to_str(value)]))
        assert got == expected, f"reference disagrees with helium/oracles on {value}: {got} != {expected}"
    assert len(scales) == len(ORACLE_EXPECTED)
    return rows, text


# --- POC-RULES.md 6.5 qualitative examples --------------------------------------------------------------------

def random_res12_in(cell, rng):
    """A random resolution-12 descendant of `cell`."""
    c = cell
    for _ in range(h3.get_resolution(cell), 12):
        children = sorted(h3.cell_to_children(c, h3.get_resolution(c) + 1))
        c = rng.choice(children)
    return c


def distinct_children(cell, res, count, rng):
    return rng.sample(sorted(h3.cell_to_children(cell, res)), count)


def examples(rng):
    """Each case sits around its own far-apart anchor, so cases cannot interact."""
    anchors = [(-33.9, 18.4), (35.7, 139.7), (-23.5, -46.6), (52.5, 13.4), (40.4, -3.7), (1.3, 103.8),
               (45.5, -73.6), (-37.8, 145.0)]
    rows = []
    expected = {}

    def res8_at(i):
        return h3.latlng_to_cell(anchors[i][0], anchors[i][1], 8)

    # 1. alone -> 1.0
    a = random_res12_in(res8_at(0), rng)
    rows.append(("alone", a)); expected["alone"] = "1.0000"
    # 2. two sharing one res-11 cell (different res-12 cells) -> 0.5 each
    c11 = parent(random_res12_in(res8_at(1), rng), 11)
    pair = distinct_children(c11, 12, 2, rng)
    rows += [("res11-pair-a", pair[0]), ("res11-pair-b", pair[1])]
    expected["res11-pair-a"] = expected["res11-pair-b"] = "0.5000"
    # 3. two in one res-10 hex, different res-11 cells -> 0.5 each
    c10 = parent(random_res12_in(res8_at(2), rng), 10)
    kids = distinct_children(c10, 11, 2, rng)
    rows += [("res10-pair-a", random_res12_in(kids[0], rng)), ("res10-pair-b", random_res12_in(kids[1], rng))]
    expected["res10-pair-a"] = expected["res10-pair-b"] = "0.5000"
    # 4. two in one res-8 hex, different res-9 hexes -> 0.5 each
    kids = distinct_children(res8_at(3), 9, 2, rng)
    rows += [("res8-pair-a", random_res12_in(kids[0], rng)), ("res8-pair-b", random_res12_in(kids[1], rng))]
    expected["res8-pair-a"] = expected["res8-pair-b"] = "0.5000"
    # 5. two in adjacent res-8 hexes -> 1.0 each
    h = res8_at(4)
    neighbour = sorted(set(h3.grid_disk(h, 1)) - {h})[rng.randrange(6)]
    rows += [("adjacent-res8-a", random_res12_in(h, rng)), ("adjacent-res8-b", random_res12_in(neighbour, rng))]
    expected["adjacent-res8-a"] = expected["adjacent-res8-b"] = "1.0000"
    # 6. three in one res-8 hex, two of them sharing a res-11 cell (the third in another res-9 hex)
    h = res8_at(5)
    k9 = distinct_children(h, 9, 2, rng)
    c11 = parent(random_res12_in(k9[0], rng), 11)
    pair = distinct_children(c11, 12, 2, rng)
    rows += [("res8-trio-a", pair[0]), ("res8-trio-b", pair[1]), ("res8-trio-c", random_res12_in(k9[1], rng))]
    expected["res8-trio-a"] = expected["res8-trio-b"] = "0.2500"
    expected["res8-trio-c"] = "0.5000"
    # 7. two hotspots at the very same res-12 location -> 0.5 each (one output row per hotspot)
    same = random_res12_in(res8_at(6), rng)
    rows += [("same-cell-a", same), ("same-cell-b", same)]
    expected["same-cell-a"] = expected["same-cell-b"] = "0.5000"
    text, _, _, scales = density_csv(rows, HIP104)
    for key, loc in rows:
        got = fmt4(round_half_even_4(scales[loc]))
        assert got == expected[key], f"example {key}: {got} != {expected[key]}"
    return rows, text


# --- a synthetic metro area ----------------------------------------------------------------------------------

def gaussian_point(rng, lat0, lng0, sigma_km):
    dlat = rng.gauss(0, sigma_km) / 111.32
    dlng = rng.gauss(0, sigma_km) / (111.32 * math.cos(math.radians(lat0)))
    return lat0 + dlat, lng0 + dlng


def metro(rng):
    """Three cities of different density plus scatter, with co-located fleets and exact duplicates."""
    rows = []
    cities = [((39.74, -104.99), 900, 6.0), ((40.02, -105.27), 350, 3.0), ((39.55, -105.08), 250, 10.0)]
    for (lat0, lng0), count, sigma in cities:
        for _ in range(count):
            lat, lng = gaussian_point(rng, lat0, lng0, sigma)
            rows.append(h3.latlng_to_cell(lat, lng, 12))
    for _ in range(120):  # rural scatter over a few hundred km
        rows.append(h3.latlng_to_cell(rng.uniform(38.5, 41.0), rng.uniform(-106.5, -103.5), 12))
    # fleets: several hotspots in one res-11 cell, and exact duplicates of a res-12 location
    for _ in range(6):
        base = rows[rng.randrange(len(rows))]
        c11 = parent(base, 11)
        for child in distinct_children(c11, 12, rng.randint(2, 5), rng):
            rows.append(child)
    for _ in range(10):
        rows.append(rows[rng.randrange(len(rows))])
    rng.shuffle(rows)
    return [(f"m{i + 1:04d}", loc) for i, loc in enumerate(rows)]


# --- midpoint (tie) cases -------------------------------------------------------------------------------------

def ties(rng):
    """Configurations whose exact scale is on a 4-decimal midpoint.

    - 32 hotspots in one res-11 cell: 1/32 = 0.03125 -> 0.0312 (half-even rounds down; half-up would give 0.0313).
    - a hip17-2020 configuration found by seeded search whose exact scale is (2m+1)/20000 with m odd, so half-even
      rounds *up* (e.g. 0.09375 -> 0.0938).
    """
    base = h3.latlng_to_cell(-1.29, 36.82, 11)  # Nairobi
    children = sorted(h3.cell_to_children(base, 12))
    rows = [(f"tie32-{i + 1:02d}", children[i % len(children)]) for i in range(32)]

    # Seeded search for an odd-midpoint case under hip17-2020, inside one res-7 hex far from Nairobi.
    center7 = h3.latlng_to_cell(-33.45, -70.66, 7)  # Santiago
    disk8 = sorted(c for h in h3.grid_disk(center7, 1) for c in h3.cell_to_children(h, 8))
    found = None
    for attempt in range(20000):
        local = random.Random(1000 + attempt)
        hexes8 = local.sample(disk8, local.randint(3, 8))
        locs = []
        for h8 in hexes8:
            k9 = sorted(h3.cell_to_children(h8, 9))
            for h9 in local.sample(k9, local.randint(1, 5)):
                for _ in range(local.randint(1, 3)):
                    locs.append(random_res12_in(h9, local))
        _, _, scales = density(locs, HIP17_2020)
        for loc, s in scales.items():
            x = s * 20000
            if x.denominator == 1 and x.numerator % 2 == 1 and ((x.numerator - 1) // 2) % 2 == 1:
                found = locs
                break
        if found:
            break
    assert found, "no odd midpoint found"
    rows += [(f"tieodd-{i + 1:02d}", loc) for i, loc in enumerate(found)]
    return rows


def write(name, text):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="") as f:
        f.write(text)
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    random.seed(20240126)
    written = []
    rows, text = oracle_vector()
    written.append(write("oracle_simple_scale_check.hotspots.csv", hotspots_csv(rows)))
    written.append(write("oracle_simple_scale_check.hip104.density.csv", text))

    rows, text = examples(random.Random(617))
    written.append(write("examples.hotspots.csv", hotspots_csv(rows)))
    written.append(write("examples.hip104.density.csv", text))

    for name, rows in (("metro", metro(random.Random(8))), ("ties", ties(random.Random(32)))):
        written.append(write(f"{name}.hotspots.csv", hotspots_csv(rows)))
        for set_name, params in SETS.items():
            text, _, _, scales = density_csv(rows, params)
            written.append(write(f"{name}.{set_name}.density.csv", text))
            values = sorted(set(round_half_even_4(s) for s in scales.values()))
            print(f"{name} {set_name}: {len(rows)} hotspots, {len(values)} distinct scales, "
                  f"min {fmt4(values[0])}, max {fmt4(values[-1])}", file=sys.stderr)

    sums = ""
    for name in sorted(written):
        with open(os.path.join(OUT, name), "rb") as f:
            sums += f"{hashlib.sha256(f.read()).hexdigest()}  {name}\n"
    write("SHA256SUMS", sums)
    print(f"wrote {len(written)} files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
