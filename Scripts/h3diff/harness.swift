// Differential harness for the H3 4.5 port: reads commands on stdin (see diff.py), prints results with every
// double as its IEEE-754 bit pattern. Built by run.sh together with Sources/PocMapCore/H3 into one module.
func hx(_ d: Double) -> String { String(d.bitPattern, radix: 16) }
func errName(_ e: H3Error) -> String {
    switch e {
    case .failed: return "E1"
    case .domain: return "E2"
    case .latLngDomain: return "E3"
    case .invalidResolution: return "E4"
    case .invalidCell: return "E5"
    case .pentagon: return "E9"
    case .notNeighbors: return "E11"
    case .resolutionMismatch: return "E12"
    case .invalidString: return "ES"
    }
}
func cellInfo(_ c: H3Cell) -> String {
    var s = ""
    do {
        let ll = try H3.cellToLatLng(c)
        s += hx(ll.latitudeDegrees) + "," + hx(ll.longitudeDegrees)
        let b = try H3.cellToBoundary(c)
        s += " \(b.count)"
        for v in b { s += " " + hx(v.latitudeDegrees) + "," + hx(v.longitudeDegrees) }
        s += " F" + (try H3.getIcosahedronFaces(c)).map(String.init).joined(separator: ",")
        s += " A" + hx(try H3.cellArea(c, unit: .squareKilometers))
        s += " R" + hx(try H3.cellArea(c, unit: .squareRadians))
        s += " P\(c.isPentagon ? 1 : 0)"
    } catch { s += "ERR" + errName(error) }
    return s
}
while let line = readLine() {
    let parts = line.split(separator: " ")
    switch parts[0] {
    case "P":
        let lat = Double(String(parts[1]))!, lng = Double(String(parts[2]))!, res = Int(parts[3])!
        do {
            let c = try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: res)
            print(c.description)
        } catch { print("ERR" + errName(error)) }
    case "C":
        let c = H3Cell(rawValue: UInt64(parts[1], radix: 16)!)
        print(cellInfo(c))
    case "H":  // hierarchy: cell pres cres
        let c = H3Cell(rawValue: UInt64(parts[1], radix: 16)!)
        let pr = Int(parts[2])!, cr = Int(parts[3])!
        var s = c.isValid ? "V1" : "V0"
        do { s += " " + (try H3.cellToParent(c, resolution: pr)).description } catch { s += " ERR" + errName(error) }
        do { s += " " + (try H3.cellToCenterChild(c, resolution: cr)).description } catch { s += " ERR" + errName(error) }
        do { s += " \(try H3.cellToChildrenSize(c, resolution: cr))" } catch { s += " ERR" + errName(error) }
        if cr - c.resolution <= 2 {
            do { s += " " + (try H3.cellToChildren(c, resolution: cr)).map(\.description).joined(separator: ",") } catch { s += " ERR" + errName(error) }
        }
        print(s)
    case "G":
        let a = LatLng(latitudeDegrees: Double(String(parts[1]))!, longitudeDegrees: Double(String(parts[2]))!)
        let b = LatLng(latitudeDegrees: Double(String(parts[3]))!, longitudeDegrees: Double(String(parts[4]))!)
        print(hx(H3.greatCircleDistance(a, b, unit: .kilometers)) + " " + hx(H3.greatCircleDistance(a, b, unit: .meters)) + " " + hx(H3.greatCircleDistance(a, b, unit: .radians)))
    default: print("?")
    }
}
