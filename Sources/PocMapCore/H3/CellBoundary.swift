// Boundary generation derived from uber/h3 4.5.0 `src/h3lib/lib/faceijk.c` (`_faceIjkToCellBoundary`,
// `_faceIjkPentToCellBoundary`) and `src/h3lib/lib/h3Index.c` (`cellToBoundary`), translated to Swift
// (modified: whole loops only, written into an inline-storage collection).
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

/// The boundary of an H3 cell: 5 to 10 vertices in counter-clockwise order, not closed (the first vertex is not
/// repeated). Hexagons have 6 vertices and pentagons 5, plus one extra vertex wherever a Class III cell edge
/// crosses an icosahedron edge.
///
/// The vertices are stored inline: building or copying a boundary allocates no heap memory.
public struct CellBoundary: RandomAccessCollection, Sendable {
    /// Vertices are `LatLng` values in radians.
    public typealias Element = LatLng
    /// Positions are `0..<count`.
    public typealias Index = Int
    /// The range of valid positions.
    public typealias Indices = Range<Int>

    /// The most vertices a cell boundary can have (`MAX_CELL_BNDRY_VERTS`).
    public static let maxVertices = 10

    private var storage: (LatLng, LatLng, LatLng, LatLng, LatLng, LatLng, LatLng, LatLng, LatLng, LatLng)
    private var numVerts: Int

    /// An empty boundary, filled by `append`.
    init() {
        let z = LatLng(lat: 0, lng: 0)
        storage = (z, z, z, z, z, z, z, z, z, z)
        numVerts = 0
    }

    /// Appends a vertex; at most `maxVertices` fit.
    @inline(__always)
    mutating func append(_ p: LatLng) {
        precondition(numVerts < CellBoundary.maxVertices, "cell boundary overflow")
        let n = numVerts
        withUnsafeMutableBytes(of: &storage) { raw in
            raw.storeBytes(of: p, toByteOffset: n &* MemoryLayout<LatLng>.stride, as: LatLng.self)
        }
        numVerts = n + 1
    }

    /// 0.
    @inline(__always)
    public var startIndex: Int { 0 }

    /// The number of vertices.
    @inline(__always)
    public var endIndex: Int { numVerts }

    /// The vertex at `position` (0 ..< count).
    @inline(__always)
    public subscript(position: Int) -> LatLng {
        precondition(position >= 0 && position < numVerts, "cell boundary index out of range")
        return withUnsafeBytes(of: storage) { raw in
            raw.load(fromByteOffset: position &* MemoryLayout<LatLng>.stride, as: LatLng.self)
        }
    }
}

extension FaceIJK {
    /// The boundary of the hexagon at this FaceIJK address and resolution (`_faceIjkToCellBoundary` with
    /// start 0 and length 6).
    func hexagonBoundary(res: Int) -> CellBoundary {
        var adjRes = res
        var centerIJK = self
        let fijkVerts = centerIJK.substrateVertices(res: &adjRes)
        let classIII = isResolutionClassIII(res)

        // convert each vertex to lat/lng; adjust the face of each vertex as appropriate and introduce
        // edge-crossing vertices as needed. One more iteration than vertices tests the closing edge for a
        // distortion vertex.
        var g = CellBoundary()
        var lastFace = -1
        var lastOverage = Overage.noOverage
        for vert in 0..<(6 + 1) {
            let v = vert % 6
            var fijk = fijkVerts[v]
            let overage = fijk.adjustOverageClassII(res: adjRes, pentLeading4: false, substrate: true)

            // Check for edge-crossing. Each face of the underlying icosahedron is a different projection
            // plane, so if an edge of the hexagon crosses an icosahedron edge, an additional vertex must be
            // introduced at that intersection point. Class II cell edges have vertices on the face edge, with
            // no edge line intersections.
            if classIII && vert > 0 && fijk.face != lastFace && lastOverage != .faceEdge {
                // find hex2d of the two vertexes on original face
                let lastV = (v + 5) % 6
                let orig2d0 = fijkVerts[lastV].coord.toHex2d()
                let orig2d1 = fijkVerts[v].coord.toHex2d()

                // find the appropriate icosa face edge vertexes
                let maxDim = Double(maxDimByCIIres[adjRes])
                let v0 = Vec2d(x: 3.0 * maxDim, y: 0.0)
                let v1 = Vec2d(x: -1.5 * maxDim, y: 3.0 * mSqrt3_2 * maxDim)
                let v2 = Vec2d(x: -1.5 * maxDim, y: -3.0 * mSqrt3_2 * maxDim)

                let face2 = lastFace == centerIJK.face ? fijk.face : lastFace
                let edge0: Vec2d
                let edge1: Vec2d
                switch Int(adjacentFaceDir[centerIJK.face * numIcosaFaces + face2]) {
                case faceDirIJ:
                    edge0 = v0
                    edge1 = v1
                case faceDirJK:
                    edge0 = v1
                    edge1 = v2
                default:  // KI
                    edge0 = v2
                    edge1 = v0
                }

                // find the intersection and add the lat/lng point to the result
                let inter = Vec2d.intersect(orig2d0, orig2d1, edge0, edge1)
                // If a point of intersection occurs at a hexagon vertex, then each adjacent hexagon edge lies
                // completely on a single icosahedron face, and no additional vertex is required.
                let isIntersectionAtVertex = orig2d0.almostEquals(inter) || orig2d1.almostEquals(inter)
                if !isIntersectionAtVertex {
                    g.append(hex2dToVec3(inter, face: centerIJK.face, res: adjRes, substrate: true).latLng)
                }
            }

            // convert vertex to lat/lng and add to the result; vert == 6 only tests the last edge
            if vert < 6 {
                g.append(hex2dToVec3(fijk.coord.toHex2d(), face: fijk.face, res: adjRes, substrate: true).latLng)
            }

            lastFace = fijk.face
            lastOverage = overage
        }
        return g
    }

    /// The boundary of the pentagon at this FaceIJK address and resolution (`_faceIjkPentToCellBoundary` with
    /// start 0 and length 5).
    func pentagonBoundary(res: Int) -> CellBoundary {
        var adjRes = res
        var centerIJK = self
        let fijkVerts = centerIJK.substrateVertices(res: &adjRes)
        let classIII = isResolutionClassIII(res)

        var g = CellBoundary()
        var lastFijk = FaceIJK(face: 0, coord: .zero)
        for vert in 0..<(5 + 1) {
            let v = vert % 5
            var fijk = fijkVerts[v]
            fijk.adjustPentVertOverage(res: adjRes)

            // all Class III pentagon edges cross icosa edges; Class II pentagons have vertices on the edge,
            // not edge intersections
            if classIII && vert > 0 {
                // find hex2d of the two vertexes on the last face
                var tmpFijk = fijk
                let orig2d0 = lastFijk.coord.toHex2d()

                let currentToLastDir = Int(adjacentFaceDir[tmpFijk.face * numIcosaFaces + lastFijk.face])
                let fijkOrient = faceNeighbors[tmpFijk.face * 4 + currentToLastDir]

                tmpFijk.face = fijkOrient.face

                // rotate and translate for adjacent face
                var r = 0
                while r < fijkOrient.ccwRot60 {
                    tmpFijk.coord.rotate60ccw()
                    r += 1
                }
                var transVec = fijkOrient.translate
                transVec.scale(by: unitScaleByCIIres[adjRes] &* 3)
                tmpFijk.coord = tmpFijk.coord + transVec
                tmpFijk.coord.normalize()

                let orig2d1 = tmpFijk.coord.toHex2d()

                // find the appropriate icosa face edge vertexes
                let maxDim = Double(maxDimByCIIres[adjRes])
                let v0 = Vec2d(x: 3.0 * maxDim, y: 0.0)
                let v1 = Vec2d(x: -1.5 * maxDim, y: 3.0 * mSqrt3_2 * maxDim)
                let v2 = Vec2d(x: -1.5 * maxDim, y: -3.0 * mSqrt3_2 * maxDim)

                let edge0: Vec2d
                let edge1: Vec2d
                switch Int(adjacentFaceDir[tmpFijk.face * numIcosaFaces + fijk.face]) {
                case faceDirIJ:
                    edge0 = v0
                    edge1 = v1
                case faceDirJK:
                    edge0 = v1
                    edge1 = v2
                default:  // KI
                    edge0 = v2
                    edge1 = v0
                }

                // find the intersection and add the lat/lng point to the result
                let inter = Vec2d.intersect(orig2d0, orig2d1, edge0, edge1)
                g.append(hex2dToVec3(inter, face: tmpFijk.face, res: adjRes, substrate: true).latLng)
            }

            // convert vertex to lat/lng and add to the result; vert == 5 only tests the last edge
            if vert < 5 {
                g.append(hex2dToVec3(fijk.coord.toHex2d(), face: fijk.face, res: adjRes, substrate: true).latLng)
            }

            lastFijk = fijk
        }
        return g
    }
}
