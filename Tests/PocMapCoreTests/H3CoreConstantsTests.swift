import Testing

@testable import PocMapCore

/// Pins every H3 constant to the bit pattern of C's decimal literal (H3.md §2 rule 4). The expected patterns were
/// read off the C literals independently (Python `float(literal)`, correctly rounded).
@Suite("H3 core constants (H3 4.5)")
struct H3CoreConstantsTests {
    @Test("constants equal C's literals bit for bit")
    func constantBitPatterns() {
        #expect(m2Pi.bitPattern == 0x4019_21fb_5444_2d18)
        #expect(mPi.bitPattern == 0x4009_21fb_5444_2d18)
        #expect(mPi180.bitPattern == 0x3f91_df46_a252_9d39)
        #expect(m180Pi.bitPattern == 0x404c_a5dc_1a63_c1f8)
        #expect(h3Epsilon.bitPattern == 0x3c9c_d2b2_97d8_89bc)
        #expect(mSqrt3_2.bitPattern == 0x3feb_b67a_e858_4caa)
        #expect(mRSin60.bitPattern == 0x3ff2_79a7_4590_331c)
        #expect(mOneThird.bitPattern == 0x3fd5_5555_5555_5555)
        #expect(mOneSeventh.bitPattern == 0x3fc2_4924_9249_2492)
        #expect(mAp7RotRads.bitPattern == 0x3fd5_579f_dc3a_8f41)
        #expect(earthRadiusKm.bitPattern == 0x40b8_e301_d69b_d201)
        #expect(res0UGnomonic.bitPattern == 0x3fd8_7221_91a0_2d5e)
        #expect(invRes0UGnomonic.bitPattern == 0x4004_f1bb_cdcb_fa56)
        #expect(mSqrt7.bitPattern == 0x4005_2a7f_a9d2_f8ea)
        #expect(mRSqrt7.bitPattern == 0x3fd8_3091_e6a7_f7e7)
        #expect(fltEpsilon == Double(Float.ulpOfOne))
    }

    @Test("some literals are not the value one would compute")
    func literalsDifferFromComputedValues() {
        // The reason rule 4 exists: recomputing these constants changes the last bit.
        #expect(res0UGnomonic != (3 - (5.0).squareRoot()) / 2)
        #expect(mRSqrt7 != 1 / (7.0).squareRoot())
        #expect(mRSin60 != 2 / (3.0).squareRoot())
        // ... while the degree conversions are exactly Double.pi's.
        #expect(mPi180 == Double.pi / 180)
        #expect(m180Pi == 180 / Double.pi)
    }

    @Test("degree conversion is one multiplication")
    func degreeConversion() {
        let p = LatLng(latitudeDegrees: 37.7749, longitudeDegrees: -122.4194)
        #expect(p.lat == 37.7749 * (Double.pi / 180))
        #expect(p.lng == -122.4194 * (Double.pi / 180))
        #expect(p.latitudeDegrees == p.lat * (180 / Double.pi))
    }

    @Test("posAngleRads is a single add or subtract")
    func positiveAngle() {
        #expect(posAngleRads(-1.0) == -1.0 + m2Pi)
        #expect(posAngleRads(1.0) == 1.0)
        #expect(posAngleRads(m2Pi) == 0.0)
        #expect(posAngleRads(3 * m2Pi) == 2 * m2Pi)  // not fmod
    }
}
