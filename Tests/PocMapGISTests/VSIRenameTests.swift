import Foundation
import PocMapGIS
import Testing

@Suite("VSI rename")
struct VSIRenameTests {
    @Test("rename moves a file, replacing the target; a missing source is an error")
    func rename() throws {
        try withMemoryScratch { directory in
            let source = directory + "/a.bin"
            let target = directory + "/b.bin"
            try VSI.write([1, 2, 3], to: source)
            try VSI.write([9], to: target)
            try VSI.rename(source, to: target)
            #expect(!VSI.exists(source))
            #expect(try VSI.read(target) == [1, 2, 3])
            #expect(throws: GDALError.self) { try VSI.rename(directory + "/missing.bin", to: target) }
        }
        try withDiskScratch { directory in
            let source = directory.appendingPathComponent("x.partial").path
            let target = directory.appendingPathComponent("x").path
            try VSI.write(Array("done".utf8), to: source)
            try VSI.rename(source, to: target)
            #expect(FileManager.default.fileExists(atPath: target))
            #expect(!FileManager.default.fileExists(atPath: source))
        }
    }
}
