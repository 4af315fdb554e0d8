/// The region plans the simulator transmits on, transcribed from Helium's published region parameters
/// (helium/lorawan-h3 `region_params/*.json`, Apache-2.0; listed in /work/coord/notice-sim.md): ordered 125 kHz
/// channels, `max_eirp` in tenths of dBm and the tagged spreading list of each plan.
///
/// They agree with ``RegionPlan/defaultPlans`` where both exist and add the two plans the defaults lack
/// (`AS923_1C`, `AU915_SB1`, both used by real cities in Helium's region index). EU433 (whose published
/// frequencies are one digit short) and CD900_1A (no city) are not simulated.
public enum SimulationRegionPlans {
    /// The plans by region name.
    public static let plans: [RegionName: RegionPlan] = {
        let us = [
            TaggedSpreading(.sf10, maxPacketSize: 25), TaggedSpreading(.sf9, maxPacketSize: 67),
            TaggedSpreading(.sf8, maxPacketSize: 139), TaggedSpreading(.sf7, maxPacketSize: 256),
        ]
        let eu = [
            TaggedSpreading(.sf12, maxPacketSize: 65), TaggedSpreading(.sf9, maxPacketSize: 129),
            TaggedSpreading(.sf8, maxPacketSize: 238),
        ]
        let asian = [
            TaggedSpreading(.sf12, maxPacketSize: 25), TaggedSpreading(.sf11, maxPacketSize: 25),
            TaggedSpreading(.sf10, maxPacketSize: 25), TaggedSpreading(.sf9, maxPacketSize: 67),
            TaggedSpreading(.sf8, maxPacketSize: 139), TaggedSpreading(.sf7, maxPacketSize: 256),
        ]
        func steps(_ startHz: Int, _ count: Int) -> [Int] { (0..<count).map { startHz + $0 * 200_000 } }
        let rows: [(String, [Int], Int, [TaggedSpreading])] = [
            ("US915", steps(903_900_000, 8), 360, us),
            ("EU868", steps(867_100_000, 8), 161, eu),
            ("AU915", steps(916_800_000, 8), 300, asian),
            ("AU915_SB1", steps(915_200_000, 8), 300, asian),
            ("AS923_1", steps(923_200_000, 8), 160, asian),
            ("AS923_1B", steps(922_000_000, 8), 160, asian),
            ("AS923_1C", steps(923_200_000, 8), 300, asian),
            ("AS923_2", steps(921_400_000, 8), 160, asian),
            ("AS923_3", steps(916_600_000, 8), 160, asian),
            ("AS923_4", steps(917_300_000, 8), 160, asian),
            ("KR920", steps(922_100_000, 7), 140, asian),
            ("IN865", [865_062_500, 865_402_500, 865_985_000], 300, asian),
            (
                "RU864", [864_100_000, 864_300_000, 864_500_000, 864_700_000, 864_900_000, 868_900_000, 869_100_000],
                160, asian
            ),
            ("CN470", steps(486_300_000, 8), 191, asian),
        ]
        var table: [RegionName: RegionPlan] = [:]
        for (name, frequencies, eirp, spreading) in rows {
            guard let region = RegionName(name) else { continue }
            table[region] = RegionPlan(
                region: region,
                channels: frequencies.map {
                    RegionChannel(frequencyHz: $0, bandwidthHz: 125_000, maxEIRPTenthsDBm: eirp, spreading: spreading)
                }
            )
        }
        return table
    }()
}
