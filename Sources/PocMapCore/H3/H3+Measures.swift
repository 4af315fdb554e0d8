// Derived from uber/h3 4.5.0 `src/h3lib/lib/latLng.c` (great-circle distance, average hexagon area and edge
// length tables), `src/h3lib/lib/area.c` (Cagnoli loop area) and `src/h3lib/include/adder.h` (Kahan
// summation), translated to Swift (modified: unit enums instead of one function per unit). The average area and
// edge-length tables are transcribed verbatim from latLng.c.
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

import Glibc

extension H3 {
    /// The great-circle (haversine) distance between two points (`greatCircleDistanceRads/Km/M`).
    public static func greatCircleDistance(_ a: LatLng, _ b: LatLng, unit: LengthUnit) -> Double {
        let rads = greatCircleDistanceRads(a, b)
        switch unit {
        case .radians: return rads
        case .kilometers: return rads * earthRadiusKm
        case .meters: return rads * earthRadiusKm * 1000
        }
    }

    /// The area of `cell` (`cellAreaRads2/Km2/M2`, the 4.5 loop-area algorithm: Kahan sum of Cagnoli terms over
    /// the boundary).
    /// - Throws: ``H3Error/invalidCell(_:)``.
    public static func cellArea(_ cell: H3Cell, unit: AreaUnit) throws(H3Error) -> Double {
        let boundary = try cellToBoundary(cell)
        let rads2 = loopAreaRads2(boundary)
        switch unit {
        case .squareRadians: return rads2
        case .squareKilometers: return rads2 * (earthRadiusKm * earthRadiusKm)
        case .squareMeters: return rads2 * (earthRadiusKm * earthRadiusKm) * 1_000_000
        }
    }

    /// The average area of a hexagon at `resolution` (`getHexagonAreaAvgKm2/M2`; H3 publishes km² and m² only).
    /// - Throws: ``H3Error/invalidResolution(_:)`` outside 0...15; ``H3Error/domain`` for square radians.
    public static func averageHexagonArea(resolution: Int, unit: AreaUnit) throws(H3Error) -> Double {
        if resolution < 0 || resolution > maxH3Res { throw .invalidResolution(resolution) }
        switch unit {
        case .squareKilometers: return hexagonAreaAvgKm2[resolution]
        case .squareMeters: return hexagonAreaAvgM2[resolution]
        case .squareRadians: throw .domain
        }
    }

    /// The average edge length of a hexagon at `resolution` (`getHexagonEdgeLengthAvgKm/M`; H3 publishes km and
    /// m only).
    /// - Throws: ``H3Error/invalidResolution(_:)`` outside 0...15; ``H3Error/domain`` for radians.
    public static func averageHexagonEdgeLength(resolution: Int, unit: LengthUnit) throws(H3Error) -> Double {
        if resolution < 0 || resolution > maxH3Res { throw .invalidResolution(resolution) }
        switch unit {
        case .kilometers: return hexagonEdgeLengthAvgKm[resolution]
        case .meters: return hexagonEdgeLengthAvgM[resolution]
        case .radians: throw .domain
        }
    }
}

/// Haversine distance in radians (`greatCircleDistanceRads`).
@inline(__always)
func greatCircleDistanceRads(_ a: LatLng, _ b: LatLng) -> Double {
    let sinLat = sin((b.lat - a.lat) * 0.5)
    let sinLng = sin((b.lng - a.lng) * 0.5)
    let aa = sinLat * sinLat + cos(a.lat) * cos(b.lat) * sinLng * sinLng
    return 2 * atan2(aa.squareRoot(), (1 - aa).squareRoot())
}

/// Cagnoli contribution of the edge arc from `x` to `y` (`cagnoli`, following d3-geo).
@inline(__always)
private func cagnoli(_ x: LatLng, _ y: LatLng) -> Double {
    let xLat = x.lat / 2.0 + mPi / 4.0
    let yLat = y.lat / 2.0 + mPi / 4.0
    let sa = sin(xLat) * sin(yLat)
    let ca = cos(xLat) * cos(yLat)
    let d = y.lng - x.lng
    let sd = sin(d)
    let cd = cos(d)
    return -2.0 * atan2(sa * sd, sa * cd + ca)
}

/// Kahan compensated sum (`Adder`, `kadd`).
private struct KahanAdder {
    var sum = 0.0
    private var c = 0.0

    @inline(__always)
    mutating func add(_ x: Double) {
        let y = x - c
        let t = sum + y
        c = (t - sum) - y
        sum = t
    }
}

/// Area in square radians enclosed by a counter-clockwise loop, in [0, 4π] (`geoLoopAreaRads2`).
func loopAreaRads2(_ loop: CellBoundary) -> Double {
    var adder = KahanAdder()
    let n = loop.count
    for i in 0..<n {
        let j = (i + 1) % n
        adder.add(cagnoli(loop[i], loop[j]))
    }
    if adder.sum < 0.0 { adder.add(4.0 * mPi) }
    return adder.sum
}

/// Average hexagon area in km² per resolution (`getHexagonAreaAvgKm2`, transcribed).
private let hexagonAreaAvgKm2: [Double] = [
    4.357449416078383e+06, 6.097884417941332e+05, 8.680178039899720e+04,
    1.239343465508816e+04, 1.770347654491307e+03, 2.529038581819449e+02,
    3.612906216441245e+01, 5.161293359717191e+00, 7.373275975944177e-01,
    1.053325134272067e-01, 1.504750190766435e-02, 2.149643129451879e-03,
    3.070918756316060e-04, 4.387026794728296e-05, 6.267181135324313e-06,
    8.953115907605790e-07,
]

/// Average hexagon area in m² per resolution (`getHexagonAreaAvgM2`, transcribed).
private let hexagonAreaAvgM2: [Double] = [
    4.357449416078390e+12, 6.097884417941339e+11, 8.680178039899731e+10,
    1.239343465508818e+10, 1.770347654491309e+09, 2.529038581819452e+08,
    3.612906216441250e+07, 5.161293359717198e+06, 7.373275975944188e+05,
    1.053325134272069e+05, 1.504750190766437e+04, 2.149643129451882e+03,
    3.070918756316063e+02, 4.387026794728301e+01, 6.267181135324322e+00,
    8.953115907605802e-01,
]

/// Average hexagon edge length in km per resolution (`getHexagonEdgeLengthAvgKm`, transcribed).
private let hexagonEdgeLengthAvgKm: [Double] = [
    1281.256011, 483.0568391, 182.5129565, 68.97922179,
    26.07175968, 9.854090990, 3.724532667, 1.406475763,
    0.531414010, 0.200786148, 0.075863783, 0.028663897,
    0.010830188, 0.004092010, 0.001546100, 0.000584169,
]

/// Average hexagon edge length in m per resolution (`getHexagonEdgeLengthAvgM`, transcribed).
private let hexagonEdgeLengthAvgM: [Double] = [
    1281256.011, 483056.8391, 182512.9565, 68979.22179,
    26071.75968, 9854.090990, 3724.532667, 1406.475763,
    531.4140101, 200.7861476, 75.86378287, 28.66389748,
    10.83018784, 4.092010473, 1.546099657, 0.584168630,
]
