// Derived from uber/h3 4.5.0 `src/h3lib/include/constants.h` and the constants at the top of
// `src/h3lib/lib/faceijk.c`, translated to Swift (modified: Swift `let`s instead of C macros).
// Copyright 2016-2017, 2020 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.
//
// Every floating-point constant is C's decimal literal pasted verbatim (H3.md §2 rule 4): several of them are
// not the double one gets by computing the value, and Swift rounds long literals correctly, so the pasted
// literal yields C's double. `H3CoreConstantsTests` pins each one by `.bitPattern`.

/// 2π (`M_2PI`).
let m2Pi = 6.28318530717958647692528676655900576839433
/// π (`M_PI`).
let mPi = 3.14159265358979323846
/// π / 180 (`M_PI_180`); equal to `Double.pi / 180`.
let mPi180 = 0.0174532925199432957692369076848861271111
/// 180 / π (`M_180_PI`); equal to `180 / Double.pi`.
let m180Pi = 57.29577951308232087679815481410517033240547
/// Threshold epsilon (`EPSILON`).
let h3Epsilon = 0.0000000000000001
/// √3 / 2 (`M_SQRT3_2`, also `M_SIN60`).
let mSqrt3_2 = 0.8660254037844386467637231707529361834714
/// 1 / sin 60° (`M_RSIN60`).
let mRSin60 = 1.1547005383792515290182975610039149112953
/// 1 / 3 (`M_ONETHIRD`).
let mOneThird = 0.333333333333333333333333333333333333333
/// 1 / 7 (`M_ONESEVENTH`).
let mOneSeventh = 0.14285714285714285714285714285714285
/// Rotation between Class II and Class III axes, asin(√(3/28)) (`M_AP7_ROT_RADS`).
let mAp7RotRads = 0.333473172251832115336090755351601070065900389
/// Earth's authalic radius in kilometres (`EARTH_RADIUS_KM`).
let earthRadiusKm = 6371.007180918475
/// Resolution-0 hex2d unit length to gnomonic length (`RES0_U_GNOMONIC`).
let res0UGnomonic = 0.38196601125010500003
/// Inverse of `res0UGnomonic` (`INV_RES0_U_GNOMONIC`).
let invRes0UGnomonic = 2.61803398874989588842
/// √7 (`M_SQRT7`).
let mSqrt7 = 2.6457513110645905905016157536392604257102
/// 1 / √7 (`M_RSQRT7`).
let mRSqrt7 = 0.37796447300922722721451653623418006081576
/// Single-precision machine epsilon (`FLT_EPSILON`), used as an absolute tolerance on hex2d coordinates.
let fltEpsilon = 1.1920928955078125e-07  // 2⁻²³, C's FLT_EPSILON widened to double

/// The finest H3 resolution.
let maxH3Res = 15
/// Number of icosahedron faces.
let numIcosaFaces = 20
/// Number of resolution-0 base cells.
let numBaseCells = 122
/// Number of pentagons at every resolution.
let numPentagons = 12
/// Largest res-0 IJK component that names a base cell (`MAX_FACE_COORD`).
let maxFaceCoord: Int32 = 2

/// `_posAngleRads`: brings an angle into [0, 2π) with one add or subtract (H3.md §2 rule 8).
@inline(__always)
func posAngleRads(_ rads: Double) -> Double {
    var tmp = rads < 0.0 ? rads + m2Pi : rads
    if rads >= m2Pi { tmp -= m2Pi }
    return tmp
}

/// Odd resolutions are Class III (`isResolutionClassIII`).
@inline(__always)
func isResolutionClassIII(_ res: Int) -> Bool { res & 1 == 1 }
