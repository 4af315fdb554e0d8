#!/usr/bin/env python3
"""Writes witness-edge-lines.ndjson.gz: witness report lines aimed at the reader's fast paths and their edges.

Every line is a witness report in one of the shapes the JSON scanner and the witness decoder treat specially:
strings with escapes, UTF-8 or control bytes at each offset of an 8-byte word, numbers of every digit count
(with signs, leading zeros, fractions, exponents, overflow), field names of every length (escaped, aliased by
case, unknown), data rates in any case, base64 and hex payloads, and each of those lines cut short at every
byte near its end. WitnessEdgeLinesTests reads the file and compares every item with
witness-edge-lines.expected, recorded from the reader as it was before the speed work of branch parseperf.

Deterministic (seeded); run from this directory: python3 generate_witness_edges.py
"""
import gzip
import json
import random

rng = random.Random(20261126)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def key(length=51):
    return "11" + "".join(rng.choice(B58) for _ in range(length - 2))


def base64(length):
    return "".join(rng.choice(B64) for _ in range(length))


def dump(fields):
    """fields: list of (raw name text, raw value text), joined as JSON without spaces."""
    return "{" + ",".join(f'"{name}":{value}' for name, value in fields) + "}"


def base_fields():
    return [
        ("pub_key", json.dumps(key())),
        ("received_timestamp", str(rng.randrange(1_600_000_000_000, 1_800_000_000_000))),
        ("data", json.dumps(base64(68))),
        ("signal", str(rng.randrange(-1400, -300))),
        ("snr", str(rng.randrange(-200, 150))),
        ("frequency", str(rng.choice([867_100_000, 868_500_000, 904_300_000]))),
        ("datarate", '"SF12BW125"'),
        ("timestamp", str(rng.randrange(10**18, 2 * 10**18))),
    ]


def with_field(name, value):
    fields = base_fields()
    for index, (existing, _) in enumerate(fields):
        if existing == name:
            fields[index] = (name, value)
            return fields
    fields.append((name, value))
    return fields


lines = []

# Plain lines, then every field name at every place in the object.
for _ in range(20):
    lines.append(dump(base_fields()))
for _ in range(10):
    fields = base_fields()
    rng.shuffle(fields)
    lines.append(dump(fields))

# Strings: a special byte at every offset 0...17 of the key and of the payload.
specials = ['\\"', "\\\\", "\\/", "\\n", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "\\udc00", "\\x",
            "\\u12", "\u00e9", "\u20ac", "\U0001F600", "\t", "\x01", "\x7f"]
for special in specials:
    for offset in range(0, 18):
        text = key(40)
        value = '"' + text[:offset] + special + text[offset:] + '"'
        lines.append(dump(with_field("pub_key", value)))
    for offset in (0, 7, 8, 9, 15, 16, 60, 67):
        text = base64(68)
        lines.append(dump(with_field("data", '"' + text[:offset] + special + text[offset:] + '"')))
# Raw invalid UTF-8 bytes in strings (written as latin-1 escapes, encoded below byte for byte).
for raw in ["\udcc0\udc80", "\udced\udca0\udc80", "\udcf5\udc80\udc80\udc80", "\udce2\udc82", "\udc80", "\udcff"]:
    for offset in (0, 3, 7, 8, 12):
        text = key(30)
        lines.append(dump(with_field("pub_key", '"' + text[:offset] + raw + text[offset:] + '"')))
# Strings of every length around the word size, empty and unterminated ones.
for length in range(0, 26):
    lines.append(dump(with_field("pub_key", json.dumps(key(length) if length >= 2 else "1" * length))))
    lines.append(dump(with_field("datarate", json.dumps("SF7BW125" + " " * length))))

# Numbers of every digit count in every integer field, with signs, zeros, fractions and exponents.
numeric = ["received_timestamp", "signal", "snr", "frequency", "timestamp", "tmst"]
for name in numeric:
    for digits in range(1, 24):
        value = str(rng.randrange(10 ** (digits - 1), 10**digits))
        lines.append(dump(with_field(name, value)))
        lines.append(dump(with_field(name, "-" + value)))
    for text in ["0", "-0", "00", "01", "-01", "0.0", "1.", ".5", "1.5", "-1.0e2", "1e", "1e+", "1E-2", "12e3",
                 "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                 "18446744073709551615", "18446744073709551616", "99999999999999999999", "1234567890123456789",
                 "12345678901234567890", "0000000000", "-", "--1", "+1", "1-", "0x10", "NaN", "-Infinity",
                 "Infinity", "1.0000000000000000000001", "3.0e0", "12345678.0", "123456789e-9", "true", "null",
                 '"123"', '"12a"', "[1]", "{}"]:
        lines.append(dump(with_field(name, text)))

# Field names: every length 0...24 (unknown ones are ignored), escaped, wrong case, duplicated.
for length in range(0, 25):
    name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(length))
    lines.append(dump(base_fields() + [(name, "1")]))
for name in ["pub\\u005fkey", "Pub_key", "PUB_KEY", "pub_ke", "pub_keyy", "dat\\u0061", "\\u0064ata", "tmst",
             "tms", "tmstt", "frequenc", "frequencyy", "timestam", "received_timestam", "received_timestampp",
             "datarat", "datarates", "sig\\nal", "snr\\"]:
    lines.append(dump(base_fields() + [(name, '"x"')]))
fields = base_fields()
lines.append(dump(fields + [("pub_key", json.dumps(key()))]))
lines.append(dump(fields + [("signal", "null")]))
lines.append(dump([f for f in fields if f[0] != "signal"] + [("rssi", "-120.5")]))

# Data rates in every form.
for rate in ["SF12BW125", "sf12bw125", "Sf9Bw125", "SF7BW500", "SF9BW500", "SF10BW250", "SF6BW125", "SF13BW125",
             "SF09BW125", "SF9BW0125", "SF9BW125X", "SF9", "BW125", "LRFHSS1BW137", "lrfhss2bw1523", "LRFHSS3BW137",
             "FSK50", "fsk50", "FSK5", "FSK500", "", " SF9BW125", "SF9BW125 ", "SF9BW12", "SF 9BW125",
             "SF12BW125SF12", "SF1\\u0032BW125", "SF12BW12\\u0035"]:
    lines.append(dump(with_field("datarate", '"' + rate + '"')))
lines.append(dump(with_field("datarate", "null")))
lines.append(dump(with_field("datarate", "7")))

# Payloads: base64 of every length, padding, URL alphabet, hex, bad characters.
for length in range(0, 14):
    lines.append(dump(with_field("data", json.dumps(base64(length)))))
for text in ["AAAA", "AA==", "AAA=", "A===", "AA=A", "AAAA====", "-_-_", "+/+/", "0x00ff", "0X0A", "0x0", "0xZZ",
             "0xAAAA", "AA AA", "AA\\nAA", "AAAA!", "\u00e9AAA", "", "   ", " AAAA ", base64(100), base64(200)]:
    lines.append(dump(with_field("data", json.dumps(text))))

# Whitespace around every token; objects and arrays nested as values of unknown and known fields.
fields = base_fields()
lines.append(" { " + " , ".join(f' "{n}" : {v} ' for n, v in fields) + " } ")
lines.append("\t{\t" + ",\r".join(f'"{n}"\t:\t{v}' for n, v in fields) + "}\t")
lines.append(dump(fields + [("extra", '{"a":[1,2,{"b":"\\"}"}],"c":null}')]))
lines.append(dump(fields + [("extra", "[" * 300 + "]" * 300)]))
lines.append(dump(with_field("data", '{"x":1}')))
lines.append(dump(with_field("pub_key", "[\"a\"]")))

# Every line so far cut short near its end, and at a few random places.
complete = list(lines)
for line in complete[::5]:
    for cut in (1, 2, 3, 4, 5, 6, 9, 14):
        lines.append(line[:-cut])
    lines.append(line[: rng.randrange(1, len(line))])
# Trailing text after the object.
for line in complete[:8]:
    lines.append(line + "x")
    lines.append(line + "}")
    lines.append(line + " \u00e9")

with gzip.GzipFile("witness-edge-lines.ndjson.gz", "wb", compresslevel=9, mtime=0) as out:
    for line in lines:
        out.write(line.encode("utf-8", "surrogateescape") + b"\n")
print(len(lines), "lines")
