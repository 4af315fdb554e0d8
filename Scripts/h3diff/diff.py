# Differential check of the Swift H3 4.5 port against h3==4.5.0 (see run.sh). Usage: diff.py SEED N
import h3, os, random, math, struct, subprocess, sys
from h3.api import basic_int as h
assert h3.versions()['c'] == '4.5.0'
rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
def hx(d): return '%x' % struct.unpack('<Q', struct.pack('<d', d))[0]
ERR = {'H3FailedError':'E1','H3DomainError':'E2','H3LatLngDomainError':'E3','H3ResDomainError':'E4','H3CellInvalidError':'E5',
       'H3PentagonError':'E9','H3NotNeighborsError':'E11','H3ResMismatchError':'E12'}
def err(e): return 'ERR' + ERR.get(type(e).__name__, type(e).__name__)

pts = []
def add(lat, lng, res=None):
    pts.append((lat, lng, rnd.randrange(16) if res is None else res))
n = N
for _ in range(n // 2):  # uniform
    add(math.asin(2*rnd.random()-1) * (180/math.pi), 360*rnd.random()-180)
for _ in range(n // 10):  # poles
    s = rnd.choice([1,-1]); lat = s*(89 + rnd.random()) if rnd.random() < 0.8 else s*90.0
    add(lat, 360*rnd.random()-180)
for _ in range(n // 10):  # antimeridian
    r = rnd.random()
    lng = rnd.choice([180.0, -180.0, math.nextafter(180.0, 0), math.nextafter(-180.0, 0), 180 - rnd.random()*1e-6, -180 + rnd.random()*1e-9])
    add(math.asin(2*rnd.random()-1) * (180/math.pi), lng)
pents = [(res, c) for res in range(16) for c in h.get_pentagons(res)]
for _ in range(n // 10):  # pentagon centres
    res, c = rnd.choice(pents); lat, lng = h.cell_to_latlng(c)
    j = 10 ** -rnd.uniform(4, 13) if rnd.random() < 0.8 else 0.0
    a = rnd.random()*2*math.pi
    add(lat + j*math.cos(a), lng + j*math.sin(a), rnd.randrange(16))
# icosahedron edges: great-circle arcs between neighbouring res-0 pentagon centres
pc = [h.cell_to_latlng(c) for c in h.get_pentagons(0)]
def tovec(lat, lng):
    la, lo = math.radians(lat), math.radians(lng); return (math.cos(la)*math.cos(lo), math.cos(la)*math.sin(lo), math.sin(la))
pv = [tovec(*p) for p in pc]
pairs = [(i, j) for i in range(12) for j in range(i+1, 12) if sum(a*b for a, b in zip(pv[i], pv[j])) > 0.4]
for _ in range(n // 20):
    i, j = rnd.choice(pairs); t = rnd.random()
    v = [pv[i][k]*(1-t) + pv[j][k]*t for k in range(3)]; nn = math.sqrt(sum(x*x for x in v))
    lat = math.degrees(math.asin(v[2]/nn)); lng = math.degrees(math.atan2(v[1], v[0]))
    jj = 10 ** -rnd.uniform(5, 14) if rnd.random() < 0.8 else 0.0
    add(lat + jj*rnd.uniform(-1, 1), lng + jj*rnd.uniform(-1, 1))
for _ in range(n // 10):  # vertices and edge midpoints
    res = rnd.randrange(16)
    c = h.latlng_to_cell(math.asin(2*rnd.random()-1) * (180/math.pi), 360*rnd.random()-180, res)
    b = h.cell_to_boundary(c); k = rnd.randrange(len(b))
    if rnd.random() < 0.5: lat, lng = b[k]
    else:
        l2 = b[(k+1) % len(b)]; lat, lng = (b[k][0]+l2[0])/2, (b[k][1]+l2[1])/2
    if rnd.random() < 0.85:
        jj = 10 ** -rnd.uniform(6, 13); a = rnd.random()*2*math.pi; lat += jj*math.cos(a); lng += jj*math.sin(a)
    add(lat, lng, res)
for _ in range(n // 20):  # odd inputs
    r = rnd.random()
    if r < 0.3: add(rnd.uniform(-90, 90), rnd.uniform(-540, 540))
    elif r < 0.5: add(rnd.choice([1, -1]) * (90 + rnd.random()*1e-6 if rnd.random() < .5 else 90 + rnd.random()*10), rnd.uniform(-180, 180))
    elif r < 0.7: add(rnd.choice([0.0, -0.0]), rnd.choice([0.0, -0.0, rnd.uniform(-180, 180)]))
    elif r < 0.85: add(rnd.choice([5e-324, -5e-324, 1e-300, -2.2e-308, 1e-20]), rnd.choice([0.0, -0.0, 5e-324, rnd.uniform(-180, 180)]))
    else: add(rnd.choice([float('nan'), float('inf'), -float('inf'), 10.0]), rnd.choice([0.0, float('nan'), float('inf')]), rnd.choice([-1, 16, 3, 0, 15]))

cmds, exp = [], []
cells = []
for lat, lng, res in pts:
    cmds.append('P %s %s %d' % (lat.hex(), lng.hex(), res))
    try:
        c = h.latlng_to_cell(lat, lng, res); exp.append('%x' % c); cells.append(c)
    except Exception as e: exp.append(err(e))
# per-cell properties for a subset + all pentagons + all base cells
allcells = [c for b in h.get_res0_cells() for r in (0, 1, 2, 3) for c in h.cell_to_children(b, r)]
pentkids = [c for _, p in pents if h.get_resolution(p) <= 12 for c in h.cell_to_children(p, h.get_resolution(p) + 2)]
sub = rnd.sample(cells, min(len(cells), N // 3)) + [c for _, c in pents] + allcells + pentkids
def cellinfo(c):
    try:
        lat, lng = h.cell_to_latlng(c)
        s = hx(lat) + ',' + hx(lng)
        b = h.cell_to_boundary(c)
        s += ' %d' % len(b) + ''.join(' ' + hx(a) + ',' + hx(o) for a, o in b)
        s += ' F' + ','.join(map(str, sorted(h.get_icosahedron_faces(c))))
        s += ' A' + hx(h.cell_area(c, 'km^2')) + ' R' + hx(h.cell_area(c, 'rads^2'))
        s += ' P%d' % int(h.is_pentagon(c))
        return s
    except Exception as e: return err(e)
invalid = []
for _ in range(2000):
    c = rnd.choice(cells); bit = rnd.randrange(64); invalid.append(c ^ (1 << bit))
for c in sub + invalid[:500]:
    cmds.append('C %x' % c); exp.append(cellinfo(c))
# hierarchy incl. invalid cells
def hier(c, pr, cr):
    s = 'V1' if h.is_valid_cell(c) else 'V0'
    for f in (lambda: '%x' % h.cell_to_parent(c, pr), lambda: '%x' % h.cell_to_center_child(c, cr), lambda: '%d' % h.cell_to_children_size(c, cr)):
        try: s += ' ' + f()
        except Exception as e: s += ' ' + err(e)
    if cr - h.get_resolution(c) <= 2 if h.is_valid_cell(c) else cr - ((c >> 52) & 15) <= 2:
        try: s += ' ' + ','.join('%x' % x for x in h.cell_to_children(c, cr))
        except Exception as e: s += ' ' + err(e)
    return s
for c in rnd.sample(cells, min(len(cells), 5000)) + invalid + [c for _, c in pents]:
    r = (c >> 52) & 15
    pr = rnd.randrange(-1, r + 2); cr = rnd.choice([r, r + 1, r + 2, rnd.randrange(-1, 17)])
    cmds.append('H %x %d %d' % (c, pr, cr)); exp.append(hier(c, pr, cr))
for _ in range(5000):
    a = (math.asin(2*rnd.random()-1) * (180/math.pi), 360*rnd.random()-180); b = (a[0] + rnd.uniform(-5, 5), a[1] + rnd.uniform(-5, 5))
    cmds.append('G %s %s %s %s' % (a[0].hex(), a[1].hex(), b[0].hex(), b[1].hex()))
    exp.append(' '.join(hx(h3.great_circle_distance(a, b, u)) for u in ('km', 'm', 'rads')))
out = subprocess.run([os.environ.get('H3DIFF_HARNESS', './h')], input='\n'.join(cmds) + '\n', capture_output=True, text=True).stdout.split('\n')
bad = {}
for cmd, e, o in zip(cmds, exp, out):
    if e != o:
        bad.setdefault(cmd[0], []).append((cmd, e, o))
print('commands', len(cmds), {k: sum(1 for c in cmds if c[0] == k) for k in 'PCHG'})
print('mismatches', {k: len(v) for k, v in bad.items()})
for k, v in bad.items():
    for x in v[:3]: print(x)
print('outputs', len(out) - 1, 'expected', len(exp))
assert len(out) - 1 == len(exp)
import collections
print('vertex counts', collections.Counter(x.split(' ')[1] for c, x in zip(cmds, exp) if c[0] == 'C' and not x.startswith('ERR')))
print('point errors', collections.Counter(x for c, x in zip(cmds, exp) if c[0] == 'P' and x.startswith('ERR')))
print('cell errors', collections.Counter(x for c, x in zip(cmds, exp) if c[0] == 'C' and x.startswith('ERR')))
print(exp[0], out[0], exp[-1], out[-1])
sys.exit(1 if bad else 0)
