import Testing
import XeroKit

@Suite struct PacingModelTests {
    @Test func neverMoreThanTheMinuteLimitInAnyWindow() {
        var model = PacingModel(limits: XeroLimits(concurrent: 5, perMinute: 60, window: .seconds(60), margin: .zero))
        var starts: [Duration] = []
        var now = Duration.zero
        for _ in 0..<250 {
            guard let start = model.earliestStart(at: now) else {
                model.end(at: now, minuteRemaining: nil, dayRemaining: nil)
                continue
            }
            now = start
            model.begin(at: now)
            starts.append(now)
            // Each call takes 200 ms.
            model.end(at: now + .milliseconds(200), minuteRemaining: nil, dayRemaining: nil)
        }
        for (index, start) in starts.enumerated() where index >= 60 {
            #expect(start - starts[index - 60] >= .seconds(60), "call \(index) came too soon")
        }
        // Bursts of 60, then 60 more a minute later: 250 calls take four full windows.
        #expect(starts.last! >= .seconds(240))
        #expect(starts.last! < .seconds(241))
    }

    @Test func noMoreThanTheConcurrentLimitInFlight() {
        var model = PacingModel(limits: XeroLimits(concurrent: 5))
        for _ in 0..<5 {
            let start = model.earliestStart(at: .zero)
            #expect(start == .zero)
            model.begin(at: .zero)
        }
        #expect(model.earliestStart(at: .zero) == nil)
        model.end(at: .milliseconds(10), minuteRemaining: 55, dayRemaining: 4995)
        #expect(model.earliestStart(at: .milliseconds(10)) == .milliseconds(10))
    }

    @Test func callsMadeElsewhereShrinkTheShare() {
        var model = PacingModel(limits: XeroLimits(concurrent: 5, perMinute: 60, margin: .zero))
        model.begin(at: .zero)
        // The server counts 50 calls in its window: 49 were made by someone else.
        model.end(at: .milliseconds(100), minuteRemaining: 10, dayRemaining: 100)
        for _ in 0..<10 {
            #expect(model.earliestStart(at: .milliseconds(100)) == .milliseconds(100))
            model.begin(at: .milliseconds(100))
            model.end(at: .milliseconds(100), minuteRemaining: nil, dayRemaining: nil)
        }
        // Eleven made here and 49 elsewhere: the next waits until a window has passed since the
        // first one's answer (at 100 ms).
        #expect(model.earliestStart(at: .milliseconds(100)) == .milliseconds(60_100))
    }

    @Test func aMinute429PausesEveryone() {
        var model = PacingModel(limits: .standard)
        model.pause(until: .seconds(7))
        #expect(model.earliestStart(at: .seconds(1)) == .seconds(7))
    }

    @Test func aSpentDayIsKnownFromTheHeader() {
        var model = PacingModel(limits: .standard)
        #expect(!model.dayExhausted)
        model.begin(at: .zero)
        model.end(at: .zero, minuteRemaining: 59, dayRemaining: 0)
        #expect(model.dayExhausted)
    }
}

@Suite struct PacingArithmeticTests {
    @Test func sequentialCallsUnderTheLimitTakeTheirLatency() {
        let latencies = Array(repeating: Duration.milliseconds(250), count: 40)
        #expect(PacingModel.sequentialWallTime(latencies: latencies, limits: .standard) == .seconds(10))
    }

    @Test func sequentialCallsOverTheLimitWaitForTheWindow() {
        let limits = XeroLimits(margin: .zero)
        let latencies = Array(repeating: Duration.milliseconds(100), count: 121)
        // 60 calls take 6 s; the 61st waits a window from the first one's answer (0.1 s + 60 s), the
        // 121st a window from the 61st's (60.2 s + 60 s), and takes its own 0.1 s.
        #expect(PacingModel.sequentialWallTime(latencies: latencies, limits: limits) == .milliseconds(120_300))
        #expect(PacingModel.lowerBound(calls: 121, limits: limits) == .seconds(120))
        #expect(PacingModel.lowerBound(calls: 60, limits: limits) == .zero)
        #expect(PacingModel.lowerBound(calls: 61, limits: limits) == .seconds(60))
    }
}
