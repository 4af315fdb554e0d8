public import PocMapCore
import PocMapIO

/// Input that breaks the ordering assumption of the streaming join: a record arrived later than the slack
/// allows, after a decision it could have changed was already made.
public struct JoinOrderViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// The late record.
    public var source: String
    /// Why it is too late.
    public var detail: String

    /// `SOURCE: detail`.
    public var description: String { "\(source): \(detail)" }
}

/// A beacon report with the witness reports joined to it, ready to verify.
public struct JoinedPoC: Sendable {
    /// The beacon report.
    public var beacon: BeaconReport
    /// The beaconer's id in the hotspot directory (nil when its key is not registered).
    public var beaconer: HotspotID?
    /// The beacon's 0-based position among the decoded beacon reports (its input order).
    public var inputIndex: Int
    /// The joined witness reports, in input order. A report of a hotspot in the directory may carry an empty
    /// ``WitnessReport/pubKey`` (`pocmap verify` reads them with ``ReaderOptions/defersKeys``): its key is the
    /// directory's (``key(ofWitness:in:)``).
    public var witnesses: [WitnessReport]
    /// The witnesses' ids in the hotspot directory, by position in ``witnesses``.
    public var witnessHotspots: [HotspotID?]

    /// The hotspot key of witness report `index`: the directory's for a known hotspot, else the report's own.
    public func key(ofWitness index: Int, in directory: HotspotDirectory) -> String {
        guard let id = witnessHotspots[index] else { return witnesses[index].pubKey }
        return directory.hotspots[id.index].key
    }
}

/// The streaming join of witness reports to beacon reports (`FORMATS.md` §1.3): a witness joins the beacon report
/// with byte-identical `data` whose `received_timestamp` is nearest to its own, before or after it, within
/// `window` milliseconds (both ends included); at equal distance the beacon evaluated first wins (the earlier
/// received time, then the earlier input line). PoCs come out in evaluation order (`POC-RULES.md` §1.4: ascending
/// beacon received time, ties in input order); witnesses that join nothing come out as unmatched.
///
/// **Memory and ordering.** Real logs are sorted by received time. The joiner assumes each input is sorted up to
/// `slack` milliseconds (a record is never more than `slack` older than the newest record read before it from the
/// same file) and keeps only the beacons of the last `2 × window + slack` and their witnesses. A beacon is
/// decided once the beacon file has passed B + 2·window + slack (every beacon that could compete for its
/// witnesses is read) and the witness file has passed B + window + slack (every witness that could join it is
/// read). A record that arrives later than that assumption allows throws ``JoinOrderViolation``; the job then
/// starts over with `slack = nil` (unbounded), which decides nothing before the end of both files: exact for any
/// order, at the cost of holding everything in memory.
struct PoCJoiner {
    let window: Int64
    /// nil: unbounded (decide only at the end of both inputs).
    let slack: Int64?

    private struct Group {
        var payload: PayloadBytes
        var hash: UInt64 = 0
        var beaconHead: Int32 = -1
        var witnessHead: Int32 = -1
        var witnessTail: Int32 = -1
        var unresolved = 0
    }

    private var groupIndex = PayloadTable()
    private var groups: [Group] = []
    private var freeGroups: [Int32] = []

    // Pending beacons, struct-of-arrays: the heap and the nearest-beacon scans touch only times and links, never
    // the (large) reports (copying BeaconSlot structs in comparisons cost ~5 % of a run, measured).
    private var beaconReports: [BeaconReport?] = []
    private var beaconHotspots: [HotspotID?] = []
    private var beaconTimes: [Int64] = []
    private var beaconIndexes: [Int] = []
    private var beaconGroups: [Int32] = []
    private var beaconNext: [Int32] = []
    private var freeBeacons: [Int32] = []
    /// Min-heap of pending beacon slots by (time, input index).
    private var heap: [Int32] = []

    // Pending witnesses stay in the chunk they were read in: a slot records where (chunk, position), and a report
    // is moved out once, when a beacon takes it or it is swept as unmatched. (Copying each ~200-byte report into
    // the joiner and out again — with the retains and releases of its strings each time — was over a tenth of
    // the joining thread.)
    private struct HeldChunk {
        /// The chunk's items by line (a report already taken is replaced by a reject marker).
        var items: [ReadResult<WitnessReport>]
        /// Reports of `items` not yet taken; the chunk is released when it reaches 0.
        var pending: Int
    }

    private var chunks: [HeldChunk?] = []
    /// Where the items of each held chunk are, for ``prefetchReports(ofGroup:)`` (reaching them through
    /// `chunks` retained and released the chunk's array for each report).
    private var chunkItems: [UnsafeRawPointer?] = []
    private var freeChunks: [Int32] = []
    private var witnessChunks: [Int32] = []
    private var witnessPositions: [Int32] = []
    private var witnessHotspots: [HotspotID?] = []
    private var witnessTimes: [Int64] = []
    private var witnessNext: [Int32] = []
    private var witnessGroup: [Int32] = []
    private var witnessResolved: [Bool] = []
    private var freeWitnesses: [Int32] = []
    /// Unresolved-or-not-yet-popped witness slots in read order.
    private var fifo: [Int32] = []
    private var fifoHead = 0

    private var beaconFrontier = Int64.min / 4
    private var witnessFrontier = Int64.min / 4
    private(set) var beaconsDone = false
    private(set) var witnessesDone = false
    private var finalizedBeaconHigh = Int64.min / 4
    private var resolvedWitnessHigh = Int64.min / 4

    /// The largest number of witness reports held at once (for the memory report).
    private(set) var peakPendingWitnesses = 0
    private(set) var peakPendingBeacons = 0
    private var pendingWitnesses = 0
    /// The beacons decided by the current drain, in evaluation order.
    private var decided: [Int32] = []
    /// How many PoCs ahead of the one being finalized its reports are requested from memory.
    private static let prefetchDistance = 2
    /// The PoCs and witness reports of the last non-empty drain.
    private var lastBatchSize = (pocs: 16, witnesses: 128)

    init(windowMs: Int64, slackMs: Int64?) {
        precondition(windowMs >= 0)
        window = windowMs
        slack = slackMs
    }

    // MARK: Input

    /// Adds the next beacon report of the beacon file; `hotspot` is its beaconer's directory id.
    mutating func add(beacon: consuming BeaconReport, hotspot: HotspotID?, inputIndex: Int) throws(JoinOrderViolation) {
        let time = Int64(beacon.receivedTimestampMs)
        if slack != nil {
            if time < finalizedBeaconHigh {
                throw violation(
                    beacon.source,
                    "beacon received at \(time) ms arrives after beacons up to \(finalizedBeaconHigh) ms were verified"
                )
            }
            if time - window <= resolvedWitnessHigh {
                throw violation(
                    beacon.source,
                    "beacon received at \(time) ms arrives after witnesses up to \(resolvedWitnessHigh) ms were joined"
                )
            }
        }
        beaconFrontier = max(beaconFrontier, time)
        let group = groupID(for: beacon.data)
        let next = groups[Int(group)].beaconHead
        let id: Int32
        if let free = freeBeacons.popLast() {
            id = free
            beaconReports[Int(id)] = consume beacon
            beaconHotspots[Int(id)] = hotspot
            beaconTimes[Int(id)] = time
            beaconIndexes[Int(id)] = inputIndex
            beaconGroups[Int(id)] = group
            beaconNext[Int(id)] = next
        } else {
            id = Int32(beaconReports.count)
            beaconReports.append(consume beacon)
            beaconHotspots.append(hotspot)
            beaconTimes.append(time)
            beaconIndexes.append(inputIndex)
            beaconGroups.append(group)
            beaconNext.append(next)
        }
        groups[Int(group)].beaconHead = id
        heapPush(id)
        peakPendingBeacons = max(peakPendingBeacons, heap.count)
    }

    /// Adds the next witness report of the witness file; `hotspot` is its directory id.
    mutating func add(witness: WitnessReport, hotspot: HotspotID?) throws(JoinOrderViolation) {
        var rejects: [Reject] = []
        try add(witnesses: [.record(witness)], hotspots: [hotspot], rejects: &rejects)
    }

    /// Adds the items of the next chunk of the witness file; `hotspots[i]` is the directory id of `items[i]`, and
    /// `joinKeys` (when the reader gathered them) each item's received time and payload. Rejects are appended to
    /// `rejects`. The joiner holds on to the chunk itself until each of its reports has been taken, moving a report
    /// out of it only then (``ReadResult/takeRecord()``): with `joinKeys` it never touches a report before, and
    /// the ~200-byte reports are never copied into joiner storage and out again. `items`' storage must not be
    /// shared (or the first take copies the whole chunk).
    mutating func add(
        witnesses items: consuming [ReadResult<WitnessReport>],
        hotspots: [HotspotID?],
        joinKeys: PayloadJoinKeys? = nil,
        rejects: inout [Reject]
    ) throws(JoinOrderViolation) {
        precondition(items.count == hotspots.count, "one resolved hotspot per item")
        var arrivals: [(position: Int32, receivedMs: Int, group: Int32)] = []
        arrivals.reserveCapacity(items.count)
        if let keys = joinKeys, keys.count == items.count {
            for position in 0..<keys.count {
                let hash = keys.hashes[position]
                if hash != 0 {
                    let group = groupID(for: keys.payloads[position], hash: hash)
                    arrivals.append((Int32(position), keys.receivedMs[position], group))
                } else if case .reject(let reject) = items[position] {
                    rejects.append(reject)
                }
            }
        } else {
            for position in items.indices {
                switch items[position] {
                case .record(let report):
                    arrivals.append((Int32(position), report.receivedTimestampMs, groupID(for: report.data)))
                case .reject(let reject):
                    rejects.append(reject)
                }
            }
        }
        let chunk: Int32
        // (The address is only ever prefetched from, which cannot fault even when stale.)
        let itemsAddress = items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        if let free = freeChunks.popLast() {
            chunk = free
            chunks[Int(chunk)] = HeldChunk(items: items, pending: arrivals.count)
            chunkItems[Int(chunk)] = itemsAddress
        } else {
            chunk = Int32(chunks.count)
            chunks.append(HeldChunk(items: items, pending: arrivals.count))
            chunkItems.append(itemsAddress)
        }
        if arrivals.isEmpty { release(chunk: chunk) }
        for (count, arrival) in arrivals.enumerated() {
            do {
                try add(
                    arrival.receivedMs,
                    group: arrival.group,
                    chunk: chunk,
                    position: arrival.position,
                    hotspot: hotspots[Int(arrival.position)]
                )
            } catch {
                // The rest of the chunk never joins: drop it (the pass is abandoned and run again).
                chunks[Int(chunk)]?.pending -= arrivals.count - count
                if chunks[Int(chunk)]?.pending == 0 { release(chunk: chunk) }
                throw error
            }
        }
    }

    private mutating func add(
        _ receivedMs: Int,
        group: Int32,
        chunk: Int32,
        position: Int32,
        hotspot: HotspotID?
    ) throws(JoinOrderViolation) {
        let time = Int64(receivedMs)
        if slack != nil && time - window <= finalizedBeaconHigh {
            throw violation(
                chunks[Int(chunk)]?.items[Int(position)].record?.source,
                "witness received at \(time) ms arrives after beacons up to \(finalizedBeaconHigh) ms were verified"
            )
        }
        witnessFrontier = max(witnessFrontier, time)
        let id: Int32
        if let free = freeWitnesses.popLast() {
            id = free
            witnessChunks[Int(id)] = chunk
            witnessPositions[Int(id)] = position
            witnessHotspots[Int(id)] = hotspot
            witnessTimes[Int(id)] = time
            witnessNext[Int(id)] = -1
            witnessGroup[Int(id)] = group
            witnessResolved[Int(id)] = false
        } else {
            id = Int32(witnessTimes.count)
            witnessChunks.append(chunk)
            witnessPositions.append(position)
            witnessHotspots.append(hotspot)
            witnessTimes.append(time)
            witnessNext.append(-1)
            witnessGroup.append(group)
            witnessResolved.append(false)
        }
        let tail = groups[Int(group)].witnessTail
        if tail >= 0 { witnessNext[Int(tail)] = id } else { groups[Int(group)].witnessHead = id }
        groups[Int(group)].witnessTail = id
        groups[Int(group)].unresolved += 1
        fifo.append(id)
        pendingWitnesses += 1
        peakPendingWitnesses = max(peakPendingWitnesses, pendingWitnesses)
    }

    /// Starts loading the reports of a group's pending witnesses, which `finalize` will move out of their chunks.
    /// The chunks were written by the reader thread long before, so each report is a few cache misses; requested
    /// ``prefetchDistance`` PoCs ahead, they arrive while the PoCs before are finalized. (`mutating` only so that
    /// the call from `drain` does not copy the joiner, retaining and releasing every array it holds.)
    private mutating func prefetchReports(ofGroup groupID: Int) {
        var witness = groups[groupID].witnessHead
        var count = 0
        while witness >= 0 && count < 16 {
            if !witnessResolved[Int(witness)] {
                if let items = chunkItems[Int(witnessChunks[Int(witness)])] {
                    let position = Int(witnessPositions[Int(witness)])
                    CachePrefetch.element(items.assumingMemoryBound(to: ReadResult<WitnessReport>.self), position)
                }
                count += 1
            }
            witness = witnessNext[Int(witness)]
        }
    }

    /// The report of pending witness slot `id`, moved out of its chunk (released once its last report is taken).
    private mutating func takeReport(_ id: Int32) -> WitnessReport {
        let chunk = Int(witnessChunks[Int(id)])
        guard let report = chunks[chunk]?.items[Int(witnessPositions[Int(id)])].takeRecord() else {
            preconditionFailure("a pending witness slot points at a report of a held chunk")
        }
        chunks[chunk]?.pending -= 1
        if chunks[chunk]?.pending == 0 { release(chunk: Int32(chunk)) }
        return report
    }

    private mutating func release(chunk: Int32) {
        chunks[Int(chunk)] = nil
        chunkItems[Int(chunk)] = nil
        freeChunks.append(chunk)
    }

    mutating func finishBeacons() { beaconsDone = true }
    mutating func finishWitnesses() { witnessesDone = true }

    /// Whether more beacons should be read before more witnesses (keeps the beacon file ahead by a window).
    func wantsBeacons() -> Bool {
        if beaconsDone { return false }
        if witnessesDone { return true }
        return beaconFrontier <= witnessFrontier &+ window
    }

    // MARK: Output

    /// Emits every PoC that can be decided now, in evaluation order, and every witness that can no longer join a
    /// beacon. `ready` and `unmatched` are called in a deterministic order. (Each PoC on its own; the pipeline
    /// takes them in batches, ``drain(into:unmatched:)``.)
    mutating func drain(
        ready: (consuming JoinedPoC) throws(PipelineFailure) -> Void,
        unmatched: (WitnessReport, HotspotID?) throws(PipelineFailure) -> Void
    ) throws(PipelineFailure) {
        var batch = PoCBatch()
        try drain(into: &batch, unmatched: unmatched)
        for index in batch.pocs.indices { try ready(batch.joined(index)) }
    }

    /// ``drain(ready:unmatched:)`` appending the PoCs to `batch`: each PoC's witness reports are moved out of their
    /// chunks straight into the batch's one array of reports.
    mutating func drain(
        into batch: inout PoCBatch,
        unmatched: (WitnessReport, HotspotID?) throws(PipelineFailure) -> Void
    ) throws(PipelineFailure) {
        // The decidable beacons first, in evaluation order (finalizing one changes neither the frontiers nor the
        // heap), so that the reports of a PoC a few ahead can be requested while this one is finalized.
        decided.removeAll(keepingCapacity: true)
        while let top = heap.first, canDecide(beacon: beaconTimes[Int(top)]) {
            heapPop()
            decided.append(top)
        }
        if !decided.isEmpty && batch.pocs.isEmpty {
            // Room for as many PoCs and reports as the last batch had (beacons arrive at a steady rate).
            batch.pocs.reserveCapacity(lastBatchSize.pocs)
            batch.reports.reserveCapacity(lastBatchSize.witnesses)
            batch.hotspots.reserveCapacity(lastBatchSize.witnesses)
        }
        for position in decided.indices {
            if position == 0 {
                for ahead in 0..<min(PoCJoiner.prefetchDistance, decided.count) {
                    prefetchReports(ofGroup: Int(beaconGroups[Int(decided[ahead])]))
                }
            }
            if position + PoCJoiner.prefetchDistance < decided.count {
                prefetchReports(ofGroup: Int(beaconGroups[Int(decided[position + PoCJoiner.prefetchDistance])]))
            }
            finalize(decided[position], into: &batch)
        }
        if !batch.pocs.isEmpty { lastBatchSize = (batch.pocs.count, batch.reports.count) }
        try sweepUnmatched(unmatched)
    }

    private func canDecide(beacon time: Int64) -> Bool {
        guard let slack else { return beaconsDone && witnessesDone }
        let beaconsPassed = beaconsDone || beaconFrontier - slack > time &+ 2 * window
        let witnessesPassed = witnessesDone || witnessFrontier - slack > time &+ window
        return beaconsPassed && witnessesPassed
    }

    private mutating func finalize(_ id: Int32, into batch: inout PoCBatch) {
        let time = beaconTimes[Int(id)]
        let groupID = Int(beaconGroups[Int(id)])
        // Unlink the beacon from its group.
        var previous: Int32 = -1
        var cursor = groups[groupID].beaconHead
        while cursor >= 0 && cursor != id {
            previous = cursor
            cursor = beaconNext[Int(cursor)]
        }
        if previous >= 0 {
            beaconNext[Int(previous)] = beaconNext[Int(id)]
        } else {
            groups[groupID].beaconHead = beaconNext[Int(id)]
        }
        let report = beaconReports[Int(id)].take()
        let inputIndex = beaconIndexes[Int(id)]
        freeBeacons.append(id)
        finalizedBeaconHigh = max(finalizedBeaconHigh, time)

        // Take every witness of the group for which this beacon is the nearest (ties: this one, evaluated first).
        let firstWitness = batch.reports.count
        var keptPrevious: Int32 = -1
        var witness = groups[groupID].witnessHead
        while witness >= 0 {
            let next = witnessNext[Int(witness)]
            var take = false
            if !witnessResolved[Int(witness)] {
                let at = witnessTimes[Int(witness)]
                let distance = abs(at - time)
                if distance <= window {
                    take = true
                    var other = groups[groupID].beaconHead
                    while other >= 0 {
                        if abs(beaconTimes[Int(other)] - at) < distance {
                            take = false
                            break
                        }
                        other = beaconNext[Int(other)]
                    }
                }
                if take {
                    batch.reports.append(takeReport(witness))
                    batch.hotspots.append(witnessHotspots[Int(witness)])
                    resolvedWitnessHigh = max(resolvedWitnessHigh, at)
                }
            }
            if take {
                witnessResolved[Int(witness)] = true
                groups[groupID].unresolved -= 1
                pendingWitnesses -= 1
                if keptPrevious >= 0 {
                    witnessNext[Int(keptPrevious)] = next
                } else {
                    groups[groupID].witnessHead = next
                }
                if next < 0 { groups[groupID].witnessTail = keptPrevious }
            } else {
                keptPrevious = witness
            }
            witness = next
        }
        releaseGroupIfEmpty(Int32(groupID))
        guard let report else { preconditionFailure("a pending beacon slot holds its report") }
        batch.appendPoC(
            beacon: report,
            beaconer: beaconHotspots[Int(id)],
            inputIndex: inputIndex,
            firstWitness: firstWitness
        )
    }

    private mutating func sweepUnmatched(_ unmatched: (WitnessReport, HotspotID?) throws(PipelineFailure) -> Void)
        throws(PipelineFailure)
    {
        while fifoHead < fifo.count {
            let id = fifo[fifoHead]
            if !witnessResolved[Int(id)] {
                let time = witnessTimes[Int(id)]
                let beaconsPassed: Bool
                if let slack {
                    beaconsPassed = beaconsDone || beaconFrontier - slack > time &+ window
                } else {
                    beaconsPassed = beaconsDone && witnessesDone && heap.isEmpty
                }
                guard beaconsPassed else { break }
                let groupID = Int(witnessGroup[Int(id)])
                // A pending beacon within the window will still take it.
                var candidate = groups[groupID].beaconHead
                var waiting = false
                while candidate >= 0 {
                    if abs(beaconTimes[Int(candidate)] - time) <= window {
                        waiting = true
                        break
                    }
                    candidate = beaconNext[Int(candidate)]
                }
                if waiting { break }
                try unmatched(takeReport(id), witnessHotspots[Int(id)])
                resolvedWitnessHigh = max(resolvedWitnessHigh, time)
                unlinkWitness(id, group: groupID)
                witnessResolved[Int(id)] = true
                groups[groupID].unresolved -= 1
                pendingWitnesses -= 1
                releaseGroupIfEmpty(Int32(groupID))
            }
            freeWitnesses.append(id)
            fifoHead += 1
        }
        if fifoHead > 4096 && fifoHead * 2 > fifo.count {
            fifo.removeFirst(fifoHead)
            fifoHead = 0
        }
    }

    private mutating func unlinkWitness(_ id: Int32, group: Int) {
        var previous: Int32 = -1
        var cursor = groups[group].witnessHead
        while cursor >= 0 && cursor != id {
            previous = cursor
            cursor = witnessNext[Int(cursor)]
        }
        guard cursor == id else { return }
        let next = witnessNext[Int(id)]
        if previous >= 0 { witnessNext[Int(previous)] = next } else { groups[group].witnessHead = next }
        if groups[group].witnessTail == id { groups[group].witnessTail = previous }
    }

    // MARK: Groups

    private mutating func groupID(for payload: PayloadBytes) -> Int32 {
        groupID(for: payload, hash: PayloadTable.hash(payload))
    }

    private mutating func groupID(for payload: PayloadBytes, hash: UInt64) -> Int32 {
        let existing = groups.withUnsafeBufferPointer { groups in
            groupIndex.value(hash: hash) { groups[Int($0)].payload == payload }
        }
        if let existing { return existing }
        let id: Int32
        if let free = freeGroups.popLast() {
            id = free
            groups[Int(id)] = Group(payload: payload, hash: hash)
        } else {
            id = Int32(groups.count)
            groups.append(Group(payload: payload, hash: hash))
        }
        groupIndex.insert(hash: hash, value: id)
        return id
    }

    private mutating func releaseGroupIfEmpty(_ id: Int32) {
        // (The fields are read in place: binding the group copied it, retaining its payload.)
        guard groups[Int(id)].beaconHead < 0 && groups[Int(id)].unresolved == 0 else { return }
        groupIndex.remove(hash: groups[Int(id)].hash, value: id)
        groups[Int(id)] = Group(payload: PayloadBytes())
        freeGroups.append(id)
    }

    // MARK: Heap of pending beacons by (time, input index)

    @inline(__always)
    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let tx = beaconTimes[Int(a)]
        let ty = beaconTimes[Int(b)]
        return tx != ty ? tx < ty : beaconIndexes[Int(a)] < beaconIndexes[Int(b)]
    }

    private mutating func heapPush(_ id: Int32) {
        heap.append(id)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func heapPop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            var best = left
            if left + 1 < heap.count && precedes(heap[left + 1], heap[left]) { best = left + 1 }
            guard precedes(heap[best], heap[parent]) else { break }
            heap.swapAt(best, parent)
            parent = best
        }
    }

    private func violation(_ source: SourceLocation?, _ detail: String) -> JoinOrderViolation {
        JoinOrderViolation(source: source?.description ?? "?", detail: detail)
    }
}

extension ReadResult {
    /// Moves the record out of this item, leaving a reject marker in its place (nil for a reject). Moving keeps
    /// the record's strings from being retained and released again.
    mutating func takeRecord() -> Record? {
        switch consume self {
        case .record(let record):
            self = .reject(Reject(source: SourceLocation(file: "", line: 0), error: "", text: ""))
            return record
        case .reject(let reject):
            self = .reject(reject)
            return nil
        }
    }
}
