import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// A read-only SQLite connection with the few calls the store queries need. Not `Sendable`.
final class SQLiteReader {
    private let handle: OpaquePointer

    /// Opens `path` read-only (`SQLITE_OPEN_READONLY`; no file is created, no journal is written).
    init(path: String) throws(SQLiteFailure) {
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let connection else {
            let message =
                connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(connection)
            throw SQLiteFailure(message: message)
        }
        handle = connection
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one statement with text parameters bound to `?1`, `?2`, … and returns every row's values.
    func rows(_ sql: String, _ parameters: [String] = []) throws(SQLiteFailure) -> [[StoreValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("\(sql): ")
        }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() {
            // SQLITE_TRANSIENT: SQLite copies the text before the Swift string's buffer goes away.
            let status = sqlite3_bind_text(
                statement,
                Int32(index + 1),
                parameter,
                -1,
                unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            )
            guard status == SQLITE_OK else { throw failure("binding \(parameter): ") }
        }
        let columns = sqlite3_column_count(statement)
        var result: [[StoreValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure("\(sql): ") }
            var row: [StoreValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_NULL: row.append(.null)
                default:
                    // Text, or a blob read as its bytes (geometry is never selected by the queries).
                    if let text = sqlite3_column_text(statement, column) {
                        let count = Int(sqlite3_column_bytes(statement, column))
                        row.append(
                            .string(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
                        )
                    } else {
                        row.append(.null)
                    }
                }
            }
            result.append(row)
        }
        return result
    }

    private func failure(_ context: String) -> SQLiteFailure {
        SQLiteFailure(message: context + String(cString: sqlite3_errmsg(handle)))
    }
}

/// An SQLite error message.
struct SQLiteFailure: Error {
    var message: String
}

/// Whether `path` names an existing regular file or directory.
func fileKind(_ path: String) -> (exists: Bool, isDirectory: Bool) {
    var info = stat()
    guard stat(path, &info) == 0 else { return (false, false) }
    return (true, (info.st_mode & S_IFMT) == S_IFDIR)
}
