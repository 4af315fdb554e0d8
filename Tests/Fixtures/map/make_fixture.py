"""Generates the `pocmap map` end-to-end fixture (run once; output committed): six hotspots around Grenoble
(EU868), one unasserted, one asserted but without any valid verdict, and 3 beacons with their witnesses.
Distances are h3 great-circle distances between the res-12 centres (h3==4.5.0)."""
import h3, json

spots = {  # key: (lat, lng)
    "H1": (45.1885, 5.7245), "H2": (45.2000, 5.7000), "H3": (45.1700, 5.7500),
    "H4": (45.2100, 5.7600), "H5": (45.1600, 5.6900), "H6": (45.2300, 5.7200), "H8": (45.1500, 5.8000),
}
cells = {k: h3.latlng_to_cell(lat, lng, 12) for k, (lat, lng) in spots.items()}
with open("hotspots.csv", "w") as f:
    f.write("key,location,gain,elevation,region,full\n")
    for k in ["H1", "H2", "H3", "H4", "H5", "H6", "H8"]:
        f.write(f"{k},{cells[k]},12,10,EU868,true\n")
    f.write("H7,,12,0,EU868,true\n")

def dist(a, b):
    return round(h3.great_circle_distance(h3.cell_to_latlng(cells[a]), h3.cell_to_latlng(cells[b]), unit="m"))

lines = []
t = 1700000000000
def beacon(poc, key, status="valid", reason=None):
    global t; t += 1000
    v = {"kind": "beacon", "poc_id": poc * 64, "pub_key": key, "received_timestamp": t, "source": f"b.ndjson:{len(lines)+1}",
         "status": status, "location": cells[key], "hex_scale": 1.0, "reward_unit": 1.0}
    if reason: v["invalid_reason"] = reason
    lines.append(v)
def witness(poc, key, beaconer, rssi, status="valid", reason=None, selected=True):
    global t; t += 100
    v = {"kind": "witness", "poc_id": poc * 64, "pub_key": key, "received_timestamp": t, "source": f"w.ndjson:{len(lines)+1}",
         "status": status, "location": cells[key], "hex_scale": 1.0, "reward_unit": 1.0 if status == "valid" else 0.0,
         "participant_side": "none", "selected": selected and status == "valid",
         "distance_m": dist(beaconer, key), "rssi_dbm": rssi, "max_rssi_dbm": -40.0, "rssi_margin_db": -40.0 - rssi,
         "frequency_offset_hz": 0, "grid_distance_res11": 10}
    if reason: v["invalid_reason"] = reason
    lines.append(v)

beacon("a", "H1")
witness("a", "H2", "H1", -101.0)
witness("a", "H4", "H1", -95.0)
witness("a", "H5", "H1", -112.5)
witness("a", "H8", "H1", -20.0, status="invalid", reason="bad_rssi")
beacon("b", "H2")
witness("b", "H1", "H2", -99.0)
witness("b", "H4", "H2", -104.0)
witness("b", "H6", "H2", -108.0)
beacon("c", "H3")
witness("c", "H4", "H3", -110.0)
witness("c", "H1", "H3", -97.5)
witness("c", "H5", "H3", -115.0)
# A witness whose PoC has no beacon line: no beaconer, kept as a link, not in coverage.
t += 100
lines.append({"kind": "witness", "poc_id": "d" * 64, "pub_key": "H6", "received_timestamp": t, "source": "w.ndjson:99",
              "status": "invalid", "invalid_reason": "no_matching_beacon", "location": cells["H6"], "hex_scale": 1.0,
              "reward_unit": 0.0, "participant_side": "none", "selected": False, "distance_m": None, "rssi_dbm": -90.0,
              "max_rssi_dbm": None, "rssi_margin_db": None, "frequency_offset_hz": 0, "grid_distance_res11": None})
with open("verdicts.ndjson", "w") as f:
    for v in lines:
        f.write(json.dumps(v, separators=(",", ":")) + "\n")
for k in cells:
    print(k, cells[k], h3.cell_to_parent(cells[k], 8))
