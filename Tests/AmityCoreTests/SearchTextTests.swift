import AmityCore
import Foundation
import Testing

@Suite struct SearchTextTests {
    @Test func alphabeticWordsAreFoldedLikeNames() {
        #expect(SearchText.indexTerms("Xi’an's Mask-Distribution, São Paulo") == ["xians", "mask", "distribution", "sao", "paulo"])
    }

    @Test func chineseJapaneseAndKoreanBecomeCharactersAndPairs() {
        #expect(SearchText.indexTerms("發口罩") == ["發", "發口", "口", "口罩", "罩"])
        #expect(SearchText.indexTerms("N95口罩") == ["n95", "口", "口罩", "罩"])
        // A query asks for the pairs of a run, or the one character of a one-character run.
        #expect(SearchText.queryTerms("口罩").map(\.text) == ["口罩"])
        #expect(SearchText.queryTerms("마스크").map(\.text) == ["마스", "스크"])
        #expect(SearchText.queryTerms("罩") == [SearchText.QueryTerm(text: "罩", prefix: false)])
        // Every pair of the query is among the terms of a text that contains it.
        let indexed = Set(SearchText.indexTerms("시민에게 마스크를 나눠주는 방법"))
        #expect(SearchText.queryTerms("마스크").allSatisfy { indexed.contains($0.text) })
        #expect(SearchText.queryTerms("マスク配布").allSatisfy { Set(SearchText.indexTerms("台湾のマスク配布制度")).contains($0.text) })
    }

    @Test func queriesAreWordPrefixesWithoutRepeatsAndBounded() {
        #expect(SearchText.queryTerms("Vacc vacc") == [SearchText.QueryTerm(text: "vacc", prefix: true)])
        #expect(SearchText.queryTerms(String(repeating: "word ", count: 40) + (0..<40).map { "w\($0)" }.joined(separator: " ")).count == 16)
        #expect(SearchText.queryTerms("  ,;  ").isEmpty)
    }

    @Test func documentsRenderForBothDatabasesWithoutAnyQuoteToEscape() {
        let document = SearchDocument(title: "Taiwan's masks", summary: "口罩", tags: ["masks"], body: "Masks again")
        #expect(document.tsvectorLiteral == "'taiwans':1A 'masks':2A,6B,7C '口':3B '口罩':4B '罩':5B 'again':8C")
        #expect(document.fts5Columns == ["taiwans masks", "口 口罩 罩", "masks", "masks again"])
    }
}

@Suite struct PracticeWorkflowTests {
    @Test func practicesMoveOnlyAlongTheWorkflow() throws {
        #expect(try PracticeWorkflow.next(after: .draft, .submit) == .submitted)
        #expect(try PracticeWorkflow.next(after: .returned, .submit) == .submitted)
        #expect(try PracticeWorkflow.next(after: .submitted, .publish) == .published)
        #expect(try PracticeWorkflow.next(after: .submitted, .return) == .returned)
        #expect(try PracticeWorkflow.next(after: .published, .retire) == .retired)
        #expect(throws: DomainError.self) { try PracticeWorkflow.next(after: .draft, .publish) }
        #expect(throws: DomainError.self) { try PracticeWorkflow.next(after: .retired, .confirm) }
        #expect(PracticeStep.return.needsReason && !PracticeStep.publish.byCity && PracticeStep.confirm.byCity)
    }

    @Test func aPracticePastItsDateMayBeOutdated() {
        let day = 86_400.0
        #expect(PracticeFreshness.of(validUntil: nil, now: .init(timeIntervalSince1970: 10 * day)) == .current)
        #expect(PracticeFreshness.of(validUntil: .init(timeIntervalSince1970: 11 * day), now: .init(timeIntervalSince1970: 10 * day)) == .current)
        #expect(PracticeFreshness.of(validUntil: .init(timeIntervalSince1970: 10 * day), now: .init(timeIntervalSince1970: 10 * day)) == .possiblyOutdated)
    }
}
