import Foundation
import TrueUpCore
import TrueUpStore

/// A run as `--json` gives it.
struct RunView: Encodable {
    struct Stage: Encodable {
        var seq: Int
        var stage: String
        var startedAt: Date?
        var finishedAt: Date?
        var durationMs: Int?
        var status: String
        var counts: [String: Int]
        var note: String?

        enum CodingKeys: String, CodingKey {
            case seq, stage, status, counts, note
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case durationMs = "duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seq, forKey: .seq)
            try container.encode(stage, forKey: .stage)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(durationMs, forKey: .durationMs)
            try container.encode(status, forKey: .status)
            try container.encode(counts, forKey: .counts)
            try container.encode(note, forKey: .note)
        }
    }

    struct APICalls: Encodable {
        var made: Int
        var lowerBound: Int
        var bySource: [String: [String: Int]]

        enum CodingKeys: String, CodingKey {
            case made
            case lowerBound = "lower_bound"
            case bySource = "by_source"
        }
    }

    var run: RunRecord
    var figures: RunFigures
    var detail: RunPresenter.Detail?

    init(_ run: RunRecord, detail: RunPresenter.Detail?) {
        self.run = run
        figures = RunFigures(run.counts)
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case id, pair, kind, job, source, period, status, counts, error, holder, stages, corrections
        case asOf = "as_of"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationMs = "duration_ms"
        case exitCode = "exit_code"
        case correctionsSent = "corrections_sent"
        case correctionsAcknowledged = "corrections_acknowledged"
        case conflictsOpened = "conflicts_opened"
        case apiCalls = "api_calls"
        case lease
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run.id, forKey: .id)
        try container.encode(run.pair, forKey: .pair)
        try container.encode(run.kind, forKey: .kind)
        try container.encode(run.job, forKey: .job)
        try container.encode(run.source, forKey: .source)
        try container.encode(run.asOf, forKey: .asOf)
        try container.encode(run.period.description, forKey: .period)
        try container.encode(run.startedAt, forKey: .startedAt)
        try container.encode(run.finishedAt, forKey: .finishedAt)
        let duration: Int? = run.finishedAt.map { RunPresenter.milliseconds(from: run.startedAt, to: $0) }
        try container.encode(duration, forKey: .durationMs)
        try container.encode(run.status.rawValue, forKey: .status)
        try container.encode(run.exitCode, forKey: .exitCode)
        try container.encode(run.error, forKey: .error)
        try container.encode(run.holder, forKey: .holder)
        try container.encode(figures.sent, forKey: .correctionsSent)
        try container.encode(figures.acknowledged, forKey: .correctionsAcknowledged)
        try container.encode(figures.conflictsOpened, forKey: .conflictsOpened)
        let calls = figures.calls
        var bySource: [String: [String: Int]] = [:]
        for source in calls.sources {
            var figures: [String: Int] = ["made": source.made]
            if let bound = source.lowerBound { figures["lower_bound"] = bound }
            bySource[source.key] = figures
        }
        try container.encode(
            APICalls(made: calls.made, lowerBound: calls.lowerBound, bySource: bySource), forKey: .apiCalls)
        try container.encode(run.counts, forKey: .counts)
        guard let detail else { return }
        var stages: [Stage] = []
        for stage in detail.stages {
            var duration: Int?
            if let start = stage.startedAt, let end = stage.finishedAt {
                duration = RunPresenter.milliseconds(from: start, to: end)
            }
            stages.append(
                Stage(
                    seq: stage.seq, stage: stage.stage, startedAt: stage.startedAt, finishedAt: stage.finishedAt,
                    durationMs: duration, status: stage.status.rawValue, counts: stage.counts, note: stage.note))
        }
        try container.encode(stages, forKey: .stages)
        try container.encode(detail.corrections, forKey: .corrections)
        var held: [String: String]?
        if let lease = detail.lease, lease.runID == run.id {
            held = [
                "holder": lease.holder, "holder_description": lease.holderDescription,
                "expires_at": ISOTimestamp.format(lease.expiresAt),
            ]
        }
        try container.encode(held, forKey: .lease)
    }
}
