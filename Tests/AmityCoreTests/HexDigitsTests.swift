import AmityCore
import Testing

@Suite struct HexDigitsTests {
    @Test func bytesReadAsTheirDigits() {
        #expect(([0x00, 0x0F, 0xA5, 0xFF, 0x10] as [UInt8]).hexDigits == "000fa5ff10")
        #expect([UInt8]().hexDigits == "")
    }

    @Test func everyByteIsTwoLowerCaseDigits() {
        let all = (0...255).map(UInt8.init).hexDigits
        #expect(all.count == 512)
        for value in 0...255 {
            let start = all.index(all.startIndex, offsetBy: value * 2)
            #expect(UInt8(all[start..<all.index(start, offsetBy: 2)], radix: 16) == UInt8(value))
        }
        #expect(all == all.lowercased())
    }
}
