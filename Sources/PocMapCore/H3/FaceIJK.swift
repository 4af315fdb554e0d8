// Derived from uber/h3 4.5.0 `src/h3lib/lib/faceijk.c`, translated to Swift (modified: methods on value types,
// a fixed-capacity vertex buffer instead of C arrays).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.
//
// Floating-point expressions keep C's operand order and association (H3.md §2 rules 2–3, 9–12).

import Glibc

// MARK: - Sphere → face

/// Local north and east unit directions on the tangent plane at `p`, which must not be a pole
/// (`_vec3TangentBasis`).
@inline(__always)
func vec3TangentBasis(_ p: Vec3d) -> (north: Vec3d, east: Vec3d) {
    let northPole = Vec3d(x: 0.0, y: 0.0, z: 1.0)
    var north = Vec3d.linComb(1.0, northPole, -Vec3d.dot(northPole, p), p)
    north.normalize()
    let east = Vec3d.cross(north, p)
    return (north, east)
}

/// Azimuth in radians from the centre of `face` to `p2` (`_vec3AzimuthRads(faceCenterPoint[face], p2)`, with the
/// face's tangent basis from the precomputed `faceBasis`).
@inline(__always)
func faceAzimuthRads(face: Int, _ p2: Vec3d) -> Double {
    let p1 = faceCenterPoint[face]
    let basis = faceBasis[face]
    let northDir = basis.north
    let eastDir = basis.east
    var p2Proj = Vec3d.linComb(1.0, p2, -Vec3d.dot(p2, p1), p1)
    p2Proj.normalize()
    return atan2(Vec3d.dot(p2Proj, eastDir), Vec3d.dot(p2Proj, northDir))
}

/// The face whose centre is nearest to `v` and the squared chord distance to it; ties go to the lower face
/// (`_vec3ToClosestFace`).
@inline(__always)
func vec3ToClosestFace(_ v: Vec3d) -> (face: Int, sqd: Double) {
    var face = 0
    var sqd = 5.0
    for f in 0..<numIcosaFaces {
        let sqdT = Vec3d.distSq(faceCenterPoint[f], v)
        if sqdT < sqd {
            face = f
            sqd = sqdT
        }
    }
    return (face, sqd)
}

/// The face containing unit vector `p` and the hex2d coordinates of `p` on it at `res` (`_vec3ToHex2d`).
@inline(__always)
func vec3ToHex2d(_ p: Vec3d, res: Int) -> (face: Int, v: Vec2d) {
    let (face, sqd) = vec3ToClosestFace(p)

    // cos(r) = 1 - 2 * sin^2(r/2) = 1 - 2 * (sqd / 4) = 1 - sqd/2
    var r = acos(1 - sqd * 0.5)
    if r < h3Epsilon { return (face, Vec2d(x: 0.0, y: 0.0)) }

    // now have face and r, now find CCW theta from CII i-axis
    var theta = posAngleRads(faceAxesAzRadsCII0[face] - posAngleRads(faceAzimuthRads(face: face, p)))

    // adjust theta for Class III (odd resolutions)
    if isResolutionClassIII(res) { theta = posAngleRads(theta - mAp7RotRads) }

    // perform gnomonic scaling of r
    r = tan(r)

    // scale for current resolution length u
    r *= invRes0UGnomonic
    var i = 0
    while i < res {
        r *= mSqrt7
        i += 1
    }

    // convert to local x,y
    return (face, Vec2d(x: r * cos(theta), y: r * sin(theta)))
}

/// The FaceIJK of the cell containing unit vector `p` at `res` (`_vec3ToFaceIjk`).
@inline(__always)
func vec3ToFaceIjk(_ p: Vec3d, res: Int) -> FaceIJK {
    let (face, v) = vec3ToHex2d(p, res: res)
    return FaceIJK(face: face, coord: CoordIJK(hex2d: v))
}

// MARK: - Face → sphere

/// The unit vector of hex2d point `v` on `face` at `res`; `substrate` marks a vertex substrate grid
/// (`_hex2dToVec3`).
@inline(__always)
func hex2dToVec3(_ v: Vec2d, face: Int, res: Int, substrate: Bool) -> Vec3d {
    // calculate (r, theta) in hex2d
    var r = v.magnitude
    if r < h3Epsilon { return faceCenterPoint[face] }

    var theta = atan2(v.y, v.x)

    // scale for current resolution length u
    var i = 0
    while i < res {
        r *= mRSqrt7
        i += 1
    }

    // scale accordingly if this is a substrate grid
    if substrate {
        r *= mOneThird
        if isResolutionClassIII(res) { r *= mRSqrt7 }
    }

    r *= res0UGnomonic

    // perform inverse gnomonic scaling of r
    r = atan(r)

    // adjust theta for Class III; a substrate grid is already adjusted
    if !substrate && isResolutionClassIII(res) { theta = posAngleRads(theta + mAp7RotRads) }

    // find theta as an azimuth
    theta = posAngleRads(faceAxesAzRadsCII0[face] - theta)

    // now find the point at (r,theta) from the face center
    let center = faceCenterPoint[face]
    let basis = faceBasis[face]
    let dir = Vec3d.linComb(cos(theta), basis.north, sin(theta), basis.east)
    var v3 = Vec3d.linComb(cos(r), center, sin(r), dir)
    v3.normalize()
    return v3
}

extension FaceIJK {
    /// The unit vector of this cell's centre at `res` (`_faceIjkToVec3`).
    @inline(__always)
    func toVec3(res: Int) -> Vec3d {
        hex2dToVec3(coord.toHex2d(), face: face, res: res, substrate: false)
    }

    /// Moves this Class II address onto the face that actually contains it (`_adjustOverageClassII`).
    ///
    /// - Parameters:
    ///   - res: the Class II resolution of the address.
    ///   - pentLeading4: the cell is a pentagon with leading digit 4 (extra clockwise rotation in the KI quadrant).
    ///   - substrate: the address is on a vertex substrate grid (dimensions × 3; edge hits reported).
    @inline(__always)
    mutating func adjustOverageClassII(res: Int, pentLeading4: Bool, substrate: Bool) -> Overage {
        var overage = Overage.noOverage

        // get the maximum dimension value; scale if a substrate grid
        var maxDim = maxDimByCIIres[res]
        if substrate { maxDim = maxDim &* 3 }

        // check for overage
        let sum = coord.i &+ coord.j &+ coord.k
        if substrate && sum == maxDim {  // on edge
            overage = .faceEdge
        } else if sum > maxDim {  // overage
            overage = .newFace

            let fijkOrient: FaceOrientIJK
            if coord.k > 0 {
                if coord.j > 0 {  // jk "quadrant"
                    fijkOrient = faceNeighbors[face * 4 + faceDirJK]
                } else {  // ik "quadrant"
                    fijkOrient = faceNeighbors[face * 4 + faceDirKI]

                    // adjust for the pentagonal missing sequence
                    if pentLeading4 {
                        // translate origin to center of pentagon
                        let origin = CoordIJK(i: maxDim, j: 0, k: 0)
                        var tmp = coord - origin
                        // rotate to adjust for the missing sequence
                        tmp.rotate60cw()
                        // translate the origin back to the center of the triangle
                        coord = tmp + origin
                    }
                }
            } else {  // ij "quadrant"
                fijkOrient = faceNeighbors[face * 4 + faceDirIJ]
            }

            face = fijkOrient.face

            // rotate and translate for adjacent face
            var r = 0
            while r < fijkOrient.ccwRot60 {
                coord.rotate60ccw()
                r += 1
            }

            var transVec = fijkOrient.translate
            var unitScale = unitScaleByCIIres[res]
            if substrate { unitScale = unitScale &* 3 }
            transVec.scale(by: unitScale)
            coord = coord + transVec
            coord.normalize()

            // overage points on pentagon boundaries can end up on edges
            if substrate && coord.i &+ coord.j &+ coord.k == maxDim {  // on edge
                overage = .faceEdge
            }
        }
        return overage
    }

    /// Adjusts a pentagon vertex on a substrate grid until it lies on its own face (`_adjustPentVertOverage`).
    @inline(__always)
    @discardableResult
    mutating func adjustPentVertOverage(res: Int) -> Overage {
        var overage: Overage
        repeat {
            overage = adjustOverageClassII(res: res, pentLeading4: false, substrate: true)
        } while overage == .newFace
        return overage
    }

    /// The substrate-grid vertices of the cell (6 for a hexagon, the first 5 used for a pentagon), and the
    /// substrate resolution (`_faceIjkToVerts` / `_faceIjkPentToVerts`). `self` becomes the centre on the
    /// substrate grid.
    @inline(__always)
    mutating func substrateVertices(res: inout Int) -> FaceIJKVertices {
        let classIII = isResolutionClassIII(res)

        // adjust the center point to be in an aperture 33r substrate grid
        coord.downAp3()
        coord.downAp3r()

        // if res is Class III we need to add a cw aperture 7 to get to icosahedral Class II
        if classIII {
            coord.downAp7r()
            res += 1
        }

        // Vertices of an origin-centred cell, listed ccw from the i-axis, on a substrate grid with aperture
        // sequence 33r (Class II) or 33r7r (Class III).
        var verts = FaceIJKVertices(face: face)
        if classIII {
            verts.set(0, coord + CoordIJK(i: 5, j: 4, k: 0))
            verts.set(1, coord + CoordIJK(i: 1, j: 5, k: 0))
            verts.set(2, coord + CoordIJK(i: 0, j: 5, k: 4))
            verts.set(3, coord + CoordIJK(i: 0, j: 1, k: 5))
            verts.set(4, coord + CoordIJK(i: 4, j: 0, k: 5))
            verts.set(5, coord + CoordIJK(i: 5, j: 0, k: 1))
        } else {
            verts.set(0, coord + CoordIJK(i: 2, j: 1, k: 0))
            verts.set(1, coord + CoordIJK(i: 1, j: 2, k: 0))
            verts.set(2, coord + CoordIJK(i: 0, j: 2, k: 1))
            verts.set(3, coord + CoordIJK(i: 0, j: 1, k: 2))
            verts.set(4, coord + CoordIJK(i: 1, j: 0, k: 2))
            verts.set(5, coord + CoordIJK(i: 2, j: 0, k: 1))
        }
        return verts
    }
}

/// Six substrate vertices of one cell, all starting on the same face (inline storage, no allocation).
struct FaceIJKVertices {
    private var coords: (CoordIJK, CoordIJK, CoordIJK, CoordIJK, CoordIJK, CoordIJK)
    let face: Int

    @inline(__always)
    init(face: Int) {
        self.face = face
        coords = (.zero, .zero, .zero, .zero, .zero, .zero)
    }

    /// Stores vertex `n` (0...5), normalised.
    @inline(__always)
    mutating func set(_ n: Int, _ c: CoordIJK) {
        let v = c.normalized()
        switch n {
        case 0: coords.0 = v
        case 1: coords.1 = v
        case 2: coords.2 = v
        case 3: coords.3 = v
        case 4: coords.4 = v
        default: coords.5 = v
        }
    }

    /// Vertex `n` (0...5) as a FaceIJK on the centre's face.
    @inline(__always)
    subscript(n: Int) -> FaceIJK {
        let c: CoordIJK
        switch n {
        case 0: c = coords.0
        case 1: c = coords.1
        case 2: c = coords.2
        case 3: c = coords.3
        case 4: c = coords.4
        default: c = coords.5
        }
        return FaceIJK(face: face, coord: c)
    }
}
