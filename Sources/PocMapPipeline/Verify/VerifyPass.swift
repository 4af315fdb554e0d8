import PocMapCore
import PocMapIO

/// One pass of a verify job over the inputs (a second pass runs only when the first meets out-of-order input).
struct VerifyPass {
    let options: VerifyOptions
    let names: (hotspots: String, beacons: String, witnesses: String)
    let registry: HotspotRegistry
    let directory: HotspotDirectory
    let slack: Int64?
    let start: Double
    var timings: VerifyTimings
    var orderViolation: JoinOrderViolation?
    /// The input sources when the job started them early (``startSources(options:names:directory:)``); the pass
    /// opens its own otherwise.
    var startedSources: StartedSources?

    init(
        options: VerifyOptions,
        names: (hotspots: String, beacons: String, witnesses: String),
        registry: HotspotRegistry,
        directory: HotspotDirectory,
        slack: Int64?,
        start: Double,
        timings: VerifyTimings
    ) {
        self.options = options
        self.names = names
        self.registry = registry
        self.directory = directory
        self.slack = slack
        self.start = start
        self.timings = timings
    }

    // swiftlint-style note: one long function keeps the hot loop's state in locals.
    mutating func run() throws(PipelineFailure) -> VerifyReport {
        let background = options.threads >= 2
        let commit: OutputCommit
        let verdictSink: ByteSink
        let unmatchedSink: ByteSink
        let rejectSink: ByteSink
        let beaconRejectSink: ByteSink
        let witnessRejectSink: ByteSink
        let hotspotSink: ByteSink
        var rewardSink: ByteSink?
        var stateSink: ByteSink?
        let summarySink: ByteSink
        do throws(OutputError) {
            commit = try OutputCommit(directory: options.outputDirectory)
            // Direct writes wait for the device on a thread of their own: only when threads are allowed.
            verdictSink = try commit.create("verdicts.ndjson", directWrites: background)
            rejectSink = try commit.create("rejects.ndjson")
            hotspotSink = try commit.create("hotspots.csv")
            if options.emissionsBones != nil { rewardSink = try commit.create("rewards.csv") }
            if options.stateOutputPath == nil { stateSink = try commit.create("state.txt") }
            summarySink = try commit.create("summary.json")
            unmatchedSink = try commit.createScratch("unmatched")
            beaconRejectSink = try commit.createScratch("beacon-rejects")
            witnessRejectSink = try commit.createScratch("witness-rejects")
        } catch {
            throw .output(error)
        }

        // Inputs (already reading when the job started them before loading the registry).
        let beaconSource: ChunkSource<BeaconReport>
        let witnessSource: ChunkSource<WitnessReport>
        let recycler: Recycler<FormatterStage.Item>
        let batchPool: Pool<PoCBatch>
        if let sources = startedSources {
            (beaconSource, witnessSource, recycler, batchPool) = sources
            startedSources = nil
        } else {
            let ready = Promise<HotspotDirectory>()
            ready.fulfill(directory)
            do throws(InputError) {
                (beaconSource, witnessSource, recycler, batchPool) = try VerifyPass.startSources(
                    options: options,
                    names: names,
                    directory: ready
                )
            } catch {
                throw .input(error)
            }
        }
        defer {
            beaconSource.cancel()
            witnessSource.cancel()
        }

        let formatter = FormatterStage(
            formatter: VerdictFormatter(
                beaconFile: names.beacons,
                witnessFile: names.witnesses,
                keys: HotspotKeyText(directory)
            ),
            observer: options.observer,
            verdicts: verdictSink,
            unmatched: unmatchedSink,
            hotspotCount: directory.count,
            background: background,
            recycler: recycler
        )
        var formatterFinished = false
        defer { if !formatterFinished { formatter.cancel() } }

        // Verification state.
        var configuration = PoCVerifierConfiguration(profile: options.profile)
        configuration.checksReciprocity = options.reciprocity != .notChecked
        let stage = VerifyStage(
            verifier: PoCVerifier(
                configuration: configuration,
                hotspots: directory,
                denylist: options.denylist,
                state: options.initialState ?? VerifierState()
            ),
            density: DensitySchedule(parameters: options.density),
            recordsShares: options.emissionsBones != nil,
            formatter: formatter,
            background: background
        )
        var stageFinished = false
        defer { if !stageFinished { stage.cancel() } }
        var joiner = PoCJoiner(windowMs: options.joinWindowMs, slackMs: slack)
        var beaconIndex = 0
        var beaconRejects = 0
        var witnessRejects = 0
        var beaconsRead = 0
        var witnessesRead = 0
        var lastProgress = start
        let mainCPUStart = threadCPUSeconds()

        func writeRejects(_ rejects: [Reject], to sink: ByteSink) throws(PipelineFailure) {
            guard !rejects.isEmpty else { return }
            var text = ""
            for reject in rejects {
                text += RejectWriter.jsonLine(for: reject)
                text += "\n"
            }
            do { try sink.write(text) } catch { throw .output(error) }
        }

        do throws(PipelineFailure) {
            while !(joiner.beaconsDone && joiner.witnessesDone) {
                if let isCancelled = options.isCancelled, isCancelled() { throw .cancelled }
                if joiner.wantsBeacons() {
                    var next: ResolvedChunk<BeaconReport>?
                    do { next = try beaconSource.next() } catch { throw .input(error) }
                    var rejects: [Reject] = []
                    if var resolved = next.take() {
                        // Each report is moved out of the chunk into the joiner (binding it copies it).
                        var items: [ReadResult<BeaconReport>] = []
                        swap(&items, &resolved.chunk.items)
                        beaconsRead += items.count
                        for position in items.indices {
                            if let beacon = items[position].takeRecord() {
                                do {
                                    try joiner.add(
                                        beacon: beacon,
                                        hotspot: resolved.hotspots[position],
                                        inputIndex: beaconIndex
                                    )
                                } catch {
                                    throw .order(error)
                                }
                                beaconIndex += 1
                            } else if case .reject(let reject) = items[position] {
                                rejects.append(reject)
                            }
                        }
                    } else {
                        joiner.finishBeacons()
                    }
                    beaconRejects += rejects.count
                    try writeRejects(rejects, to: beaconRejectSink)
                } else {
                    var next: ResolvedChunk<WitnessReport>?
                    do { next = try witnessSource.next() } catch { throw .input(error) }
                    var rejects: [Reject] = []
                    if var resolved = next.take() {
                        witnessesRead += resolved.chunk.items.count
                        var items: [ReadResult<WitnessReport>] = []
                        swap(&items, &resolved.chunk.items)
                        do {
                            try joiner.add(
                                witnesses: items,
                                hotspots: resolved.hotspots,
                                joinKeys: resolved.chunk.joinKeys,
                                rejects: &rejects
                            )
                        } catch {
                            throw .order(error)
                        }
                    } else {
                        joiner.finishWitnesses()
                    }
                    witnessRejects += rejects.count
                    try writeRejects(rejects, to: witnessRejectSink)
                }
                var batch = VerifyStage.Batch(pocs: batchPool.take() ?? PoCBatch())
                try joiner.drain(
                    into: &batch.pocs,
                    unmatched: { (report: WitnessReport, hotspot: HotspotID?) throws(PipelineFailure) in
                        // Rare: such a report is verified on its own, by key; it gets its key string back.
                        var report = report
                        if report.pubKey.isEmpty, let hotspot { report.pubKey = directory.hotspots[hotspot.index].key }
                        batch.unmatched.append(report)
                    }
                )
                if batch.pocs.isEmpty {
                    // Nothing decided: the (recycled) batch storage goes straight back to the pool.
                    var unused = PoCBatch()
                    swap(&unused, &batch.pocs)
                    batchPool.put(unused)
                }
                stage.submit(batch)
                // Without threads the batch was written just now: its storage goes back to the pool at once (the
                // witness reader thread does this otherwise).
                if !background { recycler.drain() }
                if let progress = options.progress {
                    let now = monotonicSeconds()
                    if now - lastProgress >= 1 {
                        lastProgress = now
                        progress(
                            VerifyProgress(
                                witnessesRead: witnessesRead,
                                beaconsRead: beaconsRead,
                                elapsedSeconds: now - start
                            )
                        )
                    }
                }
            }
        } catch {
            commit.abort()
            throw error
        }
        let joinCPU = threadCPUSeconds() - mainCPUStart
        stageFinished = true
        stage.finish()
        let verifier = stage.verifier
        let density = stage.density
        let ledger = stage.ledger
        formatterFinished = true
        if let failure = formatter.finish() {
            commit.abort()
            throw .output(failure)
        }
        timings.parseBeacons = beaconSource.parseSeconds
        timings.parseWitnesses = witnessSource.parseSeconds
        timings.formatAndWrite = formatter.cpuSeconds
        timings.density = density.seconds
        // Thread CPU time of the joining thread and of the verify stage, without parsing, formatting and density.
        // Without threads everything ran on this thread: the stage's time (formatting included) is inside joinCPU.
        if background {
            timings.join = joinCPU
            timings.verify = max(0, stage.cpuSeconds - density.seconds)
        } else {
            timings.join = max(0, joinCPU - timings.parseBeacons - timings.parseWitnesses - stage.cpuSeconds)
            timings.verify = max(0, stage.cpuSeconds - density.seconds - timings.formatAndWrite)
        }
        timings.joinAndVerify = timings.join + timings.verify
        let tally = formatter.tally

        // Finish the files.
        let finishStart = monotonicSeconds()
        // hotspots.csv is rendered on its own thread while this one encodes the state and copies the scratch files.
        let active = density.activeAtLastMap(directory: directory, verifier: verifier)
        let hotspotsCSV = BackgroundResult { [directory, density] in
            HotspotsCSV.render(directory: directory, tally: tally, density: density, active: active)
        }
        let state = verifier.state
        let stateText = state.encodedText()
        let counts = VerifyCounts(
            hotspots: registry.files.first ?? FileCounters(file: names.hotspots),
            beacons: beaconSource.counters,
            witnesses: witnessSource.counters,
            hotspotRows: registry.count,
            duplicateHotspots: registry.duplicateKeys.count,
            hotspotRejectLines: registry.rejects.count,
            beaconRejectLines: beaconRejects,
            witnessRejectLines: witnessRejects
        )
        do throws(OutputError) {
            try verdictSink.append(contentsOf: unmatchedSink)
            var rejectText = ""
            for reject in registry.rejects {
                rejectText += RejectWriter.jsonLine(for: reject)
                rejectText += "\n"
            }
            try rejectSink.write(rejectText)
            try rejectSink.append(contentsOf: beaconRejectSink)
            try rejectSink.append(contentsOf: witnessRejectSink)
            try hotspotSink.write(hotspotsCSV.value())
            var payouts: [EpochPayout] = []
            if let emissions = options.emissionsBones, let rewardSink {
                for epoch in ledger.epochs {
                    do {
                        payouts.append(try ledger.payout(epoch: epoch, emissionsBones: emissions))
                    } catch {
                        throw OutputError(path: rewardSink.path, message: "epoch \(epoch): \(error)")
                    }
                }
                try rewardSink.write(RewardsCSV.render(payouts))
            }
            if let stateSink { try stateSink.write(stateText) }
            let accounting = counts.accounting(tally: tally)
            timings.wall = monotonicSeconds() - start
            let summary = VerifySummary(
                options: options,
                names: names,
                counts: counts,
                tally: tally,
                density: density,
                directory: directory,
                registry: registry,
                stateKeys: state.count,
                activeHotspots: active.reduce(0) { $1 ? $0 + 1 : $0 },
                payouts: payouts,
                accounting: accounting,
                orderViolation: orderViolation,
                wallSeconds: monotonicSeconds() - start
            ).rendered()
            try summarySink.write(summary)
            try commit.commit()
            if let path = options.stateOutputPath {
                try StateOutput.write(stateText, to: path)
            }
            timings.finish = monotonicSeconds() - finishStart
            timings.wall = monotonicSeconds() - start
            return VerifyReport(
                summaryJSON: summary,
                beacons: tally.beaconTotal,
                witnesses: tally.witnessTotal,
                rejected: counts.hotspotRejectLines + beaconRejects + witnessRejects,
                accountingHolds: accounting.holds,
                usedUnboundedJoin: slack == nil,
                orderViolation: orderViolation?.description,
                accountingFailure: accounting.holds ? nil : accounting.message,
                timings: timings,
                peakPending: (joiner.peakPendingBeacons, joiner.peakPendingWitnesses)
            )
        } catch {
            commit.abort()
            throw .output(error)
        }
    }
}

extension VerifyPass {
    /// Opens the beacon and witness files and starts reading them (on their own threads when the options allow
    /// two or more). Keys are looked up once `directory` is fulfilled; until then a reader thread parses ahead
    /// (up to ``parseAheadChunks`` chunks) so that reading overlaps loading the registry.
    /// The input sources of a pass, reading; the recycler through which the formatter hands its batches back
    /// to the witness reader thread to be destroyed there (``Recycler``); and the pool where that thread leaves
    /// the emptied PoC batches for the joiner to fill again.
    typealias StartedSources = (
        beacons: ChunkSource<BeaconReport>,
        witnesses: ChunkSource<WitnessReport>,
        recycler: Recycler<FormatterStage.Item>,
        batches: Pool<PoCBatch>
    )

    /// How many chunks each reader parses while the registry loads. With 32 both readers were done ≈ 0.1 s
    /// before the registry on the 100k-hotspot day, leaving a core idle; 64 (≈ 640,000 witness reports, ≈ 250 MB)
    /// keeps it busy there and shortens the idle start of larger days.
    static let parseAheadChunks = 64

    /// The most witness reports a batch may have room for to be kept for reuse (≈ 15 MB with its verdicts).
    static let largestPooledBatch = 1 << 15

    /// Empties a written batch of PoCs (on the witness reader thread, which allocated most of what its reports
    /// hold) and keeps its storage for the joiner.
    private static func recycle(_ item: consuming FormatterStage.Item, into pool: Pool<PoCBatch>) {
        switch consume item {
        case .pocs(var batch):
            // An unusually large batch (the start of a run decides many PoCs at once) is let go rather than kept
            // at its size for the rest of the run.
            guard batch.reports.capacity <= VerifyPass.largestPooledBatch else { return }
            batch.removeAll()
            pool.put(batch)
        case .unmatched:
            break
        }
    }

    static func startSources(
        options: VerifyOptions,
        names: (hotspots: String, beacons: String, witnesses: String),
        directory: Promise<HotspotDirectory>
    ) throws(InputError) -> StartedSources {
        let background = options.threads >= 2
        var beaconOptions = ReaderOptions(format: options.format, chunkSize: options.chunkSizes.beacons)
        beaconOptions.sourceName = names.beacons
        var witnessOptions = ReaderOptions(format: options.format, chunkSize: options.chunkSizes.witnesses)
        witnessOptions.sourceName = names.witnesses
        // Known hotspots' keys are taken from the directory (the formatter writes them from ``HotspotKeyText``).
        witnessOptions.defersKeys = true
        // As many batches as can be in flight (two queues of three, one being verified, one being written).
        let batches = Pool<PoCBatch>(capacity: 8)
        let recycler = Recycler<FormatterStage.Item> { item in recycle(item, into: batches) }
        func source<Record: KeyedReport>(
            _ reader: RecordReader<Record>,
            beforeEachChunk: (@Sendable () -> Void)? = nil,
            afterLastChunk: (@Sendable () -> Void)? = nil
        ) -> ChunkSource<Record> {
            ChunkSource(
                reader: reader,
                background: background,
                resolve: { chunk in
                    // nil when the job gave up before the directory existed: the chunk is never used then.
                    guard let directory = directory.wait() else { return chunk.items.map { _ in nil } }
                    let hotspots = directory.ids(forKeysOf: chunk)
                    Record.restoreKeys(in: &chunk, unresolved: hotspots)
                    return hotspots
                },
                canResolve: { directory.isSettled },
                parseAhead: VerifyPass.parseAheadChunks,
                beforeEachChunk: beforeEachChunk,
                afterLastChunk: afterLastChunk
            )
        }
        let beaconReader = try BeaconReader(path: options.beaconsPath, options: beaconOptions)
        let witnessReader = try WitnessReader(path: options.witnessesPath, options: witnessOptions)
        return (
            source(beaconReader),
            source(witnessReader, beforeEachChunk: { recycler.drain() }, afterLastChunk: { recycler.close() }),
            recycler,
            batches
        )
    }
}

/// Writes a state file atomically outside the output directory (`--state-out`).
enum StateOutput {
    static func write(_ text: String, to path: String) throws(OutputError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let directory = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
        let commit = try OutputCommit(directory: directory.isEmpty ? "/" : directory)
        let sink = try commit.create(String(parts.last ?? ""))
        try sink.write(text)
        try commit.commit()
    }
}
