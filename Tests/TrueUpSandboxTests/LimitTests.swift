import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("Rate limits")
struct LimitTests {
    @Test func everyAPIResponseSaysWhatIsLeft() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let first = try await h.get("Items", token: token)
            #expect(first.header("X-MinLimit-Remaining") == "59")
            #expect(first.header("X-DayLimit-Remaining") == "4999")
            #expect(first.header("X-AppMinLimit-Remaining") == "9999")
            _ = try await h.token()  // OAuth calls do not count.
            let second = try await h.get("Invoices", token: token)
            #expect(second.header("X-MinLimit-Remaining") == "58")
            #expect(second.header("X-DayLimit-Remaining") == "4998")
        }
    }

    @Test func theMinuteLimitRefusesUntilTheOldestCallLeavesTheWindow() async throws {
        try await Harness.with { h in
            h.sandbox.setLimits(XeroRateLimits(perMinute: 3))
            let token = try await h.token()
            for _ in 0..<3 { #expect(try await h.get("Items", token: token).status == 200) }
            let refused = try await h.get("Items", token: token)
            #expect(refused.status == 429)
            #expect(refused.header("X-Rate-Limit-Problem") == "minute")
            #expect(refused.header("Retry-After") == "60")
            #expect(refused.header("X-MinLimit-Remaining") == "0")
            h.clock.advance(59.5)
            let later = try await h.get("Items", token: token)
            #expect(later.status == 429)
            #expect(later.header("Retry-After") == "1")
            h.clock.advance(1)
            let admitted = try await h.get("Items", token: token)
            #expect(admitted.status == 200)
            #expect(admitted.header("X-MinLimit-Remaining") == "2")
            // Refused calls were not counted against the day.
            #expect(admitted.header("X-DayLimit-Remaining") == "4996")
        }
    }

    @Test func theWindowLengthIsConfigurable() async throws {
        var configuration = XeroSandboxConfiguration()
        configuration.limits = XeroRateLimits(perMinute: 1, window: .seconds(5))
        try await Harness.with(configuration: configuration) { h in
            let token = try await h.token()
            #expect(try await h.get("Items", token: token).status == 200)
            let refused = try await h.get("Items", token: token)
            #expect(refused.header("Retry-After") == "5")
            h.clock.advance(5)
            #expect(try await h.get("Items", token: token).status == 200)
        }
    }

    @Test func theDayLimitStopsUntilUTCMidnight() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.useDayCalls(4999)
            let last = try await h.get("Items", token: token)
            #expect(last.status == 200)
            #expect(last.header("X-DayLimit-Remaining") == "0")
            let refused = try await h.get("Items", token: token)
            #expect(refused.status == 429)
            #expect(refused.header("X-Rate-Limit-Problem") == "day")
            // 18:40:00 UTC → midnight is 5 h 20 min away.
            #expect(refused.header("Retry-After") == "19200")
            h.clock.advance(19_200)
            let tomorrow = try await h.get("Items", token: h.token())
            #expect(tomorrow.status == 200)
            #expect(tomorrow.header("X-DayLimit-Remaining") == "4999")
        }
    }

    @Test func atMostFiveCallsAreInFlight() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.hang(.seconds(2)), times: 5)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await h.get("Items", token: token).status }
                }
                // Wait until the five are held, then try a sixth.
                var waits = 0
                while h.sandbox.calls().filter(\.fault).count < 5, waits < 500 {
                    try await Task.sleep(for: .milliseconds(10))
                    waits += 1
                }
                let sixth = try await h.get("Items", token: token)
                #expect(sixth.status == 429)
                #expect(sixth.header("X-Rate-Limit-Problem") == "concurrent")
                #expect(sixth.header("Retry-After") == "1")
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                #expect(statuses == [503, 503, 503, 503, 503])
            }
            #expect(try await h.get("Items", token: token).status == 200)
        }
    }
}
