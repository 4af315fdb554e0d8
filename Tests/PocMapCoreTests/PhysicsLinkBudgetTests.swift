import Testing

@testable import PocMapCore

@Suite("Physics: link budget")
struct PhysicsLinkBudgetTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance + 1e-9 }

    @Test(
        "sensitivity at 125 kHz, NF 6 dB (RADIO §8 table, ±0.05 dBm) and required SNR (exact)",
        arguments: [
            (7, -7.5, -124.5), (8, -10, -127.0), (9, -12.5, -129.5), (10, -15, -132.0), (11, -17.5, -134.5),
            (12, -20, -137.0),
        ]
    )
    func sensitivity(sf: Int, snr: Double, expected: Double) throws {
        let modulation = try #require(LoRaModulation(spreadingFactor: sf))
        #expect(modulation.requiredSNRDB == snr)
        #expect(close(modulation.sensitivityDBm(), expected, 0.05))
    }

    @Test("noise floor −174 + 10·log10(BW) + NF: −117.03 dBm at 125 kHz, −111.01 at 500 kHz (hand-computed, ±0.005)")
    func noiseFloor() throws {
        let narrow = try #require(LoRaModulation(spreadingFactor: 9, bandwidthHz: 125_000))
        let wide = try #require(LoRaModulation(spreadingFactor: 9, bandwidthHz: 500_000))
        #expect(close(narrow.noiseFloorDBm(), -117.03, 0.005))
        #expect(close(wide.noiseFloorDBm(), -111.01, 0.005))
        // SNR of a −100 dBm signal at 125 kHz: 17.03 dB.
        #expect(close(LinkBudget.snrDB(rssiDBm: -100, bandwidthHz: 125_000), 17.03, 0.005))
        // SNR equals the required SNR exactly at the sensitivity.
        #expect(
            close(LinkBudget.snrDB(rssiDBm: narrow.sensitivityDBm(), bandwidthHz: 125_000), narrow.requiredSNRDB, 1e-9)
        )
    }

    @Test("modulations outside SF7–12 or with no bandwidth are refused")
    func invalidModulation() {
        #expect(LoRaModulation(spreadingFactor: 6) == nil)
        #expect(LoRaModulation(spreadingFactor: 13) == nil)
        #expect(LoRaModulation(spreadingFactor: 9, bandwidthHz: 0) == nil)
    }

    @Test("MAPL example: 16 dBm EIRP, 3 dBi, 1 dB cable, SF12 → 155 dB; 90 % with σ 7.8 → 145 dB (RADIO §8, ±0.05)")
    func maximumAllowablePathLoss() throws {
        let sf12 = try #require(LoRaModulation(spreadingFactor: 12))
        let median = LinkBudget.maximumAllowablePathLossDB(
            eirpDBm: 16,
            receiverGainDBi: 3,
            receiverCableLossDB: 1,
            sensitivityDBm: sf12.sensitivityDBm()
        )
        #expect(close(median, 155, 0.05))
        let margin = LogDistance.oulu.fadeMarginDB(z: 1.28)
        let p90 = LinkBudget.maximumAllowablePathLossDB(
            eirpDBm: 16,
            receiverGainDBi: 3,
            receiverCableLossDB: 1,
            sensitivityDBm: sf12.sensitivityDBm(),
            fadeMarginDB: margin
        )
        #expect(close(p90, 145, 0.05))
    }

    @Test("EIRP, ERP and Helium unit conversions (RADIO §1, §8)")
    func conversions() {
        // EU868: 14 dBm ERP ≈ 16 dBm EIRP (16.15).
        #expect(close(LinkBudget.eirpDBm(erpDBm: 14), 16.15, 1e-9))
        #expect(close(LinkBudget.erpDBm(eirpDBm: 16.15), 14, 1e-9))
        // US915: 30 dBm conducted with a 6 dBi antenna → 36 dBm EIRP.
        #expect(LinkBudget.eirpDBm(conductedPowerDBm: 30, antennaGainDBi: 6) == 36)
        #expect(close(LinkBudget.eirpDBm(conductedPowerDBm: 27, antennaGainDBi: 1.2, cableLossDB: 0.5), 27.7, 1e-9))
        #expect(LinkBudget.dBi(tenths: 12) == 1.2)
        #expect(LinkBudget.dBm(tenths: -1060) == -106)
        let rssi = LinkBudget.receivedPowerDBm(
            eirpDBm: 27.7,
            receiverGainDBi: 3,
            receiverCableLossDB: 0.5,
            pathLossDB: 130
        )
        #expect(close(rssi, -99.8, 1e-9))
    }
}
