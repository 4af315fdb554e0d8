/// A LoRa spreading factor as Helium's `region_spreading` protobuf enum numbers it
/// (helium/proto `blockchain_region_param_v1.proto`; POC-RULES §8).
public enum RegionSpreading: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `SF_INVALID`: a plan entry that can never be selected into a data rate.
    case invalid = 0
    case sf7 = 1
    case sf8 = 2
    case sf9 = 3
    case sf10 = 4
    case sf11 = 5
    case sf12 = 6

    /// The LoRa spreading factor 7…12, or nil for ``invalid``.
    public var spreadingFactor: Int? { self == .invalid ? nil : rawValue + 6 }

    /// Helium's name: `SF7` … `SF12`, or `SF_INVALID`.
    public var description: String {
        spreadingFactor.map { "SF\($0)" } ?? "SF_INVALID"
    }

    /// Parses `SF7` … `SF12` or `SF_INVALID` (ASCII case ignored); nil for anything else.
    public init?(name: String) {
        let upper = name.uppercased()
        guard let match = RegionSpreading.allCases.first(where: { $0.description == upper }) else { return nil }
        self = match
    }
}

/// One tagged spreading entry of a channel: the spreading factor allowed for packets up to `maxPacketSize` bytes.
public struct TaggedSpreading: Hashable, Sendable {
    /// The spreading factor of this entry.
    public var spreading: RegionSpreading
    /// The largest packet (bytes) this spreading factor may carry.
    public var maxPacketSize: Int

    /// Creates an entry.
    public init(_ spreading: RegionSpreading, maxPacketSize: Int) {
        self.spreading = spreading
        self.maxPacketSize = maxPacketSize
    }
}

/// One channel of a region plan (Helium `blockchain_region_param_v1`).
public struct RegionChannel: Hashable, Sendable {
    /// Channel centre frequency in Hz.
    public var frequencyHz: Int
    /// Channel bandwidth in Hz.
    public var bandwidthHz: Int
    /// Maximum EIRP in tenths of dBm (the proto comment says "dBi x 10"; it is dBm × 10 in practice).
    public var maxEIRPTenthsDBm: Int
    /// The tagged spreading list, in stored order (the order matters for data-rate selection).
    public var spreading: [TaggedSpreading]

    /// Creates a channel.
    public init(frequencyHz: Int, bandwidthHz: Int, maxEIRPTenthsDBm: Int, spreading: [TaggedSpreading]) {
        self.frequencyHz = frequencyHz
        self.bandwidthHz = bandwidthHz
        self.maxEIRPTenthsDBm = maxEIRPTenthsDBm
        self.spreading = spreading
    }
}

/// Why a region plan could not produce a beacon parameter (helium/proto `beacon/src/region.rs` errors).
public enum RegionPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plan has no channels.
    case noChannels
    /// No tagged spreading of the first channel carries a packet of this many bytes.
    case noSpreadingForPacketSize(Int)
    /// The selected spreading and the first channel's bandwidth name no Helium data rate
    /// (for example `SF_INVALID`, or a bandwidth other than 125, 250 or 500 kHz).
    case noDataRate(spreading: RegionSpreading, bandwidthHz: Int)
    /// max(max_eirp) − gain, truncated, is negative: the asserted gain is too high for the plan.
    case negativeConductedPower(maxEIRPTenthsDBm: Int, gainTenthsDBi: Int)

    /// One line that says what went wrong and what to do.
    public var description: String {
        switch self {
        case .noChannels:
            "the region plan has no channels; load a complete plan with --regions"
        case .noSpreadingForPacketSize(let size):
            "no spreading factor of the plan's first channel carries a \(size)-byte packet"
        case .noDataRate(let spreading, let bandwidth):
            "\(spreading) at \(bandwidth) Hz bandwidth is not a Helium data rate; check the plan"
        case .negativeConductedPower(let eirp, let gain):
            "asserted gain \(gain) (dBi x 10) exceeds the plan's max EIRP \(eirp) (dBm x 10): no conducted power left"
        }
    }
}

/// A LoRaWAN region plan as Helium's beacon code uses it (POC-RULES §8): an **ordered** list of channels.
public struct RegionPlan: Hashable, Sendable {
    /// The plan's region.
    public var region: RegionName
    /// The channels in stored order (the beacon frequency is picked by index into this list).
    public var channels: [RegionChannel]

    /// Creates a plan.
    public init(region: RegionName, channels: [RegionChannel]) {
        self.region = region
        self.channels = channels
    }

    /// The data rate for a packet of `packetSize` bytes: in the **first** channel's spreading list, the first
    /// entry whose `maxPacketSize` ≥ `packetSize`, named `SF{n}BW{bandwidth/1000}` with the first channel's
    /// bandwidth (helium/proto `RegionParams::select_datarate`).
    public func dataRate(forPacketSize packetSize: Int) throws(RegionPlanError) -> DataRate {
        guard let first = channels.first else { throw .noChannels }
        guard let entry = first.spreading.first(where: { $0.maxPacketSize >= packetSize }) else {
            throw .noSpreadingForPacketSize(packetSize)
        }
        guard let factor = entry.spreading.spreadingFactor,
            let rate = DataRate(name: "SF\(factor)BW\(first.bandwidthHz / 1000)")
        else {
            throw .noDataRate(spreading: entry.spreading, bandwidthHz: first.bandwidthHz)
        }
        return rate
    }

    /// The largest `max_eirp` over all channels, in tenths of dBm.
    public var maxEIRPTenthsDBm: Int? { channels.map(\.maxEIRPTenthsDBm).max() }

    /// The maximum conducted power in whole dBm: trunc(max(max_eirp)/10 − gain/10), an exact decimal difference
    /// truncated toward zero (helium/proto `RegionParams::max_conducted_power`). A result of −0.x truncates to 0
    /// and is accepted; a negative whole result is an error.
    public func maxConductedPowerDBm(gainTenthsDBi: Int) throws(RegionPlanError) -> Int {
        guard let maxEIRP = maxEIRPTenthsDBm else { throw .noChannels }
        // (a/10 − g/10) is exactly (a − g)/10; Swift's integer division truncates toward zero like Decimal::trunc.
        let power = (maxEIRP - gainTenthsDBi) / 10
        guard power >= 0 else {
            throw .negativeConductedPower(maxEIRPTenthsDBm: maxEIRP, gainTenthsDBi: gainTenthsDBi)
        }
        return power
    }
}

extension RegionPlan {
    /// The "AU list" of POC-RULES §8: 25→SF12, 25→SF11, 25→SF10, 67→SF9, 139→SF8, 256→SF7.
    private static let auSpreading: [TaggedSpreading] = [
        TaggedSpreading(.sf12, maxPacketSize: 25), TaggedSpreading(.sf11, maxPacketSize: 25),
        TaggedSpreading(.sf10, maxPacketSize: 25), TaggedSpreading(.sf9, maxPacketSize: 67),
        TaggedSpreading(.sf8, maxPacketSize: 139), TaggedSpreading(.sf7, maxPacketSize: 256),
    ]

    private static func plan(
        _ name: String,
        frequenciesHz: [Int],
        maxEIRP: Int,
        spreading: [TaggedSpreading]
    ) -> RegionPlan? {
        guard let region = RegionName(name) else { return nil }
        let channels = frequenciesHz.map {
            RegionChannel(frequencyHz: $0, bandwidthHz: 125_000, maxEIRPTenthsDBm: maxEIRP, spreading: spreading)
        }
        return RegionPlan(region: region, channels: channels)
    }

    private static func steps(from start: Int, count: Int, step: Int = 200_000) -> [Int] {
        (0..<count).map { start + $0 * step }
    }

    /// The default plans of POC-RULES §8 (blockchain-core `test/blockchain_region_test.hrl`, 125 kHz channels;
    /// EU433 with its true 433.x MHz frequencies). `--regions` files take precedence over these.
    /// Transcription listed in /work/coord/notice-poc.md.
    public static let defaultPlans: [RegionName: RegionPlan] = {
        let us915Spreading = [
            TaggedSpreading(.sf10, maxPacketSize: 25), TaggedSpreading(.sf9, maxPacketSize: 67),
            TaggedSpreading(.sf8, maxPacketSize: 139), TaggedSpreading(.sf7, maxPacketSize: 256),
        ]
        let eu868Spreading = [
            TaggedSpreading(.sf12, maxPacketSize: 65), TaggedSpreading(.sf9, maxPacketSize: 129),
            TaggedSpreading(.sf8, maxPacketSize: 238),
        ]
        let plans: [RegionPlan?] = [
            plan("US915", frequenciesHz: steps(from: 903_900_000, count: 8), maxEIRP: 360, spreading: us915Spreading),
            plan("EU868", frequenciesHz: steps(from: 867_100_000, count: 8), maxEIRP: 161, spreading: eu868Spreading),
            plan("AU915", frequenciesHz: steps(from: 916_800_000, count: 8), maxEIRP: 300, spreading: auSpreading),
            plan("AS923_1", frequenciesHz: steps(from: 923_200_000, count: 8), maxEIRP: 160, spreading: auSpreading),
            plan("AS923_1B", frequenciesHz: steps(from: 922_000_000, count: 8), maxEIRP: 160, spreading: auSpreading),
            plan("AS923_2", frequenciesHz: steps(from: 921_400_000, count: 8), maxEIRP: 160, spreading: auSpreading),
            plan("AS923_3", frequenciesHz: steps(from: 916_600_000, count: 8), maxEIRP: 160, spreading: auSpreading),
            plan("AS923_4", frequenciesHz: steps(from: 917_300_000, count: 8), maxEIRP: 160, spreading: auSpreading),
            plan("KR920", frequenciesHz: steps(from: 922_100_000, count: 7), maxEIRP: 140, spreading: auSpreading),
            plan(
                "IN865",
                frequenciesHz: [865_062_500, 865_402_500, 865_985_000],
                maxEIRP: 300,
                spreading: auSpreading
            ),
            plan(
                "RU864",
                frequenciesHz: [
                    864_100_000, 864_300_000, 864_500_000, 864_700_000, 864_900_000, 868_900_000, 869_100_000,
                ],
                maxEIRP: 160,
                spreading: auSpreading
            ),
            plan("CN470", frequenciesHz: steps(from: 486_300_000, count: 8), maxEIRP: 191, spreading: auSpreading),
            plan(
                "EU433",
                frequenciesHz: [433_175_000, 433_375_000, 433_575_000],
                maxEIRP: 121,
                spreading: auSpreading
            ),
        ]
        var table: [RegionName: RegionPlan] = [:]
        for case let plan? in plans { table[plan.region] = plan }
        return table
    }()
}
