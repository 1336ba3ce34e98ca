@testable import DemoTraffic
import Testing
import TestSupport

struct SeededValuesTests {
    /// The published SplitMix64 reference stream for seed 1234567 (Vigna's splitmix64.c): replayed tests depend on
    /// every bit of it.
    @Test func splitMix64FollowsTheReferenceStream() {
        var generator = SplitMix64(seed: 1_234_567)
        let stream = (0..<5).map { _ in generator.next() }
        #expect(stream == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                           4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    /// `--demo --seed N` keeps its own copy of the generator; both give the same numbers and UIDs.
    @Test(arguments: [0, 1, 7, 0xDEAD_BEEF] as [UInt64])
    func theDemoGeneratorIsTheSameStream(seed: UInt64) {
        var ours = SplitMix64(seed: seed)
        var demo = SeededGenerator(seed: seed)
        #expect((0..<64).map { _ in ours.next() } == (0..<64).map { _ in demo.next() })
        #expect(ours.uid() == demo.uid())
    }

    /// 2.25 UIDs (PS3.5 §B.2): the decimal form of a version 4 UUID, at most 64 characters, no leading zero.
    @Test func testUIDsAreValidAndUnique() {
        var generator = SplitMix64(seed: 7)
        var again = SplitMix64(seed: 7)
        let seeded = generator.uid()
        #expect(seeded == again.uid(), "the same seed, the same UID")
        let uids = [seeded, TestUID.unique(), TestUID.unique(), TestUID.derived(from: 0), TestUID.derived(from: .max)]
        #expect(Set(uids).count == uids.count)
        for uid in uids {
            #expect(uid.hasPrefix("2.25.") && uid.count <= 64, "\(uid)")
            let digits = String(uid.dropFirst(5))
            #expect(digits.first != "0" && digits.allSatisfy(\.isASCII), "\(uid)")
            guard let value = UInt128(digits, radix: 10) else {
                Issue.record("not a 128-bit decimal: \(uid)")
                continue
            }
            #expect((value >> 76) & 0xF == 4, "version 4: \(uid)")
            #expect((value >> 62) & 0x3 == 2, "variant 10: \(uid)")
        }
    }
}
