import Testing

@testable import PocMapCore

/// Self-consistency of the transcribed and precomputed tables.
@Suite("H3 core tables (H3 4.5)")
struct H3CoreTablesTests {
    @Test("table shapes")
    func shapes() {
        #expect(baseCellData.count == 122)
        #expect(faceIjkBaseCells.count == 20 * 27 * 2)
        #expect(faceCenterPoint.count == 20 && faceAxesAzRadsCII0.count == 20 && faceBasis.count == 20)
        #expect(faceNeighbors.count == 80 && adjacentFaceDir.count == 400)
        for r in stride(from: 0, through: 16, by: 2) {
            var p: Int32 = 1
            for _ in 0..<(r / 2) { p *= 7 }
            #expect(unitScaleByCIIres[r] == p && maxDimByCIIres[r] == 2 * p)
        }
    }

    @Test("pentagon flags agree with baseCellData")
    func pentagons() {
        for bc in 0..<122 { #expect(isBaseCellPentagon(bc) == baseCellData[bc].isPentagon) }
        #expect(!isBaseCellPentagon(-1) && !isBaseCellPentagon(122) && !isBaseCellPentagon(127))
        #expect((0..<122).filter(isBaseCellPolarPentagon) == [4, 117])
        #expect((0..<122).filter(isBaseCellPentagon).count == 12)
    }

    @Test("each base cell's home coordinates map back to it without rotation")
    func homeEntries() {
        for bc in 0..<122 {
            let home = baseCellData[bc].homeFijk
            #expect(faceIjkToBaseCell(home) == bc)
            #expect(faceIjkToBaseCellCCWrot60(home) == 0)
            #expect(baseCellToCCWrot60(bc, face: home.face) == 0)
        }
        #expect(baseCellToCCWrot60(0, face: 20) == -1 && baseCellToCCWrot60(0, face: -1) == -1)
    }

    @Test("every faceIjkBaseCells entry names the base cell whose centre is nearest")
    func nearestBaseCell() throws {
        // centres from baseCellData (independent of faceIjkBaseCells)
        var centres: [Vec3d] = []
        for bc in 0..<122 { centres.append(baseCellData[bc].homeFijk.toVec3(res: 0)) }
        for face in 0..<20 {
            for i in Int32(0)...2 {
                for j in Int32(0)...2 {
                    for k in Int32(0)...2 {
                        let fijk = FaceIJK(face: face, coord: CoordIJK(i: i, j: j, k: k))
                        let p = fijk.coord.normalized() == fijk.coord ? fijk.toVec3(res: 0) : nil
                        guard let p else { continue }  // non-normalised slots are never looked up
                        let nearest = (0..<122).min { Vec3d.distSq(centres[$0], p) < Vec3d.distSq(centres[$1], p) }
                        #expect(nearest == faceIjkToBaseCell(fijk), "face \(face) ijk \(i)\(j)\(k)")
                    }
                }
            }
        }
    }

    @Test("rotations in faceIjkBaseCells agree with baseCellData's orientation (hexagon base cells)")
    func rotations() throws {
        // For a res-1 cell given on `face` as child digit d of a res-0 slot, the table's base cell and rotation
        // predict the child digit in the base cell's own frame. Its centre (computed from baseCellData, not
        // from this table) must be the nearest of the base cell's seven children to the projected point.
        for face in 0..<20 {
            for i in Int32(0)...2 {
                for j in Int32(0)...2 {
                    for k in Int32(0)...2 {
                        let slot = FaceIJK(face: face, coord: CoordIJK(i: i, j: j, k: k))
                        guard slot.coord.normalized() == slot.coord, i + j + k <= 2 else { continue }
                        let bc = faceIjkToBaseCell(slot)
                        if isBaseCellPentagon(bc) { continue }
                        let rot = faceIjkToBaseCellCCWrot60(slot)
                        let children = try H3.cellToChildren(H3.res0Cells()[bc], resolution: 1)
                        let centres = try children.map { try $0.toVec3() }
                        for raw in UInt8(1)...6 {
                            var d = Direction(rawValue: raw)!
                            var child = slot.coord
                            child.downAp7()  // res 1 is Class III
                            child.neighbor(d)
                            let p = FaceIJK(face: face, coord: child).toVec3(res: 1)
                            for _ in 0..<rot { d = d.rotated60ccw() }
                            let expected = H3Cell.makeCell(resolution: 1, baseCell: bc, fillDigit: d)
                            let nearest = children.indices.min {
                                Vec3d.distSq(centres[$0], p) < Vec3d.distSq(centres[$1], p)
                            }!
                            #expect(children[nearest] == expected, "face \(face) ijk \(i)\(j)\(k) digit \(raw)")
                        }
                    }
                }
            }
        }
    }

    @Test("adjacentFaceDir is the inverse of faceNeighbors")
    func adjacency() {
        for face in 0..<20 {
            #expect(faceNeighbors[face * 4].face == face && adjacentFaceDir[face * 20 + face] == 0)
            for q in 1...3 {
                let other = faceNeighbors[face * 4 + q].face
                #expect(Int(adjacentFaceDir[face * 20 + other]) == q)
            }
            #expect(adjacentFaceDir[(face * 20)..<(face * 20 + 20)].filter { $0 == -1 }.count == 16)
        }
    }

    @Test("precomputed face tangent bases equal the computed ones bit for bit")
    func faceBases() {
        for face in 0..<20 {
            let (north, east) = vec3TangentBasis(faceCenterPoint[face])
            let t = faceBasis[face]
            #expect(north.x.bitPattern == t.north.x.bitPattern && north.y.bitPattern == t.north.y.bitPattern)
            #expect(north.z.bitPattern == t.north.z.bitPattern && east.x.bitPattern == t.east.x.bitPattern)
            #expect(east.y.bitPattern == t.east.y.bitPattern && east.z.bitPattern == t.east.z.bitPattern)
        }
    }

    @Test("face centres are unit vectors and faces own their centres")
    func faceCentres() {
        for face in 0..<20 {
            let c = faceCenterPoint[face]
            #expect(abs(Vec3d.dot(c, c) - 1) < 1e-15)
            #expect(vec3ToClosestFace(c).face == face)
        }
    }
}
