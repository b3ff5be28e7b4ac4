@testable import AmityCore
import Testing

/// Districts read from addresses as each country writes them.
@Suite struct OutletDistrictTests {
    @Test func districtsAsEachCountryWritesAddresses() {
        #expect(OutletDistrict.of("臺北市大安區忠孝東路四段 1 號") == "臺北市大安區")
        #expect(OutletDistrict.of("新北市板橋區文化路一段 188 巷") == "新北市板橋區")
        #expect(OutletDistrict.of("臺北市示範路 10 號") == "臺北市", "a road, not a district, after the city")
        #expect(OutletDistrict.of("彰化縣員林市中山路 2 號") == "彰化縣員林市")
        #expect(OutletDistrict.of("서울특별시 강남구 테헤란로 1") == "서울특별시 강남구")
        #expect(OutletDistrict.of("서울특별시 예시로 3") == "서울특별시")
        #expect(OutletDistrict.of("  No. 5, Lane 3,  Taichung ") == "Taichung")
        #expect(OutletDistrict.of("Wagga") == "Wagga" && OutletDistrict.of(" ") == "")
    }
}
