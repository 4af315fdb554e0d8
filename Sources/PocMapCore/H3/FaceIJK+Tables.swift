// Derived from uber/h3 4.5.0 `src/h3lib/lib/faceijk.c` and `src/h3lib/include/faceijk.h`, translated to Swift
// (modified: flat Swift tables, value-type methods, a fixed-capacity vertex buffer). The tables
// `faceCenterPoint`, `faceAxesAzRadsCII` (column 0), `faceNeighbors` and `adjacentFaceDir` are transcribed
// verbatim from faceijk.c.
// Copyright 2016-2021, 2024, 2026 Uber Technologies, Inc. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT WARRANTIES
// OR CONDITIONS OF ANY KIND.

import Glibc

/// A neighbouring face and how to move IJK coordinates onto it (`FaceOrientIJK`).
struct FaceOrientIJK: Sendable {
    /// The neighbouring face.
    let face: Int
    /// Resolution-0 translation relative to the primary face.
    let translate: CoordIJK
    /// Number of 60° ccw rotations relative to the primary face.
    let ccwRot60: Int
}

/// Quadrant slots of `faceNeighbors` and values of `adjacentFaceDir`.
let faceDirIJ = 1
let faceDirKI = 2
let faceDirJK = 3

/// Result of an overage adjustment (`Overage`).
enum Overage: Sendable {
    /// On the original face.
    case noOverage
    /// On a face edge (only on substrate grids).
    case faceEdge
    /// Moved to a new face's interior.
    case newFace
}

/// Icosahedron face centres as unit vectors (`faceCenterPoint`, transcribed verbatim: H3.md §2 rule 5).
let faceCenterPoint: [Vec3d] = [
    Vec3d(x: 0.2199307791404606, y: 0.6583691780274996, z: 0.7198475378926182),  // face 0
    Vec3d(x: -0.2139234834501421, y: 0.1478171829550703, z: 0.9656017935214205),  // face 1
    Vec3d(x: 0.1092625278784797, y: -0.4811951572873210, z: 0.8697775121287253),  // face 2
    Vec3d(x: 0.7428567301586791, y: -0.3593941678278028, z: 0.5648005936517033),  // face 3
    Vec3d(x: 0.8112534709140969, y: 0.3448953237639384, z: 0.4721387736413930),  // face 4
    Vec3d(x: -0.1055498149613921, y: 0.9794457296411413, z: 0.1718874610009365),  // face 5
    Vec3d(x: -0.8075407579970092, y: 0.1533552485898818, z: 0.5695261994882688),  // face 6
    Vec3d(x: -0.2846148069787907, y: -0.8644080972654206, z: 0.4144792552473539),  // face 7
    Vec3d(x: 0.7405621473854482, y: -0.6673299564565524, z: -0.0789837646326737),  // face 8
    Vec3d(x: 0.8512303986474293, y: 0.4722343788582681, z: -0.2289137388687808),  // face 9
    Vec3d(x: -0.7405621473854481, y: 0.6673299564565524, z: 0.0789837646326737),  // face 10
    Vec3d(x: -0.8512303986474292, y: -0.4722343788582682, z: 0.2289137388687808),  // face 11
    Vec3d(x: 0.1055498149613919, y: -0.9794457296411413, z: -0.1718874610009365),  // face 12
    Vec3d(x: 0.8075407579970092, y: -0.1533552485898819, z: -0.5695261994882688),  // face 13
    Vec3d(x: 0.2846148069787908, y: 0.8644080972654204, z: -0.4144792552473539),  // face 14
    Vec3d(x: -0.7428567301586791, y: 0.3593941678278027, z: -0.5648005936517033),  // face 15
    Vec3d(x: -0.8112534709140971, y: -0.3448953237639382, z: -0.4721387736413930),  // face 16
    Vec3d(x: -0.2199307791404607, y: -0.6583691780274996, z: -0.7198475378926182),  // face 17
    Vec3d(x: 0.2139234834501420, y: -0.1478171829550704, z: -0.9656017935214205),  // face 18
    Vec3d(x: -0.1092625278784796, y: 0.4811951572873210, z: -0.8697775121287253),  // face 19
]

/// Azimuth in radians from each face centre to its Class II i-axis vertex (column 0 of `faceAxesAzRadsCII`,
/// transcribed verbatim; columns 1 and 2 are unused by the library and kept as comments).
let faceAxesAzRadsCII0: [Double] = [
    5.619958268523939882,  // face 0  (columns 1, 2: 3.525563166130744542, 1.431168063737548730)
    5.760339081714187279,  // face 1  (columns 1, 2: 3.665943979320991689, 1.571548876927796127)
    0.780213654393430055,  // face 2  (columns 1, 2: 4.969003859179821079, 2.874608756786625655)
    0.430469363979999913,  // face 3  (columns 1, 2: 4.619259568766391033, 2.524864466373195467)
    6.130269123335111400,  // face 4  (columns 1, 2: 4.035874020941915804, 1.941478918548720291)
    2.692877706530642877,  // face 5  (columns 1, 2: 0.598482604137447119, 4.787272808923838195)
    2.982963003477243874,  // face 6  (columns 1, 2: 0.888567901084048369, 5.077358105870439581)
    3.532912002790141181,  // face 7  (columns 1, 2: 1.438516900396945656, 5.627307105183336758)
    3.494305004259568154,  // face 8  (columns 1, 2: 1.399909901866372864, 5.588700106652763840)
    3.003214169499538391,  // face 9  (columns 1, 2: 0.908819067106342928, 5.097609271892733906)
    5.930472956509811562,  // face 10  (columns 1, 2: 3.836077854116615875, 1.741682751723420374)
    0.138378484090254847,  // face 11  (columns 1, 2: 4.327168688876645809, 2.232773586483450311)
    0.448714947059150361,  // face 12  (columns 1, 2: 4.637505151845541521, 2.543110049452346120)
    0.158629650112549365,  // face 13  (columns 1, 2: 4.347419854898940135, 2.253024752505744869)
    5.891865957979238535,  // face 14  (columns 1, 2: 3.797470855586042958, 1.703075753192847583)
    2.711123289609793325,  // face 15  (columns 1, 2: 0.616728187216597771, 4.805518392002988683)
    3.294508837434268316,  // face 16  (columns 1, 2: 1.200113735041072948, 5.388903939827463911)
    3.804819692245439833,  // face 17  (columns 1, 2: 1.710424589852244509, 5.899214794638635174)
    3.664438879055192436,  // face 18  (columns 1, 2: 1.570043776661997111, 5.758833981448388027)
    2.361378999196363184,  // face 19  (columns 1, 2: 0.266983896803167583, 4.455774101589558636)
]

/// For each face, the face itself and its ij, ki and jk neighbours (`faceNeighbors`, transcribed): entry
/// `face * 4 + quadrant`.
let faceNeighbors: [FaceOrientIJK] = [
    // face 0: central, ij, ki, jk
    FaceOrientIJK(face: 0, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 4, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 1, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 5, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 1: central, ij, ki, jk
    FaceOrientIJK(face: 1, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 0, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 2, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 6, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 2: central, ij, ki, jk
    FaceOrientIJK(face: 2, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 1, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 3, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 7, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 3: central, ij, ki, jk
    FaceOrientIJK(face: 3, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 2, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 4, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 8, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 4: central, ij, ki, jk
    FaceOrientIJK(face: 4, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 3, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 0, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 9, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 5: central, ij, ki, jk
    FaceOrientIJK(face: 5, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 10, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 14, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 0, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 6: central, ij, ki, jk
    FaceOrientIJK(face: 6, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 11, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 10, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 1, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 7: central, ij, ki, jk
    FaceOrientIJK(face: 7, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 12, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 11, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 2, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 8: central, ij, ki, jk
    FaceOrientIJK(face: 8, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 13, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 12, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 3, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 9: central, ij, ki, jk
    FaceOrientIJK(face: 9, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 14, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 13, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 4, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 10: central, ij, ki, jk
    FaceOrientIJK(face: 10, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 5, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 6, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 15, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 11: central, ij, ki, jk
    FaceOrientIJK(face: 11, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 6, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 7, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 16, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 12: central, ij, ki, jk
    FaceOrientIJK(face: 12, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 7, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 8, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 17, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 13: central, ij, ki, jk
    FaceOrientIJK(face: 13, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 8, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 9, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 18, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 14: central, ij, ki, jk
    FaceOrientIJK(face: 14, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 9, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 3),
    FaceOrientIJK(face: 5, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 3),
    FaceOrientIJK(face: 19, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 15: central, ij, ki, jk
    FaceOrientIJK(face: 15, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 16, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 19, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 10, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 16: central, ij, ki, jk
    FaceOrientIJK(face: 16, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 17, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 15, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 11, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 17: central, ij, ki, jk
    FaceOrientIJK(face: 17, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 18, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 16, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 12, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 18: central, ij, ki, jk
    FaceOrientIJK(face: 18, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 19, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 17, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 13, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
    // face 19: central, ij, ki, jk
    FaceOrientIJK(face: 19, translate: CoordIJK(i: 0, j: 0, k: 0), ccwRot60: 0),
    FaceOrientIJK(face: 15, translate: CoordIJK(i: 2, j: 0, k: 2), ccwRot60: 1),
    FaceOrientIJK(face: 18, translate: CoordIJK(i: 2, j: 2, k: 0), ccwRot60: 5),
    FaceOrientIJK(face: 14, translate: CoordIJK(i: 0, j: 2, k: 2), ccwRot60: 3),
]

/// Direction from origin face to destination face in the origin face's system, 1 = IJ, 2 = KI, 3 = JK, 0 = same
/// face, -1 = not adjacent (`adjacentFaceDir`, transcribed): entry `origin * 20 + destination`.
let adjacentFaceDir: [Int8] = [
    0, 2, -1, -1, 1, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 0
    1, 0, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 1
    -1, 1, 0, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 2
    -1, -1, 1, 0, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 3
    2, -1, -1, 1, 0, -1, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 4
    3, -1, -1, -1, -1, 0, -1, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1,  // face 5
    -1, 3, -1, -1, -1, -1, 0, -1, -1, -1, 2, 1, -1, -1, -1, -1, -1, -1, -1, -1,  // face 6
    -1, -1, 3, -1, -1, -1, -1, 0, -1, -1, -1, 2, 1, -1, -1, -1, -1, -1, -1, -1,  // face 7
    -1, -1, -1, 3, -1, -1, -1, -1, 0, -1, -1, -1, 2, 1, -1, -1, -1, -1, -1, -1,  // face 8
    -1, -1, -1, -1, 3, -1, -1, -1, -1, 0, -1, -1, -1, 2, 1, -1, -1, -1, -1, -1,  // face 9
    -1, -1, -1, -1, -1, 1, 2, -1, -1, -1, 0, -1, -1, -1, -1, 3, -1, -1, -1, -1,  // face 10
    -1, -1, -1, -1, -1, -1, 1, 2, -1, -1, -1, 0, -1, -1, -1, -1, 3, -1, -1, -1,  // face 11
    -1, -1, -1, -1, -1, -1, -1, 1, 2, -1, -1, -1, 0, -1, -1, -1, -1, 3, -1, -1,  // face 12
    -1, -1, -1, -1, -1, -1, -1, -1, 1, 2, -1, -1, -1, 0, -1, -1, -1, -1, 3, -1,  // face 13
    -1, -1, -1, -1, -1, 2, -1, -1, -1, 1, -1, -1, -1, -1, 0, -1, -1, -1, -1, 3,  // face 14
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, -1, -1, -1, -1, 0, 1, -1, -1, 2,  // face 15
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, -1, -1, -1, 2, 0, 1, -1, -1,  // face 16
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, -1, -1, -1, 2, 0, 1, -1,  // face 17
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, -1, -1, -1, 2, 0, 1,  // face 18
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 3, 1, -1, -1, 2, 0,  // face 19
]

/// Maximum i + j + k on a face at each Class II resolution 0...16 (`maxDimByCIIres`): 2·7^(r/2) at even r,
/// -1 (unused) at odd r.
let maxDimByCIIres: [Int32] = [
    2, -1, 14, -1, 98, -1, 686, -1, 4802, -1, 33614, -1, 235298, -1, 1647086, -1, 11529602,
]

/// Resolution-0 unit length at each Class II resolution 0...16 (`unitScaleByCIIres`): 7^(r/2) at even r,
/// -1 (unused) at odd r.
let unitScaleByCIIres: [Int32] = [
    1, -1, 7, -1, 49, -1, 343, -1, 2401, -1, 16807, -1, 117649, -1, 823543, -1, 5764801,
]

/// Local north and east unit vectors on the tangent plane at a face centre.
struct FaceBasis: Sendable {
    let north: Vec3d
    let east: Vec3d
}

/// `_vec3TangentBasis(faceCenterPoint[face])` for each face, precomputed (not transcribed: upstream computes it
/// on every call). The values are the exact doubles that `vec3TangentBasis` produces from the transcribed face
/// centres, written as hexadecimal literals; `H3CoreTablesTests` recomputes them and compares bit patterns.
/// Saves a square root, a division and a cross product per projection (`cellToBoundary` does up to ten).
let faceBasis: [FaceBasis] = [
    FaceBasis(
        north: Vec3d(x: -0x1.d31ad18235f85p-3, y: -0x1.5d92aab8f3feap-1, z: 0x1.63654bf8f6b6fp-1),
        east: Vec3d(x: -0x1.e59eeaf44a555p-1, y: 0x1.44726f18d7d3p-2, z: 0x0p+0)),  // face 0
    FaceBasis(
        north: Vec3d(x: 0x1.96bbfc41980fp-1, y: -0x1.190bc110a0f2dp-1, z: 0x1.0a44150996919p-2),
        east: Vec3d(x: -0x1.230ecab0c588p-1, y: -0x1.a5394187edb2bp-1, z: 0x1p-56)),  // face 1
    FaceBasis(
        north: Vec3d(x: -0x1.8a6e6c103a3d8p-3, y: 0x1.b245873dd350cp-1, z: 0x1.f94968f823262p-2),
        east: Vec3d(x: 0x1.f34a5a22b696dp-1, y: 0x1.c57c3e2855e3bp-3, z: 0x0p+0)),  // face 2
    FaceBasis(
        north: Vec3d(x: -0x1.04503ac93326cp-1, y: 0x1.f7c233a485ed3p-3, z: 0x1.a684353db15f8p-1),
        east: Vec3d(x: 0x1.bdf6229431d9ap-2, y: 0x1.cce4f37c18659p-1, z: 0x1p-55)),  // face 3
    FaceBasis(
        north: Vec3d(x: -0x1.bcee24f948175p-2, y: -0x1.7a5070e920b49p-3, z: 0x1.c3572507609bep-1),
        east: Vec3d(x: -0x1.90a3885c27fe3p-2, y: 0x1.d72f962688b53p-1, z: 0x0p+0)),  // face 4
    FaceBasis(
        north: Vec3d(x: 0x1.2dbda25df3d79p-6, y: -0x1.5dffc321d2553p-3, z: 0x1.f86133b6c5919p-1),
        east: Vec3d(x: -0x1.fd0d7a940f38cp-1, y: -0x1.b6dd240ce8a2cp-4, z: 0x0p+0)),  // face 5
    FaceBasis(
        north: Vec3d(x: 0x1.1e7a3b77c218bp-1, y: -0x1.b339cf5d9557dp-4, z: 0x1.a4d9ab29bdde7p-1),
        east: Vec3d(x: -0x1.7e183a8fa8a86p-3, y: -0x1.f7029a710beadp-1, z: -0x1p-56)),  // face 6
    FaceBasis(
        north: Vec3d(x: 0x1.097928883d0ccp-3, y: 0x1.9322f346e902cp-2, z: 0x1.d1f338c8c5a3fp-1),
        east: Vec3d(x: 0x1.e6511fb0eeab2p-1, y: -0x1.403fc99649fc2p-2, z: -0x1p-56)),  // face 7
    FaceBasis(
        north: Vec3d(x: 0x1.e0abd9da9b0d1p-5, y: -0x1.b12395f2f5ec1p-5, z: 0x1.fe6684ae8de55p-1),
        east: Vec3d(x: 0x1.56be6348d07bfp-1, y: 0x1.7c5b28a5b9f7fp-1, z: 0x0p+0)),  // face 8
    FaceBasis(
        north: Vec3d(x: 0x1.99f49ddf4914fp-3, y: 0x1.c6dc0523917cep-4, z: 0x1.f2679b7cb38f7p-1),
        east: Vec3d(x: -0x1.f0c232272ce32p-2, y: 0x1.bfb7e65d9a15fp-1, z: 0x0p+0)),  // face 9
    FaceBasis(
        north: Vec3d(x: 0x1.e0abd9da9b0cfp-5, y: -0x1.b12395f2f5ec1p-5, z: 0x1.fe6684ae8de55p-1),
        east: Vec3d(x: -0x1.56be6348d07bfp-1, y: -0x1.7c5b28a5b9f7ep-1, z: 0x0p+0)),  // face 10
    FaceBasis(
        north: Vec3d(x: 0x1.99f49ddf4914ep-3, y: 0x1.c6dc0523917dp-4, z: 0x1.f2679b7cb38f7p-1),
        east: Vec3d(x: 0x1.f0c232272ce34p-2, y: -0x1.bfb7e65d9a15ep-1, z: 0x0p+0)),  // face 11
    FaceBasis(
        north: Vec3d(x: 0x1.2dbda25df3d6fp-6, y: -0x1.5dffc321d2553p-3, z: 0x1.f86133b6c5919p-1),
        east: Vec3d(x: 0x1.fd0d7a940f38cp-1, y: 0x1.b6dd240ce8a1fp-4, z: 0x0p+0)),  // face 12
    FaceBasis(
        north: Vec3d(x: 0x1.1e7a3b77c218bp-1, y: -0x1.b339cf5d9558p-4, z: 0x1.a4d9ab29bdde7p-1),
        east: Vec3d(x: 0x1.7e183a8fa8a8ap-3, y: 0x1.f7029a710beadp-1, z: 0x0p+0)),  // face 13
    FaceBasis(
        north: Vec3d(x: 0x1.097928883d0cdp-3, y: 0x1.9322f346e902bp-2, z: 0x1.d1f338c8c5a3fp-1),
        east: Vec3d(x: -0x1.e6511fb0eeab1p-1, y: 0x1.403fc99649fc3p-2, z: 0x0p+0)),  // face 14
    FaceBasis(
        north: Vec3d(x: -0x1.04503ac93326cp-1, y: 0x1.f7c233a485ed1p-3, z: 0x1.a684353db15f8p-1),
        east: Vec3d(x: -0x1.bdf6229431d98p-2, y: -0x1.cce4f37c18659p-1, z: 0x1p-55)),  // face 15
    FaceBasis(
        north: Vec3d(x: -0x1.bcee24f948176p-2, y: -0x1.7a5070e920b46p-3, z: 0x1.c3572507609bep-1),
        east: Vec3d(x: 0x1.90a3885c27fdfp-2, y: -0x1.d72f962688b54p-1, z: 0x0p+0)),  // face 16
    FaceBasis(
        north: Vec3d(x: -0x1.d31ad18235f88p-3, y: -0x1.5d92aab8f3feap-1, z: 0x1.63654bf8f6b6fp-1),
        east: Vec3d(x: 0x1.e59eeaf44a555p-1, y: -0x1.44726f18d7d32p-2, z: 0x0p+0)),  // face 17
    FaceBasis(
        north: Vec3d(x: 0x1.96bbfc41980edp-1, y: -0x1.190bc110a0f31p-1, z: 0x1.0a44150996919p-2),
        east: Vec3d(x: 0x1.230ecab0c5884p-1, y: 0x1.a5394187edb28p-1, z: 0x0p+0)),  // face 18
    FaceBasis(
        north: Vec3d(x: -0x1.8a6e6c103a3d2p-3, y: 0x1.b245873dd350cp-1, z: 0x1.f94968f823262p-2),
        east: Vec3d(x: -0x1.f34a5a22b696dp-1, y: -0x1.c57c3e2855e34p-3, z: 0x0p+0)),  // face 19
]
