// Derived from uber/h3 4.5.0 `src/h3lib/include/vec3d.h` and `src/h3lib/lib/latLng.c`, translated to Swift
// (modified: value types and methods instead of C functions).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

import Glibc

/// A point on the sphere. Latitude and longitude are stored in radians; degrees are available only through the
/// labelled initializer and properties, which convert by one multiplication exactly as H3 does.
public struct LatLng: Hashable, Sendable {
    /// Latitude in radians.
    public var lat: Double
    /// Longitude in radians.
    public var lng: Double

    /// Creates a point from latitude and longitude in radians.
    public init(lat: Double, lng: Double) {
        self.lat = lat
        self.lng = lng
    }

    /// Creates a point from latitude and longitude in degrees (`degsToRads`: `degrees * (π / 180)`).
    public init(latitudeDegrees: Double, longitudeDegrees: Double) {
        self.lat = latitudeDegrees * mPi180
        self.lng = longitudeDegrees * mPi180
    }

    /// Latitude in degrees (`radsToDegs`: `radians * (180 / π)`).
    public var latitudeDegrees: Double { lat * m180Pi }

    /// Longitude in degrees (`radsToDegs`: `radians * (180 / π)`).
    public var longitudeDegrees: Double { lng * m180Pi }
}

/// A 3-D vector; for geodesy a point on the unit sphere (`Vec3d`). All arithmetic follows the C evaluation
/// order: no fused multiply-add, no reassociation (H3.md §2 rules 2 and 3).
struct Vec3d: Sendable {
    var x: Double
    var y: Double
    var z: Double

    /// The unit vector of a latitude/longitude pair (`latLngToVec3`).
    @inline(__always)
    init(_ geo: LatLng) {
        let r = cos(geo.lat)
        x = cos(geo.lng) * r
        y = sin(geo.lng) * r
        z = sin(geo.lat)
    }

    @inline(__always)
    init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The latitude/longitude of this vector (`vec3ToLatLng`): `asin(z)`, `atan2(y, x)`.
    @inline(__always)
    var latLng: LatLng { LatLng(lat: asin(z), lng: atan2(y, x)) }

    /// `a*v1 + b*v2`, component by component (`vec3LinComb`).
    @inline(__always)
    static func linComb(_ a: Double, _ v1: Vec3d, _ b: Double, _ v2: Vec3d) -> Vec3d {
        Vec3d(x: a * v1.x + b * v2.x, y: a * v1.y + b * v2.y, z: a * v1.z + b * v2.z)
    }

    /// Cross product (`vec3Cross`).
    @inline(__always)
    static func cross(_ v1: Vec3d, _ v2: Vec3d) -> Vec3d {
        Vec3d(x: v1.y * v2.z - v1.z * v2.y, y: v1.z * v2.x - v1.x * v2.z, z: v1.x * v2.y - v1.y * v2.x)
    }

    /// Dot product `(x1*x2 + y1*y2) + z1*z2` (`vec3Dot`).
    @inline(__always)
    static func dot(_ v1: Vec3d, _ v2: Vec3d) -> Double {
        v1.x * v2.x + v1.y * v2.y + v1.z * v2.z
    }

    /// Scales to unit length by multiplying with the reciprocal norm; a zero norm yields the zero vector
    /// (`vec3Normalize`, H3.md §2 rule 9).
    @inline(__always)
    mutating func normalize() {
        let norm = Vec3d.dot(self, self).squareRoot()
        var s = 0.0
        if norm > 0.0 { s = 1.0 / norm }
        x *= s
        y *= s
        z *= s
    }

    /// Squared distance `|v1 - v2|²` (`vec3DistSq`).
    @inline(__always)
    static func distSq(_ v1: Vec3d, _ v2: Vec3d) -> Double {
        let d = linComb(1.0, v1, -1.0, v2)
        return dot(d, d)
    }
}
