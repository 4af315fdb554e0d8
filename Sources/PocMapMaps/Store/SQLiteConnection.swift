import CSQLite
import PocMapGIS
import PocMapStore

/// What the store writer's finishing steps need from a database: run a statement, read one integer. Both the raw
/// SQLite connection of the bulk path and a GDAL dataset (the `/vsimem/` path) provide it.
protocol StoreSQL {
    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError)
    /// The first column of the first row of a query, `nil` when there is no row or it is not an integer.
    func integer(_ sql: String) throws(StoreError) -> Int64?
    /// The first column of the first row of a query as text, `nil` when there is no row or it is NULL.
    func text(_ sql: String) throws(StoreError) -> String?
    /// Inserts rows of two values into `columns` (two names) of `table`, row by row; ``RowInserter/finish()``
    /// writes what is pending.
    func inserter(table: String, columns: (String, String)) throws(StoreError) -> any RowInserter
}

/// Inserts rows of two values: an integer and an integer or a blob.
protocol RowInserter: AnyObject {
    func insert(_ first: Int64, _ second: Int64) throws(StoreError)
    func insert(_ first: Int64, blob: [UInt8]) throws(StoreError)
    func finish() throws(StoreError)
}

/// A ``RowInserter`` through SQL text, `VALUES` lists of a few hundred rows per statement (the GDAL path).
private final class TextRowInserter: RowInserter {
    private let database: any StoreSQL
    private let prefix: String
    private var values: [String] = []

    init(database: any StoreSQL, table: String, columns: (String, String)) {
        self.database = database
        prefix = "INSERT INTO \"\(table)\" (\"\(columns.0)\", \"\(columns.1)\") VALUES "
    }

    func insert(_ first: Int64, _ second: Int64) throws(StoreError) {
        values.append("(\(first),\(second))")
        if values.count == 1000 { try finish() }
    }

    func insert(_ first: Int64, blob: [UInt8]) throws(StoreError) {
        var text = "(\(first),X'"
        text.reserveCapacity(blob.count * 2 + 32)
        for byte in blob {
            text.unicodeScalars.append(hexDigit(byte >> 4))
            text.unicodeScalars.append(hexDigit(byte & 0x0F))
        }
        values.append(text + "')")
        if values.count == 256 { try finish() }
    }

    func finish() throws(StoreError) {
        guard !values.isEmpty else { return }
        try database.execute(prefix + values.joined(separator: ","))
        values.removeAll(keepingCapacity: true)
    }

    private func hexDigit(_ nibble: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(nibble < 10 ? 48 + nibble : 55 + nibble)
    }
}

/// A ``RowInserter`` through one prepared statement.
private final class PreparedRowInserter: RowInserter {
    private let statement: SQLiteStatement

    init(_ statement: SQLiteStatement) { self.statement = statement }

    func insert(_ first: Int64, _ second: Int64) throws(StoreError) {
        statement.bind(1, first)
        statement.bind(2, second)
        try statement.run()
    }

    func insert(_ first: Int64, blob: [UInt8]) throws(StoreError) {
        statement.bind(1, first)
        statement.bindBlob(2, blob)
        try statement.run()
    }

    func finish() throws(StoreError) {}
}

extension VectorDataset: StoreSQL {
    func execute(_ sql: String) throws(StoreError) {
        do { try executeSQL(sql) } catch { throw .gdal("\(error)") }
    }

    func integer(_ sql: String) throws(StoreError) -> Int64? {
        do { return try executeSQL(sql).first?.values.first?.integerValue.map { Int64($0) } } catch {
            throw .gdal("\(error)")
        }
    }

    func text(_ sql: String) throws(StoreError) -> String? {
        do { return try executeSQL(sql).first?.values.first?.stringValue } catch { throw .gdal("\(error)") }
    }

    func inserter(table: String, columns: (String, String)) throws(StoreError) -> any RowInserter {
        TextRowInserter(database: self, table: table, columns: columns)
    }
}

/// A read-write SQLite connection for bulk loading: prepared statements bound by position. Not `Sendable`.
final class SQLiteConnection: StoreSQL {
    let handle: OpaquePointer
    private var isOpen = true

    /// Opens an existing database file for writing (nothing is created).
    init(path: String) throws(StoreError) {
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let connection else {
            let message =
                connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(connection)
            throw .sqlite("cannot open '\(path)': \(message)")
        }
        handle = connection
    }

    deinit { close() }

    /// Closes the connection (statements must be finalized first). Safe to call twice.
    func close() {
        guard isOpen else { return }
        isOpen = false
        sqlite3_close_v2(handle)
    }

    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw .sqlite("\(sql.prefix(200)): \(text)")
        }
    }

    func integer(_ sql: String) throws(StoreError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.columnType(0) == SQLITE_INTEGER ? statement.int64(0) : nil
    }

    func text(_ sql: String) throws(StoreError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step(), statement.columnType(0) != SQLITE_NULL else { return nil }
        return statement.string(0)
    }

    func inserter(table: String, columns: (String, String)) throws(StoreError) -> any RowInserter {
        PreparedRowInserter(
            try prepare("INSERT INTO \"\(table)\" (\"\(columns.0)\", \"\(columns.1)\") VALUES (?1, ?2)")
        )
    }

    /// A prepared statement.
    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .sqlite("\(sql.prefix(200)): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return SQLiteStatement(statement, connection: handle)
    }
}

/// A prepared statement; parameters are numbered from 1, result columns from 0. Finalized on deinit.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: OpaquePointer

    fileprivate init(_ statement: OpaquePointer, connection: OpaquePointer) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`), so buffers may be reused at once.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bindNull(_ index: Int32) { sqlite3_bind_null(statement, index) }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }

    /// Binds a finite double, NULL for `nil`, NaN or ±∞ (no fake numbers).
    func bind(_ index: Int32, _ value: Double?) {
        if let value, value.isFinite { sqlite3_bind_double(statement, index, value) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { bytes in bindText(index, bytes) }
    }

    /// Binds UTF-8 text from raw bytes.
    func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            _ = sqlite3_bind_text(statement, index, "", 0, SQLiteStatement.transient)
            return
        }
        _ = sqlite3_bind_text(
            statement,
            index,
            UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
            Int32(bytes.count),
            SQLiteStatement.transient
        )
    }

    /// Binds a blob, NULL when `bytes` is empty.
    func bindBlob(_ index: Int32, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return bindNull(index) }
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), SQLiteStatement.transient)
        }
    }

    /// Runs an insert or update to completion and resets the statement for the next row.
    func run() throws(StoreError) {
        let status = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard status == SQLITE_DONE else { throw .sqlite(String(cString: sqlite3_errmsg(connection))) }
    }

    /// Steps a query: `true` when a row is available.
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(statement)
        if status == SQLITE_ROW { return true }
        guard status == SQLITE_DONE else { throw .sqlite(String(cString: sqlite3_errmsg(connection))) }
        return false
    }

    func columnType(_ column: Int32) -> Int32 { sqlite3_column_type(statement, column) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}
