import Testing

@testable import PocMapCore

/// Centres, boundaries, faces and areas against values produced once with `h3==4.5.0` (degrees from
/// `cell_to_latlng` / `cell_to_boundary`, written as IEEE-754 bit patterns), compared bit for bit.
@Suite("H3 core geometry (H3 4.5)")
struct H3CoreGeometryTests {
    struct Expected {
        let cell: String
        let center: (UInt64, UInt64)
        let boundary: [(UInt64, UInt64)]
        let faces: [Int]
        let areaKm2: UInt64
    }

    static let expected: [Expected] = [
        // hexagon, res 12
        Expected(
            cell: "8c283082800b3ff", center: (0x4042_e330_b504_b0fb, 0xc05e_9ad9_1b0d_526b),
            boundary: [
                (0x4042_e32d_91cc_d365, 0xc05e_9ad8_9f1c_e287), (0x4042_e32f_f06f_05d9, 0xc05e_9ad7_2031_9c4b),
                (0x4042_e333_13a6_ddfd, 0xc05e_9ad7_9c21_ff84), (0x4042_e333_d83c_5913, 0xc05e_9ad9_96fd_cfb9),
                (0x4042_e331_799a_0bd4, 0xc05e_9adb_15e8_fd89), (0x4042_e32e_5662_5e4a, 0xc05e_9ada_99f8_7392),
            ], faces: [7], areaKm2: 0x3f34_e711_b418_d73b),
        // Class II pentagon, res 0 (base cell 4)
        Expected(
            cell: "8009fffffffffff", center: (0x4050_2ccc_cd56_2b45, 0x4025_1288_af6a_8eec),
            boundary: [
                (0x404f_8c2a_bb65_295f, 0xc024_e3d4_18c4_8e02), (0x404b_da77_6399_d628, 0x4016_1836_cd0f_75ea),
                (0x404d_3365_d283_054b, 0x4039_152d_4a57_dc03), (0x4051_3b84_6e10_65b2, 0x403f_d4ce_cc7d_6209),
                (0x4052_53da_b471_db4d, 0x3fd4_d6cc_cd35_74b4),
            ], faces: [0, 1, 2, 3, 4], areaKm2: 0x4143_8c43_14db_b9d8),
        // Class III pentagon, res 1: 10 vertices (5 of them on icosahedron edges)
        Expected(
            cell: "81083ffffffffff", center: (0x4050_2ccc_cd56_2b45, 0x4025_1288_af6a_8ee6),
            boundary: [
                (0x404f_a9dd_2545_d00c, 0x4010_0cec_7e28_5ae1), (0x404e_f206_fec2_c5b5, 0x4021_49d7_5c5e_39c3),
                (0x404e_c52f_9519_0f33, 0x4026_294c_4672_8cea), (0x404f_71ea_7baf_f640, 0x402f_8b25_f0df_5494),
                (0x404f_e680_5fa8_362e, 0x4031_8913_025f_60ba), (0x4050_94f1_db32_93a5, 0x4030_6f06_c431_6754),
                (0x4050_d683_60c2_f95f, 0x402d_a097_e063_1195), (0x4050_ddfa_b8f3_2b53, 0x4020_42b1_92f2_631a),
                (0x4050_c100_1ffe_f37d, 0x4014_f500_47a6_6bed), (0x4050_21a3_9181_b6d0, 0x400d_9976_9bf2_8d7f),
            ], faces: [0, 1, 2, 3, 4], areaKm2: 0x4114_0bca_5750_bc62),
        // Class III hexagon crossing an icosahedron edge: 8 vertices
        Expected(
            cell: "830a00fffffffff", center: (0x4050_1bf1_32d0_481a, 0x4056_64ad_27ac_ba0a),
            boundary: [
                (0x4050_0265_3d28_eb20, 0x4056_22dd_27e6_9907), (0x404f_eaa9_0142_4740, 0x4056_7a71_de62_43f0),
                (0x4050_0608_b735_9db3, 0x4056_a662_eed7_8f17), (0x4050_0e3d_12bc_4066, 0x4056_bcce_55ee_83f0),
                (0x4050_3503_fdc1_b0cd, 0x4056_a86a_7a61_f020), (0x4050_4280_6ff0_8a9f, 0x4056_4ded_bc52_e8c1),
                (0x4050_3161_6431_8df4, 0x4056_2152_7c0b_5767), (0x4050_28ce_fd68_721a, 0x4056_0b33_a3f0_8db8),
            ], faces: [0, 1], areaKm2: 0x40c7_ea8a_7de7_62d0),
    ]

    @Test("centres, boundaries, faces and areas equal h3==4.5.0 bit for bit")
    func expectedGeometry() throws {
        for e in Self.expected {
            let cell = try H3Cell(string: e.cell)
            let c = try H3.cellToLatLng(cell)
            #expect(c.latitudeDegrees.bitPattern == e.center.0, "\(e.cell)")
            #expect(c.longitudeDegrees.bitPattern == e.center.1, "\(e.cell)")
            let b = try H3.cellToBoundary(cell)
            #expect(b.count == e.boundary.count, "\(e.cell)")
            for (v, x) in zip(b, e.boundary) {
                #expect(v.latitudeDegrees.bitPattern == x.0 && v.longitudeDegrees.bitPattern == x.1, "\(e.cell)")
            }
            #expect(try H3.getIcosahedronFaces(cell) == e.faces)
            #expect(try H3.cellArea(cell, unit: .squareKilometers).bitPattern == e.areaKm2)
        }
    }

    @Test("vertex counts: res-0 hexagons 6, pentagons 5; Class III pentagons 10")
    func vertexCounts() throws {
        for cell in H3.res0Cells() {
            #expect(try H3.cellToBoundary(cell).count == (cell.isPentagon ? 5 : 6))
        }
        for res in 0...15 {
            for p in try H3.pentagons(resolution: res) {
                #expect(try H3.cellToBoundary(p).count == (res % 2 == 1 ? 10 : 5))
                #expect(try H3.getIcosahedronFaces(p).count == 5)
            }
        }
    }

    @Test("cell -> centre -> cell round trip at every resolution")
    func centreRoundTrip() throws {
        var rng = H3CoreRNG(seed: 21)
        for _ in 0..<5_000 {
            let lat = (Double(rng.next() >> 11) * 0x1p-53 * 2 - 1) * 1.5
            let lng = (Double(rng.next() >> 11) * 0x1p-53 * 2 - 1) * Double.pi
            let res = Int(rng.next() % 16)
            let cell = try H3.latLngToCell(LatLng(lat: lat, lng: lng), resolution: res)
            #expect(try H3.latLngToCell(H3.cellToLatLng(cell), resolution: res) == cell)
            let b = try H3.cellToBoundary(cell)
            #expect((6...8).contains(b.count) || cell.isPentagon)
            // the boundary is small and counter-clockwise: positive area below 1% of the sphere
            let area = try H3.cellArea(cell, unit: .squareRadians)
            #expect(area > 0 && area < 4 * Double.pi / 100)
        }
    }

    @Test("cell areas add up to the sphere at res 0 and 1")
    func totalArea() throws {
        var total = 0.0
        for cell in H3.res0Cells() { total += try H3.cellArea(cell, unit: .squareRadians) }
        #expect(abs(total - 4 * Double.pi) < 1e-12)
        var total1 = 0.0
        for base in H3.res0Cells() {
            for c in try H3.cellToChildren(base, resolution: 1) {
                total1 += try H3.cellArea(c, unit: .squareKilometers)
            }
        }
        let sphereKm2 = 4 * Double.pi * earthRadiusKm * earthRadiusKm
        #expect(abs(total1 - sphereKm2) / sphereKm2 < 1e-12)
    }

    @Test("great-circle distance, units and average tables")
    func distancesAndTables() throws {
        let a = LatLng(latitudeDegrees: 0, longitudeDegrees: 0)
        let b = LatLng(latitudeDegrees: 0, longitudeDegrees: 90)
        #expect(H3.greatCircleDistance(a, b, unit: .radians) == Double.pi / 2)
        #expect(H3.greatCircleDistance(a, b, unit: .kilometers) == Double.pi / 2 * 6371.007180918475)
        #expect(H3.greatCircleDistance(a, b, unit: .meters) == Double.pi / 2 * 6371.007180918475 * 1000)
        #expect(try H3.averageHexagonArea(resolution: 0, unit: .squareKilometers) == 4.357449416078383e+06)
        #expect(try H3.averageHexagonArea(resolution: 15, unit: .squareMeters) == 8.953115907605802e-01)
        #expect(try H3.averageHexagonEdgeLength(resolution: 9, unit: .meters) == 200.7861476)
        #expect(try H3.averageHexagonEdgeLength(resolution: 0, unit: .kilometers) == 1281.256011)
        #expect(throws: H3Error.invalidResolution(16)) {
            try H3.averageHexagonArea(resolution: 16, unit: .squareMeters)
        }
        #expect(throws: H3Error.domain) { try H3.averageHexagonEdgeLength(resolution: 3, unit: .radians) }
    }

    @Test("CellBoundary is a collection with inline storage")
    func boundaryCollection() throws {
        let b = try H3.cellToBoundary(try H3Cell(string: "81083ffffffffff"))
        #expect(b.count == 10 && b.startIndex == 0 && b.endIndex == 10 && CellBoundary.maxVertices == 10)
        #expect(Array(b).count == 10 && b.first == b[0] && b.last == b[9])
        #expect(MemoryLayout<CellBoundary>.size <= 10 * MemoryLayout<LatLng>.stride + 8)
    }
}
