@testable import AmityCore
import Testing

@Suite struct SearchKeyTests {
    @Test(arguments: [
        ("Xi’an", "xian"), ("XI'AN", "xian"), ("Poznań", "poznan"), ("São Paulo", "sao paulo"),
        ("Ｔａｉｐｅｉ", "taipei"), ("Wagga-Wagga", "wagga wagga"), ("  New   Taipei  ", "new taipei"),
        ("Straße", "strasse"), ("Łódź", "lodz"), ("臺中市", "臺中市"), ("タイチュウ", "タイチュウ"), ("타이중 시", "타이중 시"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(SearchKey.of(input) == expected)
    }

    @Test func punctuationOnlyLeavesNothing() {
        #expect(SearchKey.of(" -' ") == "")
    }

    @Test func upperBoundCoversEveryContinuation() {
        let bound = SearchKey.upperBound(ofPrefix: "台中")
        #expect("台中" < bound)
        #expect("台中市" < bound)
        #expect("台丰" > "台中" || "台丰" >= bound)
        #expect(!("台久" < bound && "台久" >= "台中"))
    }
}

@Suite struct SearchKeyASCIITests {
    /// The quick path for ASCII text gives exactly what Foundation's folding gives.
    @Test(arguments: ["Xi'an", "NEW TAIPEI CITY", "  Wagga-Wagga  ", "N95 masks, 2020!", "a`b'c", "Tab\there\nnewline", "~!@#$%^&*()_+{}|:\"<>?", ""])
    func asciiMatchesFolding(_ text: String) {
        #expect(SearchKey.ascii(text) == SearchKey.folded(text))
    }
}
