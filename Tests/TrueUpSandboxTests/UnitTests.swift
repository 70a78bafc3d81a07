import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("Sandbox internals")
struct UnitTests {
    @Test(arguments: [
        ("12.345", 2, Int64(1235)), ("-12.345", 2, -1235), ("12.344", 2, 1234), ("1e2", 2, 10_000),
        ("0.00005", 4, 1), ("0.00004", 4, 0),
    ])
    func parsingRoundsHalfAwayFromZero(text: String, scale: Int, expected: Int64) {
        #expect(ExactDecimal.parse(text, scale: scale) == expected)
    }

    @Test func theWhereGrammarReadsNestingAndPrecedence() throws {
        let filter = try XeroWhere.parse(#"Type=="ACCREC" OR Type=="ACCPAY" AND Total>5"#)
        // AND binds tighter than OR.
        #expect(filter.matches(JSONObject(["Type": .string("ACCREC"), "Total": .number("1")])))
        #expect(!filter.matches(JSONObject(["Type": .string("ACCPAY"), "Total": .number("1")])))
        let missing = try XeroWhere.parse(#"Reference!="x" AND Reference==null"#)
        #expect(missing.matches(JSONObject()))
        let error = #expect(throws: XeroWhere.ParseError.self) { try XeroWhere.parse(#"Type=="ACCREC" ANDD Total>1"#) }
        #expect(error?.description.contains("character 16") == true)
    }

    @Test func stableIDsAreGUIDsThatRepeat() {
        let id = XeroJSON.stableID("Accounts:090")
        #expect(UUID(uuidString: id) != nil)
        #expect(id == XeroJSON.stableID("Accounts:090"))
        #expect(id != XeroJSON.stableID("Accounts:200"))
    }

    @Test func theRateLimiterReleasesConcurrencySlots() {
        var limiter = XeroRateLimiter(limits: XeroRateLimits(concurrent: 1))
        let now = Date(timeIntervalSince1970: 1_795_200_000)
        #expect(limiter.admit(now: now) == .admitted(.init(minute: 59, day: 4999, appMinute: 9999)))
        guard case .refused(let problem, _, _) = limiter.admit(now: now) else {
            Issue.record("a second call was admitted")
            return
        }
        #expect(problem == "concurrent")
        limiter.release()
        #expect(limiter.admit(now: now) == .admitted(.init(minute: 58, day: 4998, appMinute: 9998)))
    }
}

@Suite struct SeedFolderTests {
    @Test func aMissingScenarioFolderIsAnErrorNotAnEmptyOrganisation() {
        #expect(throws: TrueUpError.self) {
            _ = try XeroSandbox(scenario: "/nonexistent/scenario")
        }
    }
}
